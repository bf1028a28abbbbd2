package registry

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/sheet"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

const pageSize = 50

var crumbRegistro = web.Crumb{Label: "Registro", Href: "/registro"}

// option is a value and its label for selects.
type option struct{ Value, Label string }

var (
	bookOptions  = []option{{"", "Entradas y salidas"}, {"E", "Entradas"}, {"S", "Salidas"}}
	stateOptions = []option{{"", "Todos"}, {"vigente", "Vigentes"}, {"anulado", "Anulados"},
		{"pendiente", "Pendientes de aceptar en una unidad"}, {"sin_distribuir", "Sin distribuir o rechazados"}}
	sortOptions = []option{{"", "Más recientes primero"}, {"antiguo", "Más antiguos primero"}}
)

// filterFrom reads the list filters of a request; bad dates are ignored
// and reported.
func filterFrom(r *http.Request) (Filter, map[string]string, []string) {
	q := r.URL.Query()
	v := map[string]string{}
	for _, k := range []string{"libro", "desde", "hasta", "q", "unidad", "estado", "orden"} {
		v[k] = strings.TrimSpace(q.Get(k))
	}
	f := Filter{Query: v["q"], UnitID: v["unidad"]}
	var warnings []string
	switch v["libro"] {
	case "E", "S":
		f.Book = v["libro"]
	default:
		v["libro"] = ""
	}
	for _, o := range stateOptions {
		if o.Value == v["estado"] {
			f.State = o.Value
		}
	}
	if v["orden"] == "antiguo" {
		f.Sort = "antiguo"
	} else {
		v["orden"] = ""
	}
	if s := v["desde"]; s != "" {
		if t, ok := web.ParseDay(s, web.Madrid); ok {
			f.From = t
		} else {
			warnings = append(warnings, "La fecha «desde» no es válida (escríbala como día/mes/año, por ejemplo 27/11/2026); no se ha aplicado.")
		}
	}
	if s := v["hasta"]; s != "" {
		if t, ok := web.ParseDay(s, web.Madrid); ok {
			f.To = t.AddDate(0, 0, 1)
		} else {
			warnings = append(warnings, "La fecha «hasta» no es válida (escríbala como día/mes/año, por ejemplo 27/11/2026); no se ha aplicado.")
		}
	}
	if len(f.Query) > 200 {
		f.Query = f.Query[:200]
	}
	f.Page, _ = strconv.Atoi(q.Get("pagina"))
	if f.Page < 1 || f.Page > 100000 {
		f.Page = 1
	}
	return f, v, warnings
}

type listData struct {
	Rows       []listRow
	Total      int
	Filter     map[string]string
	Filtered   bool
	Warnings   []string
	Units      []unit
	Books      []option
	States     []option
	Sorts      []option
	Pagination web.Pagination
	ExportHref string
	CanWrite   bool
	CanConfig  bool
	ReadAll    bool
}

func (m *Module) listPage(w http.ResponseWriter, r *http.Request) error {
	ctx, a := r.Context(), kit.Actor(r)
	x, err := m.reachOf(ctx, a)
	if err != nil {
		return err
	}
	canWrite, err := m.kit.Access.CanHere(ctx, a, PermWrite)
	if err != nil {
		return err
	}
	canConfig, err := m.kit.Access.CanHere(ctx, a, PermConfigure)
	if err != nil {
		return err
	}
	f, v, warnings := filterFrom(r)
	rows, total, err := m.listEntries(ctx, x, f, pageSize)
	if err != nil {
		return err
	}
	units, err := unitsOf(ctx, m.kit.DB, x.entityID, false)
	if err != nil {
		return err
	}
	filtered := false
	for k, s := range v {
		if s != "" && k != "orden" {
			filtered = true
		}
	}
	d := &listData{Rows: rows, Total: total, Filter: v, Filtered: filtered, Warnings: warnings, Units: units,
		Books: bookOptions, States: stateOptions, Sorts: sortOptions, CanWrite: canWrite, CanConfig: canConfig,
		ReadAll: x.whole}
	d.Pagination = web.Paginate(f.Page, total, pageSize, func(p int) string { return "/registro" + web.ListQuery(v, p) })
	ev := web.ListValues(v, 1)
	ev.Set("formato", "csv")
	d.ExportHref = "/registro/exportar?" + ev.Encode()
	return m.kit.Page(w, r, "registry/list", &web.Page{Title: "Registro de entrada y salida", Data: d})
}

