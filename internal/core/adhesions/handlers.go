package adhesions

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/web"
	"concejo/internal/refdata"
)

var catalogueCrumb = web.Crumb{Label: "Servicios", Href: "/servicios"}
var adhesionsCrumb = web.Crumb{Label: "Adhesiones", Href: "/adhesiones"}

// ---- Catalogue ----

func (m *Module) cataloguePage(w http.ResponseWriter, r *http.Request) error {
	d, err := m.catalogue(r.Context(), kit.Actor(r))
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "adhesions/catalogue", &web.Page{Title: "Catálogo de servicios",
		Crumbs: []web.Crumb{{Label: "Servicios"}}, Data: d})
}

// servicePage builds the service page; after a failed POST, the submitted
// form (form = "condiciones" or "requisitos") overrides the stored values.
func (m *Module) servicePage(r *http.Request, form string) (*web.Page, error) {
	a := kit.Actor(r)
	d, err := m.serviceDetail(r.Context(), a, r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	values := rulesForm(d.Rules)
	values["texto"] = d.Current.Body
	if form == "requisitos" {
		for _, k := range kinds {
			delete(values, "admite_"+k)
			delete(values, "min_"+k)
			delete(values, "max_"+k)
		}
	}
	for k, v := range r.PostForm {
		if len(v) > 0 {
			values[k] = v[0]
		}
	}
	return &web.Page{Title: d.Card.Name, Crumbs: []web.Crumb{catalogueCrumb, {Label: d.Card.Name}}, Data: d, Form: values}, nil
}

func (m *Module) serviceShow(w http.ResponseWriter, r *http.Request) error {
	p, err := m.servicePage(r, "")
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "adhesions/service", p)
}

func (m *Module) publishConditionsPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 1<<20); err != nil {
		return err
	}
	code := r.PathValue("code")
	v, err := m.publishConditions(r.Context(), kit.Actor(r), code, r.PostFormValue("texto"))
	if err != nil {
		return m.serviceFormError(w, r, "condiciones", err)
	}
	return m.kit.Redirect(w, r, "/servicios/"+url.PathEscape(code),
		fmt.Sprintf("Publicada la versión %d de las condiciones de acceso. Las nuevas solicitudes la aceptarán; las adhesiones anteriores conservan la suya.", v))
}

func (m *Module) replaceEligibilityPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	code := r.PathValue("code")
	rules, err := parseRules(func(name string) string { return web.Field(r, name) })
	if err == nil {
		err = m.replaceEligibility(r.Context(), kit.Actor(r), code, rules)
	}
	if err != nil {
		return m.serviceFormError(w, r, "requisitos", err)
	}
	return m.kit.Redirect(w, r, "/servicios/"+url.PathEscape(code),
		"Requisitos actualizados. Pueden adherirse: "+DescribeRules(rules)+".")
}

func (m *Module) serviceFormError(w http.ResponseWriter, r *http.Request, form string, err error) error {
	return m.kit.FormRetry(w, r, "adhesions/service", func(r *http.Request) (*web.Page, error) {
		return m.servicePage(r, form)
	}, err)
}

// ---- Adhesion list ----

// listData is what /adhesiones shows.
type listData struct {
	Filter     Filter
	Query      string
	Rows       []Adhesion
	Total      int
	Services   []Service
	States     []option
	Kinds      []option
	Sorts      []option
	Entities   []auth.EntityRef
	AllScope   bool
	Pagination web.Pagination
	CSVHref    string
	Labels     map[string]string
}

type option struct{ Value, Label string }

var kindOptions = []option{{"ayuntamiento", "Ayuntamiento"}, {"elm", "Entidad local menor"},
	{"mancomunidad", "Mancomunidad"}, {"diputacion", "Diputación"}}

var sortOptions = []option{{"fecha", "Fecha de solicitud (recientes primero)"}, {"numero", "Número"},
	{"entidad", "Entidad"}, {"servicio", "Servicio"}, {"estado", "Estado"}}

