package trust

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"strings"
	"time"

	"golang.org/x/crypto/ocsp"
)

// RevocationStatus is what is known about a certificate's revocation.
type RevocationStatus int

// Revocation statuses.
const (
	// NotChecked: no answer could be obtained (Revocation.Reason says why).
	NotChecked RevocationStatus = iota
	// Good: the provider says the certificate is not revoked.
	Good
	// Revoked: the provider says the certificate is revoked (since Revocation.At).
	Revoked
)

// Revocation is the answer about one certificate.
type Revocation struct {
	Status RevocationStatus
	At     time.Time // when it was revoked
	Source string    // "OCSP <url>" or "CRL <url>" that answered
	Reason string    // why it could not be checked (Spanish), when NotChecked
}

// RevocationChecker finds out whether cert, issued by issuer, is revoked.
type RevocationChecker interface {
	Check(ctx context.Context, cert, issuer *x509.Certificate) Revocation
}

// Online checks revocation over HTTP: the OCSP responder of the
// certificate's AIA first, then its CRL distribution points. Responses
// must be signed by the issuer (or an OCSP responder it delegated to) and
// be current.
type Online struct {
	// Client makes the requests; nil is a client with Timeout.
	Client *http.Client
	// Timeout bounds each request; zero is 5 seconds.
	Timeout time.Duration
	// Now is the current time; nil is time.Now.
	Now func() time.Time
}

// Limits of Online.
const (
	maxOCSPResponse = 1 << 20
	maxCRL          = 32 << 20
	// clockSkew is the tolerance on thisUpdate / nextUpdate.
	clockSkew = 5 * time.Minute
)

// Check implements RevocationChecker.
func (o *Online) Check(ctx context.Context, cert, issuer *x509.Certificate) Revocation {
	if issuer == nil {
		return Revocation{Reason: "no se conoce el certificado del emisor"}
	}
	if len(cert.OCSPServer) == 0 && len(cert.CRLDistributionPoints) == 0 {
		return Revocation{Reason: "el certificado no indica ningún servicio de consulta de revocación"}
	}
	var failures []string
	for _, u := range cert.OCSPServer {
		r, err := o.ocsp(ctx, u, cert, issuer)
		if err == nil {
			return r
		}
		failures = append(failures, "OCSP "+u+": "+err.Error())
	}
	for _, u := range cert.CRLDistributionPoints {
		r, err := o.crl(ctx, u, cert, issuer)
		if err == nil {
			return r
		}
		failures = append(failures, "CRL "+u+": "+err.Error())
	}
	return Revocation{Reason: strings.Join(failures, "; ")}
}

func (o *Online) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o *Online) ocsp(ctx context.Context, url string, cert, issuer *x509.Certificate) (Revocation, error) {
	req, err := ocsp.CreateRequest(cert, issuer, nil)
	if err != nil {
		return Revocation{}, fmt.Errorf("no se pudo preparar la consulta: %w", err)
	}
	body, err := o.fetch(ctx, http.MethodPost, url, "application/ocsp-request", req, maxOCSPResponse)
	if err != nil {
		return Revocation{}, err
	}
	resp, err := ocsp.ParseResponseForCert(body, cert, issuer)
	if err != nil {
		return Revocation{}, fmt.Errorf("respuesta no válida: %w", err)
	}
	if err := current(resp.ThisUpdate, resp.NextUpdate, o.now()); err != nil {
		return Revocation{}, err
	}
	r := Revocation{Source: "OCSP " + url}
	switch resp.Status {
	case ocsp.Good:
		r.Status = Good
	case ocsp.Revoked:
		r.Status, r.At = Revoked, resp.RevokedAt
	default:
		return Revocation{}, errors.New("el servicio no conoce el certificado")
	}
	return r, nil
}

func (o *Online) crl(ctx context.Context, url string, cert, issuer *x509.Certificate) (Revocation, error) {
	body, err := o.fetch(ctx, http.MethodGet, url, "", nil, maxCRL)
	if err != nil {
		return Revocation{}, err
	}
	list, err := x509.ParseRevocationList(body)
	if err != nil {
		return Revocation{}, fmt.Errorf("lista no válida: %w", err)
	}
	if err := list.CheckSignatureFrom(issuer); err != nil {
		return Revocation{}, fmt.Errorf("la lista no está firmada por el emisor: %w", err)
	}
	if err := current(list.ThisUpdate, list.NextUpdate, o.now()); err != nil {
		return Revocation{}, err
	}
	r := Revocation{Status: Good, Source: "CRL " + url}
	for _, e := range list.RevokedCertificateEntries {
		if e.SerialNumber != nil && e.SerialNumber.Cmp(cert.SerialNumber) == 0 {
			r.Status, r.At = Revoked, e.RevocationTime
			break
		}
	}
	return r, nil
}

// current checks that an answer issued at this and valid until next is in
// force now.
func current(this, next, now time.Time) error {
	if this.After(now.Add(clockSkew)) {
		return errors.New("la respuesta tiene fecha futura")
	}
	if !next.IsZero() && next.Before(now.Add(-clockSkew)) {
		return fmt.Errorf("la respuesta está caducada desde el %s", next.UTC().Format("02/01/2006 15:04"))
	}
	return nil
}

// fetch makes one request with the timeout and returns at most limit bytes.
func (o *Online) fetch(ctx context.Context, method, url, ctype string, body []byte, limit int64) ([]byte, error) {
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		return nil, errors.New("dirección no admitida")
	}
	timeout := o.Timeout
	if timeout == 0 {
		timeout = 5 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return nil, errors.New("dirección no válida")
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	client := o.Client
	if client == nil {
		client = &http.Client{Timeout: timeout}
	}
	res, err := client.Do(req)
	if err != nil {
		var ue *neturl.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is already named by the caller
		}
		return nil, fmt.Errorf("sin respuesta (%w)", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("respuesta HTTP %d", res.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(res.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("respuesta incompleta (%w)", err)
	}
	if int64(len(data)) > limit {
		return nil, errors.New("respuesta demasiado grande")
	}
	return data, nil
}
