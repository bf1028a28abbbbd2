package casefile

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
)

// Related is an expediente related to another, as its page lists it.
type Related struct {
	ID, Number, Subject string
	State               State
	Note                string
}

// Relate relates two expedientes of the entity (both ways), the other
// named by its number as typed (EXP2026/000123, 123/2026), with a note.
func (m *Module) Relate(ctx context.Context, a *auth.Actor, entityID, fileID, other, note string) error {
	num, ok := numberOf(other)
	if !ok {
		return fieldErr("relacionado", "Escriba el número del otro expediente (EXP2026/000123 o 123/2026).")
	}
	note = strings.TrimSpace(note)
	if len([]rune(note)) > 200 {
		return fieldErr("motivo", "El motivo no puede pasar de 200 caracteres.")
	}
	return m.change(ctx, a, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		var otherID string
		err := tx.QueryRowContext(ctx, `SELECT id FROM casefile_files WHERE entity_id = $1 AND number = $2`, entityID, num).Scan(&otherID)
		if err := db.NotFound(err); err != nil {
			if isNotFound(err) {
				return "", fieldErr("relacionado", "La entidad no tiene el expediente "+num+".")
			}
			return "", fmt.Errorf("expedientes: buscar el expediente %s: %w", num, err)
		}
		if otherID == f.ID {
			return "", fieldErr("relacionado", "Un expediente no se relaciona consigo mismo.")
		}
		for _, pair := range [][2]string{{f.ID, otherID}, {otherID, f.ID}} {
			_, err := tx.ExecContext(ctx, `INSERT INTO casefile_relations (entity_id, file_id, other_id, note)
				VALUES ($1, $2, $3, $4)`, entityID, pair[0], pair[1], note)
			if db.IsUniqueViolation(err) {
				return "", errs.New(errs.Conflict, "Los expedientes ya están relacionados.")
			}
			if err != nil {
				return "", fmt.Errorf("expedientes: relacionar %s: %w", num, err)
			}
		}
		return "Relacionado con el expediente " + num + ".", nil
	})
}

// relatedOf lists the expedientes related to one.
func relatedOf(ctx context.Context, q db.Queryer, entityID, fileID string) ([]Related, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (r Related, err error) {
		var state string
		err = sc.Scan(&r.ID, &r.Number, &r.Subject, &state, &r.Note)
		r.State = State(state)
		return r, err
	}, `SELECT f.id, f.number, f.subject, f.state, r.note FROM casefile_relations r
		JOIN casefile_files f ON f.entity_id = r.entity_id AND f.id = r.other_id
		WHERE r.entity_id = $1 AND r.file_id = $2 ORDER BY f.year, f.seq`, entityID, fileID)
	if err != nil {
		return nil, fmt.Errorf("expedientes: leer los relacionados de %s: %w", fileID, err)
	}
	return rows, nil
}
