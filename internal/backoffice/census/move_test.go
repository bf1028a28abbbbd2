package census_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/backoffice/territory"
)

// today is the default date of a cambio de domicilio, as its date input holds it.
var today = time.Now().In(mustMadrid()).Format("2006-01-02")

// pdfFile is a justificante as a scanner gives it.
var pdfFile = apptest.File{Name: "contrato.pdf", Content: []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")}

// householdOf returns a dwelling of the entity where at least n people live
// (skipping the first skip such dwellings) and their inscriptions.
func householdOf(t *testing.T, env *apptest.Env, entityID string, n, skip int) (string, []string) {
	t.Helper()
	d := env.String(t, `SELECT dwelling_id FROM census_inscriptions WHERE entity_id = $1 AND active GROUP BY dwelling_id
		HAVING COUNT(*) >= $2 ORDER BY dwelling_id LIMIT 1 OFFSET $3`, entityID, n, skip)
	rows, err := env.DB.QueryContext(context.Background(), `SELECT id FROM census_inscriptions WHERE entity_id = $1 AND dwelling_id = $2
		AND active ORDER BY birth_date, id`, entityID, d)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	return d, ids
}

// numbered returns a dwelling of the entity whose address has a number
// (the demo has some «sin número»).
func numbered(t *testing.T, env *apptest.Env, entityID string, skip int) string {
	t.Helper()
	return env.String(t, `SELECT d.id FROM dwellings d JOIN addresses a ON a.entity_id = d.entity_id AND a.id = d.address_id
		WHERE d.entity_id = $1 AND d.active AND a.number IS NOT NULL ORDER BY d.id LIMIT 1 OFFSET $2`, entityID, skip)
}

// searchText is how a clerk finds the dwelling in the callejero: street name and number.
func searchText(t *testing.T, env *apptest.Env, entityID, dwellingID string) (territory.Address, string) {
	t.Helper()
	a, err := territory.DwellingAddress(context.Background(), env.DB, entityID, dwellingID)
	if err != nil {
		t.Fatal(err)
	}
	return a, a.StreetName + " " + strconv.Itoa(*a.Number)
}

func TestMoveWholeHousehold(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		c := env.Login(t, apptest.Plasencia)
		from, people := householdOf(t, env, pl, 3, 0)
		// the new home: a dwelling with a number where someone already lives
		to := env.String(t, `SELECT i.dwelling_id FROM census_inscriptions i JOIN dwellings d ON d.entity_id = i.entity_id AND d.id = i.dwelling_id
			JOIN addresses a ON a.entity_id = d.entity_id AND a.id = d.address_id
			WHERE i.entity_id = $1 AND i.active AND a.number IS NOT NULL AND i.dwelling_id <> $2 ORDER BY i.dwelling_id LIMIT 1`, pl, from)
		resident := env.String(t, `SELECT name || ' ' || surname1 FROM census_inscriptions WHERE entity_id = $1 AND dwelling_id = $2 AND active
			ORDER BY birth_date, id LIMIT 1`, pl, to)
		addr, q := searchText(t, env, pl, to)
		form := "/padron/habitantes/" + people[0] + "/domicilio"

		// the form: every person of the sheet marked, today's date, only the notes optional
		page := c.Get(form)
		apptest.Expect(t, page, http.StatusOK, "Personas que cambian de domicilio", today)
		if n := strings.Count(page.Body, " checked"); n != len(people) {
			t.Fatalf("%d people marked of %d", n, len(people))
		}
		if n := strings.Count(page.Body, "(opcional)"); n != 1 {
			t.Fatalf("%d fields say «(opcional)»; only the observaciones are", n)
		}
		// searching the dwelling shows who lives there and its núcleo
		found := c.Get(form + "?" + url.Values{"buscar_vivienda": {q}, "personas": people, "fecha": {today}}.Encode())
		apptest.Expect(t, found, http.StatusOK, addr.Line(), resident, addr.NucleusName, today)

		mv := url.Values{"personas": people, "vivienda": {to}, "fecha": {today}, "justificante": {"alquiler"}}
		res := c.PostFiles(t, form, mv, "justificante_fichero", pdfFile)
		apptest.Expect(t, res, http.StatusSeeOther)
		if res.Location != "/padron/habitantes/"+people[0] {
			t.Fatalf("after the move: %s", res.Location)
		}
		for _, id := range people {
			if env.String(t, `SELECT dwelling_id FROM census_inscriptions WHERE id = $1`, id) != to {
				t.Fatalf("%s did not move", id)
			}
			if n := env.Count(t, `SELECT COUNT(*) FROM census_residences WHERE inscription_id = $1 AND dwelling_id = $2 AND valid_to IS NOT NULL`, id, from); n != 1 {
				t.Fatalf("old residence of %s not closed: %d", id, n)
			}
			if n := env.Count(t, `SELECT COUNT(*) FROM census_residences WHERE inscription_id = $1 AND dwelling_id = $2 AND valid_to IS NULL`, id, to); n != 1 {
				t.Fatalf("new residence of %s not opened: %d", id, n)
			}
		}
		// one MD per person, same date, cause and justificante
		if n := env.Count(t, `SELECT COUNT(*) FROM census_variations WHERE entity_id = $1 AND cause = 'MD' AND kind = 'M' AND dwelling_id = $2
			AND document = 'Contrato de alquiler en vigor' AND document_file_id <> ''`, pl, to); n != len(people) {
			t.Fatalf("%d variations for %d people", n, len(people))
		}
		if n := env.Count(t, `SELECT COUNT(DISTINCT document_file_id) FROM census_variations WHERE entity_id = $1 AND cause = 'MD' AND dwelling_id = $2
			AND document_file_id <> ''`, pl, to); n != 1 {
			t.Fatalf("%d justificantes for one move", n)
		}
		if n := env.Count(t, `SELECT COUNT(DISTINCT effective_on) FROM census_variations WHERE entity_id = $1 AND cause = 'MD' AND dwelling_id = $2
			AND document_file_id <> ''`, pl, to); n != 1 {
			t.Fatalf("%d dates for one move", n)
		}
		// the person's page: the new address, the history with the justificante
		after := c.Get("/padron/habitantes/" + people[0])
		apptest.Expect(t, after, http.StatusOK, addr.Line(), "Cambio de domicilio", "Ver el justificante")
		file := env.String(t, `SELECT document_file_id FROM census_variations WHERE inscription_id = $1 AND cause = 'MD' AND document_file_id <> ''`, people[0])
		dl := c.Get("/padron/justificantes/" + file)
		if dl.Status != http.StatusOK || !strings.HasPrefix(dl.Body, "%PDF") || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "inline") {
			t.Fatalf("justificante: %d %q", dl.Status, dl.Header.Get("Content-Disposition"))
		}
		// the old sheet is empty now
		apptest.Expect(t, c.Get("/padron/viviendas/"+from), http.StatusOK, "Nadie está inscrito ahora")
	})
}

