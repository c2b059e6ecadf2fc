package audit

import (
	"encoding/json"
	"strings"
	"testing"
)

// RFC 8785's examples, for the types an audit event holds: strings (section 3.2.2.2), literals
// (3.2.2.1), integers (Appendix B) and the sorting of member names by UTF-16 code units (3.2.3).
func TestCanonicalRFC8785(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{
			// Section 3.2.2's example without its non-integer numbers, which this log never writes.
			name: "3.2.2 strings and literals",
			in: `{
  "numbers": [333333333, 0, -0, 1, -1, 9007199254740991, -9007199254740991],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`,
			want: `{"literals":[null,true,false],"numbers":[333333333,0,0,1,-1,9007199254740991,-9007199254740991],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
		},
		{
			name: "3.2.3 sorting",
			in: `{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}`,
			want: "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\"," +
				"\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\uFB33\":\"Hebrew Letter Dalet With Dagesh\"}",
		},
		{
			name: "control characters",
			in:   `["\u0000\u0001\b\t\n\u000b\f\r\u001f \u007f\u2028"]`,
			want: "[\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f \u007f\u2028\"]",
		},
		{name: "nesting and empties", in: ` { "b" : [ { } , [ ] , "" ] , "a" : { "z" : 1 , "y" : { } } } `, want: `{"a":{"y":{},"z":1},"b":[{},[],""]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CanonicalJSON([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			// Canonical JSON is a fixed point.
			again, err := CanonicalJSON(got)
			if err != nil || string(again) != string(got) {
				t.Errorf("canonicalising the canonical form changed it: %s, %v", again, err)
			}
		})
	}
}

// The 3.2.3 example's sort order, spelt out as the RFC lists it, with the UTF-16 code units that decide it.
func TestCanonicalSortsByUTF16(t *testing.T) {
	got, err := Canonical(map[string]any{"\U0001F600": 1, "\uFB33": 2, "\u20AC": 3})
	if err != nil {
		t.Fatal(err)
	}
	// U+1F600 is D83D DE00 in UTF-16, which sorts before FB33 though its UTF-8 (F0...) sorts after EF...
	if want := "{\"€\":3,\"😀\":1,\"\uFB33\":2}"; string(got) != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	if compareUTF16("a", "ab") >= 0 || compareUTF16("ab", "a") <= 0 || compareUTF16("x", "x") != 0 {
		t.Fatal("a prefix does not sort first")
	}
}

// What canonical JSON cannot hold is refused, not written in some other form.
func TestCanonicalRefuses(t *testing.T) {
	for _, in := range []string{`1.5`, `1e3`, `1.0`, `9007199254740992`, `-9007199254740992`, `{"a":1,"a":2}`, `[1] [2]`, `{`} {
		if out, err := CanonicalJSON([]byte(in)); err == nil {
			t.Errorf("%s: canonicalised to %s", in, out)
		}
	}
	for _, v := range []any{"\xff", 3.5, struct{}{}, map[string]any{"a": []any{"ok", "\xc3"}}, int64(1 << 60)} {
		if out, err := Canonical(v); err == nil {
			t.Errorf("%#v: canonicalised to %s", v, out)
		}
	}
}

// Go's own encoder agrees with the canonical form on what both can write (objects with ASCII names,
// integers, strings without HTML characters), which catches an escaping slip.
func TestCanonicalAgreesWithEncodingJSON(t *testing.T) {
	v := map[string]any{"zeta": []any{int64(1), "two", true, nil}, "alpha": map[string]any{"k": "line\nbreak \"q\" \\ tab\t"},
		"mid": strings.Repeat("é", 3)}
	got, err := Canonical(v)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatalf("canonical %s\nencoding/json %s", got, want)
	}
}
