package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/cmdai/cmdai/config"
)

// ServerEnv overrides the config's cloud.url.
const ServerEnv = "CMDAI_SERVER"

// ErrNotLoggedIn means there are no stored credentials.
var ErrNotLoggedIn = errors.New("not logged in: run 'cmdai auth login'")

// Credentials are what 'cmdai auth login' stores and the daemon syncs with. The file is readable by
// its owner only: it holds the tokens and the sync key.
type Credentials struct {
	Server        string    `json:"server"`
	Email         string    `json:"email,omitempty"`
	UserID        string    `json:"user_id,omitempty"`
	AccessToken   string    `json:"access_token,omitempty"`
	AccessExpires time.Time `json:"access_expires,omitzero"`
	RefreshToken  string    `json:"refresh_token,omitempty"`
	APIKey        string    `json:"api_key,omitempty"`
	// SyncKey is the recovery phrase of the key that seals this account's history.
	SyncKey string `json:"sync_key,omitempty"`
	// PreviousSyncKey is kept while a key rotation is under way, so an interrupted one can resume.
	PreviousSyncKey string `json:"previous_sync_key,omitempty"`
}

func (c Credentials) bearer() string {
	if c.APIKey != "" {
		return c.APIKey
	}
	return c.AccessToken
}

// LoggedIn reports whether the credentials can call the API.
func (c Credentials) LoggedIn() bool { return c.Server != "" && c.bearer() != "" }

// CredentialsPath is where the credentials live: credentials.json in the config directory.
func CredentialsPath() string { return filepath.Join(config.Dir(), "credentials.json") }

// LoadCredentials reads the credentials at path; ErrNotLoggedIn when there are none.
func LoadCredentials(path string) (Credentials, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Credentials{}, ErrNotLoggedIn
	}
	if err != nil {
		return Credentials{}, fmt.Errorf("read credentials: %w", err)
	}
	var c Credentials
	if err := json.Unmarshal(b, &c); err != nil {
		return Credentials{}, fmt.Errorf("read credentials %s: %w (log in again with 'cmdai auth login')", path, err)
	}
	return c, nil
}

// SaveCredentials writes c to path with mode 0600, replacing the file in one rename so that a reader
// never sees half of it.
func SaveCredentials(path string, c Credentials) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create config directory: %w", err)
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("encode credentials: %w", err)
	}
	if err := config.ReplaceFile(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("save credentials: %w", err)
	}
	return nil
}

// RemoveCredentials deletes the credentials file; it is not an error when there is none.
func RemoveCredentials(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove credentials: %w", err)
	}
	return nil
}

// ServerURL picks the server: the flag when set, then $CMDAI_SERVER, then the config's cloud.url.
func ServerURL(flag, configured string) string {
	if flag != "" {
		return flag
	}
	if v := os.Getenv(ServerEnv); v != "" {
		return v
	}
	return configured
}
