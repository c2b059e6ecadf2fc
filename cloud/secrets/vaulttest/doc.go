// Package vaulttest tests the secrets package's Vault source against a real Vault server: Vault's own
// in-process test server (github.com/hashicorp/vault/vault and .../http), with the KV version 2 engine
// mounted. It is a module of its own so that the server's dependencies stay out of cmdai's go.mod: the
// module holds only this test, and 'task test' runs it.
package vaulttest
