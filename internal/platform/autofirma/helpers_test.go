package autofirma_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/autofirma"
	"concejo/internal/platform/autofirma/client"
	"concejo/internal/platform/pdf"
)

// sedeHost is the name AutoFirma is given for the test server: it refuses
// servlets on localhost or 127.0.0.1, so the client reaches the
// listener through this name.
const sedeHost = "sede.concejo.test"

// sede is a server with the servlets, the batch services and the URLs
// AutoFirma and the page use to reach them.
type sede struct {
	storage *autofirma.Storage
	batches *autofirma.BatchSigner
	// public is the address given to AutoFirma; local the one the page uses.
	public, local string
	// hc reaches the server by its public name, as AutoFirma would.
	hc *http.Client
}

func newSede(t *testing.T, docs autofirma.Documents, o autofirma.BatchOptions) *sede {
	t.Helper()
	s := &sede{storage: autofirma.NewStorage(autofirma.StorageOptions{})}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	s.batches = autofirma.NewBatchSigner(docs, o)
	mux := http.NewServeMux()
	mux.Handle("/afirma/StorageService", s.storage.StorageHandler())
	mux.Handle("/afirma/RetrieveService", s.storage.RetrieveHandler())
	mux.Handle("POST /afirma/lote/prefirma", s.batches.Presigner())
	mux.Handle("POST /afirma/lote/postfirma", s.batches.Postsigner())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	addr := srv.Listener.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	s.local = srv.URL
	s.public = "http://" + sedeHost + ":" + port
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	s.hc = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
			if strings.HasPrefix(a, sedeHost+":") {
				a = addr
			}
			return dialer.DialContext(ctx, network, a)
		}}}
	return s
}

// invocation returns the fields every invocation of the test needs.
func (s *sede) invocation(op autofirma.Operation) autofirma.Invocation {
	return autofirma.Invocation{Operation: op, ID: autofirma.NewID(), Key: autofirma.NewKey(), AppName: "Concejo",
		StorageURL: s.public + "/afirma/StorageService", RetrieveURL: s.public + "/afirma/RetrieveService",
		PresignURL: s.public + "/afirma/lote/prefirma", PostsignURL: s.public + "/afirma/lote/postfirma"}
}

// fetch plays the page: it polls the retrieve servlet for inv's result.
func (s *sede) fetch(t *testing.T, inv autofirma.Invocation) (autofirma.Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return autofirma.FetchResult(ctx, nil, s.local+"/afirma/RetrieveService", inv.ID, inv.Key)
}

// clerk is a signer with a certificate issued by a test CA (RSA 2048
// unless asked otherwise).
type clerk struct {
	ca   *certtest.CA
	cert tls.Certificate
	p12  []byte
}

const p12Password = "contraseña de prueba"

func newClerk(t *testing.T, name, nif string) *clerk {
	t.Helper()
	return newClerkWith(t, name, nif, certtest.SignerOptions{RSA: true})
}

func newClerkWith(t *testing.T, name, nif string, o certtest.SignerOptions) *clerk {
	t.Helper()
	ca := certtest.NewCA(t, "AC Pruebas Concejo")
	c := &clerk{ca: ca, cert: ca.Signer(certtest.Name(name, nif), o)}
	c.p12 = exportPKCS12(t, c.cert, ca.Cert)
	return c
}

// exportPKCS12 writes the certificate, its key and the CA as a clerk's
// browser would: "openssl pkcs12 -export -legacy".
func exportPKCS12(t *testing.T, cert tls.Certificate, ca *x509.Certificate) []byte {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is needed to write the PKCS#12 file")
	}
	dir := t.TempDir()
	keyDER, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
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
	out := filepath.Join(dir, "clerk.p12")
	cmd := exec.Command("openssl", "pkcs12", "-export", "-legacy", "-in", write("cert.pem", "CERTIFICATE", cert.Certificate[0]),
		"-inkey", write("key.pem", "PRIVATE KEY", keyDER), "-certfile", write("ca.pem", "CERTIFICATE", ca.Raw),
		"-name", "firma", "-out", out, "-passout", "pass:"+p12Password)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl: %v\n%s", err, msg)
	}
	p12, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return p12
}

// autoFirma returns the client with the clerk's PKCS#12, reaching s.
func (c *clerk) autoFirma(t *testing.T, s *sede) *client.Client {
	t.Helper()
	key, err := client.ParsePKCS12(c.p12, p12Password)
	if err != nil {
		t.Fatal(err)
	}
	return &client.Client{Key: key, HTTP: s.hc}
}

// samplePDF renders a one-page official document.
func samplePDF(t *testing.T, title string) []byte {
	t.Helper()
	doc, err := pdf.Render(pdf.Document{Issuer: "Ayuntamiento de Plasencia", Title: title,
		Paragraphs: []string{"Documento de prueba para la firma con AutoFirma."}, Date: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
