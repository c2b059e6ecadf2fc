// Package daemontest shows, against a real cmdai-server API and PostgreSQL, that a cmdai daemon which
// kept an organisation's audit checkpoint detects a history rewritten or cut by whoever runs the
// database. It holds tests only.
package daemontest
