package api

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// retryAfterSeconds is the Retry-After of a 503: about how long a PostgreSQL restart or fail-over takes.
const retryAfterSeconds = "5"

// dependencyDown reports whether err means PostgreSQL could not be reached or went away mid-request (a
// restart, a fail-over, too many connections), rather than that the request itself was wrong: such a
// request is answered 503 unavailable with Retry-After, so clients and load balancers retry it instead
// of reporting a server fault.
func dependencyDown(err error) bool {
	var connect *pgconn.ConnectError
	if errors.As(err, &connect) {
		return true
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		// 08: connection exceptions; 57P01-57P03: shutting down, crash shutdown, cannot connect now;
		// 53300: too many connections.
		return strings.HasPrefix(pg.Code, "08") || pg.Code == "57P01" || pg.Code == "57P02" ||
			pg.Code == "57P03" || pg.Code == "53300"
	}
	if pgconn.SafeToRetry(err) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, context.DeadlineExceeded)
}
