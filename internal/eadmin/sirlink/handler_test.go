package sirlink_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"concejo/internal/eadmin/registry/sicres"
	"concejo/internal/eadmin/sirlink"
	"concejo/internal/eadmin/sirlink/cirtest"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

// attached returns a CIR delivering to a Handler over recv that accepts
// the CIR's certificate by fingerprint.
func attached(t *testing.T, recv sirlink.Receiver) *cirtest.CIR {
	t.Helper()
	cir := cirtest.New(t)
	peers, err := sirlink.NewPeers(nil, []string{cir.Fingerprint()})
	if err != nil {
		t.Fatal(err)
	}
	cir.Attach(sirlink.NewHandler(recv, peers))
	return cir
}

func TestHandlerTakesDeliveries(t *testing.T) {
	recv := &receiver{}
	cir := attached(t, recv)
	data := envio(t)
	ans, err := cir.DeliverFile(context.Background(), data)
	if err != nil || ans.Status != http.StatusOK || ans.Code != "00" || ans.Description != "Exito" || ans.Fault {
		t.Fatalf("DeliverFile = %+v, %v", ans, err)
	}
	ans, err = cir.DeliverMessage(context.Background(), []byte(ack))
	if err != nil || ans.Code != "00" {
		t.Fatalf("DeliverMessage = %+v, %v", ans, err)
	}
	files, messages := recv.got()
	if len(files) != 1 || !bytes.Equal(files[0], data) {
		t.Errorf("files %q", files)
	}
	if len(messages) != 1 || string(messages[0]) != ack {
		t.Errorf("messages %q", messages)
	}
}

func TestHandlerAnswersTheReceiversOutcome(t *testing.T) {
	cases := map[string]struct {
		err        error
		code, desc string
	}{
		"refusal":    {sirlink.Refuse(sirlink.CodeEntry, "La unidad %s no pertenece a esta entidad.", "A11002926"), "0065", "La unidad A11002926 no pertenece a esta entidad."},
		"invalid":    {errs.New(errs.Invalid, "Falta el interesado."), "0037", "Falta el interesado."},
		"wrapped":    {errors.Join(errors.New("importación"), &sirlink.Refusal{Code: "0037", Description: "Tipo MIME incoherente."}), "0037", "Tipo MIME incoherente."},
		"unexpected": {errors.New("database is locked"), "-1", "Error no controlado en la aplicación de destino; vuelva a intentarlo más tarde."},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			cir := attached(t, &receiver{err: c.err})
			ans, err := cir.DeliverFile(context.Background(), envio(t))
			if err != nil || ans.Status != http.StatusOK || ans.Code != c.code || ans.Description != c.desc {
				t.Errorf("file: %+v, %v", ans, err)
			}
			ans, err = cir.DeliverMessage(context.Background(), []byte(ack))
			if err != nil || ans.Code != c.code {
				t.Errorf("message: %+v, %v", ans, err)
			}
		})
	}
}

// TestHandlerRewritesTheDeclaredEncoding: the file travels as text inside
// the envelope, so a declaration of ISO-8859-1 no longer describes it.
func TestHandlerRewritesTheDeclaredEncoding(t *testing.T) {
	recv := &receiver{}
	cir := attached(t, recv)
	latin := bytes.Replace(envio(t), []byte(`encoding="UTF-8"`), []byte(`encoding="ISO-8859-1"`), 1)
	if ans, err := cir.DeliverFile(context.Background(), latin); err != nil || ans.Code != "00" {
		t.Fatalf("%+v, %v", ans, err)
	}
	files, _ := recv.got()
	f, err := sicres.Parse(files[0], time.Now(), web.Madrid)
	if err != nil {
		t.Fatal(err)
	}
	if f.Interesados[0].Nombre != "Lucía" || f.Interesados[0].PrimerApellido != "Gómez" {
		t.Errorf("accents lost: %+v", f.Interesados[0])
	}
}

