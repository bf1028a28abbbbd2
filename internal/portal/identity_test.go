package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/portal"
)

// TestSiteIdentity: each town shows its own name and colour; a colour that
// white text cannot be read on is refused; an editor changes his own
// entity's colour, never another's.
func TestSiteIdentity(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pub := env.Anonymous(t)
		css := func(ine string) string { return pub.Get("/e/" + ine + "/identidad.css").Body }
		if a, p := css(ineAldeanueva), css(inePlasencia); !strings.Contains(a, "--identidad:#1f5e3a") || !strings.Contains(p, "--identidad:#7a1f2b") {
			t.Fatalf("demo colours: %q %q", a, p)
		}
		apptest.Expect(t, pub.Get("/e/"+ineAldeanueva+"/"), http.StatusOK, `href="/e/10015/identidad.css"`)

		grant(t, env, apptest.Abadia, dir3Aldeanueva, portal.RoleEditor)
		c := env.Login(t, apptest.Abadia)
		switchTo(t, env, c, dir3Aldeanueva)
		apptest.Expect(t, c.Get("/portal/sitio"), http.StatusOK, "Color de la cabecera", `value="#1f5e3a"`)
		form := url.Values{"lema": {"Puerta del Valle del Ambroz"}, "color": {"#ffcc00"}}
		apptest.Expect(t, c.Post("/portal/sitio", form), http.StatusUnprocessableEntity, "no contrasta lo bastante", "Pruebe con #")
		form.Set("color", "morado")
		apptest.Expect(t, c.Post("/portal/sitio", form), http.StatusUnprocessableEntity, "formato hexadecimal")
		form.Set("color", "#0B3D91")
		apptest.Expect(t, c.Post("/portal/sitio", form), http.StatusSeeOther)
		if a := css(ineAldeanueva); !strings.Contains(a, "--identidad:#0b3d91") {
			t.Errorf("Aldeanueva's colour after the change: %q", a)
		}
		// Plasencia's administrator changes Plasencia's site only: the form
		// has no entity to choose, and Aldeanueva's colour stays.
		pl := env.Login(t, apptest.Plasencia)
		apptest.Expect(t, pl.Post("/portal/sitio", url.Values{"color": {"#222222"}}), http.StatusSeeOther)
		if a, p := css(ineAldeanueva), css(inePlasencia); !strings.Contains(a, "#0b3d91") || !strings.Contains(p, "--identidad:#222222") {
			t.Errorf("after Plasencia's change: Aldeanueva %q, Plasencia %q", a, p)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM portal_sites WHERE colour = '#222222'`); n != 1 {
			t.Errorf("sites with Plasencia's colour: %d", n)
		}
	})
}

// TestMapsAndSede: the Diputación's portal shows the province with a link
// to each town's portal; a town's home shows its municipality among its
// neighbours, credits the IGN and links to the town's sede electrónica.
func TestMapsAndSede(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pub := env.Anonymous(t)
		dip := pub.Get("/e/L02000010/")
		apptest.Expect(t, dip, http.StatusOK, "Diputación Provincial de Cáceres", `<svg class="mapa-terr"`,
			`<a href="/e/10015/"><title>Aldeanueva del Camino: portal municipal</title>`, `<a href="/e/10148/"><title>Plasencia: portal municipal</title>`,
			"Instituto Geográfico Nacional", "Portales municipales (", "Nuevos servicios de administración electrónica",
			"Pleno ordinario de la Diputación")
		if strings.Contains(dip.Body, `href="/e/10001/"`) {
			t.Error("Abadía has no portal: the province map must not link to it")
		}
		home := pub.Get("/e/" + ineAldeanueva + "/")
		apptest.Expect(t, home, http.StatusOK, `role="img"`, "Término municipal de Aldeanueva del Camino",
			"Municipios vecinos", "Hervás", "Baños de Montemayor", "Límites municipales: © Instituto Geográfico Nacional (IGN)",
			`href="/e/10015/sede"`, "Sede electrónica", "Lugares señalados", "Consultorio médico")
		// The events show at their local time: the demo's Pleno is at 20:00 in Madrid.
		apptest.Expect(t, pub.Get("/e/"+ineAldeanueva+"/agenda"), http.StatusOK, "Pleno ordinario")
		if !strings.Contains(home.Body, " 20:00</span>") {
			t.Error("the Pleno must show at 20:00, Madrid time")
		}
	})
}

// TestStaffLinksToThePublicSite: the editors' pages link to the public
// pages at the site's address (the tablón's link gave 404).
func TestStaffLinksToThePublicSite(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.Plasencia)
		res := c.Get("/portal/tablon")
		apptest.Expect(t, res, http.StatusOK, `href="/e/10148/tablon"`)
		apptest.Expect(t, env.Anonymous(t).Get("/e/10148/tablon"), http.StatusOK, "Tablón de anuncios")
	})
}
