package backends

import (
	"errors"
	"fmt"
	"testing"

	"github.com/cmdai/cmdai/models/ollama"
	"github.com/cmdai/cmdai/models/openai"
)

// What a person reads is the backend's error and then what to do about it, as one sentence; the error
// stays matchable through the advice.
func TestAdvise(t *testing.T) {
	const u, v1 = "http://127.0.0.1:9", "http://127.0.0.1:9/v1"
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&ollama.NotRunningError{URL: u},
			"ollama is not running at http://127.0.0.1:9: start it with 'ollama serve', or set ollama.url (or another backend) with 'cmdai config edit'"},
		{&ollama.ModelMissingError{Model: "qwen:7b", URL: u},
			`model not found in ollama: "qwen:7b" is not on the ollama server at http://127.0.0.1:9: pull it with 'ollama pull qwen:7b', or pick another with --model or ollama.model in 'cmdai config edit'`},
		{&ollama.InvalidURLError{URL: "localhost"},
			`ollama.url "localhost" is not a URL such as http://127.0.0.1:11434: set it with 'cmdai config edit'`},
		{&openai.UnreachableError{URL: v1},
			"no OpenAI-compatible server answers at http://127.0.0.1:9/v1: start the server (vLLM, llama-server, LM Studio, or 'ollama serve' with http://127.0.0.1:11434/v1), or set openai.url with 'cmdai config edit'"},
		{&openai.UnauthorizedError{URL: v1, Status: 401, Message: "no key"},
			"the server refused the API key: http://127.0.0.1:9/v1 answered HTTP 401 (no key): name the variable that holds the key with openai.api_key_env in 'cmdai config edit'"},
		{&openai.UnauthorizedError{URL: v1, Status: 401, Message: "no key", KeyEnv: "VLLM_KEY"},
			"the server refused the API key: http://127.0.0.1:9/v1 answered HTTP 401 (no key) and $VLLM_KEY is not set: export VLLM_KEY with your API key (openai.api_key_env names the variable)"},
		{&openai.UnauthorizedError{URL: v1, Status: 403, Message: "bad key", KeyEnv: "VLLM_KEY", KeySet: true},
			"the server refused the API key: http://127.0.0.1:9/v1 answered HTTP 403 (bad key): check the key in $VLLM_KEY (openai.api_key_env names the variable)"},
		{&openai.ModelMissingError{URL: v1},
			"model not found on the server: the server at http://127.0.0.1:9/v1 lists no models: load one there, or set openai.model with 'cmdai config edit'"},
		{&openai.ModelMissingError{Model: "qwen", URL: v1},
			`model not found on the server: http://127.0.0.1:9/v1 does not serve "qwen": load it there (for Ollama: 'ollama pull qwen'), or pick another with --model or openai.model in 'cmdai config edit'`},
		{&openai.InvalidURLError{URL: "ftp://x"},
			`openai.url "ftp://x" is not a URL such as http://127.0.0.1:8000/v1: set it with 'cmdai config edit'`},
	} {
		wrapped := fmt.Errorf("ollama backend: %w", tc.err)
		got := Advise(wrapped)
		if got.Error() != "ollama backend: "+tc.want {
			t.Errorf("Advise(%T):\n got %s\nwant ollama backend: %s", tc.err, got, tc.want)
		}
		if !errors.Is(got, tc.err) {
			t.Errorf("Advise(%T) hides the error from errors.Is", tc.err)
		}
		if again := Advise(got); again.Error() != got.Error() {
			t.Errorf("advised twice: %s", again)
		}
	}

	var down *ollama.NotRunningError
	if !errors.As(Advise(&ollama.NotRunningError{URL: u}), &down) || down.URL != u {
		t.Error("errors.As does not find the NotRunningError through the advice")
	}
	plain := errors.New("something else")
	if Advise(plain) != plain || Advise(nil) != nil {
		t.Error("Advise changed an error it has no advice for")
	}
}
