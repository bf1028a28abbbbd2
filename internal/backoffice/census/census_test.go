package census_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/backoffice/census"
	"concejo/internal/backoffice/parties"
	"concejo/internal/refdata"
)

func TestAltaMoveBajaAndHistory(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		cc := env.EntityID(t, apptest.Dir3Caceres)
		c := env.Login(t, apptest.Plasencia)
		d1, d2 := dwelling(t, env, pl, 3), dwelling(t, env, pl, 7)

		// validation: bad DNI letter, dwelling of another town, future date
		bad := altaForm(d1, "12345678A")
		apptest.Expect(t, c.Post("/padron/altas", bad), http.StatusUnprocessableEntity, "letra de control")
		bad = altaForm(dwelling(t, env, cc, 0), "12345678Z")
		apptest.Expect(t, c.Post("/padron/altas", bad), http.StatusUnprocessableEntity, "no está en el callejero")
		bad = altaForm(d1, "12345678Z")
		bad.Set("fecha", "01/01/2099")
		apptest.Expect(t, c.Post("/padron/altas", bad), http.StatusUnprocessableEntity, "no puede ser posterior a hoy")
		bad = altaForm(d1, "12345678Z")
		bad.Set("fecha", "01/01/1980")
		apptest.Expect(t, c.Post("/padron/altas", bad), http.StatusUnprocessableEntity, "anterior a la fecha de nacimiento")
		if n := env.Count(t, `SELECT COUNT(*) FROM census_inscriptions WHERE doc_number = '12345678Z'`); n != 0 {
			t.Fatalf("partial write: %d", n)
		}

		res := c.Post("/padron/altas", altaForm(d1, "12345678-z"))
		apptest.Expect(t, res, http.StatusSeeOther)
		id := strings.TrimPrefix(res.Location, "/padron/habitantes/")
		if env.Count(t, `SELECT COUNT(*) FROM census_inscriptions WHERE id = $1 AND active AND doc_number = '12345678Z'`, id) != 1 {
			t.Fatal("inscription not written")
		}
		if env.Count(t, `SELECT COUNT(*) FROM parties WHERE entity_id = $1 AND doc_number = '12345678Z'`, pl) != 1 {
			t.Fatal("the inhabitant is not a tercero")
		}
		// one active inscription per person
		apptest.Expect(t, c.Post("/padron/altas", altaForm(d2, "12345678Z")), http.StatusUnprocessableEntity, "ya está inscrita")

		page := c.Get("/padron/habitantes/" + id)
		apptest.Expect(t, page, http.StatusOK, "Ángela Núñez de la Peña", "Alta por cambio de residencia desde otro municipio", "Madrid")
		if env.Count(t, `SELECT COUNT(*) FROM census_access_log WHERE inscription_id = $1 AND action = 'consulta'`, id) != 1 {
			t.Fatal("the look-up was not logged")
		}

		// cambio de domicilio; a date before the alta is refused
		mv := url.Values{"personas": {id}, "vivienda": {d2}, "fecha": {"01/02/2026"}, "justificante": {"escritura"}}
		apptest.Expect(t, c.PostFiles(t, "/padron/habitantes/"+id+"/domicilio", mv, "justificante_fichero", pdfFile), http.StatusUnprocessableEntity, "no puede ser anterior")
		mv.Set("fecha", "10/03/2026")
		apptest.Expect(t, c.PostFiles(t, "/padron/habitantes/"+id+"/domicilio", mv, "justificante_fichero", pdfFile), http.StatusSeeOther)
		if env.Count(t, `SELECT COUNT(*) FROM census_residences WHERE inscription_id = $1`, id) != 2 {
			t.Fatal("residences")
		}
		// corrección
		corr := altaForm("", "12345678Z")
		corr.Set("nombre", "Ángeles")
		corr.Set("documento_acreditativo", "DNI")
		apptest.Expect(t, c.Post("/padron/habitantes/"+id+"/correccion", corr), http.StatusSeeOther)
		// the search finds the new name, and the old name no longer finds her
		apptest.Expect(t, c.Get("/padron?q=angeles+nunez"), http.StatusOK, "Núñez de la Peña, Ángeles")
		if n := env.Count(t, `SELECT COUNT(*) FROM census_search WHERE inscription_id = $1 AND token = 'angela'`, id); n != 0 {
			t.Fatalf("old token left: %d", n)
		}

		// volante de convivencia and certificado histórico, recorded with CSV
		apptest.Expect(t, c.Post("/padron/habitantes/"+id+"/documentos", url.Values{"documento": {"volante"}, "alcance": {"convivencia"}, "finalidad": {"Matrícula"}}), http.StatusSeeOther)
		apptest.Expect(t, c.Post("/padron/habitantes/"+id+"/documentos", url.Values{"documento": {"certificado"}, "alcance": {"historico"}}), http.StatusSeeOther)
		apptest.Expect(t, c.Post("/padron/habitantes/"+id+"/documentos", url.Values{"documento": {"volante"}, "alcance": {"nada"}}), http.StatusUnprocessableEntity, "Elija qué recoge")
		apptest.Expect(t, c.Post("/padron/habitantes/"+id+"/documentos", url.Values{"alcance": {"individual"}}), http.StatusUnprocessableEntity, "Emitir volante")
		if env.Count(t, `SELECT COUNT(*) FROM census_certificates c JOIN issued_documents d ON d.csv = c.csv WHERE c.inscription_id = $1`, id) != 2 {
			t.Fatal("documents not recorded")
		}
		csv := env.String(t, `SELECT csv FROM census_certificates WHERE inscription_id = $1 ORDER BY issued_at LIMIT 1`, id)
		dl := c.Get("/padron/documentos/" + csv)
		if dl.Status != 200 || !strings.HasPrefix(dl.Body, "%PDF") {
			t.Fatalf("download %d", dl.Status)
		}

		// baja: date before the last variation refused, then done; a second baja is a conflict
		bj := url.Values{"causa": {"BC"}, "fecha": {"01/03/2026"}, "documento_acreditativo": {"Comunicación"}, "destino": {"06"}, "destino_municipio": {"015"}}
		apptest.Expect(t, c.Post("/padron/habitantes/"+id+"/baja", bj), http.StatusUnprocessableEntity, "no puede ser anterior")
		bj.Set("fecha", "20/03/2026")
		apptest.Expect(t, c.Post("/padron/habitantes/"+id+"/baja", bj), http.StatusSeeOther)
		apptest.Expect(t, c.Post("/padron/habitantes/"+id+"/baja", bj), http.StatusConflict)
		// history: alta, domicilio, corrección, baja — nothing overwritten
		if n := env.Count(t, `SELECT COUNT(*) FROM census_variations WHERE inscription_id = $1`, id); n != 4 {
			t.Fatalf("variations %d", n)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE object_id = $1 AND action LIKE 'padron.%'`, id); n < 6 {
			t.Fatalf("audit rows %d", n)
		}
		apptest.Expect(t, c.Get("/padron/habitantes/"+id), http.StatusOK, "De baja", "Cambio de domicilio", "Corrección de datos personales")
		// after the baja the same person may be inscribed again
		apptest.Expect(t, c.Post("/padron/altas", altaForm(d1, "12345678Z")), http.StatusSeeOther)
	})
}

func TestSearchIsAccentAndOrderInsensitive(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		c := env.Login(t, apptest.Plasencia)
		// a dwelling whose address has a number (the demo has some "sin número", whose
		// street and number the search by domicilio below could not name)
		onStreet := env.String(t, `SELECT d.id FROM dwellings d JOIN addresses a ON a.entity_id = d.entity_id AND a.id = d.address_id
			WHERE d.entity_id = $1 AND d.active AND a.number IS NOT NULL ORDER BY d.id LIMIT 1`, pl)
		apptest.Expect(t, c.Post("/padron/altas", altaForm(onStreet, "00000000T")), http.StatusSeeOther)
		for _, q := range []string{"núñez ángela", "ANGELA nunez", "peña ang", "de la pena nun"} {
			apptest.Expect(t, c.Get("/padron?q="+url.QueryEscape(q)), http.StatusOK, "Núñez de la Peña, Ángela")
		}
		apptest.Expect(t, c.Get("/padron?documento=00000000-t"), http.StatusOK, "Núñez de la Peña, Ángela")
		apptest.Expect(t, c.Get("/padron?q=zzzzqq"), http.StatusOK, "No hay nadie inscrito que coincida")
		// the filter form keeps what was chosen
		apptest.Expect(t, c.Get("/padron?q=nunez&estado=todas&orden=alta"), http.StatusOK,
			`<option value="todas" selected>`, `<option value="alta" selected>`)
		// a word so common it only filters (every token begins with a
		// letter), and a word ending in z whose index range is wider
		ctx := context.Background()
		restore := census.SetTokenCap(2)
		defer restore()
		for _, q := range []string{"nunez a", "nunez ange", "nunez ang", "a n"} {
			list, n, err := census.Search(ctx, env.DB, pl, census.Filter{Text: q})
			if err != nil || n == 0 || !hasDoc(list, "00000000T") {
				t.Fatalf("%q: %d %v", q, n, err)
			}
		}
		if _, n, err := census.Search(ctx, env.DB, pl, census.Filter{Text: "nunez angz"}); err != nil || n != 0 {
			t.Fatalf("prefix wider than the word: %d %v", n, err)
		}
		// the list goes by surnames as a Spanish reader expects: accents
		// and case ignored (Álvarez among the A, not after Zurita)
		all, _, err := census.Search(ctx, env.DB, pl, census.Filter{Limit: 1000})
		if err != nil || len(all) < 200 || !slices.IsSortedFunc(all, func(a, b census.Inscription) int {
			return strings.Compare(refdata.Fold(a.Surname1+" "+a.Surname2), refdata.Fold(b.Surname1+" "+b.Surname2))
		}) || !strings.HasPrefix(all[0].Surname1, "A") && !strings.HasPrefix(all[0].Surname1, "Á") {
			t.Fatalf("list order: %v %v", err, names(all[:min(len(all), 20)]))
		}
		// a short candidate list is ordered in Go, a long one in SQL: the
		// same pages either way, in every order
		for _, order := range []string{"", "alta", "nacimiento"} {
			for _, q := range []string{"a", "ma", "e", "r"} {
				f := census.Filter{Text: q, Sort: order, Limit: 15, Offset: 10}
				restore()
				short, n1, err1 := census.Search(ctx, env.DB, pl, f)
				census.SetTokenCap(0)
				long, n2, err2 := census.Search(ctx, env.DB, pl, f)
				if err1 != nil || err2 != nil || n1 != n2 || n1 <= f.Offset || !slices.EqualFunc(short, long,
					func(a, b census.Inscription) bool { return a.ID == b.ID }) {
					t.Fatalf("order %q, %q: %d vs %d (%v %v)\n%v\n%v", order, q, n1, n2, err1, err2, names(short), names(long))
				}
			}
		}
		street := env.String(t, `SELECT s.name || ' ' || a.number FROM census_inscriptions i JOIN dwellings d ON d.entity_id = i.entity_id AND d.id = i.dwelling_id
			JOIN addresses a ON a.entity_id = d.entity_id AND a.id = d.address_id JOIN streets s ON s.entity_id = a.entity_id AND s.id = a.street_id
			WHERE i.entity_id = $1 AND i.doc_number = '00000000T'`, pl)
		apptest.Expect(t, c.Get("/padron?domicilio="+url.QueryEscape(street)), http.StatusOK, "Núñez de la Peña, Ángela")
		if env.Count(t, `SELECT COUNT(*) FROM census_access_log WHERE entity_id = $1 AND action = 'busqueda'`, pl) < 7 {
			t.Fatal("searches not logged")
		}
	})
}

func TestIssueForCitizen(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		id := inscription(t, env, pl)
		doc := env.String(t, `SELECT doc_number FROM census_inscriptions WHERE id = $1`, id)
		m := census.New(env.App.Kit)
		code, pdf, err := m.IssueForCitizen(context.Background(), pl, "Ayuntamiento de Plasencia", doc,
			census.IssueInput{Kind: "volante", Scope: "individual"})
		if err != nil || code == "" || !strings.HasPrefix(string(pdf), "%PDF") {
			t.Fatalf("%v", err)
		}
		if env.Count(t, `SELECT COUNT(*) FROM census_certificates WHERE csv = $1 AND channel = 'sede'`, code) != 1 {
			t.Fatal("not recorded")
		}
		apptest.Expect(t, env.Anonymous(t).Get("/verificar?csv="+code), http.StatusOK)
		if _, _, err := m.IssueForCitizen(context.Background(), env.EntityID(t, apptest.Dir3Abadia), "Ayuntamiento de Abadía", doc,
			census.IssueInput{Kind: "volante", Scope: "individual"}); err == nil {
			t.Fatal("issued by another municipality")
		}
	})
}

func hasDoc(list []census.Inscription, doc string) bool {
	for _, i := range list {
		if i.DocNumber == doc {
			return true
		}
	}
	return false
}

func names(list []census.Inscription) []string {
	var out []string
	for _, i := range list {
		out = append(out, i.Surname1+" "+i.Surname2+", "+i.Name)
	}
	return out
}

// TestMergeOfTercerosMovesInscription proves the app gives the terceros
// register the padrón's merge hook: merging the tercero of an inscription
// into another moves the inscription to the kept one.
func TestMergeOfTercerosMovesInscription(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		ins := inscription(t, env, pl)
		merged := env.String(t, `SELECT party_id FROM census_inscriptions WHERE entity_id = $1 AND id = $2`, pl, ins)
		kept, err := parties.Create(context.Background(), env.DB, parties.Party{EntityID: pl, Kind: parties.KindPerson,
			DocType: parties.DocPassport, DocNumber: "XK1234567", Name: "Duplicado", Surname1: "De Prueba"})
		if err != nil {
			t.Fatal(err)
		}
		c := env.Login(t, apptest.Plasencia)
		apptest.Expect(t, c.Post("/terceros/"+kept.ID+"/fusionar", url.Values{"duplicado": {merged}, "motivo_fusion": {"Comprobado el documento"}}),
			http.StatusSeeOther)
		if got := env.String(t, `SELECT party_id FROM census_inscriptions WHERE entity_id = $1 AND id = $2`, pl, ins); got != kept.ID {
			t.Errorf("inscription's tercero after the merge: %s, want the kept %s (merged %s)", got, kept.ID, merged)
		}
	})
}
