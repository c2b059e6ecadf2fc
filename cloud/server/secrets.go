package server

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/cmdai/cmdai/cloud/secrets"
)

// SecretSettings are the settings that may come from NAME_FILE or NAME_VAULT (a Vault KV v2 field) as
// well as from NAME itself (secrets.Source).
var SecretSettings = []string{
	"JWT_SECRET", "JWT_PREVIOUS_SECRETS",
	"DATABASE_URL", "DATABASE_PASSWORD", "REDIS_URL",
	"POLICY_SIGNING_KEY",
	secrets.EnvKey, secrets.EnvKeyID, secrets.EnvOldKeys,
}

// SecretEnv returns getenv with every secret setting read from where its variables say, once:
// DATABASE_PASSWORD, when set, becomes the password of DATABASE_URL (so the URL can live in plain
// configuration and the password in a secret store), and the inference API key (the variable that
// INFERENCE_API_KEY_ENV names, and its _FILE and _VAULT) is put into the process's environment, where the
// inference backend reads it.
func SecretEnv(ctx context.Context, getenv func(string) string) (func(string) string, error) {
	src := &secrets.Source{Getenv: getenv}
	env, err := src.Overlay(ctx, SecretSettings...)
	if err != nil {
		return nil, err
	}
	dsn := env("DATABASE_URL")
	if pw := env("DATABASE_PASSWORD"); pw != "" && dsn != "" {
		dsn, err = withPassword(dsn, pw)
		if err != nil {
			return nil, err
		}
	}
	// The keyring is read from the process's environment where it is used (secrets.KeyringFromEnv),
	// which knows NAME and NAME_FILE: a key from Vault is handed on there.
	for _, name := range []string{secrets.EnvKey, secrets.EnvKeyID, secrets.EnvOldKeys} {
		if getenv(name+"_VAULT") != "" {
			if err := os.Setenv(name, env(name)); err != nil {
				return nil, fmt.Errorf("set %s: %w", name, err)
			}
		}
	}
	if name := getenv("INFERENCE_API_KEY_ENV"); name != "" && getenv(name) == "" {
		key, err := src.Lookup(ctx, name)
		if err != nil {
			return nil, err
		}
		if key != "" {
			if err := os.Setenv(name, key); err != nil {
				return nil, fmt.Errorf("set %s: %w", name, err)
			}
		}
	}
	return func(name string) string {
		if name == "DATABASE_URL" {
			return dsn
		}
		return env(name)
	}, nil
}

// withPassword puts password into a PostgreSQL URL or keyword/value connection string.
func withPassword(dsn, password string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("DATABASE_URL: %w", err)
		}
		if u.User == nil || u.User.Username() == "" {
			return "", errors.New("DATABASE_PASSWORD is set but DATABASE_URL names no user (postgres://USER@host/db)")
		}
		if _, has := u.User.Password(); has {
			return "", errors.New("DATABASE_PASSWORD is set and DATABASE_URL has a password too: keep one")
		}
		u.User = url.UserPassword(u.User.Username(), password)
		return u.String(), nil
	}
	quoted := strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(password)
	return dsn + " password='" + quoted + "'", nil
}

// jwtFromEnv reads JWT_PREVIOUS_SECRETS: secrets that signed access tokens before JWT_SECRET, comma
// separated, each kept until the tokens it signed have expired (15 minutes after the rotation).
func jwtFromEnv(getenv func(string) string, c *Config) []error {
	var errs []error
	for s := range strings.SplitSeq(getenv("JWT_PREVIOUS_SECRETS"), ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if len(s) < MinJWTSecretLen {
			errs = append(errs, fmt.Errorf("JWT_PREVIOUS_SECRETS: a secret of %d bytes; each must have at least %d", len(s), MinJWTSecretLen))
			continue
		}
		c.JWTPreviousSecrets = append(c.JWTPreviousSecrets, []byte(s))
	}
	return errs
}
