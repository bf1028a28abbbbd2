package csvdoc_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

func TestIssueAndLookup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		code := csvdoc.NewCode()
		at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
		doc := csvdoc.Document{CSV: code, EntityID: "e1", Kind: "volante", Title: "Volante de empadronamiento",
			ObjectType: "habitante", ObjectID: "h1", Filename: "volante.pdf", Content: []byte("%PDF-1.7 x"),
			IssuedAt: at, IssuedBy: "u1"}
		if err := csvdoc.Issue(ctx, d, doc); err != nil {
			t.Fatal(err)
		}
		if err := csvdoc.Issue(ctx, d, doc); err == nil {
			t.Fatal("a repeated code must be refused")
		}
		typed := "  " + code[:6] + "-" + code[6:] + " "
		got, err := csvdoc.Lookup(ctx, d, csvdoc.Normalize(typed))
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != doc.Title || string(got.Content) != string(doc.Content) || !got.IssuedAt.Equal(at) ||
			got.ContentType != "application/pdf" || len(got.SHA256) != 64 {
			t.Fatalf("got %+v", got)
		}
		if _, err := csvdoc.Lookup(ctx, d, csvdoc.NewCode()); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("unknown code: %v", err)
		}
		if err := csvdoc.Issue(ctx, d, csvdoc.Document{CSV: csvdoc.NewCode()}); !errors.Is(err, csvdoc.ErrIncomplete) {
			t.Fatalf("incomplete: %v", err)
		}
	})
}

func TestCodesAreLongAndDistinct(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := csvdoc.NewCode()
		if len(c) != 24 || seen[c] || csvdoc.Normalize(c) != c {
			t.Fatalf("bad code %q", c)
		}
		seen[c] = true
	}
	if got := csvdoc.Normalize("ab-cd oi l"); got != "ABCD011" {
		t.Fatalf("Normalize: %q", got)
	}
	if got := csvdoc.URL("https://concejo.dip/", "X1"); got != "https://concejo.dip/verificar?csv=X1" {
		t.Fatalf("URL: %q", got)
	}
}
