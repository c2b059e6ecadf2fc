package graph

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

// The queries the resolvers make. Every list query takes a batch of keys (= ANY($n)) so that a
// dataloader answers many objects with one query; every query that reads a team or an organisation
// joins the viewer's membership, so that a row comes back only for a member.

func displayName(name, email string) string {
	if name != "" {
		return name
	}
	return email
}

// validIDs keeps the ids that are uuids: another string names no row, and PostgreSQL would refuse the
// whole batch for it.
func validIDs(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if pgstore.IsUUID(id) {
			out = append(out, id)
		}
	}
	return out
}

// collect scans every row with scan, closing rows.
func collect[T any](rows pgx.Rows, err error, what string, scan func(pgx.Rows) (T, error)) ([]T, error) {
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load %s: %w", what, err)
	}
	return out, nil
}

const teamSelect = `SELECT t.id, t.name, t.slug, t.plan, t.created_at, m.role
	FROM teams t JOIN team_members m ON m.team_id = t.id AND m.user_id = $1`

func scanTeam(rows pgx.Rows) (Team, error) {
	var t Team
	err := rows.Scan(&t.ID, &t.Name, &t.Slug, &t.Plan, &t.CreatedAt, &t.ViewerRole)
	return t, err
}

// teamsByID returns the teams among ids that viewer belongs to, with viewer's role.
func teamsByID(ctx context.Context, q pgstore.Querier, viewer string, ids []string) ([]Team, error) {
	rows, err := q.Query(ctx, teamSelect+` WHERE t.id = ANY($2::uuid[])`, viewer, validIDs(ids))
	return collect(rows, err, "teams", scanTeam)
}

// teamsOfViewer returns the teams viewer belongs to, oldest membership first.
func teamsOfViewer(ctx context.Context, q pgstore.Querier, viewer string) ([]Team, error) {
	rows, err := q.Query(ctx, teamSelect+` ORDER BY m.created_at, t.id`, viewer)
	return collect(rows, err, "teams", scanTeam)
}

// teamsOfOrgs returns the teams of the organisations that viewer belongs to, by organisation.
func teamsOfOrgs(ctx context.Context, q pgstore.Querier, viewer string, orgIDs []string) ([]orgTeam, error) {
	rows, err := q.Query(ctx,
		`SELECT t.organization_id, t.id, t.name, t.slug, t.plan, t.created_at, m.role
		 FROM teams t JOIN team_members m ON m.team_id = t.id AND m.user_id = $1
		 WHERE t.organization_id = ANY($2::uuid[]) ORDER BY t.name, t.id`, viewer, validIDs(orgIDs))
	return collect(rows, err, "teams", func(rows pgx.Rows) (orgTeam, error) {
		var o orgTeam
		err := rows.Scan(&o.orgID, &o.ID, &o.Name, &o.Slug, &o.Plan, &o.CreatedAt, &o.ViewerRole)
		return o, err
	})
}

type orgTeam struct {
	orgID string
	Team
}

type teamMember struct {
	teamID string
	TeamMember
}

// membersOfTeams returns the members of the teams, owners first, then by when they joined.
func membersOfTeams(ctx context.Context, q pgstore.Querier, teamIDs []string) ([]teamMember, error) {
	rows, err := q.Query(ctx,
		`SELECT m.team_id, u.id, u.email, u.display_name, m.role, m.created_at
		 FROM team_members m JOIN users u ON u.id = m.user_id
		 WHERE m.team_id = ANY($1::uuid[])
		 ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, m.created_at, m.user_id`,
		validIDs(teamIDs))
	return collect(rows, err, "members", func(rows pgx.Rows) (teamMember, error) {
		var m teamMember
		var name string
		err := rows.Scan(&m.teamID, &m.User.ID, &m.User.Email, &name, &m.Role, &m.JoinedAt)
		m.User.Name = displayName(name, m.User.Email)
		return m, err
	})
}

