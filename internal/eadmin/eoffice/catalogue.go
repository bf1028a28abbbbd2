package eoffice

import (
	"context"
	"slices"
	"strings"

	"concejo/internal/refdata"
)

// catalogue is what the sede offers citizens: its own published
// procedures and, when the entity processes expedientes, the procedures of
// the tramitador's catalogue marked for the sede (a procedure of the same
// name is the tramitador's, whose plazo, silence and documents are the
// ones that apply; the sede's entry adds what the tramitador does not
// say). Only active ones; query (folded) narrows them by name, code or
// unit. Sorted by name.
func (m *Module) catalogue(ctx context.Context, entityID, query string) ([]Procedure, error) {
	own, err := listProcedures(ctx, m.kit.DB, entityID, true, query)
	if err != nil || m.Cases == nil {
		return own, err
	}
	cases, err := m.Cases.SedeProcedures(ctx, entityID)
	if err != nil {
		return nil, err
	}
	out := own
	for _, c := range cases {
		p := Procedure{EntityID: entityID, Code: c.Code, Name: c.Name, Description: c.Summary, Unit: c.Area,
			Term: c.Term, SilenceText: c.Silence, Online: true, Active: true}
		if query != "" && !strings.Contains(refdata.Fold(p.Name+" "+p.Code+" "+p.Unit), query) {
			continue
		}
		// The sede's entry of the same name still tells what the
		// tramitador does not: requirements, fee, body, rules.
		if i := slices.IndexFunc(out, func(o Procedure) bool { return refdata.Fold(o.Name) == refdata.Fold(p.Name) }); i >= 0 {
			p.ProcedureDetail = out[i].ProcedureDetail
			out = slices.Delete(out, i, i+1)
		}
		if docs := strings.Join(c.Requirements, "\n"); docs != "" {
			p.Documents = docs
		}
		out = append(out, p)
	}
	slices.SortStableFunc(out, func(a, b Procedure) int { return strings.Compare(refdata.Fold(a.Name), refdata.Fold(b.Name)) })
	return out, nil
}

// onlineProcedure finds an active procedure of the catalogue that is
// presented online by its code.
func (m *Module) onlineProcedure(ctx context.Context, entityID, code string) (Procedure, bool, error) {
	list, err := m.catalogue(ctx, entityID, "")
	if err != nil {
		return Procedure{}, false, err
	}
	for _, p := range list {
		if p.Code == code && p.Online {
			return p, true, nil
		}
	}
	return Procedure{}, false, nil
}
