package apitype

import "time"

// Team is a team as one of its members sees it; Role is that member's.
type Team struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Slug      string    `json:"slug"`
	Plan      string    `json:"plan"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

// TeamDetails is GET /api/v1/teams/{id}: the team and its members.
type TeamDetails struct {
	Team
	Members []Member `json:"members"`
}

// Member is one member of a team.
type Member struct {
	UserID      string    `json:"user_id"`
	Email       string    `json:"email"`
	DisplayName string    `json:"display_name"`
	Role        string    `json:"role"`
	InvitedBy   *string   `json:"invited_by"`
	JoinedAt    time.Time `json:"joined_at"`
}

// CreateTeamRequest is POST /api/v1/teams. It has no plan and no owner: the plan starts free and the
// caller becomes the owner. An empty Slug is made from the name.
type CreateTeamRequest struct {
	Name string `json:"name"`
	Slug string `json:"slug,omitempty"`
}

// InviteRequest is POST /api/v1/teams/{id}/invitations (and its older path /members); an empty Role is
// member.
type InviteRequest struct {
	Email string `json:"email"`
	Role  string `json:"role,omitempty"`
}

// SetRoleRequest is PATCH /api/v1/teams/{id}/members/{user_id}.
type SetRoleRequest struct {
	Role string `json:"role"`
}

// Pattern is a pattern shared in a team: a command template with ${name} placeholders.
type Pattern struct {
	ID              string      `json:"id"`
	TeamID          string      `json:"team_id"`
	CreatedBy       *string     `json:"created_by"`
	Name            string      `json:"name"`
	Description     string      `json:"description"`
	Template        string      `json:"template"`
	Prompt          string      `json:"prompt"`
	Parameters      []Parameter `json:"parameters"`
	Tags            []string    `json:"tags"`
	Risk            string      `json:"risk"`
	UseCount        int64       `json:"use_count"`
	LastUsedAt      *time.Time  `json:"last_used_at"`
	SourceCommandID *string     `json:"source_command_id"`
	CreatedAt       time.Time   `json:"created_at"`
}

// Parameter is a parameter of a shared pattern on the wire: the pattern package defines it
// (pattern.Param), its types (string, path, int or bool) and which ${name} placeholders are parameters.
type Parameter struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Default     string `json:"default"`
	Description string `json:"description,omitempty"`
}

// SharePatternRequest is POST /api/v1/teams/{id}/patterns: a template, or CommandID to share a command
// of the caller's history. It has neither team, author, risk nor count: the path, the caller and the
// server decide those.
type SharePatternRequest struct {
	CommandID   string      `json:"command_id,omitempty"`
	Name        string      `json:"name"`
	Description string      `json:"description,omitempty"`
	Template    string      `json:"template"`
	Parameters  []Parameter `json:"parameters"`
	Tags        []string    `json:"tags,omitempty"`
}
