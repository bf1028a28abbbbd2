package decrees_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/decrees"
	"concejo/internal/platform/web"
)

// TestConcurrentSigning signs many drafts of one entity from many
// goroutines at once, some of them twice: each draft gets one number, the
// numbers continue the book without gaps or repeats, and a second
// signature of a draft is a conflict that gives its number back.
func TestConcurrentSigning(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		dec := decrees.New(env.App.Kit)
		entity, clerk := env.EntityID(t, apptest.Dir3Caceres), env.UserID(t, apptest.Caceres)
		year := time.Now().In(web.Madrid).Year()
		before := int64(env.Count(t, `SELECT COALESCE(MAX(seq), 0) FROM decrees_resolutions WHERE entity_id = $1 AND year = $2`, entity, year))
		const drafts = 48
		ids := make([]string, drafts)
		for i := range ids {
			var err error
			ids[i], err = dec.Propose(ctx, decrees.Proposal{EntityID: entity, Summary: fmt.Sprintf("Aprobación de la relación de facturas n.º %d", i),
				Body: "RESUELVO\n\nAprobar las facturas.", By: clerk})
			if err != nil {
				t.Fatal(err)
			}
		}
		sig := decrees.Signature{Kind: decrees.KindPaper, SignerName: "Rafael Mateos Yuste", SignerPost: "Alcalde-Presidente",
			SignedOn: time.Now(), By: clerk}
		var mu sync.Mutex
		var seqs []int64
		conflicts := 0
		var wg sync.WaitGroup
		errc := make(chan error, 2*drafts)
		for w := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Each worker signs its share, and the next worker's share too:
				// every draft is signed twice at about the same time.
				for i := w; i < drafts; i += 16 {
					for _, j := range []int{i, (i + 1) % drafts} {
						d, err := dec.Sign(ctx, entity, ids[j], sig)
						mu.Lock()
						switch {
						case err == nil:
							seqs = append(seqs, d.Seq)
						case isConflict(err):
							conflicts++
						default:
							errc <- err
						}
						mu.Unlock()
					}
				}
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		sort.Slice(seqs, func(i, j int) bool { return seqs[i] < seqs[j] })
		if len(seqs) != drafts || conflicts != drafts {
			t.Fatalf("%d signed and %d conflicts, want %d and %d", len(seqs), conflicts, drafts, drafts)
		}
		for i, s := range seqs {
			if s != before+int64(i+1) {
				t.Fatalf("numbers %v do not follow %d without gaps", seqs, before)
			}
		}
		if n := env.Count(t, `SELECT last FROM decrees_counters WHERE entity_id = $1 AND year = $2`, entity, year); int64(n) != before+drafts {
			t.Fatalf("counter at %d, want %d", n, before+drafts)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM decrees_resolutions WHERE entity_id = $1 AND year = $2`, entity, year); int64(n) != before+drafts {
			t.Fatalf("%d signed rows in the book, want %d", n, before+drafts)
		}
	})
}
