package auth

import (
	"crypto/sha256"
	"sync"
	"time"
)

// keyUseEvery is how often a busy API key's last_used_at is written: often enough for a person deciding
// which keys to revoke, rarely enough that a key sending thousands of requests a second does not write
// (or even send an UPDATE) on each one.
const keyUseEvery = time.Minute

// maxKeyUses bounds the memory of keyUses; a clear costs one extra write per key in use.
const maxKeyUses = 100_000

// keyUses remembers when this process last recorded each API key's use, by the key's hash. It only
// decides when to write last_used_at: every request still reads the key from PostgreSQL, so revocation
// and expiry take effect on the next request. The zero value is ready to use.
type keyUses struct {
	mu   sync.Mutex
	last map[[sha256.Size]byte]time.Time
}

// due reports whether the key's use should be recorded at now.
func (u *keyUses) due(hash []byte, now time.Time) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	at, ok := u.last[[sha256.Size]byte(hash)]
	return !ok || now.Sub(at) >= keyUseEvery || now.Before(at)
}

// recorded notes that the key's use was recorded at now.
func (u *keyUses) recorded(hash []byte, now time.Time) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.last == nil || len(u.last) >= maxKeyUses {
		u.last = make(map[[sha256.Size]byte]time.Time)
	}
	u.last[[sha256.Size]byte(hash)] = now
}
