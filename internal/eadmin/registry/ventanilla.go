package registry

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/dir3"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/digitise"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

// The ventanilla única (art. 16.4 Ley 39/2015, the role of GEISER/ORVE):
// a citizen hands the town's registry office a paper submission addressed
// to any administration. The clerk digitises each paper document, the
// register makes its copia auténtica (the scans with the CSV on every page
// and the clerk's diligencia, sealed with the entity's seal, verifiable at
// /verificar), registers an entrada addressed to the destination unit's
// registry office in SIR, and sends it at once as a SICRES 3.0
// interchange. Its state (sent, delivered, confirmed, returned with the
// reason) is the interchange's.

// maxPaperDocs is how many paper documents one submission carries (the
// copies are annexes: SIR takes five).
const maxPaperDocs = 3

// paperDoc is a paper document presented: its title and its scans.
type paperDoc struct {
	Title string
	Pages []digitise.Upload
}

// submission is a paper submission for another administration.
type submission struct {
	UnitCode         string
	Person           Interested
	Subject, Summary string
	Expone, Solicita string
	PhysicalDocs     string // "3" digitised only (the paper goes back), "2" also sent on paper
	Docs             []paperDoc
	fieldErrs        errs.Fields
}

// destination is the unit a submission is addressed to and the registry
// office integrated in SIR that receives for it.
type destination struct {
	Unit   dir3.Unit
	Office dir3.Office
}

// destinationOf checks that unitCode is a valid unit of the directory
// with a registry office in SIR.
func (m *Module) destinationOf(ctx context.Context, unitCode string) (destination, error) {
	if m.Directory == nil {
		return destination{}, fieldError("destino", "El directorio DIR3 no está disponible en esta instalación.")
	}
	if strings.TrimSpace(unitCode) == "" {
		return destination{}, fieldError("destino", "Busque y elija la unidad de destino en el directorio DIR3.")
	}
	u, err := m.Directory.Unit(ctx, unitCode)
	if errors.Is(err, errs.NotFound) {
		return destination{}, fieldError("destino", "La unidad "+unitCode+" no está en el directorio DIR3.")
	}
	if err != nil {
		return destination{}, err
	}
	if !u.Valid() {
		return destination{}, fieldError("destino", "La unidad "+u.Name+" ("+u.Code+") ya no está vigente en el directorio DIR3: elija la que la sustituye.")
	}
	o, err := m.Directory.SIROffice(ctx, u.Code)
	if errors.Is(err, errs.NotFound) {
		return destination{}, fieldError("destino", "Ni "+u.Name+" ("+u.Code+") ni sus unidades superiores tienen una oficina de registro "+
			"integrada en SIR: no se le puede enviar por SIR. Remita la documentación por correo postal.")
	}
	return destination{Unit: u, Office: o}, err
}

