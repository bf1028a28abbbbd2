package sessions

import (
	"fmt"
	"slices"
	"strings"

	"concejo/internal/core/directory"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/web"
)

// actaText writes the acta of a session as ROF art. 109 asks: place,
// date, hours of beginning and end, session kind and call, who presides,
// attendees and absentees (with or without excuse), the Secretario, and
// each item with its votes and acuerdo. Paragraphs are separated by a
// blank line; the secretary edits it while it is a draft.
func actaText(ent directory.Entity, o Organ, s Session, members []Member, att map[string]string, items []Item,
	votes map[string]map[string]string) string {
	var present, excused, absent []string
	president, secretary := "la Presidencia", "la Secretaría"
	names := map[string]string{}
	for _, mb := range members {
		names[mb.ID] = mb.Name
		st, ok := att[mb.ID]
		if !ok {
			continue
		}
		switch {
		case mb.Role == RoleSecretary:
			if st == Present {
				secretary = mb.Name + " (" + mb.Post + ")"
			}
			continue
		case mb.Role == RolePresident && st == Present:
			president = mb.Name + " (" + mb.Post + ")"
		}
		switch st {
		case Present:
			present = append(present, mb.Label())
		case Excused:
			excused = append(excused, mb.Label())
		default:
			absent = append(absent, mb.Label())
		}
	}
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	add("ACTA DE LA SESIÓN %s %s %s CELEBRADA EL %s", strings.ToUpper(s.KindLabel()), strings.ToUpper(phrase.Of(organOf(o.Kind, o.Name))),
		strings.ToUpper(phrase.Of(ent.Name)), strings.ToUpper(pdf.SpanishDate(s.StartsAt)))
	opened, closed := s.OpenedAt.In(web.Madrid).Format("15:04"), s.ClosedAt.In(web.Madrid).Format("15:04")
	add("En %s, siendo las %s horas del día %s, se reúne en primera convocatoria, en sesión %s, %s %s, "+
		"bajo la presidencia de %s, con la asistencia de los miembros que se relacionan, asistidos por %s, que da fe del acto.",
		s.Place, opened, pdf.SpanishDate(s.StartsAt), s.KindLabel(), phrase.The(organOf(o.Kind, o.Name)), phrase.Of(ent.Name), president, secretary)
	add("Asistentes: %s.", listOr(present, "ninguno"))
	if len(excused) > 0 {
		add("Ausentes con excusa: %s.", strings.Join(excused, "; "))
	}
	if len(absent) > 0 {
		add("Ausentes sin excusa: %s.", strings.Join(absent, "; "))
	}
	add("Número legal de miembros: %d. Asisten %d, lo que supera el quórum exigido de %d. La Presidencia abre la sesión y se tratan los "+
		"asuntos del orden del día:", o.LegalMembers, len(present), o.Quorum())
	for _, it := range items {
		add("%d. %s", it.Pos, strings.ToUpper(it.Title))
		switch {
		case it.Result == Noted:
			add("Se da cuenta del asunto; la Corporación queda enterada.")
		case it.Adopted():
			v := "Sometido el asunto a votación, con " + it.VotesLabel()
			if byName := votes[it.ID]; len(byName) > 0 {
				v += " (" + nominal(byName, names) + ")"
			}
			verb := "aprueba"
			if it.Result == Rejected {
				verb = "rechaza"
			}
			add("%s, %s lo %s por %s, y ACUERDA: %s", v, phrase.The(organOf(o.Kind, o.Name)), verb, it.MajorityLabel(), it.Agreement)
		default:
			add("%s. %s", it.ResultLabel(), it.Agreement)
		}
	}
	add("Y no habiendo más asuntos que tratar, la Presidencia levanta la sesión siendo las %s horas del día indicado, "+
		"de lo que, como Secretario, doy fe.", closed)
	return strings.Join(p, "\n\n")
}

// nominal lists the votes by name: "a favor: …; en contra: …; abstenciones: …".
func nominal(byName map[string]string, names map[string]string) string {
	var f, c, a []string
	for member, v := range byName {
		switch v {
		case VoteFor:
			f = append(f, names[member])
		case VoteAgainst:
			c = append(c, names[member])
		default:
			a = append(a, names[member])
		}
	}
	var parts []string
	for _, x := range []struct {
		label string
		who   []string
	}{{"a favor", f}, {"en contra", c}, {"abstenciones", a}} {
		if len(x.who) > 0 {
			slices.Sort(x.who)
			parts = append(parts, x.label+": "+strings.Join(x.who, ", "))
		}
	}
	return strings.Join(parts, "; ")
}

func listOr(xs []string, none string) string {
	if len(xs) == 0 {
		return none
	}
	return strings.Join(xs, "; ")
}

// paragraphs splits a text into its paragraphs (blank lines between them).
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
