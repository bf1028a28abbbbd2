package sirlink_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"concejo/internal/eadmin/sirlink"
	"concejo/internal/eadmin/sirlink/cirtest"
	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/errs"
)

func TestManualTransmitsNothing(t *testing.T) {
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	m := sirlink.Manual{Now: func() time.Time { return at }}
	rec, err := m.SendFile(context.Background(), sirlink.Outgoing{ExchangeID: "O00001234_26_00000042", Data: envio(t)})
	if err != nil || rec.Status != sirlink.StatusManual || rec.Attempts != 0 || !rec.At.Equal(at) {
		t.Fatalf("SendFile = %+v, %v", rec, err)
	}
	mustContain(t, "note", rec.Note, "ORVE/GEISER", "descargue")
	if rec, err := m.SendMessage(context.Background(), []byte(ack)); err != nil || rec.Status != sirlink.StatusManual {
		t.Errorf("SendMessage = %+v, %v", rec, err)
	}
	if _, err := m.SendFile(context.Background(), sirlink.Outgoing{}); !errors.Is(err, errs.Invalid) {
		t.Errorf("empty file: %v", err)
	}
}

func TestSendFileReachesTheCIR(t *testing.T) {
	cir := cirtest.New(t)
	data := envio(t)
	rec, err := cir.Connector().SendFile(context.Background(), sirlink.Outgoing{ExchangeID: "O00001234_26_00000042", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Status != sirlink.StatusSent || rec.Code != sirlink.CodeOK || rec.Description != "Exito" || rec.Attempts != 1 {
		t.Errorf("receipt %+v", rec)
	}
	files := cir.Files()
	if len(files) != 1 || !bytes.Equal(files[0].Data, data) {
		t.Fatalf("the CIR received %d files, first equal: %v", len(files), len(files) == 1 && bytes.Equal(files[0].Data, data))
	}
	if f := files[0].Fichero; f == nil || f.Control.IdentificadorIntercambio != "O00001234_26_00000042" || f.Interesados[0].Nombre != "Lucía" {
		t.Errorf("fichero %+v", files[0].Fichero)
	}
	if files[0].Client != "CN=Concejo pruebas,C=ES" {
		t.Errorf("client %q", files[0].Client)
	}
}

func TestSendMessageReachesTheCIR(t *testing.T) {
	cir := cirtest.New(t)
	rec, err := cir.Connector().SendMessage(context.Background(), []byte(ack))
	if err != nil || rec.Status != sirlink.StatusSent {
		t.Fatalf("SendMessage = %+v, %v", rec, err)
	}
	msgs := cir.Messages()
	if len(msgs) != 1 || msgs[0].Mensaje == nil || msgs[0].Mensaje.TipoMensaje != "01" {
		t.Fatalf("messages %+v", msgs)
	}
}

func TestCIRRefusesAnInvalidFile(t *testing.T) {
	cir := cirtest.New(t)
	bad := bytes.Replace(envio(t), []byte("<Tipo_Registro>0</Tipo_Registro>"), []byte("<Tipo_Registro>7</Tipo_Registro>"), 1)
	rec, err := cir.Connector().SendFile(context.Background(), sirlink.Outgoing{Data: bad})
	var refusal *sirlink.Refusal
	if !errors.As(err, &refusal) || refusal.Code != sirlink.CodeFormat {
		t.Fatalf("err = %v", err)
	}
	if !errors.Is(err, errs.Upstream) || errors.Is(err, sirlink.ErrUnreachable) {
		t.Errorf("kind of %v", err)
	}
	if rec.Status != sirlink.StatusRefused || rec.Code != "0037" || rec.Attempts != 1 {
		t.Errorf("receipt %+v", rec)
	}
	mustContain(t, "error", err.Error(), "El CIR ha rechazado el fichero de intercambio", "0037", "formato XML")
	invalidMessage := strings.Replace(ack, "<Tipo_Mensaje>01", "<Tipo_Mensaje>09", 1)
	if rec, err := cir.Connector().SendMessage(context.Background(), []byte(invalidMessage)); rec.Code != "0037" || err == nil {
		t.Errorf("invalid message: %+v, %v", rec, err)
	}
}

func TestCIRRefusalCodeIsReported(t *testing.T) {
	cir := cirtest.New(t)
	cir.Refuse(sirlink.CodeNoURL, "ERROR, OFICINA SIN URL")
	rec, err := cir.Connector().SendFile(context.Background(), sirlink.Outgoing{ExchangeID: "O00001234_26_00000042", Data: envio(t)})
	if rec.Status != sirlink.StatusRefused || rec.Code != "0046" || rec.Description != "ERROR, OFICINA SIN URL" || rec.Attempts != 1 {
		t.Errorf("receipt %+v", rec)
	}
	mustContain(t, "error", err.Error(), "El CIR ha rechazado el fichero de intercambio O00001234_26_00000042 (WS_SIR6_B) con el código 0046 (la oficina de destino no tiene dirección de servicio en SIR): ERROR, OFICINA SIN URL.")
	// The refusal was for one call only.
	if rec, err := cir.Connector().SendFile(context.Background(), sirlink.Outgoing{Data: envio(t)}); err != nil || rec.Status != sirlink.StatusSent {
		t.Errorf("second send: %+v, %v", rec, err)
	}
}

func TestRetriesWhileTheCIRCannotBeReached(t *testing.T) {
	cir := cirtest.New(t)
	cir.DropNext(2)
	rec, err := cir.Connector().SendFile(context.Background(), sirlink.Outgoing{Data: envio(t)})
	if err != nil || rec.Status != sirlink.StatusSent || rec.Attempts != 3 {
		t.Fatalf("after two dropped connections: %+v, %v", rec, err)
	}
	cir.DropNext(10)
	rec, err = cir.Connector().SendFile(context.Background(), sirlink.Outgoing{Data: envio(t)})
	if !errors.Is(err, sirlink.ErrUnreachable) || !errors.Is(err, errs.Upstream) {
		t.Fatalf("err = %v", err)
	}
	if rec.Status != sirlink.StatusUnreached || rec.Attempts != sirlink.DefaultAttempts || rec.Code != "" {
		t.Errorf("receipt %+v", rec)
	}
	mustContain(t, "error", err.Error(), "No se ha podido contactar con el CIR tras 3 intentos", "puede repetirse")
	if n := len(cir.Files()); n != 1 {
		t.Errorf("the CIR kept %d files", n)
	}
}

func TestTimeout(t *testing.T) {
	cir := cirtest.New(t)
	cir.SetDelay(2 * time.Second)
	ws := cir.Connector()
	ws.Timeout, ws.Attempts = 100*time.Millisecond, 2
	start := time.Now()
	rec, err := ws.SendFile(context.Background(), sirlink.Outgoing{Data: envio(t)})
	if !errors.Is(err, sirlink.ErrUnreachable) || rec.Attempts != 2 {
		t.Fatalf("%+v, %v", rec, err)
	}
	mustContain(t, "error", err.Error(), "no ha respondido en 100ms")
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("took %s", d)
	}
}

func TestCancelledContextStopsRetries(t *testing.T) {
	cir := cirtest.New(t)
	cir.DropNext(10)
	ws := cir.Connector()
	ws.Backoff = time.Hour
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	rec, err := ws.SendFile(ctx, sirlink.Outgoing{Data: envio(t)})
	if !errors.Is(err, sirlink.ErrUnreachable) || rec.Attempts != 1 {
		t.Errorf("%+v, %v", rec, err)
	}
}

// TestCertificateProblems: an untrusted server is found in the handshake
// and never retried. A client certificate the CIR does not accept is
// reported by an alert that, in TLS 1.3, comes after the handshake and may
// be lost to a reset connection, which is then retried as a network error.
func TestCertificateProblems(t *testing.T) {
	cir := cirtest.New(t)
	other := certtest.NewCA(t, "Otra AC")
	cases := map[string]struct {
		ws       *sirlink.WebService
		want     string
		attempts int
	}{
		"client certificate of another CA": {sirlink.NewWebService(cir.URL, other.Client(certtest.Subject("", "Intruso")), cir.Roots()), "No se ha podido contactar con el CIR", 0},
		"no client certificate":            {noCertificate(cir), "No se ha podido contactar con el CIR", 0},
		"untrusted server":                 {sirlink.NewWebService(cir.URL, cir.ClientCertificate(), other.Pool()), "certificado del servidor del CIR no es de confianza", 1},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			c.ws.Backoff = time.Millisecond
			rec, err := c.ws.SendFile(context.Background(), sirlink.Outgoing{Data: envio(t)})
			if !errors.Is(err, sirlink.ErrUnreachable) || rec.Status != sirlink.StatusUnreached || (c.attempts > 0 && rec.Attempts != c.attempts) {
				t.Fatalf("%+v, %v", rec, err)
			}
			mustContain(t, "error", err.Error(), c.want)
		})
	}
	if n := len(cir.Files()); n != 0 {
		t.Errorf("the CIR took %d files", n)
	}
}

