package auth

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

var cheap = Argon2Params{Memory: 64, Time: 1, Threads: 1}

func TestPasswordHashRoundTrip(t *testing.T) {
	h, err := HashPassword("una frase larga y secreta", cheap)
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q err %v", h, err)
	}
	if !CheckPassword(h, "una frase larga y secreta") {
		t.Fatal("right password rejected")
	}
	if CheckPassword(h, "una frase larga y secretA") {
		t.Fatal("wrong password accepted")
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$x$y$z$w", "$argon2id$v=19$m=999999999,t=1,p=1$AAAA$AAAA"} {
		if CheckPassword(bad, "x") {
			t.Fatalf("malformed hash %q accepted", bad)
		}
	}
}

func TestPasswordHashingIsBoundedButConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h, _ := HashPassword("concurrente-12345", cheap)
			if !CheckPassword(h, "concurrente-12345") {
				t.Error("concurrent check failed")
			}
		}()
	}
	wg.Wait()
}

func TestPolicy(t *testing.T) {
	if !errors.Is(CheckPolicy("corta"), ErrWeakPassword) || !errors.Is(CheckPolicy(strings.Repeat("x", 129)), ErrWeakPassword) {
		t.Fatal("weak passwords accepted")
	}
	if CheckPolicy("ñandú ñandú ñandú") != nil {
		t.Fatal("a 17-character phrase was refused")
	}
}

func TestThrottle(t *testing.T) {
	th := NewThrottle(3, time.Minute)
	now := time.Now()
	for i := 0; i < 3; i++ {
		if !th.Allow("1.2.3.4", now) {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	if th.Allow("1.2.3.4", now) {
		t.Fatal("fourth attempt allowed")
	}
	if !th.Allow("5.6.7.8", now) {
		t.Fatal("another address was throttled")
	}
	if !th.Allow("1.2.3.4", now.Add(61*time.Second)) {
		t.Fatal("window did not slide")
	}
}

func TestTOTP(t *testing.T) {
	secret, url, err := NewTOTPSecret("ana@ejemplo.es")
	if err != nil || !strings.Contains(url, "issuer=Concejo") {
		t.Fatalf("secret: %v %q", err, url)
	}
	now := time.Unix(1_800_000_015, 0) // 15 s into step 60,000,000
	code, _ := TOTPCode(secret, now)
	for _, at := range []time.Time{now, now.Add(25 * time.Second), now.Add(-25 * time.Second)} {
		if step, ok := TOTPStep(secret, code, at); !ok || step != 60_000_000 {
			t.Fatalf("code at %v: step %d, %v", at.Sub(now), step, ok)
		}
	}
	for _, bad := range []struct {
		secret, code string
		at           time.Time
	}{{secret, code, now.Add(5 * time.Minute)}, {secret, "12345", now}, {"", code, now}, {secret, "abcdef", now}} {
		if _, ok := TOTPStep(bad.secret, bad.code, bad.at); ok {
			t.Fatalf("stale or malformed code accepted: %+v", bad)
		}
	}
}
