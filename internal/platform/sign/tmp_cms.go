package sign

import "crypto/x509"

// TEMPORARY until the CMS helper lands: replaced by cades.go / pades.go.
func preparePAdES(data []byte, chain []*x509.Certificate, o Options) (*Pending, error) { return nil, ErrUnsupported }
func prepareCAdES(data []byte, chain []*x509.Certificate, o Options) (*Pending, error) { return nil, ErrUnsupported }
func finishPAdES(p *Pending, value []byte) ([]byte, error)                               { return nil, ErrUnsupported }
func finishCAdES(p *Pending, value []byte) ([]byte, error)                               { return nil, ErrUnsupported }
