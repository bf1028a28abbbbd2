package auth

import (
	"context"
	"errors"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"concejo/internal/platform/errs"
)

// hold takes a turn of q (running or waiting) until release is closed; it
// returns once the turn is taken.
func hold(t *testing.T, q *HashQueue, release <-chan struct{}) {
	t.Helper()
	taken := make(chan struct{})
	go func() {
		if err := q.Do(context.Background(), func() { close(taken); <-release }); err != nil {
			t.Error(err)
		}
	}()
	select {
	case <-taken:
	case <-time.After(5 * time.Second):
		t.Fatal("the turn was never taken")
	}
}

func TestHashQueueRefusesWhenFull(t *testing.T) {
	q := NewHashQueue(1, 1)
	release := make(chan struct{})
	hold(t, q, release)

	// One request may wait; it runs once the running one ends.
	waited := make(chan error, 1)
	var ok bool
	h, _ := HashPassword("una frase larga y secreta", cheap)
	go func() {
		var err error
		ok, err = q.Check(context.Background(), h, "una frase larga y secreta")
		waited <- err
	}()
	deadline := time.Now().Add(5 * time.Second)
	for len(q.admitted) < 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}

	// A third one finds the queue full and is refused at once.
	if _, err := q.Hash(context.Background(), "otra frase larga", cheap); !errors.Is(err, ErrBusy) || !errors.Is(err, errs.Unavailable) {
		t.Fatalf("full queue: err %v, want ErrBusy (Unavailable)", err)
	}
	w := httptest.NewRecorder()
	if SetRetryAfter(w, ErrBusy); w.Header().Get("Retry-After") != "5" {
		t.Fatalf("Retry-After %q, want 5", w.Header().Get("Retry-After"))
	}
	if SetRetryAfter(w, errors.New("otro")); w.Header().Get("Retry-After") != "5" {
		t.Fatal("SetRetryAfter must leave other errors alone")
	}
	select {
	case err := <-waited:
		t.Fatalf("the waiting check ran before its turn: %v", err)
	case <-time.After(20 * time.Millisecond):
	}

	close(release)
	if err := <-waited; err != nil || !ok {
		t.Fatalf("waiting check: ok %v err %v", ok, err)
	}
	hash, err := q.Hash(context.Background(), "otra frase larga", cheap)
	if err != nil || !CheckPassword(hash, "otra frase larga") {
		t.Fatalf("after the burst: %q %v", hash, err)
	}
}

func TestHashQueueWaiterMayGiveUp(t *testing.T) {
	q := NewHashQueue(1, 4)
	release := make(chan struct{})
	defer close(release)
	hold(t, q, release)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	ran := false
	if err := q.Do(ctx, func() { ran = true }); !errors.Is(err, context.DeadlineExceeded) || ran {
		t.Fatalf("abandoned wait: err %v ran %v", err, ran)
	}
	if len(q.admitted) != 1 {
		t.Fatalf("the abandoned request kept its place: %d admitted", len(q.admitted))
	}
}

func TestHashQueueLeavesACoreForPages(t *testing.T) {
	if got := cap(NewHashQueue(0, 0).running); got != 1 {
		t.Fatalf("workers %d, want at least 1", got)
	}
	if cap(Logins.running) < 1 || cap(Logins.admitted) <= cap(Logins.running) {
		t.Fatalf("Logins: %d running, %d admitted", cap(Logins.running), cap(Logins.admitted))
	}
}

func TestBackgroundRunsAtLowerPriorityAndKeepsPanics(t *testing.T) {
	var nice int
	background(func() { nice = threadNice(t) })
	if want := backgroundNice; runtime.GOOS == "linux" && nice != want {
		t.Fatalf("argon2id thread at nice %d, want %d", nice, want)
	}
	if mine := threadNice(t); runtime.GOOS == "linux" && mine == backgroundNice {
		t.Fatal("the caller's thread was lowered too")
	}
	defer func() {
		if r := recover(); r != "roto" {
			t.Fatalf("recovered %v, want the panic of fn", r)
		}
	}()
	background(func() { panic("roto") })
}
