package secrets

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	vault "github.com/hashicorp/vault/api"
)

// Source reads secret settings from one of three places, named by the setting's variables:
//
//   - NAME: the value itself, in the environment;
//   - NAME_FILE: a file that holds it (Docker and Kubernetes secrets), one trailing newline removed;
//   - NAME_VAULT: a field of a HashiCorp Vault KV version 2 secret, written MOUNT/PATH#FIELD
//     (secret/cmdai/server#jwt_secret reads field jwt_secret of cmdai/server on the mount secret).
//
// Vault is reached as its own clients are configured: VAULT_ADDR, VAULT_TOKEN (or VAULT_TOKEN_FILE, where
// a Vault agent writes its token), VAULT_NAMESPACE, VAULT_CACERT and the other VAULT_* variables.
type Source struct {
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string

	once  sync.Once
	vault *vault.Client
	err   error
}

// VaultTimeout bounds each read from Vault.
const VaultTimeout = 10 * time.Second

func (s *Source) getenv(name string) string {
	if s.Getenv != nil {
		return s.Getenv(name)
	}
	return os.Getenv(name)
}

// Lookup returns the setting name, "" when none of its variables is set. Setting more than one of
// them is an error: which one wins would be a guess.
func (s *Source) Lookup(ctx context.Context, name string) (string, error) {
	value, file, ref := s.getenv(name), s.getenv(name+"_FILE"), s.getenv(name+"_VAULT")
	set := 0
	for _, v := range []string{value, file, ref} {
		if v != "" {
			set++
		}
	}
	switch {
	case set > 1:
		return "", fmt.Errorf("%s: set one of %s, %s_FILE and %s_VAULT", name, name, name, name)
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("read %s_FILE: %w", name, err)
		}
		return strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r"), nil
	case ref != "":
		v, err := s.readVault(ctx, ref)
		if err != nil {
			return "", fmt.Errorf("%s_VAULT %s: %w", name, ref, err)
		}
		return v, nil
	default:
		return value, nil
	}
}

// Overlay resolves the named settings and returns a getenv that answers them with what was found
// (NAME_FILE and NAME_VAULT read once, here) and every other variable from the source's environment.
func (s *Source) Overlay(ctx context.Context, names ...string) (func(string) string, error) {
	found := map[string]string{}
	var errs []error
	for _, name := range names {
		v, err := s.Lookup(ctx, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		found[name] = v
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return func(name string) string {
		if v, ok := found[name]; ok {
			return v
		}
		return s.getenv(name)
	}, nil
}

// readVault reads MOUNT/PATH#FIELD from Vault's KV version 2 engine.
func (s *Source) readVault(ctx context.Context, ref string) (string, error) {
	where, field, ok := strings.Cut(ref, "#")
	mount, path, ok2 := strings.Cut(strings.Trim(where, "/"), "/")
	if !ok || !ok2 || field == "" || mount == "" || path == "" {
		return "", errors.New("want MOUNT/PATH#FIELD, e.g. secret/cmdai/server#jwt_secret")
	}
	c, err := s.client()
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, VaultTimeout)
	defer cancel()
	sec, err := c.KVv2(mount).Get(ctx, path)
	var respErr *vault.ResponseError
	switch {
	case errors.As(err, &respErr) && respErr.StatusCode == http.StatusForbidden:
		return "", fmt.Errorf("vault denied access at %s (check VAULT_TOKEN or VAULT_TOKEN_FILE, and that the token's policy may read %s/data/%s): %w",
			c.Address(), mount, path, err)
	case err != nil:
		return "", fmt.Errorf("read from vault at %s: %w", c.Address(), err)
	}
	v, ok := sec.Data[field]
	if !ok {
		return "", fmt.Errorf("the secret has no field %q", field)
	}
	str, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("field %q is a %T, not a string", field, v)
	}
	return str, nil
}

func (s *Source) client() (*vault.Client, error) {
	s.once.Do(func() {
		if s.getenv("VAULT_ADDR") == "" {
			s.err = errors.New("VAULT_ADDR is not set")
			return
		}
		cfg := vault.DefaultConfig() // VAULT_ADDR, VAULT_CACERT, VAULT_SKIP_VERIFY, ... from the environment
		if cfg.Error != nil {
			s.err = fmt.Errorf("vault configuration: %w", cfg.Error)
			return
		}
		cfg.Address = s.getenv("VAULT_ADDR")
		c, err := vault.NewClient(cfg)
		if err != nil {
			s.err = fmt.Errorf("vault client: %w", err)
			return
		}
		token := s.getenv("VAULT_TOKEN")
		if f := s.getenv("VAULT_TOKEN_FILE"); token == "" && f != "" {
			b, err := os.ReadFile(f)
			if err != nil {
				s.err = fmt.Errorf("read VAULT_TOKEN_FILE: %w", err)
				return
			}
			token = strings.TrimSpace(string(b))
		}
		if token == "" {
			s.err = errors.New("no vault token: set VAULT_TOKEN or VAULT_TOKEN_FILE")
			return
		}
		c.SetToken(token)
		if ns := s.getenv("VAULT_NAMESPACE"); ns != "" {
			c.SetNamespace(ns)
		}
		s.vault = c
	})
	return s.vault, s.err
}
