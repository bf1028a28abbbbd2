package casefile_test

import (
	"net/url"
	"sync"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/web"
)

// TestConcurrentNumbers: 24 expedientes opened at once by two clerks of
// Cáceres take the numbers 1 to 24 of the year, none repeated or skipped,
// while Plasencia's run their own series from 1.
func TestConcurrentNumbers(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc, cc2, pl := env.Login(t, apptest.Caceres), env.Login(t, apptest.Caceres), env.Login(t, apptest.Plasencia)
		procs := map[*apptest.Client]string{cc: ownProcedure(t, cc, procedureOf(t, env, apptest.Dir3Caceres, "QUEJA-SUGERENCIA"), "10", "habiles")}
		procs[cc2], procs[pl] = procs[cc], ownProcedure(t, pl, procedureOf(t, env, apptest.Dir3Plasencia, "QUEJA-SUGERENCIA"), "10", "habiles")
		var wg sync.WaitGroup
		for i := range 30 {
			c := []*apptest.Client{cc, cc2, pl, cc, cc2}[i%5]
			wg.Add(1)
			go func() {
				defer wg.Done()
				res := c.Post("/expedientes", url.Values{"procedimiento": {procs[c]}, "asunto": {"Queja concurrente"}})
				if res.Status != 303 {
					t.Errorf("open: %d %.300s", res.Status, apptest.Text(res.Body))
				}
			}()
		}
		wg.Wait()
		// The demo may have numbered a few of this year already: the new
		// ones follow them, consecutive and unrepeated, up to the counter.
		for entity, want := range map[string]int{apptest.Dir3Caceres: 24, apptest.Dir3Plasencia: 6} {
			id, year := env.EntityID(t, entity), time.Now().In(web.Madrid).Year()
			ours := `FROM casefile_files WHERE entity_id = $1 AND year = $2 AND subject = 'Queja concurrente'`
			n := env.Count(t, `SELECT COUNT(*) `+ours, id, year)
			distinct := env.Count(t, `SELECT COUNT(DISTINCT seq) `+ours, id, year)
			span := env.Count(t, `SELECT MAX(seq) - MIN(seq) + 1 `+ours, id, year)
			top := env.Count(t, `SELECT MAX(seq) FROM casefile_files WHERE entity_id = $1 AND year = $2`, id, year)
			last := env.Count(t, `SELECT last FROM casefile_counters WHERE entity_id = $1 AND year = $2`, id, year)
			if n != want || distinct != want || span != want || last != top {
				t.Errorf("%s: %d expedientes, %d distinct numbers spanning %d, highest %d, counter %d; want %d consecutive up to the counter",
					entity, n, distinct, span, top, last, want)
			}
		}
	})
}
