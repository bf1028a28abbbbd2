// Package cirtest plays the CIR (Componente de Intercambio Registral of SIR)
// on 127.0.0.1 for tests: it serves WS_SIR6_B and WS_SIR7 over HTTPS with
// client certificates, validates every request and every SICRES file or
// message (answering the CIR's error codes), keeps what it received, and
// plays the remote administration: it delivers files and messages to the
// application's Handler (WS_SIR8_B, WS_SIR9), by hand or as the answer to
// an envío (ACK then CONFIRMACION, a rechazo, or an ERROR message).
package cirtest

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"concejo/internal/eadmin/registry/sicres"
	"concejo/internal/eadmin/sirlink"
	"concejo/internal/eadmin/sirlink/internal/soap"
	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/web"
)

// quiet drops the servers' log of refused TLS handshakes, which the tests
// of certificates provoke on purpose.
var quiet = log.New(io.Discard, "", 0)

// CIR is the local CIR.
type CIR struct {
	// URL is the base address of its services (give it to the connector).
	URL string
	// CA issues every certificate of the exchange: the CIR's server and
	// client certificates and the application's (see ClientCertificate).
	CA *certtest.CA

	t      testing.TB
	srv    *httptest.Server
	own    tls.Certificate // the CIR's client certificate
	app    tls.Certificate // the application's client certificate
	caller *http.Client
	seq    int

	mu       sync.Mutex
	files    []Received
	messages []Received
	refusals []sirlink.Refusal
	delay    time.Duration
	drop     int
	remote   Remote
	peer     string
	replies  []Delivery
	pending  sync.WaitGroup
}

// Received is a request the CIR took, with its answer.
type Received struct {
	// Data is the file or message as sent (the registro or mensaje).
	Data []byte
	// Fichero or Mensaje is Data read, when it was valid.
	Fichero *sicres.Fichero
	Mensaje *sicres.Mensaje
	// Code and Description are what the CIR answered.
	Code, Description string
	// Client is the subject of the caller's certificate.
	Client string
}

// New starts a CIR, stopped at the end of the test.
func New(t testing.TB) *CIR {
	t.Helper()
	ca := certtest.NewCA(t, "AC de pruebas de SIR")
	c := &CIR{CA: ca, t: t,
		own: ca.Client(certtest.Subject("", "CIR pruebas")),
		app: ca.Client(certtest.Subject("", "Concejo pruebas"))}
	c.caller = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{Certificates: []tls.Certificate{c.own}, RootCAs: ca.Pool(), MinVersion: tls.VersionTLS12}}}
	c.srv = httptest.NewUnstartedServer(http.HandlerFunc(c.serve))
	c.srv.TLS = &tls.Config{Certificates: []tls.Certificate{ca.Server()}, ClientCAs: ca.Pool(),
		ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12}
	c.srv.Config.ErrorLog = quiet
	c.srv.StartTLS()
	c.URL = c.srv.URL + "/services"
	t.Cleanup(func() {
		c.pending.Wait()
		c.srv.Close()
	})
	return c
}

// ClientCertificate is the application's client certificate, which the
// CIR accepts.
func (c *CIR) ClientCertificate() tls.Certificate { return c.app }

// Roots trusts the CIR's server certificate.
func (c *CIR) Roots() *x509.CertPool { return c.CA.Pool() }

// Certificate is the client certificate with which the CIR calls the
// application.
func (c *CIR) Certificate() tls.Certificate { return c.own }

// Fingerprint is the SHA-256 fingerprint of Certificate, as CONCEJO_SIR_PEERS
// takes it.
func (c *CIR) Fingerprint() string { return sirlink.Fingerprint(c.own.Leaf) }

// Connector returns a client of this CIR with the application's certificate,
// quick retries and a short timeout.
func (c *CIR) Connector() *sirlink.WebService {
	ws := sirlink.NewWebService(c.URL, c.app, c.Roots())
	ws.Timeout, ws.Backoff = 5*time.Second, 10*time.Millisecond
	return ws
}

// Refuse makes the CIR answer the next call with code and description
// instead of accepting it (queued: one per call).
func (c *CIR) Refuse(code, description string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refusals = append(c.refusals, sirlink.Refusal{Code: code, Description: description})
}

// SetDelay makes the CIR wait d before answering.
func (c *CIR) SetDelay(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.delay = d
}

// DropNext makes the CIR close the next n connections without answering.
func (c *CIR) DropNext(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drop = n
}

// Files returns the interchange files received on WS_SIR6_B, valid or not.
func (c *CIR) Files() []Received {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Received(nil), c.files...)
}

// Messages returns the control messages received on WS_SIR7, valid or not.
func (c *CIR) Messages() []Received {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Received(nil), c.messages...)
}

