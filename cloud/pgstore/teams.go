package pgstore

import (
	"context"
	"time"
)

// Team is a group of users sharing patterns and a plan.
type Team struct {
	ID        string
	Name      string
	Slug      string
	Plan      string
	CreatedBy *string
	CreatedAt time.Time
}

// Member is one user's place in a team.
type Member struct {
	TeamID      string
	UserID      string
	Email       string
	DisplayName string
	Role        string
	InvitedBy   *string
	CreatedAt   time.Time
}

const teamColumns = `t.id, t.name, t.slug, t.plan, t.created_by, t.created_at`

func scanTeam(row interface{ Scan(...any) error }) (Team, error) {
	var t Team
	err := row.Scan(&t.ID, &t.Name, &t.Slug, &t.Plan, &t.CreatedBy, &t.CreatedAt)
	return t, mapErr(err)
}

// CreateTeam inserts a team on the free plan. A taken slug is ErrConflict.
func CreateTeam(ctx context.Context, q Querier, name, slug, createdBy string) (Team, error) {
	return scanTeam(q.QueryRow(ctx,
		`INSERT INTO teams AS t (name, slug, created_by) VALUES ($1, $2, $3) RETURNING `+teamColumns,
		name, slug, createdBy))
}

// TeamByID returns the team with this id.
func TeamByID(ctx context.Context, q Querier, id string) (Team, error) {
	return scanTeam(q.QueryRow(ctx, `SELECT `+teamColumns+` FROM teams t WHERE t.id = $1`, id))
}

// LockTeam takes a row lock on the team until the transaction ends, so that membership changes that
// check "is there another owner" run one at a time per team.
func LockTeam(ctx context.Context, q Querier, id string) error {
	var got string
	return mapErr(q.QueryRow(ctx, `SELECT id FROM teams WHERE id = $1 FOR UPDATE`, id).Scan(&got))
}

// TeamWithRole is a team and the role the user asking holds in it.
type TeamWithRole struct {
	Team
	Role string
}

// TeamsByUser returns the teams the user belongs to, oldest membership first.
func TeamsByUser(ctx context.Context, q Querier, userID string) ([]TeamWithRole, error) {
	rows, err := q.Query(ctx,
		`SELECT `+teamColumns+`, m.role FROM teams t JOIN team_members m ON m.team_id = t.id
		 WHERE m.user_id = $1 ORDER BY m.created_at, t.id`, userID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []TeamWithRole{}
	for rows.Next() {
		var t TeamWithRole
		if err := rows.Scan(&t.ID, &t.Name, &t.Slug, &t.Plan, &t.CreatedBy, &t.CreatedAt, &t.Role); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, t)
	}
	return out, mapErr(rows.Err())
}

const memberColumns = `m.team_id, m.user_id, u.email, u.display_name, m.role, m.invited_by, m.created_at`

func scanMember(row interface{ Scan(...any) error }) (Member, error) {
	var m Member
	err := row.Scan(&m.TeamID, &m.UserID, &m.Email, &m.DisplayName, &m.Role, &m.InvitedBy, &m.CreatedAt)
	return m, mapErr(err)
}

// AddMember puts a user in a team with role. A user already in the team is ErrConflict; a team or user
// that does not exist is ErrNotFound.
func AddMember(ctx context.Context, q Querier, teamID, userID, role string, invitedBy *string) (Member, error) {
	return scanMember(q.QueryRow(ctx,
		`WITH m AS (
		     INSERT INTO team_members (team_id, user_id, role, invited_by) VALUES ($1, $2, $3, $4)
		     RETURNING team_id, user_id, role, invited_by, created_at)
		 SELECT `+memberColumns+` FROM m JOIN users u ON u.id = m.user_id`,
		teamID, userID, role, invitedBy))
}

// MemberRole returns the user's role in the team; a user outside the team (or a team that does not exist)
// is ErrNotFound.
func MemberRole(ctx context.Context, q Querier, teamID, userID string) (string, error) {
	var role string
	err := q.QueryRow(ctx, `SELECT role FROM team_members WHERE team_id = $1 AND user_id = $2`, teamID, userID).Scan(&role)
	return role, mapErr(err)
}

// Members returns a team's members, owners first, then by when they joined.
func Members(ctx context.Context, q Querier, teamID string) ([]Member, error) {
	rows, err := q.Query(ctx,
		`SELECT `+memberColumns+` FROM team_members m JOIN users u ON u.id = m.user_id
		 WHERE m.team_id = $1
		 ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, m.created_at, m.user_id`, teamID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []Member{}
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, mapErr(rows.Err())
}

// SetMemberRole changes a member's role; a user outside the team is ErrNotFound.
func SetMemberRole(ctx context.Context, q Querier, teamID, userID, role string) (Member, error) {
	return scanMember(q.QueryRow(ctx,
		`WITH m AS (
		     UPDATE team_members SET role = $3 WHERE team_id = $1 AND user_id = $2
		     RETURNING team_id, user_id, role, invited_by, created_at)
		 SELECT `+memberColumns+` FROM m JOIN users u ON u.id = m.user_id`,
		teamID, userID, role))
}

// RemoveMember takes a user out of a team; a user outside the team is ErrNotFound.
func RemoveMember(ctx context.Context, q Querier, teamID, userID string) error {
	tag, err := q.Exec(ctx, `DELETE FROM team_members WHERE team_id = $1 AND user_id = $2`, teamID, userID)
	if err != nil {
		return mapErr(err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}

// CountOwners returns how many owners a team has.
func CountOwners(ctx context.Context, q Querier, teamID string) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT count(*) FROM team_members WHERE team_id = $1 AND role = 'owner'`, teamID).Scan(&n)
	return n, mapErr(err)
}
