package casefile

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/odt"
	"concejo/internal/platform/web"
)

// odtDownload gives the newest text of a draft as an OpenDocument file, to
// edit it in a word processor before issuing it.
func (m *Module) odtDownload(w http.ResponseWriter, r *http.Request) error {
	f, d, err := m.document(r)
	if err != nil {
		return err
	}
	last, err := m.lastVersion(r.Context(), m.kit.DB, f.EntityID, f.ID, d.ID)
	if err != nil {
		return err
	}
	if last.Status != "borrador" {
		return errs.New(errs.Conflict, "Solo se edita un borrador: el documento ya está emitido o incorporado.")
	}
	data, err := odt.Write(last.Name, strings.Split(last.Body, "\n\n"))
	if err != nil {
		return err
	}
	name := slug(last.Name) + "-" + strings.ReplaceAll(f.Number, "/", "-") + "-v" + strconv.Itoa(last.Version) + ".odt"
	return web.SendFile(w, web.File{Name: name, ContentType: odt.MIME, Content: data})
}

// odtUpload takes the draft back from the word processor: its text becomes
// the draft's new version (formatting is not kept: the PDF is made from
// the text when the document is issued).
func (m *Module) odtUpload(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, maxUpload+(1<<20)); err != nil {
		return err
	}
	f, d, err := m.document(r)
	if err != nil {
		return err
	}
	body, err := odtBody(r)
	if err == nil {
		var next Document
		next, err = m.Revise(r.Context(), kit.Actor(r), f.EntityID, f.ID, d.ID, body)
		if err == nil {
			return m.kit.Redirect(w, r, "/expedientes/"+f.ID+"/documentos/"+next.ID+"/editar",
				"Texto tomado del documento ODT (versión "+strconv.Itoa(next.Version)+").")
		}
	}
	if _, ok := errs.AsFields(err); ok {
		return m.showDraft(w, r, err)
	}
	return err
}

// odtBody reads the text of the uploaded ODT of the form.
func odtBody(r *http.Request) (string, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["fichero"]) == 0 {
		return "", fieldErr("fichero", "Elija el documento ODT corregido.")
	}
	file, err := r.MultipartForm.File["fichero"][0].Open()
	if err != nil {
		return "", fieldErr("fichero", "No se ha podido leer el fichero.")
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxUpload+1))
	if err != nil || len(data) > maxUpload {
		return "", fieldErr("fichero", "El fichero no se puede leer o pasa de 20 MB.")
	}
	body, err := odt.Text(data)
	if errors.Is(err, odt.ErrNotODT) {
		return "", fieldErr("fichero", err.Error()+" Guárdelo como «Texto ODF (.odt)» y súbalo de nuevo.")
	}
	if err != nil {
		return "", fieldErr("fichero", err.Error())
	}
	return body, nil
}
