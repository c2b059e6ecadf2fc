package server

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"
)

// TLS is how cmdai-server serves HTTPS itself: TLS_CERT_FILE and TLS_KEY_FILE (PEM, the certificate
// file may hold the chain after the leaf) and TLS_MIN_VERSION, 1.3 unless it says 1.2. Both files unset
// serves plain HTTP, for a server behind a proxy that terminates TLS.
type TLS struct {
	CertFile   string
	KeyFile    string
	MinVersion uint16
}

// Enabled reports whether the server serves HTTPS.
func (t TLS) Enabled() bool { return t.CertFile != "" }

// tlsFromEnv reads the TLS settings into c.TLS, reporting what cannot be used.
func tlsFromEnv(getenv func(string) string, c *Config) []error {
	c.TLS = TLS{CertFile: getenv("TLS_CERT_FILE"), KeyFile: getenv("TLS_KEY_FILE"), MinVersion: tls.VersionTLS13}
	var errs []error
	switch v := getenv("TLS_MIN_VERSION"); v {
	case "", "1.3":
	case "1.2":
		c.TLS.MinVersion = tls.VersionTLS12
	default:
		errs = append(errs, fmt.Errorf("TLS_MIN_VERSION %q must be 1.3 (the default) or 1.2", v))
	}
	if (c.TLS.CertFile == "") != (c.TLS.KeyFile == "") {
		errs = append(errs, errors.New("TLS_CERT_FILE and TLS_KEY_FILE go together: set both to serve HTTPS, or neither"))
	} else if c.TLS.Enabled() {
		if _, err := tls.LoadX509KeyPair(c.TLS.CertFile, c.TLS.KeyFile); err != nil {
			errs = append(errs, fmt.Errorf("TLS_CERT_FILE and TLS_KEY_FILE: %w", err))
		}
	}
	return errs
}

// ServerTLSConfig is the TLS configuration of the HTTPS listener: the minimum version from t, HTTP/2
// and HTTP/1.1, and the certificate read from its files again whenever they change, so that a renewed
// certificate (certbot, cert-manager, a rotated Kubernetes secret) is served without a restart.
func ServerTLSConfig(t TLS, log *slog.Logger) (*tls.Config, error) {
	r := &certReloader{certFile: t.CertFile, keyFile: t.KeyFile, log: log}
	if err := r.load(); err != nil {
		return nil, err
	}
	return &tls.Config{
		MinVersion:     t.MinVersion,
		NextProtos:     []string{"h2", "http/1.1"},
		GetCertificate: r.certificate,
	}, nil
}

// reloadCheck is how often the files are looked at, at most: a handshake costs one stat per file then.
const reloadCheck = time.Second

// certReloader holds the certificate in use and reloads it when its files' size or time changes. A file
// that cannot be read or a pair that does not match keeps the certificate in use, with a warning: a
// renewal tool writes the two files one after the other, and the pair matches again once both are new.
type certReloader struct {
	certFile, keyFile string
	log               *slog.Logger

	mu        sync.Mutex
	cert      *tls.Certificate
	stamp     []byte // the files' sizes and modification times when cert was read
	checkedAt time.Time
}

func (r *certReloader) certificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if time.Since(r.checkedAt) >= reloadCheck {
		r.checkedAt = time.Now()
		if st := stampOf(r.certFile, r.keyFile); st != nil && !bytes.Equal(st, r.stamp) {
			if err := r.loadLocked(st); err != nil {
				r.log.Warn("TLS certificate not reloaded; serving the previous one", slog.String("error", err.Error()))
			} else {
				r.log.Info("TLS certificate reloaded", slog.String("cert_file", r.certFile))
			}
		}
	}
	return r.cert, nil
}

func (r *certReloader) load() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.checkedAt = time.Now()
	return r.loadLocked(stampOf(r.certFile, r.keyFile))
}

func (r *certReloader) loadLocked(stamp []byte) error {
	cert, err := tls.LoadX509KeyPair(r.certFile, r.keyFile)
	if err != nil {
		return fmt.Errorf("load TLS certificate: %w", err)
	}
	r.cert, r.stamp = &cert, stamp
	return nil
}

// stampOf is the files' sizes and modification times, nil when one cannot be read.
func stampOf(files ...string) []byte {
	var b []byte
	for _, f := range files {
		fi, err := os.Stat(f) // follows links: Kubernetes swaps a secret's files by relinking a directory
		if err != nil {
			return nil
		}
		b = fmt.Appendf(b, "%d/%d;", fi.Size(), fi.ModTime().UnixNano())
	}
	return b
}

// hstsMaxAge is two years, the value HSTS preload lists ask for.
const hstsMaxAge = 63072000

// withHSTS tells browsers to come back over HTTPS only, on every answer sent over TLS.
func withHSTS(next http.Handler) http.Handler {
	value := fmt.Sprintf("max-age=%d; includeSubDomains", hstsMaxAge)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS != nil {
			w.Header().Set("Strict-Transport-Security", value)
		}
		next.ServeHTTP(w, r)
	})
}

// frontDoor is what every request passes first: TLS and HSTS when t is enabled (otherwise ln and
// handler as given), then a span that continues the caller's W3C trace context (telemetry.go).
func frontDoor(t TLS, ln net.Listener, handler http.Handler, log *slog.Logger) (net.Listener, http.Handler, error) {
	handler = traced(handler)
	if !t.Enabled() {
		return ln, handler, nil
	}
	cfg, err := ServerTLSConfig(t, log)
	if err != nil {
		return nil, nil, err
	}
	return tls.NewListener(ln, cfg), withHSTS(handler), nil
}

// HealthcheckConfig is Healthcheck for the server cfg describes: over HTTPS when it serves HTTPS. The
// certificate is not verified: the check asks the server on this machine whether it is ready, sends
// nothing secret, and the certificate names the public host, not the loopback address it dials.
func HealthcheckConfig(ctx context.Context, cfg Config) error {
	if !cfg.TLS.Enabled() {
		return Healthcheck(ctx, cfg.ListenAddr)
	}
	hc := &http.Client{Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true, MinVersion: cfg.TLS.MinVersion}, //nolint:gosec // see above
	}}
	defer hc.CloseIdleConnections()
	return checkReady(ctx, cfg.ListenAddr, "https", hc)
}
