package demo

import (
	"math"
	"time"

	"concejo/internal/refdata"
)

// plan says how many entities adhere to a service in the demo and which
// entities are likelier to: the counts are the Diputación's published
// figures of entities adhered per service.
type plan struct {
	code  string
	count int
	since time.Time // first day the service took requests
	// kinds, when set, narrows the eligible entities to these kinds (the
	// padrón belongs to ayuntamientos even if the catalogue admits more).
	kinds []string
	// within and without narrow the pool to entities that do (or do not)
	// already have an active adhesion to another service.
	within, without string
	// historic lets the plan reach its count with the largest ineligible
	// ayuntamientos, adhered before the eligibility rule took effect.
	historic bool
	// pinned are entities (INE codes) that adhere whatever the draw and
	// their own systems: the well-known demo logins that tests and
	// walkthroughs work in (see pin).
	pinned []string
	weight func(*entity) float64
}

// HistoricReason is the decision_reason of the adhesions kept from before
// the population rule of their service (see the registro plan).
const HistoricReason = "Adhesión anterior a la regla de población vigente"

// Mailboxes is the total of correo buzones over the active adhesions.
const Mailboxes = 1227

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// size is an entity's weight base: its population (members' for a
// mancomunidad), never under 100.
func size(e *entity) float64 { return math.Max(float64(e.Population), 100) }

func flat(*entity) float64 { return 1 }

// bySize prefers larger entities, more strongly as exp grows.
func bySize(exp float64) func(*entity) float64 {
	return func(e *entity) float64 { return math.Pow(size(e), exp) }
}

// smallFirst prefers entities under 2,000 inhabitants (GEISER/ORVE is the
// ventanilla única of those without the AL-SIGM registry).
func smallFirst(e *entity) float64 {
	if e.Kind == refdata.KindAyuntamiento && e.Population >= 2000 {
		return 1
	}
	return 3
}

var ayuntamientos = []string{refdata.KindAyuntamiento}

// plans are applied in order: a plan with within/without sees the
// adhesions of the plans before it.
var plans = []plan{
	{code: "red", count: 236, since: day(2015, 1, 1), weight: flat},
	{code: "registro", count: 47, since: day(2015, 1, 1), historic: true, weight: flat},
	{code: "expedientes", count: 28, since: day(2016, 3, 1), within: "registro", pinned: []string{"10037", "10148"}, weight: bySize(0.7)},
	{code: "oficina_virtual", count: 16, since: day(2016, 10, 2), within: "registro", weight: bySize(0.7)},
	{code: "contabilidad", count: 84, since: day(2015, 1, 1), weight: bySize(0.5)},
	{code: "face", count: 41, since: day(2015, 1, 15), within: "contabilidad", weight: bySize(0.4)},
	{code: "activos", count: 7, since: day(2016, 1, 1), within: "contabilidad", weight: bySize(1)},
	{code: "padron", count: 167, since: day(2015, 1, 1), kinds: ayuntamientos, weight: bySize(0.3)},
	{code: "tributos", count: 74, since: day(2015, 1, 1), kinds: ayuntamientos, weight: bySize(0.6)},
	{code: "nominas", count: 29, since: day(2015, 1, 1), kinds: []string{refdata.KindAyuntamiento, refdata.KindMancomunidad}, weight: bySize(0.7)},
	{code: "portal", count: 217, since: day(2015, 1, 1), weight: flat},
	{code: "correo", count: 210, since: day(2015, 1, 1), weight: flat},
	{code: "geiser", count: 141, since: day(2016, 1, 1), weight: smallFirst},
	{code: "portafirmas", count: 30, since: day(2016, 6, 1), pinned: []string{"10037", "10148"}, weight: bySize(0.6)},
	{code: "fnmt", count: 155, since: day(2015, 1, 1), weight: bySize(0.3)},
	{code: "inside", count: 46, since: day(2017, 1, 1), weight: bySize(0.5)},
	{code: "gestiona", count: 177, since: day(2017, 1, 1), without: "registro", weight: flat},
}

// ownSystems are services the two large cities run on their own systems,
// so they do not adhere to them (and keep services to request in the demo).
var ownSystems = map[string][]string{
	"10037": {"padron", "tributos", "nominas", "contabilidad", "face", "activos", "oficina_virtual", "expedientes", "portal"},
	"10148": {"nominas", "activos", "oficina_virtual", "expedientes", "tributos"},
}
