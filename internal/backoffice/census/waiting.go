package census

import (
	"context"
	"fmt"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/kit"
)

// waiting is what the padrón has for the home of whoever records its
// variations in his current entity: the variations of past months not yet
// sent to the INE (the monthly file is due), the inscriptions of
// extranjeros no comunitarios that lapsed and wait for the caducidad batch,
// and those that lapse within WarnAhead and were not warned yet.
func (m *Module) waiting(ctx context.Context, a *auth.Actor) ([]kit.Waiting, error) {
	if ok, err := m.kit.Access.CanHere(ctx, a, PermChange); err != nil || !ok {
		return nil, err
	}
	t := today()
	month := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	var unsent, lapsed, unwarned int
	if err := m.kit.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM census_variations
		WHERE entity_id = $1 AND ine_state = '' AND recorded_at < $2`, a.Entity.ID, month).Scan(&unsent); err != nil {
		return nil, fmt.Errorf("padrón: contar las variaciones sin enviar al INE: %w", err)
	}
	// renewal_on is the alta or the last renewal: two years later it lapses
	lapsedBefore, warnBefore := t.AddDate(-2, 0, 0), t.Add(WarnAhead).AddDate(-2, 0, 0)
	if err := m.kit.DB.QueryRowContext(ctx, `SELECT
		COUNT(CASE WHEN renewal_on <= $2 THEN 1 END),
		COUNT(CASE WHEN renewal_on > $2 AND renewal_warned_at IS NULL THEN 1 END)
		FROM census_inscriptions WHERE entity_id = $1 AND active AND renewal_on IS NOT NULL AND renewal_on <= $3`,
		a.Entity.ID, lapsedBefore, warnBefore).Scan(&lapsed, &unwarned); err != nil {
		return nil, fmt.Errorf("padrón: contar las renovaciones de extranjeros pendientes: %w", err)
	}
	return []kit.Waiting{
		kit.NewWaiting(unsent, "/padron/ine",
			"Una variación del padrón de meses anteriores está sin enviar al INE",
			"%d variaciones del padrón de meses anteriores están sin enviar al INE"),
		kit.NewWaiting(lapsed, "/padron/encsarp",
			"Una inscripción de extranjero caducada espera la baja por caducidad",
			"%d inscripciones de extranjeros caducadas esperan la baja por caducidad"),
		kit.NewWaiting(unwarned, "/padron/encsarp",
			"Un extranjero debe renovar su inscripción en los próximos 90 días y no se le ha avisado",
			"%d extranjeros deben renovar su inscripción en los próximos 90 días y no se les ha avisado"),
	}, nil
}
