package adhesions_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/core/adhesions"
	"concejo/internal/platform/access"
)

func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clients := env.Clients(t)
		pl := clients[apptest.Plasencia]
		plID := env.EntityID(t, apptest.Dir3Plasencia)
		code := requestable(t, env, pl, plID)
		// Plasencia's pending request (solicitada) and a signed one (firmada).
		pending := requestAdhesion(t, pl, code)
		code2 := requestable(t, env, pl, plID)
		signedID := requestAdhesion(t, pl, code2)
		doc := pl.Get("/adhesiones/" + signedID + "/documento.pdf")
		if res := upload(t, pl, "/adhesiones/"+signedID+"/firmado", signPDF(t, env, []byte(doc.Body))); res.Status != http.StatusSeeOther {
			t.Fatalf("upload: %d", res.Status)
		}
		csv := csvOf(t, env, pending)
		P := "/adhesiones/" + pending
		S := "/adhesiones/" + signedID
		ok := http.StatusOK
		seeOther, forbidden, notFound, conflict, unauth := http.StatusSeeOther, http.StatusForbidden, http.StatusNotFound,
			http.StatusConflict, http.StatusUnauthorized
		staffSee := map[string]int{apptest.Anon: seeOther, apptest.DipAdmin: ok, apptest.Tecnico: ok, apptest.Plasencia: ok}

		cases := []apptest.AuthzCase{
			{Method: "GET", Pattern: "/servicios", Perm: adhesions.PermCatalogue, Path: "/servicios", Want: map[string]int{apptest.Anon: seeOther}, Def: ok},
			{Method: "GET", Pattern: "/servicios/{code}", Perm: adhesions.PermCatalogue, Path: "/servicios/" + code,
				Want: map[string]int{apptest.Anon: seeOther}, Def: ok},
			{Method: "GET", Pattern: "/servicios/{code}", Perm: adhesions.PermCatalogue, Path: "/servicios/no-existe",
				Want: map[string]int{apptest.Anon: seeOther}, Def: notFound},
			{Method: "POST", Pattern: "/servicios/{code}/condiciones", Perm: adhesions.PermConfigure, Path: "/servicios/" + code + "/condiciones", Form: url.Values{"texto": {""}},
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: http.StatusUnprocessableEntity}, Def: forbidden},
			{Method: "POST", Pattern: "/servicios/{code}/requisitos", Perm: adhesions.PermConfigure, Path: "/servicios/" + code + "/requisitos", Form: url.Values{},
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: http.StatusUnprocessableEntity}, Def: forbidden},
			{Method: "GET", Pattern: "/adhesiones", Perm: adhesions.PermRead, Path: "/adhesiones", Want: map[string]int{apptest.Anon: seeOther}, Def: ok},
			{Method: "GET", Pattern: "/adhesiones", Perm: adhesions.PermRead, Path: "/adhesiones?entidad=" + plID,
				Want: map[string]int{apptest.Anon: seeOther, apptest.DipAdmin: ok, apptest.Tecnico: ok, apptest.Plasencia: ok}, Def: notFound},
			{Method: "GET", Pattern: "/adhesiones.csv", Perm: adhesions.PermRead, Path: "/adhesiones.csv", Want: map[string]int{apptest.Anon: seeOther}, Def: ok},
			{Method: "GET", Pattern: "/adhesiones.csv", Perm: adhesions.PermRead, Path: "/adhesiones.csv?entidad=" + plID, Want: staffSee, Def: notFound},
			{Method: "GET", Pattern: "/adhesiones/nueva", Perm: adhesions.PermRequest, Path: "/adhesiones/nueva?servicio=" + code,
				Want: map[string]int{apptest.Anon: seeOther, apptest.Plasencia: conflict, apptest.Tecnico: forbidden, apptest.Operador: forbidden}, Def: apptest.Skip},
			{Method: "POST", Pattern: "/adhesiones", Perm: adhesions.PermRequest, Path: "/adhesiones", Form: url.Values{"servicio": {code}},
				Want: map[string]int{apptest.Anon: unauth, apptest.Plasencia: conflict, apptest.Tecnico: forbidden, apptest.Operador: forbidden}, Def: apptest.Skip},
			{Method: "GET", Pattern: "/adhesiones/{id}", Perm: adhesions.PermRead, Path: P, Want: staffSee, Def: notFound},
			{Method: "GET", Pattern: "/adhesiones/{id}", Perm: adhesions.PermRead, Path: "/adhesiones/00000000000000000000000000",
				Want: map[string]int{apptest.Anon: seeOther}, Def: notFound},
			{Method: "GET", Pattern: "/adhesiones/{id}/documento.pdf", Perm: adhesions.PermRead, Path: P + "/documento.pdf", Want: staffSee, Def: notFound},
			{Method: "GET", Pattern: "/adhesiones/{id}/firmado.pdf", Perm: adhesions.PermRead, Path: S + "/firmado.pdf", Want: staffSee, Def: notFound},
			{Method: "GET", Pattern: "/adhesiones/{id}/firmado.pdf", Perm: adhesions.PermRead, Path: P + "/firmado.pdf",
				Want: map[string]int{apptest.Anon: seeOther}, Def: notFound},
			{Method: "POST", Pattern: "/adhesiones/{id}/firmado", Perm: adhesions.PermRead, Path: P + "/firmado", Form: url.Values{},
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: http.StatusUnprocessableEntity, apptest.Tecnico: forbidden,
					apptest.Plasencia: http.StatusUnprocessableEntity}, Def: notFound},
			{Method: "POST", Pattern: "/adhesiones/{id}/aprobar", Perm: adhesions.PermRead, Path: P + "/aprobar",
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: conflict, apptest.Tecnico: forbidden, apptest.Plasencia: forbidden}, Def: notFound},
			{Method: "POST", Pattern: "/adhesiones/{id}/rechazar", Perm: adhesions.PermRead, Path: S + "/rechazar", Form: url.Values{},
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: http.StatusUnprocessableEntity, apptest.Tecnico: forbidden, apptest.Plasencia: forbidden}, Def: notFound},
			{Method: "POST", Pattern: "/adhesiones/{id}/finalizar", Perm: adhesions.PermRead, Path: P + "/finalizar", Form: url.Values{"motivo_fin": {"x"}},
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: conflict, apptest.Tecnico: forbidden, apptest.Plasencia: conflict}, Def: notFound},
			{Method: "POST", Pattern: "/adhesiones/{id}/anular", Perm: adhesions.PermRead, Path: S + "/anular", Form: url.Values{},
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: forbidden, apptest.Tecnico: forbidden, apptest.Plasencia: conflict}, Def: notFound},
			{Method: "POST", Pattern: "/adhesiones/{id}/anular", Perm: adhesions.PermRead, Path: P + "/anular", Form: url.Values{},
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: forbidden, apptest.Tecnico: forbidden, apptest.Plasencia: apptest.Skip}, Def: notFound},
			{Method: "GET", Pattern: "/verificar", Perm: access.Public, Path: "/verificar", Def: ok},
			{Method: "GET", Pattern: "/verificar", Perm: access.Public, Path: "/verificar?csv=" + csv, Def: ok},
			{Method: "GET", Pattern: "/verificar/{csv}/documento", Perm: access.Public, Path: "/verificar/" + csv + "/documento", Def: ok},
			{Method: "GET", Pattern: "/verificar/firma", Perm: access.Public, Path: "/verificar/firma", Def: ok},
			{Method: "POST", Pattern: "/verificar/firma", Perm: access.Public, Path: "/verificar/firma", Form: url.Values{},
				Def: http.StatusUnprocessableEntity},
		}
		apptest.CheckAuthz(t, clients, cases)
		// Plasencia's own annulment is the last step: it works.
		if s := state(t, env, pending); s != "solicitada" {
			t.Fatalf("a refused request changed the adhesion: %s", s)
		}
		if res := pl.Post(P+"/anular", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("own annulment: %d", res.Status)
		}
		mine := func(p string) bool {
			return strings.HasPrefix(p, "/servicios") || strings.HasPrefix(p, "/adhesiones") || strings.HasPrefix(p, "/verificar")
		}
		for _, r := range env.CheckRoutes(t, cases, mine) {
			if r.Perm == access.Public && !strings.HasPrefix(r.Pattern, "/verificar") {
				t.Errorf("route %s %s is public", r.Method, r.Pattern)
			}
		}
	})
}

