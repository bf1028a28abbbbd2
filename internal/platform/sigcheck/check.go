package sigcheck

import (
	"bytes"
	"context"
	"encoding/pem"
	"errors"
	"strconv"
	"strings"
	"time"

	"concejo/internal/platform/eni"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
	"concejo/internal/platform/trust"
)

// Errors of Check, meant for the user.
var (
	ErrEmpty         = errors.New("El fichero está vacío.")
	ErrUnknownFormat = errors.New("El fichero no es un PDF firmado, un XML firmado (XAdES o documento ENI) ni una firma CAdES (.csig, .p7s).")
	ErrNoSignature   = errors.New("El fichero no contiene ninguna firma electrónica.")
	ErrUnreadable    = errors.New("La firma del fichero no se puede leer: está dañada o no es de un tipo admitido.")
	// ErrNeedsOriginal: a detached CAdES signature came without the
	// document it signs.
	ErrNeedsOriginal = pdf.ErrNoContent
	// ErrTooLarge: the file is larger than MaxSize.
	ErrTooLarge = errors.New("El fichero es demasiado grande para comprobar su firma.")
)

// Limits of Check.
const (
	// MaxSize is the largest file (and original) Check reads.
	MaxSize = 32 << 20
	// MaxVerified is how many signatures of one file have their
	// certificate verified (each may ask a revocation service); the
	// integrity of the others is still checked.
	MaxVerified = 16
	// revocationBudget bounds the time spent asking revocation services
	// for one file; what does not answer in time is reported unchecked.
	revocationBudget = 20 * time.Second
)

// found is a signature read from a file, before its certificate is
// verified: sig is nil when the signature carries no certificate.
type found struct {
	format string
	sig    *pdf.Signature
	intact bool
}

// Check finds every signature of data and checks it with v. original is
// the document a detached CAdES signature signs (nil when there is none;
// other formats ignore it). The error, when not nil, is one of this
// package's (or ErrNeedsOriginal) and says in Spanish why nothing could be
// checked.
func Check(ctx context.Context, v *trust.Verifier, data, original []byte) ([]Signature, error) {
	if len(data) > MaxSize || len(original) > MaxSize {
		return nil, ErrTooLarge
	}
	sigs, err := find(data, original)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, revocationBudget)
	defer cancel()
	out := make([]Signature, len(sigs))
	for i, f := range sigs {
		out[i] = check(ctx, v, f, i < MaxVerified)
	}
	return out, nil
}

// find reads the signatures of data by its format.
func find(data, original []byte) ([]found, error) {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case len(data) == 0:
		return nil, ErrEmpty
	case pdf.IsPDF(data):
		return pades(data, pdf.PAdES)
	case bytes.HasPrefix(trimmed, []byte("-----BEGIN")):
		if b, _ := pem.Decode(trimmed); b != nil {
			return cades(b.Bytes, original)
		}
	case bytes.HasPrefix(trimmed, []byte("<")):
		return xmlSignatures(data)
	case data[0] == 0x30: // a DER SEQUENCE: a CMS ContentInfo, perhaps
		return cades(data, original)
	}
	return nil, ErrUnknownFormat
}

// pades reads the signatures of a PDF, calling their format format.
func pades(data []byte, format string) ([]found, error) {
	sigs, err := pdf.Signatures(data)
	switch {
	case errors.Is(err, pdf.ErrNoSignature):
		return nil, ErrNoSignature
	case errors.Is(err, pdf.ErrTooLarge):
		return nil, ErrTooLarge
	case err != nil:
		return nil, ErrUnreadable
	}
	out := make([]found, len(sigs))
	for i := range sigs {
		out[i] = found{format: format, sig: &sigs[i], intact: sigs[i].DigestValid}
	}
	return out, nil
}

// cades reads a CMS signature, detached over original or attached.
func cades(der, original []byte) ([]found, error) {
	s, err := pdf.VerifyDetachedCMS(der, original)
	switch {
	case errors.Is(err, pdf.ErrNoContent):
		return nil, ErrNeedsOriginal
	case err != nil:
		return nil, ErrUnknownFormat
	}
	return []found{{format: pdf.CAdES, sig: &s, intact: s.DigestValid}}, nil
}

// xmlSignatures reads the XAdES signatures of an XML file or of an ENI
// document (and the PAdES signatures of the PDF the document contains).
func xmlSignatures(data []byte) ([]found, error) {
	var out []found
	if eni.IsDocument(data) {
		d, signed, err := eni.ParseDocument(data)
		if err != nil {
			return nil, errors.New("El documento ENI no es válido: " + strings.TrimPrefix(err.Error(), "eni: ") + ".")
		}
		out = xades(signed, "ENI")
		if pdf.IsPDF(d.Content) {
			inner, err := pades(d.Content, "ENI ("+pdf.PAdES+")")
			if err != nil && !errors.Is(err, ErrNoSignature) {
				return nil, err
			}
			out = append(out, inner...)
		}
	} else {
		signed, err := sign.VerifyXAdES(data)
		if err != nil {
			return nil, err
		}
		out = xades(signed, "")
	}
	if len(out) == 0 {
		return nil, ErrNoSignature
	}
	return out, nil
}

// xades describes XAdES signatures, their format inside container when
// there is one.
func xades(signed []sign.Signed, container string) []found {
	out := make([]found, len(signed))
	for i, s := range signed {
		f := found{format: string(s.Format), intact: s.Intact}
		if container != "" {
			f.format = container + " (" + f.format + ")"
		}
		if s.Signer != nil {
			sig := pdf.SignatureOf(pdf.XAdES, s.Signer, s.Chain, s.Time, s.Intact)
			f.sig = &sig
		}
		out[i] = f
	}
	return out
}

// check verifies the certificate of f with v, when verify, and describes
// the signature.
func check(ctx context.Context, v *trust.Verifier, f found, verify bool) Signature {
	out := Signature{Format: f.format, Intact: f.intact}
	if f.sig == nil {
		out.Verdict = "no válida: la firma no incluye el certificado del firmante"
		out.Checks = []string{"Certificado: la firma no incluye el certificado del firmante; no se puede saber quién firmó ni comprobar la firma."}
		return out
	}
	out.Signer, out.Issuer = pdf.HolderOf(f.sig.Certificate), f.sig.Issuer
	if !verify {
		out.Verdict = "sin comprobar: solo se comprueban las primeras " + strconv.Itoa(MaxVerified) + " firmas de un fichero"
		return out
	}
	ver := pdf.Verify(ctx, v, *f.sig)
	out.Valid, out.Verdict, out.Checks = ver.Valid(), ver.Verdict(), ver.Checks()
	switch ver.TimeSource {
	case pdf.TimeTimestamp:
		out.SigningTime, out.TimeSource = ver.Time, "probada por el sello de tiempo de "+ver.TimestampAuthority
	case pdf.TimeSigningAttr:
		out.SigningTime, out.TimeSource = ver.Time, "declarada por el firmante"
	case pdf.TimeDictionary:
		out.SigningTime, out.TimeSource = ver.Time, "declarada por el programa de firma en el PDF"
	default:
		out.TimeSource = "no consta"
	}
	return out
}
