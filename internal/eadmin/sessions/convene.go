package sessions

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/plazo"
	"concejo/internal/platform/workcal"
)

// Convocation is what convene needs to call a session.
type Convocation struct {
	EntityID, OrganID string
	// Kind is ordinaria, extraordinaria or urgente.
	Kind     string
	StartsAt time.Time
	Place    string
	// Files are the expedientes (concluso) that go to the session, and
	// Absolute those among them whose acuerdo needs the mayoría absoluta.
	Files, Absolute []string
	// Actas are the sessions of the órgano whose acta is to be approved.
	Actas []string
	// Motions are other items that are voted; Infos those that are not
	// (dación de cuenta de resoluciones, ruegos y preguntas).
	Motions, Infos []string
}

// noticeDays is the least días hábiles between the convocatoria and an
// ordinaria or extraordinaria (LBRL art. 46.2.b, ROF art. 80).
const noticeDays = 2

// calendar is the working calendar of the entity (its municipality's, or
// its ayuntamiento's for an ELM).
func calendar(ctx context.Context, q db.Queryer, entityID string) (*workcal.Calendar, error) {
	e, err := directory.EntityByID(ctx, q, entityID)
	if err != nil {
		return nil, fmt.Errorf("sesiones: entidad %s: %w", entityID, err)
	}
	if e.INE == "" && e.ParentID != "" {
		if parent, err := directory.EntityByID(ctx, q, e.ParentID); err == nil {
			e.INE = parent.INE
		}
	}
	return workcal.ForMunicipality(e.INE), nil
}

// earliest is the first instant an ordinaria or extraordinaria convened at
// now may be held: the day after the second día hábil that follows the
// convocatoria (the days are counted from the next one, art. 30 Ley
// 39/2015, and both must pass whole between the two acts).
func earliest(cal *workcal.Calendar, now time.Time) time.Time {
	end, _ := plazo.End(cal, now, plazo.Term{N: noticeDays, Unit: plazo.WorkingDays})
	return workcal.DayStart(end.Add(time.Second))
}

// lines splits a text into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// checkConvocation checks what does not need the database.
func (m *Module) checkConvocation(c *Convocation, cal *workcal.Calendar) error {
	c.Place = strings.TrimSpace(c.Place)
	c.Files, c.Actas = unique(c.Files), unique(c.Actas)
	var fe errs.Fields
	now := m.kit.Now()
	switch c.Kind {
	case KindOrdinary, KindExtraordinary, KindUrgent:
	default:
		fe.Add("clase", "Elija la clase de sesión: ordinaria, extraordinaria o extraordinaria y urgente.")
	}
	switch {
	case c.StartsAt.IsZero():
		fe.Add("fecha", "Escriba la fecha y la hora de la sesión.")
	case !c.StartsAt.After(now):
		fe.Add("fecha", "La sesión tiene que convocarse para una fecha y hora posteriores a este momento.")
	case c.Kind != KindUrgent && c.StartsAt.Before(earliest(cal, now)):
		fe.Add("fecha", fmt.Sprintf("Entre la convocatoria y la sesión %s tienen que mediar al menos dos días hábiles "+
			"(art. 46.2.b de la Ley 7/1985 y art. 80 del ROF): convocada hoy, puede celebrarse desde el %s. "+
			"Si el asunto no puede esperar, convoque una sesión extraordinaria y urgente, cuya urgencia ratificará el órgano al empezar.",
			kindLabel(c.Kind), pdf.SpanishDate(earliest(cal, now))))
	case c.StartsAt.Sub(now) > 366*24*time.Hour:
		fe.Add("fecha", "La sesión no puede convocarse con más de un año de antelación.")
	}
	checkText(&fe, "lugar", c.Place, "El lugar de la sesión", true, maxShort)
	for _, t := range slices.Concat(c.Motions, c.Infos) {
		checkText(&fe, "asuntos", t, "Cada asunto", true, maxTitle)
	}
	if len(c.Files)+len(c.Actas)+len(c.Motions)+len(c.Infos) == 0 {
		fe.Add("asuntos", "El orden del día está vacío: elija algún expediente o escriba algún asunto.")
	}
	if len(c.Files) > 200 || len(c.Motions)+len(c.Infos) > 200 {
		fe.Add("asuntos", "Demasiados asuntos para una sesión.")
	}
	return fe.Err()
}

