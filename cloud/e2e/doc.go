// Package e2e holds the end-to-end tests of history sync: real cmdai daemons, each in its own home,
// syncing through a real cmdai API server backed by PostgreSQL and Redis.
package e2e
