package sigcheck

import (
	"errors"
	"strings"
	"time"

	"concejo/internal/platform/pdf"
)

// Signature is one checked signature of a file.
type Signature struct {
	// Format is PAdES, CAdES, XAdES, XAdES Detached, or one of those
	// inside an ENI document ("ENI (XAdES)").
	Format string
	// Signer is who the certificate names; zero when the signature
	// carries no certificate.
	Signer pdf.Holder
	// Issuer is who the certificate says issued it (a claim: the chain
	// of trust in Checks proves it or not).
	Issuer string
	// SigningTime is when it was signed (zero when nothing says), and
	// TimeSource says in Spanish what says so.
	SigningTime time.Time
	TimeSource  string
	// Intact: the signed content is unchanged and the signature value
	// corresponds to the certificate.
	Intact bool
	// Valid: intact, by a trusted certificate in force and not revoked
	// (pdf.Verification.Valid).
	Valid bool
	// Verdict is the outcome in a few Spanish words ("válida", "íntegra,
	// pero …", "no válida: …"); Checks says what was checked, one
	// sentence each.
	Verdict string
	Checks  []string
}

// Who names the signer for a sentence: "NOMBRE (NIF …)".
func (s Signature) Who() string {
	who := s.Signer.Name
	if who == "" {
		who = "firmante desconocido"
	}
	if s.Signer.NIF != "" {
		who += " (NIF " + s.Signer.NIF + ")"
	}
	return who
}

// Line is the signature in one line: "Firmado por X (NIF …): firma
// válida", "…: firma no válida: …" or "…: firma íntegra, pero …".
func (s Signature) Line() string {
	return "Firmado por " + s.Who() + ": firma " + s.Verdict
}

// Summary is the outcome of Check in one line, for a list of documents:
// the Line of each signature, "sin firma electrónica", or "firma no
// válida: " and why the file could not be checked.
func Summary(sigs []Signature, err error) string {
	switch {
	case errors.Is(err, ErrNoSignature):
		return "sin firma electrónica"
	case err != nil:
		return "firma no válida: " + err.Error()
	}
	lines := make([]string, len(sigs))
	for i, s := range sigs {
		lines[i] = s.Line()
	}
	return strings.Join(lines, "; ")
}