// submitVentanilla registers a paper submission for another
// administration with the copias auténticas of its documents and sends it
// through SIR. It returns the asiento and the interchange ("" when the
// asiento is registered but could not be sent; sendErr says why).
func (m *Module) submitVentanilla(ctx context.Context, a *auth.Actor, s submission) (e Entry, iid string, sendErr error, err error) {
	fe := s.fieldErrs
	dest, derr := m.destinationOf(ctx, s.UnitCode)
	if f, ok := errs.AsFields(derr); ok {
		fe = append(fe, f...)
	} else if derr != nil {
		return e, "", nil, derr
	}
	p := &s.Person
	if p.BusinessName == "" && (p.GivenName == "" || p.Surname1 == "") {
		if p.GivenName == "" {
			fe.Add("interesado_nombre_propio", "Escriba el nombre del interesado (o, si es una empresa o asociación, su razón social).")
		}
		if p.Surname1 == "" {
			fe.Add("interesado_apellido1", "Escriba el primer apellido del interesado: SIR lo exige para las personas físicas.")
		}
	}
	if r := p.Representative; r != nil && r.BusinessName == "" && (r.GivenName == "" || r.Surname1 == "") {
		fe.Add("representante_nombre_propio", "Escriba el nombre y el primer apellido del representante, o su razón social.")
	}
	switch p.Channel {
	case "01":
		if p.Address == "" || p.PostCode == "" {
			fe.Add("interesado_direccion", "Para comunicarse por correo postal hacen falta la dirección y el código postal.")
		}
	case "02":
		if p.DEH == "" {
			fe.Add("interesado_deh", "Escriba la dirección electrónica habilitada, o elija otro canal.")
		}
	}
	if s.PhysicalDocs != "2" && s.PhysicalDocs != "3" {
		fe.Add("documentacion", "Indique si el original en papel se devuelve al interesado o se remite también.")
	}
	if len(s.Docs) == 0 {
		fe.Add("documento1_ficheros", "Digitalice al menos un documento: el escrito presentado.")
	}
	for i, d := range s.Docs {
		if strings.TrimSpace(d.Title) == "" {
			fe.Add(docField(i, "titulo"), "Escriba qué es el documento "+strconv.Itoa(i+1)+", por ejemplo «Solicitud de ayuda».")
		}
		textLimit(&fe, docField(i, "titulo"), "El título del documento", d.Title, 60, false)
	}
	if err := fe.Err(); err != nil {
		return e, "", nil, err
	}
	ent, err := directory.EntityByID(ctx, m.kit.DB, a.Entity.ID)
	if err != nil {
		return e, "", nil, err
	}
	office, officeName := m.office(ctx, ent)
	post := "Personal de la oficina de asistencia en materia de registros"
	if mem, err := directory.MemberOf(ctx, m.kit.DB, ent.ID, a.UserID); err == nil && mem.JobTitle != "" {
		post = mem.JobTitle
	}
	now := m.now()
	who := web.Join(" ", p.Name, p.DocNumber)
	if p.Name == "" {
		who = web.Join(" ", p.BusinessName, p.GivenName, p.Surname1, p.Surname2, p.DocNumber)
	}
	type copyDoc struct {
		csv, title string
		content    []byte
	}
	var copies []copyDoc
	in := NewEntry{Kind: "entrada", Means: "presencial", Subject: s.Subject, Summary: s.Summary, DocType: "TD14",
		Interested: []Interested{s.Person}, DestDIR3: dest.Office.Code, DestName: optional(dest.Office.Name, 80),
		Expone: s.Expone, Solicita: s.Solicita,
		EntryDetails: EntryDetails{DestUnitDIR3: dest.Unit.Code, DestUnitName: optional(dest.Unit.Name, 80), PhysicalDocs: s.PhysicalDocs}}
	for i, d := range s.Docs {
		code := csvdoc.NewCode()
		copy, err := digitise.AuthenticCopy(d.Pages, digitise.Attestation{Clerk: a.Name, Post: post,
			Office: officeName + " (" + office + ")", Entity: ent.Name, Interested: who, PresentedAt: now, DigitisedAt: m.now(),
			CSV: code, VerifyURL: csvdoc.URL(m.kit.Config.Public(), code)})
		if err != nil {
			if k := errs.KindOf(err); k == errs.Invalid || k == errs.TooLarge {
				fe.Add(docField(i, "ficheros"), "Documento "+strconv.Itoa(i+1)+": "+err.Error())
				continue
			}
			return e, "", nil, err
		}
		if copy, err = m.kit.SealPDF(ctx, m.kit.DB, ent.ID, copy); err != nil {
			return e, "", nil, err
		}
		name := fileName(d.Title) + ".pdf"
		copies = append(copies, copyDoc{csv: code, title: d.Title, content: copy})
		in.Documents = append(in.Documents, Attachment{Filename: name, Content: copy,
			DocumentMeta: DocumentMeta{Validity: "02", Kind: "02", Notes: optional("Copia auténtica CSV "+code, 50)}})
	}
	if err := fe.Err(); err != nil {
		return e, "", nil, err
	}
	in.inTx = func(tx *sql.Tx, row *entryRow) error {
		for _, c := range copies {
			if err := csvdoc.Issue(ctx, tx, csvdoc.Document{CSV: c.csv, EntityID: ent.ID, Kind: "copia_autentica",
				Title:      "Copia auténtica de «" + c.title + "», presentado en papel con el asiento " + row.Number,
				ObjectType: "asiento", ObjectID: row.ID, Filename: fileName(c.title) + ".pdf", Content: c.content,
				IssuedAt: row.RegisteredAt, IssuedBy: a.UserID}); err != nil {
				return err
			}
		}
		return nil
	}
	if e, err = m.registerByClerk(ctx, a, in); err != nil {
		return e, "", nil, err
	}
	iid, sendErr = m.sendSIR(ctx, a, e.ID)
	return e, iid, sendErr, nil
}

// docField names the form field of paper document i.
func docField(i int, name string) string { return "documento" + strconv.Itoa(i+1) + "_" + name }

// fileName is a document title as a file name SICRES admits.
func fileName(title string) string {
	out := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>%*&:;¿?/\|"!¡#•.`, r) || r < ' ' {
			return '-'
		}
		return r
	}, strings.TrimSpace(title))
	if out == "" {
		out = "documento"
	}
	if r := []rune(out); len(r) > 60 {
		out = string(r[:60])
	}
	return out
}

// ventanillaSent lists the entity's submissions for other
// administrations sent through SIR (interchanges of entradas), newest
// first.
func ventanillaSent(ctx context.Context, q db.Queryer, entityID string) ([]interchange, error) {
	rows, err := db.Collect(ctx, q, scanInterchange, `SELECT `+interchangeColumns+` FROM registry_interchanges
		WHERE entity_id = $1 AND direction = 'enviado' AND entry_id IN (SELECT id FROM registry_entries
		WHERE entity_id = $1 AND book = 'E') ORDER BY created_at DESC LIMIT 100`, entityID)
	if err != nil {
		return nil, fmt.Errorf("registro: leer los envíos de la ventanilla de %s: %w", entityID, err)
	}
	return rows, nil
}
