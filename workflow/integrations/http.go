package integrations

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// maxBody bounds what an integration reads of an answer.
const maxBody = 1 << 20

// HTTP calls a URL: the workflow's http action. Parameters: url, method (GET), body, headers (a map),
// expected_status (any 2xx when unset).
type HTTP struct{ Client *http.Client }

// Name is "http".
func (*HTTP) Name() string { return "http" }

// Version of the integration.
func (*HTTP) Version() string { return "1.0.0" }

// ValidateConfig accepts any settings: the http action needs none.
func (*HTTP) ValidateConfig(map[string]string) error { return nil }

// StatusError is an answer whose status was not the one expected.
type StatusError struct {
	URL        string
	Got, Want  int
	BodyPrefix string
}

func (e *StatusError) Error() string {
	want := "a 2xx status"
	if e.Want != 0 {
		want = fmt.Sprint(e.Want)
	}
	return fmt.Sprintf("%s answered %d, not %s", e.URL, e.Got, want)
}

// Execute sends the request and checks the status.
func (h *HTTP) Execute(ctx context.Context, req Request) (Result, error) {
	url := param(req.Parameters, "url")
	if url == "" {
		return Result{}, fmt.Errorf("http: no url")
	}
	method := strings.ToUpper(param(req.Parameters, "method"))
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	if b := param(req.Parameters, "body"); b != "" {
		body = strings.NewReader(b)
	}
	r, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return Result{}, fmt.Errorf("http: %w", err)
	}
	if hs, ok := req.Parameters["headers"].(map[string]string); ok {
		for k, v := range hs {
			r.Header.Set(k, v)
		}
	}
	want := 0
	if s := param(req.Parameters, "expected_status"); s != "" && s != "0" {
		fmt.Sscan(s, &want)
	}
	resp, err := h.Client.Do(r)
	if err != nil {
		return Result{}, fmt.Errorf("http: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	res := Result{Output: strings.TrimSpace(string(b)), StatusCode: resp.StatusCode}
	if want != 0 && resp.StatusCode != want || want == 0 && (resp.StatusCode < 200 || resp.StatusCode > 299) {
		return res, &StatusError{URL: url, Got: resp.StatusCode, Want: want}
	}
	return res, nil
}
