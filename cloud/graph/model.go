package graph

import "time"

// User is an account as other members see it.
type User struct {
	ID    string
	Email string
	Name  string
}

// Team is a team the signed-in user belongs to, with their role in it.
type Team struct {
	ID         string
	Name       string
	Slug       string
	Plan       string
	CreatedAt  time.Time
	ViewerRole string
}

// TeamMember is one user's place in a team.
type TeamMember struct {
	User     User
	Role     string
	JoinedAt time.Time
}

// Command is one command of a team's history.
type Command struct {
	ID         string
	Command    string
	Prompt     string
	Shell      string
	Risk       string
	Backend    string
	User       User
	CreatedAt  time.Time
	ExecutedAt *time.Time
	ExitCode   *int
	DurationMs *int
	Success    *bool
}

// TeamAnalytics is a team's usage over its last Days days.
type TeamAnalytics struct {
	Days             int
	TotalCommands    int64
	ExecutedCommands int64
	SuccessRate      float64
	CommandsPerDay   []DayCount
	RiskMix          []RiskCount

	teamID   string
	from, to time.Time
}

// Organization is an organisation the signed-in user belongs to, with their role in it.
type Organization struct {
	ID                  string
	Name                string
	ViewerRole          string
	Features            []string
	PolicyVersion       int64
	PolicyMaxAgeSeconds int64
	StaleAction         string
	AuditCommandText    string
}

// AuditEvent is one event of an organisation's audit log.
type AuditEvent struct {
	Seq          int64
	Action       string
	Status       string
	ResourceType string
	ResourceID   string
	CreatedAt    time.Time
	EventHash    string

	userID *string
}

// DayCount is how many commands were made on one day.
type DayCount struct {
	Date  string
	Count int64
}

// RiskCount is how many commands were rated one risk level.
type RiskCount struct {
	Risk  string
	Count int64
}
