package adhesions_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/web"
)

// Users of the authorization table.
const (
	anon      = "anónimo"
	dipAdmin  = "admin@dipcaceres.es"
	tecnico   = "tecnico@dipcaceres.es"
	caceres   = "admin@caceres.es"
	plasencia = "admin@plasencia.es"
	abadia    = "secretaria@abadia.es"
	operador  = "operador@sierradegata.es"
)

var everyone = []string{anon, dipAdmin, tecnico, caceres, plasencia, abadia, operador}

// authzCase is one route checked for every user.
type authzCase struct {
	method, pattern, path string
	form                  url.Values
	want                  map[string]int // user → status; missing users expect def
	def                   int
}

func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clients := map[string]*apptest.Client{anon: env.Anonymous(t)}
		for _, u := range everyone[1:] {
			clients[u] = env.Login(t, u)
		}
		pl := clients[plasencia]
		plID := env.EntityID(t, "L01101480")
		code := requestable(t, env, pl, plID)
		// Plasencia's pending request (solicitada) and a signed one (firmada).
		pending := requestAdhesion(t, pl, code)
		code2 := requestable(t, env, pl, plID)
		signedID := requestAdhesion(t, pl, code2)
		doc := pl.Get("/adhesiones/" + signedID + "/documento.pdf")
		if res := upload(t, pl, "/adhesiones/"+signedID+"/firmado", signPDF(t, []byte(doc.Body))); res.Status != http.StatusSeeOther {
			t.Fatalf("upload: %d", res.Status)
		}
		csv := csvOf(t, env, pending)
		P := "/adhesiones/" + pending
		S := "/adhesiones/" + signedID
		ok := http.StatusOK
		seeOther, forbidden, notFound, conflict, unauth := http.StatusSeeOther, http.StatusForbidden, http.StatusNotFound,
			http.StatusConflict, http.StatusUnauthorized
		staffSee := map[string]int{anon: seeOther, dipAdmin: ok, tecnico: ok, plasencia: ok}

		cases := []authzCase{
			{"GET", "/servicios", "/servicios", nil, map[string]int{anon: seeOther}, ok},
			{"GET", "/servicios/{code}", "/servicios/" + code, nil, map[string]int{anon: seeOther}, ok},
			{"GET", "/servicios/{code}", "/servicios/no-existe", nil, map[string]int{anon: seeOther}, notFound},
			{"POST", "/servicios/{code}/condiciones", "/servicios/" + code + "/condiciones", url.Values{"texto": {""}},
				map[string]int{anon: unauth, dipAdmin: http.StatusUnprocessableEntity}, forbidden},
			{"POST", "/servicios/{code}/requisitos", "/servicios/" + code + "/requisitos", url.Values{},
				map[string]int{anon: unauth, dipAdmin: http.StatusUnprocessableEntity}, forbidden},
			{"GET", "/adhesiones", "/adhesiones", nil, map[string]int{anon: seeOther}, ok},
			{"GET", "/adhesiones", "/adhesiones?entidad=" + plID, nil, map[string]int{anon: seeOther, dipAdmin: ok, tecnico: ok, plasencia: ok}, notFound},
			{"GET", "/adhesiones.csv", "/adhesiones.csv", nil, map[string]int{anon: seeOther}, ok},
			{"GET", "/adhesiones.csv", "/adhesiones.csv?entidad=" + plID, nil, staffSee, notFound},
			{"GET", "/adhesiones/nueva", "/adhesiones/nueva?servicio=" + code, nil,
				map[string]int{anon: seeOther, plasencia: conflict, tecnico: forbidden, operador: forbidden}, -1},
			{"POST", "/adhesiones", "/adhesiones", url.Values{"servicio": {code}},
				map[string]int{anon: unauth, plasencia: conflict, tecnico: forbidden, operador: forbidden}, -1},
			{"GET", "/adhesiones/{id}", P, nil, staffSee, notFound},
			{"GET", "/adhesiones/{id}", "/adhesiones/00000000000000000000000000", nil, map[string]int{anon: seeOther}, notFound},
			{"GET", "/adhesiones/{id}/documento.pdf", P + "/documento.pdf", nil, staffSee, notFound},
			{"GET", "/adhesiones/{id}/firmado.pdf", S + "/firmado.pdf", nil, staffSee, notFound},
			{"GET", "/adhesiones/{id}/firmado.pdf", P + "/firmado.pdf", nil, map[string]int{anon: seeOther}, notFound},
			{"POST", "/adhesiones/{id}/firmado", P + "/firmado", url.Values{},
				map[string]int{anon: unauth, dipAdmin: http.StatusUnprocessableEntity, tecnico: forbidden,
					plasencia: http.StatusUnprocessableEntity}, notFound},
			{"POST", "/adhesiones/{id}/aprobar", P + "/aprobar", nil,
				map[string]int{anon: unauth, dipAdmin: conflict, tecnico: forbidden, plasencia: forbidden}, notFound},
			{"POST", "/adhesiones/{id}/rechazar", S + "/rechazar", url.Values{},
				map[string]int{anon: unauth, dipAdmin: http.StatusUnprocessableEntity, tecnico: forbidden, plasencia: forbidden}, notFound},
			{"POST", "/adhesiones/{id}/finalizar", P + "/finalizar", url.Values{"motivo_fin": {"x"}},
				map[string]int{anon: unauth, dipAdmin: conflict, tecnico: forbidden, plasencia: conflict}, notFound},
			{"POST", "/adhesiones/{id}/anular", S + "/anular", url.Values{},
				map[string]int{anon: unauth, dipAdmin: forbidden, tecnico: forbidden, plasencia: conflict}, notFound},
			{"POST", "/adhesiones/{id}/anular", P + "/anular", url.Values{},
				map[string]int{anon: unauth, dipAdmin: forbidden, tecnico: forbidden, plasencia: -1}, notFound},
			{"GET", "/verificar", "/verificar", nil, nil, ok},
			{"GET", "/verificar", "/verificar?csv=" + csv, nil, nil, ok},
			{"GET", "/verificar/{csv}/documento.pdf", "/verificar/" + csv + "/documento.pdf", nil, nil, ok},
		}
		covered := map[string]bool{}
		for _, c := range cases {
			covered[c.method+" "+c.pattern] = true
			for _, u := range everyone {
				want, ok := c.want[u]
				if !ok {
					want = c.def
				}
				if want < 0 {
					continue
				}
				var res apptest.Response
				if c.method == "GET" {
					res = clients[u].Get(c.path)
				} else {
					res = clients[u].Post(c.path, c.form)
				}
				if res.Status != want {
					t.Errorf("%s %s as %s: %d, want %d\n%.300s", c.method, c.path, u, res.Status, want, apptest.Text(res.Body))
				}
			}
		}
		// Plasencia's own annulment is the last step: it works.
		if s := state(t, env, pending); s != "solicitada" {
			t.Fatalf("a refused request changed the adhesion: %s", s)
		}
		if res := pl.Post(P+"/anular", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("own annulment: %d", res.Status)
		}
		for _, r := range env.App.Kit.Router.Routes() {
			mine := strings.HasPrefix(r.Pattern, "/servicios") || strings.HasPrefix(r.Pattern, "/adhesiones") ||
				strings.HasPrefix(r.Pattern, "/verificar")
			if mine && !covered[r.Method+" "+r.Pattern] {
				t.Errorf("route %s %s is not in the authorization table", r.Method, r.Pattern)
			}
			if mine && r.Access == web.Public && !strings.HasPrefix(r.Pattern, "/verificar") {
				t.Errorf("route %s %s is public", r.Method, r.Pattern)
			}
		}
	})
}

