package backends

import (
	"errors"
	"fmt"

	"github.com/cmdai/cmdai/models/ollama"
	"github.com/cmdai/cmdai/models/openai"
)

// Advise adds what a person can do about err to its message when err is one of the model backends'
// typed errors: start the server, pull the model, or change a setting with 'cmdai config edit'. Other
// errors, and errors already advised, come back unchanged. The CLI and the daemon pass a backend's error
// through it before a person sees it; cmdai-server does not, as its callers cannot edit this machine's
// config. The advice follows the whole message, which ends with the backend's own error, as every
// wrapping puts it last.
func Advise(err error) error {
	var done *advised
	if errors.As(err, &done) {
		return err
	}
	if a := advice(err); a != "" {
		return &advised{err: err, advice: a}
	}
	return err
}

func advice(err error) string {
	var (
		ollamaDown    *ollama.NotRunningError
		ollamaMissing *ollama.ModelMissingError
		ollamaURL     *ollama.InvalidURLError
		openaiDown    *openai.UnreachableError
		openaiAuth    *openai.UnauthorizedError
		openaiMissing *openai.ModelMissingError
		openaiURL     *openai.InvalidURLError
	)
	switch {
	case errors.As(err, &ollamaDown):
		return "start it with 'ollama serve', or set ollama.url (or another backend) with 'cmdai config edit'"
	case errors.As(err, &ollamaMissing):
		return fmt.Sprintf("pull it with 'ollama pull %s', or pick another with --model or ollama.model in 'cmdai config edit'", ollamaMissing.Model)
	case errors.As(err, &ollamaURL), errors.As(err, &openaiURL):
		return "set it with 'cmdai config edit'"
	case errors.As(err, &openaiDown):
		return "start the server (vLLM, llama-server, LM Studio, or 'ollama serve' with http://127.0.0.1:11434/v1), or set openai.url with 'cmdai config edit'"
	case errors.As(err, &openaiAuth) && openaiAuth.KeyEnv == "":
		return "name the variable that holds the key with openai.api_key_env in 'cmdai config edit'"
	case errors.As(err, &openaiAuth) && !openaiAuth.KeySet:
		return fmt.Sprintf("export %s with your API key (openai.api_key_env names the variable)", openaiAuth.KeyEnv)
	case errors.As(err, &openaiAuth):
		return fmt.Sprintf("check the key in $%s (openai.api_key_env names the variable)", openaiAuth.KeyEnv)
	case errors.As(err, &openaiMissing) && openaiMissing.Model == "":
		return "load one there, or set openai.model with 'cmdai config edit'"
	case errors.As(err, &openaiMissing):
		return fmt.Sprintf("load it there (for Ollama: 'ollama pull %s'), or pick another with --model or openai.model in 'cmdai config edit'", openaiMissing.Model)
	}
	return ""
}

// advised is an error with what to do about it; errors.Is and errors.As see the error itself.
type advised struct {
	err    error
	advice string
}

func (a *advised) Error() string { return a.err.Error() + ": " + a.advice }
func (a *advised) Unwrap() error { return a.err }
