// Package client plays AutoFirma's part of its protocol with a key held in
// memory (a PKCS#12 file): it runs an afirma://sign or afirma://batch
// invocation against the servlets of package autofirma, or any server that
// speaks the same protocol, as the desktop client would. It serves tests
// and tools; clerks use AutoFirma itself.
package client

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"concejo/internal/platform/autofirma"
	"concejo/internal/platform/sign"
)

// Client runs invocations with one key.
type Client struct {
	Key sign.Key
	// HTTP reaches the servlets; nil: http.DefaultClient.
	HTTP *http.Client
	// Options shape single signatures (a PAdES block, the signing time).
	Options sign.Options
}

// AutoFirma's error codes for what it leaves in the storage servlet
// (ProtocolInvocationLauncherErrorManager, protocol 4).
const (
	errParams      = "SAF_03"
	errFormat      = "SAF_06"
	errSigning     = "SAF_09"
	errDecrypting  = "SAF_15"
	errRecovering  = "SAF_16"
	errBatchServer = "SAF_26"
)

// failure is an error with the code AutoFirma reports it under.
type failure struct {
	code string
	err  error
}

func (f *failure) Error() string { return f.err.Error() }
func (f *failure) Unwrap() error { return f.err }

func fail(code string, err error) error { return &failure{code, err} }

// Run does what AutoFirma does with the invocation: fetch it whole when it
// names a fileid, sign (one document, or a batch through the pre-signer
// and post-signer) and leave the result ciphered with the invocation's key
// under its id in the storage servlet. When it fails after reading the
// invocation it leaves the error there instead ("SAF_nn: message") and
// returns it.
func (c *Client) Run(ctx context.Context, invocation string) error {
	inv, err := autofirma.ParseInvocation(invocation)
	if err != nil {
		return err
	}
	if inv.FileID != "" {
		full, err := c.fetchDefinition(ctx, inv)
		if err != nil {
			c.report(ctx, inv, err)
			return err
		}
		inv = full
	}
	var parts [][]byte
	switch {
	case !supportedVersion(inv.Version):
		err = fail(errParams, errors.New("Versión del protocolo de AutoFirma no admitida."))
	case inv.Operation == autofirma.OpSign:
		parts, err = c.sign(inv)
	case inv.Operation == autofirma.OpBatch:
		parts, err = c.batch(ctx, inv)
	default:
		err = fail(errParams, errors.New("Operación de AutoFirma no admitida: "+string(inv.Operation)+"."))
	}
	if err != nil {
		c.report(ctx, inv, err)
		return err
	}
	var msg []string
	for _, p := range parts {
		if inv.Key == "" {
			msg = append(msg, base64.URLEncoding.EncodeToString(p))
			continue
		}
		text, err := autofirma.Encipher(p, inv.Key)
		if err != nil {
			return err
		}
		msg = append(msg, text)
	}
	return c.store(ctx, inv, strings.Join(msg, "|"))
}

// supportedVersion reports whether AutoFirma speaks protocol version v
// (ProtocolInvocationLauncher.SUPPORTED_PROTOCOLS: majors 1 to 4; none
// given is version 0).
func supportedVersion(v string) bool {
	major, _, _ := strings.Cut(v, ".")
	n, err := strconv.Atoi(major)
	return err == nil && n >= 1 && n <= 4
}

// fetchDefinition takes the invocation left under FileID in the retrieve
// servlet and deciphers it.
func (c *Client) fetchDefinition(ctx context.Context, short autofirma.Invocation) (autofirma.Invocation, error) {
	body, err := c.post(ctx, short.RetrieveURL, "op=get&v=1_0&id="+short.FileID)
	if err != nil {
		return short, fail(errRecovering, err)
	}
	text := strings.TrimSpace(string(body))
	if strings.HasPrefix(strings.ToLower(text), "err-") {
		return short, fail(errRecovering, errors.New("El servicio de recuperación no tiene la operación: "+text))
	}
	if short.Key == "" {
		return short, fail(errDecrypting, errors.New("La operación no trae clave para descifrar sus datos."))
	}
	def, err := autofirma.Decipher(text, short.Key)
	if err != nil {
		return short, fail(errDecrypting, err)
	}
	full, err := autofirma.ParseDefinition(short.Operation, def)
	if err != nil {
		return short, fail(errParams, err)
	}
	return full, nil
}

// sign makes a single signature: the certificate and the signed data.
func (c *Client) sign(inv autofirma.Invocation) ([][]byte, error) {
	f, ok := format(inv.Format)
	if !ok {
		return nil, fail(errFormat, fmt.Errorf("Formato de firma no admitido: %s.", inv.Format))
	}
	if len(inv.Data) == 0 {
		return nil, fail(errParams, errors.New("La operación no trae datos que firmar."))
	}
	h, err := autofirma.HashOf(inv.Algorithm)
	if err != nil {
		return nil, fail(errParams, err)
	}
	p, err := sign.Prepare(f, inv.Data, c.Key.Chain, c.Options)
	if err != nil {
		return nil, fail(errSigning, err)
	}
	if p.Hash != h {
		return nil, fail(errParams, fmt.Errorf("Algoritmo de firma no admitido para %s: %s.", f, inv.Algorithm))
	}
	d := h.New()
	d.Write(p.ToBeSigned)
	value, err := c.Key.Signer.Sign(rand.Reader, d.Sum(nil), h)
	if err != nil {
		return nil, fail(errSigning, err)
	}
	signed, err := p.Finish(value)
	if err != nil {
		return nil, fail(errSigning, err)
	}
	return [][]byte{c.Key.Chain[0].Raw, signed}, nil
}

// format maps AutoFirma's format names to the sign package's.
func format(name sign.Format) (sign.Format, bool) {
	switch name {
	case sign.PAdES, sign.CAdES, sign.XAdESEnveloped, sign.XAdESDetached:
		return name, true
	case "XAdES Enveloped":
		return sign.XAdESEnveloped, true
	}
	return "", false
}

// store leaves text under the invocation's id, as AutoFirma does
// (IntermediateServerUtil.sendData): "op=put&v=1_0&id=…&dat=…" posted with
// the data unencoded.
func (c *Client) store(ctx context.Context, inv autofirma.Invocation, text string) error {
	if inv.StorageURL == "" || inv.ID == "" {
		return fail(errParams, errors.New("La operación no dice dónde dejar el resultado."))
	}
	body, err := c.post(ctx, inv.StorageURL, "op=put&v=1_0&id="+inv.ID+"&dat="+text)
	if err != nil {
		return err
	}
	if got := strings.TrimSpace(string(body)); got != "OK" {
		return &autofirma.RemoteError{Code: "ERR", Message: got}
	}
	return nil
}

// report leaves err in the storage servlet for the page, when the
// invocation says where.
func (c *Client) report(ctx context.Context, inv autofirma.Invocation, err error) {
	code := errSigning
	var f *failure
	if errors.As(err, &f) {
		code = f.code
	}
	if inv.StorageURL != "" && inv.ID != "" {
		c.store(ctx, inv, url.QueryEscape(code+": "+err.Error()))
	}
}

// post sends body as AutoFirma's HTTP manager does: a form POST whose
// body is the query as written, and any 4xx or 5xx status is an error.
func (c *Client) post(ctx context.Context, to, body string) ([]byte, error) {
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, to, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4*autofirma.DefaultMaxSize))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 400 {
		return nil, fmt.Errorf("El servidor %s ha respondido %s: %s", req.URL.Host, resp.Status, bytes.TrimSpace(data))
	}
	return data, nil
}
