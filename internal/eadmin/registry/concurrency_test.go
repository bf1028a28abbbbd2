package registry_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/registry"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/web"
)

// entry is a valid asiento of Cáceres made by its clerk.
func entry(env *apptest.Env, t testing.TB, kind string, i int) registry.NewEntry {
	return registry.NewEntry{EntityID: env.EntityID(t, apptest.Dir3Caceres), Kind: kind, Means: "presencial",
		Subject: fmt.Sprintf("Solicitud %d", i), Summary: "Solicitud de licencia de obra menor", DocType: "TD14",
		Interested: []registry.Interested{{DocType: "NIF", DocNumber: "12345678Z", Name: "Lucía Gómez Núñez"}},
		Documents:  []registry.Attachment{{Filename: "plano.pdf", Content: []byte(fmt.Sprintf("%%PDF-1.4 plano %d", i))}},
		By:         env.UserID(t, apptest.Caceres)}
}

// TestConcurrentNumbering registers from many goroutines at once in the
// same books: every number is unique and the sequence has no gaps.
func TestConcurrentNumbering(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		reg := registry.New(env.App.Kit)
		year := time.Now().In(web.Madrid).Year()
		before := env.Count(t, `SELECT COUNT(*) FROM registry_entries`)
		const workers, each = 16, 8
		var mu sync.Mutex
		got := map[string][]int64{}
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					kind := "entrada"
					if (w+i)%3 == 0 {
						kind = "salida"
					}
					e, err := reg.Register(ctx, entry(env, t, kind, w*100+i))
					if err != nil {
						errs <- err
						return
					}
					var year, seq int64
					var book string
					fmt.Sscanf(e.Number, "%d/%1s/%d", &year, &book, &seq)
					mu.Lock()
					got[book] = append(got[book], seq)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		total := 0
		for book, seqs := range got {
			sort.Slice(seqs, func(i, j int) bool { return seqs[i] < seqs[j] })
			for i, s := range seqs {
				if s != int64(i+1) {
					t.Fatalf("book %s: numbers %v are not 1..%d without gaps", book, seqs, len(seqs))
				}
			}
			total += len(seqs)
		}
		if total != workers*each {
			t.Fatalf("registered %d, want %d", total, workers*each)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM registry_entries`); n != before+total {
			t.Fatalf("%d rows, want %d", n, before+total)
		}
		// The justificante is in the CSV register and is what Receipt returns.
		var id, code string
		if err := env.DB.QueryRow(`SELECT id, receipt_csv FROM registry_entries WHERE year = $1 ORDER BY number LIMIT 1`, year).Scan(&id, &code); err != nil {
			t.Fatal(err)
		}
		pdf, err := reg.Receipt(ctx, env.EntityID(t, apptest.Dir3Caceres), id)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := csvdoc.Lookup(ctx, env.DB, code)
		if err != nil || string(doc.Content) != string(pdf) || len(pdf) < 1000 {
			t.Fatalf("receipt: %v", err)
		}
	})
}
