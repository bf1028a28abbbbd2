package client

import (
	"crypto"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/autofirma"
)

// openssl writes a PKCS#12 file with the given export options.
func openssl(t *testing.T, leaf, ca *x509.Certificate, key crypto.PrivateKey, password string, opts ...string) []byte {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is needed to write PKCS#12 files")
	}
	dir := t.TempDir()
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, typ string, der []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	out := filepath.Join(dir, "out.p12")
	args := append([]string{"pkcs12", "-export", "-in", write("c.pem", "CERTIFICATE", leaf.Raw),
		"-inkey", write("k.pem", "PRIVATE KEY", keyDER), "-certfile", write("ca.pem", "CERTIFICATE", ca.Raw),
		"-out", out, "-passout", "pass:" + password}, opts...)
	if msg, err := exec.Command("openssl", args...).CombinedOutput(); err != nil {
		t.Fatalf("openssl: %v\n%s", err, msg)
	}
	p12, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return p12
}

func TestParsePKCS12ReadsTheKeyAndItsChain(t *testing.T) {
	ca := certtest.NewCA(t, "AC Pruebas")
	sub := ca.Intermediate("AC Subordinada")
	for name, c := range map[string]struct {
		rsa  bool
		opts []string
	}{
		"RSA, legacy":       {true, []string{"-legacy"}},
		"RSA, 3DES":         {true, []string{"-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1"}},
		"ECDSA, legacy":     {false, []string{"-legacy"}},
		"unencrypted certs": {true, []string{"-certpbe", "NONE", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1"}},
	} {
		cert := sub.Signer(certtest.Name("ESPAÑOL ESPAÑOL JUAN", "12345678Z"), certtest.SignerOptions{RSA: c.rsa})
		p12 := openssl(t, cert.Leaf, sub.Cert, cert.PrivateKey, "año 2026", c.opts...)
		key, err := ParsePKCS12(p12, "año 2026")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(key.Chain) != 2 || !key.Chain[0].Equal(cert.Leaf) || !key.Chain[1].Equal(sub.Cert) {
			t.Errorf("%s: chain %v", name, key.Chain)
		}
		if pub, ok := key.Signer.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !pub.Equal(cert.Leaf.PublicKey) {
			t.Errorf("%s: the key is not the certificate's", name)
		}
		if _, err := ParsePKCS12(p12, "otra"); !errors.Is(err, ErrPKCS12) {
			t.Errorf("%s: wrong password gave %v", name, err)
		}
	}
	if _, err := ParsePKCS12([]byte("no es un p12"), ""); !errors.Is(err, ErrPKCS12) {
		t.Errorf("garbage gave %v", err)
	}
}

func TestWithResultsMarksTheFailedDocumentsAndKeepsTheRest(t *testing.T) {
	def := []byte(`{"algorithm":"SHA256withRSA","format":"CAdES","session":"s1","concurrenttimeout":30,` +
		`"singlesigns":[{"id":"a","datareference":"r1","format":"CAdES","suboperation":"sign","extraparams":"eA=="},` +
		`{"id":"b","datareference":"r2","format":"PAdES","suboperation":"sign"}]}`)
	got, err := withResults(def, []autofirma.SignStatus{{ID: "a", Result: autofirma.ErrorPre, Description: "No existe."}})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(got, &m); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"algorithm": "SHA256withRSA", "format": "CAdES", "session": "s1", "concurrenttimeout": 30.0,
		"singlesigns": []any{
			map[string]any{"id": "a", "result": "ERROR_PRE", "description": "No existe."},
			map[string]any{"id": "b", "datareference": "r2", "format": "PAdES", "suboperation": "sign"},
		}}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("got %s", got)
	}
	if _, err := withResults([]byte(`{"singlesigns":7}`), nil); err == nil {
		t.Error("accepted a batch without documents")
	}
}
