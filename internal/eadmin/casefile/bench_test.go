package casefile_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/core/directory"
	"concejo/internal/eadmin/casefile"
	"concejo/internal/eadmin/registry"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// The budget of the expedientes issue: with benchFiles expedientes in the
// province, the expediente's page, a clerk's pending list and a search
// each answer in under 50 ms at the 99th percentile.
// go test -run '^$' -bench BenchmarkExpedientes -benchtime 200x -timeout 60m ./internal/eadmin/casefile/
// (and with CONCEJO_TEST_POSTGRES_URL set for PostgreSQL). Each request is
// timed from the client, over HTTP on 127.0.0.1, one at a time; p50-ms,
// p99-ms and max-ms are reported per sub-benchmark, with load1, the
// machine's load average while it ran.
const (
	benchFiles = 200_000
	// benchCaceres is Cáceres's share, the largest town: the worst case
	// for its lists.
	benchCaceres = 60_000
	// benchCap is the most any other entity gets (the rest overflows to
	// Cáceres when the demo has too few entities adhered).
	benchCap = 45_000
)

func BenchmarkExpedientes(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchExpedientes(b, dbtest.SQLite(b)) })
	if os.Getenv("CONCEJO_TEST_POSTGRES_URL") != "" {
		b.Run("postgres", func(b *testing.B) { benchExpedientes(b, dbtest.Postgres(b)) })
	}
}

// benchFixture is what the sub-benchmarks pick their requests from.
type benchFixture struct {
	files   []string // ids of Cáceres's expedientes
	numbers []string // their numbers
	parties []string // NIFs of Cáceres's interesados
	words   []string // words of subjects
	log     string   // what each entity got, and how long it took
}

func benchExpedientes(b *testing.B, d *db.DB) {
	env := apptest.Start(b, d)
	ctx := context.Background()
	start := time.Now()
	fx := generateProvince(b, env)
	took := time.Since(start)
	c := env.Login(b, apptest.Caceres)
	caceres := env.EntityID(b, apptest.Dir3Caceres)
	var total, open, overdue, pending int
	env.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM casefile_files`).Scan(&total)
	env.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM casefile_files WHERE entity_id = $1
		AND state IN ('iniciado', 'tramitacion', 'suspendido', 'concluso')`, caceres).Scan(&open)
	env.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM casefile_files WHERE entity_id = $1
		AND state IN ('iniciado', 'tramitacion', 'concluso') AND due_at < $2`, caceres, time.Now().UTC()).Scan(&overdue)
	env.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM casefile_tasks t JOIN casefile_files f
		ON f.entity_id = t.entity_id AND f.id = t.file_id WHERE t.entity_id = $1 AND t.state IN ('pendiente', 'en_curso')
		AND t.who <> 'interesado' AND f.state IN ('iniciado', 'tramitacion', 'suspendido', 'concluso')
		AND (t.assignee_id = $2 OR (t.assignee_id = '' AND f.assignee_id = $2))`, caceres, env.UserID(b, apptest.Caceres)).Scan(&pending)
	// A parent benchmark's log is shown only with -v: the first
	// sub-benchmark tells.
	summary := fmt.Sprintf("%d expedientes generados y analizados en %s (%s)%s\nen total %d expedientes; "+
		"Cáceres: %d, %d abiertos, %d vencidos; %d trámites pendientes de su administrador", benchFiles,
		took.Round(time.Millisecond), d.Engine, fx.log, total, len(fx.files), open, overdue, pending)

	r := rand.New(rand.NewPCG(7, 11))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	for i, bc := range []struct {
		name string
		path func() string
	}{
		{"FilePage", func() string { return "/expedientes/" + pick(fx.files) }},
		{"PendingList", func() string { return "/expedientes/pendientes" }},
		{"SearchText", func() string { return "/expedientes?q=" + url.QueryEscape(pick(fx.words)) }},
		{"SearchNumber", func() string { return "/expedientes?q=" + url.QueryEscape(pick(fx.numbers)) }},
		{"SearchParty", func() string { return "/expedientes?interesado=" + pick(fx.parties) }},
		{"Overdue", func() string { return "/expedientes?plazo=vencidos" }},
		{"ListFirstPage", func() string { return "/expedientes" }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			if i == 0 {
				b.Log(summary)
			}
			load0 := loadAverage()
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				path := bc.path()
				res, took, err := c.Timed(path, 30*time.Second)
				lat = append(lat, took)
				if err != nil {
					b.Error(err)
				} else if res.Status != http.StatusOK {
					b.Errorf("GET %s: %d\n%.500s", path, res.Status, apptest.Text(res.Body))
				}
			}
			b.StopTimer()
			reportLatencies(b, lat)
			b.ReportMetric((load0+loadAverage())/2, "load1")
		})
	}
}

