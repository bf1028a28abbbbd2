package registry

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
	"concejo/internal/refdata"
)

// ScaleEnv names the environment variable that sets the entradas a year of
// the whole province in the full demo (salidas add 40 %), shared among the
// entities in proportion to their volume; unset, each entity has 40 plus one
// per eight inhabitants.
const ScaleEnv = "CONCEJO_DEMO_ASIENTOS"

// Demo sample towns (small load): Cáceres and Plasencia.
var demoSample = []string{"L01100377", "L01101480"}

var demoUnits = []string{"Secretaría General", "Hacienda y Tesorería", "Obras y Urbanismo", "Bienestar Social",
	"Alcaldía", "Cultura y Deportes", "Policía Local"}

// demoSubject is a kind of asiento: asunto, resumen, tipo documental, the
// unit it usually goes to (index into demoUnits), whether a company
// presents it, and an origin/destination administration.
type demoSubject struct {
	subject, summary, docType string
	unit                      int
	company                   bool
	dir3, dir3Name            string
	weight                    int
}

var demoEntradas = []demoSubject{
	{"Instancia general", "Solicita información sobre el estado de su expediente", "TD14", 0, false, "", "", 20},
	{"Licencia de obra menor", "Solicita licencia para reforma interior de vivienda", "TD14", 2, false, "", "", 14},
	{"Declaración responsable de obras", "Presenta declaración responsable para sustitución de cubierta", "TD14", 2, false, "", "", 8},
	{"Certificado de empadronamiento", "Solicita certificado de empadronamiento colectivo", "TD14", 0, false, "", "", 10},
	{"Ayuda de emergencia social", "Solicita ayuda de emergencia social para suministros básicos", "TD14", 3, false, "", "", 6},
	{"Reclamación de responsabilidad patrimonial", "Reclama daños por caída en la vía pública", "TD18", 0, false, "", "", 3},
	{"Alegaciones", "Presenta alegaciones al padrón del impuesto de vehículos", "TD16", 1, false, "", "", 4},
	{"Recurso de reposición", "Interpone recurso de reposición contra liquidación del IBI", "TD17", 1, false, "", "", 3},
	{"Factura", "Presenta factura por suministro de material de oficina", "TD19", 1, true, "", "", 9},
	{"Ocupación de la vía pública", "Solicita autorización para instalar terraza de veladores", "TD14", 2, true, "", "", 4},
	{"Reserva de instalaciones deportivas", "Solicita el pabellón municipal para un torneo", "TD14", 5, false, "", "", 5},
	{"Denuncia", "Denuncia ruidos en horario nocturno en su calle", "TD15", 6, false, "", "", 3},
	{"Comunicación de la Diputación", "Remite resolución de concesión de subvención del plan de obras", "TD06", 1, false, "L02000010", "Diputación Provincial de Cáceres", 4},
	{"Comunicación de la Junta de Extremadura", "Remite requerimiento sobre el expediente de ayudas al empleo", "TD06", 0, false, "A11002926", "Junta de Extremadura", 3},
}

var demoSalidas = []demoSubject{
	{"Notificación de resolución", "Notifica resolución de concesión de licencia de obra", "TD07", 2, false, "", "", 12},
	{"Requerimiento de documentación", "Requiere la subsanación de la solicitud presentada", "TD07", 0, false, "", "", 8},
	{"Certificado", "Remite certificado de acuerdo del Pleno", "TD11", 0, false, "", "", 5},
	{"Remisión de expediente", "Remite la justificación de la subvención del plan de obras", "TD06", 1, false, "L02000010", "Diputación Provincial de Cáceres", 3},
	{"Comunicación a la Junta de Extremadura", "Remite la memoria anual de servicios sociales", "TD06", 3, false, "A11002926", "Junta de Extremadura", 2},
	{"Notificación de liquidación", "Notifica liquidación de la tasa de ocupación de vía pública", "TD07", 1, true, "", "", 5},
}

