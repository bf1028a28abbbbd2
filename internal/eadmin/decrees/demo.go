package decrees

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// demoKind is a kind of resolution of a town hall: its extracto (with
// placeholders filled by fillDemo), area, whether a concejal by delegation
// signs it, whether it belongs to an expediente, and its weight.
type demoKind struct {
	summary, area string
	delegated     bool
	caseCode      string
	weight        int
}

var demoKinds = []demoKind{
	{"Concesión de licencia de obra menor a {persona} para reforma interior de vivienda en {calle}", "Urbanismo y Obras", true, "LOM", 14},
	{"Concesión de licencia de primera ocupación de vivienda unifamiliar en {calle} a {persona}", "Urbanismo y Obras", true, "LPO", 4},
	{"Aprobación de la relación de facturas n.º {n}/{anio} por importe total de {importe} €", "Hacienda", false, "", 12},
	{"Aprobación de la nómina del personal funcionario y laboral del mes de {mes}", "Personal", false, "", 6},
	{"Adjudicación del contrato menor de suministro de material de oficina a {empresa} por {importe} € (IVA incluido)", "Contratación", false, "CMEN", 6},
	{"Adjudicación del contrato menor de servicio de mantenimiento de zonas verdes a {empresa} por {importe} € (IVA incluido)", "Contratación", false, "CMEN", 4},
	{"Alta en el Padrón Municipal de Habitantes de {persona} por cambio de residencia", "Estadística y Padrón", false, "", 8},
	{"Baja de oficio en el Padrón Municipal de Habitantes de {persona} por inscripción indebida", "Estadística y Padrón", false, "PAD", 3},
	{"Concesión de subvención a la Asociación Cultural {asociacion} por importe de {importe} € para su programa anual", "Cultura", true, "SUB", 4},
	{"Concesión de ayuda de emergencia social a {persona} para suministros básicos de la vivienda", "Servicios Sociales", true, "AES", 5},
	{"Autorización a {empresa} para la ocupación de la vía pública con terraza de veladores en {calle}", "Urbanismo y Obras", true, "OVP", 3},
	{"Convocatoria de la sesión ordinaria del Pleno y fijación de su orden del día", "Secretaría", false, "", 3},
	{"Aprobación del padrón de la tasa de recogida de basuras del {trimestre} trimestre", "Hacienda", false, "", 2},
	{"Incoación de expediente sancionador a {persona} por infracción de la Ordenanza municipal de ruidos", "Policía Local", true, "SAN", 2},
	{"Aprobación de la modificación presupuestaria n.º {n}/{anio} por generación de créditos", "Hacienda", false, "MOD", 2},
	{"Reconocimiento de un trienio a {persona}, personal funcionario del Ayuntamiento", "Personal", false, "", 2},
	{"Delegación en un concejal de la celebración de matrimonio civil de {persona}", "Secretaría", false, "", 1},
}

var (
	demoPeople   = []string{"Lucía García Pizarro", "Manuel Sánchez Durán", "Carmen Rodríguez Bravo", "José Martín Cordero", "Ana Fernández Rosado", "Antonio López Barrantes", "Isabel Gómez Mateos", "Francisco Díaz Rubio", "Pilar Moreno Jiménez", "Javier Hernández Muñoz"}
	demoFirms    = []string{"Suministros Extremeños, S.L.", "Jardines del Tajo, S.L.", "Papelería del Oeste, S.L.", "Hostelería Monfragüe, S.L.", "Electricidad Jerte, S.L.", "Construcciones Vettonia, S.A."}
	demoStreets  = []string{"Calle Mayor", "Calle Pintores", "Avenida de España", "Plaza Mayor", "Calle Nueva", "Calle Real", "Calle San Juan"}
	demoClubs    = []string{"Los Arribes", "El Berrocal", "Amigos del Tajo", "La Vera", "San Blas"}
	demoMonths   = []string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}
	demoQuarters = []string{"primer", "segundo", "tercer", "cuarto"}
	demoCouncils = map[string]string{"Urbanismo y Obras": "Concejalía de Urbanismo y Obras", "Cultura": "Concejalía de Cultura y Festejos",
		"Servicios Sociales": "Concejalía de Servicios Sociales", "Policía Local": "Concejalía de Seguridad Ciudadana"}
)

// fillDemo fills the placeholders of an extracto.
func fillDemo(r *rand.Rand, s string, year int, on time.Time) string {
	rep := strings.NewReplacer("{persona}", demoPeople[r.IntN(len(demoPeople))],
		"{empresa}", demoFirms[r.IntN(len(demoFirms))],
		"{calle}", fmt.Sprintf("%s, %d", demoStreets[r.IntN(len(demoStreets))], 1+r.IntN(60)),
		"{asociacion}", demoClubs[r.IntN(len(demoClubs))],
		"{importe}", web.Thousands(int64(300+r.IntN(14000)))+","+fmt.Sprintf("%02d", r.IntN(100)),
		"{n}", fmt.Sprint(1+r.IntN(40)), "{anio}", fmt.Sprint(year),
		"{mes}", demoMonths[int(on.Month())-1]+" de "+fmt.Sprint(year),
		"{trimestre}", demoQuarters[(int(on.Month())-1)/3])
	return rep.Replace(s)
}

