// Package jobs runs the platform's long work in the background with visible
// progress (a padrón batch, an import, a large export), and its periodic
// maintenance. A job is a row in the jobs table that its page reads while a
// bounded pool of goroutines runs it; a process that stops mid-job leaves
// the row to be marked "interrumpido" at the next start, never "en curso"
// forever.
//
// Owns tables: jobs.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
)

// States of a job.
const (
	Queued      = "en_cola"
	Running     = "en_curso"
	Done        = "terminado"
	Failed      = "fallido"
	Interrupted = "interrumpido"
)

// Job is work to run in the background.
type Job struct {
	// Kind names the sort of job (e.g. "padron.caducidad"); Title is what its page shows.
	Kind, Title string
	// EntityID is the entity the job works for ("" for the platform).
	EntityID string
	// CreatedBy is the user who started it.
	CreatedBy string
	// Run does the work, reporting through p; an error marks the job failed
	// with the error's text, which must be a Spanish sentence for the user.
	Run func(ctx context.Context, p *Progress) error
}

// Runner runs jobs on at most Workers goroutines at once.
type Runner struct {
	db    *db.DB
	log   *slog.Logger
	slots chan struct{}
	ctx   context.Context
	stop  context.CancelFunc
	wg    sync.WaitGroup // jobs started with Start
	tasks sync.WaitGroup // periodic tasks started with Every
	stats stats
}

// New returns a runner for d running at most workers jobs at once.
func New(d *db.DB, log *slog.Logger, workers int) *Runner {
	if workers < 1 {
		workers = 1
	}
	ctx, stop := context.WithCancel(context.Background())
	return &Runner{db: d, log: log, slots: make(chan struct{}, workers), ctx: ctx, stop: stop,
		stats: stats{byKindState: map[[2]string]int64{}}}
}

// Recover marks the jobs a previous process left queued or running as
// interrupted; call it once at start, before Start.
func (r *Runner) Recover(ctx context.Context) error {
	_, err := r.db.ExecContext(ctx, `UPDATE jobs SET state = $1, finished_at = $2,
		message = 'El servidor se detuvo antes de terminar. Vuelva a lanzar el trabajo.'
		WHERE state IN ($3, $4)`, Interrupted, time.Now().UTC(), Queued, Running)
	return err
}

// ErrStopped is returned by Start once the runner is stopping.
var ErrStopped = errors.New("El servidor se está deteniendo: no se admiten trabajos nuevos.")

// Start records j as queued and runs it in the background; it returns the
// job's id at once.
func (r *Runner) Start(ctx context.Context, j Job) (string, error) {
	if r.ctx.Err() != nil {
		return "", ErrStopped
	}
	jobID := id.New()
	_, err := r.db.ExecContext(ctx, `INSERT INTO jobs (id, entity_id, kind, title, state, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, jobID, j.EntityID, j.Kind, j.Title, Queued, j.CreatedBy, time.Now().UTC())
	if err != nil {
		return "", err
	}
	r.wg.Add(1)
	go r.run(jobID, j)
	return jobID, nil
}

func (r *Runner) run(jobID string, j Job) {
	defer r.wg.Done()
	select {
	case r.slots <- struct{}{}:
	case <-r.ctx.Done():
		return // left queued: Recover marks it at the next start
	}
	defer func() { <-r.slots }()
	if r.ctx.Err() != nil {
		return // a slot freed by the stop itself: still left queued
	}
	r.stats.running(1)
	defer r.stats.running(-1)
	bg := context.WithoutCancel(r.ctx)
	r.db.ExecContext(bg, `UPDATE jobs SET state = $1, started_at = $2 WHERE id = $3`, Running, time.Now().UTC(), jobID)
	p := &Progress{runner: r, id: jobID}
	err := safeRun(r.ctx, j, p)
	state, msg := Done, p.message()
	switch {
	case r.ctx.Err() != nil:
		state, msg = Interrupted, "El servidor se detuvo antes de terminar. Vuelva a lanzar el trabajo."
	case err != nil:
		state, msg = Failed, err.Error()
		r.log.Warn("trabajo fallido", "job", jobID, "kind", j.Kind, "error", err)
	}
	done, total := p.counts()
	r.db.ExecContext(bg, `UPDATE jobs SET state = $1, message = $2, done = $3, total = $4, result_href = $5,
		finished_at = $6 WHERE id = $7`, state, msg, done, total, p.href(), time.Now().UTC(), jobID)
	r.stats.finished(j.Kind, state)
}

// safeRun runs j, turning a panic into a failure so one bad job cannot
// take the server down.
func safeRun(ctx context.Context, j Job, p *Progress) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("Error interno del trabajo (%v). Se ha registrado para su revisión.", v)
		}
	}()
	return j.Run(ctx, p)
}

// Stop refuses new jobs, cancels the running ones and waits for them, up to ctx.
func (r *Runner) Stop(ctx context.Context) error {
	r.stop()
	waited := make(chan struct{})
	go func() { r.wg.Wait(); r.tasks.Wait(); close(waited) }()
	select {
	case <-waited:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Wait blocks until every job started with Start has finished (tests).
func (r *Runner) Wait() { r.wg.Wait() }
