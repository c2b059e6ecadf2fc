package cli

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/client"
)

// secondFactor finishes a login that needs a second factor: a code from the authenticator app (or a
// recovery code), or, when the organisation requires a factor the account does not have yet, its
// enrolment, which shows the key to add to the app and then the recovery codes, once.
func secondFactor(ctx context.Context, s *streams, in *bufio.Reader, cl *client.Client, mfa *client.MFARequiredError, code string) (apitype.User, error) {
	var err error
	if mfa.Enroll {
		e, err := cl.EnrollMFA(ctx, mfa.Token)
		if err != nil {
			return apitype.User{}, err
		}
		fmt.Fprintf(s.err, "Your organisation requires a second factor. Add this key to your authenticator app:\n\n    %s\n\n(or open %s)\n\n",
			e.Secret, e.OTPAuthURL)
		if code == "" {
			if code, err = ask(s, in, "Code from the app: ", false); err != nil {
				return apitype.User{}, err
			}
		}
		user, codes, err := cl.ConfirmMFA(ctx, mfa.Token, code)
		if err != nil {
			return apitype.User{}, err
		}
		fmt.Fprintf(s.out, "Second factor on. Recovery codes, each usable once if you lose the app (shown only now):\n\n    %s\n\n",
			strings.Join(codes, "\n    "))
		return user, nil
	}
	if code == "" {
		if code, err = ask(s, in, "Code from your authenticator app (or a recovery code): ", false); err != nil {
			return apitype.User{}, err
		}
	}
	return cl.VerifyMFA(ctx, mfa.Token, code)
}
