package pdf

import (
	"bytes"
	"crypto/x509"
	"errors"
	"time"
)

// Signature describes one signature found in a PDF ([Signatures]), a CMS
// signature ([VerifyDetachedCMS]) or another format ([SignatureOf]).
type Signature struct {
	Format          string    // PAdES, CAdES or XAdES
	SignerName      string    // CN of the signer certificate
	SignerNIF       string    // the holder's NIF/NIE (HolderOf)
	Issuer          string    // CN of the issuer certificate, or its O when there is no CN (what the certificate claims)
	SigningTime     time.Time // CMS signingTime attribute, else /M of the signature dictionary, else zero
	TimeSource      TimeSource
	SubFilter       string // adbe.pkcs7.detached, ETSI.CAdES.detached, ...
	CoversWholeFile bool   // ByteRange covers the whole file but the /Contents hole (no later changes)
	DigestValid     bool   // the signed bytes match the CMS digest and the CMS signature value verifies

	Certificate  *x509.Certificate   // the signer's certificate
	Certificates []*x509.Certificate // the CMS certificate set (the chain the signer sent)
	Timestamp    *Timestamp          // signature time-stamp token, when there is one
}

// Formats of a [Signature].
const (
	PAdES = "PAdES" // a signature of a PDF
	CAdES = "CAdES" // a CMS signature (.csig, .p7s)
	XAdES = "XAdES" // an XML signature
)

// TimeSource says where a signing time comes from.
type TimeSource int

// Sources of a signing time.
const (
	TimeNone        TimeSource = iota // no signing time at all
	TimeSigningAttr                   // the signing time signed by the signer (CMS signingTime, XAdES SigningTime)
	TimeDictionary                    // /M of the signature dictionary, declared by the signer's software
	TimeTimestamp                     // a verified time-stamp token from a trusted authority (set by Verify)
)

// Errors returned by [Signatures]. Their messages are meant for end users.
var (
	ErrNotPDF              = errors.New("El fichero no es un PDF.")
	ErrNoSignature         = errors.New("El PDF no contiene ninguna firma electrónica.")
	ErrUnreadableSignature = errors.New("La firma del PDF no se puede leer.")
	ErrTooLarge            = errors.New("El PDF es demasiado grande para comprobar su firma.")
)

// Limits on the work done by [Signatures].
const (
	// MaxPDFSize is the largest input Signatures accepts.
	MaxPDFSize = 256 << 20
	// maxSignatures caps how many signature dictionaries are examined.
	maxSignatures = 32
	// maxContentsHex caps the size of one /Contents hex string.
	maxContentsHex = 8 << 20
)

// IsPDF reports whether data looks like a PDF file: the "%PDF-" header must
// appear within its first 1024 bytes, as PDF readers accept.
func IsPDF(data []byte) bool {
	return bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-"))
}

// Signatures finds the signature dictionaries of a PDF (by their /ByteRange
// and the /Contents string that fills its hole), parses each CMS signature
// and reports its signer and integrity, in file order. It checks integrity
// only: the chain of trust, validity period and revocation of the signer
// certificate are checked by [Verify].
//
// It returns ErrNotPDF, ErrTooLarge, ErrNoSignature when the file has no
// signature, or an error matching ErrUnreadableSignature (errors.Is) when
// it has signature dictionaries but none can be read. Unreadable signatures
// are skipped when at least one other signature can be read.
func Signatures(data []byte) ([]Signature, error) {
	if !IsPDF(data) {
		return nil, ErrNotPDF
	}
	if len(data) > MaxPDFSize {
		return nil, ErrTooLarge
	}
	var (
		sigs     []Signature
		firstErr error
		seen     = map[[4]int]bool{}
		key      = []byte("/ByteRange")
	)
	for off := 0; len(seen) < maxSignatures; {
		i := bytes.Index(data[off:], key)
		if i < 0 {
			break
		}
		pos := off + i
		off = pos + len(key)
		r, err := parseByteRange(data, pos)
		if err == nil && seen[[4]int{r.a, r.b, r.c, r.d}] {
			continue
		}
		var s Signature
		if err == nil {
			seen[[4]int{r.a, r.b, r.c, r.d}] = true
			s, err = readSignature(data, r)
		}
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		sigs = append(sigs, s)
	}
	switch {
	case len(sigs) > 0:
		return sigs, nil
	case firstErr != nil:
		return nil, &unreadableError{cause: firstErr}
	default:
		return nil, ErrNoSignature
	}
}

