package territory_test

import (
	"net/http"
	"net/url"
	"testing"

	"concejo/internal/app/apptest"
)

func TestCallejeroScreens(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.EntityID(t, apptest.Dir3Caceres)
		c := env.Login(t, apptest.Caceres)
		apptest.Expect(t, c.Get("/callejero"), http.StatusOK, "Callejero del Ayuntamiento de Cáceres", "Valdesalor", "Dar de alta un núcleo")
		apptest.Expect(t, c.Get("/callejero/vias"), http.StatusOK, "Plaza de España", "Descargar la lista en CSV")
		apptest.Expect(t, c.Get("/callejero/vias?q=ESPANA+plaza"), http.StatusOK, "Plaza de España")
		res := c.Get("/callejero/vias.csv")
		apptest.Expect(t, res, http.StatusOK, "Código INE;Tipo")

		// A new street gets the next free code; a dated rename keeps the old name.
		res = c.Post("/callejero/vias", url.Values{"tipo": {"CALLE"}, "nombre": {"del Pilar"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("create street: %d %s", res.Status, apptest.Text(res.Body))
		}
		street := res.Location
		apptest.Expect(t, c.Get(street), http.StatusOK, "Calle del Pilar", "Añadir un número")
		apptest.Expect(t, c.Post(street+"/renombrar", url.Values{"nuevo_tipo": {"AVDA"}, "nuevo_nombre": {"del Pilar"},
			"efecto": {"01/01/2001"}, "motivo": {"Pleno"}}), http.StatusUnprocessableEntity, "posterior")
		res = c.Post(street+"/renombrar", url.Values{"nuevo_tipo": {"AVDA"}, "nuevo_nombre": {"de Nuestra Señora del Pilar"},
			"efecto": {"01/01/2099"}, "motivo": {"Acuerdo del Pleno"}})
		apptest.Expect(t, res, http.StatusSeeOther)
		apptest.Expect(t, c.Get(street), http.StatusOK, "Avenida de Nuestra Señora del Pilar", "Calle del Pilar", "Acuerdo del Pleno")
		if n := env.Count(t, `SELECT COUNT(*) FROM street_names WHERE entity_id = $1 AND name = 'del Pilar'`, cc); n != 1 {
			t.Errorf("old name rows: %d", n)
		}

		// An address with a bad cadastral reference is refused; a good one is kept.
		nucleus := env.String(t, `SELECT id FROM nuclei WHERE entity_id = $1 AND ine_code = '000101'`, cc)
		section := env.String(t, `SELECT id FROM census_sections WHERE entity_id = $1 ORDER BY district, section LIMIT 1`, cc)
		form := url.Values{"numero": {"7"}, "nucleo": {nucleus}, "seccion_censal": {section}, "codigo_postal": {"10001"},
			"ref_catastral": {"9872023VH5797S0001WQ"}, "latitud": {"39,47"}, "longitud": {"-6.37"}}
		apptest.Expect(t, c.Post(street+"/portales", form), http.StatusUnprocessableEntity, "letras de control deberían ser WX")
		form.Set("ref_catastral", "9872023VH5797S0001WX")
		res = c.Post(street+"/portales", form)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("create address: %d %s", res.Status, apptest.Text(res.Body))
		}
		portal := res.Location
		apptest.Expect(t, c.Post(street+"/portales", form), http.StatusUnprocessableEntity, "ya tiene ese número")
		apptest.Expect(t, c.Post(portal+"/viviendas", url.Values{"planta": {"2"}, "puerta": {"a"}, "clase": {"vivienda"}}), http.StatusSeeOther)
		apptest.Expect(t, c.Get(portal), http.StatusOK, "Avenida de Nuestra Señora del Pilar, 7", "9872023VH5797S0001WX", "39.470000, -6.370000")
		apptest.Expect(t, c.Get("/callejero/viviendas?q=senora+pilar+7"), http.StatusOK, "Avenida de Nuestra Señora del Pilar, 7, 2.º A")
		if n := env.Count(t, `SELECT COUNT(*) FROM street_sections WHERE entity_id = $1 AND section_id = $2`, cc, section); n == 0 {
			t.Error("the street does not cross the section of its new address")
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE entity_id = $1 AND action LIKE 'callejero.%'`, cc); n != 4 {
			t.Errorf("audit rows: %d, want 4", n)
		}

		// Validation of the other forms.
		apptest.Expect(t, c.Post("/callejero/nucleos", url.Values{"nucleo_codigo": {"12"}, "nucleo_tipo": {"nucleo"}}),
			http.StatusUnprocessableEntity, "6 dígitos", "Escriba el nombre del núcleo")
		apptest.Expect(t, c.Post("/callejero/nucleos", url.Values{"nucleo_codigo": {"000101"}, "nucleo_nombre": {"X"}, "nucleo_tipo": {"nucleo"}}),
			http.StatusUnprocessableEntity, "Ya hay un núcleo")
		apptest.Expect(t, c.Post("/callejero/secciones", url.Values{"distrito": {"9"}, "seccion": {"1"}}), http.StatusSeeOther)
		apptest.Expect(t, c.Post("/callejero/secciones", url.Values{"distrito": {"09"}, "seccion": {"001"}}), http.StatusUnprocessableEntity, "Ya existe la sección 09-001")
		apptest.Expect(t, c.Post("/callejero/vias", url.Values{"tipo": {"XX"}, "codigo": {"abc"}}), http.StatusUnprocessableEntity,
			"Elija el tipo de vía", "Escriba el nombre de la vía", "5 dígitos")
	})
}
