package pgstore

import (
	"context"
	"time"
)

// SCIMGroup is a group an organisation's identity provider pushed over SCIM.
type SCIMGroup struct {
	ID          string
	OrgID       string
	DisplayName string
	ExternalID  string
	Members     []GroupMember
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// GroupMember is one member of a SCIMGroup.
type GroupMember struct {
	UserID string
	Email  string
}

// CreateSCIMGroup inserts a group; a second group with the same name is ErrConflict.
func CreateSCIMGroup(ctx context.Context, q Querier, orgID, name, externalID string) (SCIMGroup, error) {
	g := SCIMGroup{OrgID: orgID, DisplayName: name, ExternalID: externalID}
	err := q.QueryRow(ctx,
		`INSERT INTO scim_groups (org_id, display_name, external_id) VALUES ($1, $2, $3) RETURNING id, created_at, updated_at`,
		orgID, name, externalID).Scan(&g.ID, &g.CreatedAt, &g.UpdatedAt)
	g.Members = []GroupMember{}
	return g, mapErr(err)
}

// SCIMGroups lists the organisation's groups (one, when id is set), with their members.
func SCIMGroups(ctx context.Context, q Querier, orgID, id string) ([]SCIMGroup, error) {
	rows, err := q.Query(ctx,
		`SELECT g.id, g.org_id, g.display_name, g.external_id, g.created_at, g.updated_at,
		        COALESCE(array_agg(u.id::text ORDER BY u.email) FILTER (WHERE u.id IS NOT NULL), '{}'),
		        COALESCE(array_agg(u.email ORDER BY u.email) FILTER (WHERE u.id IS NOT NULL), '{}')
		 FROM scim_groups g
		 LEFT JOIN scim_group_members m ON m.group_id = g.id
		 LEFT JOIN users u ON u.id = m.user_id
		 WHERE g.org_id = $1 AND ($2 = '' OR g.id::text = $2)
		 GROUP BY g.id ORDER BY g.created_at, g.id`, orgID, id)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []SCIMGroup{}
	for rows.Next() {
		var (
			g           SCIMGroup
			ids, emails []string
		)
		if err := rows.Scan(&g.ID, &g.OrgID, &g.DisplayName, &g.ExternalID, &g.CreatedAt, &g.UpdatedAt, &ids, &emails); err != nil {
			return nil, mapErr(err)
		}
		g.Members = make([]GroupMember, len(ids))
		for i := range ids {
			g.Members[i] = GroupMember{UserID: ids[i], Email: emails[i]}
		}
		out = append(out, g)
	}
	return out, mapErr(rows.Err())
}

// SetSCIMGroupMember adds (in) or removes a member; the user must be an identity of the group's organisation.
func SetSCIMGroupMember(ctx context.Context, q Querier, orgID, groupID, userID string, in bool) error {
	var err error
	if in {
		_, err = q.Exec(ctx,
			`INSERT INTO scim_group_members (group_id, user_id)
			 SELECT g.id, i.user_id FROM scim_groups g JOIN sso_identities i ON i.org_id = g.org_id
			 WHERE g.id = $2 AND g.org_id = $1 AND i.user_id = $3
			 ON CONFLICT DO NOTHING`, orgID, groupID, userID)
	} else {
		_, err = q.Exec(ctx,
			`DELETE FROM scim_group_members m USING scim_groups g
			 WHERE m.group_id = g.id AND g.org_id = $1 AND g.id = $2 AND m.user_id = $3`, orgID, groupID, userID)
	}
	return mapErr(err)
}

// DeleteSCIMGroup deletes a group; ErrNotFound when the organisation has no such group.
func DeleteSCIMGroup(ctx context.Context, q Querier, orgID, id string) error {
	tag, err := q.Exec(ctx, `DELETE FROM scim_groups WHERE org_id = $1 AND id = $2`, orgID, id)
	if err != nil {
		return mapErr(err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}

// UserGroupNames lists the names of the organisation's groups the user is in.
func UserGroupNames(ctx context.Context, q Querier, orgID, userID string) ([]string, error) {
	rows, err := q.Query(ctx,
		`SELECT g.display_name FROM scim_groups g JOIN scim_group_members m ON m.group_id = g.id
		 WHERE g.org_id = $1 AND m.user_id = $2 ORDER BY 1`, orgID, userID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, n)
	}
	return out, mapErr(rows.Err())
}