// readSignature reads the signature whose /ByteRange is r.
func readSignature(data []byte, r byteRange) (Signature, error) {
	hexDigits, err := contentsHex(data, r)
	if err != nil {
		return Signature{}, err
	}
	if len(hexDigits) > maxContentsHex {
		return Signature{}, errors.New("pdf: /Contents demasiado grande")
	}
	der, err := decodeHex(hexDigits)
	if err != nil {
		return Signature{}, err
	}
	der = derPrefix(der)
	if len(der) == 0 {
		return Signature{}, errors.New("pdf: /Contents vacío")
	}
	var subFilter string
	dict, derr := readSigDict(data, r.pos, r)
	if derr == nil {
		if dict.contents != [2]int{} && dict.contents != [2]int{r.holeStart(), r.holeEnd()} {
			return Signature{}, errors.New("pdf: /ByteRange no corresponde a /Contents")
		}
		subFilter = dict.subFilter
	}
	doc := ranges{data[r.a : r.a+r.b], data[r.c : r.c+r.d]}
	res, err := verifyCMS(der, doc, subFilter)
	if err != nil {
		return Signature{}, err
	}
	s := signatureOf(PAdES, res)
	s.SubFilter = subFilter
	if s.SigningTime.IsZero() && dict.m != "" {
		if t, ok := parsePDFDate(dict.m); ok {
			s.SigningTime, s.TimeSource = t, TimeDictionary
		}
	}
	s.CoversWholeFile = r.a == 0 && onlyWhitespace(data[r.c+r.d:])
	return s, nil
}

// signatureOf reports what a verified CMS signature says of its signer.
func signatureOf(format string, res cmsResult) Signature {
	s := SignatureOf(format, res.cert, res.certs, res.signingTime, res.digestValid)
	s.Timestamp = res.timestamp
	return s
}

// SignatureOf describes a signature of the given format that was read and
// checked for integrity elsewhere (XAdES, by the sign package) so that
// [Verify] checks its certificate as it does a PDF's: the signer's
// certificate (not nil), the certificates the signature carries, the
// signing time the signer signed (zero when there is none) and whether
// the signature is intact.
func SignatureOf(format string, cert *x509.Certificate, certs []*x509.Certificate, signed time.Time, intact bool) Signature {
	s := Signature{Format: format, SignerName: cert.Subject.CommonName, SignerNIF: HolderOf(cert).NIF,
		Issuer: cert.Issuer.CommonName, SigningTime: signed, Certificate: cert, Certificates: certs, DigestValid: intact}
	if s.Issuer == "" && len(cert.Issuer.Organization) > 0 {
		s.Issuer = cert.Issuer.Organization[0]
	}
	if !signed.IsZero() {
		s.TimeSource = TimeSigningAttr
	}
	return s
}

// onlyWhitespace reports whether b holds nothing but PDF white space, which
// some tools append after %%EOF and which cannot change the document.
func onlyWhitespace(b []byte) bool {
	for _, c := range b {
		if !isWS(c) {
			return false
		}
	}
	return true
}

// unreadableError reports an unreadable signature to users while keeping the
// technical cause for logs: errors.Is(err, ErrUnreadableSignature) holds.
type unreadableError struct{ cause error }

func (e *unreadableError) Error() string   { return ErrUnreadableSignature.Error() }
func (e *unreadableError) Unwrap() []error { return []error{ErrUnreadableSignature, e.cause} }
