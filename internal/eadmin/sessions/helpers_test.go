package sessions_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"concejo/internal/app"
	"concejo/internal/app/apptest"
	"concejo/internal/platform/db"
	"concejo/internal/platform/web"
)

// clock is a platform clock a test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// madrid is a wall-clock time in Madrid.
func madrid(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, web.Madrid)
}

// startAt starts the app with its clock at t (the demo is loaded at the
// real time).
func startAt(t *testing.T, d *db.DB, at time.Time) (*apptest.Env, *clock) {
	c := &clock{t: at}
	return apptest.StartWith(t, d, app.Options{Clock: c.Now}), c
}

var sessionRe = regexp.MustCompile(`^/sesiones/([0-9A-Za-z]+)$`)

// sessionFrom returns the id of the session a redirect names.
func sessionFrom(t testing.TB, res apptest.Response) string {
	t.Helper()
	if res.Status != http.StatusSeeOther {
		t.Fatalf("status %d, want 303\n%.900s", res.Status, apptest.Text(res.Body))
	}
	m := sessionRe.FindStringSubmatch(res.Location)
	if m == nil {
		t.Fatalf("location %q", res.Location)
	}
	return m[1]
}

// pleno is the id of the entity's Pleno (made on first sight of the list).
func pleno(t testing.TB, env *apptest.Env, c *apptest.Client, dir3 string) string {
	t.Helper()
	apptest.Expect(t, c.Get("/organos"), http.StatusOK, "Pleno")
	return env.String(t, `SELECT id FROM sessions_organs WHERE entity_id = $1 AND kind = 'pleno'`, env.EntityID(t, dir3))
}

// convocation is the form of a session of organ on t (Madrid) with files.
func convocation(organ, kind string, t time.Time, files ...string) url.Values {
	return url.Values{"organo": {organ}, "clase": {kind}, "fecha": {t.Format("2006-01-02")}, "hora": {t.Format("15:04")},
		"lugar": {"el Salón de Plenos"}, "expedientes": files, "informativos": {"Ruegos y preguntas"}}
}

// members lists the ids of the active members of an órgano by position,
// and which of them is the Secretario.
func members(t testing.TB, env *apptest.Env, organ string) (ids []string, secretary string) {
	t.Helper()
	rows, err := env.DB.Query(`SELECT id, role FROM sessions_members WHERE organ_id = $1 AND active = TRUE ORDER BY pos`, organ)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, role string
		if err := rows.Scan(&id, &role); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		if role == "secretario" {
			secretary = id
		}
	}
	return ids, secretary
}

// attendance marks present the first n members and the Secretario, the rest absent.
func attendance(ids []string, secretary string, n int) url.Values {
	v := url.Values{"hora": {"12:05"}}
	for i, id := range ids {
		st := "ausente"
		if i < n || id == secretary {
			st = "presente"
		}
		v.Set("asistencia_"+id, st)
	}
	return v
}

// counts is a vote by counts.
func counts(favor, against, abst int, extra ...string) url.Values {
	v := url.Values{"resultado": {"votacion"}, "a_favor": {strconv.Itoa(favor)}, "en_contra": {strconv.Itoa(against)},
		"abstenciones": {strconv.Itoa(abst)}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v
}

// items lists the ids of a session's items by position.
func items(t testing.TB, env *apptest.Env, session string) []string {
	t.Helper()
	var out []string
	rows, err := env.DB.Query(`SELECT id FROM sessions_items WHERE session_id = $1 ORDER BY pos`, session)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// concluded opens n expedientes de oficio in the entity of c (a contrato
// menor, started on day) and concludes their instrucción, doing the
// required trámites first: they are then ready for a session.
func concluded(t testing.TB, env *apptest.Env, c *apptest.Client, dir3, day string, n int) []string {
	t.Helper()
	proc := env.String(t, `SELECT id FROM casefile_procedures WHERE entity_id = $1 AND model_code = 'CONTRATO-MENOR'`, env.EntityID(t, dir3))
	var out []string
	for range n {
		res := c.Post("/expedientes", url.Values{"procedimiento": {proc}, "asunto": {"Contrato menor de suministro de luminarias"},
			"fecha_inicio": {day}})
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/expedientes/") {
			t.Fatalf("open: %d %s", res.Status, apptest.Text(res.Body))
		}
		id := strings.TrimPrefix(res.Location, "/expedientes/")
		for try := 0; ; try++ {
			res = c.Post("/expedientes/"+id+"/concluir", url.Values{})
			if res.Status == http.StatusSeeOther {
				break
			}
			if try > 3 {
				t.Fatalf("conclude: %d %s", res.Status, apptest.Text(res.Body))
			}
			rows, err := env.DB.Query(`SELECT id FROM casefile_tasks WHERE file_id = $1 AND required = TRUE
				AND state IN ('pendiente', 'en_curso') ORDER BY pos`, id)
			if err != nil {
				t.Fatal(err)
			}
			var tasks []string
			for rows.Next() {
				var task string
				rows.Scan(&task)
				tasks = append(tasks, task)
			}
			rows.Close()
			for _, task := range tasks {
				c.Post("/expedientes/"+id+"/tramites/"+task+"/terminar", url.Values{})
			}
		}
		out = append(out, id)
	}
	return out
}