func (c *CIR) serve(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	delay, drop := c.delay, c.drop > 0
	if drop {
		c.drop--
	}
	c.mu.Unlock()
	if drop {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	if r.Method != http.MethodPost {
		w.WriteHeader(http.StatusMethodNotAllowed)
		_, _ = w.Write(soap.Fault(true, "Solo se admite POST."))
		return
	}
	call, err := soap.ParseCall(http.MaxBytesReader(w, r.Body, sirlink.MaxRequestBytes))
	if err == nil && call.Op.Name != soap.SIR6B.Name && call.Op.Name != soap.SIR7.Name {
		err = fmt.Errorf("el CIR no presta la operación %s", call.Op.Name)
	}
	if err == nil && !strings.HasSuffix(r.URL.Path, "/"+call.Op.Service) {
		err = fmt.Errorf("la operación %s no corresponde a la dirección %s", call.Op.Name, r.URL.Path)
	}
	if err != nil {
		// Axis answers a fault with HTTP 500, as SOAP 1.1 says.
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write(soap.Fault(true, err.Error()))
		return
	}
	rec := Received{Data: []byte(call.Value(0)), Client: r.TLS.PeerCertificates[0].Subject.String()}
	c.check(call.Op, &rec)
	c.mu.Lock()
	if rec.Code == sirlink.CodeOK && len(c.refusals) > 0 {
		rec.Code, rec.Description = c.refusals[0].Code, c.refusals[0].Description
		c.refusals = c.refusals[1:]
	}
	if call.Op.Name == soap.SIR6B.Name {
		c.files = append(c.files, rec)
	} else {
		c.messages = append(c.messages, rec)
	}
	c.mu.Unlock()
	_, _ = w.Write(soap.Response(call.Op, rec.Code, rec.Description))
	if call.Op.Name == soap.SIR6B.Name && rec.Code == sirlink.CodeOK {
		c.answer(rec.Fichero)
	}
}

// check validates a file or message as the CIR does and sets the answer.
func (c *CIR) check(op soap.Operation, rec *Received) {
	rec.Code, rec.Description = sirlink.CodeOK, "Exito"
	if op.Name == soap.SIR6B.Name {
		f, err := sicres.Parse(rec.Data, time.Now().Add(time.Minute), web.Madrid)
		if err != nil {
			rec.Code, rec.Description = sirlink.CodeFormat, "ERROR EN LA VALIDACION FORMATO XML: "+err.Error()
			return
		}
		rec.Fichero = f
		return
	}
	m, err := parseMensaje(rec.Data)
	if err != nil {
		rec.Code, rec.Description = sirlink.CodeFormat, "ERROR EN LA VALIDACION FORMATO XML: "+err.Error()
		return
	}
	rec.Mensaje = m
}

// Answer is what the application answered to a delivery.
type Answer struct {
	// Status is the HTTP status.
	Status int
	// Code and Description are the RespuestaWS, or the faultcode and
	// faultstring when Fault.
	Code, Description string
	Fault             bool
}

// DeliverFile calls WS_SIR8_B envioFicherosAAplicacion on the application
// attached with Attach, as the CIR delivers an interchange file.
func (c *CIR) DeliverFile(ctx context.Context, data []byte) (Answer, error) {
	return c.deliver(ctx, soap.SIR8B, soap.Request(soap.SIR8B, string(data), ""))
}

// DeliverMessage calls WS_SIR9 envioMensajeDatosControlAAplicacion on the
// application, as the CIR delivers a control message.
func (c *CIR) DeliverMessage(ctx context.Context, data []byte) (Answer, error) {
	return c.deliver(ctx, soap.SIR9, soap.Request(soap.SIR9, string(data), ""))
}

// DeliverRaw posts body as it is to the application's address for service
// (WS_SIR8_B or WS_SIR9), to try malformed requests.
func (c *CIR) DeliverRaw(ctx context.Context, service string, body []byte) (Answer, error) {
	return c.deliver(ctx, soap.Operation{Service: service}, body)
}

func (c *CIR) deliver(ctx context.Context, op soap.Operation, body []byte) (Answer, error) {
	c.mu.Lock()
	peer := c.peer
	c.mu.Unlock()
	if peer == "" {
		return Answer{}, errors.New("cirtest: no hay ninguna aplicación conectada (Attach)")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, peer+"/"+op.Service, bytes.NewReader(body))
	if err != nil {
		return Answer{}, err
	}
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	req.Header.Set("SOAPAction", `""`)
	resp, err := c.caller.Do(req)
	if err != nil {
		return Answer{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Answer{}, err
	}
	a := Answer{Status: resp.StatusCode}
	ans, err := soap.ParseAnswer(bytes.NewReader(data))
	if err != nil {
		return a, fmt.Errorf("cirtest: respuesta no SOAP (HTTP %d): %w: %s", resp.StatusCode, err, data)
	}
	a.Code, a.Description, a.Fault = ans.Code, ans.Description, ans.Fault
	return a, nil
}

// Attach serves h, the application's Handler, over HTTPS on 127.0.0.1 with
// a server certificate of CA, verifying client certificates of CA, and
// makes it the destination of the CIR's deliveries. It returns its address.
func (c *CIR) Attach(h http.Handler) string {
	srv := httptest.NewUnstartedServer(h)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{c.CA.Server()}, ClientCAs: c.CA.Pool(),
		ClientAuth: tls.VerifyClientCertIfGiven, MinVersion: tls.VersionTLS12}
	srv.Config.ErrorLog = quiet
	srv.StartTLS()
	c.t.Cleanup(srv.Close)
	c.SetPeer(srv.URL)
	return srv.URL
}

// SetPeer makes url the base address of the application's services (the
// service name is appended).
func (c *CIR) SetPeer(url string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.peer = strings.TrimRight(url, "/")
}
