package users_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/phrase"
)

func TestCreateUser(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.Caceres)
		cc := env.EntityID(t, apptest.Dir3Caceres)
		apptest.Expect(t, c.Get("/usuarios/nuevo"), http.StatusOK, "Dar de alta un usuario en", "Primer apellido", "Administrador de usuarios")
		if strings.Contains(c.Get("/usuarios/nuevo").Body, `value="operador"`) {
			t.Error("the operator role is offered in an ayuntamiento")
		}
		nif := freshNIF()
		form := person(strings.ToLower(nif), "Lucia.Gomez@Caceres.ES")
		res := c.Post("/usuarios", form)
		path := userPath(t, res)
		id := strings.TrimPrefix(path, "/usuarios/")

		var email, state, hash, name, search string
		err := env.DB.QueryRowContext(context.Background(), `SELECT email, state, password_hash, name, search_text FROM users WHERE nif = $1`, nif).
			Scan(&email, &state, &hash, &name, &search)
		if err != nil {
			t.Fatal(err)
		}
		if email != "lucia.gomez@caceres.es" || state != "activo" || hash != "" || name != "Lucía" || !strings.Contains(search, "lucia gomez nunez") {
			t.Errorf("row: %q %q %q %q %q", email, state, hash, name, search)
		}
		if role := env.String(t, `SELECT role || '/' || job_title FROM memberships WHERE entity_id = $1 AND user_id = $2`, cc, id); role != "personal/Auxiliar administrativa" {
			t.Errorf("membership %q", role)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'usuario.crear' AND object_id = $1 AND entity_id = $2`, id, cc); n != 1 {
			t.Errorf("%d audit rows", n)
		}
		msg, _ := env.Mail.Last()
		if msg.To != email || !strings.Contains(msg.Subject, "contraseña") || !strings.Contains(msg.Body, "Ayuntamiento de Cáceres") {
			t.Errorf("mail %+v", msg)
		}
		token := lastLink(t, env, email)
		if !auth.CheckResetToken(context.Background(), env.DB, token) {
			t.Error("the e-mailed link does not work")
		}
		apptest.Expect(t, c.Get(res.Location), http.StatusOK, "Lucía Gómez Núñez", nif, "dado de alta en", "Le hemos enviado", "Alta en Concejo",
			"Auxiliar administrativa", "Nunca ha entrado")

		// The new person chooses a password through the link and signs in.
		u := activate(t, env, email)
		apptest.Expect(t, u.Get("/"), http.StatusOK, "Lucía Gómez Núñez")
		// Plain staff reach no user management.
		apptest.Expect(t, u.Get("/usuarios"), http.StatusForbidden, "administrador de usuarios")

		// The new user is in the list, searchable without accents, and in the CSV.
		apptest.Expect(t, c.Get("/usuarios?q=GOMEZ+NUNEZ"), http.StatusOK, "Gómez Núñez, Lucía", "1 usuario")
		apptest.Expect(t, c.Get("/usuarios?q="+nif), http.StatusOK, "Gómez Núñez, Lucía")
		apptest.Expect(t, c.Get("/usuarios?estado=bloqueado&q=nunez"), http.StatusOK, "No hay usuarios que coincidan")
		csv := c.Get("/usuarios.csv?q=lucia")
		apptest.Expect(t, csv, http.StatusOK, "Gómez;Núñez;Lucía;"+nif+";lucia.gomez@caceres.es")
		if ct := csv.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("content type %q", ct)
		}
	})
}

func TestCreateValidation(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.Caceres)
		before, mails := written(t, env), len(env.Mail.Sent)
		plasNIF := env.String(t, `SELECT nif FROM users WHERE email = $1`, apptest.Plasencia)
		cases := []struct {
			name string
			edit func(v url.Values)
			want []string
		}{
			{"bad NIF", func(v url.Values) { v.Set("nif", "12345678A") }, []string{"El NIF 12345678A no es válido: la letra de control debería ser Z."}},
			{"company NIF", func(v url.Values) { v.Set("nif", "B12345674") }, []string{"persona jurídica"}},
			{"no NIF", func(v url.Values) { v.Set("nif", "") }, []string{"El NIF es obligatorio."}},
			{"bad e-mail", func(v url.Values) { v.Set("email", "lucia@") }, []string{"La dirección de correo electrónico no es válida."}},
			{"no e-mail", func(v url.Values) { v.Set("email", "") }, []string{"Escriba el correo electrónico"}},
			{"duplicate e-mail", func(v url.Values) { v.Set("email", "ADMIN@plasencia.es") }, []string{"ya es el de otra persona de Concejo"}},
			{"bad phone", func(v url.Values) { v.Set("telefono", "12345") }, []string{"El número de teléfono"}},
			{"no name", func(v url.Values) { v.Set("nombre", " "); v.Set("apellido1", "") }, []string{"Escriba el nombre.", "Escriba el primer apellido."}},
			{"markup", func(v url.Values) { v.Set("nombre", "<script>") }, []string{"caracteres no permitidos"}},
			{"operator outside a mancomunidad", func(v url.Values) { v.Set("rol", "operador") }, []string{"solo existe en las mancomunidades"}},
			{"no role", func(v url.Values) { v.Del("rol") }, []string{"Elija qué papel tiene en la entidad."}},
			{"existing NIF, bad role", func(v url.Values) {
				v.Set("nif", plasNIF)
				v.Set("email", "otro@plasencia.es")
				v.Set("rol", "operador")
			},
				[]string{"solo existe en las mancomunidades"}},
			{"already a user here", func(v url.Values) {
				v.Set("nif", env.String(t, `SELECT nif FROM users WHERE email = $1`, apptest.Caceres))
				v.Set("email", "")
			},
				[]string{"ya es usuario del Ayuntamiento de Cáceres"}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				v := person(freshNIF(), "nueva.persona@caceres.es")
				tc.edit(v)
				res := c.Post("/usuarios", v)
				apptest.Expect(t, res, http.StatusUnprocessableEntity, append([]string{"Hay un problema"}, tc.want...)...)
				if after := written(t, env); after != before {
					t.Errorf("something was written: %s → %s", before, after)
				}
				if len(env.Mail.Sent) != mails {
					t.Error("an e-mail was sent")
				}
			})
		}
		// The form keeps what was typed.
		v := person(freshNIF(), "lucia@")
		apptest.Expect(t, c.Post("/usuarios", v), http.StatusUnprocessableEntity, `value="Núñez"`, `value="lucia@"`)
	})
}

func TestSameNIFInvitesTheAccount(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc, pl := env.EntityID(t, apptest.Dir3Caceres), env.EntityID(t, apptest.Dir3Plasencia)
		nif, email := freshNIF(), "secretaria.compartida@example.es"
		id := create(t, env.Login(t, apptest.Caceres), "", nif, email)
		activate(t, env, email)

		// Plasencia's admin gives only the NIF: the account is invited, not linked.
		p := env.Login(t, apptest.Plasencia)
		v := url.Values{"nombre": {""}, "apellido1": {""}, "telefono": {"1"}, "nif": {nif}, "email": {""}, "rol": {"admin"},
			"cargo": {"Secretaria-Interventora"}}
		res := p.Post("/usuarios", v)
		apptest.Expect(t, res, http.StatusSeeOther)
		apptest.Expect(t, p.Get(res.Location), http.StatusOK, "Se ha enviado una invitación a la persona con NIF "+nif,
			"Secretaria-Interventora", "Administrador de usuarios")
		if n := env.Count(t, `SELECT COUNT(*) FROM users WHERE nif = $1`, nif); n != 1 {
			t.Errorf("%d accounts for one NIF", n)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND entity_id = $2`, id, pl); n != 0 {
			t.Fatal("linked before accepting")
		}
		if msg, _ := env.Mail.Last(); msg.To != email || !strings.Contains(msg.Subject, "Ayuntamiento de Plasencia") || strings.Contains(msg.Body, "token=") {
			t.Errorf("invitation %+v", msg)
		}
		apptest.Expect(t, p.Get("/usuarios/"+id), http.StatusNotFound)

		// The person accepts it after signing in (the e-mail's link brings him back there).
		anon := env.Anonymous(t).Get("/invitaciones")
		if anon.Status != http.StatusSeeOther || !strings.Contains(anon.Location, "/entrar") {
			t.Errorf("anonymous /invitaciones: %d %q", anon.Status, anon.Location)
		}
		who := env.Login(t, email, newPassword)
		apptest.Expect(t, who.Get("/"), http.StatusOK, "Tiene una invitación para trabajar para otra entidad")
		apptest.Expect(t, who.Get("/invitaciones"), http.StatusOK, "Ayuntamiento de Plasencia", "Administrador de usuarios", "Secretaria-Interventora")
		apptest.Expect(t, who.Post("/invitaciones/"+pendingInvitation(t, env, id, pl)+"/aceptar", nil), http.StatusSeeOther)
		if n := env.Count(t, `SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND entity_id IN ($2, $3)`, id, cc, pl); n != 2 {
			t.Errorf("%d memberships", n)
		}
		if env.String(t, `SELECT name FROM users WHERE id = $1`, id) != "Lucía" {
			t.Error("linking changed the existing personal data")
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'usuario.vincular' AND object_id = $1 AND entity_id = $2`, id, pl); n != 1 {
			t.Errorf("%d link audit rows", n)
		}
		apptest.Expect(t, p.Post("/usuarios", v), http.StatusUnprocessableEntity, "ya es usuario del Ayuntamiento de Plasencia")

		// The person now works for both and may switch; each admin sees only his own entity in the detail.
		apptest.Expect(t, who.Post("/entidad-actual", url.Values{"entidad": {pl}}), http.StatusSeeOther)
		apptest.Expect(t, who.Get("/"), http.StatusOK, "Ayuntamiento de Plasencia")
		detail := p.Get("/usuarios/" + id)
		apptest.Expect(t, detail, http.StatusOK, "Lucía Gómez Núñez", "Secretaria-Interventora", "Trabaja también para otra entidad que usted no gestiona")
		if strings.Contains(apptest.Text(detail.Body), "Ayuntamiento de Cáceres") {
			t.Error("Plasencia's admin sees the Cáceres membership")
		}
		apptest.Expect(t, env.Login(t, apptest.DipAdmin).Get("/usuarios/"+id), http.StatusOK, "Ayuntamiento de Cáceres", "Ayuntamiento de Plasencia")

		// A shared account: an entity admin changes only his entity's data and cannot block it.
		apptest.Expect(t, p.Get("/usuarios/"+id+"/editar"), http.StatusOK, "solo los cambia la Diputación")
		apptest.Expect(t, p.Post("/usuarios/"+id, url.Values{"nombre": {"Pirata"}, "email": {"pirata@example.es"}, "cargo": {"Secretaría"}, "rol": {"admin"}}),
			http.StatusSeeOther)
		if got := env.String(t, `SELECT name || ' ' || email FROM users WHERE id = $1`, id); got != "Lucía "+email {
			t.Errorf("an entity admin changed a shared account: %q", got)
		}
		if got := env.String(t, `SELECT job_title FROM memberships WHERE user_id = $1 AND entity_id = $2`, id, pl); got != "Secretaría" {
			t.Errorf("job title %q", got)
		}
		apptest.Expect(t, p.Post("/usuarios/"+id+"/bloquear", nil), http.StatusConflict, "quítelo de su entidad")
		if env.String(t, `SELECT state FROM users WHERE id = $1`, id) != "activo" {
			t.Error("blocked by an entity admin")
		}

		// Removing him from Plasencia leaves the account active in Cáceres.
		apptest.Expect(t, p.Post("/usuarios/"+id+"/baja", nil), http.StatusSeeOther)
		if got := env.String(t, `SELECT state FROM users WHERE id = $1`, id); got != "activo" {
			t.Errorf("state %q", got)
		}
		apptest.Expect(t, p.Get("/usuarios/"+id), http.StatusNotFound)
		apptest.Expect(t, who.Get("/"), http.StatusOK)
	})
}

func TestGrants(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.Caceres)
		cc := env.EntityID(t, apptest.Dir3Caceres)
		adhered, role, other := services(t, env, cc)
		id := create(t, c, "", freshNIF(), "permisos@caceres.es")
		path := "/usuarios/" + id
		// The detail page offers one form (its select sends "servicio/rol").
		apptest.Expect(t, c.Get(path), http.StatusOK, "Conceder un perfil", `action="`+path+`/permisos"`, `value="`+adhered+"/"+role+`"`)

		res := c.Post(path+"/permisos", url.Values{"perfil": {adhered + "/" + role}})
		apptest.Expect(t, res, http.StatusSeeOther)
		if n := env.Count(t, `SELECT COUNT(*) FROM grants WHERE entity_id = $1 AND user_id = $2 AND service_code = $3 AND role_code = $4`,
			cc, id, adhered, role); n != 1 {
			t.Fatalf("%d grants", n)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'permiso.conceder' AND object_id = $1`, id); n != 1 {
			t.Errorf("%d grant audit rows", n)
		}
		apptest.Expect(t, c.Get(path), http.StatusOK, "Concedido a", "Perfil concedido: ")

		before := written(t, env)
		otherName := env.String(t, `SELECT name FROM services WHERE code = $1`, other)
		apptest.Expect(t, c.Post(path+"/permisos", url.Values{"servicio": {other}, "rol": {env.String(t,
			`SELECT role_code FROM service_roles WHERE service_code = $1 ORDER BY role_code LIMIT 1`, other)}}),
			http.StatusUnprocessableEntity, "Su entidad no está adherida a "+otherName)
		apptest.Expect(t, c.Post(path+"/permisos", url.Values{"servicio": {adhered}, "rol": {"no-existe"}}), http.StatusUnprocessableEntity, "no existe en la aplicación")
		apptest.Expect(t, c.Post(path+"/permisos", url.Values{"servicio": {"no-existe"}, "rol": {role}}), http.StatusUnprocessableEntity, "no existe en el catálogo")
		apptest.Expect(t, c.Post(path+"/permisos", url.Values{"servicio": {adhered}, "rol": {role}}), http.StatusUnprocessableEntity, "ya tiene el perfil")
		apptest.Expect(t, c.Post(path+"/permisos", url.Values{"perfil": {other + "/x"}}), http.StatusUnprocessableEntity, "Su entidad no está adherida a "+otherName)
		apptest.Expect(t, c.Post(path+"/permisos", url.Values{"perfil": {""}}), http.StatusUnprocessableEntity, "Elija el perfil")
		if after := written(t, env); after != before {
			t.Errorf("a refused grant wrote: %s → %s", before, after)
		}

		// The grant works: the person holds it in his session.
		u := activate(t, env, "permisos@caceres.es")
		_ = u
		if n := env.Count(t, `SELECT COUNT(*) FROM grants g JOIN adhesions a ON a.entity_id = g.entity_id AND a.service_code = g.service_code
			AND a.state = 'activa' WHERE g.user_id = $1`, id); n != 1 {
			t.Errorf("%d effective grants", n)
		}

		apptest.Expect(t, c.Post(path+"/permisos/quitar", url.Values{"servicio": {adhered}, "rol": {role}}), http.StatusSeeOther)
		if n := env.Count(t, `SELECT COUNT(*) FROM grants WHERE user_id = $1`, id); n != 0 {
			t.Errorf("%d grants after removing", n)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'permiso.retirar' AND object_id = $1`, id); n != 1 {
			t.Errorf("%d revoke audit rows", n)
		}
		apptest.Expect(t, c.Post(path+"/permisos/quitar", url.Values{"servicio": {adhered}, "rol": {role}}), http.StatusNotFound)
	})
}

func TestForeignUsersAreNotFound(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.Caceres)
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		adhered, role, _ := services(t, env, pl)
		victim := someUser(t, env, pl, apptest.Plasencia)
		path := "/usuarios/" + victim
		before := written(t, env)
		for _, res := range []apptest.Response{
			c.Get(path), c.Get(path + "?entidad=" + pl), c.Get(path + "/editar"),
			c.Get("/usuarios?entidad=" + pl), c.Get("/usuarios.csv?entidad=" + pl), c.Get("/usuarios/nuevo?entidad=" + pl),
			c.Post(path, person(freshNIF(), "x@caceres.es")),
			c.Post(path+"/bloquear", nil), c.Post(path+"/desbloquear", nil), c.Post(path+"/baja", nil),
			c.Post(path+"/permisos", url.Values{"servicio": {adhered}, "rol": {role}}),
			c.Post(path+"/permisos?entidad="+pl, url.Values{"servicio": {adhered}, "rol": {role}}),
			c.Post(path+"/permisos/quitar", url.Values{"servicio": {adhered}, "rol": {role}}),
			c.Post(path+"/sesiones/cerrar", nil), c.Post(path+"/enlace-contrasena", nil), c.Post(path+"/rol-global", url.Values{"rol_global": {"dip_admin"}}),
			c.Post("/usuarios?entidad="+pl, person(freshNIF(), "y@plasencia.es")),
		} {
			apptest.Expect(t, res, http.StatusNotFound)
		}
		if after := written(t, env); after != before {
			t.Errorf("written: %s → %s", before, after)
		}
		// His own list does not show Plasencia's people.
		list := c.Get("/usuarios?q=" + url.QueryEscape(env.String(t, `SELECT nif FROM users WHERE id = $1`, victim)))
		apptest.Expect(t, list, http.StatusOK, "No hay usuarios que coincidan")
	})
}

func TestOperatorReadsMembersOnly(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		manc := sierraDeGata(t, env)
		mem := member(t, env, manc)
		memName := env.String(t, `SELECT name FROM entities WHERE id = $1`, mem)
		o := env.Login(t, apptest.Operador)
		apptest.Expect(t, o.Get("/"), http.StatusOK, `href="/usuarios"`)
		apptest.Expect(t, o.Get("/usuarios"), http.StatusOK, "Elija arriba la entidad", memName)
		apptest.Expect(t, o.Get("/usuarios?entidad="+mem), http.StatusOK, "Usuarios "+phrase.Of(memName), "Puede consultarlas, pero no cambiarlas")
		if strings.Contains(o.Get("/usuarios?entidad="+mem).Body, "Dar de alta un usuario") {
			t.Error("the operator is offered to create users")
		}
		apptest.Expect(t, o.Get("/usuarios.csv?entidad="+mem), http.StatusOK)
		u := someUser(t, env, mem)
		path := "/usuarios/" + u
		detail := o.Get(path + "?entidad=" + mem)
		apptest.Expect(t, detail, http.StatusOK, "Solo consulta")
		for _, form := range []string{"/bloquear", "/permisos", "/baja", "/editar"} {
			if strings.Contains(detail.Body, path+form) {
				t.Errorf("the read-only page offers %s", form)
			}
		}
		adhered, role, _ := services(t, env, mem)
		before := written(t, env)
		for _, res := range []apptest.Response{
			o.Get("/usuarios/nuevo?entidad=" + mem), o.Get("/usuarios/nuevo"),
			o.Post("/usuarios?entidad="+mem, person(freshNIF(), "nuevo@gata.es")), o.Post("/usuarios", person(freshNIF(), "nuevo@gata.es")),
			o.Get(path + "/editar"), o.Post(path, person(freshNIF(), "x@gata.es")),
			o.Post(path+"/permisos", url.Values{"servicio": {adhered}, "rol": {role}}),
			o.Post(path+"/bloquear", nil), o.Post(path+"/baja", nil), o.Post(path+"/sesiones/cerrar", nil),
			o.Post(path+"/enlace-contrasena", nil), o.Post(path+"/rol-global", url.Values{"rol_global": {""}}),
		} {
			apptest.Expect(t, res, http.StatusForbidden)
		}
		if after := written(t, env); after != before {
			t.Errorf("written: %s → %s", before, after)
		}
		// Outside his members: not found.
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		apptest.Expect(t, o.Get("/usuarios?entidad="+pl), http.StatusNotFound)
		apptest.Expect(t, o.Get("/usuarios/"+someUser(t, env, pl)), http.StatusNotFound)
		apptest.Expect(t, o.Get("/usuarios?entidad="+manc), http.StatusNotFound)
	})
}

func TestBlockRevokesSessions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.Caceres)
		id := create(t, c, "", freshNIF(), "bloqueo@caceres.es")
		u := activate(t, env, "bloqueo@caceres.es")
		u2 := env.Login(t, "bloqueo@caceres.es", newPassword)
		apptest.Expect(t, u.Get("/"), http.StatusOK)
		apptest.Expect(t, c.Get("/usuarios/"+id), http.StatusOK, "Tiene 2 sesiones abiertas", "Cerrar todas sus sesiones")

		apptest.Expect(t, c.Post("/usuarios/"+id+"/bloquear", nil), http.StatusSeeOther)
		if env.String(t, `SELECT state FROM users WHERE id = $1`, id) != "bloqueado" {
			t.Fatal("not blocked")
		}
		for _, cl := range []*apptest.Client{u, u2} {
			res := cl.Get("/")
			if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/entrar") {
				t.Errorf("a blocked user's session still works: %d %q", res.Status, res.Location)
			}
		}
		res := env.Anonymous(t).Post("/entrar", url.Values{"usuario": {"bloqueo@caceres.es"}, "contrasena": {newPassword}})
		apptest.Expect(t, res, http.StatusUnauthorized, "bloqueada")
		apptest.Expect(t, c.Get("/usuarios/"+id), http.StatusOK, "La cuenta está bloqueada", "Bloqueo de la cuenta", "Desbloquear la cuenta")
		apptest.Expect(t, c.Post("/usuarios/"+id+"/bloquear", nil), http.StatusConflict, "ya está bloqueada")
		apptest.Expect(t, c.Post("/usuarios/"+id+"/enlace-contrasena", nil), http.StatusConflict, "no está activa")

		apptest.Expect(t, c.Post("/usuarios/"+id+"/desbloquear", nil), http.StatusSeeOther)
		env.Login(t, "bloqueo@caceres.es", newPassword)
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE object_id = $1 AND action IN ('usuario.bloquear', 'usuario.desbloquear')`, id); n != 2 {
			t.Errorf("%d audit rows", n)
		}

		// Nobody blocks himself; the Diputación blocks anyone, even a shared account.
		self := env.UserID(t, apptest.Caceres)
		apptest.Expect(t, c.Post("/usuarios/"+self+"/bloquear", nil), http.StatusConflict, "No puede bloquear su propia cuenta")
		d := env.Login(t, apptest.DipAdmin)
		apptest.Expect(t, d.Post("/usuarios/"+env.UserID(t, apptest.DipAdmin)+"/bloquear", nil), http.StatusConflict)
		shared := env.UserID(t, apptest.Abadia)
		apptest.Expect(t, env.Login(t, apptest.Abadia).Get("/"), http.StatusOK)
		apptest.Expect(t, d.Post("/usuarios/"+shared+"/bloquear", nil), http.StatusSeeOther)
		if env.String(t, `SELECT state FROM users WHERE id = $1`, shared) != "bloqueado" {
			t.Error("the Diputación could not block a shared account")
		}
	})
}