func TestTenancy(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		ccID := env.EntityID(t, apptest.Dir3Caceres)
		// Cáceres cannot approve its own request.
		if code := requestable(t, env, cc, ccID); code != "" {
			own := requestAdhesion(t, cc, code)
			apptest.Expect(t, cc.Post("/adhesiones/"+own+"/aprobar", nil), http.StatusForbidden)
			apptest.Expect(t, cc.Get("/adhesiones"), http.StatusOK, "Cáceres")
		}
		// Cáceres does not see Plasencia's adhesions in its list or export.
		pl := env.Login(t, apptest.Plasencia)
		plCode := requestable(t, env, pl, env.EntityID(t, apptest.Dir3Plasencia))
		plID := requestAdhesion(t, pl, plCode)
		var number string
		env.DB.QueryRow(`SELECT number FROM adhesions WHERE id = $1`, plID).Scan(&number)
		if body := cc.Get("/adhesiones?pagina=1").Body + cc.Get("/adhesiones.csv").Body; strings.Contains(body, number) {
			t.Fatalf("Cáceres sees Plasencia's %s", number)
		}
		csv := cc.Get("/adhesiones.csv")
		if csv.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(csv.Body, "Número;Entidad") {
			t.Fatalf("csv: %s %.100q", csv.Header.Get("Content-Type"), csv.Body)
		}
		// Diputación staff see every entity, filter by kind and text.
		dip := env.Login(t, apptest.Tecnico)
		apptest.Expect(t, dip.Get("/adhesiones?q=plasen&servicio="+plCode), http.StatusOK, number)
		if strings.Contains(dip.Get("/adhesiones?tipo=elm&servicio="+plCode).Body, number) {
			t.Fatal("kind filter let an ayuntamiento through")
		}
		apptest.Expect(t, dip.Get("/adhesiones.csv?q=plasencia"), http.StatusOK, number)

		// Abadía's secretary sees Abadía's adhesions.
		ab := env.Login(t, apptest.Abadia)
		abID := env.EntityID(t, apptest.Dir3Abadia)
		switchTo(t, ab, abID)
		var abNumber string
		env.DB.QueryRow(`SELECT number FROM adhesions WHERE entity_id = $1 ORDER BY number LIMIT 1`, abID).Scan(&abNumber)
		if abNumber == "" {
			abNumber = "ADH-"
			requestAdhesion(t, ab, "gestiona")
		}
		apptest.Expect(t, ab.Get("/adhesiones"), http.StatusOK, abNumber)

		// The Sierra de Gata operator reaches its members only.
		op := env.Login(t, apptest.Operador)
		var member string
		env.DB.QueryRow(`SELECT mm.member_id FROM mancomunidad_members mm JOIN entities m ON m.id = mm.mancomunidad_id
			WHERE m.name LIKE '%Sierra de Gata%' ORDER BY mm.member_id LIMIT 1`).Scan(&member)
		if member == "" {
			t.Fatal("no member of Sierra de Gata in the demo")
		}
		apptest.Expect(t, op.Get("/adhesiones?entidad="+member), http.StatusOK)
		apptest.Expect(t, op.Get("/adhesiones?entidad="+env.EntityID(t, apptest.Dir3Plasencia)), http.StatusNotFound)
		apptest.Expect(t, op.Get("/adhesiones/"+plID), http.StatusNotFound)
	})
}
