package tinygguf

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// vocabSize is how many of Llama 3.2's byte-level BPE tokens the tiny models keep: the 256 byte tokens
// and the most frequent merges after them, enough to spell any text.
const vocabSize = 1024

// controlTokens follow the kept tokens. Both Llama 3 and ChatML markers are there so either chat format
// tokenizes its markers as single tokens.
var controlTokens = []string{
	"<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>",
	"<|im_start|>", "<|im_end|>",
}

type vocab struct {
	tokens   []string
	types    []int32
	merges   []string
	bos, eos int
}

var (
	vocabOnce sync.Once
	vocabVal  vocab
	vocabErr  error
)

func loadVocab() (vocab, error) {
	vocabOnce.Do(func() { vocabVal, vocabErr = readVocab() })
	return vocabVal, vocabErr
}

// ollamaDir finds the source of the pinned github.com/ollama/ollama module, whose tokenizer test data holds
// the vocabulary. It asks the go command, so it works wherever the module's sources can be downloaded.
func ollamaDir() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/ollama/ollama").Output()
	dir := strings.TrimSpace(string(out))
	if err == nil && dir == "" {
		// Not downloaded yet: go list reports no directory until the module is in the cache.
		if out, err = exec.Command("go", "mod", "download", "-json", "github.com/ollama/ollama").Output(); err == nil {
			var m struct{ Dir string }
			err = json.Unmarshal(out, &m)
			dir = m.Dir
		}
	}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return "", fmt.Errorf("locate github.com/ollama/ollama sources: %s: %w", strings.TrimSpace(string(ee.Stderr)), err)
		}
		return "", fmt.Errorf("locate github.com/ollama/ollama sources: %w", err)
	}
	if dir == "" {
		return "", fmt.Errorf("locate github.com/ollama/ollama sources: go did not report a directory")
	}
	return dir, nil
}

func readVocab() (vocab, error) {
	dir, err := ollamaDir()
	if err != nil {
		return vocab{}, err
	}
	data := filepath.Join(dir, "tokenizer", "testdata", "llama3.2")
	raw, err := os.ReadFile(filepath.Join(data, "encoder.json"))
	if err != nil {
		return vocab{}, fmt.Errorf("read tokenizer vocabulary: %w", err)
	}
	var ids map[string]int
	if err := json.Unmarshal(raw, &ids); err != nil {
		return vocab{}, fmt.Errorf("parse tokenizer vocabulary: %w", err)
	}
	v := vocab{tokens: make([]string, vocabSize)}
	kept := make(map[string]bool, vocabSize)
	for tok, id := range ids {
		if id < vocabSize {
			v.tokens[id] = tok
			kept[tok] = true
		}
	}
	for id, tok := range v.tokens {
		if tok == "" {
			return vocab{}, fmt.Errorf("tokenizer vocabulary has no token %d", id)
		}
	}
	v.types = make([]int32, len(v.tokens), len(v.tokens)+len(controlTokens))
	for i := range v.types {
		v.types[i] = 1 // normal
	}
	for _, tok := range controlTokens {
		v.tokens = append(v.tokens, tok)
		v.types = append(v.types, 3) // control
	}
	v.bos = vocabSize                          // <|begin_of_text|>
	v.eos = vocabSize + len(controlTokens) - 1 // <|im_end|>

	f, err := os.Open(filepath.Join(data, "vocab.bpe"))
	if err != nil {
		return vocab{}, fmt.Errorf("read tokenizer merges: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		a, b, ok := strings.Cut(sc.Text(), " ")
		if ok && kept[a] && kept[b] && kept[a+b] {
			v.merges = append(v.merges, a+" "+b)
		}
	}
	if err := sc.Err(); err != nil {
		return vocab{}, fmt.Errorf("read tokenizer merges: %w", err)
	}
	return v, nil
}
