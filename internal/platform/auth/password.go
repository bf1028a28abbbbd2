package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2Params are the argon2id cost parameters. Tests use a cheap setting.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultArgon2 follows the OWASP recommendation for argon2id (19 MiB, 2 passes).
var DefaultArgon2 = Argon2Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// hashing bounds how many argon2id computations run at once: each takes
// Memory KiB, so a burst of sign-ins cannot exhaust the server's memory; the
// extra ones wait their turn (the CPU is the limit anyway).
var hashing = make(chan struct{}, runtime.GOMAXPROCS(0))

func argon2Key(pw, salt []byte, p Argon2Params, n uint32) []byte {
	hashing <- struct{}{}
	defer func() { <-hashing }()
	return argon2.IDKey(pw, salt, p.Time, p.Memory, p.Threads, n)
}

// HashPassword returns the PHC-formatted argon2id hash of pw.
func HashPassword(pw string, p Argon2Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2Key([]byte(pw), salt, p, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the PHC hash; a malformed hash never matches.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var p Argon2Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false
	}
	if p.Memory > 256*1024 || p.Time > 16 || p.Threads == 0 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2Key([]byte(pw), salt, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// ErrWeakPassword explains the password policy in Spanish.
var ErrWeakPassword = errors.New("La contraseña debe tener al menos 12 caracteres y no puede superar los 128.")

// CheckPolicy enforces the password policy: length over complexity rules, as
// NIST SP 800-63B recommends.
func CheckPolicy(pw string) error {
	n := utf8.RuneCountInString(pw)
	if n < 12 || n > 128 {
		return ErrWeakPassword
	}
	return nil
}
