package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"slices"
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

// Parse decodes config file contents over the defaults; path is only used in error messages. Every
// problem comes back at once, as Errors, each with its line: an unknown key or table (with the one it
// was likely meant to be), a value of the wrong type (with the type the setting takes), a value cmdai
// cannot use. The Config returned with them holds the defaults in place of the settings they name and
// the rest of the file; a syntax error leaves only the defaults.
func Parse(path string, data []byte) (Config, error) {
	var tree map[string]any
	if err := toml.Unmarshal(data, &tree); err != nil {
		var e *Error
		errors.As(decodeError(path, err), &e)
		return Default(), Errors{e}
	}
	c := &checker{path: path, data: data}
	c.table(tree, reflect.TypeFor[Config](), reflect.ValueOf(Default()), nil)
	cfg, err := decodeTree(tree)
	if err != nil {
		c.errs = append(c.errs, &Error{Path: path, Msg: err.Error()})
	}
	if problems := cfg.problems(); len(problems) > 0 {
		for _, p := range problems {
			c.errs = append(c.errs, &Error{Path: path, Line: lineOf(data, problemKey(p.Error())), Msg: p.Error()})
		}
		// Last first, so that removing safety.deny[2] leaves safety.deny[0] where it was.
		for _, p := range slices.Backward(problems) {
			remove(tree, problemKey(p.Error()))
		}
		cfg, _ = decodeTree(tree)
	}
	if len(c.errs) == 0 {
		return cfg, nil
	}
	slices.SortStableFunc(c.errs, func(a, b *Error) int { return a.Line - b.Line })
	return cfg, c.errs
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
