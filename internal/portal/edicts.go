package portal

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/plazo"
	"concejo/internal/platform/web"
	"concejo/internal/platform/workcal"
)

// Edict is an announcement of the tablón de anuncios. It is exposed from
// PublishAt until WithdrawAt, both fixed when it is created, and never
// changes afterwards: a correction is a new edict that names the old one.
type Edict struct {
	EntityID, ID, Number, Kind, Title, Body, BodySHA256 string
	PublishAt, WithdrawAt                               time.Time
	CorrectsID, CorrectsNumber, CertCSV                 string
	CreatedAt                                           time.Time
	CreatedBy                                           string
	// Period describes the exposure period as entered ("20 días hábiles").
	Period string
}

// Edict states by the clock.
const (
	EdictScheduled = "programado"
	EdictExposed   = "expuesto"
	EdictEnded     = "finalizado"
)

// StateAt is the edict's state at now: scheduled before publication,
// exposed during the period, ended after withdrawal.
func (e Edict) StateAt(now time.Time) string {
	switch {
	case now.Before(e.PublishAt):
		return EdictScheduled
	case now.Before(e.WithdrawAt):
		return EdictExposed
	}
	return EdictEnded
}

// StateLabel is StateAt in Spanish for people.
func (e Edict) StateLabel(now time.Time) string {
	switch e.StateAt(now) {
	case EdictScheduled:
		return "Programado"
	case EdictExposed:
		return "En exposición"
	}
	return "Finalizado"
}

// edictKinds are the kinds of announcement offered.
var edictKinds = []string{"Edicto", "Anuncio", "Convocatoria", "Exposición pública de padrón fiscal",
	"Exposición pública de ordenanza", "Exposición pública del presupuesto", "Licencia", "Información pública", "Otro"}

// Period units: those of plazo the tablón offers.
const (
	UnitWorkingDays = string(plazo.WorkingDays)
	UnitDays        = string(plazo.CalendarDays)
	UnitMonths      = string(plazo.Months)
)

// WithdrawalAt computes the moment an edict published at pub with a period
// of n units is withdrawn, with the calendar of the municipality ine: the
// period is a plazo of Ley 39/2015 art. 30 (plazo.End), and the edict stays
// exposed the whole of its last day, so it is withdrawn at midnight
// (Madrid) after it.
func WithdrawalAt(ine string, pub time.Time, n int, unit string) (time.Time, error) {
	end, err := plazo.End(workcal.ForMunicipality(ine), pub, plazo.Term{N: n, Unit: plazo.Unit(unit)})
	if err != nil {
		return time.Time{}, fmt.Errorf("portal: plazo de exposición: %w", err)
	}
	return end.Add(time.Millisecond).UTC(), nil
}

func unitLabel(n int, unit string) string { return plazo.Term{N: n, Unit: plazo.Unit(unit)}.String() }

const edictCols = `d.entity_id, d.id, d.number, d.kind, d.title, d.body, d.body_sha256, d.publish_at, d.withdraw_at,
	COALESCE(d.corrects_id, ''), COALESCE(c.number, ''), COALESCE(d.cert_csv, ''), d.created_at, d.created_by`

const edictFrom = ` FROM portal_edicts d LEFT JOIN portal_edicts c ON c.entity_id = d.entity_id AND c.id = d.corrects_id`

func scanEdict(sc db.Scanner) (Edict, error) {
	var e Edict
	err := sc.Scan(&e.EntityID, &e.ID, &e.Number, &e.Kind, &e.Title, &e.Body, &e.BodySHA256, &e.PublishAt, &e.WithdrawAt,
		&e.CorrectsID, &e.CorrectsNumber, &e.CertCSV, &e.CreatedAt, &e.CreatedBy)
	e.PublishAt, e.WithdrawAt, e.CreatedAt = e.PublishAt.UTC(), e.WithdrawAt.UTC(), e.CreatedAt.UTC()
	return e, err
}

// exposedEdicts lists the edicts exposed at now, newest first.
func exposedEdicts(ctx context.Context, q db.Queryer, entityID string, now time.Time) ([]Edict, error) {
	return db.Collect(ctx, q, scanEdict, `SELECT `+edictCols+edictFrom+` WHERE d.entity_id = $1 AND d.publish_at <= $2
		AND d.withdraw_at > $2 ORDER BY d.publish_at DESC`, entityID, now)
}