func TestCloseSessionsAndPasswordLink(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.Caceres)
		id := create(t, c, "", freshNIF(), "sesiones@caceres.es")
		u := activate(t, env, "sesiones@caceres.es")
		apptest.Expect(t, c.Post("/usuarios/"+id+"/sesiones/cerrar", nil), http.StatusSeeOther)
		if res := u.Get("/"); res.Status != http.StatusSeeOther {
			t.Errorf("session still open: %d", res.Status)
		}
		apptest.Expect(t, c.Get("/usuarios/"+id), http.StatusOK, "Se ha cerrado la única sesión", "No tiene ninguna sesión abierta")

		sent := len(env.Mail.Sent)
		apptest.Expect(t, c.Post("/usuarios/"+id+"/enlace-contrasena", nil), http.StatusSeeOther)
		if len(env.Mail.Sent) != sent+1 {
			t.Fatal("no e-mail")
		}
		token := lastLink(t, env, "sesiones@caceres.es")
		if !auth.CheckResetToken(context.Background(), env.DB, token) {
			t.Error("link does not work")
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE object_id = $1 AND action = 'usuario.enviar_enlace'
			AND after_json NOT LIKE '%'||$2||'%'`, id, token); n != 1 {
			t.Errorf("%d audit rows (the token must not be audited)", n)
		}
		apptest.Expect(t, c.Post("/usuarios/"+env.UserID(t, apptest.Caceres)+"/sesiones/cerrar", nil), http.StatusConflict, "Mi cuenta")
	})
}

func TestRemoveFromEntity(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.Caceres)
		cc := env.EntityID(t, apptest.Dir3Caceres)
		adhered, role, _ := services(t, env, cc)
		id := create(t, c, "", freshNIF(), "baja@caceres.es")
		u := activate(t, env, "baja@caceres.es")
		apptest.Expect(t, c.Post("/usuarios/"+id+"/permisos", url.Values{"servicio": {adhered}, "rol": {role}}), http.StatusSeeOther)

		res := c.Post("/usuarios/"+id+"/baja", nil)
		apptest.Expect(t, res, http.StatusSeeOther)
		apptest.Expect(t, c.Get(res.Location), http.StatusOK, "su cuenta queda de baja")
		if got := env.String(t, `SELECT state FROM users WHERE id = $1`, id); got != "baja" {
			t.Errorf("state %q", got)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM memberships WHERE user_id = $1`, id) + env.Count(t, `SELECT COUNT(*) FROM grants WHERE user_id = $1`, id); n != 0 {
			t.Errorf("%d memberships and grants left", n)
		}
		if res := u.Get("/"); res.Status != http.StatusSeeOther {
			t.Errorf("session still open: %d", res.Status)
		}
		apptest.Expect(t, c.Get("/usuarios/"+id), http.StatusNotFound)
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE object_id = $1 AND action = 'usuario.baja' AND before_json LIKE '%'||$2||'%'`,
			id, env.String(t, `SELECT name FROM service_roles WHERE service_code = $1 AND role_code = $2`, adhered, role)); n != 1 {
			t.Errorf("%d baja audit rows naming the lost grant", n)
		}
		// The Diputación still reads the account and its history.
		apptest.Expect(t, env.Login(t, apptest.DipAdmin).Get("/usuarios/"+id), http.StatusOK, "La cuenta está de baja", "Baja en la entidad", "Perfil concedido")
		apptest.Expect(t, c.Post("/usuarios/"+env.UserID(t, apptest.Caceres)+"/baja", nil), http.StatusConflict)

		// Giving the same NIF again only invites the account (which cannot
		// sign in to accept: the e-mail says so); the Diputación links it
		// at once and makes it active.
		nif := env.String(t, `SELECT nif FROM users WHERE id = $1`, id)
		invite(t, c, "", nif)
		if msg, _ := env.Mail.Last(); !strings.Contains(msg.Body, "está de baja") {
			t.Errorf("invitation to an account de baja:\n%s", msg.Body)
		}
		if got := env.String(t, `SELECT state FROM users WHERE id = $1`, id); got != "baja" {
			t.Errorf("state %q after inviting", got)
		}
		if got := create(t, env.Login(t, apptest.DipAdmin), "?entidad="+cc, nif, ""); got != id {
			t.Errorf("re-created %s, want %s", got, id)
		}
		if got := env.String(t, `SELECT state FROM users WHERE id = $1`, id); got != "activo" {
			t.Errorf("state %q after re-linking", got)
		}
	})
}

func TestEdit(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.Caceres)
		nif := freshNIF()
		id := create(t, c, "", nif, "editar@caceres.es")
		path := "/usuarios/" + id
		apptest.Expect(t, c.Get(path+"/editar"), http.StatusOK, `value="Lucía"`, "solo la Diputación puede corregirlo")
		form := url.Values{"nombre": {"Lucía María"}, "apellido1": {"Gómez"}, "apellido2": {""}, "nif": {freshNIF()},
			"email": {"Editada@Caceres.es"}, "telefono": {""}, "cargo": {"Técnica"}, "rol": {"admin"}}
		apptest.Expect(t, c.Post(path, form), http.StatusSeeOther)
		got := env.String(t, `SELECT u.name || '|' || u.surname2 || '|' || u.nif || '|' || u.email || '|' || u.phone || '|' || m.role || '|' || m.job_title
			FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.id = $1`, id)
		if got != "Lucía María||"+nif+"|editada@caceres.es||admin|Técnica" {
			t.Errorf("after edit: %q", got)
		}
		audit := env.String(t, `SELECT before_json || ' => ' || after_json FROM audit_log WHERE object_id = $1 AND action = 'usuario.modificar'`, id)
		for _, w := range []string{`"nombre":"Lucía"`, `"nombre":"Lucía María"`, `"papel":"personal"`, `"papel":"admin"`} {
			if !strings.Contains(audit, w) {
				t.Errorf("%s not in audit %s", w, audit)
			}
		}
		before := written(t, env)
		form.Set("email", apptest.Plasencia)
		apptest.Expect(t, c.Post(path, form), http.StatusUnprocessableEntity, "ya es el de otra persona")
		form.Set("email", "editada@caceres.es")
		form.Set("rol", "operador")
		apptest.Expect(t, c.Post(path, form), http.StatusUnprocessableEntity, "solo existe en las mancomunidades")
		self := env.UserID(t, apptest.Caceres)
		apptest.Expect(t, c.Post("/usuarios/"+self, url.Values{"nombre": {"Beatriz"}, "apellido1": {"Cordero"}, "apellido2": {"Tejeda"},
			"email": {apptest.Caceres}, "rol": {"personal"}}), http.StatusUnprocessableEntity, "No puede cambiar su propio papel")
		if after := written(t, env); after != before {
			t.Errorf("written: %s → %s", before, after)
		}
		// The Diputación corrects the NIF.
		d := env.Login(t, apptest.DipAdmin)
		newNIF := freshNIF()
		form.Set("rol", "admin")
		form.Set("nif", newNIF)
		apptest.Expect(t, d.Post(path, form), http.StatusSeeOther)
		if env.String(t, `SELECT nif FROM users WHERE id = $1`, id) != newNIF {
			t.Error("the Diputación could not correct the NIF")
		}
		form.Set("nif", env.String(t, `SELECT nif FROM users WHERE email = $1`, apptest.Plasencia))
		apptest.Expect(t, d.Post(path, form), http.StatusUnprocessableEntity, "ya es el de otra persona")
	})
}

func TestGlobalRole(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		d := env.Login(t, apptest.DipAdmin)
		target := env.UserID(t, apptest.Caceres)
		apptest.Expect(t, d.Get("/usuarios/"+target), http.StatusOK, "Papel en la Diputación")
		apptest.Expect(t, d.Post("/usuarios/"+target+"/rol-global", url.Values{"rol_global": {"dip_tecnico"}}), http.StatusSeeOther)
		if got := env.String(t, `SELECT global_role FROM users WHERE id = $1`, target); got != "dip_tecnico" {
			t.Errorf("global role %q", got)
		}
		apptest.Expect(t, d.Post("/usuarios/"+target+"/rol-global", url.Values{"rol_global": {"jefe"}}), http.StatusUnprocessableEntity, "Elija uno de los roles")
		self := env.UserID(t, apptest.DipAdmin)
		apptest.Expect(t, d.Post("/usuarios/"+self+"/rol-global", url.Values{"rol_global": {""}}), http.StatusUnprocessableEntity, "No puede quitarse a sí mismo")
		if got := env.String(t, `SELECT global_role FROM users WHERE id = $1`, self); got != "dip_admin" {
			t.Errorf("own role %q", got)
		}
		c := env.Login(t, apptest.Caceres)
		apptest.Expect(t, c.Post("/usuarios/"+someUser(t, env, env.EntityID(t, apptest.Dir3Caceres), apptest.Caceres)+"/rol-global",
			url.Values{"rol_global": {"dip_admin"}}), http.StatusForbidden)
		if strings.Contains(c.Get("/usuarios/"+target).Body, "rol-global") {
			t.Error("an entity admin is offered the global role form")
		}
	})
}

func TestDiputacionAdminList(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		d := env.Login(t, apptest.DipAdmin)
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		all := d.Get("/usuarios")
		apptest.Expect(t, all, http.StatusOK, "Todas las cuentas de Concejo", "Descargar la lista en CSV", "Siguiente")
		apptest.Expect(t, d.Get("/usuarios?q=hurtado+bermejo"), http.StatusOK, "Hurtado Bermejo, Raúl", "Ayuntamiento de Plasencia")
		apptest.Expect(t, d.Get("/usuarios?entidad="+pl), http.StatusOK, "Usuarios del Ayuntamiento de Plasencia", "Hurtado Bermejo, Raúl", "Dar de alta un usuario")
		apptest.Expect(t, d.Get("/usuarios?entidad=00000000000000000000000000"), http.StatusNotFound)
		apptest.Expect(t, d.Get("/usuarios?pagina=2"), http.StatusOK, "Anterior")
		csv := d.Get("/usuarios.csv?q=abadia")
		apptest.Expect(t, csv, http.StatusOK, "Rebollo;Sánchez;María del Carmen")
		if !strings.Contains(csv.Body, "Aldeanueva del Camino") {
			t.Error("the CSV of every user does not list the entities")
		}

		// The Diputación creates a user in any entity named in the URL.
		id := create(t, d, "?entidad="+pl, freshNIF(), "dip.crea@plasencia.es")
		if n := env.Count(t, `SELECT COUNT(*) FROM memberships WHERE entity_id = $1 AND user_id = $2`, pl, id); n != 1 {
			t.Error("not created in Plasencia")
		}
		apptest.Expect(t, env.Login(t, apptest.Plasencia).Get("/usuarios/"+id), http.StatusOK, "Lucía Gómez Núñez")
	})
}
