package entities_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

func TestListCountsAndSearch(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		dip := env.Login(t, apptest.Tecnico)
		ayuntamientos := env.Count(t, `SELECT COUNT(*) FROM entities WHERE kind = 'ayuntamiento' AND active = $1`, true)
		if ayuntamientos != 223 {
			t.Fatalf("demo has %d active ayuntamientos, want 223", ayuntamientos)
		}
		res := dip.Get("/entidades?tipo=ayuntamiento")
		apptest.Expect(t, res, http.StatusOK, "223 entidades", "Ayuntamiento: 223", "Página 1 de 5")
		if n := strings.Count(res.Body, `<td><a href="/entidades/`); n != 50 {
			t.Fatalf("first page has %d rows, want 50", n)
		}
		last := dip.Get("/entidades?tipo=ayuntamiento&pagina=5")
		if n := strings.Count(last.Body, `<td><a href="/entidades/`); n != 23 {
			t.Fatalf("last page has %d rows, want 23", n)
		}
		// Every kind is counted when no kind is chosen.
		all := dip.Get("/entidades")
		apptest.Expect(t, all, http.StatusOK, "Ayuntamiento: 223", "Mancomunidad: ")

		// Accent-insensitive search.
		ccID := env.EntityID(t, apptest.Dir3Caceres)
		for _, q := range []string{"caceres", "CÁCERES", "10037", "l01100377"} {
			apptest.Expect(t, dip.Get("/entidades?q="+url.QueryEscape(q)), http.StatusOK, `href="/entidades/`+ccID+`"`)
		}
		// Population range and sort.
		res = dip.Get("/entidades?tipo=ayuntamiento&pob_min=40000&orden=poblacion")
		apptest.Expect(t, res, http.StatusOK, "2 entidades", "Cáceres", "Plasencia")
		if strings.Index(res.Body, "Plasencia") < strings.Index(res.Body, "Cáceres") {
			t.Fatal("population order: Cáceres (96.651) goes before Plasencia (40.132)")
		}
		apptest.Expect(t, dip.Get("/entidades?tipo=ayuntamiento&pob_max=100&pob_min=90000"), http.StatusOK, "No hay entidades")
		// Sort by INE code: Abadía (10001) first.
		res = dip.Get("/entidades?tipo=ayuntamiento&orden=ine")
		abID := env.EntityID(t, apptest.Dir3Abadia)
		if i := strings.Index(res.Body, `<td><a href="/entidades/`); i < 0 || !strings.HasPrefix(res.Body[i+len(`<td><a href="/entidades/`):], abID) {
			t.Fatal("INE order does not start with Abadía")
		}
	})
}

func TestCSVExport(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		dip := env.Login(t, apptest.DipAdmin)
		res := dip.Get("/entidades.csv?tipo=ayuntamiento&pob_min=5000")
		if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
			t.Fatalf("csv: %d %s", res.Status, res.Header.Get("Content-Type"))
		}
		if !strings.HasPrefix(res.Body, "\ufeff") {
			t.Fatal("the CSV has no BOM")
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff")))
		r.Comma = ';'
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := env.Count(t, `SELECT COUNT(*) FROM entities WHERE kind = 'ayuntamiento' AND active = $1 AND population >= 5000`, true)
		if want == 0 || len(recs) != want+1 {
			t.Fatalf("csv has %d rows, want header + %d", len(recs), want)
		}
		if recs[0][0] != "Tipo" || recs[0][1] != "Nombre" || recs[0][4] != "DIR3" {
			t.Fatalf("header %v", recs[0])
		}
		found := false
		for _, rec := range recs[1:] {
			if rec[4] == apptest.Dir3Caceres {
				found = rec[1] != "" && rec[2] == "10037" && rec[3] == "7" && rec[9] == "96651"
			}
		}
		if !found {
			t.Fatal("Cáceres is missing or wrong in the CSV")
		}
		// An entity administrator exports only his own entity.
		cc := env.Login(t, apptest.Caceres)
		recs2, err := csvRecords(cc.Get("/entidades.csv").Body)
		own := env.Count(t, `SELECT COUNT(*) FROM memberships m JOIN entities e ON e.id = m.entity_id
			WHERE m.user_id = $1 AND e.active = $2`, env.UserID(t, apptest.Caceres), true)
		if err != nil || len(recs2) != own+1 || !strings.Contains(cc.Get("/entidades.csv").Body, apptest.Dir3Caceres) ||
			strings.Contains(cc.Get("/entidades.csv").Body, apptest.Dir3Plasencia) {
			t.Fatalf("Cáceres' export (%d own entities): %v %v", own, recs2, err)
		}
	})
}

