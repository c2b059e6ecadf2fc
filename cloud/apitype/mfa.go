package apitype

// MFAEnrollment answers an enrolment: the TOTP secret for an authenticator app, as text and as an
// otpauth:// URL to show as a QR code. It is not on until a code from it is confirmed.
type MFAEnrollment struct {
	Secret     string `json:"secret"`
	OTPAuthURL string `json:"otpauth_url"`
}

// MFACodeRequest is a second-factor code: six digits from the app, or a recovery code (xxxxx-xxxxx).
// MFAToken is set when the request answers a login's challenge instead of carrying a session.
type MFACodeRequest struct {
	MFAToken string `json:"mfa_token,omitempty"`
	Code     string `json:"code"`
}

// MFATokenRequest starts the enrolment a login's challenge asks for.
type MFATokenRequest struct {
	MFAToken string `json:"mfa_token"`
}

// MFARecoveryCodes answers a confirmed enrolment: the recovery codes, shown only now, and, for an
// enrolment a login asked for, the session.
type MFARecoveryCodes struct {
	RecoveryCodes []string `json:"recovery_codes"`
	Session       *Session `json:"session,omitempty"`
}