var (
	demoNames    = []string{"Lucía", "María", "Carmen", "Ana", "Isabel", "Laura", "Pilar", "Rosa", "Manuel", "José", "Antonio", "Juan", "Francisco", "Javier", "Pedro", "Miguel", "Jesús", "Alejandro", "Elena", "Marta"}
	demoSurnames = []string{"García", "Sánchez", "Martín", "Fernández", "González", "Rodríguez", "López", "Díaz", "Pérez", "Muñoz", "Gómez", "Moreno", "Jiménez", "Hernández", "Rubio", "Mateos", "Durán", "Pizarro", "Bravo", "Cordero", "Rosado", "Barrantes"}
	demoStreets  = []string{"Calle Pintores", "Calle Mayor", "Avenida de España", "Plaza Mayor", "Calle Nueva", "Calle Real", "Avenida de la Constitución", "Calle San Juan"}
	demoFirms    = []string{"Suministros Extremeños", "Construcciones Vettonia", "Papelería del Oeste", "Hostelería Monfragüe", "Electricidad Jerte", "Jardines del Tajo"}
)

func demoNIF(r *rand.Rand) string {
	n := 10000000 + r.IntN(79999999)
	return fmt.Sprintf("%08d%c", n, "TRWAGMYFPDXBNJZSQVHLCKE"[n%23])
}

// demoCIF returns a valid CIF of a sociedad limitada (B).
func demoCIF(r *rand.Rand) string {
	d := fmt.Sprintf("%07d", r.IntN(9999999))
	sum := 0
	for i, c := range d {
		v := int(c - '0')
		if i%2 == 0 {
			v *= 2
			v = v/10 + v%10
		}
		sum += v
	}
	return "B" + d + fmt.Sprint((10-sum%10)%10)
}

// LoadDemo fills the registro of the demo province: units for every entity
// adhered to the registro service and, in Full, asientos for the last two
// years and this one at a volume that grows with the population (40
// entradas plus one per eight inhabitants a year, and 40 % as many
// salidas; ScaleEnv scales it); in the small load, a few
// asientos of past years for the sample towns only (so this year's books
// start empty). Distribution states, a few cancellations and SIR origins
// are included. Justificantes are rendered on first request. An entity's
// units, and each of its books of a year, are one short transaction each,
// and what is there (the units, a book with its counter) is not written
// again: a load stopped half-way finishes at the next run. opts.Report
// hears the entities done.
func LoadDemo(ctx context.Context, d *db.DB, opts kit.DemoOptions) error {
	now := opts.At()
	ents, err := directory.AdheredEntities(ctx, d, Service, directory.ByID)
	if err != nil {
		return err
	}
	scale := 1.0
	if s := os.Getenv(ScaleEnv); s != "" && opts.Full {
		total := 0
		for _, e := range ents {
			total += demoVolume(e.Population)
		}
		if want, err := strconv.Atoi(s); err == nil && want > 0 && total > 0 {
			scale = float64(want) / float64(total)
		}
	}
	for i, e := range ents {
		sample := false
		for _, s := range demoSample {
			sample = sample || s == e.DIR3
		}
		volume := 0 // entradas per year
		switch {
		case opts.Full:
			volume = max(1, int(float64(demoVolume(e.Population))*scale+0.5))
		case sample:
			volume = -1 // small: a handful
		}
		if err := loadDemoEntity(ctx, d, e.ID, e.Population, volume, now, rand.New(rand.NewPCG(20260101, uint64(i)))); err != nil {
			return fmt.Errorf("registro demo %s: %w", e.ID, err)
		}
		opts.Report(int64(i+1), int64(len(ents)))
	}
	return nil
}

// demoVolume is the full demo's entradas a year of an entity of pop inhabitants.
func demoVolume(pop int64) int { return 40 + int(pop/8) }

type demoUser struct{ id, name, role string }

// demoUsers are the people of entityID, by id, each with his first role
// of the registro ("" = none).
func demoUsers(ctx context.Context, q db.Queryer, entityID string) ([]demoUser, error) {
	people, err := directory.Members(ctx, q, directory.MemberFilter{Entities: []string{entityID}}, directory.ByIDs)
	if err != nil {
		return nil, err
	}
	roles, err := directory.RoleHolders(ctx, q, entityID, Service)
	if err != nil {
		return nil, err
	}
	users := make([]demoUser, len(people))
	for i, p := range people {
		users[i] = demoUser{id: p.ID, name: p.Name()}
		if r := roles[p.ID]; len(r) > 0 {
			users[i].role = r[0]
		}
	}
	return users, nil
}

