package sso_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/xml"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/crewjam/saml"
	"github.com/crewjam/saml/logger"
	"github.com/crewjam/saml/samlsp"
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// testIdP is crewjam's SAML identity provider, run in process: it signs in whoever Session says, and
// finds the service provider by fetching cmdai's SP metadata (through spMetadata, which a test may change).
type testIdP struct {
	srv     *httptest.Server
	idp     *saml.IdentityProvider
	mu      sync.Mutex
	session *saml.Session
	// spMetadata rewrites the SP's metadata before the IdP trusts it (a test's wrong audience).
	spMetadata func(*saml.EntityDescriptor)
}

func (i *testIdP) GetSession(w http.ResponseWriter, r *http.Request, req *saml.IdpAuthnRequest) *saml.Session {
	i.mu.Lock()
	defer i.mu.Unlock()
	s := *i.session
	s.ID, s.Index = rand.Text(), rand.Text()
	s.CreateTime, s.ExpireTime = time.Now(), time.Now().Add(time.Hour)
	return &s
}

func (i *testIdP) GetServiceProvider(_ *http.Request, id string) (*saml.EntityDescriptor, error) {
	res, err := http.Get(id) // the SP's entity id is its metadata URL
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	ed, err := samlsp.ParseMetadata(b)
	if err != nil {
		return nil, err
	}
	if i.spMetadata != nil {
		i.spMetadata(ed)
	}
	return ed, nil
}

func startIdP(t *testing.T) *testIdP {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test idp"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	base, _ := url.Parse(srv.URL)
	i := &testIdP{srv: srv}
	i.idp = &saml.IdentityProvider{Key: key, Certificate: cert, Logger: logger.DefaultLogger,
		MetadataURL: *base.JoinPath("metadata"), SSOURL: *base.JoinPath("sso"),
		ServiceProviderProvider: i, SessionProvider: i, SignatureMethod: dsig.RSASHA256SignatureMethod}
	mux.HandleFunc("/metadata", i.idp.ServeMetadata)
	mux.HandleFunc("/sso", i.idp.ServeSSO)
	return i
}

