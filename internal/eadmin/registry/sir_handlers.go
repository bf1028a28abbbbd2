package registry

import (
	"fmt"
	"io"
	"net/http"
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
	Rows []interchange
}

func (m *Module) sirListData(r *http.Request) (*web.Page, error) {
	rows, err := db.Collect(r.Context(), m.kit.DB, scanInterchange, `SELECT `+interchangeColumns+`
		FROM registry_interchanges WHERE entity_id = $1 ORDER BY created_at DESC LIMIT 500`, kit.Actor(r).Entity.ID)
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Intercambios SIR", Crumbs: []web.Crumb{crumbRegistro}, Data: &sirListData{Rows: rows},
		Form: map[string]string{}}, nil
}

func (m *Module) sirListPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "registry/sir_list", m.sirListData)
}

func (m *Module) sirImportPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, sicres.MaxFileBytes+(64<<10)); err != nil {
		return err
	}
	var data []byte
	if f, _, err := r.FormFile("fichero"); err == nil {
		data, err = io.ReadAll(io.LimitReader(f, sicres.MaxFileBytes+1))
		f.Close()
		if err != nil {
			return errs.New(errs.Invalid, "No se ha podido leer el fichero.")
		}
	}
	iid, err := m.importSIR(r.Context(), kit.Actor(r), data)
	return m.kit.AfterPost(w, r, err, "/registro/sir/"+iid, "Intercambio recibido: revíselo y acéptelo o rechácelo.",
		"registry/sir_list", m.sirListData)
}

type sirData struct {
	I       interchange
	F       *sicres.Fichero
	Problem string
	Units   []unit
	Pending bool
	Anot    string
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
	return &web.Page{Title: "Intercambio " + it.ExchangeID, Crumbs: []web.Crumb{crumbRegistro, crumbSIR}, Data: d,
		Form: map[string]string{}}, nil
}

func (m *Module) sirPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "registry/sir", m.sirPageData)
}

func (m *Module) sirFile(w http.ResponseWriter, r *http.Request) error {
	it, content, err := m.interchangeFor(r.Context(), kit.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.SendFile(w, web.File{Name: it.ExchangeID + ".xml", ContentType: "application/xml", Content: content})
}

func (m *Module) sirRejection(w http.ResponseWriter, r *http.Request) error {
	it, content, err := m.interchangeFor(r.Context(), kit.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	if it.State != "rechazado" {
		return errs.ErrNotFound
	}
	data, err := m.rejectionFile(content, it.Reason)
	if err != nil {
		return errs.New(errs.Conflict, "No se puede preparar el fichero de rechazo porque el fichero recibido no es un SICRES 3.0 válido. "+
			"Comunique el rechazo a la oficina de origen por otro medio.")
	}
	return web.SendFile(w, web.File{Name: it.ExchangeID + "-rechazo.xml", ContentType: "application/xml", Content: data})
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
	return m.kit.Redirect(w, r, "/registro/asientos/"+e.ID, "Intercambio aceptado: anotado como "+e.Number+".")
}

func (m *Module) sirRejectPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	err := m.rejectSIR(r.Context(), kit.Actor(r), r.PathValue("id"), web.Field(r, "motivo"))
	return m.kit.AfterPost(w, r, err, "/registro/sir/"+r.PathValue("id"), "Intercambio rechazado. Descargue el fichero de rechazo para devolverlo al origen.",
		"registry/sir", func(r *http.Request) (*web.Page, error) {
			p, err := m.sirPageData(r)
			if err == nil {
				p.Form["motivo"] = web.Field(r, "motivo")
			}
			return p, err
		})
}

// sirMessage is the De_Mensaje answering a received interchange: ACK while
// it waits, CONFIRMACION with the asiento's number once accepted.
func (m *Module) sirMessage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := kit.Actor(r)
	it, content, err := m.interchangeFor(ctx, a, r.PathValue("id"))
	if err != nil {
		return err
	}
	if it.Direction != "recibido" || it.State == "rechazado" {
		return errs.ErrNotFound
	}
	ent, err := directory.EntityByID(ctx, m.kit.DB, a.Entity.ID)
	if err != nil {
		return err
	}
	test := "0"
	if f, err := sicres.Parse(content, time.Now().Add(24*time.Hour), web.Madrid); err == nil {
		test = f.Control.IndicadorPrueba
	}
	msg := sicres.Mensaje{CodigoEntidadOrigen: ent.DIR3, CodigoEntidadDestino: it.OfficeCode,
		IdentificadorIntercambio: it.ExchangeID, TipoMensaje: sicres.MensajeACK, Descripcion: "Recibido", IndicadorPrueba: test}
	if it.State == "aceptado" && it.EntryID != "" {
		e, err := entryByID(ctx, m.kit.DB, a.Entity.ID, it.EntryID)
		if err != nil {
			return err
		}
		msg.TipoMensaje, msg.Descripcion = sicres.MensajeConfirmacion, "Registrado como "+e.Number
		msg.NumeroRegistroDestino = e.Number
		msg.FechaHoraDestino = e.RegisteredAt.In(web.Madrid).Format(sicres.DateLayout)
	}
	data, err := msg.Marshal()
	if err != nil {
		return fmt.Errorf("registro: mensaje SICRES del intercambio %s: %w", it.ExchangeID, err)
	}
	return web.SendFile(w, web.File{Name: it.ExchangeID + "-mensaje.xml", ContentType: "application/xml", Content: data})
}