// exportList downloads the asientos that match the filters (the whole
// book when none), oldest first: CSV, ODS or XLSX, streamed as they are read.
func (m *Module) exportList(w http.ResponseWriter, r *http.Request) error {
	x, err := m.reachOf(r.Context(), kit.Actor(r))
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("formato")
	if format == "" {
		format = "csv"
	}
	f, _, _ := filterFrom(r)
	t := sheet.Table{Name: "Libro de registro", Header: []string{"Número", "Libro", "Fecha y hora", "Medio",
		"Procedencia", "Interesado", "Origen", "Destino", "Asunto", "Resumen", "Tipo de documento", "Unidad",
		"Pendiente en", "Anulado", "CSV del justificante"}}
	t.Each = func(row func([]any) error) error {
		return m.eachEntry(r.Context(), x, f, func(e listRow) error {
			book := "Entrada"
			if e.Book == "S" {
				book = "Salida"
			}
			anul := "No"
			if e.Cancelled {
				anul = "Sí"
			}
			return row([]any{e.Number, book, e.RegisteredAt.In(web.Madrid).Format("02/01/2006 15:04:05"),
				MeansName(e.Means), sourceName(e.Source), e.FirstParty, strings.TrimSpace(e.OriginName + " " + e.OriginDIR3),
				strings.TrimSpace(e.DestName + " " + e.DestDIR3), e.Subject, e.Summary, DocTypeName(e.DocType), e.UnitName,
				e.Pending, anul, e.ReceiptCSV})
		})
	}
	return sheet.Write(w, format, "registro", t)
}

func sourceName(s string) string {
	switch s {
	case "sede":
		return "Sede electrónica"
	case "sir":
		return "SIR (otra administración)"
	}
	return "Oficina de registro"
}

type formData struct {
	Searched string // document looked up in terceros
	Found    bool
	Units    []unit
	DocTypes []struct{ Code, Name string }
	IDTypes  []string
	MaxDocs  int
}

// formPage is the new-asiento form of the actor's current entity.
func (m *Module) formPage(r *http.Request, form map[string]string) (*web.Page, error) {
	units, err := unitsOf(r.Context(), m.kit.DB, kit.Actor(r).Entity.ID, true)
	if err != nil {
		return nil, err
	}
	if form == nil {
		form = map[string]string{"kind": "entrada", "means": "presencial", "doc_type": "TD14", "interesado_tipo_documento": "NIF"}
	}
	return &web.Page{Title: "Anotar un asiento", Crumbs: []web.Crumb{crumbRegistro}, Form: form,
		Data: &formData{Units: units, DocTypes: DocTypes, IDTypes: idDocTypes, MaxDocs: MaxDocuments}}, nil
}

func (m *Module) newForm(w http.ResponseWriter, r *http.Request) error {
	var form map[string]string
	data := &formData{}
	// Look the interesado up in the entity's terceros by document.
	if doc := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("buscar_documento"))); doc != "" && len(doc) <= 20 {
		data.Searched = doc
		if n, err := validate.NIF(doc); err == nil {
			doc = n
		}
		t, err := partyByDocument(r.Context(), m.kit.DB, kit.Actor(r).Entity.ID, doc)
		switch {
		case err == nil:
			data.Found = true
			form = map[string]string{"kind": "entrada", "means": "presencial", "doc_type": "TD14",
				"interesado_tipo_documento": t.DocType, "interesado_documento": t.DocNumber, "interesado_nombre": t.Name,
				"interesado_clase": map[bool]string{true: "juridica", false: "fisica"}[t.BusinessName != ""],
				"interesado_email": t.Email, "interesado_telefono": t.Phone, "interesado_direccion": t.Address}
		case !errors.Is(err, db.ErrNotFound):
			return err
		}
	}
	p, err := m.formPage(r, form)
	if err != nil {
		return err
	}
	p.Data.(*formData).Searched, p.Data.(*formData).Found = data.Searched, data.Found
	return m.kit.Page(w, r, "registry/new", p)
}