// demoBody is the text of a demo resolution.
func demoBody(summary, area string) string {
	return "ANTECEDENTES\n\nVisto el expediente tramitado por el área de " + area + " y el informe favorable de los servicios municipales.\n\n" +
		"FUNDAMENTOS DE DERECHO\n\nDe conformidad con el artículo 21 de la Ley 7/1985, de 2 de abril, Reguladora de las Bases del Régimen Local, " +
		"y demás normativa de aplicación.\n\nRESUELVO\n\nPrimero. " + summary + ".\n\n" +
		"Segundo. Notificar la presente resolución a los interesados con indicación de los recursos que procedan y dar cuenta al Pleno en la próxima sesión que celebre."
}

// LoadDemo writes, for every entity adhered to the expedientes service, a
// book of resoluciones for the previous year and for this one up to the
// load (a few dozen signed resolutions each, more in big towns and in the
// full demo) and three drafts, in one transaction. No PDF is rendered: each
// is issued on first request. It writes nothing when resolutions exist.
func LoadDemo(ctx context.Context, d *db.DB, opts kit.DemoOptions) error {
	var n int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM decrees_counters`).Scan(&n); err != nil || n > 0 {
		return err
	}
	ents, err := directory.AdheredEntities(ctx, d, Service, directory.ByID)
	if err != nil {
		return fmt.Errorf("resoluciones: entidades adheridas a expedientes: %w", err)
	}
	now := opts.At()
	today := civilDay(now)
	var rows []Decree
	type counter struct {
		entity string
		year   int
		last   int64
	}
	var counters []counter
	for i, e := range ents {
		r := rand.New(rand.NewPCG(20260101, uint64(i)))
		perYear := 24 + int(e.Population/4000)
		if opts.Full {
			perYear = 30 + int(e.Population/800)
		}
		perYear = min(perYear, 240)
		for _, year := range []int{today.Year() - 1, today.Year()} {
			first := time.Date(year, time.January, 2, 0, 0, 0, 0, time.UTC)
			last := time.Date(year, time.December, 30, 0, 0, 0, 0, time.UTC)
			if year == today.Year() {
				last = today
			}
			span := int(last.Sub(first).Hours()/24) + 1
			if span < 1 {
				continue
			}
			count := perYear * span / 363
			days := make([]int, count)
			for k := range days {
				days[k] = r.IntN(span)
			}
			slices.Sort(days)
			for k, day := range days {
				on := first.AddDate(0, 0, day)
				rows = append(rows, demoDecree(r, e, on, year, int64(k+1)))
			}
			if count > 0 {
				counters = append(counters, counter{e.ID, year, int64(count)})
			}
		}
		for k := range 3 {
			dr := demoDecree(r, e, today, today.Year(), 0)
			dr.State, dr.Year, dr.Seq, dr.Number, dr.SignedOn, dr.Signature, dr.CSV = StateDraft, 0, 0, "", time.Time{}, "", ""
			dr.SignerName, dr.SignerPost, dr.RecordedAt, dr.RecordedBy, dr.RecordedByName = "", "", time.Time{}, "", ""
			dr.CreatedAt = now.Add(-time.Duration(k+1) * 26 * time.Hour).Truncate(time.Second)
			dr.UpdatedAt = dr.CreatedAt
			rows = append(rows, dr)
		}
	}
	return d.Tx(ctx, func(tx *sql.Tx) error {
		if err := db.InsertRows(ctx, tx, d.Engine, "decrees_resolutions", insertColumns, len(rows),
			func(i int) []any { return insertArgs(rows[i]) }); err != nil {
			return fmt.Errorf("resoluciones: demostración: %w", err)
		}
		return db.InsertRows(ctx, tx, d.Engine, "decrees_counters", []string{"entity_id", "year", "last"}, len(counters),
			func(i int) []any { return []any{counters[i].entity, counters[i].year, counters[i].last} })
	})
}

// demoDecree is a signed demo resolution of e signed on the day on.
func demoDecree(r *rand.Rand, e directory.Entity, on time.Time, year int, seq int64) Decree {
	k := kit.Weighted(r, demoKinds, func(k demoKind) int { return k.weight })
	summary := fillDemo(r, k.summary, year, on)
	at := on.Add(time.Duration(9+r.IntN(5))*time.Hour + time.Duration(r.IntN(60))*time.Minute)
	d := Decree{EntityID: e.ID, ID: id.New(), State: StateSigned, Organ: OrganMayor, OrganName: MayorOrgan,
		Summary: summary, Body: demoBody(summary, k.area), Area: k.area, CreatedAt: at.Add(-48 * time.Hour),
		CreatedBy: "sistema", CreatedByName: "Secretaría General", UpdatedAt: at, Year: year, Seq: seq,
		Number: FormatNumber(year, seq), SignedOn: on, Signature: KindPaper, SignerName: e.MayorName,
		SignerPost: e.MayorTitle, RecordedAt: at, RecordedBy: "sistema", RecordedByName: "Secretaría General",
		CSV: csvdoc.NewCode()}
	if d.SignerName == "" {
		d.SignerName = "Alcaldía-Presidencia"
	}
	if d.SignerPost == "" {
		d.SignerPost = "Alcalde-Presidente"
	}
	if council, ok := demoCouncils[k.area]; ok && k.delegated && e.Population > 5000 {
		d.Organ, d.OrganName = OrganDelegate, council
		d.Delegation = fmt.Sprintf("Decreto %d/%06d, de 17 de junio de %d", 2023, 200+len(council), 2023)
		d.SignerName, d.SignerPost = demoPeople[r.IntN(len(demoPeople))], "Concejal delegado/a"
	}
	if k.caseCode != "" {
		d.CaseNumber = fmt.Sprintf("%s/%d/%04d", k.caseCode, year, 1+r.IntN(400))
	}
	return d
}
