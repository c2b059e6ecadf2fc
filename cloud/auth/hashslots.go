package auth

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// DefaultHashMemoryBudgetMiB is how much memory the password hashes running at once may use together
// when HashSlots is not set: five hashes at the default 19 MiB each. The default also runs no more hashes
// at once than there are CPUs (at least two): a hash is all computation, so more would only wait for a
// CPU while holding their memory.
const DefaultHashMemoryBudgetMiB = 96

// DefaultHashWait is how long a password check waits for a free slot before it is answered busy.
const DefaultHashWait = 10 * time.Second

// ErrBusy is wrapped by BusyError.
var ErrBusy = errors.New("server busy checking passwords")

// BusyError is a password check that found every hash slot taken for longer than the wait: the caller
// may try again after RetryAfter.
type BusyError struct {
	RetryAfter time.Duration
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("%v: retry after %d s", ErrBusy, RetryAfterSeconds(e.RetryAfter))
}

func (e *BusyError) Unwrap() error { return ErrBusy }

// HashSlots caps how many argon2 hashes run at once, by memory: each one allocates its whole memory
// parameter, so fifty logins at once would otherwise need fifty times 19 MiB.
type HashSlots struct {
	slots chan struct{}
	wait  time.Duration
}

// NewHashSlots admits as many concurrent hashes of perHashKiB as fit in budgetMiB (at least one); a hash
// that cannot start within wait is refused with a *BusyError.
func NewHashSlots(budgetMiB int, perHashKiB uint32, wait time.Duration) *HashSlots {
	n := 1
	if perHashKiB > 0 {
		n = max(int(uint64(budgetMiB)*1024/uint64(perHashKiB)), 1)
	}
	if wait <= 0 {
		wait = DefaultHashWait
	}
	return &HashSlots{slots: make(chan struct{}, n), wait: wait}
}

// Cap is how many hashes may run at once.
func (h *HashSlots) Cap() int { return cap(h.slots) }

// Do runs fn in a slot, waiting for one at most the slots' wait (or until ctx ends).
func (h *HashSlots) Do(ctx context.Context, fn func()) error {
	timer := time.NewTimer(h.wait)
	defer timer.Stop()
	select {
	case h.slots <- struct{}{}:
	case <-timer.C:
		return &BusyError{RetryAfter: time.Second}
	case <-ctx.Done():
		return fmt.Errorf("wait for a password hash slot: %w", ctx.Err())
	}
	defer func() { <-h.slots }()
	fn()
	return nil
}
