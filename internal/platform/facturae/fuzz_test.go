package facturae

import (
	"errors"
	"testing"
)

// FuzzParse: no input makes Parse, Check or VerifySignature panic, and
// every refusal is an *Error.
func FuzzParse(f *testing.F) {
	for _, s := range samples {
		f.Add(readSample(f, s.file))
	}
	f.Add([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><x/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		inv, err := Parse(data)
		var e *Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("error %T: %v", err, err)
		}
		if err == nil {
			for _, p := range inv.Check() {
				if p.Msg == "" {
					t.Fatal("problem without message")
				}
			}
		}
		if _, err := VerifySignature(data); err != nil && !errors.As(err, &e) {
			t.Fatalf("signature error %T: %v", err, err)
		}
	})
}
