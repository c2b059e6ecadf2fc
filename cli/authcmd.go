package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/seal"
)

type loginFlags struct {
	server, email, password, apiKey, phrase string
	passwordStdin                           bool
	// sso is the organisation to sign in through; device uses the device grant instead of a browser.
	sso    string
	device bool
	// otp is the second-factor code, when the account has one.
	otp string
}

func newAuthCmd(s *streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "auth",
		Short: "Log in to a cmdai cloud server to sync your history between machines",
		Long: `Log in to a cmdai cloud server. Your history is encrypted on this machine with a key the server
never sees; the first login makes that key and shows it once as a recovery phrase, which you enter when you
log in on another machine.`,
		Args: usageArgs(cobra.NoArgs),
	}
	var f loginFlags
	login := &cobra.Command{
		Use:   "login",
		Short: "Log in (asks for what the flags do not give on a terminal)",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(c *cobra.Command, _ []string) error { return authLogin(c.Context(), s, f) },
	}
	fl := login.Flags()
	fl.StringVar(&f.server, "server", "", "server URL (default $CMDAI_SERVER, then cloud.url from the config)")
	fl.StringVar(&f.email, "email", "", "account email")
	fl.StringVar(&f.password, "password", "", "account password (prefer --password-stdin: flags show in ps)")
	fl.BoolVar(&f.passwordStdin, "password-stdin", false, "read the password from the first line of stdin")
	fl.StringVar(&f.apiKey, "api-key", "", "log in with an API key instead of a password")
	fl.StringVar(&f.phrase, "recovery-phrase", "", "the account's recovery phrase, when another machine made the key")
	fl.StringVar(&f.sso, "sso", "", "sign in through the single sign-on of the organisation ORG (its name or id), in a browser")
	fl.StringVar(&f.otp, "otp", "", "the code from your authenticator app (or a recovery code), when the account has a second factor")
	fl.BoolVar(&f.device, "device", false, "with --sso: sign in on another device by entering a code (for machines without a browser)")

	var statusJSON bool
	status := &cobra.Command{
		Use:   "status",
		Short: "Show the account this machine syncs with",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(c *cobra.Command, _ []string) error { return authStatus(c.Context(), s, statusJSON) },
	}
	status.Flags().BoolVar(&statusJSON, "json", false, `print {"logged_in","server","email","user_id","auth","key_id","sync"}`)
	logout := &cobra.Command{
		Use:   "logout",
		Short: "End the session and forget the credentials and sync key on this machine",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(c *cobra.Command, _ []string) error { return authLogout(c.Context(), s) },
	}
	rotate := &cobra.Command{
		Use:   "rotate-key",
		Short: "Replace the sync key (re-wraps every record's key) and show the new recovery phrase",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(c *cobra.Command, _ []string) error { return authRotateKey(c.Context(), s) },
	}
	cmd.AddCommand(login, status, logout, rotate)
	return cmd
}

func authLogin(ctx context.Context, s *streams, f loginFlags) error {
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	server := strings.TrimRight(client.ServerURL(f.server, cfg.Cloud.URL), "/")
	if server == "" {
		return usageErrorf("no server: pass --server URL, set CMDAI_SERVER, or set cloud.url in the config")
	}
	path := client.CredentialsPath()
	prev, _ := client.LoadCredentials(path)
	cl := client.New(client.Credentials{Server: server}, nil)
	var user apitype.User
	in := bufio.NewReader(s.in)
	switch {
	case f.device && f.sso == "":
		return usageErrorf("--device needs --sso ORG")
	case f.sso != "":
		user, err = ssoLogin(ctx, s, cl, f)
	case f.apiKey != "":
		user, err = cl.UseAPIKey(ctx, f.apiKey)
	default:
		if f.email == "" {
			if f.email, err = ask(s, in, "Email: ", false); err != nil {
				return err
			}
		}
		pw := f.password
		switch {
		case f.passwordStdin:
			line, rerr := in.ReadString('\n')
			if rerr != nil && !errors.Is(rerr, io.EOF) {
				return fmt.Errorf("read the password from stdin: %w", rerr)
			}
			pw = strings.TrimRight(line, "\r\n")
		case pw == "":
			if pw, err = ask(s, in, "Password: ", true); err != nil {
				return err
			}
		}
		user, err = cl.Login(ctx, f.email, pw)
		var mfa *client.MFARequiredError
		if errors.As(err, &mfa) {
			user, err = secondFactor(ctx, s, in, cl, mfa, f.otp)
		}
	}
	if err != nil {
		return fmt.Errorf("log in to %s: %w", server, err)
	}
	creds := cl.Credentials()
	if prev.Server == server && prev.UserID == creds.UserID {
		creds.SyncKey, creds.PreviousSyncKey = prev.SyncKey, prev.PreviousSyncKey
	} else {
		creds.SyncKey, creds.PreviousSyncKey = "", ""
	}
	key, made, err := loginKey(ctx, s, in, cl, creds, f.phrase)
	if err != nil {
		return err
	}
	creds.SyncKey = key.Phrase()
	if err := client.SaveCredentials(path, creds); err != nil {
		return err
	}
	fmt.Fprintf(s.out, "Logged in to %s as %s.\n", server, user.Email)
	if made {
		fmt.Fprintf(s.out, `
Your history is encrypted with a key that never leaves your machines. This is its recovery phrase;
it is shown only now. Keep it somewhere safe: you need it to log in on another machine, and without
it nobody, the server included, can read your synced history.

    %s

`, key.Phrase())
	}
	kickSync(ctx)
	return nil
}

