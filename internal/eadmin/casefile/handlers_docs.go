package casefile

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

func (m *Module) uploadPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, maxUpload+(1<<20)); err != nil {
		return err
	}
	return m.act(w, r, "Documento incorporado.", func(a *auth.Actor, f File) error {
		u := Upload{Name: web.Field(r, "nombre"), DocType: web.Field(r, "tipo"), Visible: web.Field(r, "visible") == "si"}
		if web.Field(r, "origen") == "ciudadano" {
			u.Origin = 0
		} else {
			u.Origin = 1
		}
		if r.MultipartForm != nil && len(r.MultipartForm.File["fichero"]) > 0 {
			fh := r.MultipartForm.File["fichero"][0]
			file, err := fh.Open()
			if err != nil {
				return errs.New(errs.Invalid, "No se ha podido leer el fichero.")
			}
			defer file.Close()
			if u.Content, err = io.ReadAll(io.LimitReader(file, maxUpload+1)); err != nil {
				return errs.New(errs.Invalid, "No se ha podido leer el fichero.")
			}
			u.Filename = fh.Filename
		}
		_, err := m.AddDocument(r.Context(), a, f.EntityID, f.ID, u)
		return err
	})
}

func (m *Module) draftPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 1<<20); err != nil {
		return err
	}
	f, err := m.file(r)
	if err != nil {
		return err
	}
	a := kit.Actor(r)
	d, err := m.Draft(r.Context(), a, f.EntityID, f.ID, web.Field(r, "plantilla"), web.Field(r, "tramite"))
	if _, ok := errs.AsFields(err); ok {
		return m.showFile(w, r, f, err)
	}
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/expedientes/"+f.ID+"/documentos/"+d.ID+"/editar", "Borrador generado: revíselo antes de emitirlo.")
}

// document reads the document version of the path in the expediente of the path.
func (m *Module) document(r *http.Request) (File, Document, error) {
	f, err := m.file(r)
	if err != nil {
		return f, Document{}, err
	}
	d, err := documentByID(r.Context(), m.kit.DB, f.EntityID, f.ID, r.PathValue("doc"))
	if isNotFound(err) {
		return f, d, errs.ErrNotFound
	}
	return f, d, err
}

// documentDownload serves a document version as it was stored.
func (m *Module) documentDownload(w http.ResponseWriter, r *http.Request) error {
	_, d, err := m.document(r)
	if err != nil {
		return err
	}
	if d, err = m.content(r.Context(), d); err != nil {
		return err
	}
	w.Header().Set("Content-Type", d.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Filename}))
	w.Header().Set("Content-Length", strconv.Itoa(len(d.Content)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(d.Content)
	return err
}

type draftData struct {
	File     File
	Document Document
	Versions []Document
}

// draftPage shows the newest text of a draft for the clerk to correct and
// issue, with its earlier versions.
func (m *Module) draftPage(w http.ResponseWriter, r *http.Request) error {
	return m.showDraft(w, r, nil)
}

func (m *Module) showDraft(w http.ResponseWriter, r *http.Request, err error) error {
	f, d, derr := m.document(r)
	if derr != nil {
		return derr
	}
	last, derr := m.lastVersion(r.Context(), m.kit.DB, f.EntityID, f.ID, d.ID)
	if derr != nil {
		return derr
	}
	all, derr := documentsOf(r.Context(), m.kit.DB, f.EntityID, f.ID)
	if derr != nil {
		return derr
	}
	data := &draftData{File: f, Document: last}
	for _, x := range all {
		if x.Pos == last.Pos {
			data.Versions = append(data.Versions, x)
		}
	}
	p := &web.Page{Title: last.Name, Crumbs: []web.Crumb{crumbExpedientes, {Label: f.Number, Href: "/expedientes/" + f.ID}},
		Data: data, Form: map[string]string{"texto": last.Body}}
	if err != nil {
		p.Form["texto"] = web.Field(r, "texto")
		return m.kit.FormPage(w, r, "casefile/draft", p, err)
	}
	return m.kit.Page(w, r, "casefile/draft", p)
}

func (m *Module) revisePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 1<<20); err != nil {
		return err
	}
	f, d, err := m.document(r)
	if err != nil {
		return err
	}
	next, err := m.Revise(r.Context(), kit.Actor(r), f.EntityID, f.ID, d.ID, r.PostFormValue("texto"))
	if _, ok := errs.AsFields(err); ok {
		return m.showDraft(w, r, err)
	}
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/expedientes/"+f.ID+"/documentos/"+next.ID+"/editar", "Borrador guardado (versión "+strconv.Itoa(next.Version)+").")
}

func (m *Module) issuePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 1<<20); err != nil {
		return err
	}
	f, d, err := m.document(r)
	if err != nil {
		return err
	}
	issued, err := m.Issue(r.Context(), kit.Actor(r), f.EntityID, f.ID, d.ID)
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/expedientes/"+f.ID, "Documento emitido con el CSV "+issued.CSV+".")
}

func (m *Module) notifyPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 1<<16); err != nil {
		return err
	}
	f, d, err := m.document(r)
	if err != nil {
		return err
	}
	sent, err := m.Notify(r.Context(), kit.Actor(r), f.EntityID, f.ID, d.ID)
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/expedientes/"+f.ID, fmt.Sprintf("Notificación enviada a %d %s.", len(sent),
		map[bool]string{true: "interesado", false: "interesados"}[len(sent) == 1]))
}

func (m *Module) paperPost(w http.ResponseWriter, r *http.Request) error {
	return m.act(w, r, "Resultado de la notificación anotado.", func(a *auth.Actor, f File) error {
		at, err := m.dateField(r, "fecha")
		if err != nil {
			return err
		}
		return m.PaperResult(r.Context(), a, f.EntityID, f.ID, r.PathValue("n"), web.Field(r, "resultado"), web.Field(r, "nota"), at)
	})
}

func (m *Module) resolutionPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 1<<16); err != nil {
		return err
	}
	f, err := m.file(r)
	if err != nil {
		return err
	}
	draft, err := m.ProposeResolution(r.Context(), kit.Actor(r), f.EntityID, f.ID, web.Field(r, "plantilla_resolucion"))
	if _, ok := errs.AsFields(err); ok {
		return m.showFile(w, r, f, err)
	}
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/resoluciones/"+draft, "Propuesta de resolución en el libro: revísela y, una vez firmada, el expediente queda resuelto.")
}

func (m *Module) publishPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 1<<16); err != nil {
		return err
	}
	f, d, err := m.document(r)
	if err != nil {
		return err
	}
	number, err := m.Publish(r.Context(), kit.Actor(r), f.EntityID, f.ID, d.ID, web.Field(r, "tipo"),
		atoi(web.Field(r, "plazo_n")), web.Field(r, "plazo_unidad"))
	if _, ok := errs.AsFields(err); ok {
		return m.showFile(w, r, f, err)
	}
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/expedientes/"+f.ID, "Publicado en el tablón de anuncios con el número "+number+".")
}
