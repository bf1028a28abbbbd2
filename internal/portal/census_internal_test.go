package portal

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/config"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/refdata"
)

// oneSite writes an entity with an active portal adhesion and returns an
// editor of it.
func oneSite(t *testing.T, d *db.DB) *auth.Actor {
	t.Helper()
	ctx := context.Background()
	if err := refdata.LoadCatalogue(ctx, d); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for _, q := range []string{
		`INSERT INTO entities (id, kind, name, search_text, ine_code, dir3, created_at, updated_at)
			VALUES ('e1', 'ayuntamiento', 'Ayuntamiento de Prueba', 'prueba', '10999', 'L01109999', $1, $1)`,
		`INSERT INTO adhesions (entity_id, id, number, service_code, conditions_version, state, requested_at, requested_by, csv)
			VALUES ('e1', 'a1', 'ADH-1', 'portal', 1, 'activa', $1, 'u1', 'CSV1')`,
	} {
		if _, err := d.ExecContext(ctx, q, now); err != nil {
			t.Fatal(err)
		}
	}
	return &auth.Actor{UserID: "u1", Name: "Editora", Entity: auth.EntityRef{ID: "e1"},
		Grants: []auth.Grant{{Service: Service, Role: RoleEditor}}}
}

func testModule(d *db.DB) *Module {
	k := &kit.Kit{DB: d, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Config: config.Default()}
	return New(k)
}

// TestRestrictedSurveyNeedsCensus: without the padrón's verification
// service a restricted survey can be neither created nor answered — it is
// never opened to everyone silently.
func TestRestrictedSurveyNeedsCensus(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := oneSite(t, d)
		m := testModule(d)
		now := m.kit.Now()
		f := SurveyForm{Title: "Presupuestos participativos", Restricted: true, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour),
			Questions: []Question{{Kind: "una", Text: "¿Qué obra?", Options: []string{"Parque", "Calle"}}}}
		_, err := m.createSurvey(ctx, a, f, nil)
		if fe, ok := errs.AsFields(err); !ok || !strings.Contains(fe.For("restringida"), "verificación del padrón no está disponible") {
			t.Fatalf("create without census: %v", err)
		}
		// With the service the survey is created...
		calls := 0
		m.Census = func(ctx context.Context, entityID, doc string, at time.Time) (Resident, error) {
			calls++
			if entityID != "e1" {
				t.Errorf("verified in %s", entityID)
			}
			return Resident{Registered: doc == "12345678Z", District: "01", AgeBand: "30-44"}, nil
		}
		sid, err := m.createSurvey(ctx, a, f, nil)
		if err != nil {
			t.Fatal(err)
		}
		s, err := surveyByID(ctx, d, "e1", sid)
		if err != nil {
			t.Fatal(err)
		}
		vals := map[int][]string{1: {"Parque"}}
		// ...a typed document is never checked against the padrón, not even
		// a registered one: only the person the sede identified answers...
		calls = 0
		if err := m.answer(ctx, s, respondent{doc: "12345678Z"}, vals, now, nil); !errors.Is(err, errNotIdentified) || calls != 0 {
			t.Fatalf("typed document: %v (padrón asked %d times)", err, calls)
		}
		// ...an identified person not in the padrón is refused, one in it answers once.
		if err := m.answer(ctx, s, respondent{doc: "11111111H", identified: true}, vals, now, nil); !errors.Is(err, errNotInhabitant) {
			t.Fatalf("not registered: %v", err)
		}
		if err := m.answer(ctx, s, respondent{doc: "12345678-z", identified: true}, vals, now, nil); err != nil {
			t.Fatal(err)
		}
		var we *errs.Error
		if err := m.answer(ctx, s, respondent{doc: "12345678Z", identified: true}, vals, now, nil); !errors.As(err, &we) || we.Kind != errs.Conflict {
			t.Fatalf("second answer: %v", err)
		}
		var district, band string
		if err := d.QueryRowContext(ctx, `SELECT district, age_band FROM portal_answers WHERE survey_id = $1`, sid).Scan(&district, &band); err != nil ||
			district != "01" || band != "30-44" {
			t.Fatalf("answer: %q %q %v", district, band, err)
		}
		// If the service goes away, the restricted survey stops taking answers.
		m.Census = nil
		if err := m.answer(ctx, s, respondent{doc: "22222222J", identified: true}, vals, now, nil); !errors.Is(err, ErrNoCensus) {
			t.Fatalf("no census: %v", err)
		}
	})
}

func TestMarkdownIsSafe(t *testing.T) {
	cases := map[string]string{
		"<script>alert(1)</script>":          "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n",
		"[x](javascript:alert(1))":           "<p>x)</p>\n",
		"[sede](https://sede.example/a?b=1)": `<p><a href="https://sede.example/a?b=1">sede</a></p>` + "\n",
		"## Título\n\n- uno\n- **dos**":      "<h2>Título</h2>\n<ul><li>uno</li><li><strong>dos</strong></li></ul>\n",
		"línea 1\nlínea *2*":                 "<p>línea 1<br>línea <em>2</em></p>\n",
		`[a"b](/ruta" onmouseover="x)`:       "<p>[a&#34;b](/ruta&#34; onmouseover=&#34;x)</p>\n",
		"[rel](//evil.example)":              "<p>rel</p>\n",
	}
	for in, want := range cases {
		if got := string(Markdown(in)); got != want {
			t.Errorf("Markdown(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

var (
	tagRe       = regexp.MustCompile(`<([a-zA-Z0-9]+)([^>]*)>`)
	safeHref    = regexp.MustCompile(`^ href="(https?://|mailto:|tel:|/[^/])[^"<>]*"$`)
	allowedTags = map[string]bool{"p": true, "br": true, "h2": true, "h3": true, "ul": true, "ol": true, "li": true,
		"strong": true, "em": true, "a": true}
)

func FuzzMarkdown(f *testing.F) {
	f.Add("## a\n\n- [x](https://y)\n**b** *c*")
	f.Add("<img src=x onerror=alert(1)>")
	f.Fuzz(func(t *testing.T, s string) {
		out := string(Markdown(s))
		for _, m := range tagRe.FindAllStringSubmatch(out, -1) {
			tag, attrs := m[1], m[2]
			if !allowedTags[tag] || (attrs != "" && (tag != "a" || !safeHref.MatchString(attrs))) {
				t.Fatalf("unsafe tag %q for %q: %q", m[0], s, out)
			}
		}
	})
}
