package registry_test

import (
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

const standards = "sicres/testdata"

// uploadSIR posts an interchange file or message.
func uploadSIR(t testing.TB, c *apptest.Client, data []byte) apptest.Response {
	t.Helper()
	return postMultipart(t, c, "/registro/sir", nil, map[string][]file{"fichero": {{"fichero.xml", data}}})
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

var officeRe = regexp.MustCompile(`id="oficina-sir">([A-Z0-9]+)<`)

// officeOf is the registry office code c's entity exchanges as.
func officeOf(t testing.TB, c *apptest.Client) string {
	t.Helper()
	m := officeRe.FindStringSubmatch(c.Get("/registro/sir").Body)
	if m == nil {
		t.Fatal("the SIR page does not say the entity's office")
	}
	return m[1]
}

var destRe = regexp.MustCompile(`(?s)<De_Destino>.*?</De_Destino>`)

// addressedTo is a SICRES file sent to office (with no unit).
func addressedTo(data []byte, office string) []byte {
	return destRe.ReplaceAll(data, []byte("<De_Destino><Codigo_Entidad_Registral_Destino>"+office+
		"</Codigo_Entidad_Registral_Destino></De_Destino>"))
}

// history downloads file or message pos of an interchange's history.
func history(t testing.TB, c *apptest.Client, interchange string, pos int) []byte {
	t.Helper()
	res := c.Get(interchange + "/mensajes/" + strconv.Itoa(pos))
	if res.Status != http.StatusOK {
		t.Fatalf("message %d of %s: %d", pos, interchange, res.Status)
	}
	return []byte(res.Body)
}

// TestSIRFlow: Cáceres sends two salidas to Plasencia. Plasencia's ACK,
// CONFIRMACION and rechazo, taken back by Cáceres, move its interchanges
// to entregado, confirmado (with Plasencia's number) and devuelto (with
// the reason, back in the list that needs attention); every file and
// message validates against its schema; the same file or message taken
// twice changes nothing; files not for the entity, and a rechazo of what
// it never sent, are refused with their SIR error code and an ERROR
// message.
func TestSIRFlow(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc, pl := env.Login(t, apptest.Caceres), env.Login(t, apptest.Plasencia)
		send := func(summary string) (string, []byte) {
			id := idFrom(t, postEntry(t, cc, url.Values{"kind": {"salida"}, "means": {"electronico"},
				"subject": {"Remisión de expediente"}, "summary": {summary},
				"doc_type": {"TD06"}, "dest_dir3": {apptest.Dir3Plasencia}, "dest_name": {"Ayuntamiento de Plasencia"},
				"interesado_tipo_documento": {"NIF"}, "interesado_documento": {"12345678Z"}, "interesado_nombre": {"María José García López"},
				"expone": {"Que adjunta el expediente."}, "solicita": {"Su tramitación."}},
				file{"expediente.pdf", []byte("%PDF-1.4 expediente")}))
			res := cc.Post("/registro/asientos/"+id+"/sir", url.Values{})
			if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/registro/sir/") {
				t.Fatalf("send: %d %s", res.Status, apptest.Text(res.Body))
			}
			data := []byte(cc.Get(res.Location + "/fichero.xml").Body)
			xmllintFile(t, data)
			return res.Location, data
		}
		sent, data := send("Remite el expediente de la obra de la calle Pintores")
		if !contains(string(data), "<Tipo_Registro>1</Tipo_Registro>", "<Nombre_Interesado>María José</Nombre_Interesado>",
			"<Primer_Apellido_Interesado>García</Primer_Apellido_Interesado>", "<Hash>", "<Anexo>",
			"<Codigo_Entidad_Registral_Destino>"+apptest.Dir3Plasencia+"<") {
			t.Fatalf("file content:\n%.2000s", data)
		}
		apptest.Expect(t, cc.Get(sent), http.StatusOK, "Enviado", "Fichero de intercambio (envío)")
		// An entry with no DIR3 destination cannot be sent.
		other := idFrom(t, postEntry(t, cc, entryForm("")))
		apptest.Expect(t, cc.Post("/registro/asientos/"+other+"/sir", url.Values{}), http.StatusConflict, "DIR3")

		// Cáceres cannot take its own file: it is not addressed to it.
		apptest.Expect(t, uploadSIR(t, cc, data), http.StatusUnprocessableEntity, "0039", "no es de")
		if n := env.Count(t, `SELECT COUNT(*) FROM registry_interchanges WHERE entity_id = $1 AND state = 'invalido'`,
			env.EntityID(t, apptest.Dir3Caceres)); n != 1 {
			t.Fatalf("%d refused files kept, want 1", n)
		}
		refused := env.String(t, `SELECT id FROM registry_interchanges WHERE entity_id = $1 AND state = 'invalido'`,
			env.EntityID(t, apptest.Dir3Caceres))
		errMsg := history(t, cc, "/registro/sir/"+refused, 2)
		xmllintSchema(t, "SICRES3_MENSAJE_APL.xsd", errMsg)
		if !contains(string(errMsg), "<Tipo_Mensaje>02</Tipo_Mensaje>", "<Codigo_Error>0039</Codigo_Error>") {
			t.Fatalf("ERROR message:\n%s", errMsg)
		}

		// Plasencia receives it (once), answers ACK.
		res := uploadSIR(t, pl, data)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("receive: %d %s", res.Status, apptest.Text(res.Body))
		}
		recv := res.Location
		again := uploadSIR(t, pl, data)
		if again.Status != http.StatusSeeOther || again.Location != recv {
			t.Fatalf("the same file again: %d %s", again.Status, again.Location)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM registry_interchanges WHERE entity_id = $1`, env.EntityID(t, apptest.Dir3Plasencia)); n != 1 {
			t.Fatalf("Plasencia holds %d interchanges after taking the same file twice", n)
		}
		apptest.Expect(t, pl.Get(recv), http.StatusOK, "Recibido, pendiente de aceptar", "María José", "expediente.pdf",
			"Acuse de recibo (ACK)")
		ack := history(t, pl, recv, 2)
		xmllintSchema(t, "SICRES3_MENSAJE_APL.xsd", ack)
		if !contains(string(ack), "<Tipo_Mensaje>01</Tipo_Mensaje>", "<Codigo_Entidad_Registral_Destino>"+officeOf(t, cc)+"<") {
			t.Fatalf("ACK:\n%s", ack)
		}
		apptest.Expect(t, uploadSIR(t, cc, ack), http.StatusSeeOther)
		apptest.Expect(t, cc.Get(sent), http.StatusOK, "Entregado en destino")

		// Plasencia accepts: CONFIRMACION with its number.
		res = pl.Post(recv+"/aceptar", url.Values{})
		entry := idFrom(t, res)
		apptest.Expect(t, pl.Get("/registro/asientos/"+entry), http.StatusOK, "Remite el expediente", "SIR (otra administración)", "expediente.pdf")
		apptest.Expect(t, pl.Post(recv+"/aceptar", url.Values{}), http.StatusConflict)
		confirm := history(t, pl, recv, 3)
		xmllintSchema(t, "SICRES3_MENSAJE_APL.xsd", confirm)
		number := env.String(t, `SELECT number FROM registry_entries WHERE id = $1`, entry)
		if !contains(string(confirm), "<Tipo_Mensaje>03</Tipo_Mensaje>", "<Numero_Registro_Entrada_Destino>"+number+"<") {
			t.Fatalf("CONFIRMACION:\n%s", confirm)
		}
		apptest.Expect(t, uploadSIR(t, cc, confirm), http.StatusSeeOther)
		apptest.Expect(t, uploadSIR(t, cc, confirm), http.StatusSeeOther)
		apptest.Expect(t, cc.Get(sent), http.StatusOK, "Confirmado por el destino", number)
		if n := env.Count(t, `SELECT COUNT(*) FROM registry_interchange_messages m JOIN registry_interchanges i
			ON i.entity_id = m.entity_id AND i.id = m.interchange_id WHERE i.id = $1 AND m.kind = 'confirmacion'`,
			strings.TrimPrefix(sent, "/registro/sir/")); n != 1 {
			t.Fatalf("the same CONFIRMACION taken twice is kept %d times", n)
		}

		// The second one is rejected: it comes back to Cáceres.
		sent2, data2 := send("Remite la liquidación del convenio de 2026")
		res = uploadSIR(t, pl, data2)
		recv2 := res.Location
		apptest.Expect(t, pl.Post(recv2+"/rechazar", url.Values{"motivo": {""}}), http.StatusUnprocessableEntity, "obligatorio")
		apptest.Expect(t, pl.Post(recv2+"/rechazar", url.Values{"motivo": {"No es competencia de este ayuntamiento"}}), http.StatusSeeOther)
		apptest.Expect(t, pl.Get(recv2), http.StatusOK, "Rechazado", "No es competencia", "Fichero de rechazo")
		back := history(t, pl, recv2, 3)
		xmllintFile(t, back)
		if !strings.Contains(string(back), "<Tipo_Anotacion>04</Tipo_Anotacion>") {
			t.Fatalf("rechazo:\n%.1500s", back)
		}
		// Plasencia never sent it: refused, not a new entry.
		apptest.Expect(t, uploadSIR(t, pl, back), http.StatusUnprocessableEntity, "no ha enviado")
		before := env.Count(t, `SELECT COUNT(*) FROM registry_entries`)
		apptest.Expect(t, uploadSIR(t, cc, back), http.StatusSeeOther)
		apptest.Expect(t, uploadSIR(t, cc, back), http.StatusSeeOther)
		if n := env.Count(t, `SELECT COUNT(*) FROM registry_entries`); n != before {
			t.Fatalf("a rechazo made %d entries", n-before)
		}
		apptest.Expect(t, cc.Get(sent2), http.StatusOK, "Devuelto", "No es competencia de este ayuntamiento")
		apptest.Expect(t, cc.Get("/registro/sir?ver=atencion"), http.StatusOK, "Devuelto", "No es competencia")
		apptest.Expect(t, cc.Get("/"), http.StatusOK, "Un intercambio enviado por SIR ha vuelto rechazado")

		// Another town sees none of it.
		apptest.Expect(t, pl.Get(sent), http.StatusNotFound)
		apptest.Expect(t, pl.Get(sent+"/mensajes/1"), http.StatusNotFound)
		apptest.Expect(t, cc.Post(recv2+"/aceptar", url.Values{}), http.StatusNotFound)
	})
}

// TestSIRSamples: the real sample files, addressed to Cáceres, are taken
// and accepted with what they hold; the schema's sample, whose interesado
// segment is empty, is refused with its code and an ERROR message.
func TestSIRSamples(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		office := officeOf(t, cc)
		full, _ := os.ReadFile(filepath.Join(standards, "samples/sicres/ficheroIntercambio.xml"))
		apptest.Expect(t, uploadSIR(t, cc, []byte("<x/>")), http.StatusUnprocessableEntity, "SICRES")
		res := uploadSIR(t, cc, addressedTo(full, office))
		if res.Status != http.StatusSeeOther {
			t.Fatalf("import: %d %s", res.Status, apptest.Text(res.Body))
		}
		recv := res.Location
		apptest.Expect(t, cc.Get(recv), http.StatusOK, "O00002741_13_00000012", "SIR IN PR 015", "Dummy200K.pdf", "sin contenido")
		res = cc.Post(recv+"/aceptar", url.Values{})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("accept: %d %s", res.Status, apptest.Text(res.Body))
		}
		apptest.Expect(t, cc.Get(res.Location), http.StatusOK, "SIR IN PR 015", "SIR (otra administración)", "O00002741_13_00000012", "Dummy200K.pdf")
		apptest.Expect(t, cc.Get(recv), http.StatusOK, "Aceptado", "Confirmación")
	})
}

// TestSIRForward: a file Plasencia receives that is for another body is
// forwarded (reenvío, Tipo_Anotacion 03) to the registry office in SIR of
// the unit chosen in the DIR3 directory; the file that leaves validates
// and keeps the interchange's identifier; a unit not in the directory is
// refused on its field.
func TestSIRForward(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc, pl := env.Login(t, apptest.Caceres), env.Login(t, apptest.Plasencia)
		id := idFrom(t, postEntry(t, cc, url.Values{"kind": {"salida"}, "means": {"electronico"},
			"subject": {"Solicitud de subvención"}, "summary": {"Remite la solicitud de subvención para la piscina municipal"},
			"doc_type": {"TD06"}, "dest_dir3": {apptest.Dir3Plasencia},
			"interesado_tipo_documento": {"NIF"}, "interesado_documento": {"12345678Z"}, "interesado_nombre": {"Lucía Gómez Núñez"}}))
		res := cc.Post("/registro/asientos/"+id+"/sir", url.Values{})
		data := []byte(cc.Get(res.Location + "/fichero.xml").Body)
		recv := uploadSIR(t, pl, data).Location
		apptest.Expect(t, pl.Post(recv+"/reenviar", url.Values{"destino": {"L02999999"}, "motivo_reenvio": {"Es de la Diputación"}}),
			http.StatusUnprocessableEntity, "no está en el directorio DIR3")
		apptest.Expect(t, pl.Post(recv+"/reenviar", url.Values{"destino": {"L02000010"}, "motivo_reenvio": {""}}),
			http.StatusUnprocessableEntity, "obligatorio")
		apptest.Expect(t, pl.Post(recv+"/reenviar", url.Values{"destino": {"L02000010"}, "motivo_reenvio": {"Las subvenciones las concede la Diputación"}}),
			http.StatusSeeOther)
		apptest.Expect(t, pl.Get(recv), http.StatusOK, "Reenviado a otra oficina", "O00002683", "Fichero de intercambio (reenvío)")
		out := history(t, pl, recv, 3)
		xmllintFile(t, out)
		xid := env.String(t, `SELECT exchange_id FROM registry_interchanges WHERE id = $1`, strings.TrimPrefix(recv, "/registro/sir/"))
		if !contains(string(out), "<Tipo_Anotacion>03</Tipo_Anotacion>", "<Codigo_Entidad_Registral_Destino>O00002683<",
			"<Codigo_Unidad_Tramitacion_Destino>L02000010<", "<Identificador_Intercambio>"+xid+"<", "Reenvío: Las subvenciones") {
			t.Fatalf("reenvío:\n%.2500s", out)
		}
		apptest.Expect(t, pl.Post(recv+"/aceptar", url.Values{}), http.StatusConflict)
	})
}

// TestSIRExportsAnOrganisationByItsRazonSocial: an interesado the clerk
// marks as an organisation (here without a CIF) leaves as a razón social,
// not split into a name and surnames.
func TestSIRExportsAnOrganisationByItsRazonSocial(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		id := idFrom(t, postEntry(t, cc, url.Values{"kind": {"salida"}, "means": {"presencial"},
			"subject": {"Remisión de escrito"}, "summary": {"Remite el escrito de la comunidad de regantes"},
			"doc_type": {"TD06"}, "dest_dir3": {apptest.Dir3Plasencia}, "interesado_clase": {"juridica"},
			"interesado_nombre": {"Comunidad de Regantes del Árrago"}}))
		res := cc.Post("/registro/asientos/"+id+"/sir", url.Values{})
		data := cc.Get(res.Location + "/fichero.xml").Body
		if !strings.Contains(data, "<Razon_Social_Interesado>Comunidad de Regantes del Árrago</Razon_Social_Interesado>") ||
			strings.Contains(data, "<Nombre_Interesado>") {
			t.Fatalf("file:\n%.2000s", data)
		}
	})
}
