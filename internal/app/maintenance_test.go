package app_test

import (
	"context"
	"testing"
	"time"

	"concejo/internal/app/apptest"
)

// TestPurgeKeepsLiveSessions proves the periodic purge deletes only
// sessions ended long ago: a live session keeps working afterwards.
func TestPurgeKeepsLiveSessions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		live := env.Login(t, apptest.Caceres)
		env.Login(t, apptest.Plasencia)
		env.Login(t, apptest.Abadia)
		old := time.Now().UTC().Add(-40 * 24 * time.Hour)
		recent := time.Now().UTC().Add(-2 * time.Hour)
		plasencia, abadia := env.UserID(t, apptest.Plasencia), env.UserID(t, apptest.Abadia)
		if _, err := env.DB.Exec(`UPDATE sessions SET expires_at = $1 WHERE user_id = $2`, old, plasencia); err != nil {
			t.Fatal(err)
		}
		if _, err := env.DB.Exec(`UPDATE sessions SET revoked_at = $1 WHERE user_id = $2`, recent, abadia); err != nil {
			t.Fatal(err)
		}
		sessions, _, err := env.App.Purge(context.Background(), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if sessions != 1 || env.Count(t, `SELECT COUNT(*) FROM sessions WHERE user_id = $1`, plasencia) != 0 ||
			env.Count(t, `SELECT COUNT(*) FROM sessions WHERE user_id = $1`, abadia) != 1 {
			t.Fatalf("purged %d sessions; the one ended 40 days ago must go, the recently revoked one stay", sessions)
		}
		apptest.Expect(t, live.Get("/"), 200)
	})
}