func hasOption(opts []option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

func stateOptions() []option {
	out := make([]option, len(stateOrder))
	for i, s := range stateOrder {
		out[i] = option{s, stateLabels[s]}
	}
	return out
}

// parseFilter reads the list filters from the query string, ignoring unknown values.
func parseFilter(q url.Values) (Filter, string) {
	f := Filter{Service: q.Get("servicio"), EntityID: q.Get("entidad")}
	if s := q.Get("estado"); hasOption(stateOptions(), s) {
		f.State = s
	}
	if k := q.Get("tipo"); hasOption(kindOptions, k) {
		f.Kind = k
	}
	if s := q.Get("orden"); hasOption(sortOptions, s) {
		f.Sort = s
	}
	f.Page, _ = strconv.Atoi(q.Get("pagina"))
	f.Page = max(f.Page, 1)
	text := strings.TrimSpace(q.Get("q"))
	if len(text) > 100 {
		text = text[:100]
	}
	f.Text = refdata.Fold(text)
	return f, text
}

func filterQuery(f Filter, text string, page int) url.Values {
	return web.ListValues(map[string]string{"servicio": f.Service, "estado": f.State, "tipo": f.Kind, "q": text,
		"entidad": f.EntityID, "orden": f.Sort}, page)
}

func (m *Module) listPage(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	f, text := parseFilter(r.URL.Query())
	rows, total, all, err := m.list(r.Context(), a, f, PageSize)
	if err != nil {
		return err
	}
	svcs, err := listServices(r.Context(), m.kit.DB)
	if err != nil {
		return err
	}
	d := listData{Filter: f, Query: text, Rows: rows, Total: total, Services: svcs, States: stateOptions(),
		Kinds: kindOptions, Sorts: sortOptions, AllScope: all, Labels: stateLabels}
	if !d.AllScope {
		d.Entities = a.Switchable()
	}
	pages := (total + PageSize - 1) / PageSize
	d.Pagination = web.Pagination{Page: f.Page, Pages: pages}
	if f.Page > 1 {
		d.Pagination.Prev = "/adhesiones?" + filterQuery(f, text, f.Page-1).Encode()
	}
	if f.Page < pages {
		d.Pagination.Next = "/adhesiones?" + filterQuery(f, text, f.Page+1).Encode()
	}
	d.CSVHref = "/adhesiones.csv?" + filterQuery(f, text, 1).Encode()
	return m.kit.Page(w, r, "adhesions/list", &web.Page{Title: "Adhesiones", Crumbs: []web.Crumb{{Label: "Adhesiones"}}, Data: d})
}

func (m *Module) listCSV(w http.ResponseWriter, r *http.Request) error {
	f, _ := parseFilter(r.URL.Query())
	rows, _, _, err := m.list(r.Context(), kit.Actor(r), f, 0)
	if err != nil {
		return err
	}
	cw := web.CSV(w, "adhesiones.csv")
	cw.Write([]string{"Número", "Entidad", "Tipo de entidad", "Servicio", "Cantidad", "Estado", "Solicitada",
		"Firmada", "Firmante", "NIF del firmante", "Resuelta", "Finalizada", "Motivo"})
	for _, ad := range rows {
		reason := ad.DecisionReason
		if ad.EndReason != "" {
			reason = ad.EndReason
		}
		rec := []string{ad.Number, ad.EntityName, ad.EntityKind, ad.ServiceName, quantityText(ad.UnitLabel, ad.Quantity),
			ad.State, web.DateTime(ad.RequestedAt), web.DateTime(ad.SignedAt), ad.SignerName, ad.SignerNIF,
			web.DateTime(ad.DecidedAt), web.DateTime(ad.EndedAt), reason}
		web.CSVRow(cw, rec)
	}
	cw.Flush()
	return cw.Error()
}

// ---- Request ----

// newData is what the request form shows.
type newData struct {
	request
	Who string
}

func (m *Module) newPage(r *http.Request, code string) (*web.Page, error) {
	a := kit.Actor(r)
	if code == "" {
		return nil, errs.New(errs.Invalid, "Elija en el catálogo el servicio al que quiere adherirse.")
	}
	rq, err := m.prepareRequest(r.Context(), m.kit.DB, a, code)
	if err != nil {
		return nil, err
	}
	rules, err := loadRules(r.Context(), m.kit.DB, code)
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Solicitar la adhesión a " + rq.Service.Name,
		Crumbs: []web.Crumb{catalogueCrumb, {Label: rq.Service.Name, Href: "/servicios/" + url.PathEscape(code)}, {Label: "Solicitar la adhesión"}},
		Data:   newData{request: rq, Who: DescribeRules(rules)}}, nil
}

func (m *Module) newForm(w http.ResponseWriter, r *http.Request) error {
	p, err := m.newPage(r, r.URL.Query().Get("servicio"))
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "adhesions/new", p)
}

func (m *Module) create(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	code := web.Field(r, "servicio")
	ad, err := m.requestAdhesion(r.Context(), kit.Actor(r), code, web.Field(r, "cantidad"))
	if err != nil {
		fe, ok := errs.AsFields(err)
		if !ok || fe.For("servicio") != "" {
			return err
		}
		p, perr := m.newPage(r, code)
		if perr != nil {
			return perr
		}
		return m.kit.FormPage(w, r, "adhesions/new", p, err)
	}
	return m.kit.Redirect(w, r, "/adhesiones/"+ad.ID, fmt.Sprintf("Solicitud %s registrada. Descargue el documento, "+
		"fírmelo electrónicamente quien ostente la alcaldía o presidencia y súbalo aquí.", ad.Number))
}

