package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/client"
)

// ssoLogin signs in through the organisation's identity provider: in this machine's browser, coming
// back to a loopback listener (RFC 8252, PKCE), or, with --device or when there is no browser to open,
// with the device grant (RFC 8628) on any other device.
func ssoLogin(ctx context.Context, s *streams, cl *client.Client, f loginFlags) (apitype.User, error) {
	if !f.device {
		user, err := cl.LoginSSO(ctx, f.sso, func(url string) error {
			if err := openBrowser(url); err != nil {
				return err
			}
			fmt.Fprintf(s.err, "Opened your browser to sign in to %s. If it did not open, visit:\n\n    %s\n\n", f.sso, url)
			return nil
		})
		if !errors.Is(err, errNoBrowser) {
			return user, err
		}
		fmt.Fprintln(s.err, "No browser on this machine: sign in on another device instead.")
	}
	d, err := cl.StartDeviceLogin(ctx, f.sso)
	if err != nil {
		return apitype.User{}, err
	}
	fmt.Fprintf(s.err, "To sign in, open\n\n    %s\n\nand enter the code  %s  (it expires in %d minutes).\nWaiting…\n",
		d.VerificationURI, d.UserCode, d.ExpiresIn/60)
	return cl.WaitDeviceLogin(ctx, d)
}
