package sicres_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"concejo/internal/eadmin/registry/sicres"
)

var receivedAt = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(standards, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// A rechazo coming back and a salida between bodies (an empty
// De_Interesado with the origin unit) are valid files.
func TestReceptionAccepts(t *testing.T) {
	for _, name := range []string{"valido.xml", "rechazo.xml", "salida_entre_organos.xml"} {
		f, err := sicres.Parse(readTestdata(t, "recepcion/"+name), receivedAt, madrid)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if name == "valido.xml" && (f.Interesados[0].RazonSocialRep != "Gestoría Extremeña, S.L." || len(f.Anexos) != 2) {
			t.Errorf("%s: representante or annexes lost: %+v", name, f.Interesados[0])
		}
	}
}

func TestReceptionRejects(t *testing.T) {
	for name, want := range map[string]struct{ msg, code string }{
		"interesado_vacio.xml":             {"está vacío; en un registro de entrada", sicres.CodeXMLFormat},
		"representante_sin_interesado.xml": {"representante sin interesado", sicres.CodeXMLFormat},
		"sin_formulario.xml":               {"falta el elemento De_Formulario_Generico", sicres.CodeXMLFormat},
		"sin_control.xml":                  {"De_Internos_Control", sicres.CodeXMLFormat},
		"sin_asunto.xml":                   {"De_Asunto", sicres.CodeXMLFormat},
		"sin_destino.xml":                  {"De_Destino", sicres.CodeXMLFormat},
		"sin_origen.xml":                   {"De_Origen_o_Remitente", sicres.CodeXMLFormat},
		"sin_interesado.xml":               {"De_Interesado", sicres.CodeXMLFormat},
		"mime_distinto.xml":                {"tipo MIME «image/png» no corresponde a un fichero .pdf", sicres.CodeXMLFormat},
		"extension_distinta.xml":           {"no es la del identificador de fichero (.pdf)", sicres.CodeXMLFormat},
		"extension_no_admitida.xml":        {"extensión .exe no está admitida", sicres.CodeXMLFormat},
		"firmado_inexistente.xml":          {"no es ningún anexo de este fichero", sicres.CodeXMLFormat},
		"postal_sin_direccion.xml":         {"dirección postal (01) y faltan el país o la dirección", sicres.CodeXMLFormat},
		"deh_sin_direccion.xml":            {"dirección electrónica habilitada (02) y falta", sicres.CodeXMLFormat},
		"fuera_de_orden.xml":               {"fuera de orden", sicres.CodeXMLFormat},
		"provincia_invalida.xml":           {"provincia «60»", sicres.CodeXMLFormat},
		"identificador_fichero_ajeno.xml":  {"<identificador de intercambio>_01_", sicres.CodeXMLFormat},
		"nombre_sin_apellido.xml":          {"nombre y primer apellido", sicres.CodeXMLFormat},
		"cif_sin_razon_social.xml":         {"razón social", sicres.CodeXMLFormat},
		"huella_distinta.xml":              {"huella no coincide", sicres.CodeAttachments},
		"envio_reexpedido.xml":             {"en un envío (02) la entidad registral de inicio", sicres.CodeXMLFormat},
		"atributo.xml":                     {"atributo «lang»", sicres.CodeXMLFormat},
	} {
		_, err := sicres.Parse(readTestdata(t, "recepcion/rechazados/"+name), receivedAt, madrid)
		var e *sicres.Error
		if !errors.As(err, &e) || !strings.Contains(e.Msg, want.msg) || e.Code != want.code {
			t.Errorf("%s: %v (%#v), want %q with code %s", name, err, e, want.msg, want.code)
		}
	}
}

// The structural faults are faults for the schema too: Parse refuses
// what xmllint refuses.
func TestReceptionAgreesWithSchema(t *testing.T) {
	for _, name := range []string{"sin_formulario.xml", "sin_control.xml", "sin_asunto.xml", "sin_destino.xml",
		"sin_origen.xml", "sin_interesado.xml", "fuera_de_orden.xml", "atributo.xml"} {
		out, err := exec.Command("xmllint", "--noout", "--schema", filepath.Join(standards, "xsd/sicres/SICRES3_INTERCAMBIO_APL.xsd"),
			filepath.Join(standards, "recepcion/rechazados", name)).CombinedOutput()
		if err == nil {
			t.Errorf("%s: xmllint accepts it:\n%s", name, out)
		}
	}
}

// The conformance sample SIR-RC-PR-013 is an entrada whose only
// De_Interesado is empty: regweb3's rules refuse it.
func TestSampleWithEmptyInteresadoRefused(t *testing.T) {
	_, err := sicres.Parse(readTestdata(t, "samples/sicres/SIR-RC-PR-013-1.xml"), receivedAt, madrid)
	if err == nil || !strings.Contains(err.Error(), "De_Interesado[1]: está vacío") {
		t.Fatalf("got %v", err)
	}
}

func TestErrorReply(t *testing.T) {
	data := readTestdata(t, "recepcion/rechazados/mime_distinto.xml")
	_, perr := sicres.Parse(data, receivedAt, madrid)
	m, err := sicres.ErrorReply(data, perr)
	if err != nil {
		t.Fatal(err)
	}
	if m.CodigoEntidadOrigen != "O00009999" || m.CodigoEntidadDestino != "O00002741" || m.IdentificadorIntercambio != "O00002741_25_00000042" ||
		m.TipoMensaje != sicres.MensajeError || m.CodigoError != "0037" || m.IndicadorPrueba != "0" || m.Descripcion != perr.Error() {
		t.Fatalf("reply %+v", m)
	}
	out, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	xmllintSchema(t, out, "SICRES3_MENSAJE_APL.xsd")
	back, err := sicres.ParseMensaje(out)
	if err != nil || back.CodigoError != "0037" || back.Descripcion != m.Descripcion {
		t.Fatalf("ParseMensaje: %+v, %v", back, err)
	}
	// A file without its addressing fields cannot be answered.
	if _, err := sicres.ErrorReply([]byte("<Fichero_Intercambio_SICRES_3>"), perr); err == nil {
		t.Fatal("a reply without addresses")
	}
}
