package siem_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/secrets"
)

// newOrg is an organisation with n audit events in its chain.
func newOrg(t *testing.T, pool *pgxpool.Pool, n int) string {
	t.Helper()
	ctx := context.Background()
	if _, err := pgstore.CreateUser(ctx, pool, "owner@acme.example", "not-a-hash", ""); err != nil {
		t.Fatal(err)
	}
	o, err := (&orgs.Service{DB: pool}).Create(ctx, "Acme", "owner@acme.example", nil)
	if err != nil {
		t.Fatal(err)
	}
	appendEvents(t, pool, o.ID, n)
	return o.ID
}

func appendEvents(t testing.TB, pool *pgxpool.Pool, org string, n int) {
	t.Helper()
	for i := range n {
		err := audit.Record(context.Background(), pool, audit.Event{OrgID: org, Action: "test.event", Status: audit.StatusSuccess,
			ResourceID: strconv.Itoa(i), Details: map[string]any{"i": i}})
		if err != nil {
			t.Error(err)
			return
		}
	}
}

func keyring(t *testing.T) *secrets.Keyring {
	t.Helper()
	k, err := secrets.NewKeyring("k1", map[string][]byte{"k1": []byte(strings.Repeat("k", 32))})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// addSink stores a sink, its token sealed.
func addSink(t *testing.T, pool *pgxpool.Pool, kr *secrets.Keyring, s pgstore.AuditSink, token string) pgstore.AuditSink {
	t.Helper()
	s.ID, s.Enabled = uuid.NewString(), true
	if s.Format == "" {
		s.Format = audit.FormatJSONL
	}
	if token != "" {
		var err error
		if s.TokenSealed, err = kr.Seal([]byte(token), []byte("cmdai audit sink token\n"+s.ID)); err != nil {
			t.Fatal(err)
		}
	}
	out, err := pgstore.InsertAuditSink(context.Background(), pool, s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// seqRE finds an event's sequence number in any of the export formats.
var seqRE = regexp.MustCompile(`"seq":(\d+)|seq="(\d+)"`)

// seqs counts how often each sequence number was received.
func seqs(t *testing.T, text string) map[int64]int {
	t.Helper()
	out := map[int64]int{}
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		if line == "" {
			continue
		}
		m := seqRE.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("a received line names no sequence number: %q", line)
		}
		n, _ := strconv.ParseInt(m[1]+m[2], 10, 64)
		out[n]++
	}
	return out
}

// testCA is a CA and a certificate it issued for 127.0.0.1, as PEM files in dir.
type testCA struct{ caPEM, certFile, keyFile, caFile string }

func newTestCA(t *testing.T, dir string) testCA {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "cmdai test CA"}, IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalPKCS8PrivateKey(key)
	c := testCA{caPEM: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})),
		certFile: filepath.Join(dir, "cert.pem"), keyFile: filepath.Join(dir, "key.pem"), caFile: filepath.Join(dir, "ca.pem")}
	for file, b := range map[string][]byte{
		c.caFile:   []byte(c.caPEM),
		c.certFile: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		c.keyFile:  pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}),
	} {
		if err := os.WriteFile(file, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// freePort is a loopback TCP port nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// waitFor polls cond until it holds, failing the test after timeout with what it says.
func waitFor(t *testing.T, timeout time.Duration, what func() string, cond func() bool) {
	t.Helper()
	stop := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(stop) {
			t.Fatalf("timed out after %s: %s", timeout, what())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func sinkRow(t *testing.T, pool *pgxpool.Pool, org, id string) pgstore.AuditSink {
	t.Helper()
	s, err := pgstore.AuditSinkByID(context.Background(), pool, org, id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func describe(s pgstore.AuditSink) string {
	return fmt.Sprintf("sink cursor %d, delivered %d, failures %d, last error %q", s.CursorSeq, s.Delivered, s.Failures, s.LastError)
}

// metric is the sum of a metric's series in reg.
func metric(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			sum += m.GetCounter().GetValue() + m.GetGauge().GetValue()
		}
	}
	return sum
}
