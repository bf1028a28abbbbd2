package census_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
)

func TestEncsarpRenewalAndCaducidadBatch(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		c := env.Login(t, apptest.Plasencia)
		// a non-EU foreigner inscribed 26 months ago (expired) and one 23 months ago (expiring soon)
		old := time.Now().AddDate(0, -26, 0).Format("02/01/2006")
		soon := time.Now().AddDate(0, -23, 0).Format("02/01/2006")
		mk := func(nie, date string, skip int) string {
			f := altaForm(dwelling(t, env, pl, skip), nie)
			f.Set("documento_tipo", "nie")
			f.Set("nacionalidad", "258")
			f.Set("nac_provincia", "66")
			f.Set("nac_municipio", "")
			f.Set("nac_pais", "258")
			f.Set("causa", "AE")
			f.Set("fecha", date)
			f.Set("encsarp", "1")
			res := c.Post("/padron/altas", f)
			apptest.Expect(t, res, http.StatusSeeOther)
			return strings.TrimPrefix(res.Location, "/padron/habitantes/")
		}
		expired, expiring := mk("X1234567L", old, 4), mk("Y1234567X", soon, 5)
		page := c.Get("/padron/encsarp")
		apptest.Expect(t, page, http.StatusOK, "Caducadas", "Núñez de la Peña, Ángela")
		csv := c.Get("/padron/encsarp?formato=csv")
		apptest.Expect(t, csv, http.StatusOK, "X1234567L")
		apptest.Expect(t, c.Post("/padron/encsarp/avisos", url.Values{}), http.StatusSeeOther)
		if env.Count(t, `SELECT COUNT(*) FROM census_inscriptions WHERE id = $1 AND renewal_warned_at IS NOT NULL`, expiring) != 1 {
			t.Fatal("warning not recorded")
		}
		// the expired one cannot be renewed any more; a Spaniard is not subject
		apptest.Expect(t, c.Post("/padron/habitantes/"+expired+"/renovacion", url.Values{"fecha": {time.Now().Format("02/01/2006")},
			"documento_acreditativo": {"Pasaporte"}}), http.StatusUnprocessableEntity, "ya no se renueva")
		// the batch runs in the background with progress and gives the expired one de baja
		res := c.Post("/padron/encsarp/caducidad", url.Values{})
		apptest.Expect(t, res, http.StatusSeeOther)
		if !strings.HasPrefix(res.Location, "/trabajos/") {
			t.Fatalf("location %s", res.Location)
		}
		jobID := strings.TrimPrefix(res.Location, "/trabajos/")
		for k := 0; k < 200 && env.String(t, `SELECT state FROM jobs WHERE id = $1`, jobID) != "terminado"; k++ {
			time.Sleep(50 * time.Millisecond)
		}
		if st := env.String(t, `SELECT state || ' ' || message FROM jobs WHERE id = $1`, jobID); !strings.HasPrefix(st, "terminado") {
			t.Fatalf("job %s", st)
		}
		apptest.Expect(t, c.Get(res.Location), http.StatusOK, "bajas por caducidad")
		if env.Count(t, `SELECT COUNT(*) FROM census_inscriptions WHERE id = $1 AND NOT active AND baja_cause = 'BK'`, expired) != 1 {
			t.Fatal("expired inscription not given de baja")
		}
		if env.Count(t, `SELECT COUNT(*) FROM census_inscriptions WHERE id = $1 AND active`, expiring) != 1 {
			t.Fatal("a valid inscription was given de baja")
		}
		// renewal of the one expiring soon
		apptest.Expect(t, c.Post("/padron/habitantes/"+expiring+"/renovacion", url.Values{"fecha": {time.Now().Format("02/01/2006")},
			"documento_acreditativo": {"Pasaporte"}}), http.StatusSeeOther)
		if env.Count(t, `SELECT COUNT(*) FROM census_variations WHERE inscription_id = $1 AND cause = 'MR'`, expiring) != 1 {
			t.Fatal("renewal not recorded")
		}
	})
}
