package app_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/sheet"
	"concejo/internal/platform/web"
)

// slowBudget is the budget of any list or export for any role (DESIGN.md
// §8); slowLimit abandons a request that is far over it.
const (
	slowBudget = time.Second
	slowLimit  = 5 * time.Second
)

// slowPlanEnv asks for TestSlowPlan.
const slowPlanEnv = "CONCEJO_TEST_SLOWPLAN"

// slowSkip are parameterless GET routes the walk must not request: they
// end the session it walks with.
var slowSkip = []string{"/oidc/end_session"}

// TestSlowPlan is the "slow plan" check: on a large generated province it
// requests, as every kind of user, every list and export the route table
// and the pages lead to (parameterless pages, the actor's own entity's
// pages, each list's filters, its last page and its exports in every
// format), and fails on any answer over slowBudget or any 5xx. Each URL is
// measured up to three times and the fastest counts.
//
// It measures wall time against an absolute budget, so it runs only when
// asked (slowPlanEnv=1) on a machine that does nothing else: inside
// `go test ./...` other packages' tests share the cores and triple the
// times of a two-core machine. .ci/run runs it alone after the suite.
func TestSlowPlan(t *testing.T) {
	if os.Getenv(slowPlanEnv) != "1" {
		t.Skip("the slow plan check measures times on a large province and needs the machine to itself: " +
			slowPlanEnv + "=1 go test -run TestSlowPlan ./internal/app/ (.ci/run runs it after the suite)")
	}
	apptest.EachLarge(t, func(t *testing.T, env *apptest.Env) {
		routes := env.App.Kit.Router.Routes()
		var all []slowTiming
		for _, role := range slowRoles(t, env) {
			w := &slowWalker{role: role, seen: map[string]bool{}}
			for _, u := range slowSeeds(routes, role.entityPaths) {
				w.visit(u, 0)
			}
			if res := role.client.Get("/"); res.Status != http.StatusOK {
				t.Errorf("%s: the walk ended the session (GET / answers %d)", role.name, res.Status)
			}
			t.Logf("%s: %d URLs", role.name, len(w.timings))
			all = append(all, w.timings...)
		}
		sort.Slice(all, func(i, j int) bool { return all[i].took > all[j].took })
		var slowest strings.Builder
		for _, s := range all[:min(10, len(all))] {
			fmt.Fprintf(&slowest, "\n  %s", s)
		}
		t.Logf("%d requests; the slowest ten:%s", len(all), slowest.String())
		for _, s := range all {
			if s.took > slowBudget || s.status >= 500 || s.err != "" {
				t.Errorf("over budget (%s) or failed: %s", slowBudget, s)
			}
		}
	})
}

// slowRole is a signed-in user and the path values that name his entity.
type slowRole struct {
	name   string
	client *apptest.Client
	// entityPaths turn the route prefixes with an entity parameter into
	// those of his current entity: /e/{code} and /e/{sede} (INE code or
	// DIR3), /entidades/{id}.
	entityPaths map[string]string
}