func TestHandlerRefusesMalformedRequests(t *testing.T) {
	cir := attached(t, &receiver{})
	cases := map[string]struct {
		service, body string
		status        int
		want          string
	}{
		"not xml":             {"WS_SIR8_B", "registro=<Fichero", 400, "no es un sobre SOAP"},
		"truncated":           {"WS_SIR8_B", `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><envioFicherosAAplicacion><registro>abc`, 400, "incompleto"},
		"soap 1.2":            {"WS_SIR9", `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body/></env:Envelope>`, 400, "SOAP 1.1"},
		"empty body":          {"WS_SIR9", `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body></soapenv:Body></soapenv:Envelope>`, 400, "vacío"},
		"unknown operation":   {"WS_SIR9", `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><borrarTodo/></soapenv:Body></soapenv:Envelope>`, 400, "no existe"},
		"the CIR's operation": {"WS_SIR8_B", `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><recepcionFicheroDeAplicacion><registro>x</registro></recepcionFicheroDeAplicacion></soapenv:Body></soapenv:Envelope>`, 400, "la presta el CIR"},
		"element in param":    {"WS_SIR8_B", `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><envioFicherosAAplicacion><registro><Fichero_Intercambio_SICRES_3/></registro></envioFicherosAAplicacion></soapenv:Body></soapenv:Envelope>`, 400, "debe ir como texto"},
		"doctype":             {"WS_SIR8_B", `<!DOCTYPE x [<!ENTITY a "aaaa">]><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"/>`, 400, "DOCTYPE"},
		"too many params":     {"WS_SIR9", `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><envioMensajeDatosControlAAplicacion><a>1</a><b>2</b><c>3</c></envioMensajeDatosControlAAplicacion></soapenv:Body></soapenv:Envelope>`, 400, "admite 2 parámetros"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			ans, err := cir.DeliverRaw(context.Background(), c.service, []byte(c.body))
			if err != nil || ans.Status != c.status || !ans.Fault || ans.Code != "soapenv:Client" {
				t.Fatalf("%+v, %v", ans, err)
			}
			mustContain(t, "fault", ans.Description, c.want)
		})
	}
	// An empty registro is answered by the protocol, not a fault.
	ans, err := cir.DeliverRaw(context.Background(), "WS_SIR8_B", []byte(`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ns1:envioFicherosAAplicacion xmlns:ns1="http://impl.manager.cct.map.es"><value0></value0><value1/></ns1:envioFicherosAAplicacion></soapenv:Body></soapenv:Envelope>`))
	if err != nil || ans.Status != 200 || ans.Code != "0037" {
		t.Errorf("empty registro: %+v, %v", ans, err)
	}
}

// direct calls the Handler without the network, as if the CIR's
// certificate had been verified by Concejo's TLS.
func direct(t *testing.T, h http.Handler, cert *x509.Certificate, method string, body []byte, contentType string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, "/sir/WS_SIR8_B", bytes.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	if cert != nil {
		r.TLS = &tls.ConnectionState{PeerCertificates: []*x509.Certificate{cert}, VerifiedChains: [][]*x509.Certificate{{cert}}}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHandlerLimitsAndMethods(t *testing.T) {
	cir := cirtest.New(t)
	peers, _ := sirlink.NewPeers(nil, []string{cir.Fingerprint()})
	recv := &receiver{}
	h := sirlink.NewHandler(recv, peers)
	cert := cir.Certificate().Leaf

	if w := direct(t, h, cert, http.MethodGet, nil, ""); w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "POST" {
		t.Errorf("GET: %d %s", w.Code, w.Body)
	}
	if w := direct(t, h, cert, http.MethodPost, []byte("x"), "multipart/related; boundary=x"); w.Code != http.StatusUnsupportedMediaType {
		t.Errorf("multipart: %d", w.Code)
	}
	big := append([]byte(`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><envioFicherosAAplicacion><registro>`),
		bytes.Repeat([]byte("A"), sirlink.MaxRequestBytes)...)
	w := direct(t, h, cert, http.MethodPost, big, "text/xml; charset=utf-8")
	if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "supera el tamaño máximo") {
		t.Errorf("oversized: %d %.200s", w.Code, w.Body)
	}
	// A file over sicres.MaxFileBytes inside an envelope that fits.
	over := append(big[:len(big)-sirlink.MaxRequestBytes], bytes.Repeat([]byte("A"), sicres.MaxFileBytes+1)...)
	over = append(over, []byte(`</registro></envioFicherosAAplicacion></soapenv:Body></soapenv:Envelope>`)...)
	w = direct(t, h, cert, http.MethodPost, over, "text/xml")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "<codigo xsi:type=\"xsd:string\">0037</codigo>") {
		t.Errorf("file too large: %d %.300s", w.Code, w.Body)
	}
	if files, _ := recv.got(); len(files) != 0 {
		t.Errorf("the receiver got %d files", len(files))
	}
}

