package registry

import (
	"net/http"
	"strings"

	"concejo/internal/eadmin/dir3"
	"concejo/internal/platform/digitise"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

var crumbVentanilla = web.Crumb{Label: "Ventanilla única", Href: "/registro/ventanilla"}

// maxScans bounds the scans uploaded with one submission.
const maxScans = 3 * MaxTotalBytes

type ventanillaListData struct {
	Rows []interchange
}

func (m *Module) ventanillaPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "registry/ventanilla", func(r *http.Request) (*web.Page, error) {
		rows, err := ventanillaSent(r.Context(), m.kit.DB, kit.Actor(r).Entity.ID)
		if err != nil {
			return nil, err
		}
		return &web.Page{Title: "Ventanilla única", Crumbs: []web.Crumb{crumbRegistro}, Data: &ventanillaListData{Rows: rows}}, nil
	})
}

// unitChoice is a unit offered as destination, with its SIR office.
type unitChoice struct {
	dir3.Unit
	Office string
}

type ventanillaFormData struct {
	Query    string
	Results  []unitChoice
	Searched bool
	Chosen   *unitChoice
	IDTypes  []string
	Channels []struct{ Value, Label string }
	Docs     []int
}

// ventanillaForm is the submission form: the destination search (a GET
// form, so it works without JavaScript) and the data of the submission.
func (m *Module) ventanillaForm(r *http.Request, form map[string]string) (*web.Page, error) {
	ctx := r.Context()
	d := &ventanillaFormData{IDTypes: idDocTypes[:5], Docs: []int{1, 2, 3},
		Channels: []struct{ Value, Label string }{{"01", "Correo postal"}, {"02", "Dirección electrónica habilitada"},
			{"03", "Comparecencia en la sede electrónica"}}}
	if form == nil {
		form = map[string]string{"interesado_tipo_documento": "NIF", "documentacion": "3", "interesado_pais": "724"}
	}
	d.Query = strings.TrimSpace(r.URL.Query().Get("q"))
	if code := web.Field(r, "destino"); code != "" {
		form["destino"] = code
	}
	if m.Directory != nil {
		if d.Query != "" {
			d.Searched = true
			units, err := m.Directory.Search(ctx, d.Query, dir3.SearchOptions{Limit: 15})
			if err != nil {
				return nil, err
			}
			for _, u := range units {
				c := unitChoice{Unit: u}
				if o, err := m.Directory.SIROffice(ctx, u.Code); err == nil {
					c.Office = o.Name + " (" + o.Code + ")"
				}
				d.Results = append(d.Results, c)
			}
		}
		if code := form["destino"]; code != "" {
			if u, err := m.Directory.Unit(ctx, code); err == nil {
				c := unitChoice{Unit: u}
				if o, err := m.Directory.SIROffice(ctx, u.Code); err == nil {
					c.Office = o.Name + " (" + o.Code + ")"
				}
				d.Chosen = &c
			}
		}
	}
	return &web.Page{Title: "Registrar un escrito para otra administración", Crumbs: []web.Crumb{crumbRegistro, crumbVentanilla},
		Form: form, Data: d}, nil
}

func (m *Module) ventanillaNew(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "registry/ventanilla_new", func(r *http.Request) (*web.Page, error) { return m.ventanillaForm(r, nil) })
}

// ventanillaFields are the text fields of the submission form.
var ventanillaFields = []string{"destino", "subject", "summary", "expone", "solicita", "documentacion",
	"interesado_tipo_documento", "interesado_documento", "interesado_nombre_propio", "interesado_apellido1",
	"interesado_apellido2", "interesado_razon_social", "interesado_direccion", "interesado_codigo_postal",
	"interesado_pais", "interesado_email", "interesado_telefono", "interesado_deh", "interesado_canal",
	"representante_tipo_documento", "representante_documento", "representante_nombre_propio", "representante_apellido1",
	"representante_apellido2", "representante_razon_social",
	"documento1_titulo", "documento2_titulo", "documento3_titulo"}

func (m *Module) ventanillaPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, maxScans+(1<<20)); err != nil {
		return err
	}
	form := map[string]string{}
	for _, k := range ventanillaFields {
		form[k] = web.Field(r, k)
	}
	person := func(role string) Interested {
		f := func(name string) string { return form[role+"_"+name] }
		p := Interested{DocType: f("tipo_documento"), DocNumber: f("documento"), Address: f("direccion"),
			Email: f("email"), Phone: f("telefono"), PersonParts: PersonParts{GivenName: f("nombre_propio"),
				Surname1: f("apellido1"), Surname2: f("apellido2"), BusinessName: f("razon_social"), PostCode: f("codigo_postal"),
				Country: f("pais"), DEH: f("deh"), Channel: f("canal")}}
		if p.Address == "" && p.PostCode == "" {
			p.Country = ""
		}
		return p
	}
	s := submission{UnitCode: strings.ToUpper(form["destino"]), Person: person("interesado"), Subject: form["subject"],
		Summary: form["summary"], Expone: form["expone"], Solicita: form["solicita"], PhysicalDocs: form["documentacion"]}
	if rep := person("representante"); rep.DocNumber != "" || rep.GivenName != "" || rep.BusinessName != "" || rep.Surname1 != "" {
		s.Person.Representative = &rep
	}
	for i := range maxPaperDocs {
		files, err := web.FormFiles(r, docField(i, "ficheros"), MaxTotalBytes)
		if err != nil {
			return err
		}
		pages := make([]digitise.Upload, len(files))
		for j, f := range files {
			pages[j] = digitise.Upload(f)
		}
		title := form[docField(i, "titulo")]
		if len(pages) == 0 {
			if title != "" {
				s.fieldErrs.Add(docField(i, "ficheros"), "Añada las páginas digitalizadas del documento «"+title+"».")
			}
			continue
		}
		s.Docs = append(s.Docs, paperDoc{Title: title, Pages: pages})
	}
	e, iid, sendErr, err := m.submitVentanilla(r.Context(), kit.Actor(r), s)
	if err != nil {
		if _, ok := errs.AsFields(err); ok {
			p, perr := m.ventanillaForm(r, form)
			if perr != nil {
				return perr
			}
			return m.kit.FormPage(w, r, "registry/ventanilla_new", p, err)
		}
		return err
	}
	if sendErr != nil {
		return m.kit.Redirect(w, r, "/registro/asientos/"+e.ID, "Escrito registrado como "+e.Number+
			", pero no se ha podido preparar su envío por SIR: "+sendErr.Error())
	}
	return m.kit.Redirect(w, r, "/registro/sir/"+iid, "Escrito registrado como "+e.Number+" con sus copias auténticas y enviado por SIR. "+
		"Entregue al interesado el justificante del asiento.")
}
