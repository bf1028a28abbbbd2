package refdata

import "testing"

func TestBoundariesCoverTheProvince(t *testing.T) {
	bs, err := Boundaries()
	if err != nil {
		t.Fatal(err)
	}
	ms, err := Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != len(ms) {
		t.Fatalf("%d límites para %d municipios", len(bs), len(ms))
	}
	byINE := map[string]bool{}
	for _, b := range bs {
		byINE[b.INE] = true
		for _, p := range b.Polygons {
			for _, r := range p {
				if len(r) < 4 || r[0] != r[len(r)-1] {
					t.Fatalf("%s: anillo abierto o degenerado", b.Name)
				}
			}
		}
	}
	for _, m := range ms {
		if !byINE[m.INECode] {
			t.Errorf("sin límites: %s (%s)", m.Name, m.INECode)
		}
	}
}

func TestSimplifyKeepsSharedBordersShared(t *testing.T) {
	bs, _ := Boundaries()
	all, simple := 0, 0
	s := Simplify(bs, 0.004)
	vertices := func(list []Boundary, ine string) map[Point]bool {
		out := map[Point]bool{}
		for _, b := range list {
			if b.INE != ine {
				continue
			}
			for _, p := range b.Polygons {
				for _, r := range p {
					for _, pt := range r {
						out[pt] = true
					}
				}
			}
		}
		return out
	}
	for _, b := range bs {
		all += len(vertices(bs, b.INE))
		simple += len(vertices(s, b.INE))
	}
	if simple >= all {
		t.Errorf("la simplificación no quita vértices: %d de %d", simple, all)
	}
	// Cáceres (10037) and its neighbour Malpartida de Cáceres (10115) keep
	// the same points on their common border: every vertex of the original
	// shared border that survives in one survives in the other.
	origA, origB := vertices(bs, "10037"), vertices(bs, "10115")
	simA, simB := vertices(s, "10037"), vertices(s, "10115")
	shared := 0
	for p := range origA {
		if !origB[p] {
			continue
		}
		shared++
		if simA[p] != simB[p] {
			t.Errorf("el vértice %v de la linde común queda en un municipio y no en el otro", p)
		}
	}
	for _, b := range s {
		if len(b.Polygons) == 0 {
			t.Errorf("%s lost its territory", b.Name)
		}
		for _, p := range b.Polygons {
			if len(p) == 0 || len(p[0]) < 4 {
				t.Errorf("%s: a polygon without its outer ring", b.Name)
			}
		}
	}
	if shared == 0 {
		t.Fatal("Cáceres y Malpartida de Cáceres no comparten linde en los datos")
	}
}