func TestHandlerAcceptsOnlyTheCIR(t *testing.T) {
	cir := cirtest.New(t)
	other := certtest.NewCA(t, "Otra AC").Client(certtest.Subject("", "CIR pruebas")).Leaf
	body := []byte(`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><envioMensajeDatosControlAAplicacion xmlns="http://impl.manager.cct.map.es"><value0>` +
		strings.ReplaceAll(strings.ReplaceAll(ack, "<", "&lt;"), ">", "&gt;") + `</value0><value1></value1></envioMensajeDatosControlAAplicacion></soapenv:Body></soapenv:Envelope>`)
	byFingerprint, _ := sirlink.NewPeers(nil, []string{strings.ToUpper(cir.Fingerprint())})
	bySubject, _ := sirlink.NewPeers(nil, []string{"CN=CIR pruebas, C=ES"})
	nobody, _ := sirlink.NewPeers(nil, nil)
	cases := map[string]struct {
		peers  *sirlink.Peers
		cert   *x509.Certificate
		status int
		want   string
	}{
		"fingerprint":         {byFingerprint, cir.Certificate().Leaf, 200, "<codigo"},
		"subject":             {bySubject, cir.Certificate().Leaf, 200, "<codigo"},
		"same subject, other": {byFingerprint, other, 403, "no es el del CIR"},
		"no certificate":      {byFingerprint, nil, 401, "no se ha recibido ninguno"},
		"nothing configured":  {nobody, cir.Certificate().Leaf, 403, "CONCEJO_SIR_PEERS"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			recv := &receiver{}
			w := direct(t, sirlink.NewHandler(recv, c.peers), c.cert, http.MethodPost, body, "text/xml")
			if w.Code != c.status || !strings.Contains(w.Body.String(), c.want) {
				t.Fatalf("%d %s", w.Code, w.Body)
			}
			if _, msgs := recv.got(); (len(msgs) == 1) != (c.status == 200) {
				t.Errorf("receiver got %d messages", len(msgs))
			}
		})
	}
	if _, err := sirlink.NewPeers(nil, []string{"CIR"}); err == nil {
		t.Error("an entry that is neither fingerprint nor subject was accepted")
	}
}

func TestHandlerBehindTrustedProxy(t *testing.T) {
	cir := cirtest.New(t)
	certs, err := auth.NewCertSource("X-SSL-Client-Cert", "", []string{"10.0.0.0/8"})
	if err != nil {
		t.Fatal(err)
	}
	peers, _ := sirlink.NewPeers(certs, []string{cir.Fingerprint()})
	h := sirlink.NewHandler(&receiver{}, peers)
	body := []byte(`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><envioMensajeDatosControlAAplicacion><value0>` +
		strings.ReplaceAll(ack, "<", "&lt;") + `</value0></envioMensajeDatosControlAAplicacion></soapenv:Body></soapenv:Envelope>`)
	for name, c := range map[string]struct {
		remote, verify string
		status         int
	}{
		"trusted proxy":         {"10.1.2.3:4567", "SUCCESS", 200},
		"proxy did not verify":  {"10.1.2.3:4567", "FAILED:unable to verify", 403},
		"header from elsewhere": {"192.0.2.7:4567", "SUCCESS", 401},
	} {
		t.Run(name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/sir/WS_SIR9", bytes.NewReader(body))
			r.RemoteAddr = c.remote
			r.Header.Set("X-SSL-Client-Cert", certtest.Escaped(cir.Certificate()))
			r.Header.Set("X-SSL-Client-Verify", c.verify)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != c.status {
				t.Errorf("%d %s", w.Code, w.Body)
			}
		})
	}
}
