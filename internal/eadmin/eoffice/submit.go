package eoffice

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"concejo/internal/eadmin/registry"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

// Attachment limits of the solicitud general. Citizens may attach PDF
// documents and photographs or scans as JPEG or PNG (a photo of a paper
// document is what most people have at hand); the type is checked by the
// file's first bytes, not by its name or the browser's claim.
const (
	MaxFiles      = 5
	MaxFileBytes  = 10 << 20
	MaxTotalBytes = 15 << 20
	maxSubject    = 120
	maxText       = 4000
)

// requireCitizen returns the identified citizen of the request's sede, or
// sends a GET to the identification page (and refuses anything else).
func (m *Module) requireCitizen(w http.ResponseWriter, r *http.Request) (*sedePage, Site, bool, error) {
	p, s, err := m.publicPage(r, "", "")
	if err != nil {
		return nil, Site{}, false, err
	}
	if p.Citizen == nil {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			http.Redirect(w, r, rootOf(r, p.E)+"/entrar?volver="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return nil, Site{}, false, nil
		}
		return nil, Site{}, false, errs.New(errs.Unauthorized, "Su identificación ha caducado o no se ha identificado. Identifíquese de nuevo y vuelva a presentar el escrito.")
	}
	return p, s, true, nil
}

type formData struct {
	Site       Site
	Procedures []Procedure
	Open       bool
	MaxFiles   int
}

func (m *Module) formPage(r *http.Request, p *sedePage, s Site) error {
	procs, err := m.catalogue(r.Context(), s.E.ID, "")
	if err != nil {
		return err
	}
	var online []Procedure
	for _, x := range procs {
		if x.Online {
			online = append(online, x)
		}
	}
	p.Title = "Solicitud general"
	p.Section = "registro"
	p.Crumbs = []web.Crumb{{Label: "Sede electrónica", Href: homeOf(r, s.E)}, {Label: "Registro electrónico", Href: rootOf(r, s.E) + "/registro"},
		{Label: "Solicitud general"}}
	p.Data = formData{Site: s, Procedures: online, Open: m.reg != nil, MaxFiles: MaxFiles}
	return nil
}

// submitForm shows the solicitud general, with the interesado taken from
// the identification.
func (m *Module) submitForm(w http.ResponseWriter, r *http.Request) error {
	p, s, ok, err := m.requireCitizen(w, r)
	if !ok || err != nil {
		return err
	}
	if err := m.formPage(r, p, s); err != nil {
		return err
	}
	p.Form = map[string]string{"procedimiento": r.URL.Query().Get("procedimiento")}
	if c := r.URL.Query().Get("expediente"); c != "" {
		number, err := m.contribution(r, s.E.ID, p.Citizen.NIF, c)
		if err != nil {
			return errs.ErrNotFound
		}
		p.Form["expediente"], p.Form["asunto"] = c, contributionSubject(number)
		p.Form["solicita"] = "Que se incorporen los documentos que acompaño al expediente " + number + "."
	}
	if did := r.URL.Query().Get("borrador"); did != "" && len(did) < 60 {
		// Back from the check page to correct it: the same answers, documents to choose again.
		if d, _, err := m.loadDraft(r.Context(), m.kit.DB, s.E.ID, p.Citizen.NIF, did); err == nil {
			p.Form = d.values()
		}
	}
	return m.render(w, r, http.StatusOK, "form", p)
}

// submit checks the solicitud general and keeps it as a draft for the
// citizen to review before presenting it.
func (m *Module) submit(w http.ResponseWriter, r *http.Request) error {
	p, s, ok, err := m.requireCitizen(w, r)
	if !ok || err != nil {
		return err
	}
	if m.reg == nil {
		return errs.New(errs.Unavailable, "El registro electrónico no está disponible en este momento. Inténtelo más tarde.")
	}
	if err := web.ParseForm(w, r, MaxTotalBytes+(1<<20)); err != nil {
		if errors.Is(err, errs.ErrTooLarge) {
			return errs.New(errs.TooLarge, "Los documentos superan los 15 MB en total. Reduzca su tamaño y vuelva a intentarlo.")
		}
		return err
	}
	d, docs, err := m.readDraft(r, s)
	if err == nil {
		var id string
		id, err = m.saveDraft(r.Context(), s.E.ID, p.Citizen.NIF, d, docs)
		if err == nil {
			http.Redirect(w, r, rootOf(r, s.E)+"/solicitud/"+id, http.StatusSeeOther)
			return nil
		}
	}
	return m.formAgain(w, r, p, s, err)
}

// formAgain shows the form with its errors (422), or returns err.
func (m *Module) formAgain(w http.ResponseWriter, r *http.Request, p *sedePage, s Site, err error) error {
	fe, isForm := errs.AsFields(err)
	if !isForm {
		return err
	}
	if ferr := m.formPage(r, p, s); ferr != nil {
		return ferr
	}
	p.Errors = fe
	return m.render(w, r, http.StatusUnprocessableEntity, "form", p)
}

