package registry

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/registry/sicres"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

var crumbSIR = web.Crumb{Label: "Intercambios SIR", Href: "/registro/sir"}

func (m *Module) sendSIRPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	iid, err := m.sendSIR(r.Context(), kit.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/registro/sir/"+iid, "Fichero de intercambio SICRES 3.0 preparado para su envío por SIR.")
}

type sirListData struct {
	Rows               []interchange
	Filter             string
	Channel            string
	Office, OfficeName string
}

// sirFilters are the list's views: what needs the clerk, received, sent, all.
var sirFilters = map[string]string{
	"atencion":  `AND state IN ('recibido', 'devuelto', 'error', 'no_enviado')`,
	"recibidos": `AND direction = 'recibido'`,
	"enviados":  `AND direction = 'enviado'`,
	"todos":     ``,
}

func (m *Module) sirListData(r *http.Request) (*web.Page, error) {
	filter := r.URL.Query().Get("ver")
	if _, ok := sirFilters[filter]; !ok {
		filter = "todos"
	}
	rows, err := db.Collect(r.Context(), m.kit.DB, scanInterchange, `SELECT `+interchangeColumns+`
		FROM registry_interchanges WHERE entity_id = $1 `+sirFilters[filter]+` ORDER BY created_at DESC LIMIT 500`,
		kit.Actor(r).Entity.ID)
	if err != nil {
		return nil, err
	}
	d := &sirListData{Rows: rows, Filter: filter, Channel: m.connector().Name()}
	ent, err := directory.EntityByID(r.Context(), m.kit.DB, kit.Actor(r).Entity.ID)
	if err != nil {
		return nil, err
	}
	d.Office, d.OfficeName = m.office(r.Context(), ent)
	return &web.Page{Title: "Intercambios SIR", Crumbs: []web.Crumb{crumbRegistro}, Data: d, Form: map[string]string{}}, nil
}

func (m *Module) sirListPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "registry/sir_list", m.sirListData)
}

func (m *Module) sirImportPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, sicres.MaxFileBytes+(64<<10)); err != nil {
		return err
	}
	f, err := web.FormFile(r, "fichero", sicres.MaxFileBytes)
	if err != nil {
		return err
	}
	data := f.Content
	a := kit.Actor(r)
	var res received
	if len(data) == 0 {
		err = fieldError("fichero", "Seleccione el fichero de intercambio SICRES 3.0 o el mensaje de SIR (XML) recibido.")
	} else {
		var ent directory.Entity
		if ent, err = directory.EntityByID(r.Context(), m.kit.DB, a.Entity.ID); err == nil {
			res, err = m.receive(r.Context(), a, ent, data)
		}
		var refused *refusal
		if errors.As(err, &refused) {
			err = fieldError("fichero", refused.Error()+" Se ha guardado con el mensaje de error para el origen: véalo en la lista.")
		} else if errs.KindOf(err) == errs.Invalid {
			if _, ok := errs.AsFields(err); !ok {
				err = fieldError("fichero", err.Error())
			}
		}
	}
	return m.kit.AfterPost(w, r, err, "/registro/sir/"+res.ID, res.Flash, "registry/sir_list", m.sirListData)
}

type sirData struct {
	I        interchange
	F        *sicres.Fichero
	Problem  string
	Units    []unit
	Pending  bool
	Anot     string
	Messages []message
}

func (m *Module) sirPageData(r *http.Request) (*web.Page, error) {
	ctx := r.Context()
	a := kit.Actor(r)
	it, content, err := m.interchangeFor(ctx, a, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	d := &sirData{I: it, Pending: it.Direction == "recibido" && it.State == "recibido"}
	// Stored files are shown as they are, even if the clock has moved.
	if d.F, err = sicres.Parse(content, time.Now().Add(24*time.Hour), web.Madrid); err != nil {
		d.Problem = err.Error()
	} else {
		d.Anot = sicres.TiposAnotacion[d.F.Control.TipoAnotacion]
	}
	if d.Units, err = unitsOf(ctx, m.kit.DB, a.Entity.ID, true); err != nil {
		return nil, err
	}
	if d.Messages, err = messagesOf(ctx, m.kit.DB, a.Entity.ID, it.ID); err != nil {
		return nil, err
	}
	title := "Intercambio " + it.ExchangeID
	if it.ExchangeID == "" {
		title = "Fichero no admitido"
	}
	return &web.Page{Title: title, Crumbs: []web.Crumb{crumbRegistro, crumbSIR}, Data: d, Form: map[string]string{}}, nil
}

func (m *Module) sirPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "registry/sir", m.sirPageData)
}

func (m *Module) sirFile(w http.ResponseWriter, r *http.Request) error {
	it, content, err := m.interchangeFor(r.Context(), kit.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	name := it.ExchangeID
	if name == "" {
		name = "fichero-no-admitido"
	}
	return web.SendFile(w, web.File{Name: name + ".xml", ContentType: "application/xml", Content: content})
}

// sirMessageFile downloads one file or message of an interchange's history.
func (m *Module) sirMessageFile(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	it, _, err := m.interchangeFor(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	pos, err := strconv.Atoi(r.PathValue("pos"))
	if err != nil {
		return errs.ErrNotFound
	}
	msg, content, err := messageContent(r.Context(), m.kit.DB, a.Entity.ID, it.ID, pos)
	if err != nil {
		return err
	}
	name := strings.Trim(web.Join("-", it.ExchangeID, strconv.Itoa(msg.Pos), msg.Kind), "-")
	return web.SendFile(w, web.File{Name: name + ".xml", ContentType: "application/xml", Content: content})
}

func (m *Module) sirAcceptPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	e, err := m.acceptSIR(r.Context(), kit.Actor(r), r.PathValue("id"), web.Field(r, "unidad"))
	if fe, ok := errs.AsFields(err); ok {
		// The file's data do not make a valid asiento: say why.
		var msgs []string
		for _, f := range fe {
			msgs = append(msgs, f.Message)
		}
		return errs.New(errs.Conflict, "No se puede anotar el asiento con los datos del fichero: "+strings.Join(msgs, " ")+
			" Rechace el intercambio indicando el motivo.")
	}
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/registro/asientos/"+e.ID, "Intercambio aceptado: anotado como "+e.Number+
		". Se ha preparado la confirmación para el origen.")
}

// sirDecisionPost handles a form that closes a received interchange
// (rechazar, reenviar) or retries a sent one, showing the page again
// with the form's errors.
func (m *Module) sirDecisionPost(flash string, act func(r *http.Request) error, fields ...string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := web.ParseForm(w, r, web.MaxForm); err != nil {
			return err
		}
		err := act(r)
		return m.kit.AfterPost(w, r, err, "/registro/sir/"+r.PathValue("id"), flash, "registry/sir",
			func(r *http.Request) (*web.Page, error) {
				p, err := m.sirPageData(r)
				if err == nil {
					for _, f := range fields {
						p.Form[f] = web.Field(r, f)
					}
				}
				return p, err
			})
	}
}
