package graph

import (
	"context"
	"errors"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

// loaderWait is how long a dataloader gathers keys before it queries: the fields of one level of a
// query are resolved concurrently and ask within microseconds of each other.
const loaderWait = 2 * time.Millisecond

// loaders are one request's dataloaders: each batches the keys its fields ask for into one query and
// caches the answers for the rest of the request, so that checking a membership again on every field
// costs no query after the first.
type loaders struct {
	teams       *dataloadgen.Loader[string, Team]
	teamMembers *dataloadgen.Loader[string, []TeamMember]
	orgs        *dataloadgen.Loader[string, Organization]
	orgMembers  *dataloadgen.Loader[string, []OrgMember]
	orgTeams    *dataloadgen.Loader[string, []Team]
	users       *dataloadgen.Loader[string, User]
}

func newLoaders(db pgstore.Querier, viewer string) *loaders {
	wait := dataloadgen.WithWait(loaderWait)
	return &loaders{
		teams: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]Team, error) {
			ts, err := teamsByID(ctx, db, viewer, ids)
			return byKey(ts, err, func(t Team) string { return t.ID })
		}, wait),
		teamMembers: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string][]TeamMember, error) {
			ms, err := membersOfTeams(ctx, db, ids)
			return groupBy(ids, ms, err, func(m teamMember) (string, TeamMember) { return m.teamID, m.TeamMember })
		}, wait),
		orgs: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]Organization, error) {
			os, err := orgsByID(ctx, db, viewer, ids)
			return byKey(os, err, func(o Organization) string { return o.ID })
		}, wait),
		orgMembers: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string][]OrgMember, error) {
			ms, err := membersOfOrgs(ctx, db, ids)
			return groupBy(ids, ms, err, func(m orgMember) (string, OrgMember) { return m.orgID, m.OrgMember })
		}, wait),
		orgTeams: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string][]Team, error) {
			ts, err := teamsOfOrgs(ctx, db, viewer, ids)
			return groupBy(ids, ts, err, func(t orgTeam) (string, Team) { return t.orgID, t.Team })
		}, wait),
		users: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]User, error) {
			us, err := usersByID(ctx, db, ids)
			return byKey(us, err, func(u User) string { return u.ID })
		}, wait),
	}
}

func byKey[V any](vs []V, err error, key func(V) string) (map[string]V, error) {
	if err != nil {
		return nil, err
	}
	out := make(map[string]V, len(vs))
	for _, v := range vs {
		out[key(v)] = v
	}
	return out, nil
}

// groupBy groups rows by key; every id asked for gets a list, empty when no row has it.
func groupBy[R, V any](ids []string, rows []R, err error, split func(R) (string, V)) (map[string][]V, error) {
	if err != nil {
		return nil, err
	}
	out := make(map[string][]V, len(ids))
	for _, id := range ids {
		out[id] = []V{}
	}
	for _, r := range rows {
		k, v := split(r)
		out[k] = append(out[k], v)
	}
	return out, nil
}

// isNotFound reports whether a loader found no row for the key.
func isNotFound(err error) bool { return errors.Is(err, dataloadgen.ErrNotFound) }

type requestKey struct{}

// request is what one GraphQL request carries: who asks, and the loaders that answer for them.
type request struct {
	viewer  string
	loaders *loaders
}

// WithViewer returns ctx carrying the signed-in user the request answers for, and fresh dataloaders.
// Every request to the executor must carry one.
func WithViewer(ctx context.Context, db pgstore.Querier, userID string) context.Context {
	return context.WithValue(ctx, requestKey{}, &request{viewer: userID, loaders: newLoaders(db, userID)})
}

// ErrNoViewer is a request that reached the executor without WithViewer.
var ErrNoViewer = errors.New("graphql: the request carries no signed-in user")

func from(ctx context.Context) (*request, error) {
	r, ok := ctx.Value(requestKey{}).(*request)
	if !ok {
		return nil, ErrNoViewer
	}
	return r, nil
}
