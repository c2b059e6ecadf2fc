// Package ipc is the contract between cmdai's clients and its daemon: wire types, the protocol version,
// the socket path and the typed client. It imports no other cmdai package.
package ipc
