package signflow

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"concejo/internal/core/directory"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// formSteps is how many steps the form offers.
const formSteps = 4

type option struct{ Value, Label string }

type newData struct {
	// Source is the record of another module whose document goes to the
	// circuit (then there is no upload).
	Source               *SourceDocument
	SourceType, SourceID string
	Kinds                []option
	People               []option
	Steps                []stepForm
	Actions              []option
	Modes                []option
	Substitutes          []option
}

type stepForm struct {
	N        int
	Chosen   map[string]bool
	Required bool
}

// signerOptions are the entity's active people who may sign in the
// portafirmas, by surnames, with their post.
func (m *Module) signerOptions(ctx context.Context, entityID string) ([]option, error) {
	holders, err := directory.RoleHolders(ctx, m.kit.DB, entityID, Service)
	if err != nil {
		return nil, err
	}
	members, err := directory.Members(ctx, m.kit.DB, directory.MemberFilter{Entities: []string{entityID}, Active: true}, directory.BySurnames)
	if err != nil {
		return nil, err
	}
	var out []option
	for _, mb := range members {
		if len(holders[mb.ID]) == 0 {
			continue
		}
		label := mb.Name()
		if mb.JobTitle != "" {
			label += " (" + mb.JobTitle + ")"
		}
		out = append(out, option{mb.ID, label})
	}
	return out, nil
}

// sourceOf renders the document of the record a form names (origen,
// origen_id), nil when it names none.
func (m *Module) sourceOf(ctx context.Context, entityID, sourceType, sourceID string) (*SourceDocument, error) {
	if sourceType == "" {
		return nil, nil
	}
	src, ok := m.sources[sourceType]
	if !ok || sourceID == "" {
		return nil, errs.New(errs.NotFound, "No existe ese documento de origen.")
	}
	doc, err := src.Document(ctx, entityID, sourceID)
	if err != nil {
		return nil, err
	}
	return &doc, nil
}

func (m *Module) newPage(r *http.Request, chosen map[int][]string) (*web.Page, error) {
	a := kit.Actor(r)
	people, err := m.signerOptions(r.Context(), a.Entity.ID)
	if err != nil {
		return nil, err
	}
	st, sid := r.FormValue("origen"), r.FormValue("origen_id")
	source, err := m.sourceOf(r.Context(), a.Entity.ID, st, sid)
	if err != nil {
		return nil, err
	}
	d := &newData{People: people, Source: source, SourceType: st, SourceID: sid, Substitutes: append([]option{{"", "Sin suplente"}}, people...),
		Actions: []option{{"", "Sin este paso"}, {ActionApprove, "Visto bueno (no firma)"}, {ActionSign, "Firma"}},
		Modes:   []option{{ModeAll, "Todas las personas elegidas"}, {ModeAny, "Basta una de ellas"}}}
	for _, k := range kinds {
		d.Kinds = append(d.Kinds, option{k.Code, k.Label})
	}
	for i := 1; i <= formSteps; i++ {
		sf := stepForm{N: i, Chosen: map[string]bool{}, Required: i == 1}
		for _, u := range chosen[i] {
			sf.Chosen[u] = true
		}
		d.Steps = append(d.Steps, sf)
	}
	form := map[string]string{"tipo": "resolucion", "paso1_accion": ActionSign}
	if source != nil {
		form["titulo"], form["tipo"] = source.Title, source.Kind
	}
	return &web.Page{Title: "Enviar un documento a la firma", Data: d, Crumbs: []web.Crumb{crumbInbox}, Form: form}, nil
}

func (m *Module) newForm(w http.ResponseWriter, r *http.Request) error {
	p, err := m.newPage(r, nil)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "signflow/new", p)
}

// stepsFrom reads the circuit of the form.
func stepsFrom(r *http.Request) ([]StepSpec, map[int][]string, error) {
	var steps []StepSpec
	chosen := map[int][]string{}
	gap := false
	for i := 1; i <= formSteps; i++ {
		action := web.Field(r, fmt.Sprintf("paso%d_accion", i))
		users := r.PostForm[fmt.Sprintf("paso%d_personas", i)]
		chosen[i] = users
		if action == "" {
			gap = gap || len(users) == 0
			if len(users) > 0 {
				return nil, chosen, errs.Fields{{Field: fmt.Sprintf("paso%d", i), Message: fmt.Sprintf("Paso %d: elija si es de firma o de visto bueno, o quite a las personas.", i)}}
			}
			continue
		}
		if gap {
			return nil, chosen, errs.Fields{{Field: fmt.Sprintf("paso%d", i), Message: "Rellene los pasos en orden, sin dejar uno vacío entre dos."}}
		}
		st := StepSpec{Action: action, Mode: web.Field(r, fmt.Sprintf("paso%d_modo", i)), Users: users}
		if sub := web.Field(r, fmt.Sprintf("paso%d_suplente", i)); sub != "" {
			st.Substitutes = map[string]string{}
			for _, u := range users {
				if u != sub {
					st.Substitutes[u] = sub
				}
			}
		}
		steps = append(steps, st)
	}
	return steps, chosen, nil
}

// uploaded reads one uploaded file of a multipart form.
func uploaded(r *http.Request, field string) (string, []byte, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File[field]) == 0 {
		return "", nil, errs.Fields{{Field: field, Message: "Adjunte el documento."}}
	}
	fh := r.MultipartForm.File[field][0]
	f, err := fh.Open()
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxDocument+1))
	return fh.Filename, b, err
}

func (m *Module) createPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, MaxDocument+(1<<20)); err != nil {
		return err
	}
	a := kit.Actor(r)
	steps, chosen, err := stepsFrom(r)
	var req Request
	if err == nil {
		sub := Submission{EntityID: a.Entity.ID, Title: web.Field(r, "titulo"), Kind: web.Field(r, "tipo"), Steps: steps,
			SourceType: web.Field(r, "origen"), SourceID: web.Field(r, "origen_id")}
		var source *SourceDocument
		if source, err = m.sourceOf(r.Context(), a.Entity.ID, sub.SourceType, sub.SourceID); err == nil && source != nil {
			sub.FileName, sub.Content, sub.CSV = source.FileName, source.Content, source.CSV
		} else if err == nil {
			sub.FileName, sub.Content, err = uploaded(r, "documento")
		}
		if err == nil {
			req, err = m.submit(r.Context(), a, sub)
		}
	}
	form := web.FormValues(r)
	return m.kit.AfterPost(w, r, err, "/portafirmas/"+req.ID, "Documento enviado a la firma.", "signflow/new",
		func(r *http.Request) (*web.Page, error) {
			p, err := m.newPage(r, chosen)
			if p != nil {
				p.Form = form
			}
			return p, err
		})
}