// reportLatencies reports the median, the 99th percentile (nearest rank)
// and the slowest of the requests' latencies, in milliseconds.
func reportLatencies(b *testing.B, lat []time.Duration) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	slices.Sort(lat)
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(lat))+0.999999) - 1
		return lat[min(max(i, 0), len(lat)-1)]
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(rank(0.50)), "p50-ms")
	b.ReportMetric(ms(rank(0.99)), "p99-ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "max-ms")
	return rank(0.99)
}

// loadAverage is the machine's load over the last minute (0 where
// /proc/loadavg is missing): the figures depend on the neighbours.
func loadAverage() float64 {
	var l float64
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Sscan(string(data), &l)
	}
	return l
}

// generateProvince adds benchFiles expedientes to the entities adhered to
// the tramitador, benchCaceres of them (or more) to Cáceres, and analyzes
// the tables.
func generateProvince(b *testing.B, env *apptest.Env) benchFixture {
	ctx := context.Background()
	d := env.DB
	ents, err := directory.AdheredEntities(ctx, d, casefile.Service, directory.ByID)
	if err != nil {
		b.Fatal(err)
	}
	caceres := env.EntityID(b, apptest.Dir3Caceres)
	admin := env.UserID(b, apptest.Caceres)
	shares := benchShares(b, ents, caceres)
	now := time.Now().UTC()
	var fx benchFixture
	for i, e := range ents {
		if shares[e.ID] == 0 {
			continue
		}
		r := rand.New(rand.NewPCG(20261207, uint64(1000+i)))
		seeds := benchSeeds(b, env, e, shares[e.ID], caceres, admin, now, r)
		took := time.Now()
		err := d.Tx(ctx, func(tx *sql.Tx) error { return casefile.Generate(ctx, tx, d.Engine, e.ID, seeds, now, r) })
		if err != nil {
			b.Fatalf("%s: %v", e.Name, err)
		}
		if e.ID == caceres {
			fx.log += fmt.Sprintf(" (%s: %d en %s)", e.Name, len(seeds), time.Since(took).Round(time.Millisecond))
		}
		if e.ID == caceres {
			for _, s := range seeds {
				if s.Party.DocType == "NIF" {
					fx.parties = append(fx.parties, s.Party.DocNumber)
				}
			}
		}
	}
	analyze(b, d)
	rows, err := d.QueryContext(ctx, `SELECT id, number FROM casefile_files WHERE entity_id = $1`, caceres)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id, number string
		if err := rows.Scan(&id, &number); err != nil {
			b.Fatal(err)
		}
		fx.files, fx.numbers = append(fx.files, id), append(fx.numbers, number)
	}
	if err := rows.Close(); err != nil {
		b.Fatal(err)
	}
	fx.words = []string{"ventanas", "fachada", "contenedor", "ruido", "alumbrado", "bache", "andamio", "terraza",
		"escombros", "cocina", "subvencion", "Pintores"}
	return fx
}

// benchShares splits benchFiles among the entities: benchCaceres to
// Cáceres, the rest by population, none above benchCap, any overflow to
// Cáceres.
func benchShares(b *testing.B, ents []directory.Entity, caceres string) map[string]int {
	out := map[string]int{}
	var others []directory.Entity
	for _, e := range ents {
		if e.ID != caceres {
			others = append(others, e)
		}
	}
	if !slices.ContainsFunc(ents, func(e directory.Entity) bool { return e.ID == caceres }) {
		b.Fatal("Cáceres no está adherida a expedientes")
	}
	left := benchFiles - benchCaceres
	for left > 0 {
		var weight float64
		for _, e := range others {
			if out[e.ID] < benchCap {
				weight += float64(max(e.Population, 500))
			}
		}
		if weight == 0 {
			break
		}
		given := 0
		for _, e := range others {
			if out[e.ID] >= benchCap {
				continue
			}
			n := min(int(float64(left)*float64(max(e.Population, 500))/weight), benchCap-out[e.ID])
			out[e.ID] += n
			given += n
		}
		left -= given
		if given == 0 {
			break
		}
	}
	out[caceres] = benchCaceres + left
	return out
}

