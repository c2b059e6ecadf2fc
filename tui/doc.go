// Package tui is cmdai's full-screen terminal interface: one root bubbletea model, its components and theme.
package tui
