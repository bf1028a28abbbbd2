package sign

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"time"

	"github.com/digitorus/timestamp"
)

// tsaClient asks time-stamp authorities for tokens.
var tsaClient = &http.Client{Timeout: 30 * time.Second}

// maxTSAResponse caps the size of a time-stamp response.
const maxTSAResponse = 1 << 20

// timeStampToken asks the RFC 3161 authority at url for a time-stamp token
// over the signature value (the signature-time-stamp of baseline B-T) and
// returns the token, checked to stamp that value.
func timeStampToken(url string, value []byte) ([]byte, error) {
	nonce, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		return nil, err
	}
	req, err := timestamp.CreateRequest(bytes.NewReader(value), &timestamp.RequestOptions{
		Hash: crypto.SHA256, Certificates: true, Nonce: nonce})
	if err != nil {
		return nil, tsaFailed(err)
	}
	resp, err := tsaClient.Post(url, "application/timestamp-query", bytes.NewReader(req))
	if err != nil {
		return nil, tsaFailed(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxTSAResponse))
	if err != nil {
		return nil, tsaFailed(err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, tsaFailed(fmt.Errorf("HTTP %d", resp.StatusCode))
	}
	ts, err := timestamp.ParseResponse(body)
	if err != nil {
		return nil, tsaFailed(err)
	}
	// With its certificates, the token's signature was checked by Parse;
	// without them no verifier could check it.
	digest := sha256.Sum256(value)
	switch {
	case len(ts.Certificates) == 0:
		return nil, tsaFailed(errors.New("the token carries no certificate"))
	case ts.HashAlgorithm != crypto.SHA256 || !bytes.Equal(ts.HashedMessage, digest[:]):
		return nil, tsaFailed(errors.New("the token does not stamp the signature value"))
	case ts.Nonce == nil || ts.Nonce.Cmp(nonce) != 0:
		return nil, tsaFailed(errors.New("the token answers another request"))
	}
	return ts.RawToken, nil
}

// tsaError reports to users that the time-stamp could not be had, keeping
// its cause for logs: errors.Is(err, ErrTimestamp) holds.
type tsaError struct{ cause error }

func tsaFailed(cause error) error { return &tsaError{cause: cause} }

func (e *tsaError) Error() string   { return ErrTimestamp.Error() }
func (e *tsaError) Unwrap() []error { return []error{ErrTimestamp, e.cause} }
