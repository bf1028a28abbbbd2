package parties_test

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/backoffice/parties"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
)

func person(doc, name, s1, s2, birth string) url.Values {
	return url.Values{"tipo": {"fisica"}, "tipo_documento": {"NIF"}, "documento": {doc}, "nombre": {name},
		"apellido1": {s1}, "apellido2": {s2}, "fecha_nacimiento": {birth}}
}

func TestTercerosScreens(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.EntityID(t, apptest.Dir3Caceres)
		c := env.Login(t, apptest.Caceres)
		apptest.Expect(t, c.Get("/terceros"), http.StatusOK, "Terceros del Ayuntamiento de Cáceres")
		apptest.Expect(t, c.Get("/terceros/nuevo"), http.StatusOK, "Nuevo tercero")

		// Validation: bad NIF letter, a CIF for a person, an empty name.
		apptest.Expect(t, c.Post("/terceros", person("12345678A", "", "", "", "")), http.StatusUnprocessableEntity,
			"la letra de control debería ser Z", "Escriba el nombre", "Escriba el primer apellido")
		f := person("B86670460", "Ana", "Gil", "", "")
		apptest.Expect(t, c.Post("/terceros", f), http.StatusUnprocessableEntity, "corresponde a una persona jurídica")
		f = person("12345678z", "José María", "García", "López", "03/04/1970")
		f.Set("email", "jm@example.com")
		f.Set("notificacion_electronica", "1")
		res := c.Post("/terceros", f)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("create: %d %s", res.Status, apptest.Text(res.Body))
		}
		jose := res.Location
		apptest.Expect(t, c.Get(jose), http.StatusOK, "José María García López", "NIF 12345678Z", "03/04/1970", "Sí, consiente")
		// Same document: refused, with the holder named.
		apptest.Expect(t, c.Post("/terceros", person("12.345.678-Z", "Otro", "Señor", "", "")), http.StatusUnprocessableEntity,
			"Ya hay un tercero con el documento 12345678Z")
		// An NIE typed as NIF is stored as NIE.
		res = c.Post("/terceros", person("x1234567l", "Ioana", "Popescu", "", ""))
		apptest.Expect(t, res, http.StatusSeeOther)
		apptest.Expect(t, c.Get(res.Location), http.StatusOK, "NIE X1234567L")
		// Similar name and same birth date: asks to confirm, then creates.
		g := url.Values{"tipo": {"fisica"}, "tipo_documento": {"PASAPORTE"}, "documento": {"AB123456"}, "nombre": {"Jose Maria"},
			"apellido1": {"Garcia"}, "apellido2": {"Lopez"}, "fecha_nacimiento": {"1970-04-03"}}
		apptest.Expect(t, c.Post("/terceros", g), http.StatusUnprocessableEntity, "Posibles duplicados", "José María García López")
		g.Set("confirmar", "1")
		res = c.Post("/terceros", g)
		apptest.Expect(t, res, http.StatusSeeOther)
		dup := res.Location
		// Search: accent- and order-insensitive, and by document.
		for _, q := range []string{"lopez jose", "GARCÍA", "12345678-z"} {
			apptest.Expect(t, c.Get("/terceros?q="+url.QueryEscape(q)), http.StatusOK, "García López, José María")
		}
		apptest.Expect(t, c.Get("/terceros/duplicados"), http.StatusOK, "nombre parecido y misma fecha de nacimiento", "Jose Maria Garcia Lopez")
		// A namesake born the same day with another valid DNI is another
		// person: only the passport holder is offered as a possible
		// duplicate, and the pair of DNIs is never proposed for merging.
		namesake := person("87654321X", "José María", "García", "López", "03/04/1970")
		res = c.Post("/terceros", namesake)
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "Hay 1 tercero(s) con un nombre parecido", "Pasaporte AB123456")
		if strings.Contains(apptest.Text(res.Body), "NIF 12345678Z") {
			t.Fatal("the holder of another valid DNI is offered as a possible duplicate")
		}
		namesake.Set("confirmar", "1")
		apptest.Expect(t, c.Post("/terceros", namesake), http.StatusSeeOther)
		if dups := apptest.Text(c.Get("/terceros/duplicados").Body); strings.Contains(dups, "87654321X") {
			t.Fatalf("two different valid NIFs proposed as duplicates:\n%.2000s", dups)
		}
		// IBAN: validated, then added.
		apptest.Expect(t, c.Post(jose+"/cuentas", url.Values{"iban": {"ES9121000418460200051332"}}), http.StatusUnprocessableEntity, "no es válido")
		apptest.Expect(t, c.Post(jose+"/cuentas", url.Values{"iban": {"es91 2100 0418 4502 0005 1332"}}), http.StatusSeeOther)
		apptest.Expect(t, c.Get(jose), http.StatusOK, "ES91 2100 0418 4502 0005 1332", "Principal")
		// Representative by document.
		apptest.Expect(t, c.Post(jose+"/representantes", url.Values{"documento_representante": {"00000000T"}, "clase_representacion": {"voluntaria"}}),
			http.StatusUnprocessableEntity, "No hay ningún tercero con el documento 00000000T")
		apptest.Expect(t, c.Post(jose+"/representantes", url.Values{"documento_representante": {"X1234567L"}, "clase_representacion": {"voluntaria"},
			"alcance": {"Padrón"}}), http.StatusSeeOther)
		apptest.Expect(t, c.Get(jose), http.StatusOK, "Ioana Popescu", "Voluntaria", "Padrón")
		// Domicile from the callejero.
		apptest.Expect(t, c.Get(jose+"/domicilio?q=plaza+espana"), http.StatusOK, "Plaza de España, 1")
		dw := env.String(t, `SELECT d.id FROM dwellings d JOIN addresses a ON a.entity_id = d.entity_id AND a.id = d.address_id
			JOIN streets s ON s.entity_id = a.entity_id AND s.id = a.street_id WHERE d.entity_id = $1 ORDER BY s.ine_code, a.number LIMIT 1`, cc)
		apptest.Expect(t, c.Post(jose+"/domicilio", url.Values{"vivienda": {dw}}), http.StatusSeeOther)
		apptest.Expect(t, c.Get(jose), http.StatusOK, "(callejero)")
		other := env.String(t, `SELECT id FROM dwellings WHERE entity_id <> $1 LIMIT 1`, cc)
		apptest.Expect(t, c.Post(jose+"/domicilio", url.Values{"vivienda": {other}}), http.StatusUnprocessableEntity, "Elija una vivienda del callejero")
		// Merge the duplicate: history kept, data moved, merged one marked.
		apptest.Expect(t, c.Post(jose+"/fusionar", url.Values{"duplicado": {strings.TrimPrefix(dup, "/terceros/")}}),
			http.StatusUnprocessableEntity, "Escriba por qué")
		apptest.Expect(t, c.Post(jose+"/fusionar", url.Values{"duplicado": {strings.TrimPrefix(dup, "/terceros/")}, "motivo_fusion": {"Comprobado"}}),
			http.StatusSeeOther)
		apptest.Expect(t, c.Get(dup), http.StatusOK, "Fusionado", "se fusionó")
		apptest.Expect(t, c.Get(jose), http.StatusOK, "Duplicados fusionados con este tercero", "Comprobado", "Fusión de duplicados")
		p, err := parties.Resolve(context.Background(), env.DB, cc, strings.TrimPrefix(dup, "/terceros/"))
		if err != nil || "/terceros/"+p.ID != jose {
			t.Errorf("Resolve(merged) = %s, %v", p.ID, err)
		}
		apptest.Expect(t, c.Post(jose+"/fusionar", url.Values{"duplicado": {strings.TrimPrefix(dup, "/terceros/")}, "motivo_fusion": {"x"}}),
			http.StatusConflict)
		// Edit, and the CSV export.
		e := person("12345678Z", "José María", "García", "López", "03/04/1970")
		e.Set("telefono", "927 00 00 00")
		apptest.Expect(t, c.Post(jose, e), http.StatusSeeOther)
		apptest.Expect(t, c.Get("/terceros.csv?q=garcia"), http.StatusOK, "12345678Z", "927000000")
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE entity_id = $1 AND object_type = 'tercero'`, cc); n < 8 {
			t.Errorf("audit rows: %d", n)
		}
	})
}

func TestAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		cc, pl := env.EntityID(t, apptest.Dir3Caceres), env.EntityID(t, apptest.Dir3Plasencia)
		birth := time.Date(1990, 5, 6, 0, 0, 0, 0, time.UTC)
		var created parties.Party
		err := env.DB.Tx(ctx, func(tx *sql.Tx) error {
			var err error
			created, err = parties.Create(ctx, tx, parties.Party{EntityID: cc, Kind: parties.KindPerson, DocType: parties.DocNIF,
				DocNumber: "00000000-t", Name: "Lucía", Surname1: "Núñez", BirthDate: &birth})
			return err
		})
		if err != nil || created.DocNumber != "00000000T" {
			t.Fatalf("Create: %+v %v", created, err)
		}
		if _, err := parties.Create(ctx, env.DB, parties.Party{EntityID: cc, Kind: parties.KindPerson, DocType: parties.DocNIF,
			DocNumber: "00000000A", Name: "X", Surname1: "Y"}); err == nil {
			t.Error("Create accepted a wrong NIF")
		} else if fe, ok := errs.AsFields(err); !ok || fe.For(parties.FieldDocNumber) == "" {
			t.Errorf("Create error: %v", err)
		}
		got, err := parties.ByDocument(ctx, env.DB, cc, "00000000 T")
		if err != nil || got.ID != created.ID {
			t.Errorf("ByDocument: %v %v", got.ID, err)
		}
		if _, err := parties.ByDocument(ctx, env.DB, pl, "00000000T"); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("ByDocument in another entity: %v", err)
		}
		if _, err := parties.Get(ctx, env.DB, pl, created.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Get in another entity: %v", err)
		}
		found, err := parties.Find(ctx, env.DB, env.DB.Engine, cc, parties.Query{Text: "nunez lucia"})
		if err != nil || len(found) != 1 {
			t.Errorf("Find: %d %v", len(found), err)
		}
		up, isNew, err := parties.Upsert(ctx, env.DB, parties.Party{EntityID: cc, Kind: parties.KindPerson, DocType: parties.DocNIF,
			DocNumber: "00000000T", Name: "Lucía", Surname1: "Núñez", Email: "l@example.com"})
		if err != nil || isNew || up.ID != created.ID || up.Email != "l@example.com" || up.BirthDate == nil {
			t.Errorf("Upsert existing: %+v %v %v", up, isNew, err)
		}
		up, isNew, err = parties.Upsert(ctx, env.DB, parties.Party{EntityID: pl, Kind: parties.KindPerson, DocType: parties.DocNIF,
			DocNumber: "00000000T", Name: "Lucía", Surname1: "Núñez"})
		if err != nil || !isNew || up.EntityID != pl {
			t.Errorf("Upsert new in Plasencia: %+v %v %v", up, isNew, err)
		}
		sim, err := parties.Similar(ctx, env.DB, parties.Party{EntityID: cc, Name: "Lucia", Surname1: "Nunez", BirthDate: &birth})
		if err != nil || len(sim) != 1 {
			t.Errorf("Similar: %d %v", len(sim), err)
		}
	})
}
