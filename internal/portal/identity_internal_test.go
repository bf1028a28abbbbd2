package portal

import (
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/web"
)

func TestColourNeedsContrastWithWhiteText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"#1F5E3A", "#1f5e3a"}, {"7a1f2b", "#7a1f2b"}, {"", ""}, {"#000000", "#000000"},
	} {
		if got, msg := checkColour(c.in); got != c.want || msg != "" {
			t.Errorf("checkColour(%q) = %q, %q; want %q", c.in, got, msg, c.want)
		}
	}
	// Yellow under white text is unreadable: refused, with a darker shade
	// of the same hue proposed, which itself passes.
	got, msg := checkColour("#ffcc00")
	if got != "" || !strings.Contains(msg, "no contrasta lo bastante") || !strings.Contains(msg, "4,5:1") {
		t.Fatalf("checkColour(#ffcc00) = %q, %q", got, msg)
	}
	shade := msg[strings.Index(msg, "Pruebe con ")+len("Pruebe con ") : strings.Index(msg, ", el mismo tono")]
	if ok, m := checkColour(shade); ok == "" || m != "" {
		t.Errorf("the proposed shade %s is refused too: %s", shade, m)
	}
	r, g, b, _ := parseColour(shade)
	if c := contrastWithWhite(r, g, b); c < 4.5 || c > 4.8 {
		t.Errorf("the proposed shade %s has contrast %.2f: it should be the lightest that passes", shade, c)
	}
	for _, bad := range []string{"verde", "#12345", "#gggggg", "rgb(0,0,0)"} {
		if got, msg := checkColour(bad); got != "" || !strings.Contains(msg, "hexadecimal") {
			t.Errorf("checkColour(%q) = %q, %q", bad, got, msg)
		}
	}
	// A stored colour that fails (set before the rule) falls back to the default.
	if p := palette("#ffff00"); p.Main != defaultColour {
		t.Errorf("palette of a failing colour: %s", p.Main)
	}
	if p := palette("#1f5e3a"); p.Dark == p.Main || p.Dark == "" {
		t.Errorf("menu shade: %+v", p)
	}
}

func TestTenderPhaseByDate(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, web.Madrid)
	deadline := func(days, hour int) time.Time { return localAt(now, days, hour, 0) }
	for _, c := range []struct {
		t    Tender
		want string
	}{
		{Tender{State: "licitacion", Deadline: deadline(5, 14)}, "Plazo abierto, quedan 5 días"},
		{Tender{State: "licitacion", Deadline: deadline(1, 9)}, "Plazo abierto, queda 1 día"},
		{Tender{State: "licitacion", Deadline: deadline(0, 14)}, "Plazo abierto, termina hoy a las 14:00"},
		{Tender{State: "licitacion", Deadline: deadline(0, 9)}, "Plazo cerrado — en evaluación"},
		{Tender{State: "licitacion"}, "En licitación"},
		{Tender{State: "evaluacion", Deadline: deadline(-2, 14)}, "Plazo cerrado — en evaluación"},
		{Tender{State: "adjudicada"}, "Adjudicado"},
		{Tender{State: "formalizada"}, "Adjudicado y formalizado"},
		{Tender{State: "desierta", Deadline: deadline(-20, 14)}, "Desierto"},
		{Tender{State: "anulada"}, "Anulado"},
		{Tender{State: "anuncio_previo"}, "Anuncio previo: aún no se admiten ofertas"},
	} {
		if got := c.t.Phase(now); got != c.want {
			t.Errorf("%s until %v: %q, want %q", c.t.State, c.t.Deadline, got, c.want)
		}
	}
	// Days are Madrid's calendar days: at 00:30 in Madrid (23:30 UTC the
	// day before) a deadline at 14:00 the same day ends today.
	late := time.Date(2026, 12, 7, 23, 30, 0, 0, time.UTC)
	if got := (Tender{State: "licitacion", Deadline: localAt(late, 0, 14, 0)}).Phase(late); got != "Plazo abierto, termina hoy a las 14:00" {
		t.Errorf("after midnight in Madrid: %q", got)
	}
}

func TestEventTimesAreMadridTimeAcrossDST(t *testing.T) {
	// The demo's Pleno is at 20:00 in Madrid six days after the load, on
	// either side of a change of the clock: stored in UTC, shown as 20:00.
	for _, c := range []struct {
		load     time.Time
		utc, out string
	}{
		{time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC), "2026-03-31T18:00:00Z", "31/03/2026 20:00"},  // after the change to CEST
		{time.Date(2026, 10, 22, 12, 0, 0, 0, time.UTC), "2026-10-28T19:00:00Z", "28/10/2026 20:00"}, // after the change to CET
		{time.Date(2026, 12, 7, 23, 30, 0, 0, time.UTC), "2026-12-14T19:00:00Z", "14/12/2026 20:00"}, // 00:30 of the 8th in Madrid
	} {
		at := localAt(c.load, 6, 20, 0)
		if got := at.Format(time.RFC3339); got != c.utc {
			t.Errorf("load %v: stored %s, want %s", c.load, got, c.utc)
		}
		if got := web.DateTime(at); got != c.out {
			t.Errorf("load %v: shown %s, want %s", c.load, got, c.out)
		}
	}
}

func TestSeasonalDemoContentFitsTheMonth(t *testing.T) {
	if title, _ := seasonalNotice(time.December); strings.Contains(title, "altas temperaturas") {
		t.Errorf("December notice: %s", title)
	}
	if title, _ := seasonalNotice(time.July); !strings.Contains(title, "altas temperaturas") {
		t.Errorf("July notice: %s", title)
	}
	if n := seasonalNews[time.December-1][0]; !strings.Contains(n, "Navidad") {
		t.Errorf("December news: %s", n)
	}
	for m, n := range seasonalNews {
		if time.Month(m+1) < time.June || time.Month(m+1) > time.August {
			if strings.Contains(strings.ToLower(n[0]+n[1]), "piscina") {
				t.Errorf("month %d: swimming pool news out of season: %s", m+1, n[0])
			}
		}
	}
}