// usersByID returns the users among ids.
func usersByID(ctx context.Context, q pgstore.Querier, ids []string) ([]User, error) {
	rows, err := q.Query(ctx, `SELECT id, email, display_name FROM users WHERE id = ANY($1::uuid[])`, validIDs(ids))
	return collect(rows, err, "users", func(rows pgx.Rows) (User, error) {
		var u User
		var name string
		err := rows.Scan(&u.ID, &u.Email, &name)
		u.Name = displayName(name, u.Email)
		return u, err
	})
}

// teamHistory is the filter of a team's command history.
type teamHistory struct {
	teamID   string
	limit    int
	userID   string
	risk     string
	search   string
	executed *bool
}

// teamCommands is the team's history: its members' commands made since each joined, newest first.
func teamCommands(ctx context.Context, q pgstore.Querier, f teamHistory) ([]Command, error) {
	var user, risk, search *string
	if f.userID != "" {
		if !pgstore.IsUUID(f.userID) {
			return nil, nil
		}
		user = &f.userID
	}
	if f.risk != "" {
		risk = &f.risk
	}
	if f.search != "" {
		s := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(f.search) + "%"
		search = &s
	}
	rows, err := q.Query(ctx,
		`SELECT c.id, c.command, c.prompt, c.shell, c.risk, c.backend, c.created_at, c.executed_at,
		        c.exit_code, c.duration_ms, u.id, u.email, u.display_name
		 FROM team_members m
		 JOIN commands c ON c.user_id = m.user_id AND c.created_at >= m.created_at
		 JOIN users u ON u.id = m.user_id
		 WHERE m.team_id = $1
		   AND ($2::uuid IS NULL OR m.user_id = $2)
		   AND ($3::text IS NULL OR c.risk = $3)
		   AND ($4::text IS NULL OR c.command ILIKE $4 OR c.prompt ILIKE $4)
		   AND ($5::boolean IS NULL OR (c.executed_at IS NOT NULL) = $5)
		 ORDER BY c.created_at DESC, c.id DESC LIMIT $6`,
		f.teamID, user, risk, search, f.executed, f.limit)
	return collect(rows, err, "command history", func(rows pgx.Rows) (Command, error) {
		var c Command
		var name string
		err := rows.Scan(&c.ID, &c.Command, &c.Prompt, &c.Shell, &c.Risk, &c.Backend, &c.CreatedAt, &c.ExecutedAt,
			&c.ExitCode, &c.DurationMs, &c.User.ID, &c.User.Email, &name)
		c.User.Name = displayName(name, c.User.Email)
		if c.ExecutedAt != nil && c.ExitCode != nil {
			ok := *c.ExitCode == 0
			c.Success = &ok
		}
		return c, err
	})
}

// teamUsage counts the team's history in [from, to) by day, risk and outcome, in one query, and sums it.
func teamUsage(ctx context.Context, q pgstore.Querier, teamID string, days int, from, to time.Time) (TeamAnalytics, error) {
	a := TeamAnalytics{Days: days, teamID: teamID, from: from, to: to, CommandsPerDay: []DayCount{}, RiskMix: []RiskCount{}}
	type bucket struct {
		day     time.Time
		risk    string
		ran, ok bool
		n       int64
	}
	rows, err := q.Query(ctx,
		`SELECT (c.created_at AT TIME ZONE 'UTC')::date, c.risk, c.executed_at IS NOT NULL,
		        coalesce(c.exit_code = 0, false), count(*)
		 FROM team_members m
		 JOIN commands c ON c.user_id = m.user_id AND c.created_at >= m.created_at
		 WHERE m.team_id = $1 AND c.created_at >= $2 AND c.created_at < $3
		 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2`, teamID, from, to)
	buckets, err := collect(rows, err, "analytics", func(rows pgx.Rows) (bucket, error) {
		var b bucket
		err := rows.Scan(&b.day, &b.risk, &b.ran, &b.ok, &b.n)
		return b, err
	})
	if err != nil {
		return a, err
	}
	var succeeded int64
	risks := map[string]int64{}
	for _, b := range buckets {
		a.TotalCommands += b.n
		if b.ran {
			a.ExecutedCommands += b.n
			if b.ok {
				succeeded += b.n
			}
		}
		day := b.day.Format(time.DateOnly)
		if n := len(a.CommandsPerDay); n > 0 && a.CommandsPerDay[n-1].Date == day {
			a.CommandsPerDay[n-1].Count += b.n
		} else {
			a.CommandsPerDay = append(a.CommandsPerDay, DayCount{Date: day, Count: b.n})
		}
		risk := b.risk
		if risk == "" {
			risk = "unknown"
		}
		risks[risk] += b.n
	}
	if a.ExecutedCommands > 0 {
		a.SuccessRate = float64(succeeded) / float64(a.ExecutedCommands)
	}
	for _, r := range []string{"safe", "moderate", "high", "critical", "unknown"} {
		if n, ok := risks[r]; ok {
			a.RiskMix = append(a.RiskMix, RiskCount{Risk: r, Count: n})
			delete(risks, r)
		}
	}
	for r, n := range risks {
		a.RiskMix = append(a.RiskMix, RiskCount{Risk: r, Count: n})
	}
	return a, nil
}

