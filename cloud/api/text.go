package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Text that reaches the API must be valid UTF-8 without NUL characters, whatever route it is sent to:
// PostgreSQL refuses 0x00 in text (and would answer the request with a 500), and Go's JSON decoder would
// silently turn invalid UTF-8 into U+FFFD, storing something the client did not send. Both are refused
// in one place for each way text arrives: checkJSONText for every JSON body (called by decodeLimit), and
// checkRequestText for the path and query of every request (called by observe, before any route).

// errInvalidText is the 400 for text that is not valid UTF-8 or holds a NUL; where names where it was.
func errInvalidText(where string) *Error {
	return errorf(http.StatusBadRequest, CodeInvalidText,
		where+" holds a NUL character or is not valid UTF-8; send UTF-8 text without NUL",
		map[string]string{"where": where})
}

// badText reports whether s is not valid UTF-8 or holds a NUL.
func badText(s string) bool {
	return strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s)
}

// checkJSONText refuses a JSON document with invalid UTF-8 anywhere or a NUL in any string, key or value.
// A NUL can only come from the escape \u0000 (a raw 0x00 is not valid JSON), so documents without one
// are checked by one pass over the bytes.
func checkJSONText(raw []byte) error {
	if !utf8.Valid(raw) {
		return errInvalidText("the request body")
	}
	if !bytes.Contains(raw, []byte(`\u0000`)) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // the document was decoded once already; the end is the only error left
		}
		if s, ok := tok.(string); ok && strings.IndexByte(s, 0) >= 0 {
			return errInvalidText("the request body")
		}
	}
}

// checkRequestText refuses a request whose path or query (after percent-decoding) is not valid UTF-8 or
// holds a NUL, and a query that cannot be parsed.
func checkRequestText(r *http.Request) error {
	if badText(r.URL.Path) {
		return errInvalidText("the path")
	}
	if r.URL.RawQuery == "" {
		return nil
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return errorf(http.StatusBadRequest, CodeBadRequest, "the query string is malformed: "+err.Error(), nil)
	}
	for k, vs := range q {
		if badText(k) {
			return errInvalidText("a query parameter's name")
		}
		for _, v := range vs {
			if badText(v) {
				return errInvalidText("the query parameter " + k)
			}
		}
	}
	return nil
}
