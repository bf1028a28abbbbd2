package users_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
)

// pendingInvitation returns the id of the pending invitation of the user to the entity, failing without one.
func pendingInvitation(t *testing.T, env *apptest.Env, userID, entityID string) string {
	t.Helper()
	id := env.String(t, `SELECT id FROM invitations WHERE user_id = $1 AND entity_id = $2 AND state = 'pendiente'`, userID, entityID)
	if id == "" {
		t.Fatalf("no pending invitation of %s to %s", userID, entityID)
	}
	return id
}

// invite posts the NIF of an existing account as a's new user and returns the
// flash shown after the redirect to the users list.
func invite(t *testing.T, a *apptest.Client, query, nif string) string {
	t.Helper()
	res := a.Post("/usuarios"+query, person(nif, "cualquiera@example.es"))
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/usuarios") || strings.HasPrefix(res.Location, "/usuarios/") {
		t.Fatalf("inviting %s: status %d, location %q\n%.800s", nif, res.Status, res.Location, apptest.Text(res.Body))
	}
	list := a.Get(res.Location)
	apptest.Expect(t, list, http.StatusOK, "Se ha enviado una invitación a la persona con NIF "+nif)
	return list.Body
}

// personalData returns the name (as pages and lists write it), e-mail and
// phone of a user, which must not appear in what an entity administrator
// reads before the person accepts.
func personalData(t *testing.T, env *apptest.Env, userID string) []string {
	t.Helper()
	var out []string
	for _, expr := range []string{"name || ' ' || surname1", "surname1 || ' ' || surname2 || ', ' || name", "surname1 || ', ' || name",
		"email", "phone"} {
		if v := env.String(t, `SELECT `+expr+` FROM users WHERE id = $1`, userID); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// TestLinkingByNIFOnlyInvites is issue 12's attack: the Cáceres user
// administrator types the NIF of the Diputación administrator on the
// new-user form. He must get no membership, no personal data, and no power
// over that account.
func TestLinkingByNIFOnlyInvites(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.Caceres)
		cc := env.EntityID(t, apptest.Dir3Caceres)
		dip := env.UserID(t, apptest.DipAdmin)
		dipNIF := env.String(t, `SELECT nif FROM users WHERE id = $1`, dip)
		if _, err := env.DB.ExecContext(context.Background(), `UPDATE users SET phone = '927123456' WHERE id = $1`, dip); err != nil {
			t.Fatal(err)
		}
		secret := append(personalData(t, env, dip), "Administrador de la Diputación", "927 123 456")
		audit := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE entity_id = $1`, cc)

		res := c.Post("/usuarios", person(dipNIF, "cualquiera@example.es"))
		apptest.Expect(t, res, http.StatusSeeOther)
		page := c.Get(res.Location)
		apptest.Expect(t, page, http.StatusOK, "Se ha enviado una invitación a la persona con NIF "+dipNIF,
			"cuando la acepte aparecerá en la lista de usuarios", "Invitaciones pendientes", dipNIF)
		for _, body := range []string{res.Body, res.Location, page.Body} {
			for _, s := range secret {
				if strings.Contains(body, s) {
					t.Errorf("the answer to the Cáceres admin shows %q", s)
				}
			}
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND entity_id = $2`, dip, cc); n != 0 {
			t.Fatal("the Diputación administrator was linked to Cáceres without his consent")
		}
		pendingInvitation(t, env, dip, cc)
		// The audit rows Cáceres reads name nobody but the NIF typed.
		if got := env.String(t, `SELECT action || ' ' || after_json FROM audit_log WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`, cc); !strings.Contains(got, "usuario.invitar") {
			t.Errorf("last Cáceres audit row %q", got)
		} else {
			for _, s := range secret {
				if strings.Contains(got, s) {
					t.Errorf("the Cáceres audit log shows %q", s)
				}
			}
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE entity_id = $1`, cc); n != audit+1 {
			t.Errorf("%d new Cáceres audit rows, want 1", n-audit)
		}
		// The invitation e-mail goes to the account's own address, not to the one typed.
		if msg, _ := env.Mail.Last(); msg.To != apptest.DipAdmin || !strings.Contains(msg.Body, "/invitaciones") ||
			!strings.Contains(msg.Subject, "Ayuntamiento de Cáceres") {
			t.Errorf("invitation e-mail %+v", msg)
		}
		// He still does not reach the account.
		for _, r := range []apptest.Response{
			c.Get("/usuarios/" + dip), c.Post("/usuarios/"+dip+"/sesiones/cerrar", nil), c.Post("/usuarios/"+dip+"/enlace-contrasena", nil),
		} {
			apptest.Expect(t, r, http.StatusNotFound)
		}
		// The same answer, whoever owns the NIF: an entity admin of Plasencia, with another e-mail typed.
		plNIF := env.String(t, `SELECT nif FROM users WHERE email = $1`, apptest.Plasencia)
		other := invite(t, c, "", plNIF)
		if flash(page.Body, dipNIF) != flash(other, plNIF) {
			t.Errorf("the answers differ:\n%s\n%s", flash(page.Body, dipNIF), flash(other, plNIF))
		}
		// Repeating the NIF does not send a second invitation.
		res = c.Post("/usuarios", person(dipNIF, ""))
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "Ya hay una invitación pendiente para la persona con NIF "+dipNIF)
		for _, s := range secret {
			if strings.Contains(res.Body, s) {
				t.Errorf("the error shows %q", s)
			}
		}

		// Even after he accepts, Cáceres may not log him out nor send him a password link.
		d := env.Login(t, apptest.DipAdmin)
		apptest.Expect(t, d.Get("/"), http.StatusOK, `href="/invitaciones"`, "Tiene una invitación")
		apptest.Expect(t, d.Post("/invitaciones/"+pendingInvitation(t, env, dip, cc)+"/aceptar", nil), http.StatusSeeOther)
		if n := env.Count(t, `SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND entity_id = $2`, dip, cc); n != 1 {
			t.Fatal("accepting did not create the membership")
		}
		before := written(t, env)
		for _, action := range []struct{ path, want string }{
			{"/sesiones/cerrar", "solo la Diputación puede cerrar las sesiones de su cuenta"},
			{"/enlace-contrasena", "solo la Diputación puede enviar un enlace para la contraseña de su cuenta"},
			{"/bloquear", "solo la Diputación puede bloquear su cuenta"},
			{"/desbloquear", "solo la Diputación puede desbloquear su cuenta"},
		} {
			apptest.Expect(t, c.Post("/usuarios/"+dip+action.path, nil), http.StatusConflict, action.want)
		}
		if after := written(t, env); after != before {
			t.Errorf("a refused action wrote: %s → %s", before, after)
		}
		apptest.Expect(t, d.Get("/"), http.StatusOK) // his session is still open
		detail := c.Get("/usuarios/" + dip)
		apptest.Expect(t, detail, http.StatusOK, dipNIF, "Papel en el Ayuntamiento de Cáceres")
		for _, s := range []string{"927123456", "927 123 456", "Cerrar todas sus sesiones", "Enviarle un enlace", "Bloquear la cuenta", "sesiones abiertas", "Último acceso"} {
			if strings.Contains(detail.Body, s) {
				t.Errorf("the Cáceres admin's page of a shared account shows %q", s)
			}
		}
	})
}

// flash returns the flash of a page with nif replaced, to compare two answers' shape.
func flash(body, nif string) string {
	text := apptest.Text(body)
	i := strings.Index(text, "Se ha enviado una invitación")
	if i < 0 {
		return ""
	}
	text = text[i:]
	if j := strings.Index(text, "."); j >= 0 {
		text = text[:j]
	}
	return strings.ReplaceAll(text, nif, "NIF")
}

// TestSharedAccountActionsNeedTheDiputacion: on a person who also works for
// another entity, the entity admin may not close sessions or send a
// password link (nor block), while the Diputación may.
func TestSharedAccountActionsNeedTheDiputacion(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.Caceres)
		id := create(t, c, "", freshNIF(), "compartida@caceres.es")
		who := activate(t, env, "compartida@caceres.es")
		nif := env.String(t, `SELECT nif FROM users WHERE id = $1`, id)
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		invite(t, env.Login(t, apptest.Plasencia), "", nif)
		apptest.Expect(t, who.Post("/invitaciones/"+pendingInvitation(t, env, id, pl)+"/aceptar", nil), http.StatusSeeOther)

		before, mails := written(t, env), len(env.Mail.Sent)
		apptest.Expect(t, c.Post("/usuarios/"+id+"/sesiones/cerrar", nil), http.StatusConflict, "también trabaja para otras entidades")
		apptest.Expect(t, c.Post("/usuarios/"+id+"/enlace-contrasena", nil), http.StatusConflict, "también trabaja para otras entidades")
		if after := written(t, env); after != before || len(env.Mail.Sent) != mails {
			t.Errorf("a refused action wrote or mailed: %s → %s", before, after)
		}
		apptest.Expect(t, who.Get("/"), http.StatusOK)
		d := env.Login(t, apptest.DipAdmin)
		apptest.Expect(t, d.Post("/usuarios/"+id+"/enlace-contrasena", nil), http.StatusSeeOther)
		apptest.Expect(t, d.Post("/usuarios/"+id+"/sesiones/cerrar", nil), http.StatusSeeOther)
		if res := who.Get("/"); res.Status != http.StatusSeeOther {
			t.Errorf("the Diputación could not close the sessions: %d", res.Status)
		}
	})
}

// TestInvitationAnswers: only the invited person answers; declined,
// cancelled and expired invitations create nothing.
func TestInvitationAnswers(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc, pl := env.EntityID(t, apptest.Dir3Caceres), env.EntityID(t, apptest.Dir3Plasencia)
		c, p := env.Login(t, apptest.Caceres), env.Login(t, apptest.Plasencia)
		id := create(t, p, "", freshNIF(), "invitada@plasencia.es")
		who := activate(t, env, "invitada@plasencia.es")
		nif := env.String(t, `SELECT nif FROM users WHERE id = $1`, id)
		joined := func() int {
			return env.Count(t, `SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND entity_id = $2`, id, cc)
		}

		// Declined.
		invite(t, c, "", nif)
		inv := pendingInvitation(t, env, id, cc)
		apptest.Expect(t, who.Get("/invitaciones"), http.StatusOK, "Ayuntamiento de Cáceres", "Personal de la entidad", "Auxiliar administrativa")
		other := env.Login(t, apptest.Abadia)
		for _, action := range []string{"/aceptar", "/rechazar"} {
			apptest.Expect(t, other.Post("/invitaciones/"+inv+action, nil), http.StatusNotFound)
			apptest.Expect(t, c.Post("/invitaciones/"+inv+action, nil), http.StatusNotFound)
		}
		apptest.Expect(t, other.Get("/invitaciones"), http.StatusOK, "No tiene ninguna invitación pendiente")
		apptest.Expect(t, who.Post("/invitaciones/"+inv+"/rechazar", nil), http.StatusSeeOther)
		apptest.Expect(t, who.Post("/invitaciones/"+inv+"/aceptar", nil), http.StatusConflict, "ya está rechazada")
		if joined() != 0 {
			t.Fatal("a declined invitation created the membership")
		}
		// The decline is audited outside Cáceres: its log would name the person.
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'invitacion.rechazar' AND object_id = $1 AND entity_id = ''`, inv); n != 1 {
			t.Errorf("%d decline audit rows", n)
		}
		apptest.Expect(t, c.Get("/usuarios"), http.StatusOK)
		if strings.Contains(c.Get("/usuarios").Body, nif) {
			t.Error("a declined invitation is still listed")
		}

		// Cancelled by the entity; Plasencia cannot see or cancel Cáceres's invitation.
		invite(t, c, "", nif)
		inv = pendingInvitation(t, env, id, cc)
		if strings.Contains(p.Get("/usuarios").Body, inv) || strings.Contains(p.Get("/usuarios?entidad="+pl).Body, inv) {
			t.Error("Plasencia sees Cáceres's invitation")
		}
		for _, cl := range []*apptest.Client{p, env.Login(t, apptest.Operador)} {
			apptest.Expect(t, cl.Post("/usuarios/invitaciones/"+inv+"/cancelar", nil), http.StatusNotFound)
		}
		apptest.Expect(t, who.Post("/usuarios/invitaciones/"+inv+"/cancelar", nil), http.StatusForbidden)
		apptest.Expect(t, c.Post("/usuarios/invitaciones/"+inv+"/cancelar", nil), http.StatusSeeOther)
		apptest.Expect(t, c.Post("/usuarios/invitaciones/"+inv+"/cancelar", nil), http.StatusConflict, "ya no está pendiente")
		apptest.Expect(t, who.Post("/invitaciones/"+inv+"/aceptar", nil), http.StatusConflict, "cancelada")
		if joined() != 0 {
			t.Fatal("a cancelled invitation created the membership")
		}

		// Expired.
		invite(t, c, "", nif)
		inv = pendingInvitation(t, env, id, cc)
		if _, err := env.DB.ExecContext(context.Background(), `UPDATE invitations SET expires_at = $1 WHERE id = $2`,
			time.Now().UTC().Add(-time.Minute), inv); err != nil {
			t.Fatal(err)
		}
		apptest.Expect(t, who.Get("/invitaciones"), http.StatusOK, "No tiene ninguna invitación pendiente")
		apptest.Expect(t, who.Post("/invitaciones/"+inv+"/aceptar", nil), http.StatusConflict, "ha caducado")
		if joined() != 0 {
			t.Fatal("an expired invitation created the membership")
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'invitacion.caducar' AND object_id = $1 AND actor_id = 'sistema'`, inv); n != 1 {
			t.Errorf("%d expiry audit rows", n)
		}

		// Accepted by the right person.
		invite(t, c, "", nif)
		inv = pendingInvitation(t, env, id, cc)
		res := who.Post("/invitaciones/"+inv+"/aceptar", nil)
		apptest.Expect(t, res, http.StatusSeeOther)
		apptest.Expect(t, who.Get(res.Location), http.StatusOK, "ahora también trabaja para el Ayuntamiento de Cáceres")
		if got := env.String(t, `SELECT role || '/' || job_title FROM memberships WHERE user_id = $1 AND entity_id = $2`, id, cc); got != "personal/Auxiliar administrativa" {
			t.Errorf("membership %q", got)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'usuario.vincular' AND object_id = $1 AND entity_id = $2
			AND actor_id = $1`, id, cc); n != 1 {
			t.Errorf("%d link audit rows", n)
		}
		apptest.Expect(t, who.Post("/invitaciones/"+inv+"/aceptar", nil), http.StatusConflict, "ya está aceptada")
		apptest.Expect(t, c.Get("/usuarios/"+id), http.StatusOK, "Lucía Gómez Núñez", "Papel en el Ayuntamiento de Cáceres")
		apptest.Expect(t, c.Post("/usuarios", person(nif, "")), http.StatusUnprocessableEntity, "ya es usuario del Ayuntamiento de Cáceres")
		if n := env.Count(t, `SELECT COUNT(*) FROM invitations WHERE user_id = $1 AND entity_id = $2`, id, cc); n != 4 {
			t.Errorf("%d invitations", n)
		}
		apptest.Expect(t, who.Get("/"), http.StatusOK)
		if strings.Contains(who.Get("/").Body, `href="/invitaciones"`) {
			t.Error("the home still shows an answered invitation")
		}
	})
}
