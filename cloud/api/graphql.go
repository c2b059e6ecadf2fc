package api

import (
	"context"
	"crypto/ed25519"
	"net/http"

	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/graph"
)

// graphqlPath is where the GraphQL API answers (POST only), beside the REST API rather than under
// /api/v1 as the seed places it.
const graphqlPath = "/api/graphql"

// graphqlRoutes is the GraphQL API: one route, behind the same authentication and rate limits as the
// REST routes (a login session, or an API key with the teams:read scope), answering for the caller only
// (package graph checks team and organisation membership on every field that crosses objects).
func (h *handler) graphqlRoutes() []route {
	srv := graph.NewServer(&graph.Resolver{DB: h.db, AuditKey: func(ctx context.Context) (ed25519.PrivateKey, error) {
		return h.orgs.SigningKey(ctx)
	}})
	serve := func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, h.maxBytes)
		ctx := graph.WithViewer(r.Context(), h.db, principal(r.Context()).UserID)
		srv.ServeHTTP(w, r.WithContext(ctx))
	}
	return []route{newRoute("POST", graphqlPath, auth.ScopeTeamsRead, serve)}
}
