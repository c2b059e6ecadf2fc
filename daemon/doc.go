// Package daemon runs the background process that keeps models warm and serves the TUI, the shell popup
// and one-shot queries over the IPC socket. It alone opens the store; `--no-daemon` loads models in the
// client's own process too, without history.
package daemon
