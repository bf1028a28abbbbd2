package pdf

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"regexp"
	"strings"
	"time"
)

// Signature describes one signature found in a PDF.
type Signature struct {
	SignerName      string    // CN of the signer certificate
	SignerNIF       string    // NIF/NIE from the subject serialNumber (OID 2.5.4.5) without "IDCES-", else from the CN
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

// TimeSource says where a signing time comes from.
type TimeSource int

// Sources of a signing time.
const (
	TimeNone        TimeSource = iota // no signing time at all
	TimeSigningAttr                   // the CMS signingTime signed attribute, declared by the signer
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
	s := signatureOf(res)
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
func signatureOf(res cmsResult) Signature {
	s := Signature{SignerName: res.cert.Subject.CommonName, SignerNIF: nifOf(res.cert), Issuer: res.cert.Issuer.CommonName}
	if s.Issuer == "" && len(res.cert.Issuer.Organization) > 0 {
		s.Issuer = res.cert.Issuer.Organization[0]
	}
	s.SigningTime = res.signingTime
	if !s.SigningTime.IsZero() {
		s.TimeSource = TimeSigningAttr
	}
	s.Certificate, s.Certificates, s.Timestamp = res.cert, res.certs, res.timestamp
	s.DigestValid = res.digestValid
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

var (
	oidSerialNumber = asn1.ObjectIdentifier{2, 5, 4, 5}
	// etsiPrefix is the ETSI EN 319 412-1 semantics prefix, e.g. "IDCES-".
	etsiPrefix = regexp.MustCompile(`^(IDC|PAS|PNO|TIN)[A-Z]{2}[-:]`)
	nifInCN    = regexp.MustCompile(`\b([0-9]{8}[A-Z]|[XYZ][0-9]{7}[A-Z])\b`)
)

// nifOf extracts the holder's NIF/NIE from a Spanish qualified certificate:
// subject serialNumber (OID 2.5.4.5) without its ETSI prefix, or else the
// first NIF-looking token of the CN ("APELLIDOS NOMBRE - 12345678Z").
func nifOf(c *x509.Certificate) string {
	sn := c.Subject.SerialNumber
	if sn == "" {
		for _, a := range c.Subject.Names {
			if v, ok := a.Value.(string); ok && a.Type.Equal(oidSerialNumber) {
				sn = v
				break
			}
		}
	}
	sn = strings.ToUpper(strings.TrimSpace(sn))
	if sn != "" {
		return etsiPrefix.ReplaceAllString(sn, "")
	}
	if m := nifInCN.FindStringSubmatch(strings.ToUpper(c.Subject.CommonName)); m != nil {
		return m[1]
	}
	return ""
}

// unreadableError reports an unreadable signature to users while keeping the
// technical cause for logs: errors.Is(err, ErrUnreadableSignature) holds.
type unreadableError struct{ cause error }

func (e *unreadableError) Error() string   { return ErrUnreadableSignature.Error() }
func (e *unreadableError) Unwrap() []error { return []error{ErrUnreadableSignature, e.cause} }
