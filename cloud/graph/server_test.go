package graph

import (
	"context"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
)

// The depth bound counts nesting through fragments, and refuses a query past it before it runs.
func TestDepthLimit(t *testing.T) {
	schema := NewExecutableSchema(Config{Resolvers: &Resolver{}}).Schema()
	for _, c := range []struct {
		query string
		depth int
	}{
		{`{ me { email } }`, 2},
		{`{ team(id: "x") { members { user { email } } } }`, 4},
		{`{ organizations { teams { analytics { topPatterns { pattern } } } } }`, 5},
		{`fragment U on User { email } fragment M on TeamMember { user { ...U } } { teams { members { ...M } } }`, 4},
		{`{ teams { ... on Team { members { user { id } } } } }`, 4},
	} {
		doc, errs := gqlparser.LoadQueryWithRules(schema, c.query, nil)
		if errs != nil {
			t.Fatalf("%s: %v", c.query, errs)
		}
		op := doc.Operations[0]
		if got := selectionDepth(op.SelectionSet, 0, 100); got != c.depth {
			t.Errorf("%s: depth %d, want %d", c.query, got, c.depth)
		}
		for limit, refused := range map[int]bool{c.depth: false, c.depth - 1: true} {
			err := depthLimit{max: limit}.MutateOperationContext(context.Background(), &graphql.OperationContext{Operation: op})
			if (err != nil) != refused || refused && !strings.Contains(err.Message, "levels deep") {
				t.Errorf("%s under a bound of %d: %v", c.query, limit, err)
			}
		}
	}
}
