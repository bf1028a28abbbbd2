package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
	"concejo/internal/platform/jobs"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func get(t *testing.T, d *db.DB, id string) jobs.Info {
	t.Helper()
	i, err := jobs.Get(context.Background(), d, id)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

func TestJobOutcomes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		r := jobs.New(d, quiet, 2)
		ok, err := r.Start(ctx, jobs.Job{Kind: "prueba", Title: "Contar", EntityID: "e1", CreatedBy: "u1",
			Run: func(ctx context.Context, p *jobs.Progress) error {
				for i := int64(1); i <= 1000; i++ {
					p.Set(i, 1000, "Contando")
				}
				p.Result("/resultado/1")
				return nil
			}})
		if err != nil {
			t.Fatal(err)
		}
		bad, _ := r.Start(ctx, jobs.Job{Kind: "prueba", Title: "Fallar", EntityID: "e1", CreatedBy: "u1",
			Run: func(context.Context, *jobs.Progress) error { return errors.New("El fichero no tiene cabecera.") }})
		boom, _ := r.Start(ctx, jobs.Job{Kind: "prueba", Title: "Romper", EntityID: "e2", CreatedBy: "u1",
			Run: func(context.Context, *jobs.Progress) error { panic("índice fuera de rango") }})
		r.Wait()
		if i := get(t, d, ok); i.State != jobs.Done || i.Done != 1000 || i.Total != 1000 || i.Percent() != 100 ||
			i.ResultHref != "/resultado/1" || i.StartedAt == nil || i.FinishedAt == nil || !i.Finished() {
			t.Fatalf("done job: %+v", i)
		}
		if i := get(t, d, bad); i.State != jobs.Failed || i.Message != "El fichero no tiene cabecera." {
			t.Fatalf("failed job: %+v", i)
		}
		if i := get(t, d, boom); i.State != jobs.Failed || !strings.Contains(i.Message, "Error interno") {
			t.Fatalf("panicking job: %+v", i)
		}
		mine, err := jobs.Recent(ctx, d, "e1", false, 10)
		if err != nil || len(mine) != 2 {
			t.Fatalf("recent of e1: %d %v", len(mine), err)
		}
		all, _ := jobs.Recent(ctx, d, "", true, 10)
		if len(all) != 3 {
			t.Fatalf("recent of all: %d", len(all))
		}
		var m strings.Builder
		r.WriteMetrics(&m)
		if !strings.Contains(m.String(), `concejo_jobs_finished_total{kind="prueba",state="fallido"} 2`) ||
			!strings.Contains(m.String(), `concejo_jobs_finished_total{kind="prueba",state="terminado"} 1`) {
			t.Fatalf("metrics:\n%s", m.String())
		}
	})
}

func TestStopInterruptsAndRecoverMarksLeftovers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		r := jobs.New(d, quiet, 1)
		started := make(chan struct{})
		long, _ := r.Start(ctx, jobs.Job{Kind: "prueba", Title: "Largo", CreatedBy: "u1",
			Run: func(ctx context.Context, p *jobs.Progress) error {
				close(started)
				<-ctx.Done()
				return ctx.Err()
			}})
		<-started // the only slot is taken: the next job must wait in the queue
		queued, _ := r.Start(ctx, jobs.Job{Kind: "prueba", Title: "En cola", CreatedBy: "u1",
			Run: func(context.Context, *jobs.Progress) error { return nil }})
		stop, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := r.Stop(stop); err != nil {
			t.Fatal(err)
		}
		if i := get(t, d, long); i.State != jobs.Interrupted {
			t.Fatalf("running job after stop: %+v", i)
		}
		if i := get(t, d, queued); i.State != jobs.Queued {
			t.Fatalf("queued job after stop: %+v", i)
		}
		if _, err := r.Start(ctx, jobs.Job{Kind: "prueba", Title: "Tarde", CreatedBy: "u1"}); !errors.Is(err, jobs.ErrStopped) {
			t.Fatalf("start after stop: %v", err)
		}
		next := jobs.New(d, quiet, 1)
		if err := next.Recover(ctx); err != nil {
			t.Fatal(err)
		}
		if i := get(t, d, queued); i.State != jobs.Interrupted || i.FinishedAt == nil {
			t.Fatalf("leftover after recover: %+v", i)
		}
	})
}

func TestEvery(t *testing.T) {
	d := dbtest.SQLite(t)
	r := jobs.New(d, quiet, 1)
	var n atomic.Int32
	r.Every("purga", 10*time.Millisecond, func(context.Context) error {
		if n.Add(1) == 2 {
			return errors.New("fallo")
		}
		return nil
	})
	deadline := time.Now().Add(5 * time.Second)
	for n.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	r.Stop(context.Background())
	if n.Load() < 3 {
		t.Fatalf("ran %d times", n.Load())
	}
	var m strings.Builder
	r.WriteMetrics(&m)
	if !strings.Contains(m.String(), `concejo_jobs_finished_total{kind="purga",state="fallido"} 1`) {
		t.Fatalf("metrics:\n%s", m.String())
	}
}
