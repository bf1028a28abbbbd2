package adhesions_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	dpdf "github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/sign"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/auth/certtest"
)

// signerNIF is the NIF in the test certificates' subject serialNumber.
const signerNIF = "12345678Z"

// signPDF signs in as an incremental update, as Autofirma does, with a new
// certificate from the test CA the platform trusts.
func signPDF(t testing.TB, env *apptest.Env, in []byte) []byte {
	t.Helper()
	return signWith(t, env.SigningCA, newSigner(env.SigningCA, certtest.SignerOptions{}), in)
}

// newSigner issues a certificate of ca shaped by o and like the FNMT's:
// CN "APELLIDOS NOMBRE - NIF", serialNumber IDCES-<NIF>.
func newSigner(ca *certtest.CA, o certtest.SignerOptions) tls.Certificate {
	return ca.Signer(certtest.Name("PIZARRO SANCHEZ FERNANDO", signerNIF), o)
}

// signWith signs in with c, issued by ca, sending ca's certificate as its chain.
func signWith(t testing.TB, ca *certtest.CA, c tls.Certificate, in []byte) []byte {
	t.Helper()
	rdr, err := dpdf.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		t.Fatalf("pdf reader: %v", err)
	}
	var out bytes.Buffer
	err = sign.Sign(bytes.NewReader(in), &out, rdr, int64(len(in)), sign.SignData{
		Signature: sign.SignDataSignature{
			Info:       sign.SignDataSignatureInfo{Name: "Fernando Pizarro Sánchez", Reason: "Adhesión", Date: time.Now()},
			CertType:   sign.ApprovalSignature,
			DocMDPPerm: sign.AllowFillingExistingFormFieldsAndSignaturesPerms,
		},
		Signer: c.PrivateKey.(crypto.Signer), DigestAlgorithm: crypto.SHA256, Certificate: c.Leaf,
		CertificateChains: [][]*x509.Certificate{{c.Leaf, ca.Cert}},
	})
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	return out.Bytes()
}

// upload posts data as the multipart file field "documento".
func upload(t testing.TB, c *apptest.Client, path string, data []byte) apptest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if data != nil {
		fw, err := mw.CreateFormFile("documento", "firmado.pdf")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	} else {
		mw.WriteField("otro", "x")
	}
	mw.Close()
	return c.Do(http.MethodPost, path, mw.FormDataContentType(), &body)
}

var adhesionPath = regexp.MustCompile(`^/adhesiones/([0-9A-Z]{26})$`)

// requestAdhesion asks, as c, for service code and returns the new adhesion id.
func requestAdhesion(t testing.TB, c *apptest.Client, code string) string {
	t.Helper()
	form := url.Values{"servicio": {code}}
	if page := c.Get("/adhesiones/nueva?servicio=" + code); strings.Contains(page.Body, `name="cantidad"`) {
		form.Set("cantidad", "3")
	}
	res := c.Post("/adhesiones", form)
	m := adhesionPath.FindStringSubmatch(res.Location)
	if res.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("request %s: %d %s\n%s", code, res.Status, res.Location, apptest.Text(res.Body))
	}
	return m[1]
}

// requestable returns a service entityID may request now (eligible, nothing
// open), preferring ones not counted in units; "" when none.
func requestable(t testing.TB, env *apptest.Env, c *apptest.Client, entityID string) string {
	t.Helper()
	if codes := requestables(t, env, c, entityID, 1); len(codes) > 0 {
		return codes[0]
	}
	return ""
}

// requestables returns up to n services entityID may request now.
func requestables(t testing.TB, env *apptest.Env, c *apptest.Client, entityID string, n int) []string {
	t.Helper()
	rows, err := env.DB.QueryContext(context.Background(), `SELECT code FROM services s WHERE active AND NOT EXISTS
		(SELECT 1 FROM adhesions a WHERE a.entity_id = $1 AND a.service_code = s.code
		AND a.state IN ('solicitada', 'firmada', 'activa')) ORDER BY unit_label, sort_order, code`, entityID)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for rows.Next() {
		var code string
		rows.Scan(&code)
		codes = append(codes, code)
	}
	rows.Close()
	var out []string
	for _, code := range codes {
		if len(out) < n && c.Get("/adhesiones/nueva?servicio="+code).Status == http.StatusOK {
			out = append(out, code)
		}
	}
	return out
}

// state reads an adhesion's state.
func state(t testing.TB, env *apptest.Env, adhesionID string) string {
	t.Helper()
	return adhesionColumn(t, env, "state", adhesionID)
}

func csvOf(t testing.TB, env *apptest.Env, adhesionID string) string {
	t.Helper()
	return adhesionColumn(t, env, "csv", adhesionID)
}

// adhesionColumn reads one column of an adhesion, failing the test when it cannot.
func adhesionColumn(t testing.TB, env *apptest.Env, column, adhesionID string) string {
	t.Helper()
	var s string
	if err := env.DB.QueryRowContext(context.Background(), `SELECT `+column+` FROM adhesions WHERE id = $1`, adhesionID).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}
