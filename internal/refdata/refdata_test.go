package refdata

import (
	"fmt"
	"testing"
)

func TestMunicipalities(t *testing.T) {
	ms, err := Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 223 {
		t.Fatalf("%d municipalities, want 223", len(ms))
	}
	var total int64
	seen := map[string]bool{}
	for _, m := range ms {
		total += m.Population
		if seen[m.INECode] {
			t.Errorf("INE code %s twice", m.INECode)
		}
		seen[m.INECode] = true
		if m.DIR3 != fmt.Sprintf("L01%s%d", m.INECode, m.DC) || m.Year != 2025 || m.DisplayName == "" {
			t.Errorf("bad row %+v", m)
		}
	}
	if total != 387752 {
		t.Fatalf("province population %d, want 387752", total)
	}
	for _, m := range ms {
		if m.INECode == "10037" && (m.DisplayName != "Cáceres" || m.DC != 7 || m.Population != 96651) {
			t.Fatalf("Cáceres: %+v", m)
		}
		if m.INECode == "10069" && (m.Name != "Cumbre, La" || m.DisplayName != "La Cumbre") {
			t.Fatalf("La Cumbre: %+v", m)
		}
	}
}

func TestMancomunidadesAndELMs(t *testing.T) {
	rows, err := Mancomunidades()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(MancomunidadNames(rows)); n != 16 {
		t.Fatalf("%d mancomunidades, want 16", n)
	}
	ms, _ := Municipalities()
	ine := map[string]bool{}
	for _, m := range ms {
		ine[m.INECode] = true
	}
	members := 0
	for _, r := range rows {
		if r.INECode != "" && !ine[r.INECode] {
			t.Errorf("member %s of %s is not a municipality", r.INECode, r.Mancomunidad)
		}
		if r.IsMember() {
			members++
		}
		if r.Status == StatusInferredUnverified && r.IsMember() {
			t.Errorf("inferred row taken as a member: %+v", r)
		}
	}
	if members == 0 {
		t.Fatal("no reliable members")
	}
	elms, err := ELMs()
	if err != nil || len(elms) != 1 || elms[0].Name != "Valdeíñigos" || elms[0].INECode != "10181" {
		t.Fatalf("ELMs: %+v %v", elms, err)
	}
	ps, err := Provinces()
	if err != nil || len(ps) != 52 || ps[9].Code != "10" || ps[9].Name != "Cáceres" {
		t.Fatalf("provinces: %d %v", len(ps), err)
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Cañaveral ÁÉÍÓÚÜ":          "canaveral aeiouu",
		"Valdeíñigos":               "valdeinigos",
		"PLASENCIA 10148":           "plasencia 10148",
		"Gargüera":                  "garguera",
		"":                          "",
		"  Cáceres \t":              "caceres",
		"Casas de  Millán ":         "casas de  millan",
		"Torrecilla de los Ángeles": "torrecilla de los angeles",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Slug("Aldeanueva del Camino"); got != "aldeanuevadelcamino" {
		t.Errorf("Slug = %q", got)
	}
	if got := Slug("Hernán-Pérez"); got != "hernanperez" {
		t.Errorf("Slug = %q", got)
	}
}
