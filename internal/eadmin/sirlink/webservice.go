package sirlink

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"concejo/internal/eadmin/sirlink/internal/soap"
	"concejo/internal/platform/errs"
)

// WebService is the client of the CIR (Componente de Intercambio
// Registral): SOAP 1.1 over HTTPS with the platform's client certificate.
// Files go to WS_SIR6_B (recepcionFicheroDeAplicacion), messages to WS_SIR7
// (recepcionMensajeDatosControlDeAplicacion).
type WebService struct {
	// Endpoint is the base address of the CIR's services; the service name
	// is appended ("…/WS_SIR6_B", "…/WS_SIR7").
	Endpoint string
	// Client makes the calls; its transport carries the client certificate.
	Client *http.Client
	// Timeout bounds each attempt (DefaultTimeout when zero).
	Timeout time.Duration
	// Attempts is how many times a call is tried when the CIR cannot be
	// reached (DefaultAttempts when zero). An answer, even an error code,
	// is never retried.
	Attempts int
	// Backoff is the wait before the second attempt, doubled before each
	// further one (DefaultBackoff when zero).
	Backoff time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Defaults of WebService.
const (
	DefaultTimeout  = 60 * time.Second
	DefaultAttempts = 3
	DefaultBackoff  = 2 * time.Second
)

// maxAnswerBytes bounds the CIR's answer (a RespuestaWS is a few hundred bytes).
const maxAnswerBytes = 1 << 20

// NewWebService returns a client of the CIR at endpoint that presents
// clientCert and trusts the CIR's server certificate when it chains to
// roots (the system's roots when nil).
func NewWebService(endpoint string, clientCert tls.Certificate, roots *x509.CertPool) *WebService {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots, Certificates: []tls.Certificate{clientCert}}
	return &WebService{Endpoint: endpoint, Client: &http.Client{Transport: tr}}
}

// Name implements Connector.
func (w *WebService) Name() string { return "Servicios web del CIR (SIR)" }

// SendFile implements Connector with WS_SIR6_B.
func (w *WebService) SendFile(ctx context.Context, f Outgoing) (Receipt, error) {
	if err := checkPayload(f.Data, "El fichero de intercambio"); err != nil {
		return Receipt{}, err
	}
	what := "el fichero de intercambio"
	if f.ExchangeID != "" {
		what += " " + f.ExchangeID
	}
	return w.call(ctx, soap.SIR6B, what, string(f.Data))
}

// SendMessage implements Connector with WS_SIR7.
func (w *WebService) SendMessage(ctx context.Context, message []byte) (Receipt, error) {
	if err := checkPayload(message, "El mensaje de control"); err != nil {
		return Receipt{}, err
	}
	return w.call(ctx, soap.SIR7, "el mensaje de control", string(message))
}

func checkPayload(data []byte, what string) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return errs.New(errs.Invalid, what+" está vacío.")
	}
	if !utf8.Valid(data) {
		return errs.New(errs.Invalid, what+" no está codificado en UTF-8.")
	}
	return nil
}

// call sends one request, retrying while the CIR cannot be reached.
func (w *WebService) call(ctx context.Context, op soap.Operation, what, payload string) (Receipt, error) {
	now := clock(w.Now)
	url := strings.TrimRight(w.Endpoint, "/") + "/" + op.Service
	body := soap.Request(op, payload)
	attempts, wait := w.Attempts, w.Backoff
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	if wait <= 0 {
		wait = DefaultBackoff
	}
	var lastErr error
	tried := 0
	for tried < attempts {
		if tried > 0 {
			if sleep(ctx, wait) != nil {
				break
			}
			wait *= 2
		}
		tried++
		ans, err := w.post(ctx, url, body)
		if err == nil {
			return w.answered(op, what, ans, tried, now())
		}
		lastErr = err
		if !retryable(err) || ctx.Err() != nil {
			break
		}
	}
	return unreachedReceipt(tried, lastErr, now())
}

