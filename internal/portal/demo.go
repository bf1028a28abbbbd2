package portal

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// demoTown is hand-written content for the sample towns.
type demoTown struct {
	tagline, about, hours string
	// colour is the identity colour of the site's header.
	colour   string
	lat, lon int64
	news     [][2]string
	places   []demoPlace
}

type demoPlace struct {
	name, category, address, hours string
	dlat, dlon                     int64
}

var demoTowns = map[string]demoTown{
	"L01100152": {
		tagline: "Puerta del Valle del Ambroz, en la Vía de la Plata",
		about: "Aldeanueva del Camino es un municipio del **Valle del Ambroz**, atravesado por la calzada romana de la Vía de la Plata.\n\n" +
			"Desde este portal puede consultar el tablón de anuncios, las noticias, la agenda y los datos abiertos del Ayuntamiento.",
		hours:  "Lunes a viernes, de 9:00 a 14:00",
		colour: "#1f5e3a",
		lat:    40262300, lon: -5929400,
		news: [][2]string{
			{"Nuevo servicio de recogida de enseres a domicilio", "Los enseres voluminosos se recogen a domicilio el último jueves de cada mes, con cita previa en el Ayuntamiento."},
			{"Obras de mejora en el puente romano sobre el río Ambroz", "La Junta de Extremadura y el Ayuntamiento acometen la consolidación del puente de la calzada."},
			{"Nuevo horario de la biblioteca municipal", "La biblioteca abre también los martes y jueves por la tarde."},
		},
		places: []demoPlace{
			{"Ayuntamiento", "Oficinas municipales", "Plaza de España, 1", "Lunes a viernes, de 9:00 a 14:00", 0, 0},
			{"Consultorio médico", "Salud", "Calle Real, 20", "Lunes a viernes, de 8:00 a 15:00", 900, -700},
			{"Puente romano", "Patrimonio", "Vía de la Plata, junto al río Ambroz", "", -1800, 1500},
			{"Piscina municipal", "Deportes", "Avenida de la Piscina, s/n", "Julio y agosto, de 12:00 a 20:00", 1500, 1100},
		},
	},
	"L01101480": {
		tagline: "Ciudad del Jerte, perla del Valle",
		about: "Plasencia, fundada en 1186 por Alfonso VIII, es la capital del norte de Cáceres.\n\n" +
			"- Catedrales Vieja y Nueva\n- Murallas y Parque de los Pinos\n- Mercado de los martes desde la Edad Media",
		hours:  "Lunes a viernes, de 8:30 a 14:30",
		colour: "#7a1f2b",
		lat:    40030600, lon: -6088600,
		news: [][2]string{
			{"El mercado de los martes amplía sus puestos", "La Plaza Mayor acoge cada martes más de cien puestos, como desde la Edad Media."},
			{"Ayudas al alquiler para jóvenes: cómo solicitarlas", "Las solicitudes se presentan en la sede electrónica mientras la convocatoria esté abierta."},
			{"Nuevo carril bici en la avenida de la Vera", "El tramo de 1,8 km conecta el barrio de San Miguel con el centro."},
		},
		places: []demoPlace{
			{"Ayuntamiento de Plasencia", "Oficinas municipales", "Plaza Mayor, 1", "Lunes a viernes, de 8:30 a 14:30", 0, 0},
			{"Catedral Nueva", "Patrimonio", "Plaza de la Catedral", "Martes a domingo, de 10:00 a 14:00 y de 16:00 a 19:00", -900, -1200},
			{"Oficina de turismo", "Turismo", "Calle Santa Clara, 2", "Todos los días, de 9:00 a 14:00", 400, -600},
			{"Parque de los Pinos", "Parques", "Avenida del Valle", "", 2600, -2300},
		},
	},
	"L01100015": {
		tagline: "Villa del Valle del Ambroz, con el palacio de Sotofermoso",
		about:   "Abadía conserva el palacio de Sotofermoso, que visitaron Garcilaso de la Vega y Lope de Vega.",
		hours:   "Lunes a viernes, de 9:00 a 14:00",
		lat:     40263600, lon: -5974200,
	},
	"L01100377": {
		tagline: "Ciudad Patrimonio de la Humanidad",
		about:   "Cáceres conserva uno de los conjuntos medievales y renacentistas mejor preservados de Europa.",
		hours:   "Lunes a viernes, de 8:00 a 15:00",
		lat:     39475300, lon: -6372400,
	},
}

