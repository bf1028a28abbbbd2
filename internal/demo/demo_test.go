package demo

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/audit"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
	"concejo/internal/platform/validate"
)

var cheap = auth.Argon2Params{Memory: 64, Time: 1, Threads: 1}

// published are the Diputación's figures of entities adhered per service.
var published = map[string]int{
	"red": 236, "padron": 167, "registro": 47, "expedientes": 28, "tributos": 74, "nominas": 29,
	"contabilidad": 84, "oficina_virtual": 16, "portal": 217, "correo": 210, "activos": 7, "face": 41,
	"geiser": 141, "portafirmas": 30, "fnmt": 155, "inside": 46, "gestiona": 177,
}

func load(t *testing.T, d *db.DB) *Summary {
	t.Helper()
	start := time.Now()
	s, err := Load(context.Background(), d, Options{PasswordParams: cheap, Now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Load on %s: %s", d.Engine, time.Since(start).Round(time.Millisecond))
	return s
}

func TestLoad(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := load(t, d)
		if !s.Created {
			t.Fatal("first load did not create the data")
		}
		want := map[string]int{"diputacion": 1, "ayuntamiento": 223, "elm": 5, "mancomunidad": 16}
		if fmt.Sprint(s.EntitiesByKind) != fmt.Sprint(want) {
			t.Fatalf("entities %v, want %v", s.EntitiesByKind, want)
		}
		if s.Users < 550 || s.Users > 650 {
			t.Errorf("%d users, want about 600", s.Users)
		}
		wantStates := map[string]int{"activa": 1705, "solicitada": 3, "firmada": 2, "finalizada": 1, "rechazada": 1}
		if fmt.Sprint(s.AdhesionsByState) != fmt.Sprint(wantStates) {
			t.Errorf("adhesions %v, want %v", s.AdhesionsByState, wantStates)
		}
		if len(s.Logins) != 6 {
			t.Errorf("logins %v", s.Logins)
		}

		// A second load writes nothing.
		again := load(t, d)
		if again.Created || again.Users != s.Users || again.Adhesions() != s.Adhesions() || again.Entities() != s.Entities() ||
			again.Grants != s.Grants {
			t.Fatalf("second load changed the data: %+v → %+v", s, again)
		}
		var audits int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'demo.cargar'`).Scan(&audits)
		if audits != 1 {
			t.Fatalf("%d demo.cargar audit rows", audits)
		}
		if n, problems, err := audit.Verify(ctx, d); err != nil || len(problems) > 0 || n == 0 {
			t.Fatalf("audit chain: %d %v %v", n, problems, err)
		}
	})
}

func TestAdhesionFigures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		load(t, d)
		rows, err := d.QueryContext(ctx, `SELECT service_code, COUNT(DISTINCT entity_id) FROM adhesions
			WHERE state = 'activa' GROUP BY service_code`)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for rows.Next() {
			var code string
			var n int
			rows.Scan(&code, &n)
			got[code] = n
		}
		rows.Close()
		if fmt.Sprint(got) != fmt.Sprint(published) {
			t.Fatalf("active adhesions per service\n got %v\nwant %v", got, published)
		}
		var mailboxes, zero int
		d.QueryRowContext(ctx, `SELECT SUM(quantity), SUM(CASE WHEN quantity < 1 THEN 1 ELSE 0 END) FROM adhesions
			WHERE service_code = 'correo' AND state = 'activa'`).Scan(&mailboxes, &zero)
		if mailboxes != 1227 || zero != 0 {
			t.Fatalf("%d mailboxes (%d adhesions without any), want 1227", mailboxes, zero)
		}
		var dup int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT entity_id, service_code FROM adhesions
			WHERE state IN ('solicitada', 'firmada', 'activa') GROUP BY entity_id, service_code HAVING COUNT(*) > 1) x`).Scan(&dup)
		if dup != 0 {
			t.Fatalf("%d entities with two open adhesions to one service", dup)
		}
	})
}

func TestEligibilityRespected(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		load(t, d)
		rows, err := d.QueryContext(ctx, `SELECT a.number, a.service_code, e.name, e.population, a.decision_reason
			FROM adhesions a JOIN entities e ON e.id = a.entity_id
			WHERE NOT EXISTS (SELECT 1 FROM service_eligibility r WHERE r.service_code = a.service_code
				AND r.entity_kind = e.kind
				AND (r.min_population IS NULL OR e.population >= r.min_population)
				AND (r.max_population IS NULL OR e.population <= r.max_population))
			ORDER BY e.population DESC`)
		if err != nil {
			t.Fatal(err)
		}
		var outside []string
		for rows.Next() {
			var number, code, name, reason string
			var pop int64
			rows.Scan(&number, &code, &name, &pop, &reason)
			if code != "registro" || reason != HistoricReason || pop >= 2000 {
				t.Errorf("%s: %s adhered to %s against the rules (%d inhabitants, %q)", number, name, code, pop, reason)
			}
			outside = append(outside, name)
		}
		rows.Close()
		want := "Ayuntamiento de Aldeanueva de la Vera, Ayuntamiento de Garrovillas de Alconétar, Ayuntamiento de Logrosán, " +
			"Ayuntamiento de Zarza de Granadilla, Ayuntamiento de Pinofranqueado"
		if got := strings.Join(outside, ", "); got != want {
			t.Fatalf("exceptions:\n got %s\nwant %s", got, want)
		}
	})
}