func TestTenancy(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, caceres)
		ccID := env.EntityID(t, "L01100377")
		// Cáceres cannot approve its own request.
		if code := requestable(t, env, cc, ccID); code != "" {
			own := requestAdhesion(t, cc, code)
			contains(t, cc.Post("/adhesiones/"+own+"/aprobar", nil), http.StatusForbidden)
			contains(t, cc.Get("/adhesiones"), http.StatusOK, "Cáceres")
		}
		// Cáceres does not see Plasencia's adhesions in its list or export.
		pl := env.Login(t, plasencia)
		plCode := requestable(t, env, pl, env.EntityID(t, "L01101480"))
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
		dip := env.Login(t, tecnico)
		contains(t, dip.Get("/adhesiones?q=plasen&servicio="+plCode), http.StatusOK, number)
		if strings.Contains(dip.Get("/adhesiones?tipo=elm&servicio="+plCode).Body, number) {
			t.Fatal("kind filter let an ayuntamiento through")
		}
		contains(t, dip.Get("/adhesiones.csv?q=plasencia"), http.StatusOK, number)

		// Abadía's secretary sees Abadía's adhesions.
		ab := env.Login(t, abadia)
		abID := env.EntityID(t, "L01100015")
		switchTo(t, ab, abID)
		var abNumber string
		env.DB.QueryRow(`SELECT number FROM adhesions WHERE entity_id = $1 ORDER BY number LIMIT 1`, abID).Scan(&abNumber)
		if abNumber == "" {
			abNumber = "ADH-"
			requestAdhesion(t, ab, "gestiona")
		}
		contains(t, ab.Get("/adhesiones"), http.StatusOK, abNumber)

		// The Sierra de Gata operator reaches its members only.
		op := env.Login(t, operador)
		var member string
		env.DB.QueryRow(`SELECT mm.member_id FROM mancomunidad_members mm JOIN entities m ON m.id = mm.mancomunidad_id
			WHERE m.name LIKE '%Sierra de Gata%' ORDER BY mm.member_id LIMIT 1`).Scan(&member)
		if member == "" {
			t.Fatal("no member of Sierra de Gata in the demo")
		}
		contains(t, op.Get("/adhesiones?entidad="+member), http.StatusOK)
		contains(t, op.Get("/adhesiones?entidad="+env.EntityID(t, "L01101480")), http.StatusNotFound)
		contains(t, op.Get("/adhesiones/"+plID), http.StatusNotFound)
	})
}
