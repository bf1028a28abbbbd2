package soap

import (
	"bytes"
	"strings"
	"testing"
)

func TestRequestRoundTrip(t *testing.T) {
	file := `<?xml version="1.0" encoding="UTF-8"?><Fichero_Intercambio_SICRES_3><![CDATA[x]]> & "Cáceres" </Fichero_Intercambio_SICRES_3>`
	for _, op := range []Operation{SIR6B, SIR7, SIR8B, SIR9} {
		call, err := ParseCall(bytes.NewReader(Request(op, file, "firma")))
		if err != nil {
			t.Fatalf("%s: %v", op.Service, err)
		}
		if call.Op.Name != op.Name || call.Value(0) != file {
			t.Errorf("%s: %+v", op.Service, call)
		}
		if len(op.Params) == 2 && call.Value(1) != "firma" {
			t.Errorf("%s: signature %q", op.Service, call.Value(1))
		}
		if call.Value(5) != "" {
			t.Error("a parameter not sent is not empty")
		}
	}
}

// TestCallAsTheCIRSendsIt: the CIR names the parameters value0, value1 and
// may leave the operation without namespace; Latin-1 envelopes are read.
func TestCallAsTheCIRSendsIt(t *testing.T) {
	body := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" +
		`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><x/></soapenv:Header><soapenv:Body>` +
		`<envioFicherosAAplicacion><value0><![CDATA[<Fichero_Intercambio_SICRES_3>C` + "\xe1" + `ceres</Fichero_Intercambio_SICRES_3>]]></value0><value1>MIIB</value1></envioFicherosAAplicacion>` +
		`</soapenv:Body></soapenv:Envelope>`
	call, err := ParseCall(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if call.Op.Name != SIR8B.Name || call.Value(0) != "<Fichero_Intercambio_SICRES_3>Cáceres</Fichero_Intercambio_SICRES_3>" || call.Value(1) != "MIIB" {
		t.Errorf("%+v", call)
	}
	if _, err := ParseCall(strings.NewReader(strings.Replace(body, "<envioFicherosAAplicacion>", `<envioFicherosAAplicacion xmlns="urn:otro">`, 1))); err == nil {
		t.Error("an operation in another namespace was accepted")
	}
}

func TestParseAnswer(t *testing.T) {
	for _, op := range []Operation{SIR6B, SIR7, SIR8B, SIR9} {
		a, err := ParseAnswer(bytes.NewReader(Response(op, "0037", "ERROR EN LA VALIDACION <FORMATO> XML")))
		if err != nil || a.Fault || a.Code != "0037" || a.Description != "ERROR EN LA VALIDACION <FORMATO> XML" {
			t.Errorf("%s: %+v, %v", op.Service, a, err)
		}
	}
	// Axis 1.4 writes rpc/encoded results as a multiRef beside the response.
	multiRef := `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>` +
		`<ns1:recepcionFicheroDeAplicacionResponse xmlns:ns1="http://impl.manager.cct.map.es"><recepcionFicheroDeAplicacionReturn href="#id0"/></ns1:recepcionFicheroDeAplicacionResponse>` +
		`<multiRef id="id0" xmlns:ns2="http://cir.impl.manager.cct.map.es" xsi:type="ns2:RespuestaWS"><codigo>00</codigo><descripcion>Exito</descripcion></multiRef>` +
		`</soapenv:Body></soapenv:Envelope>`
	if a, err := ParseAnswer(strings.NewReader(multiRef)); err != nil || a.Code != "00" || a.Description != "Exito" {
		t.Errorf("multiRef: %+v, %v", a, err)
	}
	if a, err := ParseAnswer(bytes.NewReader(Fault(true, "Petición mal formada"))); err != nil || !a.Fault || a.Code != "soapenv:Client" || a.Description != "Petición mal formada" {
		t.Errorf("fault: %+v, %v", a, err)
	}
	for _, bad := range []string{"", "<html/>", `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><r/></soapenv:Body></soapenv:Envelope>`,
		`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><codigo>00`} {
		if a, err := ParseAnswer(strings.NewReader(bad)); err == nil {
			t.Errorf("%q: %+v", bad, a)
		}
	}
}

func TestDeepNestingIsRefused(t *testing.T) {
	deep := `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>` +
		strings.Repeat("<a>", 10000) + strings.Repeat("</a>", 10000) + `</soapenv:Body></soapenv:Envelope>`
	if _, err := ParseAnswer(strings.NewReader(deep)); err == nil || !strings.Contains(err.Error(), "anidamiento") {
		t.Errorf("err = %v", err)
	}
}

// FuzzParseCall: any input gives a call or a Spanish *Error, never a panic;
// a call read is written again with the same values.
func FuzzParseCall(f *testing.F) {
	f.Add(Request(SIR8B, "<Fichero_Intercambio_SICRES_3/>", "firma"))
	f.Add(Request(SIR9, "<De_Mensaje/>", ""))
	f.Add(Request(SIR6B, "x"))
	f.Add(Response(SIR7, "00", "Exito"))
	f.Add(Fault(false, "error"))
	f.Add([]byte(`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><envioFicherosAAplicacion><value0><![CDATA[<a>]]></value0></envioFicherosAAplicacion></soapenv:Body></soapenv:Envelope>`))
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"/>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		call, err := ParseCall(bytes.NewReader(data))
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		again, err := ParseCall(bytes.NewReader(Request(call.Op, call.Values...)))
		if err != nil {
			t.Fatalf("rewritten call: %v", err)
		}
		for i, v := range call.Values {
			if again.Value(i) != v {
				t.Fatalf("value %d: %q != %q", i, again.Value(i), v)
			}
		}
		if a, err := ParseAnswer(bytes.NewReader(data)); err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("answer error of type %T: %v", err, err)
			}
		} else if a == nil {
			t.Fatal("nil answer without error")
		}
	})
}