// seasonalNews is, by month (January first), a news item that fits the
// time of year: the demo publishes the one of the month of the load.
var seasonalNews = [12][2]string{
	{"Campaña de poda del arbolado municipal", "En enero y febrero se podan los árboles de calles y parques; no aparque en las zonas señalizadas."},
	{"Carnaval: concurso de disfraces y desfile", "El desfile sale de la Plaza Mayor el sábado de Carnaval por la tarde; las inscripciones, en el Ayuntamiento."},
	{"Inscripción en las escuelas deportivas de primavera", "Las plazas se adjudican por orden de inscripción en el Ayuntamiento o en la sede electrónica."},
	{"Horario de los servicios municipales en Semana Santa", "Las oficinas municipales cierran el Jueves y el Viernes Santo; el resto de la semana abren en su horario habitual."},
	{"Limpieza de solares antes del verano", "Los propietarios deben desbrozar y limpiar los solares para prevenir incendios en los meses de calor."},
	{"Inscripción en los cursos de natación de verano", "Las inscripciones para los cursos de julio y agosto se recogen en el Ayuntamiento durante este mes."},
	{"La piscina municipal abre la temporada", "La piscina municipal abre todos los días de 12:00 a 20:00 durante julio y agosto."},
	{"Programa de las fiestas de agosto", "Verbenas, encierros y actividades para los niños: consulte el programa completo en el Ayuntamiento."},
	{"Matrícula de la Universidad Popular", "Abierta la matrícula de los talleres de otoño e invierno de la Universidad Popular."},
	{"Campaña de recogida de aceite usado", "Lleve el aceite de cocina usado en botellas cerradas a los contenedores naranjas del municipio."},
	{"Horario de invierno de los servicios municipales", "Las instalaciones deportivas y la biblioteca pasan al horario de invierno."},
	{"Programa de actos de Navidad y Reyes", "Belén viviente, concierto de villancicos y cabalgata de Reyes la tarde del 5 de enero. Consulte el programa en el Ayuntamiento."},
}

// seasonalNotice is, by season, the Diputación's province-wide notice.
func seasonalNotice(month time.Month) (title, body string) {
	switch month {
	case time.December, time.January, time.February:
		return "Aviso por heladas y nieblas en las carreteras provinciales",
			"Circule con precaución a primera hora de la mañana y consulte el estado de las carreteras antes de salir."
	case time.March, time.April, time.May:
		return "Obras de conservación en la red provincial de carreteras",
			"Puede haber cortes de un carril regulados por semáforo; respete la señalización provisional."
	case time.June, time.July, time.August, time.September:
		return "Aviso por altas temperaturas",
			"Siga las recomendaciones sanitarias y evite la exposición al sol en las horas centrales del día."
	}
	return "Aviso por lluvias intensas", "Evite cruzar vados y arroyos crecidos y siga las indicaciones de Protección Civil."
}

// localAt is the moment hour:min in Madrid, days after the day of now there.
func localAt(now time.Time, days, hour, min int) time.Time {
	d := now.In(web.Madrid)
	return time.Date(d.Year(), d.Month(), d.Day()+days, hour, min, 0, 0, web.Madrid).UTC()
}

// demoDiputacion is the identity of the Diputación's portal.
var demoDiputacion = demoTown{
	tagline: "Al servicio de los 223 municipios de la provincia",
	about: "La Diputación Provincial de Cáceres presta a los ayuntamientos, entidades locales menores y mancomunidades " +
		"de la provincia los servicios de administración electrónica, gestión municipal y portal web.",
	hours:  "Lunes a viernes, de 8:00 a 15:00",
	colour: "#0f4c5c",
	lat:    39474700, lon: -6371200,
	news: [][2]string{
		{"Nuevos servicios de administración electrónica para los ayuntamientos",
			"Los municipios adheridos pueden pedir desde la plataforma provincial la sede electrónica, el registro y el portal web."},
		{"Formación para el personal de los ayuntamientos",
			"La Diputación organiza cursos en línea sobre expediente electrónico, padrón y transparencia para el personal municipal."},
	},
}

