package audit

import "time"

// SetClock makes events be written at the times f gives until restore is called (tests only).
func SetClock(f func() time.Time) (restore func()) {
	clock = f
	return func() { clock = time.Now }
}
