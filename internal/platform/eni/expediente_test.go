package eni

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/sign"
)

var cet = time.FixedZone("CET", 3600)

// sampleExpediente is an expediente of two documents, one in a folder,
// with the ENI files of those documents.
func sampleExpediente(t testing.TB) (Expediente, [][]byte) {
	t.Helper()
	first, second := sample(), sample()
	second.Identifier, second.DocType, second.Content = Identifier("L01100377", 2026, "INF7"), "TD13", []byte("%PDF-1.4 informe")
	var files [][]byte
	for _, d := range []Document{first, second} {
		f, err := d.XML()
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	incorporated := time.Date(2026, 12, 7, 15, 43, 0, 0, cet)
	return Expediente{
		Identifier: ExpedienteIdentifier("L01100377", 2026, "urb-2026/7"), Organs: []string{"L01100377"},
		Opened: time.Date(2026, 12, 1, 9, 0, 0, 0, cet), Classification: "L01100377_PRO_LICOBRA", State: "E03",
		Interested: []string{"12345678Z", "B10000000"}, IndexDate: time.Date(2026, 12, 9, 11, 30, 0, 0, cet),
		Documents: []IndexedDocument{Indexed(first.Identifier, files[0], incorporated, "1")},
		Folders: []Folder{{Identifier: "INFORMES",
			Documents: []IndexedDocument{Indexed(second.Identifier, files[1], incorporated.Add(time.Hour), "2")}}},
	}, files
}

// signer is a clerk's key (RSA, as on FNMT cards) from a test CA.
func signer(t *testing.T) (sign.Key, *x509.Certificate) {
	ca := certtest.NewCA(t, "AC Pruebas")
	c := ca.Signer(certtest.Name("SECRETARIA PRUEBA ANA", "12345678Z"), certtest.SignerOptions{RSA: true})
	return sign.Key{Signer: c.PrivateKey.(crypto.Signer), Chain: []*x509.Certificate{c.Leaf, ca.Cert}}, ca.Cert
}

// signIndex signs the expediente's índice in two halves, as a clerk with
// AutoFirma does: Prepare on the server, the key's value, Finish.
func signIndex(t *testing.T, e Expediente, k sign.Key) []byte {
	t.Helper()
	unsigned, err := e.XML()
	if err != nil {
		t.Fatal(err)
	}
	p, err := sign.Prepare(sign.XAdESEnveloped, unsigned, k.Chain, IndexSignature(time.Date(2026, 12, 9, 12, 0, 0, 0, cet)))
	if err != nil {
		t.Fatal(err)
	}
	h := p.Hash.New()
	h.Write(p.ToBeSigned)
	value, err := k.Signer.Sign(rand.Reader, h.Sum(nil), p.Hash)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := p.Finish(value)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// xmlsec1 verifies the índice's signature, trusting only ca; it returns
// the output and the exit status and skips the test without xmlsec1.
func xmlsec1(t *testing.T, signed []byte, ca *x509.Certificate) (string, int) {
	t.Helper()
	bin, err := exec.LookPath("xmlsec1")
	if err != nil {
		t.Skip("xmlsec1 (xmlsec1 package) not installed")
	}
	dir := t.TempDir()
	caFile, file := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "expediente.xml")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, signed, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--verify", "--trusted-pem", caFile,
		"--id-attr:Id", nsIndex+":IndiceContenido",
		"--id-attr:Id", "http://uri.etsi.org/01903/v1.3.2#:SignedProperties", file).CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}

// inUTC puts every time of e in UTC, to compare what was written with
// what was read.
func inUTC(e Expediente) Expediente {
	e.Opened, e.IndexDate = e.Opened.UTC(), e.IndexDate.UTC()
	var docs func([]IndexedDocument) []IndexedDocument
	docs = func(list []IndexedDocument) []IndexedDocument {
		out := append([]IndexedDocument(nil), list...)
		for i := range out {
			out[i].Incorporated = out[i].Incorporated.UTC()
		}
		return out
	}
	e.Documents = docs(e.Documents)
	folders := append([]Folder(nil), e.Folders...)
	for i := range folders {
		folders[i].Documents = docs(folders[i].Documents)
	}
	e.Folders = folders
	return e
}

// TestExpedienteSignedIndex: the expediente with its índice signed in two
// halves passes xmllint against ExpedienteEni.xsd and xmlsec1 against the
// CA, and reads back the same, its signature intact and its documents
// recognised by their files; a changed ValorHuella fails xmlsec1 and
// leaves the signature broken.
func TestExpedienteSignedIndex(t *testing.T) {
	e, files := sampleExpediente(t)
	k, ca := signer(t)
	signed := signIndex(t, e, k)
	if err := xmllintSchema(t, signed, "ExpedienteEni.xsd"); err != nil {
		t.Fatalf("schema: %v\n%s", err, signed)
	}
	out, status := xmlsec1(t, signed, ca)
	if status != 0 || !strings.Contains(out, "OK\nSignedInfo References (ok/all): 3/3") {
		t.Fatalf("xmlsec1 (%d):\n%s", status, out)
	}
	got, sigs, err := ParseExpediente(signed)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(inUTC(got), inUTC(e)) {
		t.Errorf("read back\n%+v\nwritten\n%+v", got, e)
	}
	if len(sigs) != 1 || !sigs[0].Intact || sigs[0].Format != sign.XAdESEnveloped || !sigs[0].Signer.Equal(k.Chain[0]) {
		t.Errorf("signatures %+v", sigs)
	}
	if !got.Documents[0].Matches(files[0]) || got.Documents[0].Matches(files[1]) || !got.Folders[0].Documents[0].Matches(files[1]) {
		t.Error("the índice does not recognise its documents' files")
	}

	digest := got.Documents[0].Digest
	tampered := bytes.Replace(signed, []byte(digest), []byte("A"+digest[1:]), 1)
	if digest[0] == 'A' {
		tampered = bytes.Replace(signed, []byte(digest), []byte("B"+digest[1:]), 1)
	}
	out, status = xmlsec1(t, tampered, ca)
	if status != 1 || !strings.Contains(out, "data and digest do not match") || !strings.Contains(out, "FAIL") {
		t.Errorf("xmlsec1 accepts a changed ValorHuella (%d):\n%s", status, out)
	}
	if _, sigs, err := ParseExpediente(tampered); err != nil || len(sigs) != 1 || sigs[0].Intact {
		t.Errorf("changed ValorHuella: %+v %v", sigs, err)
	}
}

