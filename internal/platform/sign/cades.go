package sign

import (
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"time"

	"concejo/internal/platform/pdf"
)

// cadesState is what finishCAdES needs besides the signed attributes.
type cadesState struct {
	TSA string `json:"tsa,omitempty"`
}

// prepareCAdES signs the SHA-256 of data in signed attributes with the
// signing time, the signer's certificate and the AGE policy.
func prepareCAdES(data []byte, chain []*x509.Certificate, o Options) (*Pending, error) {
	if _, err := keyAlgorithm(chain[0]); err != nil {
		return nil, err
	}
	digest := sha256.Sum256(data)
	tbs, err := signedAttrs{digest: digest[:], signer: chain[0], time: signingTime(o)}.marshal()
	if err != nil {
		return nil, err
	}
	state, err := json.Marshal(cadesState{TSA: o.TSA})
	if err != nil {
		return nil, err
	}
	return &Pending{Format: CAdES, Hash: crypto.SHA256, ToBeSigned: tbs, State: state, Chain: chain}, nil
}

// finishCAdES returns the detached CMS (.csig) of p with its value.
func finishCAdES(p *Pending, value []byte) ([]byte, error) {
	var st cadesState
	if err := json.Unmarshal(p.State, &st); err != nil {
		return nil, ErrBadInput
	}
	return finishCMS(p, value, st.TSA)
}

// VerifyCAdES reads a detached CAdES signature (.csig) over content and
// checks its integrity; trust is the trust package's. It returns
// ErrUnreadable when sig is no CMS signature.
func VerifyCAdES(sig, content []byte) (Signed, error) {
	s, err := pdf.VerifyDetachedCMS(sig, content)
	if err != nil {
		return Signed{}, ErrUnreadable
	}
	return Signed{Format: CAdES, Signer: s.Certificate, Chain: s.Certificates, Time: s.SigningTime, Intact: s.DigestValid}, nil
}

// signingTime is the claimed signing time of o, to the second.
func signingTime(o Options) time.Time {
	t := o.Time
	if t.IsZero() {
		t = time.Now()
	}
	return t.Truncate(time.Second)
}
