package secrets

import "bytes"

// SealedPrefix is how every value Seal returns begins, so that stored values can be found (and told
// from ones written before sealing) without opening them.
func SealedPrefix() []byte { return bytes.Clone(magic) }

// IsSealed reports whether b looks like a value Seal returned.
func IsSealed(b []byte) bool { return bytes.HasPrefix(b, magic) }