// TestExpedienteHexDigest: a ValorHuella in hexadecimal, as InSide writes
// it, also recognises the file.
func TestExpedienteHexDigest(t *testing.T) {
	d := IndexedDocument{Digest: "CF83E1357EEFB8BDF1542850D66D8007D620E4050B5715DC83F4A921D36CE9CE" +
		"47D0D13C5D85F2B0FF8318D2877EEC2F63B931BD47417A81A538327AF927DA3E", DigestMethod: "SHA512"}
	if !d.Matches(nil) || d.Matches([]byte("x")) {
		t.Error("hex SHA-512 of the empty file")
	}
}

// TestExpedienteRefuses: what the schema or the NTI would not allow is
// refused before writing.
func TestExpedienteRefuses(t *testing.T) {
	for name, change := range map[string]func(*Expediente){
		"organ":          func(e *Expediente) { e.Organs = []string{"CACERES"} },
		"no organ":       func(e *Expediente) { e.Organs = nil },
		"identifier":     func(e *Expediente) { e.Identifier = "ES_L01100377_2026_7" },
		"state":          func(e *Expediente) { e.State = "E04" },
		"classification": func(e *Expediente) { e.Classification = " " },
		"empty index":    func(e *Expediente) { e.Documents, e.Folders = nil, nil },
		"empty folder":   func(e *Expediente) { e.Folders[0].Documents = nil },
		"no digest":      func(e *Expediente) { e.Documents[0].Digest = "" },
	} {
		e, _ := sampleExpediente(t)
		change(&e)
		if _, err := e.XML(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if id := ExpedienteIdentifier("L01100377", 2026, "urb-2026/0000000000000000000000000007"); id != "ES_L01100377_2026_EXP_00000000000000000000000007" {
		t.Errorf("identifier %s", id)
	}
}

// TestParseExpedienteRefuses: files that are not a signed ENI expediente
// are refused with a message for the user.
func TestParseExpedienteRefuses(t *testing.T) {
	e, _ := sampleExpediente(t)
	k, _ := signer(t)
	unsigned, _ := e.XML()
	otherElement, err := sign.Sign(sign.XAdESEnveloped, unsigned, k,
		sign.Options{Reference: "FIRMA_INDICE", Parent: "FirmaConCertificado"})
	if err != nil {
		t.Fatal(err)
	}
	document, _ := sample().XML()
	signed := signIndex(t, e, k)
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"not xml":          {[]byte("%PDF-1.4"), "no es un XML bien formado"},
		"a document":       {document, "no es un expediente ENI"},
		"unsigned":         {unsigned, "una firma no contiene ni CSV ni firma electrónica"},
		"signs other":      {otherElement, "no cubre el contenido de su índice"},
		"bad state":        {bytes.Replace(signed, []byte(">E03<"), []byte(">E09<"), 1), `estado de expediente "E09" no válido`},
		"bad date":         {bytes.Replace(signed, []byte("2026-12-01T09:00:00+01:00"), []byte("1 de diciembre"), 1), `la fecha "1 de diciembre"`},
		"sub-expediente":   {bytes.Replace(signed, []byte("<eniconexpind:CarpetaIndizada>"), []byte("<eniconexpind:ExpedienteIndizado/><eniconexpind:CarpetaIndizada>"), 1), "subexpedientes"},
		"missing metadata": {bytes.Replace(signed, []byte("<eniexpmeta:Clasificacion>L01100377_PRO_LICOBRA</eniexpmeta:Clasificacion>"), nil, 1), "falta el elemento Clasificacion"},
	} {
		if _, _, err := ParseExpediente(c.data); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}

// FuzzParseExpediente: no file makes ParseExpediente panic, and what it
// accepts has an índice with documents.
func FuzzParseExpediente(f *testing.F) {
	e, _ := sampleExpediente(f)
	ca := certtest.NewCA(f, "AC Pruebas")
	c := ca.Signer(certtest.Name("SECRETARIA PRUEBA ANA", "12345678Z"), certtest.SignerOptions{})
	unsigned, err := e.XML()
	if err != nil {
		f.Fatal(err)
	}
	signed, err := sign.Sign(sign.XAdESEnveloped, unsigned, sign.Key{Signer: c.PrivateKey.(crypto.Signer),
		Chain: []*x509.Certificate{c.Leaf}}, IndexSignature(time.Time{}))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(signed)
	f.Add(unsigned)
	f.Fuzz(func(t *testing.T, data []byte) {
		e, _, err := ParseExpediente(data)
		if err == nil && len(e.Documents)+len(e.Folders) == 0 {
			t.Error("accepted an índice without documents")
		}
	})
}