func TestEntitiesAndUsers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		load(t, d)
		var aytos, badDIR3, badNIF int
		rows, _ := d.QueryContext(ctx, `SELECT ine_code, ine_dc, dir3, nif FROM entities WHERE kind = 'ayuntamiento'`)
		for rows.Next() {
			var ine, dir3, nif string
			var dc int
			rows.Scan(&ine, &dc, &dir3, &nif)
			aytos++
			if dir3 != fmt.Sprintf("L01%s%d", ine, dc) {
				badDIR3++
			}
			if n, err := validate.NIF(nif); err != nil || n != nif || nif[1:6] != ine {
				badNIF++
			}
		}
		rows.Close()
		if aytos != 223 || badDIR3 != 0 || badNIF != 0 {
			t.Fatalf("%d ayuntamientos, %d wrong DIR3, %d wrong NIF", aytos, badDIR3, badNIF)
		}
		var dipNIF string
		d.QueryRowContext(ctx, `SELECT nif FROM entities WHERE dir3 = 'L02000010'`).Scan(&dipNIF)
		if _, err := validate.NIF(dipNIF); err != nil || dipNIF != "P1000000H" {
			t.Fatalf("Diputación NIF %s: %v", dipNIF, err)
		}

		users, _ := d.QueryContext(ctx, `SELECT nif, email FROM users`)
		n := 0
		for users.Next() {
			var nif, email string
			users.Scan(&nif, &email)
			n++
			if _, err := validate.PersonNIF(nif); err != nil {
				t.Errorf("user %s: NIF %s: %v", email, nif, err)
			}
			if _, err := validate.Email(email); err != nil || email != strings.ToLower(email) {
				t.Errorf("user e-mail %q: %v", email, err)
			}
		}
		users.Close()
		if n == 0 {
			t.Fatal("no users")
		}

		// Every grant is on an active adhesion of the grant's entity.
		var stray int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM grants g WHERE NOT EXISTS (SELECT 1 FROM adhesions a
			WHERE a.entity_id = g.entity_id AND a.service_code = g.service_code AND a.state = 'activa')`).Scan(&stray)
		if stray != 0 {
			t.Fatalf("%d grants without an active adhesion", stray)
		}
	})
}

func TestWellKnownLogins(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := load(t, d)
		for _, l := range s.Logins {
			var hash string
			if err := d.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE email = $1`, l.Email).Scan(&hash); err != nil {
				t.Fatal(err)
			}
			if !auth.CheckPassword(hash, l.Password) {
				t.Errorf("%s: the password %s does not match", l.Email, l.Password)
			}
		}
		var secret string
		var totp bool
		var role string
		d.QueryRowContext(ctx, `SELECT totp_secret, totp_enabled, global_role FROM users WHERE email = 'admin@dipcaceres.es'`).
			Scan(&secret, &totp, &role)
		if secret != AdminTOTPSecret || !totp || role != "dip_admin" {
			t.Fatalf("Diputación admin: %q %v %q", secret, totp, role)
		}
		member := func(email, dir3OrName string) string {
			var role string
			d.QueryRowContext(ctx, `SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id
				JOIN entities e ON e.id = m.entity_id WHERE u.email = $1 AND (e.dir3 = $2 OR e.name = $2)`, email, dir3OrName).Scan(&role)
			return role
		}
		for _, c := range []struct{ email, entity, role string }{
			{"admin@dipcaceres.es", "L02000010", "admin"},
			{"tecnico@dipcaceres.es", "L02000010", "personal"},
			{"admin@caceres.es", "L01100377", "admin"},
			{"admin@plasencia.es", "L01101480", "admin"},
			{"secretaria@abadia.es", "L01100015", "admin"},
			{"secretaria@abadia.es", "L01100152", "personal"},
			{"operador@sierradegata.es", "Mancomunidad Integral Sierra de Gata", "operador"},
		} {
			if got := member(c.email, c.entity); got != c.role {
				t.Errorf("%s in %s: role %q, want %q", c.email, c.entity, got, c.role)
			}
		}
		// The entity administrators hold a grant on every active adhesion of their entity.
		var missing int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM adhesions a JOIN entities e ON e.id = a.entity_id
			WHERE a.state = 'activa' AND e.dir3 IN ('L01100377', 'L01101480', 'L01100015') AND NOT EXISTS
			(SELECT 1 FROM grants g JOIN memberships m ON m.entity_id = g.entity_id AND m.user_id = g.user_id
			WHERE g.entity_id = a.entity_id AND g.service_code = a.service_code AND m.role = 'admin')`).Scan(&missing)
		if missing != 0 {
			t.Fatalf("%d active adhesions of the demo cities without a grant for their administrator", missing)
		}
		// Plasencia keeps services to request in the demo.
		var free int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM services s WHERE NOT EXISTS (SELECT 1 FROM adhesions a
			JOIN entities e ON e.id = a.entity_id WHERE e.dir3 = 'L01101480' AND a.service_code = s.code)`).Scan(&free)
		if free < 3 {
			t.Fatalf("Plasencia can request only %d services", free)
		}
	})
}