// LoadDemo writes the portal demo: sites with content for the sample towns
// that have the portal service (small mode) or for every entity with it
// (Full). Entities without an active portal adhesion get no site (in the
// demo, Abadía and Cáceres — the city runs its own portal). Idempotent: it
// writes nothing when the portal already has sites.
func LoadDemo(ctx context.Context, d *db.DB, opts kit.DemoOptions) error {
	var n int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM portal_sites`).Scan(&n); err != nil || n > 0 {
		return err
	}
	now := opts.At().Truncate(time.Second)
	sites, err := allSites(ctx, d)
	if err != nil {
		return err
	}
	return d.Tx(ctx, func(tx *sql.Tx) error {
		for _, s := range sites {
			town, sample := demoTowns[s.DIR3]
			if !sample && !opts.Full {
				continue
			}
			if err := demoSite(ctx, tx, s, town, now, sample || opts.Full); err != nil {
				return fmt.Errorf("portal de %s: %w", s.Name, err)
			}
		}
		dip, err := directory.Diputacion(ctx, tx)
		if err != nil {
			return err
		}
		if err := demoProvince(ctx, tx, dip, now); err != nil {
			return err
		}
		title, body := seasonalNotice(now.In(web.Madrid).Month())
		_, err = tx.ExecContext(ctx, `INSERT INTO portal_notices (id, title, body, starts_at, ends_at, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, 'sistema')`, id.New(), title, body, now.Add(-24*time.Hour), now.Add(7*24*time.Hour), now)
		return err
	})
}

// demoProvince writes the Diputación's site with its news and an event.
func demoProvince(ctx context.Context, tx *sql.Tx, dip directory.Entity, now time.Time) error {
	d := demoDiputacion
	if _, err := tx.ExecContext(ctx, `INSERT INTO portal_sites (entity_id, code, tagline, about, hours, lat_e6, lon_e6, colour,
		updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'sistema')`, dip.ID, dip.Code(), d.tagline,
		d.about, d.hours, d.lat, d.lon, d.colour, now); err != nil {
		return err
	}
	for i, n := range d.news {
		pub := now.Add(-time.Duration(i*6+2) * 24 * time.Hour)
		if err := insertItem(ctx, tx, Item{EntityID: dip.ID, ID: id.New(), Kind: "noticia", Slug: slugify(n[0]), Title: n[0],
			Summary: n[1], Body: n[1], State: "publicado", PublishAt: pub, Version: 1, CreatedAt: pub, CreatedBy: "sistema",
			UpdatedAt: pub, UpdatedBy: "sistema"}); err != nil {
			return err
		}
	}
	pub := now.Add(-4 * 24 * time.Hour)
	return insertItem(ctx, tx, Item{EntityID: dip.ID, ID: id.New(), Kind: "evento", Slug: "pleno-ordinario-de-la-diputacion",
		Title: "Pleno ordinario de la Diputación", Summary: "Sesión ordinaria del Pleno provincial.", Body: "Orden del día en el tablón de anuncios.",
		State: "publicado", PublishAt: pub, EventAt: localAt(now, 9, 11, 0), Place: "Palacio Provincial, Cáceres", Version: 1,
		CreatedAt: pub, CreatedBy: "sistema", UpdatedAt: pub, UpdatedBy: "sistema"})
}

func demoSite(ctx context.Context, tx *sql.Tx, s *Site, town demoTown, now time.Time, rich bool) error {
	short := strings.TrimPrefix(strings.TrimPrefix(s.Name, "Ayuntamiento de "), "Mancomunidad ")
	if town.tagline == "" {
		town.tagline = "Portal municipal de " + short
		town.about = "Bienvenido al portal " + s.Of() + ". Aquí encontrará noticias, el tablón de anuncios, " +
			"el portal de transparencia y los datos abiertos de la entidad."
		town.hours = "Lunes a viernes, de 9:00 a 14:00"
	}
	var lat, lon any
	if town.lat != 0 {
		lat, lon = town.lat, town.lon
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO portal_sites (entity_id, code, tagline, about, hours, lat_e6, lon_e6, colour,
		updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'sistema')`,
		s.EntityID, s.Code, town.tagline, town.about, town.hours, lat, lon, town.colour, now); err != nil {
		return err
	}
	news := append([][2]string{seasonalNews[now.In(web.Madrid).Month()-1]}, town.news...)
	if len(town.news) == 0 {
		news = append(news, [2]string{"Campaña de recogida de enseres", "El último jueves de cada mes se recogen enseres voluminosos a domicilio."})
	}
	item := func(kind, title, summary, body string, pub, event time.Time, place string, inMenu bool, order int) error {
		it := Item{EntityID: s.EntityID, ID: id.New(), Kind: kind, Slug: slugify(title), Title: title, Summary: summary,
			Body: body, State: "publicado", PublishAt: pub, EventAt: event, Place: place, InMenu: inMenu, MenuOrder: order,
			Version: 1, CreatedAt: pub, CreatedBy: "sistema", UpdatedAt: pub, UpdatedBy: "sistema"}
		return insertItem(ctx, tx, it)
	}
	for i, nw := range news {
		if err := item("noticia", nw[0], nw[1], nw[1]+"\n\nMás información en el Ayuntamiento.", now.Add(-time.Duration(i*5+1)*24*time.Hour),
			time.Time{}, "", false, 0); err != nil {
			return err
		}
	}
	if err := item("pagina", "El municipio", "Historia, situación y datos del municipio.",
		"## Situación\n\n"+town.about+"\n\n## Cómo llegar\n\nPor la autovía A-66 (Autovía de la Plata).", now.Add(-400*24*time.Hour),
		time.Time{}, "", true, 1); err != nil {
		return err
	}
	if err := item("pagina", "Trámites", "Cómo hacer gestiones con el Ayuntamiento.",
		"Puede hacer la mayoría de los trámites en la sede electrónica o en el registro del Ayuntamiento.\n\n"+
			"- Empadronamiento\n- Licencias de obra\n- Tasas e impuestos", now.Add(-300*24*time.Hour), time.Time{}, "", true, 2); err != nil {
		return err
	}
	// Events at their local time: the Pleno at 20:00, the market on a
	// Saturday morning at 10:00 (Madrid), whatever the UTC offset that day.
	if err := item("evento", "Pleno ordinario", "Sesión ordinaria del Pleno municipal.", "Orden del día en el tablón de anuncios.",
		now.Add(-2*24*time.Hour), localAt(now, 6, 20, 0), "Salón de plenos", false, 0); err != nil {
		return err
	}
	saturday := 13 + (int(time.Saturday)-int(localAt(now, 13, 12, 0).In(web.Madrid).Weekday())+7)%7
	if err := item("evento", "Mercadillo de artesanía", "Artesanos de la comarca.", "Puestos de artesanía y productos locales.",
		now.Add(-3*24*time.Hour), localAt(now, saturday, 10, 0), "Plaza Mayor", false, 0); err != nil {
		return err
	}
	// Tablón: one ended (with a correction), two exposed, one scheduled.
	edict := func(num int, kind, title, body string, pub time.Time, days int, corrects string) (string, error) {
		eid := id.New()
		sum := sha256.Sum256([]byte(body))
		w, err := WithdrawalAt(s.INE, pub, days, UnitWorkingDays)
		if err != nil {
			return "", err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO portal_edicts (entity_id, id, number, kind, title, body, body_sha256,
			publish_at, withdraw_at, corrects_id, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'sistema')`,
			s.EntityID, eid, fmt.Sprintf("%d/%04d", pub.In(web.Madrid).Year(), num), kind, title, body, hex.EncodeToString(sum[:]),
			pub, w, db.NullString(corrects), pub)
		return eid, err
	}
	old, err := edict(1, "Exposición pública del presupuesto", "Aprobación inicial del presupuesto general",
		"Aprobado inicialmente el presupuesto general, se expone al público por quince días hábiles para reclamaciones.",
		now.Add(-60*24*time.Hour), 15, "")
	if err != nil {
		return err
	}
	steps := []struct {
		kind, title, body string
		pub               time.Time
		days              int
		corrects          string
	}{
		{"Anuncio", "Corrección de errores del anuncio de aprobación del presupuesto", "Donde dice «quince días naturales» debe decir «quince días hábiles».", now.Add(-55 * 24 * time.Hour), 10, old},
		{"Exposición pública de padrón fiscal", "Padrón de la tasa de basuras, segundo semestre", "Se expone al público el padrón de la tasa por recogida de basuras.", now.Add(-3 * 24 * time.Hour), 20, ""},
		{"Licencia", "Solicitud de licencia de actividad para un bar", "Se abre información pública por veinte días hábiles.", now.Add(-1 * 24 * time.Hour), 20, ""},
		{"Convocatoria", "Convocatoria de sesión ordinaria del Pleno", "Se convoca sesión ordinaria del Pleno.", now.Add(2 * 24 * time.Hour), 5, ""},
	}
	for i, st := range steps {
		if _, err := edict(i+2, st.kind, st.title, st.body, st.pub, st.days, st.corrects); err != nil {
			return err
		}
	}
	if !rich {
		return nil
	}
	for _, p := range town.places {
		if _, err := tx.ExecContext(ctx, `INSERT INTO portal_pois (entity_id, id, name, category, description, address, hours, phone,
			lat_e6, lon_e6, created_at, created_by) VALUES ($1, $2, $3, $4, '', $5, $6, '', $7, $8, $9, 'sistema')`,
			s.EntityID, id.New(), p.name, p.category, p.address, p.hours, town.lat+p.dlat, town.lon+p.dlon, now); err != nil {
			return err
		}
	}
	return demoMore(ctx, tx, s, now)
}

// demoMore adds the perfil del contratante, an open dataset, a survey and
// transparency entries to a sample site.
func demoMore(ctx context.Context, tx *sql.Tx, s *Site, now time.Time) error {
	year := now.In(web.Madrid).Year()
	tenders := []Tender{
		{FolderID: fmt.Sprintf("%d/OBR/001", year), Title: "Pavimentación de la calle Real y adyacentes", ContractType: "Obras",
			Procedure: "Abierto simplificado", State: "adjudicada", BudgetCents: 18450000, AwardCents: 16230000,
			Awardee: "Construcciones Ambroz, S.L."},
		{FolderID: fmt.Sprintf("%d/SER/002", year), Title: "Servicio de limpieza de edificios municipales", ContractType: "Servicios",
			Procedure: "Abierto", State: "licitacion", BudgetCents: 9600000, Deadline: localAt(now, 5, 14, 0)},
		{FolderID: fmt.Sprintf("%d/SUM/003", year), Title: "Suministro de luminarias LED para el alumbrado público", ContractType: "Suministros",
			Procedure: "Abierto simplificado", State: "licitacion", BudgetCents: 4200000, Deadline: localAt(now, -3, 14, 0)},
		{FolderID: fmt.Sprintf("%d/SER/004", year), Title: "Servicio de bar del hogar del pensionista", ContractType: "Concesión de servicios",
			Procedure: "Abierto simplificado", State: "desierta", BudgetCents: 1200000, Deadline: localAt(now, -20, 14, 0)},
		{FolderID: fmt.Sprintf("%d/MEN/014", year), Title: "Suministro de material de oficina", ContractType: "Suministros",
			Procedure: "Contrato menor", Minor: true, State: "adjudicada", AwardCents: 184050, Awardee: "Papelería Hervás, S.L."},
		{FolderID: fmt.Sprintf("%d/MEN/015", year), Title: "Reparación del tejado del consultorio", ContractType: "Obras",
			Procedure: "Contrato menor", Minor: true, State: "adjudicada", AwardCents: 1245000, Awardee: "Albañilería García, S.L."},
	}
	for i, t := range tenders {
		t.EntityID, t.ID, t.Source = s.EntityID, id.New(), "manual"
		t.PublishedAt = now.Add(-time.Duration(40-i*5) * 24 * time.Hour)
		t.UpdatedAt = t.PublishedAt
		if err := insertTender(ctx, tx, t); err != nil {
			return err
		}
		if err := addTenderEvent(ctx, tx, t.EntityID, t.ID, "licitacion", "Anuncio de licitación y pliegos", "sistema", t.PublishedAt); err != nil {
			return err
		}
		switch t.State {
		case "adjudicada":
			if err := addTenderEvent(ctx, tx, t.EntityID, t.ID, "adjudicada", "Resolución de adjudicación", "sistema", t.PublishedAt.Add(20*24*time.Hour)); err != nil {
				return err
			}
		case "desierta":
			if err := addTenderEvent(ctx, tx, t.EntityID, t.ID, "desierta", "Declarada desierta: no se presentó ninguna oferta", "sistema", t.Deadline.Add(24*time.Hour)); err != nil {
				return err
			}
		}
		if !t.Minor {
			if err := addTenderDoc(ctx, tx, t.EntityID, t.ID, TenderDoc{Kind: "Pliego de cláusulas administrativas", Name: "PCAP " + t.FolderID,
				URL: "https://contrataciondelestado.es/"}); err != nil {
				return err
			}
		}
	}
	dsID := id.New()
	csvData := "Año,Visitantes de la oficina de turismo\n" + fmt.Sprintf("%d,4120\n%d,4870\n%d,5310\n", year-3, year-2, year-1)
	if _, err := tx.ExecContext(ctx, `INSERT INTO portal_datasets (entity_id, id, slug, title, description, theme, keywords, frequency,
		issued_at, modified_at, created_by) VALUES ($1, $2, 'visitantes-turismo', 'Visitantes de la oficina de turismo',
		'Número anual de visitantes atendidos en la oficina de turismo.', 'turismo', 'turismo, visitantes', 'ANNUAL', $3, $3, 'sistema')`,
		s.EntityID, dsID, now.Add(-90*24*time.Hour)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO portal_dataset_files (entity_id, dataset_id, format, filename, media_type, content,
		size, modified_at) VALUES ($1, $2, 'csv', 'visitantes-turismo.csv', 'text/csv', $3, $4, $5)`,
		s.EntityID, dsID, []byte(csvData), int64(len(csvData)), now.Add(-90*24*time.Hour)); err != nil {
		return err
	}
	svID := id.New()
	if _, err := tx.ExecContext(ctx, `INSERT INTO portal_surveys (entity_id, id, title, description, restricted, opens_at, closes_at,
		created_at, created_by) VALUES ($1, $2, 'Horario de tarde de la biblioteca', 'Ayúdenos a decidir el horario de tarde de la biblioteca municipal.',
		FALSE, $3, $4, $3, 'sistema')`, s.EntityID, svID, now.Add(-5*24*time.Hour), now.Add(25*24*time.Hour)); err != nil {
		return err
	}
	for _, q := range []Question{{1, "una", "¿Qué horario prefiere?", []string{"De 16:00 a 19:00", "De 17:00 a 20:00", "De 18:00 a 21:00"}},
		{2, "varias", "¿Qué servicios usaría?", []string{"Préstamo de libros", "Sala de estudio", "Acceso a internet"}},
		{3, "texto", "¿Alguna sugerencia?", nil}} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO portal_questions (entity_id, survey_id, pos, kind, text, options)
			VALUES ($1, $2, $3, $4, $5, $6)`, s.EntityID, svID, q.Pos, q.Kind, q.Text, strings.Join(q.Options, "\n")); err != nil {
			return err
		}
	}
	// The demo answers are nobody's: each has a random respondent key.
	for i, a := range []string{`{"1":["De 17:00 a 20:00"],"2":["Préstamo de libros","Acceso a internet"],"3":[""]}`,
		`{"1":["De 17:00 a 20:00"],"2":["Sala de estudio"],"3":["Más puestos de estudio en época de exámenes, por favor"]}`,
		`{"1":["De 16:00 a 19:00"],"2":["Préstamo de libros"],"3":[""]}`} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO portal_answers (entity_id, survey_id, respondent, answers, created_at)
			VALUES ($1, $2, $3, $4, $5)`, s.EntityID, svID, id.Token(32), a, now.Add(-time.Duration(i+1)*time.Hour)); err != nil {
			return err
		}
	}
	for _, tr := range [][3]string{{"funciones", "/paginas/el-municipio", "Competencias del municipio (art. 25 LBRL)."},
		{"normativa", "https://www.dip-caceres.es/", "Ordenanzas publicadas en el BOP de Cáceres."},
		{"presupuestos", "", "Presupuesto general aprobado en el Pleno de diciembre."}} {
		u := tr[1]
		if strings.HasPrefix(u, "/") {
			u = "/e/" + s.Code + u
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO portal_transparency (entity_id, item, url, note, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, 'sistema')`, s.EntityID, tr[0], u, tr[2], now); err != nil {
			return err
		}
	}
	return nil
}
