package sigcheck_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"regexp"
	"strings"
	"testing"

	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sigcheck"
	"concejo/internal/platform/sign"
	"concejo/internal/platform/trust"
)

// one checks data and wants exactly one signature.
func one(t *testing.T, v *trust.Verifier, data, original []byte) sigcheck.Signature {
	t.Helper()
	sigs, err := sigcheck.Check(context.Background(), v, data, original)
	if err != nil || len(sigs) != 1 {
		t.Fatalf("Check: %v, %d signatures", err, len(sigs))
	}
	return sigs[0]
}

// TestCheckFormats: a PDF, a CAdES signature with its original, a XAdES
// file and an ENI document signed by a public employee are valid, and
// each says who signed: name, DNI, entity, its NIF and the post.
func TestCheckFormats(t *testing.T) {
	p := newPKI(t)
	xml := []byte(`<?xml version="1.0" encoding="UTF-8"?><solicitud Id="S"><asunto>Poda</asunto></solicitud>`)
	content := []byte("Solicitud de poda del árbol de la calle Ancha")
	for name, c := range map[string]struct {
		data, original []byte
		format         string
	}{
		"PAdES":          {p.sign(t, sign.PAdES, unsigned(t), sign.Options{}), nil, "PAdES"},
		"CAdES":          {p.sign(t, sign.CAdES, content, sign.Options{}), content, "CAdES"},
		"XAdES":          {p.sign(t, sign.XAdESEnveloped, xml, sign.Options{}), nil, "XAdES"},
		"XAdES Detached": {p.sign(t, sign.XAdESDetached, content, sign.Options{}), nil, "XAdES Detached"},
		"ENI":            {p.eniDocument(t, unsigned(t)), nil, "ENI (XAdES)"},
		"CAdES en PEM":   {pem.EncodeToMemory(&pem.Block{Type: "PKCS7", Bytes: p.sign(t, sign.CAdES, content, sign.Options{})}), content, "CAdES"},
	} {
		t.Run(name, func(t *testing.T) {
			s := one(t, p.verifier, c.data, c.original)
			want := pdf.Holder{Name: "ANA GARCIA LOPEZ", NIF: "12345678Z", Kind: pdf.PublicEmployee,
				Entity: "AYUNTAMIENTO DE CACERES", EntityNIF: "P1003700I", Post: "SECRETARIA"}
			if s.Format != c.format || s.Signer != want || s.Issuer != "AC PRUEBAS ADMINISTRACION" || !s.Intact || !s.Valid ||
				s.Verdict != "válida" || s.SigningTime.IsZero() || s.TimeSource == "" || len(s.Checks) < 4 {
				t.Fatalf("%+v", s)
			}
			if line := s.Line(); line != "Firmado por ANA GARCIA LOPEZ (NIF 12345678Z): firma válida" {
				t.Errorf("line %q", line)
			}
		})
	}
}

// TestCheckENIWithSignedPDF: an ENI document whose content is a signed
// PDF reports its XAdES signature and the PDF's PAdES one.
func TestCheckENIWithSignedPDF(t *testing.T) {
	p := newPKI(t)
	sigs, err := sigcheck.Check(context.Background(), p.verifier, p.eniDocument(t, p.sign(t, sign.PAdES, unsigned(t), sign.Options{})), nil)
	if err != nil || len(sigs) != 2 || sigs[0].Format != "ENI (XAdES)" || sigs[1].Format != "ENI (PAdES)" || !sigs[0].Valid || !sigs[1].Valid {
		t.Fatalf("%v %+v", err, sigs)
	}
}

// TestCheckInvalid: a signature over other content, a changed PDF, an
// untrusted certificate and a signature without certificate are never
// valid, and each says why.
func TestCheckInvalid(t *testing.T) {
	p := newPKI(t)
	content := []byte("Solicitud de poda")
	csig := p.sign(t, sign.CAdES, content, sign.Options{})
	if s := one(t, p.verifier, csig, []byte("Solicitud de tala")); s.Intact || s.Valid ||
		!strings.HasPrefix(s.Line(), "Firmado por ANA GARCIA LOPEZ (NIF 12345678Z): firma no válida: el contenido firmado se alteró") {
		t.Errorf("other original: %+v", s)
	}
	signed := p.sign(t, sign.PAdES, unsigned(t), sign.Options{})
	changed := bytes.Clone(signed)
	changed[12] ^= 1 // in the binary comment of the header: signed, read by nobody
	if s := one(t, p.verifier, changed, nil); s.Intact || s.Valid {
		t.Errorf("changed PDF: %+v", s)
	}
	stranger := &trust.Verifier{Store: trust.NewStore([]*x509.Certificate{certtest.NewCA(t, "OTRA AC").Cert}, nil)}
	if s := one(t, stranger, signed, nil); !s.Intact || s.Valid || !strings.Contains(s.Verdict, "no procede de un prestador de confianza") {
		t.Errorf("untrusted: %+v", s)
	}
	xades := p.sign(t, sign.XAdESEnveloped, []byte(`<a Id="A">texto</a>`), sign.Options{})
	noCert := regexp.MustCompile(`(?s)<ds:KeyInfo.*</ds:KeyInfo>`).ReplaceAll(xades, nil)
	if s := one(t, p.verifier, noCert, nil); s.Valid || s.Signer.Name != "" || !strings.Contains(s.Verdict, "no incluye el certificado") ||
		s.Line() != "Firmado por firmante desconocido: firma no válida: la firma no incluye el certificado del firmante" {
		t.Errorf("no certificate: %+v\n%s", s, noCert)
	}
}