func TestMoveChosenMembers(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		c := env.Login(t, apptest.Plasencia)
		from, people := householdOf(t, env, pl, 2, 1)
		to := dwelling(t, env, pl, 11)
		if to == from {
			to = dwelling(t, env, pl, 12)
		}
		// the youngest stays
		leaving, staying := people[:len(people)-1], people[len(people)-1]
		res := c.PostFiles(t, "/padron/habitantes/"+staying+"/domicilio", url.Values{"personas": leaving, "vivienda": {to},
			"fecha": {today}, "justificante": {"autorizacion"}, "observaciones": {"Se independizan."}},
			"justificante_fichero", apptest.File{Name: "autorizacion.jpg", Content: append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, make([]byte, 600)...)})
		apptest.Expect(t, res, http.StatusSeeOther)
		// the clerk came from the one who stays: he goes to the new sheet
		if res.Location != "/padron/viviendas/"+to {
			t.Fatalf("after the move: %s", res.Location)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM census_inscriptions WHERE entity_id = $1 AND dwelling_id = $2 AND active`, pl, from); n != 1 {
			t.Fatalf("%d people left in the old dwelling", n)
		}
		if env.String(t, `SELECT dwelling_id FROM census_inscriptions WHERE id = $1`, staying) != from {
			t.Fatal("the one not marked moved")
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM census_variations WHERE inscription_id = $1 AND cause = 'MD'`, staying); n != 0 {
			t.Fatalf("a variation for who stays: %d", n)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM census_variations WHERE entity_id = $1 AND cause = 'MD' AND notes = 'Se independizan.'
			AND document LIKE 'Autorización del titular%'`, pl); n != len(leaving) {
			t.Fatalf("%d variations for %d people", n, len(leaving))
		}
		if ct := env.String(t, `SELECT content_type FROM census_documents WHERE entity_id = $1`, pl); ct != "image/jpeg" {
			t.Fatalf("justificante stored as %q", ct)
		}
	})
}

func TestMoveRequiredFieldsAndProofLimits(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		cc := env.EntityID(t, apptest.Dir3Caceres)
		c := env.Login(t, apptest.Plasencia)
		from, people := householdOf(t, env, pl, 2, 2)
		to := dwelling(t, env, pl, 5)
		if to == from {
			to = dwelling(t, env, pl, 6)
		}
		form := "/padron/habitantes/" + people[0] + "/domicilio"
		good := func() url.Values {
			return url.Values{"personas": people, "vivienda": {to}, "fecha": {today}, "justificante": {"escritura"}}
		}
		post := func(v url.Values, files ...apptest.File) apptest.Response {
			return c.PostFiles(t, form, v, "justificante_fichero", files...)
		}
		for _, tc := range []struct {
			name  string
			edit  func(url.Values)
			files []apptest.File
			want  string
		}{
			{"nobody marked", func(v url.Values) { v.Del("personas") }, []apptest.File{pdfFile}, "Marque al menos a una persona"},
			{"no dwelling", func(v url.Values) { v.Del("vivienda") }, []apptest.File{pdfFile}, "Elija la vivienda del callejero"},
			{"same dwelling", func(v url.Values) { v.Set("vivienda", from) }, []apptest.File{pdfFile}, "ya están inscritas"},
			{"another town's dwelling", func(v url.Values) { v.Set("vivienda", dwelling(t, env, cc, 0)) }, []apptest.File{pdfFile}, "no está en el callejero"},
			{"no date", func(v url.Values) { v.Set("fecha", "") }, []apptest.File{pdfFile}, "Escriba la fecha de efecto"},
			{"future date", func(v url.Values) { v.Set("fecha", "01/01/2099") }, []apptest.File{pdfFile}, "no puede ser posterior a hoy"},
			{"no kind of justificante", func(v url.Values) { v.Del("justificante") }, []apptest.File{pdfFile}, "Elija el documento que acredita"},
			{"no file", func(url.Values) {}, nil, "Adjunte el justificante"},
			{"empty file", func(url.Values) {}, []apptest.File{{Name: "vacio.pdf"}}, "está vacío"},
			{"not a PDF nor an image", func(url.Values) {}, []apptest.File{{Name: "contrato.pdf", Content: []byte("MZ\x90\x00 un ejecutable")}}, "debe ser un PDF o una imagen JPEG o PNG"},
			{"too large", func(url.Values) {}, []apptest.File{{Name: "escaneo.pdf", Content: append([]byte("%PDF-1.4\n"), make([]byte, 10<<20)...)}}, "más de 10 MB"},
		} {
			v := good()
			tc.edit(v)
			apptest.Expect(t, post(v, tc.files...), http.StatusUnprocessableEntity, tc.want)
		}
		// nothing was written by the refused moves
		for _, id := range people {
			if env.String(t, `SELECT dwelling_id FROM census_inscriptions WHERE id = $1`, id) != from {
				t.Fatalf("%s moved by a refused form", id)
			}
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM census_documents`); n != 0 {
			t.Fatalf("%d justificantes kept by refused moves", n)
		}
		// a body far over the limit is a 413 in Spanish
		huge := post(good(), apptest.File{Name: "enorme.pdf", Content: make([]byte, 21<<20)})
		apptest.Expect(t, huge, http.StatusRequestEntityTooLarge, "demasiado grande")
		// people of two dwellings do not move together
		_, others := householdOf(t, env, pl, 1, 40)
		v := good()
		v.Add("personas", others[0])
		apptest.Expect(t, post(v, pdfFile), http.StatusUnprocessableEntity, "misma vivienda")
	})
}