// convene calls a session: it checks the notice, builds the orden del día
// (the ratification of the urgency first in an urgente, then the actas,
// the expedientes, the other asuntos and those without vote), stores it
// and audits in one transaction; then it issues the convocatoria (PDF with
// CSV) and e-mails it to the members who have an address.
func (m *Module) convene(ctx context.Context, a *auth.Actor, c Convocation) (Session, error) {
	cal, err := calendar(ctx, m.kit.DB, c.EntityID)
	if err != nil {
		return Session{}, err
	}
	if err := m.checkConvocation(&c, cal); err != nil {
		return Session{}, err
	}
	organ, err := organByID(ctx, m.kit.DB, c.EntityID, c.OrganID)
	if errors.Is(err, db.ErrNotFound) {
		return Session{}, errs.Fields{{Field: "organo", Message: "Elija el órgano que se reúne."}}
	} else if err != nil {
		return Session{}, err
	}
	// The expedientes are read from their module before the transaction.
	var files []Item
	for _, fid := range c.Files {
		f, err := m.cases.Ready(ctx, c.EntityID, fid)
		if errors.Is(err, db.ErrNotFound) {
			return Session{}, errs.Fields{{Field: "expedientes", Message: "Uno de los expedientes elegidos no es de la entidad."}}
		} else if err != nil {
			return Session{}, err
		}
		if string(f.State) != "concluso" {
			return Session{}, errs.Fields{{Field: "expedientes", Message: "El expediente " + f.Number +
				" no está listo para sesión: su instrucción no ha concluido."}}
		}
		files = append(files, Item{Kind: ItemFile, Title: f.Subject + " (expediente " + f.Number + ", " + f.ProcedureName + ")",
			FileID: f.ID, FileNumber: f.Number, Absolute: slices.Contains(c.Absolute, f.ID)})
	}
	by, byName := actorName(a)
	now := m.kit.Now()
	s := Session{EntityID: c.EntityID, ID: id.New(), OrganID: organ.ID, Year: c.StartsAt.In(workcal.Madrid).Year(),
		Kind: c.Kind, State: StateConvened, StartsAt: c.StartsAt.UTC(), Place: c.Place, ConvenedAt: now, ConvenedBy: by,
		ConvenedByName: byName, ConvocationCSV: csvdoc.NewCode(), UpdatedAt: now, OrganName: organ.Name, OrganKind: organ.Kind}
	var items []Item
	if c.Kind == KindUrgent {
		items = append(items, Item{Kind: ItemUrgency, Title: "Pronunciamiento " + phrase.Of(organ.Name) +
			" sobre la urgencia de la convocatoria (art. 79 del ROF)"})
	}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		for _, sid := range c.Actas {
			prev, err := sessionByID(ctx, tx, c.EntityID, sid)
			if errors.Is(err, db.ErrNotFound) || (err == nil && prev.OrganID != organ.ID) {
				return errs.Fields{{Field: "actas", Message: "Una de las actas elegidas no es de una sesión de este órgano."}}
			} else if err != nil {
				return err
			}
			if prev.State != StateHeld {
				return errs.Fields{{Field: "actas", Message: "El acta de la " + lowerFirst(prev.Title()) + " no está pendiente de aprobación."}}
			}
			items = append(items, Item{Kind: ItemActa, ActaSessionID: prev.ID,
				Title: "Aprobación, si procede, del acta de la " + lowerFirst(prev.Title())})
		}
		items = append(items, files...)
		for _, t := range c.Motions {
			items = append(items, Item{Kind: ItemMotion, Title: t})
		}
		for _, t := range c.Infos {
			items = append(items, Item{Kind: ItemInfo, Title: t})
		}
		for i := range items {
			items[i].EntityID, items[i].ID, items[i].SessionID, items[i].Pos = c.EntityID, id.New(), s.ID, i+1
			if items[i].Kind == ItemFile && organ.Kind == OrganPleno {
				items[i].Resolves = true
			}
		}
		if err := insertSession(ctx, tx, s); err != nil {
			return err
		}
		if err := insertItems(ctx, tx, items); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, change(c.EntityID, "sesiones.convocar", "sesion", s.ID, nil,
			map[string]any{"sesion": s.Title(), "lugar": s.Place, "puntos": len(items)}))
	})
	if err != nil {
		return Session{}, err
	}
	if _, err := m.convocationPDF(ctx, s); err != nil {
		m.kit.Log.Warn("sesiones: no se pudo emitir la convocatoria", "sesion", s.ID, "error", err)
	}
	m.mailConvocation(ctx, s, items)
	return s, nil
}

// lowerFirst lowers the first letter ("Sesión…" → "sesión…").
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// unique drops repeated and empty values, keeping the order.
func unique(xs []string) []string {
	seen := map[string]bool{}
	out := xs[:0:0]
	for _, x := range xs {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
