package census_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/backoffice/census/inefile"
)

func upload(t *testing.T, c *apptest.Client, path, name string, content []byte) apptest.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	f, _ := w.CreateFormFile("fichero", name)
	f.Write(content)
	w.Close()
	return c.Do("POST", path, w.FormDataContentType(), &body)
}

func TestINEMonthlyFileAndReturn(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		c := env.Login(t, apptest.Plasencia)
		res := c.Post("/padron/altas", altaForm(dwelling(t, env, pl, 2), "22222222J"))
		apptest.Expect(t, res, http.StatusSeeOther)
		pending := env.Count(t, `SELECT COUNT(*) FROM census_variations WHERE entity_id = $1 AND ine_state = ''`, pl)
		period := time.Now().Format("2006-01")
		apptest.Expect(t, c.Post("/padron/ine/envios", url.Values{"periodo": {"2099-01"}}), http.StatusUnprocessableEntity, "no puede ser futuro")
		res = c.Post("/padron/ine/envios", url.Values{"periodo": {period}})
		apptest.Expect(t, res, http.StatusSeeOther)
		fileID := strings.TrimPrefix(res.Location, "/padron/ine/ficheros/")
		dl := c.Get(res.Location + "/descarga")
		apptest.Expect(t, dl, http.StatusOK)
		lines, err := inefile.Read(strings.NewReader(dl.Body), nil)
		if err != nil || len(lines) != pending || pending == 0 {
			t.Fatalf("file: %v, %d lines for %d pending", err, len(lines), pending)
		}
		if len(dl.Body) != pending*556 {
			t.Fatalf("file size %d", len(dl.Body))
		}
		var alta inefile.Record
		for _, l := range lines {
			if l.Err != nil {
				t.Fatal(l.Err)
			}
			if l.Record.Data.DocNumber == "22222222" {
				alta = l.Record
			}
		}
		if alta.Variation != "A" || alta.Cause != "AC" || alta.Province != "10" || alta.Municipality != "148" ||
			alta.Data.DocControl != "J" || alta.Sex != "6" || alta.FromProvince != "28" || alta.Nationality != "108" {
			t.Fatalf("alta record: %+v", alta)
		}
		if env.Count(t, `SELECT COUNT(*) FROM census_variations WHERE entity_id = $1 AND ine_state = ''`, pl) != 0 ||
			env.Count(t, `SELECT COUNT(*) FROM census_variations WHERE ine_file_id = $1`, fileID) != pending {
			t.Fatal("variations not marked as sent")
		}

		// INE returns: a defunción to apply, an incidencia on the alta, a line that cannot be read
		victim := env.String(t, `SELECT id FROM census_inscriptions WHERE entity_id = $1 AND active AND doc_type = 'dni'
			AND doc_number <> '22222222J' ORDER BY number LIMIT 1`, pl)
		num := env.String(t, `SELECT number FROM census_inscriptions WHERE id = $1`, victim)
		var buf bytes.Buffer
		w := inefile.NewWriter(&buf, nil)
		death := inefile.Record{Province: "10", Municipality: "148", Key: inefile.Person{Name: "X", Surname1: "Y", LocalID: num},
			Info: inefile.InfoComunicacion, Date: time.Now().AddDate(0, 0, -1), Variation: "B", Cause: "BD"}
		inc := alta
		inc.Info, inc.ReturnCode = inefile.InfoIncidencia, "03"
		other := death
		other.Municipality = "037"
		for _, r := range []inefile.Record{death, inc, other} {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
		}
		w.Flush()
		buf.WriteString("basura\r\n")
		res = upload(t, c, "/padron/ine/devoluciones", "devolucion.txt", buf.Bytes())
		apptest.Expect(t, res, http.StatusSeeOther)
		apptest.Expect(t, c.Get(res.Location), http.StatusOK, "4 registros: 1 aplicados, 3 incidencias", "Documento de identidad no válido", "otro municipio")
		if env.Count(t, `SELECT COUNT(*) FROM census_inscriptions WHERE id = $1 AND NOT active AND baja_cause = 'BD'`, victim) != 1 {
			t.Fatal("defunción not applied")
		}
		if env.Count(t, `SELECT COUNT(*) FROM census_variations WHERE entity_id = $1 AND ine_state = 'incidencia' AND ine_code = '03'`, pl) == 0 {
			t.Fatal("incidencia not marked")
		}
		apptest.Expect(t, upload(t, c, "/padron/ine/devoluciones", "vacio.txt", nil), http.StatusUnprocessableEntity, "Elija el fichero")
		_ = strconv.Itoa
		_ = context.Background
	})
}
