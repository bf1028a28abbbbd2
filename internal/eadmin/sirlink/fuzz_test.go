package sirlink_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"concejo/internal/eadmin/sirlink"
	"concejo/internal/eadmin/sirlink/cirtest"
)

// FuzzHandler: whatever the CIR's certificate posts, the Handler answers a
// SOAP envelope with a status below 500.
func FuzzHandler(f *testing.F) {
	f.Add([]byte(`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><envioMensajeDatosControlAAplicacion><value0>&lt;De_Mensaje/&gt;</value0><value1/></envioMensajeDatosControlAAplicacion></soapenv:Body></soapenv:Envelope>`))
	f.Add([]byte(`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ns1:envioFicherosAAplicacion xmlns:ns1="http://impl.manager.cct.map.es"><registro><![CDATA[<?xml version="1.0" encoding="ISO-8859-1"?><Fichero_Intercambio_SICRES_3/>]]></registro></ns1:envioFicherosAAplicacion></soapenv:Body></soapenv:Envelope>`))
	f.Add([]byte("<a>"))
	cir := cirtest.New(f)
	peers, _ := sirlink.NewPeers(nil, []string{cir.Fingerprint()})
	h := sirlink.NewHandler(discard{}, peers)
	f.Fuzz(func(t *testing.T, body []byte) {
		w := direct(t, h, cir.Certificate().Leaf, http.MethodPost, body, "text/xml")
		if w.Code >= 500 || !bytes.Contains(w.Body.Bytes(), []byte("schemas.xmlsoap.org/soap/envelope/")) {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	})
}

// discard takes everything and keeps nothing.
type discard struct{}

func (discard) ReceiveFile(context.Context, []byte) error    { return nil }
func (discard) ReceiveMessage(context.Context, []byte) error { return nil }