const orgSelect = `SELECT o.id, o.name, o.features, o.policy_version,
	extract(epoch FROM o.policy_max_age)::bigint, o.stale_action, o.audit_command_text, m.role
	FROM organizations o JOIN organization_members m ON m.org_id = o.id AND m.user_id = $1`

func scanOrg(rows pgx.Rows) (Organization, error) {
	var o Organization
	err := rows.Scan(&o.ID, &o.Name, &o.Features, &o.PolicyVersion, &o.PolicyMaxAgeSeconds, &o.StaleAction,
		&o.AuditCommandText, &o.ViewerRole)
	return o, err
}

// orgsByID returns the organisations among ids that viewer belongs to, with viewer's role.
func orgsByID(ctx context.Context, q pgstore.Querier, viewer string, ids []string) ([]Organization, error) {
	rows, err := q.Query(ctx, orgSelect+` WHERE o.id = ANY($2::uuid[])`, viewer, validIDs(ids))
	return collect(rows, err, "organisations", scanOrg)
}

// orgsOfViewer returns the organisations viewer belongs to, oldest membership first.
func orgsOfViewer(ctx context.Context, q pgstore.Querier, viewer string) ([]Organization, error) {
	rows, err := q.Query(ctx, orgSelect+` ORDER BY m.created_at, o.id`, viewer)
	return collect(rows, err, "organisations", scanOrg)
}

type orgMember struct {
	orgID string
	OrgMember
}

// membersOfOrgs returns the organisations' members, by role then by when they joined.
func membersOfOrgs(ctx context.Context, q pgstore.Querier, orgIDs []string) ([]orgMember, error) {
	rows, err := q.Query(ctx,
		`SELECT m.org_id, u.id, u.email, u.display_name, m.role, m.created_at
		 FROM organization_members m JOIN users u ON u.id = m.user_id
		 WHERE m.org_id = ANY($1::uuid[])
		 ORDER BY CASE m.role WHEN 'admin' THEN 0 WHEN 'engineer' THEN 1 WHEN 'junior' THEN 2 ELSE 3 END,
		          m.created_at, m.user_id`, validIDs(orgIDs))
	return collect(rows, err, "organisation members", func(rows pgx.Rows) (orgMember, error) {
		var m orgMember
		var name string
		u := &User{}
		err := rows.Scan(&m.orgID, &u.ID, &u.Email, &name, &m.Role, &m.JoinedAt)
		u.Name = displayName(name, u.Email)
		m.User = u
		return m, err
	})
}

// recentAuditEvents returns the chain's newest events, newest first.
func recentAuditEvents(ctx context.Context, q pgstore.Querier, chainID string, limit int) ([]AuditEvent, error) {
	rows, err := q.Query(ctx,
		`SELECT seq, action, status, resource_type, resource_id, user_id, created_at, event_hash
		 FROM audit_logs WHERE chain_id = $1 ORDER BY seq DESC LIMIT $2`, chainID, limit)
	return collect(rows, err, "audit events", func(rows pgx.Rows) (AuditEvent, error) {
		var e AuditEvent
		err := rows.Scan(&e.Seq, &e.Action, &e.Status, &e.ResourceType, &e.ResourceID, &e.userID, &e.CreatedAt, &e.EventHash)
		return e, err
	})
}