// procedureWeights is how often each model procedure is opened.
var procedureWeights = map[string]int{"SOLICITUD-GENERAL": 20, "OBRA-MENOR": 15, "DECLARACION-RESPONSABLE-OBRA": 12,
	"QUEJA-SUGERENCIA": 10, "OCUPACION-VIA-PUBLICA": 8, "CONTRATO-MENOR": 8, "SANCIONADOR": 6, "RECURSO-REPOSICION": 4,
	"CERTIFICADO-URBANISTICO": 4, "RESPONSABILIDAD-PATRIMONIAL": 3, "SUBVENCION": 3, "ACCESO-INFORMACION": 3,
	"LICENCIA-OBRA-MAYOR": 3, "BAJA-VADO": 2}

var (
	benchStreets = []string{"Calle Pintores", "Calle Moret", "Avenida de España", "Calle San Pedro", "Plaza Mayor",
		"Avenida Virgen de la Montaña", "Calle Gil Cordero", "Ronda de San Francisco", "Calle Alfonso IX",
		"Avenida de Alemania", "Calle Sancti Spiritu", "Calle General Ezponda", "Calle Camino Llano",
		"Avenida Hernán Cortés", "Calle Margallo", "Calle Real", "Calle de la Iglesia", "Travesía del Ejido"}
	benchWorks = []string{"reforma de baño", "sustitución de ventanas", "reparación de fachada", "cambio de solado",
		"reforma de cocina", "cerramiento de terraza", "impermeabilización de cubierta", "instalación de placas solares"}
	benchDetails = map[string][]string{
		"OCUPACION-VIA-PUBLICA": {"andamio", "contenedor de escombros", "terraza de veladores", "grúa autopropulsada",
			"mudanza"},
		"QUEJA-SUGERENCIA": {"Queja por ruido nocturno", "Queja por alumbrado público averiado", "Queja por la limpieza viaria",
			"Sugerencia sobre el estado del parque", "Queja por excrementos caninos", "Queja por un bache en la calzada"},
		"SOLICITUD-GENERAL": {"Solicitud de certificado de empadronamiento histórico", "Solicitud de copia de documentos",
			"Solicitud de cambio de titularidad de recibo", "Solicitud de devolución de fianza",
			"Solicitud de reserva de espacio municipal", "Solicitud de poda de árbol", "Solicitud de tarjeta de aparcamiento"},
		"CONTRATO-MENOR": {"Contrato menor de suministro de material de oficina", "Contrato menor de mantenimiento de jardines",
			"Contrato menor de reparación de caminos rurales", "Contrato menor de limpieza del colegio",
			"Contrato menor de suministro de vestuario de la policía local", "Contrato menor de reparación del alumbrado"},
		"RECURSO-REPOSICION": {"Recurso de reposición contra la liquidación del IBI", "Recurso de reposición contra una sanción de tráfico",
			"Recurso de reposición contra la denegación de licencia", "Recurso de reposición contra la liquidación de plusvalía"},
		"RESPONSABILIDAD-PATRIMONIAL": {"caída en la acera", "daños en vehículo por un bache", "rotura de cristal por la poda",
			"inundación de bajo"},
		"SANCIONADOR": {"Sancionador por ruidos", "Sancionador por vertido de escombros",
			"Sancionador por venta ambulante sin autorización", "Sancionador por incumplimiento de horario"},
		"SUBVENCION": {"Subvención a asociaciones culturales", "Subvención a clubes deportivos",
			"Subvención a la rehabilitación de fachadas", "Subvención al fomento del empleo"},
		"ACCESO-INFORMACION": {"Acceso a los contratos del alumbrado", "Acceso al presupuesto municipal",
			"Acceso a las licencias concedidas", "Acceso a las subvenciones otorgadas"},
		"LICENCIA-OBRA-MAYOR": {"vivienda unifamiliar", "nave agrícola", "rehabilitación de edificio", "ampliación de vivienda"},
	}
	benchFirst = []string{"María", "José", "Antonio", "Carmen", "Manuel", "Ana", "Francisco", "Isabel", "Juan", "Dolores",
		"Pedro", "Pilar", "Jesús", "Lucía", "Ángel", "Teresa", "Miguel", "Rosa", "Javier", "Elena", "Luis", "Marta",
		"Fernando", "Cristina", "Alberto", "Raquel", "Sergio", "Nuria", "Rubén", "Inmaculada"}
	benchSurnames = []string{"García", "González", "Rodríguez", "Fernández", "López", "Martínez", "Sánchez", "Pérez",
		"Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso",
		"Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Ramírez", "Serrano", "Blanco",
		"Molina", "Morales", "Suárez", "Ortega", "Delgado", "Castro", "Ortiz", "Rubio", "Marín", "Sanz", "Núñez",
		"Durán", "Rebollo", "Cordero", "Bermejo", "Galán", "Mateos", "Sánchez-Cortés", "Pulido"}
	benchCompanies = []string{"Construcciones Norba", "Reformas Cacereñas", "Hostelería Plaza Mayor", "Talleres Extremadura",
		"Jardines del Tajo", "Suministros Almonte", "Eléctricas Montánchez", "Arquitectura Alagón", "Inmobiliaria Los Barruecos",
		"Transportes Vía de la Plata"}
)

