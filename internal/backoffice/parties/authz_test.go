package parties_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/backoffice/parties"
	"concejo/internal/platform/id"
)

// padronUser adds to entityID a staff member with the padrón role, who
// signs in with the demo password, and returns his e-mail.
func padronUser(t *testing.T, env *apptest.Env, entityID, role, nif string) string {
	return env.NewStaff(t, entityID, "padron", role, nif)
}

func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		clients := env.Clients(t)
		cc := env.EntityID(t, apptest.Dir3Caceres)
		now := time.Now().UTC()
		a := parties.Party{EntityID: cc, ID: id.New(), Kind: parties.KindPerson, DocType: parties.DocNIF, DocNumber: "12345678Z",
			Name: "Ana", Surname1: "Gil", CreatedAt: now, UpdatedAt: now}
		b := a
		b.ID, b.DocNumber, b.DocType = id.New(), "", parties.DocOther
		for _, p := range []parties.Party{a, b} {
			if _, err := parties.Create(ctx, env.DB, p); err != nil {
				t.Fatal(err)
			}
		}
		acct := id.New()
		if _, err := env.DB.ExecContext(ctx, `INSERT INTO party_bank_accounts (entity_id, id, party_id, iban, holder, is_default, created_at)
			VALUES ($1, $2, $3, 'ES9121000418450200051332', 'Ana Gil', TRUE, $4)`, cc, acct, a.ID, now); err != nil {
			t.Fatal(err)
		}
		rep := id.New()
		if _, err := env.DB.ExecContext(ctx, `INSERT INTO party_representatives (entity_id, id, party_id, representative_id, kind, valid_from, created_at)
			VALUES ($1, $2, $3, $4, 'legal', $5, $5)`, cc, rep, a.ID, b.ID, now); err != nil {
			t.Fatal(err)
		}
		q := "?entidad=" + cc
		pa := "/terceros/" + a.ID
		ok, see, forbidden, notFound, unauth, invalid := http.StatusOK, http.StatusSeeOther, http.StatusForbidden,
			http.StatusNotFound, http.StatusUnauthorized, http.StatusUnprocessableEntity
		reads := map[string]int{apptest.Anon: see, apptest.DipAdmin: ok, apptest.Tecnico: ok, apptest.Caceres: ok}
		writes := map[string]int{apptest.Anon: unauth, apptest.DipAdmin: forbidden, apptest.Tecnico: forbidden, apptest.Caceres: invalid}
		formPages := map[string]int{apptest.Anon: see, apptest.DipAdmin: forbidden, apptest.Tecnico: forbidden, apptest.Caceres: ok}
		bad := url.Values{"x": {"1"}}
		cases := []apptest.AuthzCase{
			{Method: "GET", Pattern: "/terceros", Perm: parties.PermOpen, Path: "/terceros", Def: ok, Want: map[string]int{apptest.Anon: see, apptest.Operador: forbidden}},
			{Method: "GET", Pattern: "/terceros", Perm: parties.PermOpen, Path: "/terceros" + q, Def: notFound, Want: reads},
			{Method: "GET", Pattern: "/terceros.csv", Perm: parties.PermOpen, Path: "/terceros.csv" + q, Def: notFound, Want: reads},
			{Method: "GET", Pattern: "/terceros/nuevo", Perm: parties.PermOpen, Path: "/terceros/nuevo" + q, Def: notFound, Want: formPages},
			{Method: "POST", Pattern: "/terceros", Perm: parties.PermOpen, Path: "/terceros" + q, Form: bad, Def: notFound, Want: writes},
			{Method: "GET", Pattern: "/terceros/duplicados", Perm: parties.PermOpen, Path: "/terceros/duplicados" + q, Def: notFound, Want: reads},
			{Method: "GET", Pattern: "/terceros/{id}", Perm: parties.PermOpen, Path: pa + q, Def: notFound, Want: reads},
			{Method: "GET", Pattern: "/terceros/{id}", Perm: parties.PermOpen, Path: pa, Def: notFound,
				Want: map[string]int{apptest.Anon: see, apptest.Caceres: ok, apptest.Operador: forbidden}},
			{Method: "GET", Pattern: "/terceros/{id}/editar", Perm: parties.PermOpen, Path: pa + "/editar" + q, Def: notFound, Want: formPages},
			{Method: "POST", Pattern: "/terceros/{id}", Perm: parties.PermOpen, Path: pa + q, Form: bad, Def: notFound, Want: writes},
			{Method: "GET", Pattern: "/terceros/{id}/domicilio", Perm: parties.PermOpen, Path: pa + "/domicilio" + q, Def: notFound, Want: formPages},
			{Method: "POST", Pattern: "/terceros/{id}/domicilio", Perm: parties.PermOpen, Path: pa + "/domicilio" + q, Form: bad, Def: notFound, Want: writes},
			{Method: "POST", Pattern: "/terceros/{id}/cuentas", Perm: parties.PermOpen, Path: pa + "/cuentas" + q, Form: bad, Def: notFound, Want: writes},
			{Method: "POST", Pattern: "/terceros/{id}/cuentas/{cuenta}/quitar", Perm: parties.PermOpen, Path: pa + "/cuentas/" + id.New() + "/quitar" + q, Def: notFound,
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: forbidden, apptest.Tecnico: forbidden}},
			{Method: "POST", Pattern: "/terceros/{id}/representantes", Perm: parties.PermOpen, Path: pa + "/representantes" + q, Form: bad, Def: notFound, Want: writes},
			{Method: "POST", Pattern: "/terceros/{id}/representantes/{rep}/quitar", Perm: parties.PermOpen, Path: pa + "/representantes/" + id.New() + "/quitar" + q, Def: notFound,
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: forbidden, apptest.Tecnico: forbidden}},
			{Method: "GET", Pattern: "/terceros/{id}/fusionar", Perm: parties.PermOpen, Path: pa + "/fusionar" + q + "&con=" + b.ID, Def: notFound, Want: formPages},
			{Method: "POST", Pattern: "/terceros/{id}/fusionar", Perm: parties.PermOpen, Path: pa + "/fusionar" + q, Form: url.Values{"duplicado": {b.ID}}, Def: notFound, Want: writes},
		}
		apptest.CheckAuthz(t, clients, cases)
		env.CheckRoutes(t, cases, func(p string) bool { return strings.HasPrefix(p, "/terceros") })

		// Someone else's real account and representation: 404 for the other town, removable by Cáceres.
		pl := clients[apptest.Plasencia]
		apptest.Expect(t, pl.Post(pa+"/cuentas/"+acct+"/quitar", nil), notFound)
		apptest.Expect(t, clients[apptest.Caceres].Post(pa+"/cuentas/"+acct+"/quitar", nil), see)
		apptest.Expect(t, clients[apptest.Caceres].Post(pa+"/representantes/"+rep+"/quitar", nil), see)

		// Padrón roles (Plasencia has an active padrón adhesion): consulta
		// reads only; usuario changes; neither reaches Cáceres.
		plID := env.EntityID(t, apptest.Dir3Plasencia)
		c := a
		c.EntityID, c.ID = plID, id.New()
		if _, err := parties.Create(ctx, env.DB, c); err != nil {
			t.Fatal(err)
		}
		consulta := env.Login(t, padronUser(t, env, plID, "consulta", "00000001R"))
		apptest.Expect(t, consulta.Get("/terceros/"+c.ID), ok, "Ana Gil")
		apptest.Expect(t, consulta.Get(pa), notFound)
		apptest.Expect(t, consulta.Post("/terceros", url.Values{"tipo": {"fisica"}}), forbidden)
		usuario := env.Login(t, padronUser(t, env, plID, "usuario", "00000003A"))
		apptest.Expect(t, usuario.Post("/terceros", url.Values{"tipo": {"juridica"}, "tipo_documento": {"CIF"}, "documento": {"B86670460"},
			"nombre": {"Construcciones Gata, S.L."}}), see)
		apptest.Expect(t, usuario.Get("/terceros"+q), notFound)
		apptest.Expect(t, usuario.Post(pa, url.Values{"nombre": {"X"}}), notFound)
	})
}
