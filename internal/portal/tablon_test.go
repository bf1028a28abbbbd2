package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"concejo/internal/app"
	"concejo/internal/app/apptest"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
	"concejo/internal/platform/web"
	"concejo/internal/portal"
)

func madrid(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, web.Madrid).UTC()
}

func TestWithdrawalAt(t *testing.T) {
	pub := madrid(2026, 3, 3, 9, 0) // Tuesday
	cases := []struct {
		n    int
		unit string
		want time.Time
	}{
		// 10 working days from the day after: 4,5,6,9,10,11,12,13,16,17 March → withdrawn at the start of the 18th.
		{10, portal.UnitWorkingDays, madrid(2026, 3, 18, 0, 0)},
		// 5 calendar days end on Sunday 8 March → extended to Monday 9.
		{5, portal.UnitDays, madrid(2026, 3, 10, 0, 0)},
		{3, portal.UnitDays, madrid(2026, 3, 7, 0, 0)},
		// One month, date to date: 3 April 2026 is Good Friday (holiday) → Monday 6 April (Easter Monday is not a holiday in Extremadura).
		{1, portal.UnitMonths, madrid(2026, 4, 7, 0, 0)},
	}
	for _, c := range cases {
		if got, err := portal.WithdrawalAt("10015", pub, c.n, c.unit); err != nil || !got.Equal(c.want) {
			t.Errorf("%d %s: %s %v, want %s", c.n, c.unit, got.In(web.Madrid), err, c.want.In(web.Madrid))
		}
	}
	// One month from 31 January ends on the last day of February (art.
	// 30.4), not in March: withdrawn as 1 March 2025 begins.
	if got, err := portal.WithdrawalAt("10015", madrid(2025, 1, 31, 9, 0), 1, portal.UnitMonths); err != nil ||
		!got.Equal(madrid(2025, 3, 1, 0, 0)) {
		t.Errorf("1 mes from 31 January: %s %v", got.In(web.Madrid), err)
	}
}

func TestTablonExposurePeriod(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		clock := madrid(2026, 3, 2, 10, 0)
		env := apptest.StartWith(t, d, app.Options{Clock: func() time.Time { return clock }})
		grant(t, env, apptest.Abadia, dir3Aldeanueva, portal.RolePublisher)
		ed := env.Login(t, apptest.Abadia)
		switchTo(t, env, ed, dir3Aldeanueva)
		pub := env.Anonymous(t)

		form := url.Values{"tipo": {"Edicto"}, "titulo": {"Aprobación inicial de la ordenanza de caminos"},
			"texto":             {"Se somete a información pública la ordenanza de caminos rurales."},
			"publicacion_fecha": {"2026-03-03"}, "publicacion_hora": {"09:00"}, "plazo": {"10"}, "unidad": {"habiles"}}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("publicacion_fecha", "2026-03-01")
		bad.Set("titulo", "")
		apptest.Expect(t, ed.Post("/portal/tablon", bad), http.StatusUnprocessableEntity,
			"no puede ser anterior al momento actual", "Escriba el título del anuncio.")
		res := ed.Post("/portal/tablon", form)
		apptest.Expect(t, res, http.StatusSeeOther)
		edictPath := res.Location
		id := strings.TrimPrefix(edictPath, "/portal/tablon/")
		apptest.Expect(t, ed.Get(edictPath), http.StatusOK, "Programado", "18/03/2026 00:00")

		board := "/e/" + ineAldeanueva + "/tablon"
		title := "Aprobación inicial de la ordenanza de caminos"
		visible := func(at time.Time, want bool) {
			t.Helper()
			clock = at
			res := pub.Get(board)
			if got := strings.Contains(res.Body, title); got != want {
				t.Errorf("at %s: shown %v, want %v", at.In(web.Madrid), got, want)
			}
			detail := pub.Get(board + "/" + id)
			if (detail.Status == http.StatusOK) != (at.Compare(madrid(2026, 3, 3, 9, 0)) >= 0) {
				t.Errorf("at %s: detail %d", at.In(web.Madrid), detail.Status)
			}
		}
		visible(madrid(2026, 3, 2, 10, 0), false)
		visible(madrid(2026, 3, 3, 8, 59), false)
		visible(madrid(2026, 3, 3, 9, 0), true)
		visible(madrid(2026, 3, 17, 23, 59), true)
		visible(madrid(2026, 3, 18, 0, 0), false)
		apptest.Expect(t, pub.Get(board+"/archivo"), http.StatusOK, title)

		// The certificate is issued once the period has ended, with the exact period.
		clock = madrid(2026, 3, 10, 12, 0)
		apptest.Expect(t, ed.Post(edictPath+"/diligencia", nil), http.StatusConflict, "cuando termina la exposición")
		clock = madrid(2026, 3, 18, 8, 0)
		apptest.Expect(t, ed.Post(edictPath+"/diligencia", nil), http.StatusSeeOther)
		pdfRes := ed.Get(edictPath + "/diligencia.pdf")
		if pdfRes.Status != http.StatusOK || !strings.HasPrefix(pdfRes.Body, "%PDF") {
			t.Fatalf("certificate: %d", pdfRes.Status)
		}
		code := env.String(t, `SELECT cert_csv FROM portal_edicts WHERE id = $1`, id)
		if n := env.Count(t, `SELECT COUNT(*) FROM issued_documents WHERE csv = $1 AND kind = 'diligencia'`, code); n != 1 {
			t.Fatalf("issued documents: %d", n)
		}
		if res := pub.Get(board + "/" + id + "/diligencia.pdf"); !strings.HasPrefix(res.Body, "%PDF") {
			t.Errorf("public certificate: %d", res.Status)
		}
		apptest.Expect(t, pub.Get(board+"/"+id), http.StatusOK, code)

		// Never edited: a correction is a new edict naming the old one.
		corr := url.Values{"tipo": {"Anuncio"}, "titulo": {"Corrección de errores"}, "texto": {"Donde dice caminos debe decir vías."},
			"plazo": {"5"}, "unidad": {"naturales"}, "corrige": {id}}
		res = ed.Post("/portal/tablon", corr)
		apptest.Expect(t, res, http.StatusSeeOther)
		apptest.Expect(t, pub.Get(board), http.StatusOK, "Corrige al 2026/")
		if env.Count(t, `SELECT COUNT(*) FROM portal_edicts WHERE id = $1 AND title = $2`, id, title) != 1 {
			t.Error("the corrected edict must stay as it was")
		}
		if env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'portal.edicto.crear'`) != 2 {
			t.Error("every edict is audited")
		}
	})
}