// formFields are the text fields of the new-asiento form.
var formFields = []string{"kind", "means", "subject", "summary", "doc_type", "unit", "origin_dir3", "origin_name",
	"dest_dir3", "dest_name", "external_ref", "expone", "solicita", "interesado_tipo_documento", "interesado_documento",
	"interesado_nombre", "interesado_clase", "interesado_email", "interesado_telefono", "interesado_direccion"}

func (m *Module) createPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, MaxTotalBytes+(1<<20)); err != nil {
		return err
	}
	form := map[string]string{}
	for _, k := range formFields {
		form[k] = web.Field(r, k)
	}
	in := NewEntry{Kind: form["kind"], Means: form["means"], Subject: form["subject"], Summary: form["summary"],
		DocType: form["doc_type"], UnitID: form["unit"], OriginDIR3: form["origin_dir3"], OriginName: form["origin_name"],
		DestDIR3: form["dest_dir3"], DestName: form["dest_name"], ExternalRef: form["external_ref"],
		Expone: form["expone"], Solicita: form["solicita"]}
	if form["interesado_nombre"] != "" || form["interesado_documento"] != "" {
		in.Interested = []Interested{{DocType: form["interesado_tipo_documento"], DocNumber: form["interesado_documento"],
			Name: form["interesado_nombre"], Email: form["interesado_email"], Phone: form["interesado_telefono"],
			Address: form["interesado_direccion"]}}
		if form["interesado_clase"] == "juridica" {
			// An organisation: SICRES sends it by its razón social.
			in.Interested[0].BusinessName = form["interesado_nombre"]
		}
	}
	files, err := web.FormFiles(r, "documentos", MaxDocumentBytes)
	if err != nil {
		return err
	}
	for _, f := range files {
		in.Documents = append(in.Documents, Attachment{Filename: f.Name, Content: f.Content})
	}
	e, err := m.registerByClerk(r.Context(), kit.Actor(r), in)
	if err != nil {
		if _, ok := errs.AsFields(err); ok {
			p, perr := m.formPage(r, form)
			if perr != nil {
				return perr
			}
			return m.kit.FormPage(w, r, "registry/new", p, err)
		}
		return err
	}
	return m.kit.Redirect(w, r, "/registro/asientos/"+e.ID, "Asiento "+e.Number+" anotado el "+
		e.RegisteredAt.In(web.Madrid).Format("02/01/2006 a las 15:04:05")+". Ya puede descargar el justificante.")
}

type showData struct {
	E            entryRow
	People       []Interested
	Docs         []storedDoc
	Notes        []annotation
	Steps        []step
	Exchanges    []interchange
	Cancelled    bool
	Units        []unit
	CanWrite     bool
	CanDistrib   bool
	Pending      *step
	CanDecide    bool
	AnnotKinds   []option
	KindLabel    string
	VerifyURL    string
	CanExportSIR bool
	// Stale warns of destinations the DIR3 directory no longer has valid.
	Stale []string
}

func (m *Module) showPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "registry/entry", m.entryPage)
}

