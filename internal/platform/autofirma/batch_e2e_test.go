package autofirma_test

import (
	"context"
	"crypto/x509"
	"errors"
	"reflect"
	"sync"
	"testing"

	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/autofirma"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
)

// archive is the application's side of a batch: documents by reference,
// which only one clerk may sign, and what was saved.
type archive struct {
	signer   *x509.Certificate
	failSave string // the reference whose Save fails

	mu    sync.Mutex
	docs  map[string]original
	saved map[string][]byte
}

type original struct {
	data   []byte
	format sign.Format
}

func newArchive(signer *x509.Certificate) *archive {
	return &archive{signer: signer, docs: map[string]original{}, saved: map[string][]byte{}}
}

func (a *archive) add(ref string, f sign.Format, data []byte) autofirma.BatchItem {
	a.docs[ref] = original{data, f}
	return autofirma.BatchItem{ID: "doc-" + ref, Ref: ref, Format: f}
}

func (a *archive) Prepare(_ context.Context, ref string, f sign.Format, chain []*x509.Certificate) (*sign.Pending, error) {
	d, ok := a.docs[ref]
	switch {
	case !ok:
		return nil, errs.New(errs.NotFound, "El documento ya no está en el expediente.")
	case !chain[0].Equal(a.signer):
		return nil, errs.New(errs.Forbidden, "Este certificado no es el del firmante del documento.")
	case d.format != f:
		return nil, errors.New("formato cambiado")
	}
	return sign.Prepare(f, d.data, chain, sign.Options{Reason: "Aprobación", Location: "Plasencia"})
}

