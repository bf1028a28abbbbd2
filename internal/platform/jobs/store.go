package jobs

import (
	"context"
	"fmt"
	"time"

	"concejo/internal/platform/db"
)

// Info is a job as its page shows it.
type Info struct {
	ID, EntityID, Kind, Title, State string
	Done, Total                      int64
	Message, ResultHref, CreatedBy   string
	CreatedAt                        time.Time
	StartedAt, FinishedAt            *time.Time
}

// Percent is the share done, 0–100 (0 while the total is unknown).
func (i Info) Percent() int64 {
	if i.Total <= 0 {
		return 0
	}
	return i.Done * 100 / i.Total
}

// Finished says whether the job has ended, well or not.
func (i Info) Finished() bool { return i.State != Queued && i.State != Running }

const infoSelect = `SELECT id, entity_id, kind, title, state, done, total, message, result_href, created_by,
	created_at, started_at, finished_at FROM jobs`

func scanInfo(s db.Scanner) (Info, error) {
	var i Info
	err := s.Scan(&i.ID, &i.EntityID, &i.Kind, &i.Title, &i.State, &i.Done, &i.Total, &i.Message, &i.ResultHref,
		&i.CreatedBy, &i.CreatedAt, &i.StartedAt, &i.FinishedAt)
	return i, err
}

// Get returns the job jobID, or db.ErrNotFound.
func Get(ctx context.Context, q db.Queryer, jobID string) (Info, error) {
	i, err := scanInfo(q.QueryRowContext(ctx, infoSelect+` WHERE id = $1`, jobID))
	if err := db.NotFound(err); err != nil {
		return i, fmt.Errorf("tareas: leer la tarea %s: %w", jobID, err)
	}
	return i, nil
}

// Recent returns the latest jobs of entityID (all entities when
// allEntities), newest first, at most limit.
func Recent(ctx context.Context, q db.Queryer, entityID string, allEntities bool, limit int) ([]Info, error) {
	if allEntities {
		return db.Collect(ctx, q, scanInfo, infoSelect+` ORDER BY created_at DESC, id DESC LIMIT $1`, limit)
	}
	return db.Collect(ctx, q, scanInfo, infoSelect+` WHERE entity_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
		entityID, limit)
}

// stateLabels are the states as users read them.
var stateLabels = map[string]string{Queued: "En cola", Running: "En curso", Done: "Terminado", Failed: "Fallido",
	Interrupted: "Interrumpido"}

// StateLabel is the job's state in Spanish.
func (i Info) StateLabel() string { return stateLabels[i.State] }
