// Package autofirma speaks AutoFirma's published protocol (Cliente @firma,
// ctt-gob-es/clienteafirma; firma.md §5) so that a clerk signs with his own
// certificate from the desktop client every Spanish clerk has:
//
//   - Storage serves the intermediate servlets AutoFirma talks to when the
//     page cannot reach it directly: StorageService (AutoFirma leaves its
//     result, "op=put") and RetrieveService (the page, or AutoFirma, takes
//     what was left, "op=get", read once). Entries live a minute, as expTime.
//   - Invocation builds the afirma://sign and afirma://batch URLs a page
//     opens; Storage.Stage leaves a large invocation in the servlets and
//     returns the short URL that names it (fileid), as autoscript.js does.
//   - BatchSigner serves the trifásica batch pre-signer and post-signer
//     (JSONBatchPresigner, JSONBatchPostsigner): the documents never leave
//     the server, AutoFirma only signs the PRE values with the clerk's key.
//   - ParseResult and FetchResult read what AutoFirma left for the page.
//
// What crosses the servlets is ciphered with the page's 8-character key by
// AutoFirma's DES scheme (Encipher, Decipher). The client subpackage plays
// AutoFirma's part with a PKCS#12 file, for tests and tools.
package autofirma

import (
	"crypto/rand"
	"errors"
)

// Limits of AutoFirma's identifiers (UrlParameters.MAX_ID_LENGTH, CIPHER_KEY_LENGTH).
const (
	idLength  = 20
	keyLength = 8
)

// ErrCancelled is AutoFirma's answer when the clerk cancels the operation.
var ErrCancelled = errors.New("Se ha cancelado la firma en AutoFirma.")

const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// NewID returns a fresh operation identifier: 20 random letters and digits
// (about 119 bits), the longest AutoFirma accepts.
func NewID() string { return randomAlnum(idLength) }

// NewKey returns a fresh cipher key for the key parameter: 8 random letters
// and digits, as AutoFirma requires.
func NewKey() string { return randomAlnum(keyLength) }

// randomAlnum returns n characters drawn uniformly from alnum.
func randomAlnum(n int) string {
	out := make([]byte, 0, n)
	var buf [32]byte
	for len(out) < n {
		rand.Read(buf[:])
		for _, b := range buf {
			// 248 = 4·62: drop the bytes that would bias the draw.
			if b < 248 && len(out) < n {
				out = append(out, alnum[int(b)%len(alnum)])
			}
		}
	}
	return string(out)
}

// validID reports whether id may name an entry of the servlets: letters,
// digits, '-' and '_' (never '.', '/' or '\'), at most 64 characters.
func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// sessionID reports whether id is one AutoFirma accepts for an operation:
// letters and digits, at most 20 (UrlParametersToSign.setSignParameters).
func sessionID(id string) bool {
	if id == "" || len(id) > idLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
