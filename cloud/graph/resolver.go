// Package graph is the cloud's GraphQL API (POST /api/graphql): the schema in schema.graphqls, the
// executor gqlgen generates from it (exec_gen.go, models_gen.go), and resolvers that answer for the
// signed-in user only, checking team and organisation membership on every field that crosses from one
// object to another, and reading through per-request dataloaders so that a query costs a bounded number
// of SQL queries whatever the number of objects it reaches.
package graph

//go:generate go run github.com/99designs/gqlgen generate --config gqlgen.yml

import (
	"context"
	"crypto/ed25519"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Resolver answers the schema's fields. It holds only what lives as long as the server; what belongs to
// one request (the viewer, the dataloaders) travels in the request's context (WithViewer).
type Resolver struct {
	DB *pgxpool.Pool
	// AuditKey returns the key the audit log's checkpoints are signed with.
	AuditKey func(context.Context) (ed25519.PrivateKey, error)
}