// ---- Adhesion detail and life cycle ----

func (m *Module) detailPage(r *http.Request) (*web.Page, error) {
	d, err := m.detail(r.Context(), kit.Actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Adhesión " + d.A.Number, Crumbs: []web.Crumb{adhesionsCrumb, {Label: d.A.Number}}, Data: d}, nil
}

func (m *Module) show(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "adhesions/adhesion", m.detailPage)
}

// afterStep redirects to the adhesion after a step, or re-renders its page
// with the form errors.
func (m *Module) afterStep(w http.ResponseWriter, r *http.Request, err error, flash string) error {
	return m.kit.AfterPost(w, r, err, "/adhesiones/"+r.PathValue("id"), flash, "adhesions/adhesion", m.detailPage)
}

func (m *Module) uploadPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, MaxUpload+(64<<10)); err != nil {
		if errors.Is(err, errs.ErrTooLarge) {
			return errTooBig
		}
		return err
	}
	data, err := readUpload(r, "documento")
	if err != nil {
		if _, ok := errs.AsFields(err); ok {
			// Tenancy and permission first: a foreign adhesion stays a 404.
			a := kit.Actor(r)
			ad, gerr := m.get(r.Context(), a, r.PathValue("id"))
			if gerr != nil {
				return gerr
			}
			if cerr := m.check(r.Context(), a, stepUpload, ad); cerr != nil {
				return cerr
			}
		}
		return m.afterStep(w, r, err, "")
	}
	ver, detail, err := m.uploadSigned(r.Context(), kit.Actor(r), r.PathValue("id"), data)
	flash := "Documento firmado incorporado: " + firstLine(detail) + " La Diputación revisará la adhesión."
	if !ver.Valid() {
		flash = "Documento firmado incorporado, pero su firma no se ha podido validar: " + firstLine(detail) +
			" La Diputación no podrá aprobar la adhesión con esta firma."
	}
	return m.afterStep(w, r, err, flash)
}

// readUpload returns the bytes of the uploaded file field.
func readUpload(r *http.Request, field string) ([]byte, error) {
	f, hdr, err := r.FormFile(field)
	if err != nil {
		var fe errs.Fields
		fe.Add(field, "Seleccione el documento de la solicitud firmado electrónicamente (PDF).")
		return nil, fe
	}
	defer f.Close()
	if hdr.Size > MaxUpload {
		return nil, errTooBig
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxUpload+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxUpload {
		return nil, errTooBig
	}
	return data, nil
}

func (m *Module) approvePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	ad, err := m.approve(r.Context(), kit.Actor(r), r.PathValue("id"))
	return m.afterStep(w, r, err, fmt.Sprintf("Adhesión %s aprobada: %s ya puede usar %s.", ad.Number, phrase.The(ad.EntityName), ad.ServiceName))
}

func (m *Module) rejectPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	ad, err := m.reject(r.Context(), kit.Actor(r), r.PathValue("id"), web.Field(r, "motivo_rechazo"))
	return m.afterStep(w, r, err, fmt.Sprintf("Solicitud %s rechazada.", ad.Number))
}

func (m *Module) finishPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	ad, err := m.finish(r.Context(), kit.Actor(r), r.PathValue("id"), web.Field(r, "motivo_fin"))
	return m.afterStep(w, r, err, fmt.Sprintf("Adhesión %s finalizada: %s deja de tener el servicio %s.", ad.Number, phrase.The(ad.EntityName), ad.ServiceName))
}

func (m *Module) annulPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	ad, err := m.annul(r.Context(), kit.Actor(r), r.PathValue("id"), web.Field(r, "motivo_anulacion"))
	return m.afterStep(w, r, err, fmt.Sprintf("Solicitud %s anulada.", ad.Number))
}

func (m *Module) downloadGenerated(w http.ResponseWriter, r *http.Request) error {
	return m.download(w, r, "generado")
}

func (m *Module) downloadSigned(w http.ResponseWriter, r *http.Request) error {
	return m.download(w, r, "firmado")
}

func (m *Module) download(w http.ResponseWriter, r *http.Request, kind string) error {
	doc, err := m.documentOf(r.Context(), kit.Actor(r), r.PathValue("id"), kind)
	if err != nil {
		return err
	}
	return web.SendFile(w, web.File{Name: doc.Filename, ContentType: "application/pdf", Content: doc.Content})
}
