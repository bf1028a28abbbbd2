package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"slices"
	"strings"
	"time"
)

// probe is one row of the performance budgets (DESIGN.md §8, issue table):
// the pages a signed-in account requests one after another, and the p99
// they must stay under.
type probe struct {
	name    string
	account string
	budget  time.Duration
	// paths are requested in turn; harvest, when set, adds paths found in
	// the body of seed (e.g. people's DNIs from a search's results).
	paths   []string
	seed    string
	harvest func(body string) []string
}

// padronTerms mix what a clerk types at the padrón's search: a common
// surname, two surnames, a forename and surname, a prefix.
var padronTerms = []string{"garcia", "fernandez martin", "maria sanchez", "gonz", "rodriguez lopez", "jose", "perez",
	"martin gomez", "hernandez", "diaz"}

// helpdeskTerms are free-text searches of the support desk.
var helpdeskTerms = []string{"impresora", "correo", "certificado", "contraseña", "no funciona", "sede electronica",
	"padron", "copia de seguridad", "wifi", "factura"}

// dniPattern finds a DNI or NIE in a page.
var dniPattern = regexp.MustCompile(`\b[0-9XYZ][0-9]{7}[A-Z]\b`)

// entryPattern finds a registry entry's page.
var entryPattern = regexp.MustCompile(`/registro/asientos/[0-9A-Z]{26}`)

func queries(base string, terms []string) []string {
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = base + strings.ReplaceAll(t, " ", "+")
	}
	return out
}

// budgetProbes are the rows measured by -budgets; clerk is a registro
// usuario limited to his units (see README «Prueba de carga»).
func budgetProbes(clerk string) []probe {
	ps := []probe{
		{name: "padrón: búsqueda por nombre, apellidos o documento", account: "admin@plasencia.es", budget: 20 * time.Millisecond,
			paths: queries("/padron?q=", padronTerms), seed: "/padron?q=garcia",
			harvest: func(body string) []string {
				return queries("/padron?q=", first(unique(dniPattern.FindAllString(body, -1)), 5))
			}},
		{name: "padrón: cifras", account: "admin@plasencia.es", budget: 300 * time.Millisecond, paths: []string{"/padron/cifras"}},
		{name: "terceros: lista y búsqueda", account: "admin@caceres.es", budget: 300 * time.Millisecond,
			paths: []string{"/terceros", "/terceros?q=garcia", "/terceros?tipo=juridica"}},
		{name: "terceros: posibles duplicados", account: "admin@caceres.es", budget: 300 * time.Millisecond,
			paths: []string{"/terceros/duplicados"}},
		{name: "soporte: búsqueda de texto (toda la provincia)", account: "tecnico@dipcaceres.es", budget: 50 * time.Millisecond,
			paths: queries("/soporte?estado=todas&q=", helpdeskTerms)},
		{name: "soporte: búsqueda de texto (operador de mancomunidad)", account: "operador@sierradegata.es",
			budget: 50 * time.Millisecond, paths: queries("/soporte?estado=todas&q=", helpdeskTerms)},
		{name: "registro: justificante en PDF", account: "admin@caceres.es", budget: 5 * time.Millisecond, seed: "/registro",
			harvest: func(body string) []string {
				var out []string
				for _, e := range first(unique(entryPattern.FindAllString(body, -1)), 10) {
					out = append(out, e+"/justificante.pdf")
				}
				return out
			}},
	}
	if clerk != "" {
		ps = append(ps, probe{name: "registro: listas y exportación de un usuario de unidad", account: clerk,
			budget: 200 * time.Millisecond, paths: []string{"/registro", "/registro?pagina=2", "/registro?libro=salida",
				"/registro?q=solicitud", "/registro/pendientes", "/registro/exportar?formato=csv"}})
	}
	return ps
}

func unique(l []string) []string {
	slices.Sort(l)
	return slices.Compact(l)
}

func first(l []string, n int) []string { return l[:min(n, len(l))] }

// budgetRow is one measured probe.
type budgetRow struct {
	probe
	row
	skipped string
}

// runBudgets signs in each probe's account and requests each of its paths
// rounds times, one request at a time (the figures of a quiet machine),
// then prints the rows with p50/p95/p99 and whether p99 meets the budget.
func runBudgets(s *scenario, rounds int, clerk string, w io.Writer) int {
	failed := 0
	var rows []budgetRow
	clients := map[string]*http.Client{}
	for _, p := range budgetProbes(clerk) {
		c, ok := clients[p.account]
		if !ok {
			jar, _ := cookiejar.New(nil)
			c = s.client(jar)
			if err := s.login(c, &account{email: p.account, password: demoPassword(p.account)}); err != nil {
				rows = append(rows, budgetRow{probe: p, skipped: err.Error()})
				continue
			}
			clients[p.account] = c
		}
		paths := p.paths
		if p.harvest != nil {
			_, _, body, err := s.do(c, p.seed, nil, true)
			if err != nil {
				rows = append(rows, budgetRow{probe: p, skipped: err.Error()})
				continue
			}
			paths = append(slices.Clone(paths), p.harvest(body)...)
		}
		if len(paths) == 0 {
			rows = append(rows, budgetRow{probe: p, skipped: "no paths found"})
			continue
		}
		var ss []sample
		for range rounds {
			for _, path := range paths {
				start := time.Now()
				status, _, _, err := s.do(c, path, nil, false)
				sm := sample{kind: kindPage, op: path, want: http.StatusOK, latency: time.Since(start), status: status, err: err}
				if sm.failure() != "" {
					fmt.Fprintf(w, "  %s %s: %s\n", p.account, path, sm.failure())
				}
				ss = append(ss, sm)
			}
		}
		rows = append(rows, budgetRow{probe: p, row: summarize(p.name, ss)})
	}
	fmt.Fprintf(w, "\n%-55s %6s %5s %8s %8s %8s %8s  %s\n", "budget (p99)", "", "n", "p50", "p95", "p99", "max", "")
	for _, r := range rows {
		if r.skipped != "" {
			fmt.Fprintf(w, "%-55s %6s  skipped: %s\n", r.probe.name, ms(r.budget), r.skipped)
			failed++
			continue
		}
		verdict := "ok"
		if r.p99 > r.budget || r.errors > 0 {
			verdict = "OVER"
			failed++
		}
		fmt.Fprintf(w, "%-55s %6s %5d %8s %8s %8s %8s  %s\n", r.probe.name, ms(r.budget), r.n, ms(r.p50), ms(r.p95),
			ms(r.p99), ms(r.worst), verdict)
	}
	if failed > 0 {
		return 1
	}
	return 0
}
