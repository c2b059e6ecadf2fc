package integrations

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// GitHub acts on a repository through the REST API. Settings: token, api_url (https://api.github.com by
// default, or a GitHub Enterprise's). Operations, with their parameters:
//   - create-issue: repo (owner/name), title, body, labels (a list)
//   - comment: repo, number (of the issue or pull request), body
//   - commit-status: repo, sha, state (pending, success, failure, error), context, description, target_url
type GitHub struct{ Client *http.Client }

// Name is "github".
func (*GitHub) Name() string { return "github" }

// Version of the integration.
func (*GitHub) Version() string { return "1.0.0" }

// ValidateConfig needs a token.
func (*GitHub) ValidateConfig(cfg map[string]string) error {
	if err := require("github", cfg, "token"); err != nil {
		return err
	}
	if cfg["api_url"] != "" {
		return checkURL("github", cfg, "api_url")
	}
	return nil
}

// Execute performs one operation.
func (g *GitHub) Execute(ctx context.Context, req Request) (Result, error) {
	if err := g.ValidateConfig(req.Config); err != nil {
		return Result{}, err
	}
	p := req.Parameters
	op := req.Operation
	if op == "" {
		op = param(p, "operation")
	}
	repo := param(p, "repo")
	if owner, name, ok := strings.Cut(repo, "/"); !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return Result{}, fmt.Errorf("github: repo is owner/name, not %q", repo)
	}
	var path string
	body := map[string]any{}
	switch op {
	case "create-issue":
		path = "/repos/" + repo + "/issues"
		body["title"], body["body"] = param(p, "title"), param(p, "body")
		if body["title"] == "" {
			return Result{}, fmt.Errorf("github: create-issue needs a title")
		}
		if ls, ok := p["labels"].([]any); ok {
			body["labels"] = ls
		}
	case "comment":
		n, err := strconv.Atoi(param(p, "number"))
		if err != nil || n <= 0 {
			return Result{}, fmt.Errorf("github: comment needs the number of an issue or pull request")
		}
		path = fmt.Sprintf("/repos/%s/issues/%d/comments", repo, n)
		body["body"] = param(p, "body")
		if body["body"] == "" {
			body["body"] = req.Message
		}
	case "commit-status":
		sha, state := param(p, "sha"), param(p, "state")
		switch state {
		case "pending", "success", "failure", "error":
		default:
			return Result{}, fmt.Errorf("github: commit-status state is pending, success, failure or error, not %q", state)
		}
		if sha == "" {
			return Result{}, fmt.Errorf("github: commit-status needs a sha")
		}
		path = "/repos/" + repo + "/statuses/" + sha
		body["state"] = state
		for _, k := range []string{"context", "description", "target_url"} {
			if v := param(p, k); v != "" {
				body[k] = v
			}
		}
	default:
		return Result{}, fmt.Errorf("github: no operation %q (use create-issue, comment or commit-status)", op)
	}
	api := strings.TrimRight(req.Config["api_url"], "/")
	if api == "" {
		api = "https://api.github.com"
	}
	b, _ := json.Marshal(body)
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, api+path, bytes.NewReader(b))
	if err != nil {
		return Result{}, fmt.Errorf("github: %w", err)
	}
	r.Header.Set("Accept", "application/vnd.github+json")
	r.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	r.Header.Set("Authorization", "Bearer "+req.Config["token"])
	r.Header.Set("Content-Type", "application/json")
	var answer struct {
		ID      int64  `json:"id"`
		Number  int    `json:"number"`
		HTMLURL string `json:"html_url"`
		URL     string `json:"url"`
	}
	res, err := doJSON(g.Client, r, "github "+op, &answer)
	if err != nil {
		return res, err
	}
	res.Outputs = map[string]string{"id": strconv.FormatInt(answer.ID, 10), "url": answer.HTMLURL}
	if answer.Number != 0 {
		res.Outputs["number"] = strconv.Itoa(answer.Number)
	}
	return res, nil
}
