package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Error is a problem with the config file, located by line where the parser knows it.
type Error struct {
	Path string
	Line int // 0 when unknown
	Col  int
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// Load reads the config file at path over the defaults. A missing file is not an error. Unknown keys,
// syntax errors and invalid values come back as *Error naming the file and line.
func Load(path string) (Config, error) {
	cfg := Default()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		return cfg, fmt.Errorf("read config: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes config file contents over the defaults; path is only used in error messages.
func Parse(path string, data []byte) (Config, error) {
	cfg := Default()
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return Default(), decodeError(path, err)
	}
	if err := cfg.Validate(); err != nil {
		key, _, _ := strings.Cut(err.Error(), ":")
		return Default(), &Error{Path: path, Line: keyLine(data, key), Msg: err.Error()}
	}
	return cfg, nil
}

func decodeError(path string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		var keys []string
		for _, e := range strict.Errors {
			keys = append(keys, strings.Join(e.Key(), "."))
		}
		row, col := strict.Errors[0].Position()
		return &Error{Path: path, Line: row, Col: col, Msg: "unknown key " + strings.Join(keys, ", ")}
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		return &Error{Path: path, Line: row, Col: col, Msg: de.Error()}
	}
	return &Error{Path: path, Msg: err.Error()}
}

// keyLine finds the line that sets a dotted key such as "safety.mode", so validation errors point at it.
// It returns 0 when the key is not written in the file in a form it recognises.
func keyLine(data []byte, dotted string) int {
	dotted, _, _ = strings.Cut(dotted, "[")
	table, key := "", dotted
	if i := strings.LastIndex(dotted, "."); i >= 0 {
		table, key = dotted[:i], dotted[i+1:]
	}
	current := ""
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			current = strings.Trim(line, "[] \t")
			if current == table && key == "" {
				return i + 1
			}
			continue
		}
		name, _, ok := strings.Cut(line, "=")
		if ok && current == table && strings.TrimSpace(name) == key {
			return i + 1
		}
	}
	return 0
}
