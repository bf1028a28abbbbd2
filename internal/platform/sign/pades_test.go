package sign

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/pdf"
)

func onlySignature(t *testing.T, data []byte) pdf.Signature {
	t.Helper()
	sigs, err := pdf.Signatures(data)
	if err != nil || len(sigs) != 1 {
		t.Fatalf("Signatures: %d, %v; want one", len(sigs), err)
	}
	return sigs[0]
}

// pdfsig runs poppler's pdfsig on data and returns its report.
func pdfsig(t *testing.T, data []byte) string {
	t.Helper()
	out, err := exec.Command(testTool(t, "pdfsig", "poppler-utils"), writeTestFile(t, "signed.pdf", data)).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfsig: %v\n%s", err, out)
	}
	return string(out)
}

// signatureReports splits pdfsig's report in one part per signature.
func signatureReports(report string) []string {
	parts := regexp.MustCompile(`(?m)^Signature #\d+:$`).Split(report, -1)
	return parts[1:]
}

func TestPAdESPdfsig(t *testing.T) {
	p := newPKI(t)
	signed, err := Sign(PAdES, volante(t), p.employee, Options{Time: signedAt, Reason: "Aprobación",
		Location: "Cáceres", Block: &Block{Lines: []string{"Firmado por " + testName, "el 27/11/2026"}}})
	if err != nil {
		t.Fatal(err)
	}
	report := pdfsig(t, signed)
	for _, want := range []string{"Signer Certificate Common Name: " + testName, "Signing Time: Nov 27 2026 10:30:00",
		"Signing Hash Algorithm: SHA-256", "Signature Type: ETSI.CAdES.detached", "Total document signed",
		"Signature Validation: Signature is Valid."} {
		if !strings.Contains(report, want) {
			t.Errorf("pdfsig does not say %q:\n%s", want, report)
		}
	}
	s := onlySignature(t, signed)
	if !s.DigestValid || !s.CoversWholeFile || s.SubFilter != "ETSI.CAdES.detached" || s.SignerNIF != testNIF ||
		!s.SigningTime.Equal(signedAt) || s.TimeSource != pdf.TimeDictionary {
		t.Fatalf("the pdf package reads %+v", s)
	}

	// One byte changed in each signed range: in the original document and
	// in the signature dictionary (its /M date).
	m := regexp.MustCompile(`/ByteRange\[0 (\d+) (\d+)`).FindSubmatch(signed)
	first, _ := strconv.Atoi(string(m[1]))
	for name, at := range map[string]int{"document": first / 2, "signature dictionary": bytes.Index(signed, []byte("(D:2026")) + 4} {
		t.Run(name, func(t *testing.T) {
			bad := bytes.Clone(signed)
			bad[at] ^= 1
			report := pdfsig(t, bad)
			if !strings.Contains(report, "Signature Validation: Digest Mismatch.") || strings.Contains(report, "Signature is Valid") {
				t.Errorf("pdfsig on the altered PDF:\n%s", report)
			}
			if onlySignature(t, bad).DigestValid {
				t.Error("the pdf package finds the altered PDF intact")
			}
		})
	}
}