func (m *Module) entryPage(r *http.Request) (*web.Page, error) {
	ctx, a := r.Context(), kit.Actor(r)
	e, err := m.entryFor(ctx, a, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	canWrite, err := m.kit.Access.CanHere(ctx, a, PermWrite)
	if err != nil {
		return nil, err
	}
	d := &showData{E: e, CanWrite: canWrite, KindLabel: "Entrada",
		AnnotKinds: []option{{"correccion", "Corrección"}, {"nota", "Nota"}, {"anulacion", "Anulación"}}}
	if e.Book == "S" {
		d.KindLabel = "Salida"
	}
	if d.People, err = interestedOf(ctx, m.kit.DB, e.EntityID, e.ID); err != nil {
		return nil, err
	}
	if d.Docs, err = documentsOf(ctx, m.kit.DB, e.EntityID, e.ID); err != nil {
		return nil, err
	}
	if err := m.describeSignatures(ctx, e.EntityID, e.ID, d.Docs); err != nil {
		return nil, err
	}
	if d.Notes, err = annotationsOf(ctx, m.kit.DB, e.EntityID, e.ID); err != nil {
		return nil, err
	}
	for _, n := range d.Notes {
		d.Cancelled = d.Cancelled || n.Kind == "anulacion"
	}
	if d.Steps, err = stepsOf(ctx, m.kit.DB, e.EntityID, e.ID); err != nil {
		return nil, err
	}
	if d.Exchanges, err = interchangesOfEntry(ctx, m.kit.DB, e.EntityID, e.ID); err != nil {
		return nil, err
	}
	if d.Units, err = unitsOf(ctx, m.kit.DB, e.EntityID, true); err != nil {
		return nil, err
	}
	d.CanDistrib = canWrite && !d.Cancelled
	if n := len(d.Steps); n > 0 {
		last := d.Steps[n-1]
		if last.State == "pendiente" {
			d.Pending = &last
			if d.CanDecide, err = m.canDecide(ctx, m.kit.DB, a, last.UnitID); err != nil {
				return nil, err
			}
			d.CanDistrib = false
		}
		if last.State == "aceptada" {
			d.CanDistrib = false
		}
	}
	d.CanExportSIR = canWrite
	if d.CanExportSIR && e.DestDIR3 != "" {
		d.Stale = m.staleDestination(ctx, e)
	}
	title := d.KindLabel + " " + e.Number
	return &web.Page{Title: title, Crumbs: []web.Crumb{crumbRegistro}, Data: d, Form: map[string]string{}}, nil
}

func (m *Module) receiptPDF(w http.ResponseWriter, r *http.Request) error {
	e, err := m.entryFor(r.Context(), kit.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	content, err := m.Receipt(r.Context(), e.EntityID, e.ID)
	if err != nil {
		return err
	}
	return web.SendFile(w, web.File{Name: "justificante-" + strings.ReplaceAll(e.Number, "/", "-") + ".pdf", ContentType: "application/pdf", Content: content})
}

func (m *Module) documentDownload(w http.ResponseWriter, r *http.Request) error {
	e, err := m.entryFor(r.Context(), kit.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	pos, err := strconv.Atoi(r.PathValue("pos"))
	if err != nil {
		return errs.ErrNotFound
	}
	d, err := documentContent(r.Context(), m.kit.DB, e.EntityID, e.ID, pos)
	if err != nil {
		return err
	}
	return web.SendFile(w, web.File{Name: d.Filename, ContentType: d.ContentType, Content: d.Content})
}

func (m *Module) annotatePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	err := m.annotate(r.Context(), kit.Actor(r), r.PathValue("id"), web.Field(r, "tipo"), web.Field(r, "texto"))
	return m.kit.AfterPost(w, r, err, "/registro/asientos/"+r.PathValue("id"), "Anotación añadida al asiento.",
		"registry/entry", m.entryPageWithForm("tipo", "texto"))
}

// entryPageWithForm re-renders the asiento page keeping the posted fields.
func (m *Module) entryPageWithForm(fields ...string) kit.PageFunc {
	return func(r *http.Request) (*web.Page, error) {
		p, err := m.entryPage(r)
		if err != nil {
			return nil, err
		}
		for _, f := range fields {
			p.Form[f] = web.Field(r, f)
		}
		return p, nil
	}
}

func (m *Module) distributePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	err := m.distribute(r.Context(), kit.Actor(r), r.PathValue("id"), web.Field(r, "unidad"))
	return m.kit.AfterPost(w, r, err, "/registro/asientos/"+r.PathValue("id"), "Asiento enviado a la unidad.",
		"registry/entry", m.entryPageWithForm("unidad"))
}

func (m *Module) decidePost(action string) func(http.ResponseWriter, *http.Request) error {
	flash := map[string]string{"aceptar": "Asiento aceptado por la unidad.",
		"rechazar": "Asiento rechazado: vuelve a la oficina de registro para su redistribución.",
		"reenviar": "Asiento reenviado a la otra unidad."}[action]
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := web.ParseForm(w, r, web.MaxForm); err != nil {
			return err
		}
		err := m.decide(r.Context(), kit.Actor(r), r.PathValue("id"), action, web.Field(r, "motivo"), web.Field(r, "unidad"))
		return m.kit.AfterPost(w, r, err, "/registro/asientos/"+r.PathValue("id"), flash,
			"registry/entry", m.entryPageWithForm("motivo", "unidad"))
	}
}
