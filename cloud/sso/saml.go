package sso

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/crewjam/saml"
	"github.com/crewjam/saml/samlsp"
	"github.com/redis/go-redis/v9"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

// MaxIDPMetadataBytes bounds the identity provider metadata an administrator may store.
const MaxIDPMetadataBytes = 256 << 10

func parseIDPMetadata(x string) (*saml.EntityDescriptor, error) {
	if strings.TrimSpace(x) == "" {
		return nil, errors.New("paste the identity provider's SAML metadata XML")
	}
	if len(x) > MaxIDPMetadataBytes {
		return nil, fmt.Errorf("metadata is larger than %d bytes", MaxIDPMetadataBytes)
	}
	ed, err := samlsp.ParseMetadata([]byte(x))
	if err != nil {
		return nil, fmt.Errorf("not SAML metadata: %w", err)
	}
	if len(ed.IDPSSODescriptors) == 0 {
		return nil, errors.New("the metadata has no IDPSSODescriptor: is it the identity provider's?")
	}
	return ed, nil
}

// SAML paths, under the organisation's path.
func samlPaths(baseURL, orgID string) (metadata, acs url.URL) {
	base, _ := url.Parse(strings.TrimSuffix(baseURL, "/") + "/api/v1/orgs/" + url.PathEscape(orgID) + "/sso/saml")
	metadata, acs = *base, *base
	metadata.Path += "/metadata"
	acs.Path += "/acs"
	return metadata, acs
}

// serviceProvider is the organisation's SAML service provider. Its entity id (the audience every
// assertion must name) is its metadata URL. It accepts only the HTTP-POST binding: no artifacts, which
// would make the server call out to wherever a form told it to.
func (s *Service) serviceProvider(cfg pgstore.OrgSSO, baseURL string) (*saml.ServiceProvider, error) {
	idp, err := parseIDPMetadata(cfg.IDPMetadata)
	if err != nil {
		return nil, fmt.Errorf("%w: identity provider metadata: %w", ErrNotConfigured, err)
	}
	metadata, acs := samlPaths(baseURL, cfg.OrgID)
	return &saml.ServiceProvider{
		EntityID:                         metadata.String(),
		MetadataURL:                      metadata,
		AcsURL:                           acs,
		IDPMetadata:                      idp,
		AuthnNameIDFormat:                saml.EmailAddressNameIDFormat,
		AssertionConsumerServiceBindings: []string{saml.HTTPPostBinding},
		RejectSHA1Signatures:             true,
		ReplayCache:                      &replayCache{redis: s.Redis, orgID: cfg.OrgID},
		MetadataValidDuration:            7 * 24 * time.Hour,
	}, nil
}

// Metadata is the organisation's SP metadata XML.
func (s *Service) Metadata(ctx context.Context, orgID, baseURL string) ([]byte, error) {
	cfg, err := pgstore.OrgSSOByID(ctx, s.DB, orgID)
	if errors.Is(err, pgstore.ErrNotFound) || (err == nil && cfg.Protocol != ProtocolSAML) {
		return nil, ErrNotConfigured
	}
	if err != nil {
		return nil, fmt.Errorf("read single sign-on settings: %w", err)
	}
	sp, err := s.serviceProvider(cfg, baseURL)
	if err != nil {
		return nil, err
	}
	b, err := xml.MarshalIndent(sp.Metadata(), "", "  ")
	if err != nil {
		return nil, fmt.Errorf("write SP metadata: %w", err)
	}
	return append([]byte(xml.Header), b...), nil
}

func (s *Service) beginSAML(cfg pgstore.OrgSSO, baseURL, state string, p *pending) (string, error) {
	sp, err := s.serviceProvider(cfg, baseURL)
	if err != nil {
		return "", err
	}
	req, err := sp.MakeAuthenticationRequest(sp.GetSSOBindingLocation(saml.HTTPRedirectBinding), saml.HTTPRedirectBinding, saml.HTTPPostBinding)
	if err != nil {
		return "", fmt.Errorf("%w: make the SAML request: %w", ErrNotConfigured, err)
	}
	u, err := req.Redirect(state, sp)
	if err != nil {
		return "", fmt.Errorf("make the SAML redirect: %w", err)
	}
	p.RequestID = req.ID
	return u.String(), nil
}

