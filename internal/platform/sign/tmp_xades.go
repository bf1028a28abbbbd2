package sign

import "crypto/x509"

// TEMPORARY until the XAdES helper lands: replaced by xades.go.
func prepareXAdES(f Format, data []byte, chain []*x509.Certificate, o Options) (*Pending, error) { return nil, ErrUnsupported }
func finishXAdES(p *Pending, value []byte) ([]byte, error)                                       { return nil, ErrUnsupported }
