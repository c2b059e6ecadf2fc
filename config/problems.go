package config

import (
	"encoding"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Errors is every problem a config file has, each located by line. A Config loaded with them holds the
// defaults in place of the settings they name and everything else from the file, so a command that can
// go on with a warning (cmdai check) does, and the daemon keeps running.
type Errors []*Error

func (e Errors) Error() string {
	lines := make([]string, len(e))
	for i, err := range e {
		lines[i] = err.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find each *Error.
func (e Errors) Unwrap() []error {
	out := make([]error, len(e))
	for i, err := range e {
		out[i] = err
	}
	return out
}

// checker walks a decoded TOML tree against the Config struct, recording a problem for every key it
// does not know and every value of the wrong type, and removing them from the tree so that what is
// left decodes.
type checker struct {
	path string
	data []byte
	errs Errors
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// table checks the keys of tree, a TOML table, against the struct type t; at is where the table sits
// (its dotted key and array indices) and def its default value.
func (c *checker) table(tree map[string]any, t reflect.Type, def reflect.Value, at []string) {
	fields := map[string]int{}
	var names []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ",")
		if name != "" && name != "-" {
			fields[name] = i
			names = append(names, name)
		}
	}
	keys := make([]string, 0, len(tree))
	for k := range tree {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		here := append(slices.Clip(at), k)
		i, ok := fields[k]
		if !ok {
			c.unknown(here, tree[k], names)
			delete(tree, k)
			continue
		}
		if v, ok := c.value(tree[k], t.Field(i).Type, def.Field(i), here); ok {
			tree[k] = v
		} else {
			delete(tree, k)
		}
	}
}

// value checks one value against the Go type it decodes into, and returns what of it may stay; false
// means it was recorded as a problem and must go.
func (c *checker) value(v any, t reflect.Type, def reflect.Value, at []string) (any, bool) {
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		s, ok := v.(string)
		if !ok {
			c.wrongType(at, v, fmt.Sprintf("a string such as %q", defaultText(def)))
			return nil, false
		}
		if err := reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			c.errs = append(c.errs, &Error{Path: c.path, Line: c.line(at), Msg: dotted(at) + ": " + err.Error()})
			return nil, false
		}
		return v, true
	}
	ok := true
	switch t.Kind() {
	case reflect.String:
		if _, ok = v.(string); !ok {
			c.wrongType(at, v, "a string in quotes"+example(def))
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		if _, ok = v.(int64); !ok {
			c.wrongType(at, v, "a whole number"+example(def))
		}
	case reflect.Bool:
		if _, ok = v.(bool); !ok {
			c.wrongType(at, v, "true or false")
		}
	case reflect.Struct:
		m, isTable := v.(map[string]any)
		if !isTable {
			c.wrongType(at, v, "a table ["+dotted(at)+"]")
			return nil, false
		}
		c.table(m, t, def, at)
	case reflect.Slice:
		list, isList := v.([]any)
		if !isList {
			want := `a list in brackets, such as ["a", "b"]`
			if t.Elem().Kind() == reflect.Struct {
				want = "[[" + dotted(at) + "]] tables"
			}
			c.wrongType(at, v, want)
			return nil, false
		}
		// A list keeps its good elements: one broken deny rule does not take the others with it.
		var kept []any
		for i, e := range list {
			if e, ok := c.value(e, t.Elem(), reflect.New(t.Elem()).Elem(), append(slices.Clip(at), strconv.Itoa(i))); ok {
				kept = append(kept, e)
			}
		}
		return kept, true
	}
	return v, ok
}

// unknown records a key the config does not have, with the known one it most likely meant.
func (c *checker) unknown(at []string, v any, known []string) {
	key := strings.Join(at, ".")
	what := "unknown key " + key
	if _, table := v.(map[string]any); table {
		what = "unknown table [" + key + "]"
	}
	if s := closest(at[len(at)-1], known); s != "" {
		if _, table := v.(map[string]any); table {
			what += fmt.Sprintf("; did you mean [%s]?", strings.Join(append(slices.Clone(at[:len(at)-1]), s), "."))
		} else {
			what += fmt.Sprintf("; did you mean %s?", strings.Join(append(slices.Clone(at[:len(at)-1]), s), "."))
		}
	} else {
		what += " (known here: " + strings.Join(known, ", ") + ")"
	}
	c.errs = append(c.errs, &Error{Path: c.path, Line: c.line(at), Msg: what})
}

// wrongType records a value of the wrong type, saying what the setting takes.
func (c *checker) wrongType(at []string, v any, want string) {
	c.errs = append(c.errs, &Error{Path: c.path, Line: c.line(at),
		Msg: fmt.Sprintf("%s: expected %s, got %s", dotted(at), want, describe(v))})
}

// describe names a TOML value as a person reads it.
func describe(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case int64:
		return "the number " + strconv.FormatInt(v, 10)
	case float64:
		return "the number " + strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case map[string]any:
		return "a table"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("%v", v)
}

// example is " such as DEFAULT" when the setting's default says something.
func example(def reflect.Value) string {
	if !def.IsValid() || def.IsZero() {
		return ""
	}
	switch def.Kind() {
	case reflect.String:
		return fmt.Sprintf(" such as %q", def.String())
	case reflect.Int, reflect.Int64, reflect.Int32:
		return fmt.Sprintf(" such as %d", def.Int())
	}
	return ""
}

func defaultText(def reflect.Value) string {
	if m, ok := def.Interface().(encoding.TextMarshaler); ok && !def.IsZero() {
		if b, err := m.MarshalText(); err == nil {
			return string(b)
		}
	}
	return "…"
}

// dotted writes a key path as the messages do: safety.allow[0].risk.
func dotted(at []string) string {
	var b strings.Builder
	for i, k := range at {
		if _, err := strconv.Atoi(k); err == nil {
			b.WriteString("[" + k + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(k)
	}
	return b.String()
}

// line finds where the file sets the key at: its own line, or its table's header. 0 when not found.
func (c *checker) line(at []string) int { return lineOf(c.data, at) }

// lineOf finds the line of a key path in a config file: [table] and [[array]] headers (the nth for
// an index), dotted keys, and key = value lines.
func lineOf(data []byte, at []string) int {
	// The table path and element index the key lives in, and the key itself.
	var table []string
	index := -1
	key := ""
	for i, k := range at {
		if n, err := strconv.Atoi(k); err == nil {
			index = n
			continue
		}
		if i == len(at)-1 {
			key = k
		} else {
			table = append(table, k)
		}
	}
	want := strings.Join(table, ".")
	current, seen, header := "", map[string]int{}, 0
	inTable := want == ""
	for i, raw := range strings.Split(string(data), "\n") {
		l := strings.TrimSpace(raw)
		if strings.HasPrefix(l, "[") {
			name := strings.TrimSpace(strings.Trim(l, "[]"))
			if j := strings.IndexByte(name, '#'); j >= 0 {
				name = strings.TrimSpace(strings.Trim(name[:j], "[] "))
			}
			current = name
			n := seen[name]
			seen[name]++
			inTable = name == want && (index < 0 || n == index)
			if inTable && header == 0 {
				header = i + 1
			}
			// The header of an unknown or mistyped table names it.
			if name == strings.Join(at, ".") && index < 0 {
				return i + 1
			}
			continue
		}
		name, _, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		name = strings.TrimSpace(name)
		full := name
		if current != "" {
			full = current + "." + name
		}
		if inTable && name == key || index < 0 && full == strings.Join(at, ".") {
			return i + 1
		}
	}
	return header
}

// closest is the known name s was most likely a typo of, or "".
func closest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(strings.ToLower(s), k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the edit distance of a and b (insertions, deletions, substitutions, transpositions).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// problemKey is the key path a validation message starts with ("safety.allow[0]: ...").
func problemKey(msg string) []string {
	key, _, _ := strings.Cut(msg, ":")
	var at []string
	for _, part := range strings.Split(key, ".") {
		name, rest, _ := strings.Cut(part, "[")
		at = append(at, name)
		for rest != "" {
			n, after, _ := strings.Cut(rest, "]")
			at = append(at, n)
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return at
}

// remove deletes the key path at from tree (an element of a list, or a key of a table).
func remove(tree map[string]any, at []string) {
	var node any = tree
	for i, k := range at {
		last := i == len(at)-1
		switch n := node.(type) {
		case map[string]any:
			if last {
				delete(n, k)
				return
			}
			next := n[k]
			if idx, err := strconv.Atoi(at[i+1]); err == nil && i+1 == len(at)-1 {
				if list, ok := next.([]any); ok && idx < len(list) {
					n[k] = slices.Delete(slices.Clone(list), idx, idx+1)
				}
				return
			}
			node = next
		case []any:
			idx, err := strconv.Atoi(k)
			if err != nil || idx >= len(n) {
				return
			}
			node = n[idx]
		default:
			return
		}
	}
}

// decodeTree decodes what is left of tree over the defaults.
func decodeTree(tree map[string]any) (Config, error) {
	cfg := Default()
	b, err := toml.Marshal(tree)
	if err != nil {
		return cfg, err
	}
	if err := toml.Unmarshal(b, &cfg); err != nil {
		return Default(), err
	}
	return cfg, nil
}
