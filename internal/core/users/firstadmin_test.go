package users_test

import (
	"context"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/core/users"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
	"concejo/internal/platform/errs"
)

func TestCreateFirstAdmin(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		in := users.NewUser{Name: " Ana ", Surname1: "Sánchez", NIF: strings.ToLower(freshNIF()), Email: "Ana.Sanchez@DipCaceres.es",
			JobTitle: "Jefa de Sistemas"}
		password := "una contraseña de consola"
		id, err := users.CreateFirstAdmin(ctx, env.DB, apptest.Cheap, in, password)
		if err != nil {
			t.Fatal(err)
		}
		var email, role, state, hash string
		if err := env.DB.QueryRowContext(ctx, `SELECT email, global_role, state, password_hash FROM users WHERE id = $1`, id).
			Scan(&email, &role, &state, &hash); err != nil {
			t.Fatal(err)
		}
		if email != "ana.sanchez@dipcaceres.es" || role != "dip_admin" || state != "activo" || !auth.CheckPassword(hash, password) {
			t.Errorf("row %q %q %q", email, role, state)
		}
		if got := env.String(t, `SELECT m.role || '/' || m.job_title FROM memberships m JOIN entities e ON e.id = m.entity_id
			WHERE m.user_id = $1 AND e.dir3 = $2`, id, users.DiputacionDIR3); got != "admin/Jefa de Sistemas" {
			t.Errorf("membership %q", got)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'usuario.crear' AND object_id = $1 AND actor_id = 'sistema'`, id); n != 1 {
			t.Errorf("%d audit rows", n)
		}
		// The new administrator signs in (and is sent to enrol his second factor).
		c := env.Login(t, "ana.sanchez@dipcaceres.es", password)
		if res := c.Get("/usuarios"); res.Status != 303 || res.Location != "/cuenta/segundo-factor" {
			t.Errorf("before TOTP: %d %q", res.Status, res.Location)
		}

		before := written(t, env)
		_, err = users.CreateFirstAdmin(ctx, env.DB, apptest.Cheap, in, password)
		if err == nil || !strings.Contains(err.Error(), "ya existe una cuenta con el NIF") {
			t.Errorf("duplicate NIF: %v", err)
		}
		in.NIF = freshNIF()
		if _, err = users.CreateFirstAdmin(ctx, env.DB, apptest.Cheap, in, password); err == nil || !strings.Contains(err.Error(), "correo") {
			t.Errorf("duplicate e-mail: %v", err)
		}
		_, err = users.CreateFirstAdmin(ctx, env.DB, apptest.Cheap, users.NewUser{Name: "Ana", NIF: "12345678A", Email: "no"}, "corta")
		fe, ok := errs.AsFields(err)
		if !ok || fe.For("apellido1") == "" || !strings.Contains(fe.For("nif"), "letra de control") ||
			fe.For("email") == "" || !strings.Contains(fe.For("contrasena"), "12 caracteres") {
			t.Errorf("validation: %v", err)
		}
		if after := written(t, env); after != before {
			t.Errorf("written: %s → %s", before, after)
		}
	})
}

func TestCreateFirstAdminNeedsTheDiputacion(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		_, err := users.CreateFirstAdmin(context.Background(), d, apptest.Cheap,
			users.NewUser{Name: "Ana", Surname1: "Sánchez", NIF: freshNIF(), Email: "ana@dipcaceres.es"}, "una contraseña larga")
		if err == nil || !strings.Contains(err.Error(), "no existe la entidad Diputación") {
			t.Errorf("got %v", err)
		}
		var n int
		d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM users`).Scan(&n)
		if n != 0 {
			t.Errorf("%d users written", n)
		}
	})
}