func (i *testIdP) metadataXML(t *testing.T) string {
	b, err := xml.Marshal(i.idp.Metadata())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (i *testIdP) signIn(email string, groups ...string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.session = &saml.Session{NameID: email, NameIDFormat: string(saml.EmailAddressNameIDFormat), UserEmail: email,
		UserCommonName: "Test Person", Groups: groups}
}

// editResponse decodes a posted SAMLResponse, lets edit change its XML, and encodes it again.
func editResponse(t *testing.T, form url.Values, edit func(doc *etree.Document)) {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(form.Get("SAMLResponse"))
	if err != nil {
		t.Fatal(err)
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(raw); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	out, err := doc.WriteToBytes()
	if err != nil {
		t.Fatal(err)
	}
	form.Set("SAMLResponse", base64.StdEncoding.EncodeToString(out))
}

// expiredAssertions makes the default assertion, then moves its time window an hour into the past.
type expiredAssertions struct{}

func (expiredAssertions) MakeAssertion(req *saml.IdpAuthnRequest, session *saml.Session) error {
	if err := (saml.DefaultAssertionMaker{}).MakeAssertion(req, session); err != nil {
		return err
	}
	a := req.Assertion
	past := time.Now().Add(-time.Hour)
	a.IssueInstant = past.Add(-time.Hour)
	if a.Conditions != nil {
		a.Conditions.NotBefore, a.Conditions.NotOnOrAfter = past.Add(-time.Hour), past
	}
	if a.Subject != nil {
		for i := range a.Subject.SubjectConfirmations {
			if d := a.Subject.SubjectConfirmations[i].SubjectConfirmationData; d != nil {
				d.NotOnOrAfter = past
			}
		}
	}
	return nil
}

// dropResponseSignature removes the Response's own signature, leaving the assertion's.
func dropResponseSignature(doc *etree.Document) {
	for _, sig := range doc.Root().SelectElements("Signature") {
		doc.Root().RemoveChild(sig)
	}
}

// SAML 2.0 against crewjam's identity provider: a login end to end, then every forged or misdirected
// response refused: tampered, unsigned, signature-wrapped, replayed, answered for another request, for
// another audience, and expired.
func TestSAMLLogin(t *testing.T) {
	s := newCmdai(t)
	idp := startIdP(t)
	s.call("PUT", "/api/v1/orgs/"+s.orgID+"/sso", s.admin, map[string]any{"protocol": "saml", "idp_metadata": idp.metadataXML(t),
		"allowed_domains": []string{"acme.example"}, "role_map": map[string]string{"ops": "admin"}}, http.StatusOK)

	// The SP metadata is served for the IdP administrator.
	res, err := http.Get(s.srv.URL + "/api/v1/orgs/" + s.orgID + "/sso/saml/metadata")
	if err != nil {
		t.Fatal(err)
	}
	md, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.Contains(md, []byte("/sso/saml/acs")) || !bytes.Contains(md, []byte(`WantAssertionsSigned="true"`)) {
		t.Fatalf("SP metadata: %d %s", res.StatusCode, md)
	}

	login := s.srv.URL + "/api/v1/orgs/Acme/sso/login?return_to=/done"
	idp.signIn("ops@acme.example", "ops", "staff")
	b := newBrowser(t)
	u, status, body := b.open(login)
	code := loginCode(t, u, status, body)
	sess := s.call("POST", "/api/v1/auth/sso/token", "", map[string]string{"code": code}, http.StatusOK)
	me := s.call("GET", "/api/v1/auth/me", sess["access_token"].(string), nil, http.StatusOK)
	if me["email"] != "ops@acme.example" {
		t.Fatalf("me: %v", me)
	}
	if role, err := pgstore.OrgMemberRole(context.Background(), s.pool, s.orgID, me["id"].(string)); err != nil || role != "admin" {
		t.Fatalf("role from the group ops: %q %v", role, err)
	}

	acs := s.srv.URL + "/api/v1/orgs/" + s.orgID + "/sso/saml/acs"
	refused := func(name string, form url.Values) {
		t.Helper()
		res, err := http.PostForm(acs, form)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized || res.Header.Get("Location") != "" {
			t.Fatalf("%s: %d %s, want 401", name, res.StatusCode, body)
		}
		t.Logf("%s: refused: %s", name, body)
	}
	// captured is a fresh, valid response that has not been posted yet, for a login this server began.
	captured := func() url.Values {
		t.Helper()
		b := newBrowser(t)
		var form url.Values
		b.tamper = func(f url.Values) {
			form = url.Values{}
			for k, v := range f {
				form[k] = append([]string(nil), v...)
			}
			f.Set("RelayState", "held-back") // the browser's own post goes nowhere
		}
		b.open(login)
		if form == nil {
			t.Fatal("the IdP posted no form")
		}
		return form
	}

	// Replayed: the response the browser already posted.
	refused("replayed", b.posted)

	// Replayed into a new login: its InResponseTo names another request.
	old := b.posted
	fresh := captured()
	old.Set("RelayState", fresh.Get("RelayState"))
	refused("answer to another request", old)

	// Tampered: the email changed after signing (and the Response's own signature dropped, so that
	// the assertion's is the one that must catch it).
	form := captured()
	editResponse(t, form, func(doc *etree.Document) {
		dropResponseSignature(doc)
		for _, el := range doc.FindElements("//AttributeValue") {
			if el.Text() == "ops@acme.example" {
				el.SetText("boss@acme.example")
			}
		}
		for _, el := range doc.FindElements("//NameID") {
			el.SetText("boss@acme.example")
		}
	})
	refused("tampered", form)

	// Unsigned: every signature removed.
	form = captured()
	editResponse(t, form, func(doc *etree.Document) {
		for _, el := range doc.FindElements("//Signature") {
			el.Parent().RemoveChild(el)
		}
	})
	refused("unsigned", form)

	// Signature wrapping: a forged, unsigned assertion first, the signed original kept after it.
	form = captured()
	editResponse(t, form, func(doc *etree.Document) {
		dropResponseSignature(doc)
		orig := doc.FindElement("//Assertion")
		evil := orig.Copy()
		for _, sig := range evil.SelectElements("Signature") {
			evil.RemoveChild(sig)
		}
		evil.CreateAttr("ID", "_evil")
		for _, el := range evil.FindElements(".//NameID") {
			el.SetText("boss@acme.example")
		}
		parent := orig.Parent()
		parent.InsertChildAt(orig.Index(), evil)
	})
	refused("signature wrapping (XSW)", form)

	// Signature wrapping, the other way round: the signed original hidden inside the forged one.
	form = captured()
	editResponse(t, form, func(doc *etree.Document) {
		dropResponseSignature(doc)
		orig := doc.FindElement("//Assertion")
		evil := orig.Copy()
		for _, sig := range evil.SelectElements("Signature") {
			evil.RemoveChild(sig)
		}
		evil.CreateAttr("ID", "_evil2")
		for _, el := range evil.FindElements(".//NameID") {
			el.SetText("boss@acme.example")
		}
		parent := orig.Parent()
		parent.RemoveChild(orig)
		evil.AddChild(orig)
		parent.AddChild(evil)
	})
	refused("signature wrapping, original nested", form)

	// Wrong audience: the IdP was told another entity id.
	idp.spMetadata = func(ed *saml.EntityDescriptor) { ed.EntityID = "https://other.example/saml" }
	refused("wrong audience", captured())
	idp.spMetadata = nil

	// Expired: issued two hours ago, valid until an hour ago.
	idp.idp.AssertionMaker = expiredAssertions{}
	refused("expired", captured())
	idp.idp.AssertionMaker = nil

	// The CLI's loopback flow through SAML.
	idp.signIn("cli@acme.example")
	c := client.New(client.Credentials{Server: s.srv.URL}, nil)
	user, err := c.LoginSSO(context.Background(), "Acme", func(u string) error {
		go func() {
			if _, _, _, err := newBrowser(t).visit(u); err != nil {
				t.Error(err)
			}
		}()
		return nil
	})
	if err != nil || user.Email != "cli@acme.example" {
		t.Fatalf("CLI login through SAML: %+v %v", user, err)
	}

	// Another domain.
	idp.signIn("eve@evil.example")
	u, status, _ = newBrowser(t).open(login)
	if status != http.StatusUnauthorized || strings.HasSuffix(u.Path, "/done") {
		t.Fatalf("another domain: %d at %s", status, u)
	}
}