func csvRecords(body string) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	r.Comma = ';'
	return r.ReadAll()
}

// ayuntamientoForm is a valid new ayuntamiento of Badajoz (INE 06015, DC 3).
func ayuntamientoForm(t *testing.T) url.Values {
	return url.Values{"tipo": {"ayuntamiento"}, "nombre": {"Ayuntamiento de Badajoz"}, "codigo_ine": {"06015"}, "dc_ine": {"3"},
		"nif": {localNIF(t, "0601500")}, "direccion": {"Plaza de España, 1"}, "codigo_postal": {"06002"},
		"localidad": {"Badajoz"}, "poblacion": {"150.000"}, "anio_poblacion": {"2025"},
		"email": {"registro@aytobadajoz.es"}, "telefono": {"+34 924 21 00 00"}, "alcalde": {"Persona de Prueba"},
		"cargo": {"Alcalde"}}
}

func TestCreate(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		dip := env.Login(t, apptest.DipAdmin)
		apptest.Expect(t, dip.Get("/entidades/nueva"), http.StatusOK, "¿Qué tipo de entidad")
		apptest.Expect(t, dip.Get("/entidades/nueva?tipo=ayuntamiento"), http.StatusOK, "Código INE del municipio")
		apptest.Expect(t, dip.Get("/entidades/nueva?tipo=elm"), http.StatusOK, "Ayuntamiento al que pertenece", "Plasencia")

		res := dip.Post("/entidades", ayuntamientoForm(t))
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/entidades/") {
			t.Fatalf("create: %d %s\n%s", res.Status, res.Location, apptest.Text(res.Body))
		}
		id := strings.TrimPrefix(res.Location, "/entidades/")
		if got := env.String(t, `SELECT dir3 FROM entities WHERE id = $1`, id); got != "L01060153" {
			t.Fatalf("derived DIR3 %q, want L01060153", got)
		}
		if got := env.String(t, `SELECT search_text FROM entities WHERE id = $1`, id); !strings.Contains(got, "badajoz") || !strings.Contains(got, "l01060153") {
			t.Fatalf("search_text %q", got)
		}
		if got := env.String(t, `SELECT phone FROM entities WHERE id = $1`, id); got != "924210000" {
			t.Fatalf("phone %q", got)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'entidad.crear' AND object_id = $1 AND entity_id = $1`, id); n != 1 {
			t.Fatalf("%d audit rows", n)
		}
		apptest.Expect(t, dip.Get(res.Location), http.StatusOK, "Badajoz", "06015 (dígito de control 3)", "L01060153",
			"150.000 habitantes (2025)", "Su código DIR3 es L01060153")
		apptest.Expect(t, dip.Get("/entidades?q=badajoz"), http.StatusOK, "1 entidad")

		// An ELM needs its ayuntamiento; a mancomunidad its NIF.
		before := written(t, env)
		apptest.Expect(t, dip.Post("/entidades", url.Values{"tipo": {"elm"}, "nombre": {"Prueba"}}), http.StatusUnprocessableEntity,
			"Elija el ayuntamiento al que pertenece")
		apptest.Expect(t, dip.Post("/entidades", url.Values{"tipo": {"mancomunidad"}, "nombre": {"Prueba"}}), http.StatusUnprocessableEntity,
			"Escriba el NIF de la entidad")
		apptest.Expect(t, dip.Post("/entidades", url.Values{"nombre": {"Prueba"}}), http.StatusUnprocessableEntity, "Elija el tipo de entidad")
		apptest.Expect(t, dip.Post("/entidades", url.Values{"tipo": {"diputacion"}, "nombre": {"Prueba"}, "dir3": {"L01100377"},
			"nif": {localNIF(t, "0600000")}}), http.StatusUnprocessableEntity, "no es el de una diputación")
		if after := written(t, env); after != before {
			t.Fatalf("refused forms wrote: %v → %v", before, after)
		}
		plID := env.EntityID(t, apptest.Dir3Plasencia)
		res = dip.Post("/entidades", url.Values{"tipo": {"elm"}, "nombre": {"Pedanía de Prueba"}, "ayuntamiento": {plID},
			"poblacion": {"120"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("ELM: %d\n%s", res.Status, apptest.Text(res.Body))
		}
		apptest.Expect(t, dip.Get(res.Location), http.StatusOK, "Pedanía de Prueba", "Entidad local menor")
		apptest.Expect(t, dip.Get("/entidades/"+plID), http.StatusOK, "Pedanía de Prueba")
	})
}

func TestCreateRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		dip := env.Login(t, apptest.DipAdmin)
		before := written(t, env)
		cases := []struct {
			name string
			set  map[string]string
			want string
		}{
			{"wrong DC", map[string]string{"dc_ine": "4"}, "el dígito de control debería ser 3"},
			{"bad INE", map[string]string{"codigo_ine": "0601"}, "debe tener 5 dígitos"},
			{"no province", map[string]string{"codigo_ine": "60015"}, "la provincia 60 no existe"},
			{"NIF not P", map[string]string{"nif": "B06015000"}, "debe empezar por la letra P"},
			{"NIF control", map[string]string{"nif": "P0601500Z"}, "NIF"},
			{"duplicate INE", map[string]string{"codigo_ine": "10037", "dc_ine": "7", "codigo_postal": "10001"},
				"Ya existe una entidad con el código INE 10037"},
			{"bad e-mail", map[string]string{"email": "registro@"}, "La dirección de correo electrónico no es válida."},
			{"bad phone", map[string]string{"telefono": "12345"}, "El número de teléfono"},
			{"postal code of another province", map[string]string{"codigo_postal": "10001"}, "no corresponde a la provincia 06"},
			{"negative population", map[string]string{"poblacion": "-5"}, "La población debe ser un número entero"},
			{"no name", map[string]string{"nombre": ""}, "Escriba el nombre de la entidad."},
			{"long name", map[string]string{"nombre": strings.Repeat("a", 201)}, "no puede tener más de 200 caracteres"},
		}
		for _, c := range cases {
			form := ayuntamientoForm(t)
			for k, v := range c.set {
				form.Set(k, v)
			}
			res := dip.Post("/entidades", form)
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d", c.name, res.Status)
				continue
			}
			if text := apptest.Text(res.Body); !strings.Contains(text, c.want) || !strings.Contains(text, "Hay un problema") {
				t.Errorf("%s: %q not in\n%.1500s", c.name, c.want, text)
			}
		}
		if after := written(t, env); after != before {
			t.Fatalf("refused forms wrote: %v → %v", before, after)
		}
		// Duplicate DIR3 of a mancomunidad.
		res := dip.Post("/entidades", url.Values{"tipo": {"mancomunidad"}, "nombre": {"Otra"}, "dir3": {apptest.Dir3Caceres},
			"nif": {localNIF(t, "1000001")}})
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "Ya existe una entidad con el código DIR3 "+apptest.Dir3Caceres)
		if after := written(t, env); after != before {
			t.Fatalf("duplicate DIR3 wrote: %v → %v", before, after)
		}
	})
}

func TestEntityAdminEditsContactOnly(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		ccID := env.EntityID(t, apptest.Dir3Caceres)
		plID := env.EntityID(t, apptest.Dir3Plasencia)
		name := env.String(t, `SELECT name FROM entities WHERE id = $1`, ccID)
		nif := env.String(t, `SELECT COALESCE(nif, '') FROM entities WHERE id = $1`, ccID)

		form := cc.Get("/entidades/" + ccID + "/editar")
		apptest.Expect(t, form, http.StatusOK, "Cambiar los datos de contacto", `name="telefono"`)
		for _, hidden := range []string{`name="nombre"`, `name="nif"`, `name="poblacion"`, `name="dir3"`, `name="notas"`} {
			if strings.Contains(form.Body, hidden) {
				t.Fatalf("the contact form offers %s", hidden)
			}
		}
		res := cc.Post("/entidades/"+ccID, url.Values{"telefono": {"927 25 50 00"}, "email": {"alcaldia@ayto-caceres.es"},
			"direccion": {"Plaza Mayor, 1"}, "codigo_postal": {"10003"}, "localidad": {"Cáceres"},
			"alcalde": {"Nombre Ficticio"}, "cargo": {"Alcalde"},
			"nombre": {"Ciudad Usurpada"}, "nif": {localNIF(t, "9999999")}, "poblacion": {"1"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("contact edit: %d\n%s", res.Status, apptest.Text(res.Body))
		}
		var gotName, gotPhone, gotNIF string
		var pop int64
		env.DB.QueryRow(`SELECT name, phone, COALESCE(nif, ''), population FROM entities WHERE id = $1`, ccID).Scan(&gotName, &gotPhone, &gotNIF, &pop)
		if gotName != name || gotNIF != nif || pop == 1 || gotPhone != "927255000" {
			t.Fatalf("after the contact edit: %q %q %q %d", gotName, gotNIF, gotPhone, pop)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'entidad.modificar' AND object_id = $1`, ccID); n != 1 {
			t.Fatalf("%d audit rows", n)
		}
		after := env.String(t, `SELECT after_json FROM audit_log WHERE action = 'entidad.modificar' AND object_id = $1`, ccID)
		if !strings.Contains(after, "927255000") {
			t.Fatalf("audit after: %s", after)
		}
		apptest.Expect(t, cc.Get("/entidades/"+ccID), http.StatusOK, "927255000", "Nombre Ficticio", "Historial de cambios", "Cambio de datos")
		apptest.Expect(t, cc.Post("/entidades/"+ccID, url.Values{"email": {"no-es-correo"}}), http.StatusUnprocessableEntity,
			"La dirección de correo electrónico no es válida.")

		// Plasencia is another entity: not found, and untouched.
		apptest.Expect(t, cc.Get("/entidades/"+plID), http.StatusNotFound)
		apptest.Expect(t, cc.Get("/entidades/"+plID+"/editar"), http.StatusNotFound)
		apptest.Expect(t, cc.Post("/entidades/"+plID, url.Values{"telefono": {"927000000"}}), http.StatusNotFound)
		if got := env.String(t, `SELECT phone FROM entities WHERE id = $1`, plID); got == "927000000" {
			t.Fatal("Cáceres changed Plasencia")
		}
		list := cc.Get("/entidades")
		apptest.Expect(t, list, http.StatusOK, `href="/entidades/`+ccID+`"`)
		if strings.Contains(list.Body, plID) {
			t.Fatal("Cáceres' list shows Plasencia")
		}

		// The Diputación administrator changes the registry data.
		dip := env.Login(t, apptest.DipAdmin)
		apptest.Expect(t, dip.Get("/entidades/"+ccID+"/editar"), http.StatusOK, `name="nombre"`, `name="nif"`)
		vals := url.Values{"nombre": {name}, "nif": {localNIF(t, "1003700")}, "poblacion": {"96651"}, "anio_poblacion": {"2025"},
			"telefono": {"927255000"}, "notas": {"Nota de prueba"}, "codigo_ine": {"99999"}, "tipo": {"elm"}}
		apptest.Expect(t, dip.Post("/entidades/"+ccID, vals), http.StatusSeeOther)
		var kind, ine string
		env.DB.QueryRow(`SELECT kind, ine_code FROM entities WHERE id = $1`, ccID).Scan(&kind, &ine)
		if kind != "ayuntamiento" || ine != "10037" {
			t.Fatalf("kind or INE changed: %s %s", kind, ine)
		}
		apptest.Expect(t, dip.Get("/entidades/"+ccID), http.StatusOK, "Nota de prueba")
	})
}

