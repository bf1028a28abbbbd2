package sigcheck_test

import (
	"context"
	"testing"

	"concejo/internal/platform/sigcheck"
	"concejo/internal/platform/sign"
)

// FuzzCheck: whatever the file and original, Check never panics, and
// returns either signatures or an error with a message.
func FuzzCheck(f *testing.F) {
	p := newPKI(f)
	content := []byte("contenido")
	f.Add(p.sign(f, sign.PAdES, unsigned(f), sign.Options{}), []byte(nil))
	f.Add(p.sign(f, sign.CAdES, content, sign.Options{}), content)
	f.Add(p.sign(f, sign.XAdESEnveloped, []byte(`<a Id="A">x</a>`), sign.Options{}), []byte(nil))
	f.Add(p.eniDocument(f, []byte("%PDF-1.4")), []byte(nil))
	f.Add([]byte("-----BEGIN PKCS7-----\nMAA=\n-----END PKCS7-----\n"), []byte(nil))
	f.Add([]byte{0x30, 0x80, 0x06}, []byte("x"))
	f.Add([]byte("\xef\xbb\xbf<?xml version=\"1.0\"?><a/>"), []byte(nil))
	f.Fuzz(func(t *testing.T, data, original []byte) {
		sigs, err := sigcheck.Check(context.Background(), p.verifier, data, original)
		switch {
		case err != nil && (sigs != nil || err.Error() == ""):
			t.Fatalf("error %q with %d signatures", err, len(sigs))
		case err == nil && len(sigs) == 0:
			t.Fatal("no error and no signatures")
		}
		for _, s := range sigs {
			if s.Verdict == "" || s.Format == "" {
				t.Fatalf("signature without verdict or format: %+v", s)
			}
		}
	})
}
