// Package store persists history, patterns, the sync outbox and settings in badger; only the daemon uses it.
package store