func TestOperatorScope(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		op := env.Login(t, apptest.Operador)
		manc := sierraDeGata(t, env)
		mem := member(t, env, manc)
		memName := env.String(t, `SELECT name FROM entities WHERE id = $1`, mem)
		apptest.Expect(t, op.Get("/entidades/"+mem), http.StatusOK, memName)
		apptest.Expect(t, op.Get("/entidades/"+manc), http.StatusOK, "Entidades miembro", memName)
		apptest.Expect(t, op.Get("/entidades/"+env.EntityID(t, apptest.Dir3Caceres)), http.StatusNotFound)
		apptest.Expect(t, op.Get("/entidades/"+mem+"/editar"), http.StatusForbidden)

		visible := env.Count(t, `SELECT COUNT(*) FROM entities WHERE active = $2 AND (
			id IN (SELECT entity_id FROM memberships WHERE user_id = $1) OR
			id IN (SELECT mm.member_id FROM mancomunidad_members mm JOIN memberships m ON m.entity_id = mm.mancomunidad_id
				WHERE m.user_id = $1 AND m.role = 'operador'))`, env.UserID(t, apptest.Operador), true)
		res := op.Get("/entidades")
		apptest.Expect(t, res, http.StatusOK, strconv.Itoa(visible)+" entidades")
		if strings.Contains(res.Body, env.EntityID(t, apptest.Dir3Caceres)) {
			t.Fatal("the operator's list shows Cáceres")
		}
		// The menu entry is for Diputación staff and operators.
		if !strings.Contains(res.Body, `<li><a href="/entidades"`) {
			t.Fatal("no menu entry for the operator")
		}
		if strings.Contains(env.Login(t, apptest.Abadia).Get("/entidades").Body, `<li><a href="/entidades"`) {
			t.Fatal("menu entry shown to an entity user")
		}
	})
}