func (a *archive) Save(_ context.Context, ref string, signed []byte, _ []*x509.Certificate) error {
	if ref == a.failSave {
		return errors.New("disco lleno")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.saved[ref] = signed
	return nil
}

// checkSaved verifies the saved signature of ref over its original.
func (a *archive) checkSaved(t *testing.T, ref string) {
	t.Helper()
	d, signed := a.docs[ref], a.saved[ref]
	switch d.format {
	case sign.CAdES:
		got, err := sign.VerifyCAdES(signed, d.data)
		if err != nil || !got.Intact || !got.Signer.Equal(a.signer) {
			t.Errorf("%s: %+v, %v", ref, got, err)
		}
	case sign.PAdES:
		sigs, err := pdf.Signatures(signed)
		if err != nil || len(sigs) != 1 || !sigs[0].DigestValid || !sigs[0].CoversWholeFile || !sigs[0].Certificate.Equal(a.signer) {
			t.Errorf("%s: %+v, %v", ref, sigs, err)
		}
	}
}

// runBatch opens items, has the clerk's AutoFirma sign them and returns
// what the page reads.
func runBatch(t *testing.T, s *sede, c *clerk, items []autofirma.BatchItem, stopOnError bool) (autofirma.BatchResult, *x509.Certificate, string) {
	t.Helper()
	session, def, err := s.batches.Open(items, stopOnError)
	if err != nil {
		t.Fatal(err)
	}
	inv := s.invocation(autofirma.OpBatch)
	inv.Data, inv.NeedCert = def, true
	short, err := s.storage.Stage(inv)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.autoFirma(t, s).Run(context.Background(), short); err != nil {
		t.Fatal(err)
	}
	res, err := s.fetch(t, inv)
	if err != nil {
		t.Fatal(err)
	}
	br, cert, err := res.Batch()
	if err != nil {
		t.Fatal(err)
	}
	return br, cert, session
}

func results(br autofirma.BatchResult) map[string]autofirma.ResultCode {
	m := map[string]autofirma.ResultCode{}
	for _, s := range br.Signs {
		m[s.ID] = s.Result
	}
	return m
}

func TestBatchSignsAndSavesEveryDocument(t *testing.T) {
	c := newClerk(t, "ESPAÑOL ESPAÑOL JUAN", "12345678Z")
	a := newArchive(c.cert.Leaf)
	s := newSede(t, a, autofirma.BatchOptions{})
	items := []autofirma.BatchItem{
		a.add("decreto-1", sign.CAdES, []byte("Decreto 1/2026")),
		a.add("acta-2", sign.PAdES, samplePDF(t, "Acta de la sesión")),
		a.add("informe-3", sign.CAdES, []byte("Informe de Secretaría")),
	}
	br, cert, session := runBatch(t, s, c, items, false)
	want := map[string]autofirma.ResultCode{"doc-decreto-1": autofirma.DoneAndSaved, "doc-acta-2": autofirma.DoneAndSaved,
		"doc-informe-3": autofirma.DoneAndSaved}
	if got := results(br); !reflect.DeepEqual(got, want) {
		t.Fatalf("AutoFirma's result %v", got)
	}
	if cert == nil || !cert.Equal(c.cert.Leaf) {
		t.Error("the result lacks the signer's certificate")
	}
	outcome, final := s.batches.Outcome(session)
	if !final || !reflect.DeepEqual(outcome, br.Signs) {
		t.Errorf("server's outcome %v (final %v), AutoFirma's %v", outcome, final, br.Signs)
	}
	for ref := range a.docs {
		a.checkSaved(t, ref)
	}
}

func TestBatchStopOnError(t *testing.T) {
	c := newClerk(t, "ESPAÑOL ESPAÑOL JUAN", "12345678Z")

	t.Run("a document fails in the pre-signer: nothing is signed", func(t *testing.T) {
		a := newArchive(c.cert.Leaf)
		s := newSede(t, a, autofirma.BatchOptions{})
		items := []autofirma.BatchItem{a.add("uno", sign.CAdES, []byte("1")), {ID: "doc-perdido", Ref: "perdido", Format: sign.CAdES},
			a.add("tres", sign.PAdES, samplePDF(t, "Tres"))}
		br, _, session := runBatch(t, s, c, items, true)
		want := map[string]autofirma.ResultCode{"doc-uno": autofirma.Skipped, "doc-perdido": autofirma.ErrorPre, "doc-tres": autofirma.Skipped}
		if got := results(br); !reflect.DeepEqual(got, want) {
			t.Fatalf("result %v", got)
		}
		if br.Signs[1].Description != "El documento ya no está en el expediente." {
			t.Errorf("description %q", br.Signs[1].Description)
		}
		if len(a.saved) != 0 {
			t.Errorf("saved %v", a.saved)
		}
		if outcome, final := s.batches.Outcome(session); !final || !reflect.DeepEqual(results(autofirma.BatchResult{Signs: outcome}), want) {
			t.Errorf("outcome %v", outcome)
		}
	})

	t.Run("without stoponerror the others are saved", func(t *testing.T) {
		a := newArchive(c.cert.Leaf)
		s := newSede(t, a, autofirma.BatchOptions{})
		items := []autofirma.BatchItem{a.add("uno", sign.CAdES, []byte("1")), {ID: "doc-perdido", Ref: "perdido", Format: sign.CAdES},
			a.add("tres", sign.PAdES, samplePDF(t, "Tres"))}
		br, _, _ := runBatch(t, s, c, items, false)
		want := map[string]autofirma.ResultCode{"doc-uno": autofirma.DoneAndSaved, "doc-perdido": autofirma.ErrorPre, "doc-tres": autofirma.DoneAndSaved}
		if got := results(br); !reflect.DeepEqual(got, want) {
			t.Fatalf("result %v", got)
		}
		a.checkSaved(t, "uno")
		a.checkSaved(t, "tres")
	})

	t.Run("a save fails: the rest is skipped", func(t *testing.T) {
		a := newArchive(c.cert.Leaf)
		a.failSave = "dos"
		s := newSede(t, a, autofirma.BatchOptions{})
		items := []autofirma.BatchItem{a.add("uno", sign.CAdES, []byte("1")), a.add("dos", sign.CAdES, []byte("2")),
			a.add("tres", sign.CAdES, []byte("3"))}
		br, _, _ := runBatch(t, s, c, items, true)
		want := map[string]autofirma.ResultCode{"doc-uno": autofirma.DoneAndSaved, "doc-dos": autofirma.DoneButErrorSaving, "doc-tres": autofirma.Skipped}
		if got := results(br); !reflect.DeepEqual(got, want) {
			t.Fatalf("result %v", got)
		}
		if br.Signs[1].Description != "No se ha podido guardar el documento firmado." {
			t.Errorf("description %q (internal errors stay in the log)", br.Signs[1].Description)
		}
		if _, ok := a.saved["tres"]; ok {
			t.Error("saved after the failure")
		}
	})
}

func TestBatchRefusesAnotherSigner(t *testing.T) {
	c := newClerk(t, "ESPAÑOL ESPAÑOL JUAN", "12345678Z")
	intruder := newClerk(t, "OTRO OTRO PEDRO", "11111111H")
	a := newArchive(c.cert.Leaf)
	s := newSede(t, a, autofirma.BatchOptions{})
	items := []autofirma.BatchItem{a.add("uno", sign.CAdES, []byte("1"))}
	br, _, _ := runBatch(t, s, intruder, items, false)
	if br.Signs[0].Result != autofirma.ErrorPre || br.Signs[0].Description != "Este certificado no es el del firmante del documento." {
		t.Fatalf("result %+v", br.Signs)
	}
	if len(a.saved) != 0 {
		t.Error("saved")
	}
}

func TestBatchWithAnECDSAKey(t *testing.T) {
	c := newClerkWith(t, "ESPAÑOL ESPAÑOL JUAN", "12345678Z", certtest.SignerOptions{})
	a := newArchive(c.cert.Leaf)
	s := newSede(t, a, autofirma.BatchOptions{})
	items := []autofirma.BatchItem{a.add("decreto", sign.CAdES, []byte("Decreto")), a.add("acta", sign.PAdES, samplePDF(t, "Acta"))}
	br, _, _ := runBatch(t, s, c, items, true)
	if got := results(br); got["doc-decreto"] != autofirma.DoneAndSaved || got["doc-acta"] != autofirma.DoneAndSaved {
		t.Fatalf("result %v", br.Signs)
	}
	a.checkSaved(t, "decreto")
	a.checkSaved(t, "acta")
}