// TestCheckErrors: what is not a signed file of a known format says so in
// Spanish, and Summary puts it in one line.
func TestCheckErrors(t *testing.T) {
	p := newPKI(t)
	csig := p.sign(t, sign.CAdES, []byte("x"), sign.Options{})
	for name, c := range map[string]struct {
		data, original []byte
		want           error
	}{
		"vacío":                  {nil, nil, sigcheck.ErrEmpty},
		"texto":                  {[]byte("hola"), nil, sigcheck.ErrUnknownFormat},
		"DER que no es CMS":      {[]byte{0x30, 0x03, 0x02, 0x01, 0x01}, nil, sigcheck.ErrUnknownFormat},
		"PEM que no es":          {[]byte("-----BEGIN roto"), nil, sigcheck.ErrUnknownFormat},
		"PDF sin firma":          {unsigned(t), nil, sigcheck.ErrNoSignature},
		"XML sin firma":          {[]byte(`<a>texto</a>`), nil, sigcheck.ErrNoSignature},
		"XML roto":               {[]byte(`<a>texto</b>`), nil, sign.ErrUnreadableXML},
		"CAdES sin original":     {csig, nil, sigcheck.ErrNeedsOriginal},
		"PDF con firma ilegible": {[]byte("%PDF-1.4\n/ByteRange [0 10 20 5] /Contents <3000>"), nil, sigcheck.ErrUnreadable},
		"demasiado grande":       {make([]byte, sigcheck.MaxSize+1), nil, sigcheck.ErrTooLarge},
	} {
		sigs, err := sigcheck.Check(context.Background(), p.verifier, c.data, c.original)
		if !errors.Is(err, c.want) || sigs != nil {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	if got := sigcheck.Summary(nil, sigcheck.ErrNoSignature); got != "sin firma electrónica" {
		t.Errorf("summary without signature: %q", got)
	}
	if got := sigcheck.Summary(nil, sigcheck.ErrUnreadable); !strings.HasPrefix(got, "firma no válida: La firma del fichero no se puede leer") {
		t.Errorf("summary of an unreadable one: %q", got)
	}
	// An ENI document that is not valid says what is wrong with it.
	broken := bytes.Replace(p.eniDocument(t, []byte("%PDF-1.4")), []byte("TD02"), []byte("TX02"), 1)
	if _, err := sigcheck.Check(context.Background(), p.verifier, broken, nil); err == nil ||
		!strings.HasPrefix(err.Error(), "El documento ENI no es válido: tipo documental") {
		t.Errorf("broken ENI: %v", err)
	}
}

// TestCheckMany: a file with more signatures than MaxVerified has the
// certificate of the first MaxVerified checked, and the others said so;
// Summary joins their lines.
func TestCheckMany(t *testing.T) {
	p := newPKI(t)
	data := unsigned(t)
	for range sigcheck.MaxVerified + 1 {
		data = p.sign(t, sign.PAdES, data, sign.Options{})
	}
	sigs, err := sigcheck.Check(context.Background(), p.verifier, data, nil)
	if err != nil || len(sigs) != sigcheck.MaxVerified+1 {
		t.Fatalf("%v, %d signatures", err, len(sigs))
	}
	last := sigs[sigcheck.MaxVerified]
	if !strings.HasPrefix(last.Verdict, "sin comprobar") || last.Valid || !sigs[0].Valid {
		t.Errorf("first %+v\nlast %+v", sigs[0], last)
	}
	if got, line := sigcheck.Summary(sigs[:2], nil), "Firmado por ANA GARCIA LOPEZ (NIF 12345678Z): firma válida"; got != line+"; "+line {
		t.Errorf("summary %q", got)
	}
}
