package sessions_test

import (
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// TestConcurrentRecording votes the same item and closes the same session
// from many requests at once: one vote counts and the others are
// conflicts; one close writes the acta and sends each certificate to its
// expediente once.
func TestConcurrentRecording(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		env, _ := startAt(t, d, madrid(2026, time.November, 10, 10, 0))
		cc := env.Login(t, apptest.Caceres)
		organ := pleno(t, env, cc, apptest.Dir3Caceres)
		files := concluded(t, env, cc, apptest.Dir3Caceres, "2026-11-02", 1)
		s := sessionFrom(t, cc.Post("/sesiones", convocation(organ, "urgente", madrid(2026, time.November, 10, 12, 0), files...)))
		it := items(t, env, s)
		ids, secretary := members(t, env, organ)
		apptest.Expect(t, cc.Post("/sesiones/"+s+"/asistencia", attendance(ids, secretary, len(ids))), http.StatusSeeOther)
		apptest.Expect(t, cc.Post("/sesiones/"+s+"/puntos/"+it[0], counts(20, 0, 0)), http.StatusSeeOther)

		race := func(path string, form url.Values) map[int]int {
			const n = 8
			statuses := map[int]int{}
			var mu sync.Mutex
			var wg sync.WaitGroup
			for range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					res := cc.Post(path, form)
					mu.Lock()
					statuses[res.Status]++
					mu.Unlock()
				}()
			}
			wg.Wait()
			return statuses
		}
		if got := race("/sesiones/"+s+"/puntos/"+it[1], counts(15, 5, 0, "resuelve", "1")); got[http.StatusSeeOther] != 1 || got[http.StatusConflict] != 7 {
			t.Fatalf("concurrent votes: %v", got)
		}
		if n := env.Count(t, `SELECT votes_for FROM sessions_items WHERE id = $1`, it[1]); n != 15 {
			t.Fatalf("votes for %d", n)
		}
		if got := race("/sesiones/"+s+"/cerrar", url.Values{"hora_fin": {"13:00"}}); got[http.StatusSeeOther] != 1 || got[http.StatusConflict] != 7 {
			t.Fatalf("concurrent closes: %v", got)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM casefile_documents WHERE file_id = $1 AND doc_type = 'TD11'`, files[0]); n != 1 {
			t.Fatalf("%d certificates in the expediente", n)
		}
		if s := env.String(t, `SELECT state FROM casefile_files WHERE id = $1`, files[0]); s != "resuelto" {
			t.Fatalf("expediente %s", s)
		}
	})
}
