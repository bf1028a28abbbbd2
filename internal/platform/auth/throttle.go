package auth

import (
	"sync"
	"time"
)

// Throttle limits attempts per key (client IP) in a sliding window, in memory.
// Account lockout after repeated failures is kept in the database (users.failed_logins).
type Throttle struct {
	Max    int
	Window time.Duration
	mu     sync.Mutex
	hits   map[string][]time.Time
}

// NewThrottle allows max attempts per key in window.
func NewThrottle(max int, window time.Duration) *Throttle {
	return &Throttle{Max: max, Window: window, hits: map[string][]time.Time{}}
}

// Allow records an attempt for key and reports whether it is within the limit.
func (t *Throttle) Allow(key string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.hits[key][:0]
	for _, h := range t.hits[key] {
		if now.Sub(h) < t.Window {
			recent = append(recent, h)
		}
	}
	if len(recent) >= t.Max {
		t.hits[key] = recent
		return false
	}
	t.hits[key] = append(recent, now)
	if len(t.hits) > 100000 { // bound memory under a spray of addresses
		t.hits = map[string][]time.Time{key: t.hits[key]}
	}
	return true
}