func loadDemoEntity(ctx context.Context, d *db.DB, entityID string, pop int64, volume int, now time.Time, r *rand.Rand) error {
	users, err := demoUsers(ctx, d, entityID)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		return nil
	}
	nUnits := 3
	switch {
	case pop >= 20000:
		nUnits = 7
	case pop >= 5000:
		nUnits = 5
	}
	unitIDs, err := demoUnitIDs(ctx, d, entityID, nUnits)
	if err != nil {
		return err
	}
	if unitIDs == nil {
		if unitIDs, err = demoUnitsWrite(ctx, d, entityID, nUnits, users, now.AddDate(-3, 0, 0).UTC()); err != nil {
			return err
		}
	}
	var clerks []demoUser
	for _, u := range users {
		if u.role == RoleClerk || u.role == RoleAdmin {
			clerks = append(clerks, u)
		}
	}
	if len(clerks) == 0 {
		clerks = users[:1]
	}
	if volume == 0 {
		return nil
	}
	loc := web.Madrid
	year := now.In(loc).Year()
	type yearPlan struct {
		year, entradas, salidas int
		from, to                time.Time
	}
	var plans []yearPlan
	if volume < 0 { // small sample: past years only
		plans = []yearPlan{{year - 2, 8, 3, time.Time{}, time.Time{}}, {year - 1, 10, 4, time.Time{}, time.Time{}}}
	} else {
		for y := year - 2; y <= year; y++ {
			plans = append(plans, yearPlan{y, volume, volume * 2 / 5, time.Time{}, time.Time{}})
		}
	}
	for _, p := range plans {
		p.from = time.Date(p.year, 1, 2, 0, 0, 0, 0, loc)
		p.to = time.Date(p.year+1, 1, 1, 0, 0, 0, 0, loc)
		if p.to.After(now) {
			// This year: only up to now, pro rata.
			frac := now.Sub(p.from).Hours() / p.to.Sub(p.from).Hours()
			p.entradas, p.salidas, p.to = int(float64(p.entradas)*frac), int(float64(p.salidas)*frac), now
		}
		for _, book := range []string{"E", "S"} {
			count := p.entradas
			if book == "S" {
				count = p.salidas
			}
			if count <= 0 {
				continue
			}
			if err := d.Tx(ctx, func(tx *sql.Tx) error {
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM registry_counters WHERE entity_id = $1 AND book = $2 AND year = $3`,
					entityID, book, p.year).Scan(&n); err != nil || n > 0 {
					return err // written before a stop
				}
				return demoBook(ctx, tx, d.Engine, entityID, book, p.year, count, p.from, p.to, now, unitIDs, clerks, r)
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoTimes draws count working-hour times between from and to, sorted.
func demoTimes(r *rand.Rand, count int, from, to time.Time) []time.Time {
	span := to.Sub(from)
	out := make([]time.Time, 0, count)
	for len(out) < count {
		t := from.Add(time.Duration(r.Int64N(int64(span)))).In(web.Madrid)
		if t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
			continue
		}
		t = time.Date(t.Year(), t.Month(), t.Day(), 8+r.IntN(7), r.IntN(60), r.IntN(60), r.IntN(1000)*1e6, web.Madrid)
		if t.Before(from) || !t.Before(to) {
			continue
		}
		out = append(out, t.UTC())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// demoUnitIDs returns the ids of the n demo units of entityID in the order
// of demoUnits, nil when it has no units yet.
func demoUnitIDs(ctx context.Context, q db.Queryer, entityID string, n int) ([]string, error) {
	type unit struct{ id, name string }
	units, err := db.Collect(ctx, q, func(s db.Scanner) (unit, error) {
		var u unit
		return u, s.Scan(&u.id, &u.name)
	}, `SELECT id, name FROM registry_units WHERE entity_id = $1`, entityID)
	if err != nil || len(units) == 0 {
		return nil, err
	}
	ids := make([]string, n)
	for i := range n {
		for _, u := range units {
			if u.name == demoUnits[i] {
				ids[i] = u.id
			}
		}
		if ids[i] == "" {
			return nil, fmt.Errorf("registro demo %s: falta la unidad %q", entityID, demoUnits[i])
		}
	}
	return ids, nil
}

// demoUnitsWrite creates the n demo units of entityID and puts the
// registro's usuarios and consultas in them, one unit each.
func demoUnitsWrite(ctx context.Context, d *db.DB, entityID string, n int, users []demoUser, created time.Time) ([]string, error) {
	ids := make([]string, n)
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		for i := range n {
			ids[i] = id.New()
			if _, err := tx.ExecContext(ctx, `INSERT INTO registry_units (entity_id, id, name, search_text, dir3, active,
				created_at, created_by) VALUES ($1, $2, $3, $4, '', TRUE, $5, 'sistema')`,
				entityID, ids[i], demoUnits[i], refdata.Fold(demoUnits[i]), created); err != nil {
				return err
			}
		}
		k := 0
		for _, u := range users {
			if u.role != RoleUser && u.role != RoleReader {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO registry_unit_members (entity_id, unit_id, user_id, created_at, created_by)
				VALUES ($1, $2, $3, $4, 'sistema')`, entityID, ids[k%n], u.id, created); err != nil {
				return err
			}
			k++
		}
		return nil
	})
	return ids, err
}

