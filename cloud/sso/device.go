package sso

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// The device authorisation grant (RFC 8628): a machine without a browser shows a short code, a person
// enters it on any device that has one and signs in with the organisation's provider, and the machine,
// polling, receives the session.
const (
	DeviceCodeTTL = 10 * time.Minute
	// DeviceInterval is how often a machine may poll; polling faster is answered slow_down.
	DeviceInterval = 5 * time.Second
	// DevicePath is where a person enters the user code.
	DevicePath = "/api/v1/auth/device"
)

// Errors of the device token endpoint, with RFC 8628's names.
var (
	ErrAuthorizationPending = errors.New("authorization_pending")
	ErrSlowDown             = errors.New("slow_down")
	ErrExpiredToken         = errors.New("expired_token")
)

// DeviceAuthorization is what a machine shows its user.
type DeviceAuthorization struct {
	DeviceCode              string
	UserCode                string
	VerificationURI         string
	VerificationURIComplete string
	ExpiresIn               time.Duration
	Interval                time.Duration
}

type deviceState struct {
	OrgID    string    `json:"org_id"`
	UserCode string    `json:"user_code"`
	UserID   string    `json:"user_id,omitempty"`
	LastPoll time.Time `json:"last_poll"`
}

func deviceKey(deviceCode string) string {
	sum := sha256.Sum256([]byte(deviceCode))
	return "cmdai:sso:device:" + base64.RawURLEncoding.EncodeToString(sum[:])
}

func userCodeKey(userCode string) string { return "cmdai:sso:user-code:" + userCode }

// userCodeAlphabet has no vowels (no words) and no look-alike characters, as RFC 8628 §6.1 suggests.
const userCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ"

func newUserCode() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	var sb strings.Builder
	for i, c := range b {
		if i == 4 {
			sb.WriteByte('-')
		}
		sb.WriteByte(userCodeAlphabet[int(c)%len(userCodeAlphabet)])
	}
	return sb.String()
}

// NormalizeUserCode uppercases a user code as typed and puts its dash back.
func NormalizeUserCode(c string) string {
	c = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		if strings.ContainsRune(userCodeAlphabet, r) {
			return r
		}
		return -1
	}, c)
	if len(c) == 8 {
		c = c[:4] + "-" + c[4:]
	}
	return c
}

// StartDevice begins a device authorisation for the organisation.
func (s *Service) StartDevice(ctx context.Context, orgID, baseURL string) (DeviceAuthorization, error) {
	if _, err := pgstore.OrgSSOByID(ctx, s.DB, orgID); err != nil {
		if errors.Is(err, pgstore.ErrNotFound) {
			return DeviceAuthorization{}, ErrNotConfigured
		}
		return DeviceAuthorization{}, fmt.Errorf("read single sign-on settings: %w", err)
	}
	d := DeviceAuthorization{DeviceCode: randomString(), UserCode: newUserCode(), ExpiresIn: DeviceCodeTTL,
		Interval: DeviceInterval}
	d.VerificationURI = strings.TrimSuffix(baseURL, "/") + DevicePath
	d.VerificationURIComplete = d.VerificationURI + "?user_code=" + d.UserCode
	b, _ := json.Marshal(deviceState{OrgID: orgID, UserCode: d.UserCode})
	ok, err := s.Redis.SetNX(ctx, userCodeKey(d.UserCode), d.DeviceCode, DeviceCodeTTL).Result()
	if err != nil {
		return DeviceAuthorization{}, fmt.Errorf("keep the device code: %w", err)
	}
	if !ok {
		return DeviceAuthorization{}, errors.New("user code collision; try again")
	}
	if err := s.Redis.Set(ctx, deviceKey(d.DeviceCode), b, DeviceCodeTTL).Err(); err != nil {
		return DeviceAuthorization{}, fmt.Errorf("keep the device code: %w", err)
	}
	return d, nil
}

// BeginDevice starts the provider login that approves the device showing userCode.
func (s *Service) BeginDevice(ctx context.Context, userCode, baseURL string) (string, error) {
	deviceCode, err := s.Redis.Get(ctx, userCodeKey(NormalizeUserCode(userCode))).Result()
	if errors.Is(err, redis.Nil) {
		return "", ErrInvalidCode
	}
	if err != nil {
		return "", fmt.Errorf("read the user code: %w", err)
	}
	st, err := s.deviceState(ctx, deviceCode)
	if err != nil {
		return "", err
	}
	return s.Begin(ctx, BeginRequest{OrgID: st.OrgID, BaseURL: baseURL, deviceCode: deviceCode})
}

func (s *Service) deviceState(ctx context.Context, deviceCode string) (deviceState, error) {
	b, err := s.Redis.Get(ctx, deviceKey(deviceCode)).Bytes()
	if errors.Is(err, redis.Nil) {
		return deviceState{}, ErrExpiredToken
	}
	if err != nil {
		return deviceState{}, fmt.Errorf("read the device code: %w", err)
	}
	var st deviceState
	return st, json.Unmarshal(b, &st)
}

// approveDevice records who signed in for the device; its next poll gets the session.
func (s *Service) approveDevice(ctx context.Context, deviceCode, userID, orgID string) error {
	st, err := s.deviceState(ctx, deviceCode)
	if err != nil {
		return err
	}
	if st.OrgID != orgID {
		return fmt.Errorf("%w: the device code belongs to another organisation", ErrLoginFailed)
	}
	st.UserID = userID
	b, _ := json.Marshal(st)
	if err := s.Redis.Set(ctx, deviceKey(deviceCode), b, redis.KeepTTL).Err(); err != nil {
		return fmt.Errorf("approve the device: %w", err)
	}
	s.Redis.Del(ctx, userCodeKey(st.UserCode))
	return nil
}

// PollDevice answers a machine's poll: ErrAuthorizationPending until a person signs in, ErrSlowDown when
// it polls faster than DeviceInterval, ErrExpiredToken once the code is gone, and then the session, once.
func (s *Service) PollDevice(ctx context.Context, deviceCode string) (auth.Session, error) {
	st, err := s.deviceState(ctx, deviceCode)
	if err != nil {
		return auth.Session{}, err
	}
	if st.UserID == "" {
		now := time.Now()
		slow := now.Sub(st.LastPoll) < DeviceInterval-500*time.Millisecond
		st.LastPoll = now
		b, _ := json.Marshal(st)
		s.Redis.Set(ctx, deviceKey(deviceCode), b, redis.KeepTTL)
		if slow {
			return auth.Session{}, ErrSlowDown
		}
		return auth.Session{}, ErrAuthorizationPending
	}
	if n, err := s.Redis.Del(ctx, deviceKey(deviceCode)).Result(); err != nil || n == 0 {
		return auth.Session{}, ErrExpiredToken // another poll took it
	}
	u, err := pgstore.UserByID(ctx, s.DB, st.UserID)
	if err != nil {
		return auth.Session{}, ErrDeprovisioned
	}
	return s.Auth.OpenSession(ctx, u)
}
