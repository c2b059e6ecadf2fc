package safety

import "testing"

func TestUserRules(t *testing.T) {
	tests := []struct {
		name string
		cmd  string
		opts Options
		want Risk
		rule string
	}{
		{"deny defaults to critical", "terraform apply", Options{Deny: []Rule{{Command: "terraform", Args: []string{"apply"}}}}, Critical, "user.deny"},
		{"deny with risk", "npm publish", Options{Deny: []Rule{{Command: "npm", Args: []string{"publish"}, Risk: High, Reason: "publish from CI"}}}, High, "user.deny"},
		{"deny sees through wrappers", "sudo /usr/bin/env make deploy", Options{Deny: []Rule{{Command: "make", Args: []string{"deploy"}}}}, Critical, "user.deny"},
		{"deny glob args", "git push -f origin main", Options{Deny: []Rule{{Command: "git", Args: []string{"push", "-*f*"}}}}, Critical, "user.deny"},
		{"deny not matching", "git push origin main", Options{Deny: []Rule{{Command: "git", Args: []string{"-f"}}}}, Safe, ""},
		{"allow lowers", "git reset --hard", Options{Allow: []Rule{{Command: "git", Args: []string{"reset"}}}}, Safe, "user.allow"},
		{"allow is per call", "git reset --hard && rm -rf /", Options{Allow: []Rule{{Command: "git"}}}, Critical, "user.allow"},
		{"deny wins over allow", "docker system prune -a", Options{Allow: []Rule{{Command: "docker"}}, Deny: []Rule{{Command: "docker", Args: []string{"prune"}}}}, Critical, "user.deny"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Home = "/home/u"
			v := Check(tt.cmd, tt.opts)
			found := tt.rule == ""
			for _, f := range v.Findings {
				found = found || f.Rule == tt.rule
			}
			if v.Risk != tt.want || !found {
				t.Errorf("got %s %+v, want %s with %q", v.Risk, v.Findings, tt.want, tt.rule)
			}
		})
	}
}

func TestSpans(t *testing.T) {
	cmd := `ls && bash -c 'rm -rf /'`
	v := Check(cmd, Options{})
	if v.Risk != Critical || len(v.Findings) == 0 {
		t.Fatalf("got %+v", v)
	}
	if got := cmd[v.Findings[0].Span.Start:v.Findings[0].Span.End]; got != `'rm -rf /'` {
		t.Errorf("span points at %q, want the outer word", got)
	}
	cmd = "echo hi; rm -rf ~"
	v = Check(cmd, Options{})
	if got := cmd[v.Findings[0].Span.Start:v.Findings[0].Span.End]; got != "rm -rf ~" {
		t.Errorf("span points at %q", got)
	}
}
