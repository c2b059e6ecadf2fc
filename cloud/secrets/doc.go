// Package secrets is where cmdai-server gets its secret settings and how it keeps its own secrets at rest.
//
// Lookup reads a secret setting from the environment (NAME) or from a file (NAME_FILE, the Docker and
// Kubernetes secrets convention). A Keyring seals values such as integration credentials, SSO client
// secrets and SIEM tokens with AES-256-GCM envelope encryption: each value gets a fresh data key, and the
// data key is wrapped by a key-encryption key named by an id, so rotating the key-encryption key re-wraps
// data keys and never re-encrypts the values themselves.
package secrets
