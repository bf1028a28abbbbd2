package auth

import (
	"crypto/subtle"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Issuer is the name authenticator apps show next to the account.
const Issuer = "Concejo"

// NewTOTPSecret makes a new TOTP key for account (the user's e-mail) and
// returns the base32 secret and the otpauth:// URL for the QR code.
func NewTOTPSecret(account string) (secret, url string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: Issuer, AccountName: account})
	if err != nil {
		return "", "", err
	}
	return key.Secret(), key.URL(), nil
}

// totpOpts are the parameters of the codes Concejo accepts: RFC 6238's
// defaults, which every authenticator app uses.
var totpOpts = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// TOTPStep checks a 6-digit code against secret, allowing one 30-second
// step of clock skew either way, and returns the time step (RFC 6238's T)
// it belongs to, so the caller can refuse a second use of it (§5.2).
func TOTPStep(secret, code string, now time.Time) (step int64, ok bool) {
	if len(code) != 6 || secret == "" {
		return 0, false
	}
	t := now.Unix() / int64(totpOpts.Period)
	for _, s := range []int64{t + 1, t, t - 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*int64(totpOpts.Period), 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// TOTPCode returns the current code for secret (demo output and tests).
func TOTPCode(secret string, now time.Time) (string, error) {
	return totp.GenerateCode(secret, now)
}
