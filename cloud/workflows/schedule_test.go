package workflows_test

import (
	"context"
	"testing"
	"time"

	"github.com/cmdai/cmdai/cloud/workflows"
	"github.com/cmdai/cmdai/cloud/workflows/wire"
)

// A schedule starts one run per firing, however often (or by however many replicas) it is looked at.
func TestScheduleStartsOneRunPerFiring(t *testing.T) {
	s, svc := newServer(t, workflows.Options{})
	w := s.createWorkflow("name: nightly\ntriggers:\n  - type: schedule\n    cron: \"*/10 * * * *\"\nsteps:\n  - name: a\n    action: command\n    command: echo nightly\n")
	s.createWorkflow("name: by-hand\ntriggers:\n  - type: manual\nsteps:\n  - name: a\n    action: command\n    command: echo cron\n")
	from := time.Date(2026, 3, 4, 1, 55, 0, 0, time.UTC)
	to := from.Add(30 * time.Minute) // 02:00, 02:10, 02:20
	for range 2 {
		if err := svc.FireSchedules(context.Background(), from, to); err != nil {
			t.Fatal(err)
		}
	}
	var runs struct{ Items []wire.Run }
	s.call("GET", "/api/v1/workflows/"+w.ID+"/runs", s.token, nil, &runs)
	if len(runs.Items) != 3 {
		t.Fatalf("%d runs, want 3: %+v", len(runs.Items), runs.Items)
	}
	for _, r := range runs.Items {
		if r.Trigger != "schedule" {
			t.Fatalf("trigger %q", r.Trigger)
		}
	}
}
