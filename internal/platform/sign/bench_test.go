package sign

import (
	"testing"

	"concejo/internal/platform/pdf"
)

// The seal of a typical document: a one-page volante with a visible block,
// signed with an ECDSA P-256 key.
func BenchmarkSealPDF(b *testing.B) {
	p := newPKI(b)
	data := volante(b)
	o := Options{Reason: "Sello de órgano", Block: &Block{Lines: []string{"Sello de órgano de la Diputación de Pruebas", "CSV CNC-7Q2X-9KLM-44ZA"}}}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Sign(PAdES, data, p.seal, o); err != nil {
			b.Fatal(err)
		}
	}
}

// Reading and checking the seal of that document with the pdf package.
func BenchmarkVerifyPDF(b *testing.B) {
	p := newPKI(b)
	signed, err := Sign(PAdES, volante(b), p.seal, Options{Block: &Block{Lines: []string{"Sello de órgano"}}})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(signed)))
	for b.Loop() {
		sigs, err := pdf.Signatures(signed)
		if err != nil || !sigs[0].DigestValid {
			b.Fatal(sigs, err)
		}
	}
}