func TestPAdESTwoSignatures(t *testing.T) {
	p := newPKI(t)
	once, err := Sign(PAdES, volante(t), p.employee, Options{Block: &Block{Lines: []string{"Firma del empleado"}}})
	if err != nil {
		t.Fatal(err)
	}
	twice, err := Sign(PAdES, once, p.seal, Options{Block: &Block{Rect: [4]float64{350, 14, 540, 42}, Lines: []string{"Sello de órgano"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(twice, once) {
		t.Fatal("the second signature changed the bytes of the first")
	}
	reports := signatureReports(pdfsig(t, twice))
	if len(reports) != 2 {
		t.Fatalf("pdfsig finds %d signatures", len(reports))
	}
	for i, want := range []string{"Signature Field Name: Firma 1", "Signature Field Name: Firma 2"} {
		if !strings.Contains(reports[i], want) || !strings.Contains(reports[i], "Signature is Valid.") {
			t.Errorf("signature %d:\n%s", i+1, reports[i])
		}
	}
	if !strings.Contains(reports[0], "Not total document signed") || !strings.Contains(reports[1], "\n  - Total document signed") {
		t.Errorf("coverage:\n%s", strings.Join(reports, ""))
	}
	sigs, err := pdf.Signatures(twice)
	if err != nil || len(sigs) != 2 || !sigs[0].DigestValid || sigs[0].CoversWholeFile || !sigs[1].DigestValid ||
		!sigs[1].CoversWholeFile || sigs[1].SignerName != "SELLO DE ORGANO DIPUTACION DE PRUEBAS" {
		t.Fatalf("Signatures = %+v, %v", sigs, err)
	}
}

// xrefStreamPDF is a one-page PDF saved as recent writers do: the catalog
// (with the entries catalog adds), the page tree (with those of pages),
// the page and its font in a compressed object stream, listed by a
// compressed cross-reference stream.
func xrefStreamPDF(catalog, pages string) []byte {
	return xrefStreamFixture(catalog, pages, false)
}

// xrefStreamFixture is xrefStreamPDF; hostile, the object stream extends
// itself and the page's annotation is listed in it but missing.
func xrefStreamFixture(catalog, pages string, hostile bool) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	content := "BT /F1 24 Tf 72 720 Td (Documento con xref stream) Tj ET"
	contentAt := b.Len()
	fmt.Fprintf(&b, "4 0 obj\n<</Length %d>>\nstream\n%s\nendstream\nendobj\n", len(content), content)
	page, extends, size := "<</Type/Page/Parent 2 0 R", "", 8
	if hostile {
		page, extends, size = page+"/Annots[8 0 R]", "/Extends 6 0 R", 9
	}
	objs := map[int]string{1: "<</Type/Catalog/Pages 2 0 R" + catalog + ">>", 2: "<</Type/Pages/Kids[3 0 R]/Count 1" + pages + ">>",
		3: page + "/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
		5: "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"}
	var head, body bytes.Buffer
	for _, id := range []int{1, 2, 3, 5} {
		fmt.Fprintf(&head, "%d %d ", id, body.Len())
		body.WriteString(objs[id] + "\n")
	}
	stm := deflate(append(head.Bytes(), body.Bytes()...))
	stmAt := b.Len()
	fmt.Fprintf(&b, "6 0 obj\n<</Type/ObjStm%s/N 4/First %d/Filter/FlateDecode/Length %d>>\nstream\n", extends, head.Len(), len(stm))
	b.Write(stm)
	b.WriteString("\nendstream\nendobj\n")
	xrefAt := b.Len()
	row := func(typ byte, a uint32, c uint16) []byte {
		return binary.BigEndian.AppendUint16(binary.BigEndian.AppendUint32([]byte{typ}, a), c)
	}
	var rows []byte
	rows = append(rows, row(0, 0, 65535)...)
	for i := range 3 { // objects 1, 2 and 3: in the object stream 6
		rows = append(rows, row(2, 6, uint16(i))...)
	}
	rows = append(rows, row(1, uint32(contentAt), 0)...)
	rows = append(rows, row(2, 6, 3)...)
	rows = append(rows, row(1, uint32(stmAt), 0)...)
	rows = append(rows, row(1, uint32(xrefAt), 0)...)
	if hostile {
		rows = append(rows, row(2, 6, 4)...)
	}
	xref := deflate(rows)
	fmt.Fprintf(&b, "7 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root 1 0 R/Filter/FlateDecode/Length %d>>\nstream\n", size, len(xref))
	b.Write(xref)
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", xrefAt)
	return b.Bytes()
}

func deflate(data []byte) []byte {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func TestPAdESXrefStream(t *testing.T) {
	p := newPKI(t)
	in := xrefStreamPDF("", "")
	if out, err := exec.Command(testTool(t, "pdftotext", "poppler-utils"), writeTestFile(t, "in.pdf", in), "-").CombinedOutput(); err != nil ||
		!strings.Contains(string(out), "Documento con xref stream") {
		t.Fatalf("the fixture is no good PDF: %v\n%s", err, out)
	}
	once, err := Sign(PAdES, in, p.employee, Options{Block: &Block{Lines: []string{"Primera firma"}}})
	if err != nil {
		t.Fatal(err)
	}
	twice, err := Sign(PAdES, once, p.seal, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(twice, []byte("/Type/XRef")); n != 3 {
		t.Errorf("%d cross-reference streams, want the file's and one per signature", n)
	}
	reports := signatureReports(pdfsig(t, twice))
	if len(reports) != 2 || !strings.Contains(reports[0], "Signature is Valid.") || !strings.Contains(reports[1], "Signature is Valid.") ||
		!strings.Contains(reports[1], "Total document signed") {
		t.Fatalf("pdfsig:\n%s", strings.Join(reports, ""))
	}
	if out, err := exec.Command(testTool(t, "pdftotext", "poppler-utils"), writeTestFile(t, "out.pdf", twice), "-").CombinedOutput(); err != nil ||
		!strings.Contains(string(out), "Documento con xref stream") {
		t.Fatalf("the signed PDF no longer reads: %v\n%s", err, out)
	}
}

// appearanceOf returns the content stream of the visible block and the
// /Rect of its widget.
func appearanceOf(t *testing.T, signed []byte) (string, string) {
	t.Helper()
	rect := regexp.MustCompile(`/Subtype/Widget/FT/Sig.*?/Rect\[([^\]]*)\]`).FindSubmatch(signed)
	ap := regexp.MustCompile(`(?s)/Subtype/Form.*?stream\n(.*?)\nendstream`).FindSubmatch(signed)
	if rect == nil || ap == nil {
		t.Fatal("no widget or no appearance")
	}
	return string(ap[1]), string(rect[1])
}

func TestPAdESBlock(t *testing.T) {
	p := newPKI(t)
	signed, err := Sign(PAdES, volante(t), p.seal, Options{Block: &Block{Page: 1, Rect: [4]float64{300, 700, 100, 650},
		Lines: []string{"Firmado por SELLO (órgano)", "Año 2026 — Ñ €"}}})
	if err != nil {
		t.Fatal(err)
	}
	ap, rect := appearanceOf(t, signed)
	if rect != "100 650 300 700" {
		t.Errorf("/Rect[%s], want the block's, normalised", rect)
	}
	// WinAnsi, the dash and the € beyond Latin-1 included; parentheses escaped.
	for _, want := range []string{`(Firmado por SELLO \(\363rgano\)) Tj`, `(A\361o 2026 \227 \321 \200) Tj`, "/F1 9 Tf"} {
		if !strings.Contains(ap, want) {
			t.Errorf("no %q in the appearance:\n%s", want, ap)
		}
	}

	signed, err = Sign(PAdES, volante(t), p.seal, Options{Block: &Block{Lines: []string{"Sello"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, rect := appearanceOf(t, signed); rect != "56.69 14.17 311.81 42.52" {
		t.Errorf("/Rect[%s], want the foot of the A4 page", rect)
	}

	if _, err := Sign(PAdES, volante(t), p.seal, Options{Block: &Block{Page: 2, Lines: []string{"Sello"}}}); !errors.Is(err, ErrBadInput) {
		t.Errorf("block on a page the document lacks: %v", err)
	}
	if _, err := Sign(PAdES, volante(t), p.seal, Options{Block: &Block{Rect: [4]float64{10, 10, 12, 12}}}); !errors.Is(err, ErrBadInput) {
		t.Errorf("block too small: %v", err)
	}
}

// The signing time is written once, in Prepare: Finish, on another
// request and later, keeps it.
func TestPAdESTimeAcrossHalves(t *testing.T) {
	p := newPKI(t)
	pending, err := Prepare(PAdES, volante(t), p.employee.Chain, Options{})
	if err != nil {
		t.Fatal(err)
	}
	prepared := time.Now()
	time.Sleep(1100 * time.Millisecond)
	signed, err := keepPending(t, pending).Finish(pkcs1(t, p.employee.Signer, pending))
	if err != nil {
		t.Fatal(err)
	}
	s := onlySignature(t, signed)
	if !s.DigestValid || s.SigningTime.After(prepared) || prepared.Sub(s.SigningTime) > 2*time.Second {
		t.Fatalf("signing time %v, prepared at %v", s.SigningTime, prepared)
	}
}

func TestPAdESTooLarge(t *testing.T) {
	p := newPKI(t)
	pending, err := Prepare(PAdES, volante(t), p.employee.Chain[:1], Options{})
	if err != nil {
		t.Fatal(err)
	}
	value := pkcs1(t, p.employee.Signer, pending)
	// Finish is given a longer chain than Prepare made room for.
	for range 8 {
		pending.Chain = append(pending.Chain, p.employee.Chain[1])
	}
	if _, err := pending.Finish(value); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Finish = %v, want ErrTooLarge", err)
	}
}

func TestPreparePAdESBadInput(t *testing.T) {
	p := newPKI(t)
	good := volante(t)
	deep := strings.Repeat("[", maxNesting+1) + strings.Repeat("]", maxNesting+1)
	for name, in := range map[string][]byte{
		"empty": nil, "text": []byte("hola"), "truncated": good[:len(good)/2],
		"no xref":                       []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\nstartxref\n0\n%%EOF\n"),
		"encrypted":                     bytes.Replace(good, []byte("trailer\n<<"), []byte("trailer\n<</Encrypt 99 0 R"), 1),
		"certified, no changes allowed": xrefStreamPDF("/Perms<</DocMDP<</Reference[<</TransformParams<</P 1>>>>]>>>>", ""),
		// What would exhaust the server: a table of a billion objects, a
		// search for %%EOF through megabytes, arrays nested deep in an object
		// stream, an object stream that inflates a hundredfold, an object
		// stream that extends itself searched for an object it lacks.
		"huge Size":               bytes.Replace(xrefStreamPDF("", ""), []byte("/Size 8"), []byte("/Size 999999999"), 1),
		"%%EOF far from the end":  append(bytes.Clone(good), bytes.Repeat([]byte("x"), 2<<20)...),
		"deep nesting":            xrefStreamPDF("", "/Deep"+deep),
		"inflating object stream": xrefStreamPDF("", "/Pad("+strings.Repeat("a", 4<<20)+")"),
		"object stream cycle":     xrefStreamFixture("", "", true),
	} {
		done := make(chan error, 1)
		go func() {
			_, err := Prepare(PAdES, in, p.seal.Chain, Options{})
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, ErrBadInput) {
				t.Errorf("%s: %v, want ErrBadInput", name, err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("%s: still preparing after 10 s", name)
		}
	}
}

func FuzzPreparePAdES(f *testing.F) {
	p := newPKI(f)
	f.Add(volante(f))
	f.Add(xrefStreamPDF("", ""))
	f.Add(xrefStreamFixture("/AcroForm<</Fields[]>>", "/Rotate 90", true))
	f.Add([]byte("%PDF-1.4\n1 0 obj\n<</Type/Catalog/Pages 1 0 R/Kids[1 0 R]>>\nendobj\nxref\n0 2\n" +
		"0000000000 65535 f\r\n0000000009 00000 n\r\ntrailer\n<</Size 2/Root 1 0 R>>\nstartxref\n62\n%%EOF\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pending, err := preparePAdES(data, p.seal.Chain, Options{Block: &Block{Lines: []string{"Sello"}}})
		if err != nil {
			if !errors.Is(err, ErrBadInput) {
				t.Fatalf("error %v, want ErrBadInput", err)
			}
			return
		}
		var st padesState
		if err := json.Unmarshal(pending.State, &st); err != nil || !bytes.HasPrefix(st.PDF, data) || len(pending.ToBeSigned) == 0 {
			t.Fatalf("prepared %d bytes from %d, %v", len(st.PDF), len(data), err)
		}
	})
}

// Every object of the update is where its cross-reference section says,
// for files with a table and with a stream, and the section links to the
// previous one.
func TestUpdateXref(t *testing.T) {
	p := newPKI(t)
	startxref := regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	for name, in := range map[string][]byte{"table": volante(t), "stream": xrefStreamPDF("", "")} {
		t.Run(name, func(t *testing.T) {
			pending, err := Prepare(PAdES, in, p.seal.Chain, Options{Block: &Block{Lines: []string{"Sello"}}})
			if err != nil {
				t.Fatal(err)
			}
			var st padesState
			if err := json.Unmarshal(pending.State, &st); err != nil {
				t.Fatal(err)
			}
			out := st.PDF
			prev, _ := strconv.Atoi(string(startxref.FindSubmatch(in)[1]))
			at, _ := strconv.Atoi(string(startxref.FindSubmatch(out)[1]))
			entries, trailer := readXref(t, out[at:])
			if !strings.Contains(trailer, fmt.Sprintf("/Prev %d", prev)) {
				t.Errorf("trailer %s does not link to the xref at %d", trailer, prev)
			}
			// signature, widget, appearance, page, catalog; and the stream itself
			want := map[string]int{"table": 5, "stream": 6}[name]
			if len(entries) != want {
				t.Errorf("%d entries, want %d", len(entries), want)
			}
			for id, off := range entries {
				if off < len(in) || !bytes.HasPrefix(out[off:], []byte(fmt.Sprintf("%d %d obj", id[0], id[1]))) {
					t.Errorf("object %d %d is not at %d", id[0], id[1], off)
				}
			}
		})
	}
}

// readXref reads the cross-reference section at the start of x, a table
// or an uncompressed stream with fields of 1, 4 and 2 bytes, and returns
// the offsets by object number and generation, and the trailer.
func readXref(t *testing.T, x []byte) (map[[2]int]int, string) {
	t.Helper()
	entries := map[[2]int]int{}
	if bytes.HasPrefix(x, []byte("xref\n")) {
		end := bytes.Index(x, []byte("trailer"))
		lines := strings.Split(strings.TrimSpace(string(x[5:end])), "\n")
		for i := 0; i < len(lines); {
			var first, n int
			fmt.Sscanf(lines[i], "%d %d", &first, &n)
			for k := range n {
				var off, gen int
				fmt.Sscanf(lines[i+1+k], "%d %d n", &off, &gen)
				entries[[2]int{first + k, gen}] = off
			}
			i += 1 + n
		}
		return entries, string(x[end:])
	}
	m := regexp.MustCompile(`(?s)^\d+ 0 obj\n(<<.*?/Index\[([\d ]+)\].*?>>)\nstream\n`).FindSubmatch(x)
	if m == nil {
		t.Fatalf("no xref stream at %q", x[:min(len(x), 80)])
	}
	rows := x[len(m[0]):]
	var index []int
	for _, f := range strings.Fields(string(m[2])) {
		n, _ := strconv.Atoi(f)
		index = append(index, n)
	}
	for i := 0; i < len(index); i += 2 {
		for k := range index[i+1] {
			if rows[0] != 1 {
				t.Fatalf("entry of type %d", rows[0])
			}
			entries[[2]int{index[i] + k, int(binary.BigEndian.Uint16(rows[5:7]))}] = int(binary.BigEndian.Uint32(rows[1:5]))
			rows = rows[7:]
		}
	}
	return entries, string(m[1])
}

// The visible block shows: drawn at the foot of the page where the
// unsigned document has nothing.
func TestPAdESBlockShows(t *testing.T) {
	bin := testTool(t, "pdftoppm", "poppler-utils")
	p := newPKI(t)
	signed, err := Sign(PAdES, volante(t), p.seal, Options{Block: &Block{Lines: []string{"SELLO DE ÓRGANO", "DIPUTACIÓN DE PRUEBAS"}}})
	if err != nil {
		t.Fatal(err)
	}
	// The foot rectangle at 72 dpi, from the top of the 842 pt page.
	dark := func(data []byte) int {
		in := writeTestFile(t, "page.pdf", data)
		if out, err := exec.Command(bin, "-r", "72", "-gray", "-singlefile", "-x", "57", "-y", "800", "-W", "254", "-H", "27",
			in, in).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
		pgm, err := os.ReadFile(in + ".pgm")
		if err != nil || len(pgm) < 254*27 {
			t.Fatalf("pdftoppm's image: %d bytes, %v", len(pgm), err)
		}
		pixels := pgm[len(pgm)-254*27:] // after the PGM header
		n := 0
		for _, px := range pixels {
			if px < 128 {
				n++
			}
		}
		return n
	}
	before, after := dark(volante(t)), dark(signed)
	if before != 0 || after < 200 {
		t.Fatalf("dark pixels in the foot: %d unsigned, %d signed", before, after)
	}
}
