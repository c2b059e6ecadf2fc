package api

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"

	"github.com/cmdai/cmdai/cloud/apitype"
)

// EnvelopeListener wraps ln so that the errors net/http answers by itself, before any handler runs (a
// malformed request line or header, headers too large, an unsupported transfer encoding, a missing
// Host), reach the client in the API's error body like every other error, instead of Go's plain text.
// TLS connections are passed through as they are: net/http must see a *tls.Conn to serve one.
func EnvelopeListener(ln net.Listener) net.Listener { return envelopeListener{ln} }

type envelopeListener struct{ net.Listener }

func (l envelopeListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if _, ok := c.(*tls.Conn); ok {
		return c, nil
	}
	return envelopeConn{c}, nil
}

// envelopeConn rewrites net/http's own error responses: each is written in one Write, as the status line
// followed at once by exactly these headers (a handler's response always has a Date header, and ours a
// JSON body), then the text of the error.
type envelopeConn struct{ net.Conn }

const (
	plainErrorPrefix  = "HTTP/1.1 "
	plainErrorHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"
)

func (c envelopeConn) Write(b []byte) (int, error) {
	if rewritten, ok := envelopeForPlainError(b); ok {
		if _, err := c.Conn.Write(rewritten); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	return c.Conn.Write(b)
}

// envelopeForPlainError turns one of net/http's plain-text error responses into the same status with the
// error envelope; ok is false for anything else.
func envelopeForPlainError(b []byte) (out []byte, ok bool) {
	if !bytes.HasPrefix(b, []byte(plainErrorPrefix)) {
		return nil, false
	}
	statusLine, text, found := bytes.Cut(b[len(plainErrorPrefix):], []byte(plainErrorHeaders))
	if !found || bytes.ContainsAny(statusLine, "\r\n") || len(statusLine) < 3 {
		return nil, false
	}
	status, err := strconv.Atoi(string(statusLine[:3]))
	if err != nil || status < 400 || status > 599 {
		return nil, false
	}
	code := CodeBadRequest
	switch status {
	case http.StatusRequestHeaderFieldsTooLarge:
		code = CodeHeadersTooLarge
	case http.StatusNotImplemented:
		code = CodeNotImplemented
	case http.StatusHTTPVersionNotSupported:
		code = CodeHTTPVersion
	}
	body, _ := json.Marshal(apitype.ErrorResponse{Error: apitype.Error{Code: code, Message: string(text)}})
	body = append(body, '\n')
	return fmt.Appendf(nil, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s",
		status, http.StatusText(status), len(body), body), true
}
