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
		for entity, want := range map[string]int{apptest.Dir3Caceres: 24, apptest.Dir3Plasencia: 6} {
			id := env.EntityID(t, entity)
			year := time.Now().In(web.Madrid).Year()
			n := env.Count(t, `SELECT COUNT(*) FROM casefile_files WHERE entity_id = $1 AND year = $2`, id, year)
			distinct := env.Count(t, `SELECT COUNT(DISTINCT seq) FROM casefile_files WHERE entity_id = $1 AND year = $2`, id, year)
			top := env.Count(t, `SELECT MAX(seq) FROM casefile_files WHERE entity_id = $1 AND year = $2`, id, year)
			last := env.Count(t, `SELECT last FROM casefile_counters WHERE entity_id = $1 AND year = $2`, id, year)
			if n != want || distinct != want || top != want || last != want {
				t.Errorf("%s: %d expedientes, %d distinct numbers, highest %d, counter %d; want %d of each", entity, n, distinct, top, last, want)
			}
		}
	})
}
