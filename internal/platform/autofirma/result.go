package autofirma

import (
	"context"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Result is what AutoFirma left for the page, deciphered: its parts in
// order. A signature leaves the certificate, the signature (the signed PDF
// for PAdES) and sometimes extra data; a batch leaves the result JSON and,
// when asked (NeedCert), the certificate.
type Result [][]byte

// RemoteError is an error AutoFirma reported through the servlets
// ("ERR-nn:=…" or "SAF_nn: …").
type RemoteError struct {
	Code, Message string
}

// Error returns the message for the clerk.
func (e *RemoteError) Error() string {
	return "AutoFirma no ha podido completar la firma: " + e.Message
}

// errNotYet means the servlet holds nothing yet, or AutoFirma's "#WAIT".
var errNotYet = errors.New("AutoFirma aún no ha dejado el resultado.")

// ParseResult reads the text the retrieve servlet gave for an operation's
// id, deciphering each part with key (empty if the invocation had none),
// as autoscript.js does (successResponseFunction). AutoFirma's errors come
// back as a *RemoteError, a cancellation as ErrCancelled.
func ParseResult(raw, key string) (Result, error) {
	raw = strings.TrimRight(raw, "\r\n")
	lower := strings.ToLower(raw)
	switch {
	case strings.HasPrefix(lower, "err-06:=") || strings.HasPrefix(lower, "#wait"):
		return nil, errNotYet
	case strings.HasPrefix(lower, "err-11:="):
		return nil, ErrCancelled
	case raw == "CANCEL":
		return nil, ErrCancelled
	case strings.HasPrefix(lower, "err-") && strings.Contains(raw, ":="):
		code, msg, _ := strings.Cut(raw, ":=")
		return nil, &RemoteError{Code: strings.ToUpper(code), Message: msg}
	case strings.HasPrefix(raw, "SAF_"):
		code, msg, _ := strings.Cut(raw, ":")
		return nil, &RemoteError{Code: code, Message: strings.TrimSpace(msg)}
	case raw == "":
		return nil, errNotYet
	}
	var res Result
	for _, part := range strings.Split(raw, "|") {
		var data []byte
		var err error
		if key != "" {
			data, err = Decipher(part, key)
		} else {
			data, err = decodeBase64(part)
		}
		if err != nil {
			return nil, errCiphertext
		}
		res = append(res, data)
	}
	return res, nil
}

var errShortResult = errors.New("El resultado de AutoFirma está incompleto.")

// Sign reads the result of a signature: the signer's certificate and the
// signature.
func (r Result) Sign() (*x509.Certificate, []byte, error) {
	if len(r) < 2 {
		return nil, nil, errShortResult
	}
	cert, err := x509.ParseCertificate(r[0])
	if err != nil {
		return nil, nil, errShortResult
	}
	return cert, r[1], nil
}

// Batch reads the result of a batch: each document's outcome as AutoFirma
// reports it, and the certificate when it was asked for (else nil).
func (r Result) Batch() (BatchResult, *x509.Certificate, error) {
	if len(r) < 1 {
		return BatchResult{}, nil, errShortResult
	}
	br, err := ParseBatchResult(r[0])
	if err != nil {
		return BatchResult{}, nil, err
	}
	if len(r) < 2 {
		return br, nil, nil
	}
	cert, err := x509.ParseCertificate(r[1])
	if err != nil {
		return BatchResult{}, nil, errShortResult
	}
	return br, cert, nil
}

// pollInterval is how often FetchResult asks the retrieve servlet, as
// autoscript.js does (WAITING_CYCLE_MILLIS).
const pollInterval = time.Second

// FetchResult asks the retrieve servlet at retrieveURL for what AutoFirma
// left under id, once a second until there is something or ctx ends, and
// reads it with ParseResult. It is the page's part, for a server or a test
// that plays it.
func FetchResult(ctx context.Context, hc *http.Client, retrieveURL, id, key string) (Result, error) {
	if hc == nil {
		hc = http.DefaultClient
	}
	form := url.Values{"op": {"get"}, "v": {storageSyntaxVersion}, "id": {id}}.Encode()
	for {
		raw, err := retrieve(ctx, hc, retrieveURL, form)
		if err != nil {
			return nil, err
		}
		res, err := ParseResult(raw, key)
		if !errors.Is(err, errNotYet) {
			return res, err
		}
		select {
		case <-ctx.Done():
			return nil, errors.New("AutoFirma no ha devuelto la firma a tiempo.")
		case <-time.After(pollInterval):
		}
	}
}

func retrieve(ctx context.Context, hc *http.Client, retrieveURL, form string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, retrieveURL, strings.NewReader(form))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4*DefaultMaxSize))
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", errors.New("El servicio de recuperación de firmas ha respondido " + resp.Status + ".")
	}
	return string(body), nil
}
