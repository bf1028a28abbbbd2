package autofirma_test

import (
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/autofirma"
	"concejo/internal/platform/sign"
)

// wire speaks to the batch services directly, as a client that does not
// play by the rules would.
type wire struct {
	t *testing.T
	s *sede
}

func (w wire) post(path, body string) (int, []byte) {
	w.t.Helper()
	resp, err := http.Post(w.s.local+path, "application/x-www-form-urlencoded", strings.NewReader(body))
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func b64(b []byte) string { return base64.URLEncoding.EncodeToString(b) }

func certsParam(chain ...*x509.Certificate) string {
	var parts []string
	for _, c := range chain {
		parts = append(parts, b64(c.Raw))
	}
	return strings.Join(parts, ";")
}

// presign asks for the PRE values of the batch def as the signer of chain.
func (w wire) presign(def []byte, chain ...*x509.Certificate) (int, autofirma.Presigned) {
	w.t.Helper()
	code, body := w.post("/afirma/lote/prefirma", "json="+b64(def)+"&certs="+certsParam(chain...))
	if code != http.StatusOK {
		return code, autofirma.Presigned{}
	}
	pre, err := autofirma.ParsePresigned(body)
	if err != nil {
		w.t.Fatalf("%s: %v", body, err)
	}
	return code, pre
}

// postsign sends the PK1 values made by signer over the PRE values.
func (w wire) postsign(def []byte, pre autofirma.Presigned, signer crypto.Signer, chain ...*x509.Certificate) (int, []byte) {
	w.t.Helper()
	var signs []autofirma.TriSign
	for _, s := range pre.TD.TriSigns() {
		raw, _ := base64.StdEncoding.DecodeString(s.Params["PRE"])
		digest := sha256.Sum256(raw)
		value, err := signer.Sign(rand.Reader, digest[:], crypto.SHA256)
		if err != nil {
			w.t.Fatal(err)
		}
		signs = append(signs, autofirma.TriSign{ID: s.ID, Params: map[string]string{"PK1": base64.StdEncoding.EncodeToString(value)}})
	}
	td, _ := json.Marshal(autofirma.Triphase{Format: pre.TD.Format, SignInfo: signs})
	return w.post("/afirma/lote/postfirma", "json="+b64(def)+"&certs="+certsParam(chain...)+"&tridata="+b64(td))
}

func TestBatchRefusesSignatureValuesOfAnotherKey(t *testing.T) {
	c := newClerk(t, "ESPAÑOL ESPAÑOL JUAN", "12345678Z")
	other := newClerk(t, "OTRO OTRO PEDRO", "11111111H")
	a := newArchive(c.cert.Leaf)
	s := newSede(t, a, autofirma.BatchOptions{})
	w := wire{t, s}
	session, def, err := s.batches.Open([]autofirma.BatchItem{a.add("uno", sign.CAdES, []byte("1")),
		a.add("dos", sign.PAdES, samplePDF(t, "Dos"))}, false)
	if err != nil {
		t.Fatal(err)
	}
	code, pre := w.presign(def, c.cert.Leaf, c.ca.Cert)
	if code != http.StatusOK || pre.TD == nil || len(pre.TD.TriSigns()) != 2 || pre.Results != nil {
		t.Fatalf("presign %d %+v", code, pre)
	}
	// The values are made by another key, for the clerk's certificate.
	code, body := w.postsign(def, pre, other.cert.PrivateKey.(crypto.Signer), c.cert.Leaf)
	br, err := autofirma.ParseBatchResult(body)
	if code != http.StatusOK || err != nil {
		t.Fatalf("postsign %d %s", code, body)
	}
	for _, st := range br.Signs {
		if st.Result != autofirma.ErrorPost || st.Description != sign.ErrBadSignature.Error() {
			t.Errorf("%+v", st)
		}
	}
	if len(a.saved) != 0 {
		t.Errorf("saved %v", a.saved)
	}
	if outcome, final := s.batches.Outcome(session); !final || outcome[0].Result != autofirma.ErrorPost {
		t.Errorf("outcome %v", outcome)
	}
	// The batch is finished: the right values now come too late.
	if code, _ := w.postsign(def, pre, c.cert.PrivateKey.(crypto.Signer), c.cert.Leaf); code != http.StatusBadRequest {
		t.Errorf("second postsign: %d", code)
	}
	if code, _ := w.presign(def, c.cert.Leaf); code != http.StatusBadRequest {
		t.Errorf("presign after the end: %d", code)
	}
}

func TestBatchPostsignerKeepsToThePresignersCertificate(t *testing.T) {
	c := newClerk(t, "ESPAÑOL ESPAÑOL JUAN", "12345678Z")
	other := newClerk(t, "OTRO OTRO PEDRO", "11111111H")
	a := newArchive(c.cert.Leaf)
	s := newSede(t, a, autofirma.BatchOptions{})
	w := wire{t, s}
	_, def, _ := s.batches.Open([]autofirma.BatchItem{a.add("uno", sign.CAdES, []byte("1"))}, false)
	_, pre := w.presign(def, c.cert.Leaf)
	if code, _ := w.postsign(def, pre, other.cert.PrivateKey.(crypto.Signer), other.cert.Leaf); code != http.StatusBadRequest {
		t.Fatalf("another certificate: %d", code)
	}
	// The batch is still waiting for the right signer.
	code, body := w.postsign(def, pre, c.cert.PrivateKey.(crypto.Signer), c.cert.Leaf)
	if br, err := autofirma.ParseBatchResult(body); code != http.StatusOK || err != nil || br.Signs[0].Result != autofirma.DoneAndSaved {
		t.Fatalf("%d %s", code, body)
	}
	a.checkSaved(t, "uno")
}

func TestBatchServicesRefuseUnknownAndExpiredBatches(t *testing.T) {
	c := newClerk(t, "ESPAÑOL ESPAÑOL JUAN", "12345678Z")
	a := newArchive(c.cert.Leaf)
	s := newSede(t, a, autofirma.BatchOptions{TTL: 100 * time.Millisecond})
	w := wire{t, s}
	unknown, _ := json.Marshal(autofirma.BatchDefinition{Algorithm: "SHA256withRSA", Session: autofirma.NewID()})
	for name, body := range map[string]string{
		"unknown session": "json=" + b64(unknown) + "&certs=" + certsParam(c.cert.Leaf),
		"no json":         "certs=" + certsParam(c.cert.Leaf),
		"bad json":        "json=" + b64([]byte("{")) + "&certs=" + certsParam(c.cert.Leaf),
		"no certs":        "json=" + b64(unknown),
		"bad certs":       "json=" + b64(unknown) + "&certs=AAAA",
	} {
		if code, _ := w.post("/afirma/lote/prefirma", body); code != http.StatusBadRequest {
			t.Errorf("%s: presign answered %d", name, code)
		}
	}
	if code, _ := w.post("/afirma/lote/postfirma", "json="+b64(unknown)+"&certs="+certsParam(c.cert.Leaf)+"&tridata=e30="); code != http.StatusBadRequest {
		t.Errorf("postsign with bad tridata: %d", code)
	}
	_, def, _ := s.batches.Open([]autofirma.BatchItem{a.add("uno", sign.CAdES, []byte("1"))}, false)
	time.Sleep(200 * time.Millisecond)
	if code, _ := w.presign(def, c.cert.Leaf); code != http.StatusBadRequest {
		t.Errorf("expired batch: presign answered %d", code)
	}
}

func TestBatchesAreBoundedInMemory(t *testing.T) {
	c := newClerk(t, "ESPAÑOL ESPAÑOL JUAN", "12345678Z")
	a := newArchive(c.cert.Leaf)
	s := newSede(t, a, autofirma.BatchOptions{MaxMemory: 3000})
	w := wire{t, s}
	items := []autofirma.BatchItem{a.add("acta", sign.PAdES, samplePDF(t, "Acta"))}
	_, def, err := s.batches.Open(items, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.batches.Open(items, false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.batches.Open(items, false); err == nil {
		t.Fatal("a third batch fits in 3,000 bytes")
	}
	// Once prepared, the PDF the batch keeps does not fit either.
	if code, _ := w.presign(def, c.cert.Leaf); code != http.StatusServiceUnavailable {
		t.Fatalf("presign answered %d", code)
	}
}
