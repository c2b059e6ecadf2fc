// Package apitype holds the cloud API's wire types: the JSON bodies that cmdai-server (cloud/api) reads
// and writes and that cloud/client sends and decodes, declared once so that the two cannot drift. It
// imports only the standard library; field order is the order the server writes, and is part of the API.
package apitype
