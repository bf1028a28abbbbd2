package helpdesk

import (
	"context"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// homeCount is one line the desk puts on a person's home: the tickets of a
// filter of the queue, said with one or many, linking to that filter.
type homeCount struct {
	f         filter
	one, many string
}

// waiting is what the support desk has for the actor's home. Who works
// tickets as support (a mancomunidad's TIC operator, the Diputación's
// staff) sees his queue: the open tickets of his towns (or of his teams),
// those assigned to him, those without a technician, those past or near
// their resolution limit. Everyone sees his own tickets that wait for his
// answer in his current entity. Each count is the queue's own filter, so
// its link lists exactly what it counts.
func (m *Module) waiting(ctx context.Context, a *auth.Actor) ([]kit.Waiting, error) {
	v, err := m.viewer(ctx, a)
	if err != nil {
		return nil, err
	}
	var lines []homeCount
	if v.Support() {
		queue := "en su cola de soporte"
		if len(v.Operated) > 0 {
			queue = "de sus municipios"
		}
		open := filter{State: "abiertas"}
		lines = append(lines,
			homeCount{open, "Una incidencia abierta " + queue, "%d incidencias abiertas " + queue},
			homeCount{filter{State: "abiertas", Assigned: "mias"}, "Una incidencia abierta asignada a usted", "%d incidencias abiertas asignadas a usted"},
			homeCount{filter{State: "abiertas", Assigned: "sin"}, "Una incidencia abierta sin asignar", "%d incidencias abiertas sin asignar"},
			homeCount{filter{State: "abiertas", Due: "vencidas", Sort: "vencimiento"}, "Una incidencia con la resolución vencida", "%d incidencias con la resolución vencida"},
			homeCount{filter{State: "abiertas", Due: "proximas", Sort: "vencimiento"}, "Una incidencia vence pronto (resolución)", "%d incidencias vencen pronto (resolución)"},
		)
	}
	lines = append(lines, homeCount{filter{State: StateWaiting, Assigned: "pedidas", Entity: a.Entity.ID},
		"Una incidencia suya espera su respuesta en el soporte", "%d incidencias suyas esperan su respuesta en el soporte"})
	now := m.now()
	var out []kit.Waiting
	for _, l := range lines {
		n, err := countTickets(ctx, m.kit.DB, l.f.where(v, now))
		if err != nil {
			return nil, err
		}
		out = append(out, kit.NewWaiting(n, "/soporte"+web.ListQuery(l.f.values(), 0), l.one, l.many))
	}
	return out, nil
}
