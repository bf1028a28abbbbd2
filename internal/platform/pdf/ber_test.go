package pdf

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// indefinite re-encodes every constructed element of a DER element with
// an indefinite length, as some signing tools write CMS.
func indefinite(t *testing.T, der []byte) []byte {
	t.Helper()
	hdr := 2
	length := int(der[1])
	if der[1] > 0x80 {
		n := int(der[1] & 0x7f)
		length = 0
		for _, b := range der[2 : 2+n] {
			length = length<<8 | int(b)
		}
		hdr += n
	}
	if der[0]&0x20 == 0 {
		return der[:hdr+length]
	}
	out := []byte{der[0], 0x80}
	for body := der[hdr : hdr+length]; len(body) > 0; {
		child := indefinite(t, body)
		out = append(out, child...)
		body = body[len(derPrefix(body)):]
	}
	return append(out, 0, 0)
}

// TestToDER: DER comes out as it went in, indefinite lengths become
// definite, and what would make pkcs7.Parse spin (children overflowing
// their parent, deep nesting) is refused at once.
func TestToDER(t *testing.T) {
	der := cms(t, []byte("contenido"), true)
	if got, err := toDER(der); err != nil || !bytes.Equal(got, der) {
		t.Fatalf("DER changed: %v", err)
	}
	ber := indefinite(t, der)
	if got, err := toDER(ber); err != nil || !bytes.Equal(got, der) || bytes.Equal(ber, der) {
		t.Fatalf("indefinite lengths: %v", err)
	}
	slow, err := os.ReadFile("testdata/ber-lento.bin")
	if err != nil {
		t.Fatal(err)
	}
	s, err := VerifyDetachedCMS(ber, []byte("contenido"))
	if err != nil || !s.DigestValid || s.SignerNIF != testNIF {
		t.Fatalf("BER signature: %v %+v", err, s)
	}
	for name, in := range map[string][]byte{
		"child overflows":    {0x30, 0x03, 0x30, 0x05, 0x02, 0x01, 0x05},
		"not terminated":     {0x30, 0x80, 0x02, 0x01, 0x05},
		"primitive infinite": {0x04, 0x80, 0x00, 0x00},
		"too long":           {0x04, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x00},
		"high tag cut":       {0x1f, 0x81, 0x82},
		"deep":               []byte(strings.Repeat("\x30\x80", maxBERDepth+2) + strings.Repeat("\x00\x00", maxBERDepth+2)),
		// A piece of XML found by FuzzCheck (sigcheck): pkcs7.Parse takes
		// a minute and 3.7 GB of memory over these 4 KB.
		"overlapping text": slow,
	} {
		start := time.Now()
		if _, err := ParseCMS(in); err == nil || time.Since(start) > time.Second {
			t.Errorf("%s: %v after %v", name, err, time.Since(start))
		}
	}
}
