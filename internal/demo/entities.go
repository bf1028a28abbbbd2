package demo

import (
	"fmt"
	"slices"
	"strings"

	"concejo/internal/platform/id"
	"concejo/internal/refdata"
)

// DiputacionDIR3 identifies the Diputación Provincial de Cáceres; its
// presence marks a database where the demo is already loaded.
const DiputacionDIR3 = "L02000010"

// fictitiousELMs are invented entidades locales menores (flagged as
// fictitious), so that the demo has more than the one ELM the reference
// data knows; each hangs from a real ayuntamiento.
var fictitiousELMs = []struct{ Name, ParentINE string }{
	{"El Robledal de Gata", "10084"},       // Gata
	{"Fuentesanta de Ibor", "10060"},       // Castañar de Ibor
	{"La Majadilla del Jerte", "10035"},    // Cabezuela del Valle
	{"Valdelacierva de Trujillo", "10195"}, // Trujillo
}

const (
	notesAyto = "Código INE, código DIR3 (derivado) y población: INE, padrón a 1 de enero de %d. " +
		"NIF derivado, no verificado. Dirección, teléfono, correo electrónico y alcaldía son ficticios (datos de demostración)."
	notesDip = "NIF calculado como P1000000 más su letra de control (la forma P1000000J no supera el control); no verificado. " +
		"Dirección y teléfono del Área TIC según la memoria de servicios; la presidencia es ficticia (datos de demostración)."
	notesRealELM = "Entidad local menor según %s; otra fuente considera ELM a Vega de Mesillas (Collado de la Vera). " +
		"Población, NIF y código DIR3 no disponibles. Dirección, teléfono, correo electrónico y alcaldía pedánea son ficticios."
	notesFakeELM = "Entidad ficticia, creada para la demostración: no existe. Todos sus datos son inventados."
	notesManc    = "Miembros según las fuentes de los datos de referencia (%s); la relación puede estar incompleta. " +
		"Población: suma de los miembros conocidos. NIF y código DIR3 desconocidos. Dirección, teléfono, correo electrónico y presidencia son ficticios."
)

// buildEntities creates the Diputación, the ayuntamientos, the ELMs and the
// mancomunidades with their members.
func (w *world) buildEntities() error {
	w.byINE, w.byName = map[string]*entity{}, map[string]*entity{}
	slugs := map[string]bool{}
	add := func(e *entity, slug string) {
		e.ID = id.New()
		if slugs[slug] {
			slug = e.Kind + slug
		}
		slugs[slug] = true
		e.slug = slug
		w.entities = append(w.entities, e)
	}

	w.dip = &entity{Kind: refdata.KindDiputacion, Name: "Diputación Provincial de Cáceres", DIR3: DiputacionDIR3,
		NIF: localEntityNIF("1000000"), Address: "Plaza de Santa María, s/n", PostalCode: "10003", Town: "Cáceres",
		Email: "informatica_municipal@dip-caceres.es", Phone: "927189604", Notes: notesDip}
	w.setMayor(w.dip, "Presidente", "Presidenta")
	add(w.dip, "dipcaceres")

	ms, err := refdata.Municipalities()
	if err != nil {
		return err
	}
	for _, m := range ms {
		e := &entity{Kind: refdata.KindAyuntamiento, Name: "Ayuntamiento de " + m.DisplayName, INECode: m.INECode, DC: m.DC,
			DIR3: m.DIR3, NIF: localEntityNIF(m.INECode + "00"), Town: m.DisplayName, Population: m.Population,
			PopulationYear: m.Year, Notes: fmt.Sprintf(notesAyto, m.Year)}
		w.contact(e)
		w.setMayor(e, "Alcalde", "Alcaldesa")
		add(e, refdata.Slug(m.DisplayName))
		e.Email = "ayuntamiento@" + e.slug + ".es"
		w.byINE[m.INECode] = e
	}

	if err := w.buildELMs(add); err != nil {
		return err
	}
	return w.buildMancomunidades(add)
}

// contact invents the address and phone of an entity.
func (w *world) contact(e *entity) {
	e.Address = townHallAddresses[w.rng.IntN(len(townHallAddresses))]
	e.Phone = fmt.Sprintf("927%06d", w.rng.IntN(1_000_000))
}

// setMayor invents who holds the mayoralty or presidency of e.
func (w *world) setMayor(e *entity, male, female string) {
	e.mayor = w.people.random()
	e.MayorName = e.mayor.FullName()
	e.MayorTitle = e.mayor.gendered(male, female)
}

func (w *world) buildELMs(add func(*entity, string)) error {
	elms, err := refdata.ELMs()
	if err != nil {
		return err
	}
	type elmRow struct {
		name, parent, notes string
		fictitious          bool
		population          int64
	}
	var rows []elmRow
	for _, r := range elms {
		rows = append(rows, elmRow{name: r.Name, parent: r.INECode, notes: fmt.Sprintf(notesRealELM, r.Source)})
	}
	for _, f := range fictitiousELMs {
		rows = append(rows, elmRow{name: f.Name, parent: f.ParentINE, notes: notesFakeELM, fictitious: true,
			population: int64(80 + w.rng.IntN(370))})
	}
	for _, r := range rows {
		parent := w.byINE[r.parent]
		if parent == nil {
			return fmt.Errorf("demo: the ELM %s hangs from unknown municipality %s", r.name, r.parent)
		}
		e := &entity{Kind: refdata.KindELM, Name: "Entidad Local Menor de " + r.name, Town: r.name, ParentID: parent.ID,
			Fictitious: r.fictitious, Notes: r.notes, Population: r.population}
		if r.population > 0 {
			e.PopulationYear = 2025
		}
		w.contact(e)
		w.setMayor(e, "Alcalde pedáneo", "Alcaldesa pedánea")
		add(e, refdata.Slug(r.name))
		e.Email = "entidadlocal@" + e.slug + ".es"
		w.byName[r.name] = e
	}
	return nil
}

func (w *world) buildMancomunidades(add func(*entity, string)) error {
	rows, err := refdata.Mancomunidades()
	if err != nil {
		return err
	}
	for _, name := range refdata.MancomunidadNames(rows) {
		e := &entity{Kind: refdata.KindMancomunidad, Name: "Mancomunidad Integral " + name}
		var sources []string
		var seat *entity
		for _, r := range rows {
			if r.Mancomunidad != name || !r.IsMember() {
				continue
			}
			m := w.byINE[r.INECode]
			if m == nil {
				return fmt.Errorf("demo: member %s of %s is not a municipality", r.INECode, name)
			}
			w.members = append(w.members, member{Mancomunidad: e, Member: m, Source: r.Status + "/" + r.Source})
			e.Population += m.Population
			e.PopulationYear = m.PopulationYear
			if seat == nil || m.Population > seat.Population {
				seat = m
			}
			if !slices.Contains(sources, r.Source) {
				sources = append(sources, r.Source)
			}
		}
		if len(sources) == 0 {
			sources = []string{"ningún miembro conocido"}
		}
		e.Notes = fmt.Sprintf(notesManc, strings.Join(sources, ", "))
		if seat != nil {
			e.Town = seat.Town
		}
		w.contact(e)
		e.Address = "Calle de la Mancomunidad, s/n"
		w.setMayor(e, "Presidente", "Presidenta")
		add(e, refdata.Slug(name))
		e.Email = "mancomunidad@" + e.slug + ".es"
		w.byName[name] = e
	}
	return nil
}
