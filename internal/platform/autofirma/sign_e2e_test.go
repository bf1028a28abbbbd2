package autofirma_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/autofirma"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
)

func TestSingleCAdESThroughTheServlets(t *testing.T) {
	s := newSede(t, nil, autofirma.BatchOptions{})
	c := newClerk(t, "ESPAÑOL ESPAÑOL JUAN", "12345678Z")
	doc := []byte("Decreto 2026/0042 de la Alcaldía de Plasencia.")

	// The server leaves the whole invocation in the servlets (fileid).
	inv := s.invocation(autofirma.OpSign)
	inv.Format, inv.Algorithm, inv.Data = sign.CAdES, autofirma.DefaultAlgorithm, doc
	short, err := s.storage.Stage(inv)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(short, "dat=") || !strings.Contains(short, "fileid=") {
		t.Fatalf("short URL %q", short)
	}
	if err := c.autoFirma(t, s).Run(context.Background(), short); err != nil {
		t.Fatal(err)
	}

	res, err := s.fetch(t, inv)
	if err != nil {
		t.Fatal(err)
	}
	cert, signature, err := res.Sign()
	if err != nil {
		t.Fatal(err)
	}
	if !cert.Equal(c.cert.Leaf) {
		t.Errorf("certificate %s", cert.Subject)
	}
	got, err := sign.VerifyCAdES(signature, doc)
	if err != nil || !got.Intact || !got.Signer.Equal(c.cert.Leaf) || got.Format != sign.CAdES {
		t.Fatalf("VerifyCAdES: %+v, %v", got, err)
	}
	if other, err := sign.VerifyCAdES(signature, []byte("otro documento")); err != nil || other.Intact {
		t.Errorf("over another document: %+v, %v", other, err)
	}
	// The result was read once: nothing is left.
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	if _, err := autofirma.FetchResult(ctx, nil, s.local+"/afirma/RetrieveService", inv.ID, inv.Key); err == nil {
		t.Error("the result could be read twice")
	}
}

func TestSinglePAdESWithTheDocumentInTheURL(t *testing.T) {
	s := newSede(t, nil, autofirma.BatchOptions{})
	c := newClerk(t, "GARCÍA LÓPEZ MARÍA", "87654321X")
	doc := samplePDF(t, "Resolución de prueba")

	inv := s.invocation(autofirma.OpSign)
	inv.Format, inv.Algorithm, inv.Data = sign.PAdES, autofirma.DefaultAlgorithm, doc
	inv.Properties = "signReason=Aprobación"
	// The page polls while AutoFirma works, as it would in a browser.
	done := make(chan error, 1)
	go func() {
		time.Sleep(300 * time.Millisecond)
		done <- c.autoFirma(t, s).Run(context.Background(), inv.URL())
	}()
	res, err := s.fetch(t, inv)
	if err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	cert, signed, err := res.Sign()
	if err != nil || !cert.Equal(c.cert.Leaf) {
		t.Fatalf("result: %v", err)
	}
	sigs, err := pdf.Signatures(signed)
	if err != nil || len(sigs) != 1 {
		t.Fatalf("Signatures: %d, %v", len(sigs), err)
	}
	if sg := sigs[0]; !sg.DigestValid || !sg.CoversWholeFile || !sg.Certificate.Equal(c.cert.Leaf) || sg.SignerNIF != "87654321X" {
		t.Fatalf("signature %+v", sg)
	}
}

func TestAutoFirmasFailuresReachThePage(t *testing.T) {
	s := newSede(t, nil, autofirma.BatchOptions{})
	c := newClerk(t, "ESPAÑOL ESPAÑOL JUAN", "12345678Z")
	af := c.autoFirma(t, s)

	// A format AutoFirma (this client) does not make.
	inv := s.invocation(autofirma.OpSign)
	inv.Format, inv.Algorithm, inv.Data = "FacturaE", autofirma.DefaultAlgorithm, []byte("<Facturae/>")
	if err := af.Run(context.Background(), inv.URL()); err == nil {
		t.Fatal("FacturaE signed")
	}
	var remote *autofirma.RemoteError
	if _, err := s.fetch(t, inv); !errors.As(err, &remote) || remote.Code != "SAF_06" || !strings.Contains(remote.Message, "FacturaE") {
		t.Fatalf("page got %v", err)
	}

	// A fileid the servlets do not hold (expired, or never there).
	inv = s.invocation(autofirma.OpSign)
	short := "afirma://sign?fileid=" + autofirma.NewID() + "&id=" + inv.ID + "&rtservlet=" + inv.RetrieveURL +
		"&stservlet=" + inv.StorageURL + "&key=" + inv.Key
	if err := af.Run(context.Background(), short); err == nil {
		t.Fatal("ran an invocation it could not fetch")
	}
	if _, err := s.fetch(t, inv); !errors.As(err, &remote) || remote.Code != "SAF_16" {
		t.Fatalf("page got %v", err)
	}

	// AutoFirma refuses servlets on the local machine.
	inv = s.invocation(autofirma.OpSign)
	inv.Format, inv.Algorithm, inv.Data = sign.CAdES, autofirma.DefaultAlgorithm, []byte("x")
	inv.StorageURL = s.local + "/afirma/StorageService"
	if err := af.Run(context.Background(), inv.URL()); !errors.Is(err, autofirma.ErrInvocation) {
		t.Fatalf("local servlet: %v", err)
	}
}
