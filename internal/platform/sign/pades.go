package sign

import (
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
)

// Room kept in the PDF for the CMS signature besides its certificates and
// the signer's issuer name (written twice): the signed attributes, a value
// of RSA 4096 and the CMS structure take under 1.5 KiB; a time-stamp token
// with its authority's certificates, a few KiB.
const (
	cmsReserve = 2 << 10
	tsaReserve = 12 << 10
)

// padesState is the prepared PDF, waiting for its signature in the hole.
type padesState struct {
	PDF  []byte `json:"pdf"`
	Hole [2]int `json:"hole"`
	TSA  string `json:"tsa,omitempty"`
}

// preparePAdES adds to the PDF a signature field whose /Contents is left
// empty and signs the SHA-256 of the rest of the file (its ByteRange) in
// signed attributes with the signer's certificate and the AGE policy. The
// signing time is the /M of the signature dictionary, as AutoFirma does.
func preparePAdES(data []byte, chain []*x509.Certificate, o Options) (*Pending, error) {
	if _, err := keyAlgorithm(chain[0]); err != nil {
		return nil, err
	}
	reserve := cmsReserve + 2*len(chain[0].RawIssuer)
	for _, c := range chain {
		reserve += len(c.Raw)
	}
	if o.TSA != "" {
		reserve += tsaReserve
	}
	p, err := addSignatureField(data, sigField{time: signingTime(o), name: o.Name, reason: o.Reason,
		location: o.Location, block: o.Block, reserve: reserve})
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	h.Write(p.pdf[:p.hole[0]])
	h.Write(p.pdf[p.hole[1]:])
	tbs, err := signedAttrs{digest: h.Sum(nil), signer: chain[0]}.marshal()
	if err != nil {
		return nil, err
	}
	state, err := json.Marshal(padesState{PDF: p.pdf, Hole: p.hole, TSA: o.TSA})
	if err != nil {
		return nil, err
	}
	return &Pending{Format: PAdES, Hash: crypto.SHA256, ToBeSigned: tbs, State: state, Chain: chain}, nil
}

// finishPAdES writes the CMS signature of p, in hexadecimal, into the hole
// of the prepared PDF.
func finishPAdES(p *Pending, value []byte) ([]byte, error) {
	var st padesState
	if err := json.Unmarshal(p.State, &st); err != nil {
		return nil, ErrBadInput
	}
	start, end := st.Hole[0], st.Hole[1]
	if start < 0 || end > len(st.PDF) || end-start < 2 || st.PDF[start] != '<' || st.PDF[end-1] != '>' {
		return nil, ErrBadInput
	}
	der, err := finishCMS(p, value, st.TSA)
	if err != nil {
		return nil, err
	}
	if hex.EncodedLen(len(der)) > end-start-2 {
		return nil, ErrTooLarge
	}
	hex.Encode(st.PDF[start+1:], der)
	return st.PDF, nil
}
