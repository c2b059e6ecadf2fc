// Package cloud is the cmdai cloud API (accounts, history sync, teams and shared patterns) and the client
// the daemon syncs with.
package cloud
