package autofirma

import (
	"sync"
	"time"
)

// expiring is an in-memory map whose entries live ttl from their last put,
// with a cap on the total size of what it holds. Expired entries are swept
// when the map is full and at most once a second on any access, the way
// the Java servlets clean their directory after each request.
type expiring[V any] struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu    sync.Mutex
	m     map[string]entry[V]
	total int
	swept time.Time
}

type entry[V any] struct {
	v    V
	at   time.Time
	size int
}

func newExpiring[V any](ttl time.Duration, max int) *expiring[V] {
	return &expiring[V]{ttl: ttl, max: max, now: time.Now, m: map[string]entry[V]{}}
}

// put stores v under k, replacing what was there, and reports false when
// it does not fit.
func (e *expiring[V]) put(k string, v V, size int) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	e.sweepLocked(now, false)
	old := e.m[k].size
	if e.total-old+size > e.max {
		e.sweepLocked(now, true)
		old = e.m[k].size
		if e.total-old+size > e.max {
			return false
		}
	}
	e.total += size - old
	e.m[k] = entry[V]{v: v, at: now, size: size}
	return true
}

// get returns the live entry under k.
func (e *expiring[V]) get(k string) (V, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.liveLocked(k)
}

// take returns the live entry under k and removes it; an expired entry is
// removed too.
func (e *expiring[V]) take(k string) (V, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	v, ok := e.liveLocked(k)
	e.deleteLocked(k)
	return v, ok
}

func (e *expiring[V]) liveLocked(k string) (V, bool) {
	now := e.now()
	e.sweepLocked(now, false)
	en, ok := e.m[k]
	if !ok || now.Sub(en.at) > e.ttl {
		var zero V
		return zero, false
	}
	return en.v, true
}

func (e *expiring[V]) deleteLocked(k string) {
	if en, ok := e.m[k]; ok {
		e.total -= en.size
		delete(e.m, k)
	}
}

// sweepLocked drops the expired entries, unless it did so less than a
// second ago and force is false.
func (e *expiring[V]) sweepLocked(now time.Time, force bool) {
	if !force && now.Sub(e.swept) < time.Second {
		return
	}
	e.swept = now
	for k, en := range e.m {
		if now.Sub(en.at) > e.ttl {
			e.deleteLocked(k)
		}
	}
}
