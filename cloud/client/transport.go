package client

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"

	"github.com/cmdai/cmdai/config"
)

// TLS is how the client checks the server it talks to.
type TLS struct {
	// CAFile is a PEM file of certificate authorities trusted besides the system's.
	CAFile string
	// AllowInsecureHTTP allows plain http:// to a server that is not on this machine.
	AllowInsecureHTTP bool
}

// An Option changes how New builds a client.
type Option func(*Client)

// WithTLS sets how the client checks the server. Without it the client reads [cloud] ca_file and
// allow_insecure_http from the config file at its first request.
func WithTLS(t TLS) Option {
	return func(c *Client) { c.tls = &t }
}

// TLSFromConfig reads the TLS settings from the config file; a missing or unreadable file gives the
// defaults (the system's roots, https only), which are never less strict than the file.
func TLSFromConfig() TLS {
	cfg, err := config.Load(config.Path())
	if err != nil {
		cfg = config.Default()
	}
	return TLS{CAFile: cfg.Cloud.CAFile, AllowInsecureHTTP: cfg.Cloud.AllowInsecureHTTP}
}

// transport is the HTTP client built from the TLS settings, or why none could be.
type transport struct {
	http     *http.Client
	insecure bool
	err      error
}

func (c *Client) httpClient() transport {
	c.transportOnce.Do(func() {
		t := TLSFromConfig
		if c.tls != nil {
			t = func() TLS { return *c.tls }
		}
		c.transport = newTransport(t())
	})
	return c.transport
}

func newTransport(t TLS) transport {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if t.CAFile != "" {
		pem, err := os.ReadFile(t.CAFile)
		if err != nil {
			return transport{err: fmt.Errorf("cloud.ca_file: %w", err)}
		}
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return transport{err: fmt.Errorf("cloud.ca_file: %s holds no PEM certificate", t.CAFile)}
		}
		tc.RootCAs = pool
	}
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.TLSClientConfig = tc
	// otelhttp sends the W3C trace context of the caller's span and records a client span; both do
	// nothing while tracing is off (telemetry.Setup).
	return transport{
		http:     &http.Client{Timeout: 30 * time.Second, Transport: otelhttp.NewTransport(base)},
		insecure: t.AllowInsecureHTTP,
	}
}

// allowed refuses a server the client must not talk to: an unusable CA file, or plain HTTP to a host
// that is not this machine (tokens and sealed history would cross the network readable), unless the
// settings allow it.
func (t transport) allowed(server string) error {
	if t.err != nil {
		return t.err
	}
	u, err := url.Parse(server)
	if err != nil || u.Host == "" {
		return fmt.Errorf("cloud server %q is not a URL (e.g. https://cmdai.example.com)", server)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if t.insecure || isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("refusing plain http:// to %s: use https://, or set allow_insecure_http = true under [cloud] in %s",
			u.Host, config.Path())
	default:
		return fmt.Errorf("cloud server %q: want an https:// URL", server)
	}
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
