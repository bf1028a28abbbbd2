package parties_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/backoffice/parties"
	"concejo/internal/platform/dbtest"
	"concejo/internal/platform/id"
)

// BenchmarkTerceros measures, through HTTP on SQLite, the terceros' pages
// of an entity with 100,000 terceros (Cáceres' size in the full demo, some
// of them namesakes born the same day): the list, searches by a common
// surname, by full name and by document, and the page of possible
// duplicates (its first visit, which compares the bulk-loaded terceros
// once, is logged apart).
func BenchmarkTerceros(b *testing.B) {
	ctx := context.Background()
	d := dbtest.SQLite(b)
	env := apptest.Start(b, d)
	cc := env.EntityID(b, apptest.Dir3Caceres)
	names := []string{"María", "José", "Antonio", "Carmen", "Juan", "Isabel", "Manuel", "Dolores", "Francisco", "Lucía", "Pedro",
		"Josefa", "Jesús", "Ana", "Ángel", "Rosa", "Miguel", "Pilar", "Florencio", "Guadalupe"}
	surnames := []string{"García", "Sánchez-Arjona", "Muñoz", "Pérez", "Gil", "Barrado", "Calle", "Montero", "Núñez", "Rubio", "Durán",
		"Bravo", "Pizarro", "López", "Martín", "Hernández", "Chamorro", "Álvarez", "Romero", "Caballero", "Jiménez", "Moreno", "Fernández"}
	const n = 100_000
	now := time.Now().UTC()
	list := make([]parties.Party, n)
	for i := range list {
		birth := time.Date(1930+i%85, time.Month(1+i%12), 1+(i/12)%28, 0, 0, 0, 0, time.UTC)
		list[i] = parties.Party{EntityID: cc, ID: id.New(), Kind: parties.KindPerson, DocType: parties.DocOther,
			Name: names[i%len(names)], Surname1: surnames[(i/3)%len(surnames)], Surname2: surnames[(i/7)%len(surnames)],
			BirthDate: &birth, CreatedAt: now, UpdatedAt: now}
		if i%2 == 0 {
			list[i].DocType, list[i].DocNumber = parties.DocNIF, fmt.Sprintf("%08d%c", 10_000_000+i, "TRWAGMYFPDXBNJZSQVHLCKE"[(10_000_000+i)%23])
		}
		if i%500 == 1 { // a namesake of the one before, born the same day
			twin := list[i-1]
			twin.ID, twin.DocType, twin.DocNumber, twin.Name = list[i].ID, parties.DocOther, "", twin.Name+"s"
			list[i] = twin
		}
	}
	start := time.Now()
	if err := d.Tx(ctx, func(tx *sql.Tx) error { return parties.InsertMany(ctx, tx, d.Engine, list) }); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d terceros loaded in %s", n, time.Since(start).Round(time.Millisecond))
	c := env.Login(b, apptest.Caceres)
	start = time.Now()
	if res := c.Get("/terceros/duplicados"); res.Status != http.StatusOK {
		b.Fatal(res.Status)
	}
	b.Logf("first page of possible duplicates (compares the %d terceros once): %s", n, time.Since(start).Round(time.Millisecond))
	get := func(path string) func(b *testing.B) {
		return func(b *testing.B) {
			for b.Loop() {
				if res := c.Get(path); res.Status != http.StatusOK {
					b.Fatalf("%s: %d", path, res.Status)
				}
			}
		}
	}
	b.Run("lista", get("/terceros"))
	b.Run("lista-pagina-100", get("/terceros?pagina=100"))
	b.Run("buscar-apellido", get("/terceros?q=garcia"))
	b.Run("buscar-nombre", get("/terceros?q=lucia+bravo+mu%C3%B1oz"))
	b.Run("buscar-documento", get("/terceros?q="+list[4242].DocNumber))
	b.Run("duplicados", get("/terceros/duplicados"))
}
