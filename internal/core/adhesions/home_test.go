package adhesions_test

import (
	"net/http"
	"regexp"
	"testing"

	"concejo/internal/app/apptest"
)

var (
	toSignRe    = regexp.MustCompile(`(\d+) solicitudes de adhesión esperan el documento firmado|Una solicitud de adhesión espera el documento firmado`)
	toApproveRe = regexp.MustCompile(`(\d+) adhesiones firmadas esperan su aprobación|Una adhesión firmada espera su aprobación`)
)

// TestHomeShowsAdhesionsWaiting: a request of Plasencia waits on its user
// administrator's home for the signed document (not on Cáceres's); once
// signed, it waits on the Diputación administrator's home for approval.
func TestHomeShowsAdhesionsWaiting(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl, cc, dip := env.Login(t, apptest.Plasencia), env.Login(t, apptest.Caceres), env.Login(t, apptest.DipAdmin)
		code := requestable(t, env, pl, env.EntityID(t, apptest.Dir3Plasencia))
		if code == "" {
			t.Fatal("Plasencia has no service left to request in the demo")
		}
		plBefore, ccBefore, dipBefore := pl.HomeCount(t, toSignRe), cc.HomeCount(t, toSignRe), dip.HomeCount(t, toApproveRe)
		id := requestAdhesion(t, pl, code)
		if n := pl.HomeCount(t, toSignRe); n != plBefore+1 {
			t.Fatalf("Plasencia's home says %d requests wait for the signed document, want %d", n, plBefore+1)
		}
		apptest.Expect(t, pl.Get("/"), http.StatusOK, `href="/adhesiones?estado=solicitada&amp;entidad=`)
		if n := cc.HomeCount(t, toSignRe); n != ccBefore {
			t.Fatalf("Cáceres's home went from %d to %d with Plasencia's request", ccBefore, n)
		}
		doc := pl.Get("/adhesiones/" + id + "/documento.pdf")
		if res := upload(t, pl, "/adhesiones/"+id+"/firmado", signPDF(t, env, []byte(doc.Body))); res.Status != http.StatusSeeOther {
			t.Fatalf("upload: %d", res.Status)
		}
		if n := pl.HomeCount(t, toSignRe); n != plBefore {
			t.Fatalf("once signed, Plasencia's home still says %d requests wait, want %d", n, plBefore)
		}
		if n := dip.HomeCount(t, toApproveRe); n != dipBefore+1 {
			t.Fatalf("the Diputación's home says %d signed adhesions wait, want %d", n, dipBefore+1)
		}
	})
}
