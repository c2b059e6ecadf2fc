package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// The bounds every query is held to before it runs.
const (
	// MaxDepth is how deeply selections may nest (team → members → user → email is 4).
	MaxDepth = 10
	// MaxComplexity bounds a query's cost: one a field, a list field's children times the most it
	// returns (its limit argument, or an estimate for lists without one).
	MaxComplexity = 5000
)

// Estimates of how many items a list without a limit argument returns, for the complexity bound.
const (
	estimateMembers = 20
	estimateTeams   = 10
	estimateDays    = 31
)

// NewServer returns the executor for the schema over r: POST with a JSON body only, introspection on,
// parsed queries cached, and every query held to MaxDepth and MaxComplexity. Each request's context
// must carry WithViewer.
func NewServer(r *Resolver) *handler.Server {
	cfg := Config{Resolvers: r}
	c := &cfg.Complexity
	times := func(n *int, def int) func(child int) int {
		return func(child int) int {
			k := def
			if n != nil && *n > 0 {
				k = *n
			}
			return 1 + k*child
		}
	}
	c.Team.CommandHistory = func(child int, limit *int, _, _, _ *string, _ *bool) int { return times(limit, 50)(child) }
	c.Team.Patterns = func(child int, limit *int) int { return times(limit, 50)(child) }
	c.Team.Members = func(child int) int { return 1 + estimateMembers*child }
	c.Team.Analytics = func(child int, _ *int) int { return 10 + child }
	c.TeamAnalytics.TopPatterns = func(child int, limit *int) int { return times(limit, 10)(child) }
	c.TeamAnalytics.CommandsPerDay = func(child int) int { return 1 + estimateDays*child }
	c.Organization.Audit = func(child int, limit *int) int { return 50 + child }
	c.AuditLog.Recent = func(child int) int { return 1 + 50*child }
	c.Organization.Members = func(child int) int { return 1 + estimateMembers*child }
	c.Organization.Teams = func(child int) int { return 1 + estimateTeams*child }
	c.Query.Teams = func(child int) int { return 1 + estimateTeams*child }
	c.Query.Organizations = func(child int) int { return 1 + estimateTeams*child }

	srv := handler.New(NewExecutableSchema(cfg))
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](256))
	srv.Use(extension.Introspection{})
	srv.Use(depthLimit{max: MaxDepth})
	srv.Use(extension.FixedComplexityLimit(MaxComplexity))
	return srv
}

// depthLimit refuses a query whose selections nest deeper than max, fragments followed.
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (d depthLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if depth := selectionDepth(oc.Operation.SelectionSet, 0, d.max); depth > d.max {
		err := gqlerror.Errorf("the query nests %d levels deep or more; the most is %d", depth, d.max)
		err.Extensions = map[string]any{"code": "DEPTH_LIMIT_EXCEEDED", "max": d.max}
		return err
	}
	return nil
}

// selectionDepth returns how deeply set nests below depth, stopping once past limit (so a fragment that
// spreads itself cannot loop).
func selectionDepth(set ast.SelectionSet, depth, limit int) int {
	if depth > limit {
		return depth
	}
	deepest := depth
	for _, s := range set {
		var d int
		switch s := s.(type) {
		case *ast.Field:
			if len(s.SelectionSet) == 0 {
				d = depth + 1
			} else {
				d = selectionDepth(s.SelectionSet, depth+1, limit)
			}
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, depth, limit)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				d = selectionDepth(s.Definition.SelectionSet, depth, limit)
			}
		default:
			panic(fmt.Sprintf("graph: unknown selection %T", s))
		}
		deepest = max(deepest, d)
	}
	return deepest
}