// benchSubject is a realistic asunto for an expediente of a procedure.
func benchSubject(code, name string, r *rand.Rand) string {
	street := fmt.Sprintf("%s %d", benchStreets[r.IntN(len(benchStreets))], 1+r.IntN(60))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	switch code {
	case "OBRA-MENOR":
		return "Licencia de obra menor: " + pick(benchWorks) + " en " + street
	case "DECLARACION-RESPONSABLE-OBRA":
		return "Declaración responsable de obras: " + pick(benchWorks) + " en " + street
	case "OCUPACION-VIA-PUBLICA":
		return "Ocupación de la vía pública con " + pick(benchDetails[code]) + " en " + street
	case "RESPONSABILIDAD-PATRIMONIAL":
		return "Responsabilidad patrimonial por " + pick(benchDetails[code]) + " en " + street
	case "LICENCIA-OBRA-MAYOR":
		return "Licencia de obra mayor: " + pick(benchDetails[code]) + " en " + street
	case "QUEJA-SUGERENCIA":
		return pick(benchDetails[code]) + " en " + street
	case "CERTIFICADO-URBANISTICO":
		return fmt.Sprintf("Certificado urbanístico de la parcela %d del polígono %d", 1+r.IntN(300), 1+r.IntN(40))
	case "BAJA-VADO":
		return "Baja de vado en " + street
	}
	if s := benchDetails[code]; len(s) > 0 {
		return pick(s)
	}
	return name
}

// benchParty is an interesado: mostly people with a valid NIF (some NIE),
// one in ten a company with a valid CIF; an electronic address for some.
func benchParty(r *rand.Rand, n int) registry.Interested {
	const letters = "TRWAGMYFPDXBNJZSQVHLCKE"
	street := fmt.Sprintf("%s %d", benchStreets[r.IntN(len(benchStreets))], 1+r.IntN(60))
	if n%10 == 9 {
		digits := fmt.Sprintf("%07d", 1_000_000+n*37%8_999_999)
		sum := 0
		for i, c := range digits {
			v := int(c - '0')
			if i%2 == 0 {
				v *= 2
				v = v/10 + v%10
			}
			sum += v
		}
		name := benchCompanies[n%len(benchCompanies)] + fmt.Sprintf(" %d, S.L.", n%97)
		return registry.Interested{DocType: "CIF", DocNumber: "B" + digits + fmt.Sprint((10-sum%10)%10), Name: name,
			Email: fmt.Sprintf("administracion%d@empresa.example.org", n), Address: street + ", Cáceres"}
	}
	num := 10_000_000 + (n*7919)%89_999_999
	p := registry.Interested{DocType: "NIF", DocNumber: fmt.Sprintf("%08d%c", num, letters[num%23]),
		Name: benchFirst[r.IntN(len(benchFirst))] + " " + benchSurnames[r.IntN(len(benchSurnames))] + " " +
			benchSurnames[r.IntN(len(benchSurnames))], Address: street + ", Cáceres"}
	if n%25 == 3 {
		x := n % 10_000_000
		p.DocType, p.DocNumber = "NIE", fmt.Sprintf("X%07d%c", x, letters[x%23])
	}
	if r.IntN(3) == 0 {
		p.Email = fmt.Sprintf("vecino%d@correo.example.org", n)
	}
	return p
}

