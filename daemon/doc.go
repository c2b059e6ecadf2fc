// Package daemon runs the background process that keeps models warm and serves the TUI, the shell popup
// and one-shot queries over the IPC socket; it alone opens the store and loads models.
package daemon