// loginKey finds this machine's sync key: the one it has when it is the account's, else the one the
// recovery phrase gives; a new account gets a new key (made is true then).
func loginKey(ctx context.Context, s *streams, in *bufio.Reader, cl *client.Client, creds client.Credentials, phrase string) (seal.Key, bool, error) {
	cur, err := cl.SyncKey(ctx)
	if client.IsNotFound(err) {
		key, err := seal.NewKey()
		if err != nil {
			return seal.Key{}, false, err
		}
		if err := cl.SetSyncKey(ctx, "", key.ID()); err == nil {
			return key, true, nil
		} else if !client.IsConflict(err) {
			return seal.Key{}, false, fmt.Errorf("store the sync key's fingerprint: %w", err)
		}
		// Another machine made the key a moment ago: fall through and ask for it.
		if cur, err = cl.SyncKey(ctx); err != nil {
			return seal.Key{}, false, fmt.Errorf("read the account's sync key: %w", err)
		}
	} else if err != nil {
		return seal.Key{}, false, fmt.Errorf("read the account's sync key: %w", err)
	}
	if k, err := seal.ParsePhrase(creds.SyncKey); err == nil && k.ID() == cur.KeyID {
		return k, false, nil
	}
	if phrase == "" {
		if !isTerminal(s.in) {
			return seal.Key{}, false, usageErrorf("this account's history is encrypted with a key made on another machine: pass --recovery-phrase")
		}
		if phrase, err = ask(s, in, "Recovery phrase (shown when you first logged in): ", true); err != nil {
			return seal.Key{}, false, err
		}
	}
	k, err := seal.ParsePhrase(phrase)
	if err != nil {
		return seal.Key{}, false, err
	}
	if k.ID() != cur.KeyID {
		return seal.Key{}, false, errors.New("that recovery phrase is not this account's current key (was it rotated since?)")
	}
	return k, false, nil
}

// ask prompts on the terminal; secret input is not echoed. Without a terminal it is a usage error.
func ask(s *streams, in *bufio.Reader, prompt string, secret bool) (string, error) {
	f, ok := s.in.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", usageErrorf("%s is needed: pass it as a flag (see 'cmdai auth login --help')", strings.TrimSuffix(strings.TrimSpace(prompt), ":"))
	}
	fmt.Fprint(s.err, prompt)
	if secret {
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(s.err)
		if err != nil {
			return "", fmt.Errorf("read from the terminal: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	line, err := in.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read from the terminal: %w", err)
	}
	return strings.TrimSpace(line), nil
}

// kickSync asks a running daemon to sync now; without one, nothing happens (it syncs when it starts).
func kickSync(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	c := &ipc.Client{}
	defer c.Close()
	_, _ = c.SyncNow(ctx)
}

type authStatusJSON struct {
	LoggedIn bool            `json:"logged_in"`
	Server   string          `json:"server,omitempty"`
	Email    string          `json:"email,omitempty"`
	UserID   string          `json:"user_id,omitempty"`
	Auth     string          `json:"auth,omitempty"`
	KeyID    string          `json:"key_id,omitempty"`
	Sync     *ipc.SyncStatus `json:"sync,omitempty"`
}

func authStatus(ctx context.Context, s *streams, asJSON bool) error {
	creds, err := client.LoadCredentials(client.CredentialsPath())
	if err != nil && !errors.Is(err, client.ErrNotLoggedIn) {
		return err
	}
	out := authStatusJSON{LoggedIn: creds.LoggedIn(), Server: creds.Server, Email: creds.Email, UserID: creds.UserID}
	switch {
	case creds.APIKey != "":
		out.Auth = "api key"
	case creds.RefreshToken != "":
		out.Auth = "session"
	}
	if k, err := seal.ParsePhrase(creds.SyncKey); err == nil {
		out.KeyID = k.ID()
	}
	if out.LoggedIn {
		c := &ipc.Client{}
		defer c.Close()
		if st, err := c.Sync(ctx); err == nil {
			out.Sync = &st
		}
	}
	if asJSON {
		return writeJSONLine(s.out, out)
	}
	if !out.LoggedIn {
		fmt.Fprintln(s.out, "Not logged in: run 'cmdai auth login'.")
		return nil
	}
	fmt.Fprintf(s.out, "Logged in to %s as %s (%s).\n", out.Server, out.Email, out.Auth)
	if out.KeyID == "" {
		fmt.Fprintln(s.out, "  no sync key on this machine: run 'cmdai auth login' with your recovery phrase")
	} else {
		fmt.Fprintf(s.out, "  sync key %s\n", out.KeyID)
	}
	if out.Sync != nil {
		fmt.Fprintf(s.out, "  sync     %s\n", syncLine(out.Sync))
	} else {
		fmt.Fprintln(s.out, "  sync     the daemon is not running; it syncs once it starts")
	}
	return nil
}

func authLogout(ctx context.Context, s *streams) error {
	path := client.CredentialsPath()
	creds, err := client.LoadCredentials(path)
	if errors.Is(err, client.ErrNotLoggedIn) {
		fmt.Fprintln(s.out, "Not logged in.")
		return nil
	}
	if err == nil && creds.LoggedIn() {
		lctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := client.New(creds, nil).Logout(lctx); err != nil {
			fmt.Fprintf(s.err, "cmdai: the server did not end the session (%v); forgetting it here anyway\n", err)
		}
	}
	if err := client.RemoveCredentials(path); err != nil {
		return err
	}
	fmt.Fprintln(s.out, "Logged out; this machine no longer syncs. Your local history stays.")
	return nil
}