// FinishSAML handles a SAML response POSTed to the organisation's ACS: the RelayState must be a login
// this server began, and the response must answer that login's request (InResponseTo), be addressed to
// the ACS (Destination, Recipient), fall in its time window, name this SP as its audience, carry a
// signature by a key of the provider's metadata over the assertion, and not have been seen before.
func (s *Service) FinishSAML(ctx context.Context, orgID, baseURL string, r *http.Request) (Result, error) {
	if err := r.ParseForm(); err != nil {
		return Result{}, fmt.Errorf("%w: read the form: %w", ErrLoginFailed, err)
	}
	if r.PostForm.Get("SAMLResponse") == "" {
		return Result{}, fmt.Errorf("%w: POST a SAMLResponse (artifacts are not accepted)", ErrLoginFailed)
	}
	p, err := s.takePending(ctx, r.PostForm.Get("RelayState"), ProtocolSAML)
	if err != nil {
		return Result{}, err
	}
	if p.OrgID != orgID {
		return Result{}, fmt.Errorf("%w: the login was begun for another organisation", ErrLoginFailed)
	}
	cfg, err := pgstore.OrgSSOByID(ctx, s.DB, orgID)
	if err != nil || cfg.Protocol != ProtocolSAML {
		return Result{}, ErrNotConfigured
	}
	sp, err := s.serviceProvider(cfg, baseURL)
	if err != nil {
		return Result{}, err
	}
	r.Form.Del("SAMLart")
	assertion, err := sp.ParseResponse(r, []string{p.RequestID})
	if err != nil {
		detail := err.Error()
		var ire *saml.InvalidResponseError
		if errors.As(err, &ire) && ire.PrivateErr != nil {
			detail = ire.PrivateErr.Error()
		}
		return Result{}, fmt.Errorf("%w: SAML response refused: %s", ErrLoginFailed, detail)
	}
	id := identityFromAssertion(assertion, cfg.RoleClaim)
	if id.Subject == "" {
		return Result{}, fmt.Errorf("%w: the assertion has no NameID", ErrLoginFailed)
	}
	return s.complete(ctx, p, cfg, id)
}

// Attribute names that identity providers use for the same thing.
var (
	emailAttributes = []string{"email", "mail", "emailaddress", "urn:oid:0.9.2342.19200300.100.1.3",
		"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"}
	nameAttributes = []string{"name", "displayname", "cn", "urn:oid:2.5.4.3",
		"http://schemas.microsoft.com/identity/claims/displayname"}
	groupAttributes = []string{"groups", "group", "memberof", "eduPersonAffiliation", "urn:oid:1.3.6.1.4.1.5923.1.1.1.1",
		"http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
		"http://schemas.microsoft.com/ws/2008/06/identity/claims/role"}
)

func identityFromAssertion(a *saml.Assertion, roleClaim string) Identity {
	values := func(names []string) []string {
		var out []string
		for _, st := range a.AttributeStatements {
			for _, at := range st.Attributes {
				if !slices.ContainsFunc(names, func(n string) bool {
					return strings.EqualFold(n, at.Name) || strings.EqualFold(n, at.FriendlyName)
				}) {
					continue
				}
				for _, v := range at.Values {
					if v.Value != "" {
						out = append(out, v.Value)
					}
				}
			}
		}
		return out
	}
	first := func(names []string) string {
		if v := values(names); len(v) > 0 {
			return v[0]
		}
		return ""
	}
	var id Identity
	if a.Subject != nil && a.Subject.NameID != nil {
		id.Subject = a.Subject.NameID.Value
	}
	id.Email = first(emailAttributes)
	if id.Email == "" && strings.Contains(id.Subject, "@") {
		id.Email = id.Subject
	}
	id.Name = first(nameAttributes)
	roles := []string{roleClaim}
	if strings.EqualFold(roleClaim, "groups") {
		roles = groupAttributes
	}
	id.Values = values(roles)
	return id
}

// replayCache records the assertion ids an organisation's SP accepted, in Redis until the assertion
// expires, so that a captured response is refused by every replica.
type replayCache struct {
	redis *redis.Client
	orgID string
}

func (c *replayCache) Consume(assertionID string, expiresAt time.Time) error {
	ttl := time.Until(expiresAt) + time.Minute
	if ttl < time.Minute {
		ttl = time.Minute
	}
	ok, err := c.redis.SetNX(context.Background(), "cmdai:sso:saml-assertion:"+c.orgID+":"+assertionID, 1, ttl).Result()
	if err != nil {
		return fmt.Errorf("record the assertion id: %w", err)
	}
	if !ok {
		return saml.ErrAssertionReplayed
	}
	return nil
}
