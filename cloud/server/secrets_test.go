package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/auth"
)

// The real server runs with its JWT secret and its database password read from files (the Docker and
// Kubernetes secrets convention), and signs tokens with the secret from the file.
func TestServerSecretsFromFiles(t *testing.T) {
	dir := t.TempDir()
	jwtSecret := strings.Repeat("f", 40)
	jwtFile, pwFile := filepath.Join(dir, "jwt"), filepath.Join(dir, "dbpass")
	if err := os.WriteFile(jwtFile, []byte(jwtSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pwFile, []byte("p@ss w'rd\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := testEnv(t, map[string]string{"JWT_SECRET": "", "JWT_SECRET_FILE": jwtFile, "DATABASE_PASSWORD_FILE": pwFile})
	getenv, err := SecretEnv(context.Background(), base)
	if err != nil {
		t.Fatal(err)
	}
	if getenv("JWT_SECRET") != jwtSecret {
		t.Fatalf("JWT_SECRET from its file: %q", getenv("JWT_SECRET"))
	}
	u, err := url.Parse(getenv("DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	if pw, _ := u.User.Password(); pw != "p@ss w'rd" {
		t.Fatalf("DATABASE_URL password %q, want the one from DATABASE_PASSWORD_FILE", pw)
	}
	addr := startServer(t, getenv)

	res, err := http.Post("http://"+addr+"/api/v1/auth/signup", "application/json",
		bytes.NewReader([]byte(`{"email":"files@example.com","password":"correct horse battery"}`)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var sess struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&sess); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("signup: %s %v", res.Status, err)
	}
	if _, err := (auth.Tokens{Secret: []byte(jwtSecret)}).ParseAccess(sess.AccessToken); err != nil {
		t.Fatalf("the token is not signed with the secret from JWT_SECRET_FILE: %v", err)
	}
}

func TestWithPassword(t *testing.T) {
	for _, tc := range []struct{ dsn, want, err string }{
		{"postgres://cmdai@db:5432/cmdai?sslmode=verify-full", "postgres://cmdai:s3cr%2Ft@db:5432/cmdai?sslmode=verify-full", ""},
		{"host=db user=cmdai dbname=cmdai", `host=db user=cmdai dbname=cmdai password='s3cr/t'`, ""},
		{"postgres://db/cmdai", "", "names no user"},
		{"postgres://cmdai:old@db/cmdai", "", "has a password too"},
	} {
		got, err := withPassword(tc.dsn, "s3cr/t")
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: %v, want %q", tc.dsn, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %q %v, want %q", tc.dsn, got, err, tc.want)
		}
	}
}
