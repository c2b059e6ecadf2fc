package seal

import (
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"strings"
)

// ErrPhrase means a recovery phrase is mistyped or is not one.
var ErrPhrase = errors.New("not a valid recovery phrase (check for typos: it is 11 groups of 5 letters and digits)")

var phraseEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// Phrase writes k as a recovery phrase: the key and a two-byte checksum in base32, in groups of five
// separated by dashes, so that a typo is caught rather than turned into a different key.
func (k Key) Phrase() string {
	sum := sha256.Sum256(k[:])
	s := phraseEncoding.EncodeToString(append(k[:], sum[:2]...))
	var groups []string
	for len(s) > 5 {
		groups = append(groups, s[:5])
		s = s[5:]
	}
	groups = append(groups, s)
	return strings.Join(groups, "-")
}

// ParsePhrase reads a recovery phrase written by Phrase, ignoring case, spaces and dashes; it reads the
// digits 0, 1 and 8 as the letters O, I and B that base32 uses.
func ParsePhrase(s string) (Key, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '\t', '\n', '\r':
			return -1
		case '0':
			return 'O'
		case '1':
			return 'I'
		case '8':
			return 'B'
		}
		return r
	}, strings.ToUpper(s))
	b, err := phraseEncoding.DecodeString(s)
	if err != nil || len(b) != KeySize+2 {
		return Key{}, ErrPhrase
	}
	var k Key
	copy(k[:], b)
	sum := sha256.Sum256(k[:])
	if b[KeySize] != sum[0] || b[KeySize+1] != sum[1] {
		return Key{}, ErrPhrase
	}
	return k, nil
}
