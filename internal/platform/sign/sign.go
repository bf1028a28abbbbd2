// Package sign makes advanced electronic signatures that others can verify:
// PAdES for PDFs (with a visible signature block), CAdES detached for any
// file and XAdES (enveloped or internally detached) for XML, following the
// AGE signature policy (firma.md §2–§4).
//
// Every signature is made in two halves so that the private key may live
// elsewhere (the trifásica flow of AutoFirma): Prepare builds the signed
// structure on the server and returns the bytes the key must sign;
// Pending.Finish takes the signature value (PKCS#1 v1.5 or ECDSA over the
// hash of those bytes) and returns the signed file. Sign does both halves
// with a key held here (the sello de órgano).
package sign

import (
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"fmt"
	"time"
)

// Format is a signature format, as AutoFirma names them.
type Format string

// Formats.
const (
	// PAdES: a CMS signature (SubFilter ETSI.CAdES.detached) inside the PDF,
	// added by incremental update.
	PAdES Format = "PAdES"
	// CAdES: a detached CMS SignedData (.csig) over the file's bytes.
	CAdES Format = "CAdES"
	// XAdESEnveloped: the ds:Signature inside the signed XML's root
	// (ENI TF03); a Reference to an Id signs that element only.
	XAdESEnveloped Format = "XAdES"
	// XAdESDetached: internally detached, AutoFirma's "XAdES Detached"
	// (ENI TF02): root AFIRMA with the CONTENT and the ds:Signature.
	XAdESDetached Format = "XAdES Detached"
)

// ENIType returns the ENI TipoFirma code of the format (eni.md).
func (f Format) ENIType() string {
	switch f {
	case PAdES:
		return "TF06"
	case CAdES:
		return "TF04"
	case XAdESEnveloped:
		return "TF03"
	case XAdESDetached:
		return "TF02"
	}
	return ""
}

// Key is a signing key held by the platform with its certificate chain,
// the signer's certificate first.
type Key struct {
	Signer crypto.Signer
	Chain  []*x509.Certificate
}

// Block is the visible signature block of a PAdES signature: lines of
// text drawn in a box on a page (1-based) at the given rectangle in points
// from the lower left corner; a zero Rect puts it at the foot of the page.
type Block struct {
	Page  int
	Rect  [4]float64
	Lines []string
}

// Options shape a signature.
type Options struct {
	// Time is the claimed signing time; zero: now.
	Time time.Time
	// Reason, Location and Name go in the PDF signature dictionary.
	Reason, Location, Name string
	// Block is the visible block of a PAdES signature; nil: invisible.
	Block *Block
	// Reference is the Id of the element an enveloped XAdES signature
	// covers ("" for the whole document), e.g. the ENI índice's Id.
	Reference string
	// Parent is where an enveloped XAdES ds:Signature is put: the local
	// name of an element of the document ("" for the root).
	Parent string
	// TSA is the address of an RFC 3161 time-stamp authority; when set the
	// signature is raised to baseline B-T.
	TSA string
}

// Pending is a signature prepared on the server that waits for its
// signature value. It is plain data (JSON-encodable) so that it can be
// kept between the two requests of the trifásica flow.
type Pending struct {
	Format Format
	// Hash is the hash the signer applies to ToBeSigned (SHA-256).
	Hash crypto.Hash
	// ToBeSigned is what the key signs (the DER of the CMS signed
	// attributes, or the canonical XML of ds:SignedInfo).
	ToBeSigned []byte
	// State is what Finish needs to complete the file.
	State []byte
	// Chain is the signer's certificate chain, signer first.
	Chain []*x509.Certificate
}

// Errors, meant for end users.
var (
	ErrUnsupported  = errors.New("Formato de firma no admitido.")
	ErrBadInput     = errors.New("El documento no se puede firmar en ese formato.")
	ErrBadSignature = errors.New("El valor de firma recibido no corresponde al certificado.")
	ErrTooLarge     = errors.New("La firma no cabe en el espacio reservado del PDF.")
	ErrTimestamp    = errors.New("No se ha podido obtener el sello de tiempo de la firma; inténtelo más tarde.")
	ErrUnreadable   = errors.New("La firma no se puede leer.")
)

// Sign signs data with a key held by the platform: Prepare, the key's
// signature over the hash of ToBeSigned, and Finish.
func Sign(f Format, data []byte, k Key, o Options) ([]byte, error) {
	p, err := Prepare(f, data, k.Chain, o)
	if err != nil {
		return nil, err
	}
	h := p.Hash.New()
	h.Write(p.ToBeSigned)
	value, err := k.Signer.Sign(rand.Reader, h.Sum(nil), p.Hash)
	if err != nil {
		return nil, fmt.Errorf("sign: signing with the key: %w", err)
	}
	return p.Finish(value)
}

// Signed is one signature found in a file, checked for integrity only (the
// chain of trust and revocation are the trust package's).
type Signed struct {
	Format Format
	// Signer is the signer's certificate; Chain the certificates the
	// signature carries.
	Signer *x509.Certificate
	Chain  []*x509.Certificate
	// Time is the claimed signing time (zero when there is none).
	Time time.Time
	// Intact: the signed bytes match their digests and the signature
	// value verifies with the signer's key.
	Intact bool
}
