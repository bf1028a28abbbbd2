package db

import (
	"regexp"
	"slices"
	"sort"
	"testing"
)

// TestMigrationNumbersAreUnique: every migration is named NNNN_<area>.sql
// and no two share a number (see migrations/README.md for what to do when
// a merge brings two).
func TestMigrationNumbersAreUnique(t *testing.T) {
	all, err := versions()
	if err != nil {
		t.Fatal(err)
	}
	name := regexp.MustCompile(`^([0-9]{4})_[a-z0-9_]+$`)
	byNumber := map[string][]string{}
	for _, v := range all {
		m := name.FindStringSubmatch(v)
		if m == nil {
			t.Errorf("migrations/%s.sql: the name must be NNNN_<área>.sql (four digits, lower case)", v)
			continue
		}
		byNumber[m[1]] = append(byNumber[m[1]], v)
	}
	for n, vs := range byNumber {
		if len(vs) > 1 {
			t.Errorf("migration number %s is used by %d files: %v; give the newer ones the next free numbers", n, len(vs), vs)
		}
	}
}

// TestRenamedMigrationsTable: every renamed migration's new name is a
// file, no old name is one, and the renaming kept the order in which the
// migrations were applied.
func TestRenamedMigrationsTable(t *testing.T) {
	all, err := versions()
	if err != nil {
		t.Fatal(err)
	}
	olds := make([]string, 0, len(renamed))
	for old, current := range renamed {
		if !slices.Contains(all, current) {
			t.Errorf("renamed %s → %s: there is no migration %s", old, current, current)
		}
		if slices.Contains(all, old) {
			t.Errorf("renamed %s → %s: the old name is a migration again", old, current)
		}
		olds = append(olds, old)
	}
	sort.Strings(olds)
	for i := 1; i < len(olds); i++ {
		if renamed[olds[i-1]] >= renamed[olds[i]] {
			t.Errorf("renaming changed the order: %s ran before %s, but %s sorts after %s",
				olds[i-1], olds[i], renamed[olds[i-1]], renamed[olds[i]])
		}
	}
}
