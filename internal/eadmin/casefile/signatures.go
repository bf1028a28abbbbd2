package casefile

import (
	"crypto/x509"
	"fmt"
	"strings"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/eni"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
	"concejo/internal/platform/trust"
	"concejo/internal/platform/web"
)

// signatureCheck is one signature of a document and what checking its
// integrity found (the trust in its certificate is not judged here).
type signatureCheck struct {
	// Kind is the format and ENI type of a signature ("XAdES (TF03)").
	Kind   string
	Signer string
	At     time.Time
	Intact bool
	// CSV is a código seguro de verificación (TF01); URL is where it is
	// verified, or Regulation the rule that says it when it is another
	// administration's.
	CSV, URL, Regulation string
}

// String is the check in a Spanish sentence.
func (c signatureCheck) String() string {
	switch {
	case c.CSV != "" && c.URL != "":
		return fmt.Sprintf("Código seguro de verificación (TF01) %s, verificable en %s", c.CSV, c.URL)
	case c.CSV != "":
		return fmt.Sprintf("Código seguro de verificación (TF01) %s, verificable según: %s", c.CSV, c.Regulation)
	}
	s := "Firma " + c.Kind + " de " + c.Signer
	if !c.At.IsZero() {
		s += ", del " + web.DateTime(c.At)
	}
	if c.Intact {
		return s + ": íntegra"
	}
	return s + ": alterada (el contenido firmado no coincide con la firma, o la firma está dañada)"
}

// signatureChecks are the checks of a document's signatures: the XAdES
// ones its ENI file carries (sigs, as eni.ParseDocument verified them),
// the PAdES ones of its content when it is a PDF, and its CSV, verified
// at csvURL when it is the platform's ("" for another administration's).
func signatureChecks(doc eni.Document, sigs []sign.Signed, csvURL string) []signatureCheck {
	var out []signatureCheck
	for _, s := range sigs {
		out = append(out, signatureCheck{Kind: fmt.Sprintf("%s (%s)", s.Format, s.Format.ENIType()),
			Signer: signerName(s.Signer), At: s.Time, Intact: s.Intact})
	}
	if pdf.IsPDF(doc.Content) {
		found, _ := pdf.Signatures(doc.Content) // a PDF without signatures has none to check
		for _, s := range found {
			out = append(out, signatureCheck{Kind: fmt.Sprintf("%s (%s)", sign.PAdES, sign.PAdES.ENIType()),
				Signer: signerName(s.Certificate), At: s.SigningTime, Intact: s.DigestValid})
		}
	}
	if doc.CSV != "" {
		out = append(out, signatureCheck{CSV: doc.CSV, URL: csvURL, Regulation: doc.CSVRegulation})
	}
	return out
}

// signerName is how a certificate names its holder, with the NIF of a
// natural person when the name does not already carry it.
func signerName(c *x509.Certificate) string {
	if c == nil {
		return "firmante sin certificado"
	}
	name := trust.Name(c)
	if nif, err := auth.NIFFromCertificate(c); err == nil && !strings.Contains(name, nif) {
		name += " (NIF " + nif + ")"
	}
	return name
}
