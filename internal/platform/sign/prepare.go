package sign

import "crypto/x509"

// Prepare builds the signature of data in format f for the signer whose
// chain is given (signer first) and returns it waiting for its value.
func Prepare(f Format, data []byte, chain []*x509.Certificate, o Options) (*Pending, error) {
	if len(chain) == 0 {
		return nil, ErrBadInput
	}
	switch f {
	case PAdES:
		return preparePAdES(data, chain, o)
	case CAdES:
		return prepareCAdES(data, chain, o)
	case XAdESEnveloped, XAdESDetached:
		return prepareXAdES(f, data, chain, o)
	}
	return nil, ErrUnsupported
}

// Finish completes the signature with the signature value the key made
// over the hash of ToBeSigned and returns the signed file: the PDF, the
// detached CMS (.csig) or the XML.
func (p *Pending) Finish(value []byte) ([]byte, error) {
	switch p.Format {
	case PAdES:
		return finishPAdES(p, value)
	case CAdES:
		return finishCAdES(p, value)
	case XAdESEnveloped, XAdESDetached:
		return finishXAdES(p, value)
	}
	return nil, ErrUnsupported
}