func (w *WebService) answered(op soap.Operation, what string, ans *soap.Answer, attempts int, at time.Time) (Receipt, error) {
	rec := Receipt{Code: ans.Code, Description: ans.Description, Attempts: attempts, At: at}
	if !ans.Fault && ans.Code == CodeOK {
		rec.Status = StatusSent
		rec.Note = fmt.Sprintf("El CIR ha aceptado %s (%s).", what, op.Service)
		return rec, nil
	}
	rec.Status = StatusRefused
	refusal := &Refusal{Code: ans.Code, Description: ans.Description}
	msg := fmt.Sprintf("El CIR ha rechazado %s (%s) con el %s.", what, op.Service, strings.TrimRight(refusal.Error(), "."))
	if ans.Fault {
		msg = fmt.Sprintf("El CIR ha devuelto un error SOAP (%s) al recibir %s (%s): %s.", ans.Code, what, op.Service, strings.TrimRight(ans.Description, "."))
	}
	rec.Note = msg
	return rec, &upstream{msg: msg, cause: refusal}
}

// post makes one attempt. Every error it returns means no answer of the
// CIR was read.
func (w *WebService) post(ctx context.Context, url string, body []byte) (*soap.Answer, error) {
	timeout := w.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, &notReached{reason: "la dirección del CIR no es válida", permanent: true}
	}
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	req.Header.Set("SOAPAction", `""`)
	client := w.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, transportError(err, timeout)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	if err != nil {
		return nil, transportError(err, timeout)
	}
	if len(data) > maxAnswerBytes {
		return nil, &notReached{reason: "la respuesta del CIR es demasiado grande", permanent: true}
	}
	ans, perr := soap.ParseAnswer(bytes.NewReader(data))
	if perr == nil {
		return ans, nil
	}
	switch resp.StatusCode {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return nil, &notReached{reason: fmt.Sprintf("el CIR no está disponible (HTTP %d)", resp.StatusCode)}
	}
	return nil, &notReached{reason: fmt.Sprintf("la respuesta del CIR no es válida (HTTP %d): %s", resp.StatusCode, perr), permanent: true}
}

// notReached is a failed attempt; permanent ones are not retried.
type notReached struct {
	reason    string
	permanent bool
}

func (e *notReached) Error() string { return e.reason }

func retryable(err error) bool {
	var nr *notReached
	return !errors.As(err, &nr) || !nr.permanent
}

// transportError explains a failed request. Certificate problems are not
// retried: they will not mend themselves.
func transportError(err error, timeout time.Duration) error {
	var verr *tls.CertificateVerificationError
	var uerr x509.UnknownAuthorityError
	var herr x509.HostnameError
	if errors.As(err, &verr) || errors.As(err, &uerr) || errors.As(err, &herr) {
		return &notReached{reason: "el certificado del servidor del CIR no es de confianza", permanent: true}
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "remote error" {
		return &notReached{reason: "el CIR no ha aceptado el certificado de cliente de la plataforma (" + op.Err.Error() + ")", permanent: true}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &notReached{reason: fmt.Sprintf("el CIR no ha respondido en %s", timeout)}
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return &notReached{reason: fmt.Sprintf("el CIR no ha respondido en %s", timeout)}
	}
	return &notReached{reason: "error de red: " + err.Error()}
}

// upstream is the error of a hand-over the CIR refused (cause is the
// *Refusal) or never answered (cause is ErrUnreachable); its kind is
// errs.Upstream.
type upstream struct {
	msg   string
	cause error
}

func (u *upstream) Error() string { return u.msg }

func (u *upstream) Unwrap() error { return u.cause }

// Is makes the error of kind errs.Upstream.
func (u *upstream) Is(target error) bool { return target == errs.Upstream }

func unreachedReceipt(attempts int, err error, at time.Time) (Receipt, error) {
	reason := "cancelado"
	if err != nil {
		reason = err.Error()
	}
	times := "1 intento"
	if attempts != 1 {
		times = fmt.Sprintf("%d intentos", attempts)
	}
	msg := fmt.Sprintf("No se ha podido contactar con el CIR tras %s (%s); el envío queda pendiente y puede repetirse.", times, reason)
	return Receipt{Status: StatusUnreached, Attempts: attempts, At: at, Note: msg}, &upstream{msg: msg, cause: ErrUnreachable}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