// slowRoles signs in the Diputación's administrator and technician, the
// user administrator of Cáceres, the operator of the mancomunidad of
// Sierra de Gata and a registro usuario of Cáceres who is a member of its
// busiest unit.
func slowRoles(t *testing.T, env *apptest.Env) []slowRole {
	caceres := env.EntityID(t, apptest.Dir3Caceres)
	clerk := env.NewStaff(t, caceres, "registro", "usuario", "00000001R")
	unit := env.String(t, `SELECT unit_id FROM registry_distributions WHERE entity_id = $1
		GROUP BY unit_id ORDER BY COUNT(*) DESC, unit_id LIMIT 1`, caceres)
	res := env.Login(t, apptest.Caceres).Post("/registro/unidades/"+unit+"/miembros",
		url.Values{"usuario": {env.UserID(t, clerk)}})
	apptest.Expect(t, res, http.StatusSeeOther)
	diputacion := env.String(t, `SELECT id FROM entities WHERE kind = 'diputacion'`)
	gata := env.EntityID(t, "Mancomunidad Integral Sierra de Gata")
	list := []struct{ name, email, entity string }{
		{"administradora de la Diputación", apptest.DipAdmin, diputacion},
		{"técnico de la Diputación", apptest.Tecnico, diputacion},
		{"administradora de Cáceres", apptest.Caceres, caceres},
		{"operador de Sierra de Gata", apptest.Operador, gata},
		{"usuario del registro de Cáceres en una unidad", clerk, caceres},
	}
	roles := make([]slowRole, len(list))
	for i, r := range list {
		key := env.String(t, `SELECT CASE WHEN kind = 'ayuntamiento' AND ine_code IS NOT NULL THEN ine_code
			ELSE COALESCE(dir3, id) END FROM entities WHERE id = $1`, r.entity)
		roles[i] = slowRole{name: r.name, client: env.Login(t, r.email),
			entityPaths: map[string]string{"/e/{code}": "/e/" + key, "/e/{sede}": "/e/" + key, "/entidades/{id}": "/entidades/" + r.entity}}
	}
	return roles
}

// slowSeeds are the walk's first URLs: every parameterless GET route (the
// exports in every format), and the GET routes whose only parameter is the
// actor's entity.
func slowSeeds(routes []web.Route, entityPaths map[string]string) []string {
	var out []string
	for _, r := range routes {
		if r.Method != http.MethodGet || slices.Contains(slowSkip, r.Pattern) {
			continue
		}
		p := strings.TrimSuffix(r.Pattern, "{$}")
		for prefix, own := range entityPaths {
			if strings.HasPrefix(p, prefix) {
				p = own + p[len(prefix):]
			}
		}
		if strings.Contains(p, "{") {
			continue
		}
		if strings.Contains(p, "/exportar") {
			for _, f := range sheet.Formats {
				out = append(out, p+"?formato="+f)
			}
			continue
		}
		out = append(out, p)
	}
	return out
}

// slowTiming is the fastest of the measures of one URL.
type slowTiming struct {
	role, url string
	took      time.Duration
	status    int
	err       string
}

func (s slowTiming) String() string {
	out := fmt.Sprintf("%7s  %d  %s  (%s)", s.took.Round(time.Millisecond), s.status, s.url, s.role)
	if s.err != "" {
		out += ": " + s.err
	}
	return out
}

// slowWalker requests the URLs of one role, and those its pages lead to.
type slowWalker struct {
	role    slowRole
	seen    map[string]bool
	timings []slowTiming
}

// visit measures u and, from a page of the first two levels, follows its
// filters (first level only), its last page and its exports.
func (w *slowWalker) visit(u string, depth int) {
	if w.seen[u] {
		return
	}
	w.seen[u] = true
	res, s := w.measure(u)
	w.timings = append(w.timings, s)
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || depth > 1 {
		return
	}
	next := exportLinks(res.Body)
	if depth == 0 {
		next = append(next, lastPage(u, res.Body)...)
		next = append(next, filterURLs(u, res.Body)...)
	}
	for _, n := range next {
		w.visit(n, depth+1)
	}
}

// measure requests u up to three times while it is over budget and keeps
// the fastest; a request abandoned at slowLimit is not repeated.
func (w *slowWalker) measure(u string) (apptest.Response, slowTiming) {
	best := slowTiming{role: w.role.name, url: u, took: slowLimit + 1}
	var kept apptest.Response
	for range 3 {
		res, took, err := w.role.client.Timed(u, slowLimit)
		if err != nil {
			best.err = err.Error()
			return kept, best
		}
		if took < best.took {
			best.took, best.status, kept = took, res.Status, res
		}
		if best.took <= slowBudget {
			break
		}
	}
	return kept, best
}

