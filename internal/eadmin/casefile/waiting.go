package casefile

import (
	"context"
	"fmt"
	"strconv"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/kit"
)

// waitingCap bounds what the home counts of each part of a person's
// pending trámites (his own, and the next of each expediente assigned to
// him); from it on the home says «más de» instead of reading them all.
const waitingCap = 100

// waiting is what the tramitador has for the actor's home: his pending
// trámites (those /expedientes/pendientes lists), and how many of them are
// past their plazo.
func (m *Module) waiting(ctx context.Context, a *auth.Actor) ([]kit.Waiting, error) {
	if ok, err := m.kit.Access.CanHere(ctx, a, PermRead); err != nil || !ok {
		return nil, err
	}
	n, overdue, capped, err := m.countPending(ctx, a.Entity.ID, a.UserID)
	if err != nil {
		return nil, err
	}
	return []kit.Waiting{pendingWaiting(n, overdue, capped)}, nil
}

// pendingWaiting words the home's line of pending trámites.
func pendingWaiting(n, overdue int, capped bool) kit.Waiting {
	w := kit.NewWaiting(n, "/expedientes/pendientes",
		"Un trámite de un expediente le espera", "%d trámites de expedientes le esperan")
	if capped {
		w.Label = fmt.Sprintf("Más de %d trámites de expedientes le esperan", waitingCap-1)
	}
	switch {
	case overdue > 0 && capped:
		w.Label += fmt.Sprintf(" (al menos %d con el plazo vencido)", overdue)
	case overdue > 0:
		w.Label += fmt.Sprintf(" (%d con el plazo vencido)", overdue)
	}
	return w
}

// countPending counts the trámites pending() lists for userID, and those of
// them past their own plazo, in one query that reads at most waitingCap
// trámites assigned to him and waitingCap expedientes assigned to him
// (through their assignee indexes); capped says one of the two reached
// the cap, so that there are more than waitingCap-1 and the overdue ones
// are a lower bound.
func (m *Module) countPending(ctx context.Context, entityID, userID string) (n, overdue int, capped bool, err error) {
	limit := strconv.Itoa(waitingCap)
	// The next trámite of an expediente is the one in course, else the
	// first pending one nobody was assigned (as nextTasks chooses it).
	next := func(cond string) string {
		return `(SELECT c.id FROM casefile_tasks c WHERE c.entity_id = f.entity_id AND c.file_id = f.id
			AND c.who <> 'interesado' AND ` + cond + ` ORDER BY c.pos LIMIT 1)`
	}
	var mine, files int
	err = m.kit.DB.QueryRowContext(ctx, `SELECT COUNT(DISTINCT id), COALESCE(SUM(CASE WHEN part = 1 THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN part = 2 THEN 1 ELSE 0 END), 0),
			COUNT(DISTINCT CASE WHEN due_at < $3 THEN id END)
		FROM (SELECT * FROM (SELECT 1 AS part, t.id, t.due_at FROM casefile_tasks t
				JOIN casefile_files f ON f.entity_id = t.entity_id AND f.id = t.file_id
				WHERE t.entity_id = $1 AND t.assignee_id = $2 AND t.state IN ('pendiente', 'en_curso')
				AND t.who <> 'interesado' AND f.state IN `+openStates+` LIMIT `+limit+`) mine
			UNION ALL
			SELECT * FROM (SELECT 2 AS part, t.id, t.due_at FROM casefile_files f
				JOIN casefile_tasks t ON t.entity_id = f.entity_id AND t.id = COALESCE(`+
		next(`c.state = 'en_curso'`)+`, `+next(`c.state = 'pendiente' AND c.assignee_id = ''`)+`)
				WHERE f.entity_id = $1 AND f.assignee_id = $2 AND f.state IN `+openStates+` LIMIT `+limit+`) nexts) p`,
		entityID, userID, m.kit.Now().UTC()).Scan(&n, &mine, &files, &overdue)
	if err != nil {
		return 0, 0, false, fmt.Errorf("expedientes: contar los trámites pendientes: %w", err)
	}
	return n, overdue, mine >= waitingCap || files >= waitingCap, nil
}
