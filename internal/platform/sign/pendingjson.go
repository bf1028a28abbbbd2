package sign

import (
	"crypto/x509"
	"encoding/json"
)

// pendingFields is Pending without its methods, for the JSON encoding.
type pendingFields Pending

// pendingJSON is the JSON form of a Pending: the certificates in DER.
type pendingJSON struct {
	*pendingFields
	Chain [][]byte
}

// MarshalJSON encodes p with its certificates in DER, so that it can be
// kept between the two requests of the trifásica flow.
func (p Pending) MarshalJSON() ([]byte, error) {
	j := pendingJSON{pendingFields: (*pendingFields)(&p), Chain: make([][]byte, len(p.Chain))}
	for i, c := range p.Chain {
		j.Chain[i] = c.Raw
	}
	return json.Marshal(j)
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (p *Pending) UnmarshalJSON(data []byte) error {
	j := pendingJSON{pendingFields: (*pendingFields)(p)}
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	p.Chain = make([]*x509.Certificate, len(j.Chain))
	for i, der := range j.Chain {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return err
		}
		p.Chain[i] = c
	}
	return nil
}
