package registry

import (
	"context"
	"time"

	"concejo/internal/platform/db"
)

// interchange is a SIR interchange file sent or received.
type interchange struct {
	ID, Direction, ExchangeID, State, Reason string
	OfficeCode, OfficeName, OriginNumber     string
	Summary, EntryID                         string
	CreatedAt                                time.Time
	DecidedBy                                string
}

func interchangesOfEntry(ctx context.Context, q db.Queryer, entityID, entryID string) ([]interchange, error) {
	return db.Collect(ctx, q, scanInterchange, `SELECT `+interchangeColumns+` FROM registry_interchanges
		WHERE entity_id = $1 AND entry_id = $2 ORDER BY created_at`, entityID, entryID)
}

const interchangeColumns = `id, direction, exchange_id, state, reason, office_code, office_name, origin_number,
	summary, COALESCE(entry_id, ''), created_at, decided_by`

func scanInterchange(sc db.Scanner) (i interchange, err error) {
	err = sc.Scan(&i.ID, &i.Direction, &i.ExchangeID, &i.State, &i.Reason, &i.OfficeCode, &i.OfficeName,
		&i.OriginNumber, &i.Summary, &i.EntryID, &i.CreatedAt, &i.DecidedBy)
	return i, err
}

// StateLabel is the Spanish name of the interchange's state.
func (i interchange) StateLabel() string {
	switch i.State {
	case "recibido":
		return "Recibido, pendiente de aceptar"
	case "aceptado":
		return "Aceptado"
	case "rechazado":
		return "Rechazado"
	case "enviado":
		return "Enviado"
	}
	return i.State
}

// DirectionLabel is "Enviado" or "Recibido".
func (i interchange) DirectionLabel() string {
	if i.Direction == "enviado" {
		return "Enviado"
	}
	return "Recibido"
}