func TestMembersAndDeactivation(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		dip := env.Login(t, apptest.DipAdmin)
		manc := sierraDeGata(t, env)
		plID := env.EntityID(t, apptest.Dir3Plasencia)
		apptest.Expect(t, dip.Post("/entidades/"+manc+"/miembros", url.Values{"miembro": {plID}}), http.StatusSeeOther)
		if n := env.Count(t, `SELECT COUNT(*) FROM mancomunidad_members WHERE mancomunidad_id = $1 AND member_id = $2`, manc, plID); n != 1 {
			t.Fatal("member not added")
		}
		apptest.Expect(t, dip.Post("/entidades/"+manc+"/miembros", url.Values{"miembro": {plID}}), http.StatusUnprocessableEntity, "ya es miembro")
		apptest.Expect(t, dip.Post("/entidades/"+manc+"/miembros", url.Values{"miembro": {manc}}), http.StatusUnprocessableEntity, "Elija un ayuntamiento")
		apptest.Expect(t, dip.Get("/entidades/"+plID), http.StatusOK, "Mancomunidades de las que es miembro")
		// The operator now reaches Plasencia.
		op := env.Login(t, apptest.Operador)
		apptest.Expect(t, op.Get("/entidades/"+plID), http.StatusOK)
		apptest.Expect(t, dip.Post("/entidades/"+manc+"/miembros/"+plID+"/quitar", nil), http.StatusSeeOther)
		apptest.Expect(t, op.Get("/entidades/"+plID), http.StatusNotFound)
		apptest.Expect(t, dip.Post("/entidades/"+manc+"/miembros/"+plID+"/quitar", nil), http.StatusNotFound)
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE entity_id = $1 AND action IN ('entidad.miembro.alta', 'entidad.miembro.baja')`, manc); n != 2 {
			t.Fatalf("%d membership audit rows", n)
		}

		// A mancomunidad loaded without NIF can still be edited; a NIF is never removed.
		if nif := env.String(t, `SELECT COALESCE(nif, '') FROM entities WHERE id = $1`, manc); nif == "" {
			name := env.String(t, `SELECT name FROM entities WHERE id = $1`, manc)
			apptest.Expect(t, dip.Post("/entidades/"+manc, url.Values{"nombre": {name}, "telefono": {"927 11 22 33"}}), http.StatusSeeOther)
			if got := env.String(t, `SELECT phone FROM entities WHERE id = $1`, manc); got != "927112233" {
				t.Fatalf("mancomunidad phone %q", got)
			}
		}
		plName := env.String(t, `SELECT name FROM entities WHERE id = $1`, plID)
		apptest.Expect(t, dip.Post("/entidades/"+plID, url.Values{"nombre": {plName}, "nif": {""}}), http.StatusUnprocessableEntity,
			"Escriba el NIF de la entidad")

		// Deactivation hides the entity from the default list.
		apptest.Expect(t, dip.Post("/entidades/"+plID+"/baja", nil), http.StatusSeeOther)
		apptest.Expect(t, dip.Get("/entidades/"+plID), http.StatusOK, "De baja", "Volver a dar de alta")
		if strings.Contains(dip.Get("/entidades?q=plasencia").Body, plID) {
			t.Fatal("a deactivated entity is listed by default")
		}
		apptest.Expect(t, dip.Get("/entidades?q=plasencia&estado=bajas"), http.StatusOK, plID, "De baja")
		apptest.Expect(t, dip.Post("/entidades/"+plID+"/baja", nil), http.StatusConflict, "ya está de baja")
		apptest.Expect(t, dip.Post("/entidades/"+plID+"/alta", nil), http.StatusSeeOther)
		apptest.Expect(t, dip.Get("/entidades?q=plasencia"), http.StatusOK, plID)
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE object_id = $1 AND action IN ('entidad.baja', 'entidad.alta')`, plID); n != 2 {
			t.Fatalf("%d activation audit rows", n)
		}
	})
}
