package registry

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"concejo/internal/platform/db"
)

// interchange is a SIR interchange sent or received, in the state its
// message flow has reached (see migration 0041 for the states).
type interchange struct {
	ID, Direction, ExchangeID, State, Reason string
	ErrorCode, Annotation                    string
	OfficeCode, OfficeName                   string
	UnitCode, UnitName                       string
	OriginNumber, DestNumber                 string
	DestRegisteredAt                         time.Time
	Summary, EntryID                         string
	Test                                     bool
	Channel                                  string
	CreatedAt, UpdatedAt                     time.Time
	DecidedBy                                string
}

func interchangesOfEntry(ctx context.Context, q db.Queryer, entityID, entryID string) ([]interchange, error) {
	return db.Collect(ctx, q, scanInterchange, `SELECT `+interchangeColumns+` FROM registry_interchanges
		WHERE entity_id = $1 AND entry_id = $2 ORDER BY created_at`, entityID, entryID)
}

const interchangeColumns = `id, direction, exchange_id, state, reason, error_code, annotation, office_code, office_name,
	unit_code, unit_name, origin_number, dest_number, dest_registered_at, summary, COALESCE(entry_id, ''), test, channel,
	created_at, updated_at, decided_by`

func scanInterchange(sc db.Scanner) (interchange, error) { return scanInterchangeWith(sc) }

// scanInterchangeWith scans the interchange columns followed by extra.
func scanInterchangeWith(sc db.Scanner, extra ...any) (i interchange, err error) {
	var destAt sql.NullTime
	dest := []any{&i.ID, &i.Direction, &i.ExchangeID, &i.State, &i.Reason, &i.ErrorCode, &i.Annotation, &i.OfficeCode,
		&i.OfficeName, &i.UnitCode, &i.UnitName, &i.OriginNumber, &i.DestNumber, &destAt, &i.Summary, &i.EntryID,
		&i.Test, &i.Channel, &i.CreatedAt, &i.UpdatedAt, &i.DecidedBy}
	err = sc.Scan(append(dest, extra...)...)
	if destAt.Valid {
		i.DestRegisteredAt = destAt.Time.UTC()
	}
	return i, err
}

// interchangeByExchange finds the interchange of the entity with an
// identifier in one direction (db.ErrNotFound when there is none; the
// files refused on reception are not looked at).
func interchangeByExchange(ctx context.Context, q db.Queryer, entityID, direction, exchangeID string) (interchange, []byte, error) {
	var content []byte
	i, err := scanInterchangeWith(q.QueryRowContext(ctx, `SELECT `+interchangeColumns+`, content FROM registry_interchanges
		WHERE entity_id = $1 AND direction = $2 AND exchange_id = $3 AND state <> 'invalido'`, entityID, direction, exchangeID), &content)
	return i, content, db.NotFound(err)
}

// stateLabels are the Spanish names of the interchanges' states.
var stateLabels = map[string]string{
	"enviado": "Enviado", "no_enviado": "Pendiente de transmitir", "entregado": "Entregado en destino",
	"confirmado": "Confirmado por el destino", "devuelto": "Devuelto (rechazado en destino)", "error": "Con error",
	"recibido": "Recibido, pendiente de aceptar", "aceptado": "Aceptado", "rechazado": "Rechazado",
	"reenviado": "Reenviado a otra oficina", "invalido": "No admitido (fichero no conforme)",
}

// StateLabel is the Spanish name of the interchange's state.
func (i interchange) StateLabel() string {
	if l, ok := stateLabels[i.State]; ok {
		return l
	}
	return i.State
}

// NeedsAttention says whether the clerk must act: a received file to
// decide, or a sent one that came back, failed or is still to transmit.
func (i interchange) NeedsAttention() bool {
	switch i.State {
	case "recibido", "devuelto", "error", "no_enviado":
		return true
	}
	return false
}

// DirectionLabel is "Enviado" or "Recibido".
func (i interchange) DirectionLabel() string {
	if i.Direction == "enviado" {
		return "Enviado"
	}
	return "Recibido"
}

// message is one file or message of an interchange's history.
type message struct {
	Pos                    int
	Direction, Kind        string
	ErrorCode, Description string
	HasContent             bool
	CreatedAt              time.Time
}

// messageKinds are the Spanish names of the history's kinds.
var messageKinds = map[string]string{"envio": "Fichero de intercambio (envío)", "reenvio": "Fichero de intercambio (reenvío)",
	"rechazo": "Fichero de rechazo", "ack": "Acuse de recibo (ACK)", "error": "Mensaje de error", "confirmacion": "Confirmación"}

// KindLabel is the Spanish name of the message's kind.
func (m message) KindLabel() string { return messageKinds[m.Kind] }

// addMessage appends a file or message to an interchange's history.
func addMessage(ctx context.Context, q db.Queryer, entityID, iid string, msg message, content []byte) error {
	_, err := q.ExecContext(ctx, `INSERT INTO registry_interchange_messages (entity_id, interchange_id, pos, direction,
		kind, error_code, description, content, created_at)
		SELECT $1, $2, COALESCE(MAX(pos), 0) + 1, $3, $4, $5, $6, $7, $8 FROM registry_interchange_messages
		WHERE entity_id = $1 AND interchange_id = $2`,
		entityID, iid, msg.Direction, msg.Kind, msg.ErrorCode, msg.Description, db.NullBytes(content), msg.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("registro: anotar el mensaje %s del intercambio %s: %w", msg.Kind, iid, err)
	}
	return nil
}

// messagesOf reads an interchange's history, oldest first.
func messagesOf(ctx context.Context, q db.Queryer, entityID, iid string) ([]message, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (m message, err error) {
		err = sc.Scan(&m.Pos, &m.Direction, &m.Kind, &m.ErrorCode, &m.Description, &m.HasContent, &m.CreatedAt)
		return m, err
	}, `SELECT pos, direction, kind, error_code, description, content IS NOT NULL, created_at
		FROM registry_interchange_messages WHERE entity_id = $1 AND interchange_id = $2 ORDER BY pos`, entityID, iid)
	if err != nil {
		return nil, fmt.Errorf("registro: leer los mensajes del intercambio %s: %w", iid, err)
	}
	return rows, nil
}

// messageContent reads the content of one file or message of the history.
func messageContent(ctx context.Context, q db.Queryer, entityID, iid string, pos int) (message, []byte, error) {
	var m message
	var content []byte
	err := q.QueryRowContext(ctx, `SELECT pos, direction, kind, error_code, description, created_at, content
		FROM registry_interchange_messages WHERE entity_id = $1 AND interchange_id = $2 AND pos = $3 AND content IS NOT NULL`,
		entityID, iid, pos).Scan(&m.Pos, &m.Direction, &m.Kind, &m.ErrorCode, &m.Description, &m.CreatedAt, &content)
	return m, content, db.NotFound(err)
}
