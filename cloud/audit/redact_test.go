package audit

import (
	"strings"
	"testing"
)

// Secrets in commands do not survive redaction, whatever their form; the command's shape does.
func TestRedactCommand(t *testing.T) {
	for _, tc := range []struct{ cmd, secret, keep string }{
		{"mysql -u root -pHunter2sekret db", "Hunter2sekret", "mysql -u root -p"},
		{"psql postgres://app:s3cr3tpw@db.internal:5432/app", "s3cr3tpw", "psql postgres://"},
		{"curl -H 'Authorization: Bearer abc.def.ghi' https://api.example.com", "abc.def.ghi", "curl -H"},
		{`curl -H "Authorization: token ghp_0123456789abcdefghijABCDEFGHIJ012345" x`, "ghp_0123456789abcdefghij", "curl -H"},
		{"export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI", "export AWS_SECRET_ACCESS_KEY="},
		{"aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", "aws configure set"},
		{"DB_PASSWORD='correct horse' ./run.sh", "correct horse", "./run.sh"},
		{"vault login --token=s.abcdefgh12345678", "s.abcdefgh12345678", "vault login --token="},
		{"docker login --password hunter22 registry.example", "hunter22", "docker login --password"},
		{"cmdai auth login --api-key cmdai_0123456789abcdef", "cmdai_0123456789abcdef", "cmdai auth login"},
		{"echo eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl | jwt decode", "eyJzdWIiOiIxIn0", "| jwt decode"},
		{"openai api -k sk-proj0123456789abcdefghij chat", "sk-proj0123456789abcdefghij", "openai api"},
		{"git clone https://x-access-token:tok123456@github.com/o/r.git", "tok123456", "git clone https://"},
		{"mail -s hi alice.smith@example.com", "alice.smith", "@example.com"},
		{"echo 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 > key", "9f86d081884c7d659a2feaa0c55ad015", "> key"},
	} {
		got := RedactCommand(tc.cmd)
		if strings.Contains(got, tc.secret) || !strings.Contains(got, tc.keep) || !strings.Contains(got, "REDACTED") && !strings.Contains(got, "***@") {
			t.Errorf("%q redacted to %q", tc.cmd, got)
		}
	}
	for _, cmd := range []string{"ls -la /var/log", "kubectl get pods -n prod", "rm -rf ./build", "find . -name '*.go' -exec gofmt -l {} +"} {
		if got := RedactCommand(cmd); got != cmd {
			t.Errorf("%q, which holds no secret, became %q", cmd, got)
		}
	}
}