func countExposed(ctx context.Context, q db.Queryer, entityID string, now time.Time) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM portal_edicts WHERE entity_id = $1 AND publish_at <= $2
		AND withdraw_at > $2`, entityID, now).Scan(&n)
	return n, err
}

// endedEdicts lists the archive: edicts withdrawn by now, newest first.
func endedEdicts(ctx context.Context, q db.Queryer, entityID string, now time.Time) ([]Edict, error) {
	return db.Collect(ctx, q, scanEdict, `SELECT `+edictCols+edictFrom+` WHERE d.entity_id = $1 AND d.withdraw_at <= $2
		ORDER BY d.withdraw_at DESC LIMIT 500`, entityID, now)
}

func allEdicts(ctx context.Context, q db.Queryer, entityID string) ([]Edict, error) {
	return db.Collect(ctx, q, scanEdict, `SELECT `+edictCols+edictFrom+` WHERE d.entity_id = $1
		ORDER BY d.publish_at DESC LIMIT 500`, entityID)
}

func edictByID(ctx context.Context, q db.Queryer, entityID, edictID string) (Edict, error) {
	e, err := scanEdict(q.QueryRowContext(ctx, `SELECT `+edictCols+edictFrom+` WHERE d.entity_id = $1 AND d.id = $2`,
		entityID, edictID))
	return e, db.NotFound(err)
}

// createEdict fixes a new edict of the actor's entity with its exposure
// period and returns it.
func (m *Module) createEdict(ctx context.Context, a *auth.Actor, f EdictForm, fe errs.Fields) (Edict, error) {
	site, err := siteOf(ctx, m.kit.DB, a.Entity.ID)
	if err != nil {
		return Edict{}, errs.ErrForbidden
	}
	now := m.kit.Now()
	f.Title, f.Body = strings.TrimSpace(f.Title), strings.TrimSpace(f.Body)
	if !contains(edictKinds, f.Kind) {
		fe.Add("tipo", "Elija el tipo de anuncio.")
	}
	if f.Title == "" {
		fe.Add("titulo", "Escriba el título del anuncio.")
	} else if len([]rune(f.Title)) > 300 {
		fe.Add("titulo", "El título no puede tener más de 300 caracteres.")
	}
	if f.Body == "" {
		fe.Add("texto", "Escriba el texto del anuncio.")
	} else if len(f.Body) > 100_000 {
		fe.Add("texto", "El texto no puede tener más de 100.000 caracteres.")
	}
	if f.PublishAt.IsZero() {
		f.PublishAt = now
	} else if f.PublishAt.Before(now.Add(-time.Minute)) {
		fe.Add("publicacion_fecha", "La publicación no puede ser anterior al momento actual: las fechas se fijan de antemano.")
	}
	switch {
	case f.Unit != UnitWorkingDays && f.Unit != UnitDays && f.Unit != UnitMonths:
		fe.Add("unidad", "Elija cómo se cuenta el plazo.")
	case f.Period < 1 || (f.Unit == UnitMonths && f.Period > 24) || f.Period > 366:
		fe.Add("plazo", "Indique un plazo entre 1 y 366 días (o 24 meses).")
	}
	var corrected Edict
	if f.Corrects != "" {
		if corrected, err = edictByID(ctx, m.kit.DB, site.EntityID, f.Corrects); err != nil || corrected.StateAt(now) == EdictScheduled {
			fe.Add("corrige", "Elija un anuncio ya publicado de su tablón.")
		}
	}
	if err := fe.Err(); err != nil {
		return Edict{}, err
	}
	withdraw, err := WithdrawalAt(site.INE, f.PublishAt, f.Period, f.Unit)
	if err != nil {
		return Edict{}, err
	}
	sum := sha256.Sum256([]byte(f.Body))
	e := Edict{EntityID: site.EntityID, ID: id.New(), Kind: f.Kind, Title: f.Title, Body: f.Body,
		BodySHA256: hex.EncodeToString(sum[:]), PublishAt: f.PublishAt.UTC().Truncate(time.Second),
		WithdrawAt: withdraw, CorrectsID: corrected.ID,
		CorrectsNumber: corrected.Number, CreatedAt: now, CreatedBy: a.UserID, Period: unitLabel(f.Period, f.Unit)}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := ensureSite(ctx, tx, site, a.UserID, now); err != nil {
			return err
		}
		year := e.PublishAt.In(web.Madrid).Year()
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM portal_edicts WHERE entity_id = $1 AND number LIKE $2`,
			e.EntityID, fmt.Sprintf("%d/%%", year)).Scan(&n); err != nil {
			return err
		}
		e.Number = fmt.Sprintf("%d/%04d", year, n+1)
		if _, err := tx.ExecContext(ctx, `INSERT INTO portal_edicts (entity_id, id, number, kind, title, body, body_sha256,
			publish_at, withdraw_at, corrects_id, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			e.EntityID, e.ID, e.Number, e.Kind, e.Title, e.Body, e.BodySHA256, e.PublishAt, e.WithdrawAt,
			db.NullString(e.CorrectsID), e.CreatedAt, e.CreatedBy); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: e.EntityID, Action: "portal.edicto.crear", ObjectType: "portal_edicto",
			ObjectID: e.ID, After: e})
	})
	if err != nil {
		return Edict{}, err
	}
	m.changed(e.EntityID)
	return e, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// CertificateTitle is the title of the diligencia de exposición pública.
const CertificateTitle = "Diligencia de exposición pública en el tablón de anuncios electrónico"

// issueCertificate generates, once the exposure period has ended, the
// diligencia stating the exact period, with its CSV; it returns the code.
func (m *Module) issueCertificate(ctx context.Context, a *auth.Actor, edictID string) (string, error) {
	site, err := siteOf(ctx, m.kit.DB, a.Entity.ID)
	if err != nil {
		return "", errs.ErrForbidden
	}
	e, err := edictByID(ctx, m.kit.DB, site.EntityID, edictID)
	if err != nil {
		return "", err
	}
	if err := m.kit.Access.RequireHere(ctx, a, PermOfficial); err != nil {
		return "", err
	}
	now := m.kit.Now()
	if e.StateAt(now) != EdictEnded {
		return "", errs.New(errs.Conflict, "La diligencia se expide cuando termina la exposición, el "+web.DateTime(e.WithdrawAt)+".")
	}
	if e.CertCSV != "" {
		return e.CertCSV, nil
	}
	code := csvdoc.NewCode()
	verify := csvdoc.URL(m.kit.Config.Public(), code)
	body, err := m.kit.RenderPDF(ctx, m.kit.DB, e.EntityID, certificate(site, e, code, verify, now))
	if err != nil {
		return "", err
	}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE portal_edicts SET cert_csv = $3 WHERE entity_id = $1 AND id = $2 AND cert_csv IS NULL`,
			e.EntityID, e.ID, code)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.Conflict, "La diligencia ya se ha expedido.")
		}
		if err := csvdoc.Issue(ctx, tx, csvdoc.Document{CSV: code, EntityID: e.EntityID, Kind: "diligencia",
			Title: CertificateTitle + " · " + e.Number, ObjectType: "portal_edicto", ObjectID: e.ID,
			Filename: "diligencia-" + strings.ReplaceAll(e.Number, "/", "-") + ".pdf", Content: body, IssuedAt: now,
			IssuedBy: a.UserID}); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: e.EntityID, Action: "portal.edicto.diligencia",
			ObjectType: "portal_edicto", ObjectID: e.ID, After: map[string]string{"csv": code}})
	})
	if err != nil {
		return "", err
	}
	m.changed(e.EntityID)
	return code, nil
}