func TestMoveTenancy(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ab := adhereAbadia(t, env)
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		plc, abc := env.Login(t, apptest.Plasencia), env.Login(t, apptest.Abadia)
		_, plPeople := householdOf(t, env, pl, 1, 0)
		_, abPeople := householdOf(t, env, ab, 1, 0)
		plTo, abTo := numbered(t, env, pl, 9), dwelling(t, env, ab, 9)
		// Abadía's clerk neither sees nor moves Plasencia's people
		apptest.Expect(t, abc.Get("/padron/habitantes/"+plPeople[0]+"/domicilio"), http.StatusNotFound)
		mv := url.Values{"personas": plPeople, "vivienda": {abTo}, "fecha": {today}, "justificante": {"escritura"}}
		apptest.Expect(t, abc.PostFiles(t, "/padron/habitantes/"+plPeople[0]+"/domicilio", mv, "justificante_fichero", pdfFile), http.StatusNotFound)
		// nor through his own person's form
		mv.Set("vivienda", abTo)
		apptest.Expect(t, abc.PostFiles(t, "/padron/habitantes/"+abPeople[0]+"/domicilio", mv, "justificante_fichero", pdfFile), http.StatusNotFound)
		// nor into one of Plasencia's dwellings his own people
		mv = url.Values{"personas": abPeople, "vivienda": {plTo}, "fecha": {today}, "justificante": {"escritura"}}
		apptest.Expect(t, abc.PostFiles(t, "/padron/habitantes/"+abPeople[0]+"/domicilio", mv, "justificante_fichero", pdfFile),
			http.StatusUnprocessableEntity, "no está en el callejero")
		// the candidate dwellings of a search are only his town's
		_, q := searchText(t, env, pl, plTo)
		if res := abc.Get("/padron/habitantes/" + abPeople[0] + "/domicilio?buscar_vivienda=" + url.QueryEscape(q)); strings.Contains(res.Body, `value="`+plTo+`"`) {
			t.Fatal("another town's dwelling offered")
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM census_documents`); n != 0 {
			t.Fatalf("%d justificantes kept", n)
		}
		for _, id := range append(append([]string{}, plPeople...), abPeople...) {
			if env.Count(t, `SELECT COUNT(*) FROM census_residences WHERE inscription_id = $1 AND valid_to IS NULL AND dwelling_id IN ($2, $3)`, id, plTo, abTo) != 0 {
				t.Fatalf("%s moved", id)
			}
		}
		// Plasencia's justificante is not Abadía's to read
		apptest.Expect(t, plc.PostFiles(t, "/padron/habitantes/"+plPeople[0]+"/domicilio", url.Values{"personas": plPeople, "vivienda": {plTo},
			"fecha": {today}, "justificante": {"escritura"}}, "justificante_fichero", pdfFile), http.StatusSeeOther)
		file := env.String(t, `SELECT id FROM census_documents WHERE entity_id = $1`, pl)
		apptest.Expect(t, plc.Get("/padron/justificantes/"+file), http.StatusOK)
		apptest.Expect(t, abc.Get("/padron/justificantes/"+file), http.StatusNotFound)
	})
}

func mustMadrid() *time.Location {
	l, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		panic(err)
	}
	return l
}
