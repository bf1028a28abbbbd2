package facturae

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"time"

	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
)

// nsDS is the XML Signature namespace.
const nsDS = "http://www.w3.org/2000/09/xmldsig#"

// SignatureResult is what VerifySignature finds about a file's signature.
type SignatureResult struct {
	// Signed: the file carries at least one ds:Signature; Count says how
	// many (a Facturae file carries one).
	Signed bool
	Count  int
	// Intact: the first signature's references digest right and its value
	// verifies with the signer's certificate (the one its XAdES
	// SigningCertificate names).
	Intact bool
	// Whole: the signature is enveloped in the root element and covers the
	// whole document (a Reference to "" or to the root's Id, with the
	// enveloped-signature transform), as the Facturae signature policy asks.
	Whole bool
	// Subject is the signer certificate's subject; Signer its holder's name
	// and NIF as the platform reads Spanish certificates.
	Subject string
	Signer  pdf.Holder
	// Time is the XAdES SigningTime the signature claims (zero: none).
	Time time.Time
}

// Valid: signed, intact and covering the whole document. Trust in the
// certificate (chain, validity, revocation) is not decided here.
func (r SignatureResult) Valid() bool { return r.Signed && r.Intact && r.Whole }

// VerifySignature checks the XAdES signature of a Facturae file with the
// platform's verifier (sign.VerifyXAdES). An unsigned file gives a result
// with Signed false and no error; an error is an *Error (not XML).
func VerifySignature(data []byte) (SignatureResult, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	sigs, err := sign.VerifyXAdES(data)
	if err != nil {
		return SignatureResult{}, errf("No se puede comprobar la firma: el fichero no es un XML legible.")
	}
	r := SignatureResult{Signed: len(sigs) > 0, Count: len(sigs)}
	if !r.Signed {
		return r, nil
	}
	s := sigs[0]
	r.Intact, r.Time = s.Intact, s.Time
	if s.Signer != nil {
		r.Subject = s.Signer.Subject.String()
		r.Signer = pdf.HolderOf(s.Signer)
	}
	r.Whole = s.Format == sign.XAdESEnveloped && coversRoot(data)
	return r, nil
}

// coversRoot: the first ds:Signature is a child of the root element and
// has a Reference to the whole document ("" or "#" and the root's Id).
func coversRoot(data []byte) bool {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charsetReader
	depth, rootID := 0, ""
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				rootID = attr(t, "Id")
			}
			if t.Name.Space == nsDS && t.Name.Local == "Signature" {
				return depth == 2 && referencesRoot(dec, &t, rootID)
			}
		case xml.EndElement:
			depth--
		}
	}
}

// signatureRefs is the part of a ds:Signature coversRoot reads.
type signatureRefs struct {
	Refs []struct {
		URI string `xml:"URI,attr"`
	} `xml:"http://www.w3.org/2000/09/xmldsig# SignedInfo>Reference"`
}

// referencesRoot reads the signature start and tells whether one of its
// references is to the whole document.
func referencesRoot(dec *xml.Decoder, start *xml.StartElement, rootID string) bool {
	var s signatureRefs
	if err := dec.DecodeElement(&s, start); err != nil && !errors.Is(err, io.EOF) {
		return false
	}
	for _, ref := range s.Refs {
		if ref.URI == "" || rootID != "" && ref.URI == "#"+rootID {
			return true
		}
	}
	return false
}

// attr is the value of an unqualified attribute of e.
func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
