package prompt

import (
	"sync/atomic"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline"
)

// Retrieved examples: a prompt carries at most maxRetrieved, and all its worked examples together at
// most exampleBudget bytes (about 500 tokens), so that the system prompt, the examples and the request
// fit a small model's context (2048 tokens for the embedded default) with room for the answer.
const (
	maxRetrieved  = 4
	exampleBudget = 2000
)

// noRetrieval turns retrieval off: every prompt carries the fixed examples.
var noRetrieval atomic.Bool

// SetRetrieval turns the retrieval of worked examples on (the default) or off, for comparing a model's
// answers with and without it (cmdai-eval -retrieval=false).
func SetRetrieval(on bool) { noRetrieval.Store(!on) }

// examplesFor picks the worked examples of req's prompt: those of the tldr pages that match the request
// best, then fixed ones for its shell while the budget lasts.
func examplesFor(req models.Request, fixed []example) []example {
	shell := shellOf(req)
	var out []example
	size := 0
	add := func(ex example) bool {
		n := len(ex.Request) + len(ex.Command) + len(ex.Explanation) + 40
		if size+n > exampleBudget {
			return false
		}
		size += n
		out = append(out, ex)
		return true
	}
	if !noRetrieval.Load() && shell != "fish" {
		for _, ex := range offline.Examples(req.Prompt, req.OS, maxRetrieved) {
			if !add(example{Request: ex.Request, Command: ex.Command, Explanation: ex.Explanation}) {
				break
			}
		}
	}
	for _, ex := range fixed {
		if len(out) >= maxRetrieved+1 {
			break
		}
		if len(ex.Shells) > 0 && !containsString(ex.Shells, shell) {
			continue
		}
		if !add(ex) {
			break
		}
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