var (
	formRe   = regexp.MustCompile(`(?is)<form\b([^>]*)>(.*?)</form>`)
	selectRe = regexp.MustCompile(`(?is)<select\b([^>]*)>(.*?)</select>`)
	optionRe = regexp.MustCompile(`(?is)<option\b([^>]*)>`)
	inputRe  = regexp.MustCompile(`(?is)<input\b([^>]*)>`)
	hrefRe   = regexp.MustCompile(`href="(/[^/"][^"]*)"`)
)

// attr returns the value of the attribute name in a tag's attribute text.
func attr(attrs, name string) (string, bool) {
	m := regexp.MustCompile(`(?i)(?:^|\s)` + name + `="([^"]*)"`).FindStringSubmatch(attrs)
	if m == nil {
		return "", false
	}
	return html.UnescapeString(m[1]), true
}

// filterURLs are the URLs of a page's GET forms (its list filters): each
// select with up to three of its values, each text field with a word that
// matches much and one that matches nothing; hidden fields are kept.
func filterURLs(page, body string) []string {
	var out []string
	for _, f := range formRe.FindAllStringSubmatch(body, -1) {
		if m, _ := attr(f[1], "method"); m != "" && !strings.EqualFold(m, "get") {
			continue
		}
		action, _ := attr(f[1], "action")
		if action == "" {
			action, _, _ = strings.Cut(page, "?")
		}
		if !strings.HasPrefix(action, "/") || strings.HasPrefix(action, "//") {
			continue
		}
		base := url.Values{}
		var texts []string
		for _, in := range inputRe.FindAllStringSubmatch(f[2], -1) {
			name, _ := attr(in[1], "name")
			typ, _ := attr(in[1], "type")
			switch {
			case name == "":
			case typ == "hidden":
				v, _ := attr(in[1], "value")
				base.Set(name, v)
			case typ == "" || typ == "text" || typ == "search":
				texts = append(texts, name)
			}
		}
		with := func(name, value string) string {
			q := url.Values{}
			for k, v := range base {
				q[k] = v
			}
			q.Set(name, value)
			return action + "?" + q.Encode()
		}
		for _, name := range texts {
			out = append(out, with(name, "a"), with(name, "zzqx"))
		}
		for _, s := range selectRe.FindAllStringSubmatch(f[2], -1) {
			name, _ := attr(s[1], "name")
			var values []string
			for _, o := range optionRe.FindAllStringSubmatch(s[2], -1) {
				if v, _ := attr(o[1], "value"); v != "" {
					values = append(values, v)
				}
			}
			if name == "" || len(values) == 0 {
				continue
			}
			for _, i := range uniqueInts(0, len(values)/2, len(values)-1) {
				out = append(out, with(name, values[i]))
			}
		}
	}
	return out
}

func uniqueInts(xs ...int) []int {
	slices.Sort(xs)
	return slices.Compact(xs)
}

// exportLinks are a page's links to downloads of lists: /exportar routes
// (in every format) and .csv, .ods and .xlsx files.
func exportLinks(body string) []string {
	var out []string
	for _, m := range hrefRe.FindAllStringSubmatch(body, -1) {
		u, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil {
			continue
		}
		switch {
		case strings.Contains(u.Path, "/exportar"):
			q := u.Query()
			for _, f := range sheet.Formats {
				q.Set("formato", f)
				u.RawQuery = q.Encode()
				out = append(out, u.String())
			}
		case strings.HasSuffix(u.Path, ".csv") || strings.HasSuffix(u.Path, ".ods") || strings.HasSuffix(u.Path, ".xlsx"):
			out = append(out, u.String())
		}
	}
	return out
}

// lastPage is the link to the last page of a paginated list, if any.
func lastPage(page, body string) []string {
	path, _, _ := strings.Cut(page, "?")
	best, last := 1, ""
	for _, m := range hrefRe.FindAllStringSubmatch(body, -1) {
		u, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil || u.Path != path {
			continue
		}
		if n, err := strconv.Atoi(u.Query().Get("pagina")); err == nil && n > best {
			best, last = n, u.String()
		}
	}
	if last == "" {
		return nil
	}
	return []string{last}
}