// draft is a checked solicitud general awaiting presentation.
type draft struct {
	Email, Phone, Address     string
	Procedure, ProcedureName  string
	Subject, Expone, Solicita string
	// Case and CaseNumber are the citizen's expediente the documents are
	// for ("" for a new solicitud).
	Case, CaseNumber string
}

// readDraft validates the form.
func (m *Module) readDraft(r *http.Request, s Site) (draft, []registry.Attachment, error) {
	var fe errs.Fields
	get := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	limit := func(field, label, v string, max int, required bool) {
		switch {
		case v == "" && required:
			fe.Add(field, label)
		case utf8.RuneCountInString(v) > max:
			fe.Add(field, "No puede tener más de "+strconv.Itoa(max)+" caracteres (tiene "+strconv.Itoa(utf8.RuneCountInString(v))+").")
		}
	}
	d := draft{Subject: get("asunto"), Expone: get("expone"), Solicita: get("solicita"),
		Email: get("email"), Phone: get("telefono"), Address: get("direccion"), Procedure: get("procedimiento"),
		Case: get("expediente")}
	if d.Case != "" {
		c, err := m.citizen(r, s.E.ID)
		if err != nil || c == nil {
			return draft{}, nil, errs.ErrUnauthorized
		}
		number, err := m.contribution(r, s.E.ID, c.NIF, d.Case)
		if fe2, ok := errs.AsFields(err); ok {
			fe = append(fe, fe2...)
		} else if err != nil {
			return draft{}, nil, err
		}
		d.CaseNumber = number
	}
	limit("asunto", "Escriba el asunto de su solicitud.", d.Subject, maxSubject, true)
	limit("expone", "Escriba los hechos y razones en los que basa su solicitud (expone).", d.Expone, maxText, true)
	limit("solicita", "Escriba qué pide a la entidad (solicita).", d.Solicita, maxText, true)
	if d.Email != "" {
		v, err := validate.Email(d.Email)
		fe.Check("email", err)
		d.Email = v
	}
	if d.Phone != "" {
		v, err := validate.Phone(d.Phone)
		fe.Check("telefono", err)
		d.Phone = v
	}
	limit("direccion", "", d.Address, 160, false)
	if d.Procedure != "" {
		proc, ok, err := m.onlineProcedure(r.Context(), s.E.ID, d.Procedure)
		switch {
		case err != nil:
			return draft{}, nil, err
		case !ok:
			fe.Add("procedimiento", "Elija un procedimiento de la lista.")
		default:
			d.ProcedureName = proc.Name
		}
	}
	docs, err := readDocuments(r, &fe)
	if err != nil {
		return draft{}, nil, err
	}
	return d, docs, fe.Err()
}

// entryOf is the registry entry and the submission record of a draft
// presented by c (the entry's number comes later).
func entryOf(d draft, docs []registry.Attachment, s Site, c *Citizen) (registry.NewEntry, Submission) {
	summary := d.Subject
	if d.ProcedureName != "" {
		summary = trunc(d.ProcedureName+": "+d.Subject, 240)
	}
	in := registry.NewEntry{EntityID: s.E.ID, Kind: "entrada", Means: "electronico", Subject: d.Subject, Summary: summary,
		DocType: "TD14", By: "sede", Expone: d.Expone, Solicita: d.Solicita,
		Interested: []registry.Interested{{DocType: "NIF", DocNumber: c.NIF, Name: trunc(c.FullName(), 160),
			Email: d.Email, Phone: d.Phone, Address: d.Address}},
		Documents: docs}
	sub := Submission{EntityID: s.E.ID, ID: id.New(), NIF: c.NIF, Name: c.FullName(), ProcedureCode: d.Procedure,
		Subject: d.Subject, Documents: len(docs)}
	return in, sub
}

// readDocuments reads and checks the attached files.
func readDocuments(r *http.Request, fe *errs.Fields) ([]registry.Attachment, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []registry.Attachment
	total := 0
	files := r.MultipartForm.File["documentos"]
	var named int
	for _, h := range files {
		if h.Filename != "" || h.Size > 0 {
			named++
		}
	}
	if named > MaxFiles {
		fe.Add("documentos", "Puede adjuntar como máximo "+strconv.Itoa(MaxFiles)+" documentos.")
		return nil, nil
	}
	for _, h := range files {
		if h.Filename == "" && h.Size == 0 {
			continue // the empty file input of a form sent without files
		}
		name := strings.TrimSpace(path.Base(strings.ReplaceAll(h.Filename, "\\", "/")))
		if h.Size > MaxFileBytes {
			fe.Add("documentos", "El documento «"+trunc(name, 60)+"» supera los 10 MB.")
			continue
		}
		f, err := h.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
		f.Close()
		if err != nil {
			return nil, err
		}
		if len(data) > MaxFileBytes {
			fe.Add("documentos", "El documento «"+trunc(name, 60)+"» supera los 10 MB.")
			continue
		}
		if len(data) == 0 {
			fe.Add("documentos", "El documento «"+trunc(name, 60)+"» está vacío.")
			continue
		}
		ext, ok := sniff(data)
		if !ok {
			fe.Add("documentos", "El documento «"+trunc(name, 60)+"» no es un PDF, JPG ni PNG. Guárdelo en uno de esos formatos.")
			continue
		}
		base := strings.TrimSuffix(name, path.Ext(name))
		base = strings.Map(func(r rune) rune {
			if strings.ContainsRune("<>%*&:;¿?|\"!¡#/\\", r) || r < 32 {
				return '_'
			}
			return r
		}, base)
		if base == "" || base == "." {
			base = "documento"
		}
		base = trunc(base, 70)
		total += len(data)
		out = append(out, registry.Attachment{Filename: base + "." + ext, ContentType: contentType(ext), Content: data})
	}
	if total > MaxTotalBytes {
		fe.Add("documentos", "Los documentos no pueden superar los 15 MB en total.")
	}
	return out, nil
}