// certificate is the diligencia: the edict, its document digest and the
// exact exposure period, signed by the Secretaría.
func certificate(s *Site, e Edict, code, verify string, at time.Time) pdf.Document {
	fields := []pdf.Field{
		{Label: "Entidad", Value: s.Name},
		{Label: "Anuncio", Value: e.Number + " · " + e.Kind},
		{Label: "Título", Value: e.Title},
		{Label: "Huella del texto (SHA-256)", Value: e.BodySHA256},
		{Label: "Publicado desde", Value: web.DateTime(e.PublishAt) + " (hora peninsular)"},
		{Label: "Retirado el", Value: web.DateTime(e.WithdrawAt) + " (hora peninsular)"},
		{Label: "Exposición", Value: exposureText(e)},
	}
	if e.CorrectsNumber != "" {
		fields = append(fields, pdf.Field{Label: "Corrige al anuncio", Value: e.CorrectsNumber})
	}
	return pdf.Document{
		Issuer:    s.Name,
		IssuerSub: "Secretaría · Tablón de anuncios electrónico",
		Title:     CertificateTitle,
		Reference: "Anuncio " + e.Number,
		Fields:    fields,
		Paragraphs: []string{
			"La Secretaría " + s.Of() + " HACE CONSTAR que el anuncio identificado arriba ha estado expuesto al público " +
				"en el tablón de anuncios electrónico de la entidad, de forma continuada, desde el " + web.DateTime(e.PublishAt) +
				" hasta el " + web.DateTime(e.WithdrawAt) + ", fechas fijadas al ordenar su publicación, sin que conste incidencia " +
				"que haya interrumpido su exposición.",
			"La huella SHA-256 identifica el texto expuesto: cualquier modificación del texto la cambiaría.",
			"Y para que conste, se expide la presente diligencia.",
		},
		SignatureLines: []string{"La Secretaría", "(sello electrónico de la entidad)"},
		CSV:            code,
		VerifyURL:      verify,
		Date:           at,
	}
}

func exposureText(e Edict) string {
	days := int(e.WithdrawAt.Sub(e.PublishAt).Hours() / 24)
	return fmt.Sprintf("%d días naturales completos o fracción", days)
}
