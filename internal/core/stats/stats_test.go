package stats_test

import (
	"context"
	"encoding/csv"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

// published are the figures of the Diputación's report that the demo
// province reproduces: entities with an active adhesion to each service of
// the catalogue (by code) and, for mail, the mailboxes.
var published = []struct {
	code     string
	entities int
	units    int // -1 when the service is not counted in units
}{
	{"red", 236, -1}, {"padron", 167, -1}, {"registro", 47, -1}, {"expedientes", 28, -1},
	{"tributos", 74, -1}, {"nominas", 29, -1}, {"contabilidad", 84, -1}, {"oficina_virtual", 16, -1},
	{"portal", 217, -1}, {"correo", 210, 1227}, {"activos", 7, -1}, {"face", 41, -1},
	{"geiser", 141, -1}, {"portafirmas", 30, -1}, {"fnmt", 155, -1}, {"inside", 46, -1},
	{"gestiona", 177, -1},
}

// num reads "1.227" as 1227.
func num(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(s), ".", ""))
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}

// table returns the rows (header cell, data cells) of the table whose caption starts with caption.
func table(t *testing.T, body, caption string) [][]string {
	t.Helper()
	re := regexp.MustCompile(`(?s)<table[^>]*>\s*<caption>` + regexp.QuoteMeta(caption) + `.*?</table>`)
	tb := re.FindString(body)
	if tb == "" {
		t.Fatalf("no table %q in\n%s", caption, apptest.Text(body))
	}
	var out [][]string
	for _, tr := range regexp.MustCompile(`(?s)<tr>(.*?)</tr>`).FindAllStringSubmatch(tb, -1) {
		if !strings.Contains(tr[1], `<th scope="row">`) || strings.Contains(tr[1], `<th scope="row">Total</th>`) {
			continue // the header and the total
		}
		var cells []string
		for _, c := range regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`).FindAllStringSubmatch(tr[1], -1) {
			cells = append(cells, html.UnescapeString(apptest.Text(c[1])))
		}
		out = append(out, cells)
	}
	return out
}

// serviceRow is one line of the per-service table.
type serviceRow struct {
	name     string
	entities int
	units    string
}

func serviceRows(t *testing.T, body string) []serviceRow {
	t.Helper()
	var out []serviceRow
	for _, r := range table(t, body, "Entidades con una adhesión activa a cada servicio") {
		out = append(out, serviceRow{r[0], num(t, r[1]), r[2]})
	}
	return out
}

func TestPublishedFiguresOnTheDemo(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.Tecnico)
		res := c.Get("/estadisticas")
		if res.Status != http.StatusOK {
			t.Fatalf("GET /estadisticas: %d", res.Status)
		}
		rows := serviceRows(t, res.Body)
		byName := map[string]serviceRow{}
		for _, r := range rows {
			byName[r.name] = r
		}
		for _, p := range published {
			var name string
			if err := env.DB.QueryRowContext(context.Background(), `SELECT name FROM services WHERE code = $1`, p.code).Scan(&name); err != nil {
				t.Errorf("service %s: %v", p.code, err)
				continue
			}
			r, ok := byName[name]
			if !ok {
				t.Errorf("service %s (%s) not on the page", p.code, name)
				continue
			}
			if r.entities != p.entities {
				t.Errorf("%s: %d entities, published %d", r.name, r.entities, p.entities)
			}
			if p.units >= 0 && !strings.HasPrefix(r.units, web(strconv.Itoa(p.units))+" ") {
				t.Errorf("%s: units %q, published %d", r.name, r.units, p.units)
			}
		}
		// The order is the catalogue's.
		var order []string
		orows, err := env.DB.QueryContext(context.Background(), `SELECT name FROM services WHERE active ORDER BY sort_order, name`)
		if err != nil {
			t.Fatal(err)
		}
		for orows.Next() {
			var n string
			orows.Scan(&n)
			order = append(order, n)
		}
		orows.Close()
		for i, n := range order {
			if i >= len(rows) || rows[i].name != n {
				t.Fatalf("row %d is not %q (catalogue order): %v", i, n, rows)
			}
		}
		// Correo as the report prints it: 210 entities, 1.227 mailboxes.
		if !regexp.MustCompile(`(?i)correo[^<]*</th>\s*<td class="num">210</td>\s*<td class="num">1\.227 buzones</td>`).MatchString(res.Body) {
			t.Error("the mail row does not read 210 · 1.227 buzones")
		}

		// The CSV says the same, in plain numbers.
		dl := c.Get("/estadisticas/servicios.csv")
		if dl.Status != http.StatusOK || !strings.HasPrefix(dl.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(dl.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("CSV: %d %v", dl.Status, dl.Header)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(dl.Body, "\ufeff")))
		r.Comma = ';'
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(recs[0], ";") != "Código;Servicio;Entidades adheridas;Cantidad;Unidad" || len(recs) != len(rows)+1 {
			t.Fatalf("CSV header or length: %v (%d rows, page has %d)", recs[0], len(recs)-1, len(rows))
		}
		for i, rec := range recs[1:] {
			if rec[1] != rows[i].name || num(t, rec[2]) != rows[i].entities {
				t.Errorf("CSV row %v differs from the page row %v", rec, rows[i])
			}
			if rec[4] != "" && !strings.HasPrefix(rows[i].units, web(rec[3])+" "+rec[4]) {
				t.Errorf("CSV units %v differ from the page %q", rec, rows[i].units)
			}
			if rec[0] == "correo" && (rec[2] != "210" || rec[3] != "1227" || rec[4] != "buzones") {
				t.Errorf("CSV mail row: %v", rec)
			}
		}
	})
}

// web formats a plain CSV integer as the page shows it (1227 → 1.227).
func web(s string) string {
	n, _ := strconv.Atoi(s)
	out := strconv.Itoa(n)
	for i := len(out) - 3; i > 0; i -= 3 {
		out = out[:i] + "." + out[i:]
	}
	return out
}

func TestTotalsAreComputed(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.Tecnico)
		res := c.Get("/estadisticas")
		kinds := table(t, res.Body, "Entidades con al menos una adhesión activa, por tipo")
		sqlKind := map[string]string{"Ayuntamientos": "ayuntamiento", "Entidades locales menores": "elm",
			"Mancomunidades": "mancomunidad", "Diputación": "diputacion"}
		sum := 0
		for _, k := range kinds {
			kind, ok := sqlKind[k[0]]
			if !ok {
				t.Fatalf("unexpected kind row %v", k)
			}
			want := env.Count(t, `SELECT COUNT(*) FROM entities e WHERE e.kind = $1 AND EXISTS
				(SELECT 1 FROM adhesions a WHERE a.entity_id = e.id AND a.state = 'activa')`, kind)
			if num(t, k[1]) != want {
				t.Errorf("%s: page %s, SQL %d", k[0], k[1], want)
			}
			sum += num(t, k[1])
		}
		if len(kinds) < 3 || kinds[0][0] != "Ayuntamientos" || kinds[1][0] != "Entidades locales menores" || kinds[2][0] != "Mancomunidades" {
			t.Fatalf("kinds table: %v", kinds)
		}
		total := regexp.MustCompile(`(?s)por tipo de entidad</caption>.*?<tfoot><tr><th scope="row">Total</th><td class="num"><strong>([\d.]+)</strong>`).FindStringSubmatch(res.Body)
		if total == nil {
			t.Fatal("no total of the kinds table")
		}
		direct := env.Count(t, `SELECT COUNT(DISTINCT entity_id) FROM adhesions WHERE state = 'activa'`)
		if num(t, total[1]) != sum || sum != direct {
			t.Fatalf("total %s, sum of the rows %d, direct SQL %d", total[1], sum, direct)
		}

		// Adhesions by state add up to every adhesion; activated per year to every approved one.
		states := table(t, res.Body, "Todas las solicitudes de adhesión")
		stateSum := 0
		for _, s := range states {
			stateSum += num(t, s[1])
		}
		if len(states) != 6 || stateSum != env.Count(t, `SELECT COUNT(*) FROM adhesions`) {
			t.Fatalf("states %v do not add up to the adhesions", states)
		}
		if activas := states[2]; activas[0] != "Activas" || num(t, activas[1]) != env.Count(t, `SELECT COUNT(*) FROM adhesions WHERE state = 'activa'`) {
			t.Fatalf("active adhesions row: %v", activas)
		}
		approved := env.Count(t, `SELECT COUNT(*) FROM adhesions WHERE state IN ('activa', 'finalizada') AND decided_at IS NOT NULL`)
		if approved > 0 {
			years := table(t, res.Body, "Adhesiones aprobadas por la Diputación")
			yearSum := 0
			for _, y := range years {
				if !regexp.MustCompile(`^(19|20)\d\d$`).MatchString(y[0]) {
					t.Fatalf("year row %v", y)
				}
				yearSum += num(t, y[1])
			}
			if yearSum != approved {
				t.Fatalf("years %v add up to %d, SQL %d", years, yearSum, approved)
			}
		}

		// Accessible tables: captions, column and row headers, right-aligned numbers.
		if strings.Count(res.Body, "<caption>") < 3 || !strings.Contains(res.Body, `<th scope="col" class="num">`) ||
			strings.Contains(res.Body, "<th>") {
			t.Fatal("tables lack captions or scoped headers")
		}
	})
}

func TestFiguresAreLive(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		// An entity with exactly one active adhesion to a service counted in units.
		var entityID, adhesionID, code string
		var qty int
		err := env.DB.QueryRowContext(ctx, `SELECT a.entity_id, a.id, a.service_code, a.quantity FROM adhesions a
			JOIN services s ON s.code = a.service_code
			WHERE a.state = 'activa' AND s.unit_label <> '' AND a.quantity > 0
			AND NOT EXISTS (SELECT 1 FROM adhesions b WHERE b.entity_id = a.entity_id AND b.service_code = a.service_code
				AND b.state = 'activa' AND b.id <> a.id)
			ORDER BY a.number LIMIT 1`).Scan(&entityID, &adhesionID, &code, &qty)
		if err != nil {
			t.Skipf("the demo has no active adhesion counted in units: %v", err)
		}
		c := env.Login(t, apptest.Plasencia)
		csvRow := func() []string {
			r := csv.NewReader(strings.NewReader(strings.TrimPrefix(c.Get("/estadisticas/servicios.csv").Body, "\ufeff")))
			r.Comma = ';'
			recs, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for _, rec := range recs {
				if rec[0] == code {
					return rec
				}
			}
			t.Fatalf("service %s not in the CSV", code)
			return nil
		}
		before := csvRow()
		if _, err := env.DB.ExecContext(ctx, `UPDATE adhesions SET state = 'finalizada' WHERE entity_id = $1 AND id = $2`,
			entityID, adhesionID); err != nil {
			t.Fatal(err)
		}
		after := csvRow()
		if num(t, after[2]) != num(t, before[2])-1 || num(t, after[3]) != num(t, before[3])-qty {
			t.Fatalf("ending an adhesion of %d units: before %v, after %v", qty, before, after)
		}
	})
}

func TestAccess(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		anon := env.Anonymous(t)
		for _, path := range []string{"/estadisticas", "/estadisticas/servicios.csv"} {
			if res := anon.Get(path); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/entrar") {
				t.Errorf("anonymous %s: %d %s", path, res.Status, res.Location)
			}
		}
		for _, u := range apptest.Everyone[1:] {
			c := env.Login(t, u)
			page := c.Get("/estadisticas")
			if page.Status != http.StatusOK || !strings.Contains(page.Body, `<a href="/estadisticas" aria-current="page">Estadísticas</a>`) {
				t.Errorf("%s: /estadisticas %d or the menu entry is missing", u, page.Status)
			}
			if res := c.Get("/estadisticas/servicios.csv"); res.Status != http.StatusOK {
				t.Errorf("%s: CSV %d", u, res.Status)
			}
		}
	})
}
