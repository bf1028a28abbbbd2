package census_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"concejo/internal/app/apptest"
)

var (
	unsentRe   = regexp.MustCompile(`(?:(\d+) variaciones|Una variación) del padrón de meses anteriores`)
	lapsedRe   = regexp.MustCompile(`(?:(\d+) inscripciones de extranjeros caducadas|Una inscripción de extranjero caducada)`)
	unwarnedRe = regexp.MustCompile(`(?:(\d+) extranjeros deben|Un extranjero debe) renovar su inscripción`)
)

// TestHomeShowsPadronWork: the gestor's home counts the variations of past
// months not sent to the INE and the ENCSARP inscriptions lapsed or to
// warn, of his own town only.
func TestHomeShowsPadronWork(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		ab := adhereAbadia(t, env)
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		plc, abc := env.Login(t, apptest.Plasencia), env.Login(t, apptest.Abadia)
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := env.DB.ExecContext(ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		// a clean slate: everything sent, nobody subject to renewal
		exec(`UPDATE census_variations SET ine_state = 'enviada'`)
		exec(`UPDATE census_inscriptions SET renewal_on = NULL, renewal_warned_at = NULL`)
		for _, re := range []*regexp.Regexp{unsentRe, lapsedRe, unwarnedRe} {
			if n := plc.HomeCount(t, re); n != 0 {
				t.Fatalf("%s: %d on a clean slate", re, n)
			}
		}
		now := time.Now().UTC()
		lastMonth := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
		// three of Plasencia's variations of last month wait for the INE file; one of this month does not count yet
		exec(`UPDATE census_variations SET ine_state = '', recorded_at = $2 WHERE entity_id = $1 AND id IN
			(SELECT id FROM census_variations WHERE entity_id = $1 ORDER BY id LIMIT 3)`, pl, lastMonth)
		exec(`UPDATE census_variations SET ine_state = '', recorded_at = $2 WHERE entity_id = $1 AND id IN
			(SELECT id FROM census_variations WHERE entity_id = $1 ORDER BY id DESC LIMIT 1)`, pl, now)
		if n := plc.HomeCount(t, unsentRe); n != 3 {
			t.Fatalf("unsent: %d, want 3", n)
		}
		// ENCSARP: one lapsed yesterday, one lapses in a month (not warned), one warned
		day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		var ids []string
		rows, err := env.DB.QueryContext(ctx, `SELECT id FROM census_inscriptions WHERE entity_id = $1 AND active ORDER BY id LIMIT 3`, pl)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id string
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		exec(`UPDATE census_inscriptions SET renewal_on = $2 WHERE id = $1`, ids[0], day.AddDate(-2, 0, -2))
		exec(`UPDATE census_inscriptions SET renewal_on = $2 WHERE id = $1`, ids[1], day.AddDate(-2, 1, 0))
		exec(`UPDATE census_inscriptions SET renewal_on = $2, renewal_warned_at = $3 WHERE id = $1`, ids[2], day.AddDate(-2, 1, 0), now)
		if n := plc.HomeCount(t, lapsedRe); n != 1 {
			t.Fatalf("lapsed: %d, want 1", n)
		}
		if n := plc.HomeCount(t, unwarnedRe); n != 1 {
			t.Fatalf("to warn: %d, want 1", n)
		}
		// the items lead to where the work is done
		home := plc.Get("/")
		apptest.Expect(t, home, 200, `href="/padron/ine"`, `href="/padron/encsarp"`)
		// warning them clears the item
		apptest.Expect(t, plc.Post("/padron/encsarp/avisos", nil), 303)
		if n := plc.HomeCount(t, unwarnedRe); n != 0 {
			t.Fatalf("to warn after warning: %d", n)
		}
		// another town's clerk sees none of it
		for _, re := range []*regexp.Regexp{unsentRe, lapsedRe, unwarnedRe} {
			if n := abc.HomeCount(t, re); n != 0 {
				t.Fatalf("Abadía (%s) sees %s: %d", ab, re, n)
			}
		}
		// nor does the Diputación
		if n := env.Login(t, apptest.DipAdmin).HomeCount(t, unsentRe); n != 0 {
			t.Fatalf("the Diputación sees %d", n)
		}
	})
}