func demoBook(ctx context.Context, tx *sql.Tx, engine db.Engine, entityID, book string, year, count int, from, to, now time.Time,
	units []string, clerks []demoUser, r *rand.Rand) error {
	times := demoTimes(r, count, from, to)
	list := demoEntradas
	if book == "S" {
		list = demoSalidas
	}
	type row struct {
		e        entryRow
		p        *Interested
		unit     string
		state    string
		cancel   bool
		document []byte
	}
	rows := make([]row, count)
	for i := range rows {
		s := kit.Weighted(r, list, func(s demoSubject) int { return s.weight })
		c := clerks[r.IntN(len(clerks))]
		e := entryRow{EntityID: entityID, ID: id.New(), Book: book, Year: year, Seq: int64(i + 1),
			Number: FormatNumber(year, book, int64(i+1)), RegisteredAt: times[i], Subject: s.subject, Summary: s.summary,
			DocType: s.docType, ReceiptCSV: csvdoc.NewCode(), ClerkID: c.id, ClerkName: c.name, Source: "oficina"}
		switch x := r.IntN(100); {
		case x < 55:
			e.Means = "presencial"
		case x < 90:
			e.Means = "electronico"
			if book == "E" && r.IntN(3) > 0 {
				e.Source, e.ClerkID, e.ClerkName = "sede", "sede", "Sede electrónica"
			}
		default:
			e.Means = "correo"
		}
		var p *Interested
		if s.dir3 != "" {
			if book == "E" {
				e.OriginDIR3, e.OriginName, e.Means = s.dir3, s.dir3Name, "electronico"
				if r.IntN(2) == 0 {
					e.Source, e.ClerkID, e.ClerkName = "sir", c.id, c.name
				}
			} else {
				e.DestDIR3, e.DestName = s.dir3, s.dir3Name
			}
		} else if s.company {
			name := demoFirms[r.IntN(len(demoFirms))] + ", S.L."
			p = &Interested{DocType: "CIF", DocNumber: demoCIF(r), Name: name,
				Email: "administracion@" + strings.ToLower(strings.Fields(refdata.Fold(name))[0]) + ".example.com"}
		} else {
			name := demoNames[r.IntN(len(demoNames))] + " " + demoSurnames[r.IntN(len(demoSurnames))] + " " + demoSurnames[r.IntN(len(demoSurnames))]
			p = &Interested{DocType: "NIF", DocNumber: demoNIF(r), Name: name,
				Address: fmt.Sprintf("%s %d", demoStreets[r.IntN(len(demoStreets))], 1+r.IntN(60))}
			if e.Means == "electronico" {
				p.Email = strings.ToLower(strings.ReplaceAll(refdata.Fold(name), " ", ".")) + "@example.com"
			}
		}
		if p != nil {
			e.FirstParty = p.Name
		}
		search := []string{e.Subject, e.Summary, e.OriginName, e.DestName, e.OriginDIR3, e.DestDIR3}
		if p != nil {
			search = append(search, p.Name, p.DocNumber)
		}
		e.SearchText = refdata.Fold(web.Join(" ", search...))
		rw := row{e: e, p: p}
		if s.unit < len(units) && r.IntN(10) < 8 {
			rw.unit = units[s.unit]
			rw.state = "aceptada"
			if age := now.Sub(e.RegisteredAt); age < 10*24*time.Hour {
				rw.state = "pendiente"
			} else if r.IntN(25) == 0 {
				rw.state = "rechazada"
			}
		}
		rw.cancel = r.IntN(150) == 0
		if count < 20 && r.IntN(3) == 0 {
			rw.document = []byte(fmt.Sprintf("Documento aportado con el asiento %s.\n", e.Number))
		}
		rows[i] = rw
	}
	cols := strings.Split(strings.Join(strings.Fields(strings.ReplaceAll(entryColumns, ",", " ")), ","), ",")
	if err := db.InsertRows(ctx, tx, engine, "registry_entries", cols, len(rows), func(i int) []any {
		e := rows[i].e
		if rows[i].unit != "" {
			e.UnitID = rows[i].unit
		}
		return e.values()
	}); err != nil {
		return err
	}
	var people, dists, notes, docs []int
	for i, rw := range rows {
		if rw.p != nil {
			people = append(people, i)
		}
		if rw.unit != "" {
			dists = append(dists, i)
		}
		if rw.cancel {
			notes = append(notes, i)
		}
		if rw.document != nil {
			docs = append(docs, i)
		}
	}
	if err := db.InsertRows(ctx, tx, engine, "registry_interested", []string{"entity_id", "entry_id", "pos", "doc_type",
		"doc_number", "name", "email", "phone", "address"}, len(people), func(j int) []any {
		rw := rows[people[j]]
		return []any{entityID, rw.e.ID, 1, rw.p.DocType, rw.p.DocNumber, rw.p.Name, rw.p.Email, rw.p.Phone, rw.p.Address}
	}); err != nil {
		return err
	}
	if err := db.InsertRows(ctx, tx, engine, "registry_distributions", []string{"entity_id", "entry_id", "step", "unit_id",
		"state", "reason", "sent_at", "sent_by", "decided_at", "decided_by"}, len(dists), func(j int) []any {
		rw := rows[dists[j]]
		var decided any
		by, reason := "", ""
		if rw.state != "pendiente" {
			decided, by = rw.e.RegisteredAt.Add(time.Duration(2+r.IntN(70))*time.Hour), "Personal de la unidad"
		}
		if rw.state == "rechazada" {
			reason = "No corresponde a esta unidad: que lo redistribuya el registro."
		}
		return []any{entityID, rw.e.ID, 1, rw.unit, rw.state, reason, rw.e.RegisteredAt.Add(20 * time.Minute), rw.e.ClerkID, decided, by}
	}); err != nil {
		return err
	}
	if err := db.InsertRows(ctx, tx, engine, "registry_annotations", []string{"entity_id", "entry_id", "id", "kind", "body",
		"created_at", "created_by", "by_name"}, len(notes), func(j int) []any {
		rw := rows[notes[j]]
		return []any{entityID, rw.e.ID, id.New(), "anulacion", "Asiento duplicado: se anotó dos veces la misma presentación.",
			rw.e.RegisteredAt.Add(3 * time.Hour), rw.e.ClerkID, rw.e.ClerkName}
	}); err != nil {
		return err
	}
	if err := db.InsertRows(ctx, tx, engine, "registry_documents", []string{"entity_id", "entry_id", "pos", "filename",
		"content_type", "sha256", "size", "content"}, len(docs), func(j int) []any {
		rw := rows[docs[j]]
		sum := sha256.Sum256(rw.document)
		return []any{entityID, rw.e.ID, 1, "documento.txt", "text/plain", hex.EncodeToString(sum[:]), int64(len(rw.document)), rw.document}
	}); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO registry_counters (entity_id, book, year, last) VALUES ($1, $2, $3, $4)`,
		entityID, book, year, int64(count))
	return err
}
