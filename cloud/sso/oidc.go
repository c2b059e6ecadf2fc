package sso

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

// providerTTL is how long a provider's discovery document is trusted before it is fetched again.
const providerTTL = time.Hour

type cachedProvider struct {
	p       *oidc.Provider
	fetched time.Time
}

// provider returns the issuer's discovered provider. Discovery and key fetches use a context of their own
// (with the service's HTTP client, whose timeout bounds them), because the provider keeps it for the keys
// it fetches later, long after the request that discovered it.
func (s *Service) provider(ctx context.Context, issuer string) (*oidc.Provider, error) {
	if c, ok := s.providers.Load(issuer); ok && time.Since(c.(*cachedProvider).fetched) < providerTTL {
		return c.(*cachedProvider).p, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(context.WithoutCancel(ctx), s.httpClient()), issuer)
	if err != nil {
		return nil, fmt.Errorf("%w: discover the OIDC provider at %s: %w", ErrLoginFailed, issuer, err)
	}
	s.providers.Store(issuer, &cachedProvider{p: p, fetched: time.Now()})
	return p, nil
}

// CallbackPath is where every organisation's OIDC provider sends the browser back.
const CallbackPath = "/api/v1/sso/oidc/callback"

func (s *Service) oauthConfig(ctx context.Context, cfg pgstore.OrgSSO, baseURL string) (*oauth2.Config, *oidc.Provider, error) {
	p, err := s.provider(ctx, cfg.Issuer)
	if err != nil {
		return nil, nil, err
	}
	secret, err := s.openSecret(cfg.OrgID, cfg.ClientSecret)
	if err != nil {
		return nil, nil, err
	}
	return &oauth2.Config{ClientID: cfg.ClientID, ClientSecret: secret, Endpoint: p.Endpoint(),
		RedirectURL: strings.TrimSuffix(baseURL, "/") + CallbackPath, Scopes: cfg.Scopes}, p, nil
}

func (s *Service) beginOIDC(ctx context.Context, cfg pgstore.OrgSSO, baseURL, state string, p *pending) (string, error) {
	oc, _, err := s.oauthConfig(ctx, cfg, baseURL)
	if err != nil {
		return "", err
	}
	p.Verifier = oauth2.GenerateVerifier()
	p.Nonce = randomString()
	return oc.AuthCodeURL(state, oidc.Nonce(p.Nonce), oauth2.S256ChallengeOption(p.Verifier)), nil
}

// FinishOIDC handles the provider's answer: it spends the state, trades the code (with the PKCE
// verifier) for tokens, verifies the ID token (signature, issuer, audience, expiry and nonce) and signs
// the identity in.
func (s *Service) FinishOIDC(ctx context.Context, baseURL, state, code, providerError string) (Result, error) {
	p, err := s.takePending(ctx, state, ProtocolOIDC)
	if err != nil {
		return Result{}, err
	}
	if providerError != "" {
		return Result{}, fmt.Errorf("%w: the provider answered %s", ErrLoginFailed, providerError)
	}
	cfg, err := pgstore.OrgSSOByID(ctx, s.DB, p.OrgID)
	if err != nil || cfg.Protocol != ProtocolOIDC {
		return Result{}, ErrNotConfigured
	}
	oc, prov, err := s.oauthConfig(ctx, cfg, baseURL)
	if err != nil {
		return Result{}, err
	}
	tok, err := oc.Exchange(oidc.ClientContext(ctx, s.httpClient()), code, oauth2.VerifierOption(p.Verifier))
	if err != nil {
		return Result{}, fmt.Errorf("%w: trade the code for tokens: %w", ErrLoginFailed, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return Result{}, fmt.Errorf("%w: the provider sent no id_token", ErrLoginFailed)
	}
	idt, err := prov.Verifier(&oidc.Config{ClientID: cfg.ClientID}).Verify(ctx, raw)
	if err != nil {
		return Result{}, fmt.Errorf("%w: id_token: %w", ErrLoginFailed, err)
	}
	if idt.Nonce != p.Nonce {
		return Result{}, fmt.Errorf("%w: id_token nonce does not match the login's", ErrLoginFailed)
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return Result{}, fmt.Errorf("%w: id_token claims: %w", ErrLoginFailed, err)
	}
	id, err := identityFromClaims(idt.Subject, claims, cfg.RoleClaim, cfg.Preset != "azure")
	if err != nil {
		return Result{}, err
	}
	return s.complete(ctx, p, cfg, id)
}

// identityFromClaims reads the email, name and role claim of an ID token. The email must be verified
// (email_verified true) when requireVerified: Azure AD sends no email_verified, and its addresses are
// the tenant's own.
func identityFromClaims(subject string, claims map[string]any, roleClaim string, requireVerified bool) (Identity, error) {
	id := Identity{Subject: subject}
	id.Email, _ = claims["email"].(string)
	if id.Email == "" {
		id.Email, _ = claims["preferred_username"].(string) // Azure AD without the email claim
	}
	verified, _ := claims["email_verified"].(bool)
	if _, present := claims["email_verified"]; (present || requireVerified) && !verified {
		return Identity{}, fmt.Errorf("%w: the provider has not verified %s", ErrLoginFailed, id.Email)
	}
	id.Name, _ = claims["name"].(string)
	switch v := claims[roleClaim].(type) {
	case string:
		id.Values = []string{v}
	case []any:
		for _, e := range v {
			if s, ok := e.(string); ok {
				id.Values = append(id.Values, s)
			}
		}
	}
	return id, nil
}
