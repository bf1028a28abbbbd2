package signflow_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/web"
)

// state reads a request's state.
func state(t testing.TB, env *apptest.Env, id string) string {
	return env.String(t, `SELECT state FROM signflow_requests WHERE id = $1`, id)
}

// TestParallelAndAnyOne: a step of "todos" waits for each of its people;
// a step of "uno" ends with the first, and the others are not needed.
func TestParallelAndAnyOne(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.EntityID(t, apptest.Dir3Caceres)
		third := env.NewStaff(t, cc, "portafirmas", "usuario", "00000001R")
		author := env.Login(t, apptest.Caceres)
		sec, mayor, other := env.Login(t, secretaria), env.Login(t, alcaldia), env.Login(t, third)
		sign := func(c *apptest.Client, email, id string) apptest.Response {
			return c.Post("/portafirmas/"+id+"/firmar", url.Values{"contrasena": {apptest.DemoPassword(email)}})
		}
		both := submit(t, author, url.Values{"titulo": {"Convenio"}, "tipo": {"contrato"}, "paso1_accion": {"firma"},
			"paso1_modo": {"todos"}, "paso1_personas": {env.UserID(t, secretaria), env.UserID(t, alcaldia)}}, samplePDF(t, "Convenio"))
		mustStatus(t, sign(mayor, alcaldia, both), http.StatusSeeOther, "first of two")
		if state(t, env, both) != "en_circulacion" {
			t.Fatal("a 'todos' step ended with one of two signatures")
		}
		mustStatus(t, sign(sec, secretaria, both), http.StatusSeeOther, "second of two")
		if state(t, env, both) != "firmada" {
			t.Fatal("a 'todos' step did not end with both signatures")
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM signflow_signatures WHERE request_id = $1`, both); n != 2 {
			t.Fatalf("%d signatures, want 2", n)
		}

		anyOne := submit(t, author, url.Values{"titulo": {"Certificado"}, "tipo": {"certificado"}, "paso1_accion": {"firma"},
			"paso1_modo": {"uno"}, "paso1_personas": {env.UserID(t, secretaria), env.UserID(t, third)}}, samplePDF(t, "Certificado"))
		mustStatus(t, sign(other, third, anyOne), http.StatusSeeOther, "one of N")
		if state(t, env, anyOne) != "firmada" {
			t.Fatal("an 'uno' step did not end with the first signature")
		}
		if s := env.String(t, `SELECT state FROM signflow_signers WHERE request_id = $1 AND user_id = $2`, anyOne, env.UserID(t, secretaria)); s != "omitido" {
			t.Fatalf("the other person of an 'uno' step is %q, want omitido", s)
		}
		mustStatus(t, sign(sec, secretaria, anyOne), http.StatusConflict, "sign after the end")
	})
}

// TestSubstituteDelegationAndBatch: the step's substitute acts in place
// of its person; a delegation lets the delegate sign the delegator's
// documents only within its dates and only until revoked; the inbox signs
// several documents at once with one password.
func TestSubstituteDelegationAndBatch(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		author := env.Login(t, apptest.Caceres)
		sec, mayor := env.Login(t, secretaria), env.Login(t, alcaldia)
		mayorID, secID := env.UserID(t, alcaldia), env.UserID(t, secretaria)
		withSub := submit(t, author, url.Values{"titulo": {"Decreto con suplente"}, "tipo": {"resolucion"}, "paso1_accion": {"firma"},
			"paso1_personas": {mayorID}, "paso1_suplente": {secID}}, samplePDF(t, "Decreto"))
		mustStatus(t, sec.Post("/portafirmas/"+withSub+"/firmar", url.Values{"contrasena": {apptest.DemoPassword(secretaria)}}),
			http.StatusSeeOther, "substitute signs")
		if on := env.String(t, `SELECT on_behalf FROM signflow_signers WHERE request_id = $1`, withSub); !strings.Contains(on, "suplencia") {
			t.Fatalf("on_behalf %q", on)
		}

		today := time.Now().In(web.Madrid)
		mustStatus(t, mayor.Post("/portafirmas/delegaciones", url.Values{"delegante": {mayorID}, "delegado": {mayorID},
			"desde": {today.Format(time.DateOnly)}, "hasta": {today.Format(time.DateOnly)}}), http.StatusUnprocessableEntity, "self delegation")
		mustStatus(t, sec.Post("/portafirmas/delegaciones", url.Values{"delegante": {mayorID}, "delegado": {secID},
			"desde": {today.Format(time.DateOnly)}, "hasta": {today.Format(time.DateOnly)}}), http.StatusForbidden, "delegate another's signature")
		tomorrow := today.AddDate(0, 0, 1).Format(time.DateOnly)
		mustStatus(t, mayor.Post("/portafirmas/delegaciones", url.Values{"delegante": {mayorID}, "delegado": {secID},
			"desde": {tomorrow}, "hasta": {tomorrow}}), http.StatusSeeOther, "future delegation")
		ids := []string{}
		for _, title := range []string{"Decreto A", "Decreto B", "Decreto C"} {
			ids = append(ids, submit(t, author, url.Values{"titulo": {title}, "tipo": {"resolucion"}, "paso1_accion": {"firma"},
				"paso1_personas": {mayorID}}, samplePDF(t, title)))
		}
		if strings.Contains(apptest.Text(sec.Get("/portafirmas").Body), "Decreto A") {
			t.Fatal("a delegation that starts tomorrow already applies")
		}
		mustStatus(t, mayor.Post("/portafirmas/delegaciones", url.Values{"delegante": {mayorID}, "delegado": {secID},
			"desde": {today.Format(time.DateOnly)}, "hasta": {tomorrow}, "motivo": {"Vacaciones (Decreto 2026/000100)"}}), http.StatusSeeOther, "delegation")
		if inbox := apptest.Text(sec.Get("/portafirmas").Body); !strings.Contains(inbox, "Decreto A") || !strings.Contains(inbox, "en lugar de Julián") {
			t.Fatalf("delegate's inbox:\n%.2000s", inbox)
		}
		mustStatus(t, sec.Post("/portafirmas/"+ids[0]+"/firmar", url.Values{"contrasena": {apptest.DemoPassword(secretaria)}}),
			http.StatusSeeOther, "sign by delegation")
		if on := env.String(t, `SELECT on_behalf FROM signflow_signers WHERE request_id = $1`, ids[0]); !strings.Contains(on, "delegación de Julián") {
			t.Fatalf("on_behalf %q", on)
		}
		del := env.String(t, `SELECT id FROM signflow_delegations WHERE from_user = $1 AND starts = $2`, mayorID, today.Format(time.DateOnly))
		mustStatus(t, sec.Post("/portafirmas/delegaciones/"+del+"/revocar", nil), http.StatusForbidden, "delegate revokes")
		mustStatus(t, mayor.Post("/portafirmas/delegaciones/"+del+"/revocar", nil), http.StatusSeeOther, "revoke")
		mustStatus(t, sec.Post("/portafirmas/"+ids[1]+"/firmar", url.Values{"contrasena": {apptest.DemoPassword(secretaria)}}),
			http.StatusForbidden, "sign after the revocation")

		res := mayor.Post("/portafirmas/lote", url.Values{"peticion": {ids[1], ids[2]}, "contrasena": {"mal"}})
		mustStatus(t, res, http.StatusSeeOther, "batch with a bad password")
		if state(t, env, ids[1]) != "en_circulacion" {
			t.Fatal("a batch with a wrong password signed")
		}
		mustStatus(t, mayor.Post("/portafirmas/lote", url.Values{"peticion": {ids[1], ids[2], ids[0]}, "contrasena": {apptest.DemoPassword(alcaldia)}}),
			http.StatusSeeOther, "batch")
		for _, id := range ids[1:] {
			if state(t, env, id) != "firmada" {
				t.Fatalf("batch left %s %s", id, state(t, env, id))
			}
		}
		if flash := apptest.Text(mayor.Get("/portafirmas").Body); !strings.Contains(flash, "Firmados o con visto bueno: 2") ||
			!strings.Contains(flash, "No se pudieron firmar 1") {
			t.Fatalf("batch flash:\n%.1500s", flash)
		}
	})
}

// TestWithdrawAndValidation: only the author withdraws; a circuit without
// a signature step, an empty step between two, or a person who cannot
// sign is refused with its message.
func TestWithdrawAndValidation(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		author, mayor := env.Login(t, apptest.Caceres), env.Login(t, alcaldia)
		pdf := samplePDF(t, "Documento")
		bad := []struct {
			form url.Values
			want string
		}{
			{url.Values{"titulo": {"x"}, "tipo": {"otro"}, "paso1_accion": {"visto_bueno"}, "paso1_personas": {env.UserID(t, secretaria)}},
				"al menos un paso de firma"},
			{url.Values{"titulo": {"x"}, "tipo": {"otro"}, "paso1_accion": {"firma"}, "paso1_personas": {env.UserID(t, secretaria)},
				"paso3_accion": {"firma"}, "paso3_personas": {env.UserID(t, alcaldia)}}, "sin dejar uno vacío"},
			{url.Values{"titulo": {"x"}, "tipo": {"otro"}, "paso1_accion": {"firma"}, "paso1_personas": {env.UserID(t, apptest.Plasencia)}},
				"no puede firmar"},
			{url.Values{"titulo": {""}, "tipo": {"otro"}, "paso1_accion": {"firma"}, "paso1_personas": {env.UserID(t, alcaldia)}}, "Escriba el asunto"},
		}
		for _, b := range bad {
			res := author.PostFiles(t, "/portafirmas", b.form, "documento", apptest.File{Name: "d.pdf", Content: pdf})
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(res.Body), b.want) {
				t.Fatalf("%v: status %d, want 422 with %q\n%.1500s", b.form, res.Status, b.want, apptest.Text(res.Body))
			}
		}
		id := submit(t, author, url.Values{"titulo": {"Retirable"}, "tipo": {"otro"}, "paso1_accion": {"firma"},
			"paso1_personas": {env.UserID(t, alcaldia)}}, pdf)
		mustStatus(t, mayor.Post("/portafirmas/"+id+"/retirar", nil), http.StatusForbidden, "a signer withdraws")
		mustStatus(t, author.Post("/portafirmas/"+id+"/retirar", nil), http.StatusSeeOther, "withdraw")
		mustStatus(t, mayor.Post("/portafirmas/"+id+"/firmar", url.Values{"contrasena": {apptest.DemoPassword(alcaldia)}}),
			http.StatusConflict, "sign a withdrawn document")
	})
}

// TestOtherFilesAreSignedInCAdES: a file that is not a PDF keeps its
// bytes and gets a detached CAdES signature per signer.
func TestOtherFilesAreSignedInCAdES(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		author, mayor := env.Login(t, apptest.Caceres), env.Login(t, alcaldia)
		content := []byte("Pliego de prescripciones técnicas\n")
		id := requestID(t, author.PostFiles(t, "/portafirmas", url.Values{"titulo": {"Pliego"}, "tipo": {"contrato"},
			"paso1_accion": {"firma"}, "paso1_personas": {env.UserID(t, alcaldia)}}, "documento", apptest.File{Name: "pliego.txt", Content: content}))
		mustStatus(t, mayor.Post("/portafirmas/"+id+"/firmar", url.Values{"contrasena": {apptest.DemoPassword(alcaldia)}}), http.StatusSeeOther, "sign")
		if doc := author.Get("/portafirmas/" + id + "/documento"); doc.Body != string(content) {
			t.Fatal("the file changed")
		}
		sig := author.Get("/portafirmas/" + id + "/firmas/1/1")
		mustStatus(t, sig, http.StatusOK, "detached signature")
		verifyCAdES(t, []byte(sig.Body), content)
	})
}