func noCertificate(cir *cirtest.CIR) *sirlink.WebService {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: cir.Roots()}
	return &sirlink.WebService{Endpoint: cir.URL, Client: &http.Client{Transport: tr}}
}

func TestAnswersThatAreNotRespuestaWS(t *testing.T) {
	cases := map[string]struct {
		status int
		body   string
		want   sirlink.Status
		note   string
		tries  int
	}{
		"soap fault": {http.StatusInternalServerError, `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>java.lang.NullPointerException</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
			sirlink.StatusRefused, "error SOAP (soapenv:Server)", 1},
		"html page":           {http.StatusNotFound, `<html><body>Not found</body></html>`, sirlink.StatusUnreached, "no es válida (HTTP 404)", 1},
		"gateway down":        {http.StatusServiceUnavailable, `Service Unavailable`, sirlink.StatusUnreached, "no está disponible (HTTP 503)", 3},
		"answer without code": {http.StatusOK, `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><r/></soapenv:Body></soapenv:Envelope>`, sirlink.StatusUnreached, "no trae el código", 1},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			calls := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls++
				w.WriteHeader(c.status)
				_, _ = w.Write([]byte(c.body))
			}))
			defer srv.Close()
			ws := &sirlink.WebService{Endpoint: srv.URL, Client: srv.Client(), Backoff: time.Millisecond}
			rec, err := ws.SendFile(context.Background(), sirlink.Outgoing{Data: envio(t)})
			if err == nil || rec.Status != c.want || calls != c.tries || rec.Attempts != c.tries {
				t.Fatalf("%+v, %v after %d calls", rec, err, calls)
			}
			mustContain(t, "note", rec.Note, c.note)
		})
	}
}

func TestSendRefusesWhatCannotBeSent(t *testing.T) {
	ws := &sirlink.WebService{Endpoint: "https://127.0.0.1:1"}
	for _, data := range [][]byte{nil, []byte("  \n"), {0xff, 0xfe, '<'}} {
		if rec, err := ws.SendFile(context.Background(), sirlink.Outgoing{Data: data}); !errors.Is(err, errs.Invalid) || rec.Status != "" {
			t.Errorf("%q: %+v, %v", data, rec, err)
		}
	}
}
