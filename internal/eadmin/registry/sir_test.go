package registry_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

const standards = "sicres/testdata"

// uploadSIR posts an interchange file.
func uploadSIR(t testing.TB, c *apptest.Client, data []byte) apptest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, _ := mw.CreateFormFile("fichero", "fichero.xml")
	w.Write(data)
	mw.Close()
	return c.Do(http.MethodPost, "/registro/sir", mw.FormDataContentType(), &body)
}

func xmllintFile(t *testing.T, data []byte) {
	t.Helper()
	xmllintSchema(t, "SICRES3_INTERCAMBIO_APL.xsd", data)
}

// xmllintSchema validates data against one of the SICRES 3.0 schemas.
func xmllintSchema(t *testing.T, schema string, data []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "f.xml")
	os.WriteFile(path, data, 0o600)
	out, err := exec.Command("xmllint", "--noout", "--schema",
		filepath.Join(standards, "xsd/sicres", schema), path).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}

func TestSIRExportAndImport(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		// A salida to the Diputación with an annex, exported as SICRES 3.0.
		id := idFrom(t, postEntry(t, cc, url.Values{"kind": {"salida"}, "means": {"electronico"},
			"subject": {"Remisión de expediente"}, "summary": {"Remite el expediente de la obra de la calle Pintores"},
			"doc_type": {"TD06"}, "dest_dir3": {"L02000010"}, "dest_name": {"Diputación Provincial de Cáceres"},
			"interesado_tipo_documento": {"NIF"}, "interesado_documento": {"12345678Z"}, "interesado_nombre": {"María José García López"},
			"expone": {"Que adjunta el expediente."}, "solicita": {"Su tramitación."}},
			file{"expediente.pdf", []byte("%PDF-1.4 expediente")}))
		apptest.Expect(t, cc.Get("/registro/asientos/"+id), http.StatusOK, "Preparar el envío por SIR")
		res := cc.Post("/registro/asientos/"+id+"/sir", url.Values{})
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/registro/sir/") {
			t.Fatalf("send: %d %s", res.Status, apptest.Text(res.Body))
		}
		sent := cc.Get(res.Location + "/fichero.xml")
		if sent.Status != http.StatusOK {
			t.Fatalf("file: %d", sent.Status)
		}
		xmllintFile(t, []byte(sent.Body))
		if !contains(sent.Body, "<Identificador_Intercambio>L01100377_", "<Tipo_Registro>1</Tipo_Registro>",
			"<Nombre_Interesado>María José</Nombre_Interesado>", "<Hash>", "<Anexo>") {
			t.Fatalf("file content:\n%.2000s", sent.Body)
		}
		// An entry with no DIR3 destination cannot be sent.
		other := idFrom(t, postEntry(t, cc, entryForm("")))
		apptest.Expect(t, cc.Post("/registro/asientos/"+other+"/sir", url.Values{}), http.StatusConflict, "DIR3")

		// Import both samples: one accepted, one rejected with a reason.
		full, _ := os.ReadFile(filepath.Join(standards, "samples/sicres/ficheroIntercambio.xml"))
		minimal, _ := os.ReadFile(filepath.Join(standards, "samples/sicres/SIR-RC-PR-013-1.xml"))
		apptest.Expect(t, uploadSIR(t, cc, []byte("<x/>")), http.StatusUnprocessableEntity, "SICRES")
		res = uploadSIR(t, cc, full)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("import: %d %s", res.Status, apptest.Text(res.Body))
		}
		recv := res.Location
		apptest.Expect(t, uploadSIR(t, cc, full), http.StatusConflict, "ya se había recibido")
		apptest.Expect(t, cc.Get(recv), http.StatusOK, "O00002741_13_00000012", "SIR IN PR 015", "Dummy200K.pdf", "sin contenido")
		ack := cc.Get(recv + "/mensaje.xml")
		xmllintSchema(t, "SICRES3_MENSAJE_APL.xsd", []byte(ack.Body))
		if !contains(ack.Body, "<Tipo_Mensaje>01</Tipo_Mensaje>", "<Codigo_Entidad_Registral_Destino>O00002741<") {
			t.Fatalf("ACK:\n%s", ack.Body)
		}
		res = cc.Post(recv+"/aceptar", url.Values{})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("accept: %d %s", res.Status, apptest.Text(res.Body))
		}
		apptest.Expect(t, cc.Get(res.Location), http.StatusOK, "SIR IN PR 015", "SIR (otra administración)", "O00002741_13_00000012", "Dummy200K.pdf")
		apptest.Expect(t, cc.Post(recv+"/aceptar", url.Values{}), http.StatusConflict)
		confirm := cc.Get(recv + "/mensaje.xml")
		xmllintSchema(t, "SICRES3_MENSAJE_APL.xsd", []byte(confirm.Body))
		if !contains(confirm.Body, "<Tipo_Mensaje>03</Tipo_Mensaje>", "<Numero_Registro_Entrada_Destino>", "<Fecha_Hora_Entrada_Destino>") {
			t.Fatalf("confirmation:\n%s", confirm.Body)
		}
		apptest.Expect(t, cc.Get(recv), http.StatusOK, "Aceptado")

		res = uploadSIR(t, cc, minimal)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("import minimal: %d %s", res.Status, apptest.Text(res.Body))
		}
		second := res.Location
		apptest.Expect(t, cc.Post(second+"/rechazar", url.Values{"motivo": {""}}), http.StatusUnprocessableEntity, "obligatorio")
		if res := cc.Post(second+"/rechazar", url.Values{"motivo": {"No es competencia de este ayuntamiento"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("reject: %d", res.Status)
		}
		apptest.Expect(t, cc.Get(second), http.StatusOK, "Rechazado", "No es competencia")
		back := cc.Get(second + "/rechazo.xml")
		xmllintFile(t, []byte(back.Body))
		if !strings.Contains(back.Body, "<Tipo_Anotacion>04</Tipo_Anotacion>") {
			t.Fatalf("rejection file:\n%.1500s", back.Body)
		}
		apptest.Expect(t, cc.Get("/registro/sir"), http.StatusOK, "O00002741_13_00000012", "Aceptado", "Rechazado")

		// Another town sees none of it.
		pl := env.Login(t, apptest.Plasencia)
		apptest.Expect(t, pl.Get(recv), http.StatusNotFound)
		apptest.Expect(t, pl.Post(second+"/aceptar", url.Values{}), http.StatusNotFound)
		if strings.Contains(pl.Get("/registro/sir").Body, "O00002741") {
			t.Fatal("Plasencia sees Cáceres's interchanges")
		}
	})
}