// benchSeeds makes n seeds for an entity: its adopted procedures by
// frequency, started over the last four years, interesados from a pool a
// third the size (neighbours come back), assignees among the people with a
// role in the tramitador, Cáceres's administrator one in eight of his.
func benchSeeds(b *testing.B, env *apptest.Env, e directory.Entity, n int, caceres, admin string, now time.Time, r *rand.Rand) []casefile.Seed {
	ctx := context.Background()
	rows, err := env.DB.QueryContext(ctx, `SELECT id, model_code, definition FROM casefile_procedures
		WHERE entity_id = $1 AND active = TRUE ORDER BY code`, e.ID)
	if err != nil {
		b.Fatal(err)
	}
	var procs []casefile.Procedure
	var cum []int
	total := 0
	for rows.Next() {
		p := casefile.Procedure{EntityID: e.ID, Active: true}
		var def string
		if err := rows.Scan(&p.ID, &p.ModelCode, &def); err != nil {
			b.Fatal(err)
		}
		if err := json.Unmarshal([]byte(def), &p.Definition); err != nil {
			b.Fatal(err)
		}
		total += max(procedureWeights[p.ModelCode], 1)
		procs, cum = append(procs, p), append(cum, total)
	}
	if err := rows.Close(); err != nil {
		b.Fatal(err)
	}
	if len(procs) == 0 {
		b.Fatalf("%s no tiene procedimientos", e.Name)
	}
	holders, err := directory.RoleHolders(ctx, env.DB, e.ID, casefile.Service)
	if err != nil {
		b.Fatal(err)
	}
	var people []string
	for id := range holders {
		if id != admin {
			people = append(people, id)
		}
	}
	slices.Sort(people)
	if e.ID == caceres {
		if _, ok := holders[admin]; !ok {
			b.Fatal("el administrador de Cáceres no tiene papel en expedientes")
		}
	}
	pool := make([]registry.Interested, max(n/3, 1))
	base := int(r.Uint32() % 1_000_000)
	for i := range pool {
		pool[i] = benchParty(r, base+i)
	}
	span := int64(4 * 365 * 24 * time.Hour)
	seeds := make([]casefile.Seed, n)
	for i := range seeds {
		x := r.IntN(total)
		p := procs[weighted(cum, x)]
		s := casefile.Seed{Procedure: p, Subject: benchSubject(p.ModelCode, p.Name, r),
			StartedAt: now.Add(-time.Duration(r.Int64N(span))).Add(-36 * time.Hour), Party: pool[r.IntN(len(pool))]}
		switch {
		case e.ID == caceres && r.IntN(8) == 0:
			s.AssigneeID = admin
		case len(people) > 0:
			s.AssigneeID = people[r.IntN(len(people))]
		case holders[admin] != nil:
			s.AssigneeID = admin
		}
		seeds[i] = s
	}
	slices.SortFunc(seeds, func(a, b casefile.Seed) int { return a.StartedAt.Compare(b.StartedAt) })
	return seeds
}

// weighted is the index of the first cumulative weight above x.
func weighted(cum []int, x int) int {
	i, _ := slices.BinarySearch(cum, x+1)
	return i
}

// analyze brings the tables to the state autovacuum keeps them in after a
// bulk load: statistics, and on PostgreSQL the visibility map that lets the
// covering index answer the text search without reading the rows.
func analyze(b *testing.B, d *db.DB) {
	q := `ANALYZE`
	if d.Engine == db.Postgres {
		q = `VACUUM ANALYZE casefile_files, casefile_tasks, casefile_parties, casefile_events, casefile_suspensions,
			casefile_counters, casefile_procedures, casefile_documents, casefile_designs`
	}
	if _, err := d.ExecContext(context.Background(), q); err != nil {
		b.Fatal(err)
	}
}
