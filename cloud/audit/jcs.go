package audit

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxSafeInteger is the largest integer an IEEE 754 double holds exactly (2^53 - 1): RFC 8785 writes
// numbers as ECMAScript does, which for an integer of this size or less is its decimal digits.
const maxSafeInteger = 1<<53 - 1

// Canonical returns the RFC 8785 (JCS) canonical JSON of v: object members sorted by the UTF-16 code
// units of their names, no insignificant whitespace, strings escaped as ECMAScript's JSON.stringify
// does. It takes the values an audit event holds: nil, bool, string, the integer types and json.Number
// (integers within ±(2^53-1): no fraction or exponent), map[string]any, map[string]string, []any and
// []string, nested. Anything else, a string that is not UTF-8, or an integer out of range is an error.
func Canonical(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := appendCanonical(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// CanonicalJSON parses one JSON value and returns its canonical form (see Canonical). An object with
// a member name twice is an error, as RFC 8785 requires.
func CanonicalJSON(data []byte) ([]byte, error) {
	v, err := ParseJSON(data)
	if err != nil {
		return nil, err
	}
	return Canonical(v)
}

// ParseJSON parses one JSON value into the types Canonical takes (objects as map[string]any, arrays as
// []any, numbers as json.Number), refusing an object that names a member twice.
func ParseJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := parseValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("json: more than one value")
	}
	return v, nil
}

func parseValue(dec *json.Decoder) (any, error) {
	t, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("json: %w", err)
	}
	switch t := t.(type) {
	case json.Delim:
		switch t {
		case '{':
			obj := map[string]any{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, fmt.Errorf("json: %w", err)
				}
				name := k.(string)
				if _, dup := obj[name]; dup {
					return nil, fmt.Errorf("json: the member %q appears twice", name)
				}
				if obj[name], err = parseValue(dec); err != nil {
					return nil, err
				}
			}
			_, err := dec.Token()
			return obj, err
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			_, err := dec.Token()
			return arr, err
		}
		return nil, fmt.Errorf("json: unexpected %v", t)
	default:
		return t, nil
	}
}

func appendCanonical(b *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case string:
		return appendString(b, v)
	case int:
		return appendInt(b, int64(v))
	case int32:
		return appendInt(b, int64(v))
	case int64:
		return appendInt(b, v)
	case uint32:
		return appendInt(b, int64(v))
	case json.Number:
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return fmt.Errorf("canonical json: the number %s is not an integer this log writes", v)
		}
		return appendInt(b, n)
	case rawJSON:
		b.Write(v)
	case map[string]any:
		return appendObject(b, v)
	case map[string]string:
		m := make(map[string]any, len(v))
		for k, s := range v {
			m[k] = s
		}
		return appendObject(b, m)
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := appendCanonical(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case []string:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := appendString(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	default:
		return fmt.Errorf("canonical json: a value of type %T", v)
	}
	return nil
}

func appendInt(b *bytes.Buffer, n int64) error {
	if n > maxSafeInteger || n < -maxSafeInteger {
		return fmt.Errorf("canonical json: the integer %d is beyond ±(2^53-1)", n)
	}
	b.WriteString(strconv.FormatInt(n, 10))
	return nil
}

func appendObject(b *bytes.Buffer, m map[string]any) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareUTF16)
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := appendString(b, k); err != nil {
			return err
		}
		b.WriteByte(':')
		if err := appendCanonical(b, m[k]); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// compareUTF16 orders strings by their UTF-16 code units, as RFC 8785 sorts member names: a character
// beyond the Basic Multilingual Plane (a surrogate pair, 0xD800-0xDBFF first) sorts before U+E000-U+FFFF,
// unlike in UTF-8 byte order.
func compareUTF16(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return cmp.Compare(utf16Units(ra), utf16Units(rb))
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

// utf16Units packs r's UTF-16 code units into one number that orders as the units do: the first unit
// high, the second (of a surrogate pair) low.
func utf16Units(r rune) uint32 {
	if r >= 0x10000 {
		hi, lo := utf16.EncodeRune(r)
		return uint32(hi)<<16 | uint32(lo)
	}
	return uint32(r) << 16
}

func appendString(b *bytes.Buffer, s string) error {
	if !utf8.ValidString(s) {
		return errors.New("canonical json: a string that is not UTF-8")
	}
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			b.WriteString(`\"`)
		case c == '\\':
			b.WriteString(`\\`)
		case c >= 0x20:
			b.WriteByte(c)
		case c == '\b':
			b.WriteString(`\b`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\f':
			b.WriteString(`\f`)
		case c == '\r':
			b.WriteString(`\r`)
		default:
			const hex = "0123456789abcdef"
			b.WriteString(`\u00`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		}
	}
	b.WriteByte('"')
	return nil
}