// sniff returns the extension of a PDF, JPEG or PNG by its first bytes.
func sniff(b []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return "pdf", true
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "jpg", true
	case bytes.HasPrefix(b, []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}):
		return "png", true
	}
	return "", false
}

func contentType(ext string) string {
	switch ext {
	case "pdf":
		return "application/pdf"
	case "jpg":
		return "image/jpeg"
	}
	return "image/png"
}

// remapRegistryErrors renames the registry's field names to the form's.
func remapRegistryErrors(err error) error {
	fe, ok := errs.AsFields(err)
	if !ok {
		return err
	}
	names := map[string]string{"subject": "asunto", "summary": "asunto", "expone": "expone", "solicita": "solicita",
		"documentos": "documentos", "interesado_email": "email", "interesado_telefono": "telefono",
		"interesado_direccion": "direccion"}
	out := make(errs.Fields, 0, len(fe))
	for _, e := range fe {
		if n, ok := names[e.Field]; ok {
			e.Field = n
		} else {
			e.Field = "asunto"
		}
		out = append(out, e)
	}
	return out
}

type mineData struct {
	Rows       []Submission
	Total      int
	New        *Submission
	Pagination web.Pagination
}

// mine lists the citizen's own submissions at this entity.
func (m *Module) mine(w http.ResponseWriter, r *http.Request) error {
	p, s, ok, err := m.requireCitizen(w, r)
	if !ok || err != nil {
		return err
	}
	c := p.Citizen
	page, _ := strconv.Atoi(r.URL.Query().Get("pagina"))
	if page < 1 || page > 100000 {
		page = 1
	}
	total, err := countSubmissions(r.Context(), m.kit.DB, s.E.ID, c.NIF)
	if err != nil {
		return err
	}
	rows, err := mySubmissions(r.Context(), m.kit.DB, s.E.ID, c.NIF, 50, (page-1)*50)
	if err != nil {
		return err
	}
	d := mineData{Rows: rows, Total: total, Pagination: web.Paginate(page, total, 50, func(n int) string {
		return rootOf(r, s.E) + "/mis-registros?pagina=" + strconv.Itoa(n)
	})}
	if nuevo := r.URL.Query().Get("nuevo"); nuevo != "" && len(nuevo) < 60 {
		if x, err := mySubmission(r.Context(), m.kit.DB, s.E.ID, c.NIF, nuevo); err == nil {
			d.New = &x
		}
	}
	p.Title = "Mis registros"
	p.Section = "mis"
	p.Crumbs = []web.Crumb{{Label: "Sede electrónica", Href: homeOf(r, s.E)}, {Label: "Mis registros"}}
	p.Data = d
	return m.render(w, r, http.StatusOK, "mine", p)
}

// myReceipt serves the justificante of one of the citizen's submissions;
// anybody else's is a 404.
func (m *Module) myReceipt(w http.ResponseWriter, r *http.Request) error {
	p, s, ok, err := m.requireCitizen(w, r)
	if !ok || err != nil {
		return err
	}
	x, err := mySubmission(r.Context(), m.kit.DB, s.E.ID, p.Citizen.NIF, r.PathValue("id"))
	if err != nil {
		return err
	}
	if m.reg == nil {
		return errs.New(errs.Unavailable, "El registro electrónico no está disponible en este momento. Inténtelo más tarde.")
	}
	pdf, err := m.reg.Receipt(r.Context(), s.E.ID, x.EntryID)
	if err != nil {
		return err
	}
	return web.SendFile(w, web.File{Name: "justificante-" + strings.ReplaceAll(x.EntryNumber, "/", "-") + ".pdf",
		ContentType: "application/pdf", Content: pdf})
}

// auditCitizen is the audit record of a citizen's identification.
func auditCitizen(entityID, action, nif, method, loa string) kit.Change {
	return kit.Change{EntityID: entityID, Action: action, ObjectType: "ciudadano", ObjectID: nif,
		After: map[string]string{"metodo": method, "nivel": loa}}
}
