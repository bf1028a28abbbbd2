package auth

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"strconv"
	"time"

	"concejo/internal/platform/errs"
)

// HashQueue admits the argon2id work of requests (sign-ins, password
// changes, confirmations): at most a number of workers run at once, a
// bounded number more wait their turn in arrival order, and any further request is refused
// at once with ErrBusy instead of queueing without bound. Each argon2id
// costs tens of milliseconds of CPU, so limiting how many run together is
// what keeps the pages of everybody else fast while people sign in.
type HashQueue struct {
	running  chan struct{}
	admitted chan struct{}
}

// NewHashQueue returns a queue running workers hashes at once (at least
// one) with room for waiting more.
func NewHashQueue(workers, waiting int) *HashQueue {
	workers = max(workers, 1)
	return &HashQueue{running: make(chan struct{}, workers), admitted: make(chan struct{}, workers+max(waiting, 0))}
}

// Logins is the queue of the web: one argon2id per CPU but one (at least
// one), so that a core is always left for the pages, and a waiting line of
// 32 (about a second and a half of work on one core).
var Logins = NewHashQueue(runtime.GOMAXPROCS(0)-1, 32)

// backgroundNice is the niceness of the threads that compute argon2id
// (on Linux).
const backgroundNice = 10

// RetryAfter is how long a refused request is told to wait before trying
// again (the Retry-After header).
const RetryAfter = 5 * time.Second

// ErrBusy is the refusal of a request that finds the queue full: a 503
// whose page says to try again shortly (see SetRetryAfter).
var ErrBusy = errs.New(errs.Unavailable, "Hay muchos inicios de sesión a la vez; vuelva a intentarlo en unos segundos.")

// Do runs fn when its turn comes, on a thread of lower priority than
// those serving pages (see background); it returns ErrBusy at once when the
// queue is full, or ctx's error when the request is abandoned while
// waiting.
func (q *HashQueue) Do(ctx context.Context, fn func()) error {
	select {
	case q.admitted <- struct{}{}:
	default:
		return ErrBusy
	}
	defer func() { <-q.admitted }()
	select {
	case q.running <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-q.running }()
	background(fn)
	return nil
}

// Check is CheckPassword taking its turn in the queue.
func (q *HashQueue) Check(ctx context.Context, hash, pw string) (ok bool, err error) {
	err = q.Do(ctx, func() { ok = CheckPassword(hash, pw) })
	return ok, err
}

// Hash is HashPassword taking its turn in the queue.
func (q *HashQueue) Hash(ctx context.Context, pw string, p Argon2Params) (hash string, err error) {
	if qerr := q.Do(ctx, func() { hash, err = HashPassword(pw, p) }); qerr != nil {
		return "", qerr
	}
	return hash, err
}

// SetRetryAfter sets the Retry-After header on w when err is ErrBusy, and
// returns err.
func SetRetryAfter(w http.ResponseWriter, err error) error {
	if errors.Is(err, ErrBusy) {
		w.Header().Set("Retry-After", strconv.Itoa(int(RetryAfter/time.Second)))
	}
	return err
}
