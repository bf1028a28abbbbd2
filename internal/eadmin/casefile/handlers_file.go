package casefile

import (
	"context"
	"net/http"
	"strings"
	"time"

	"concejo/internal/backoffice/parties"
	"concejo/internal/eadmin/decrees"
	"concejo/internal/eadmin/registry"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/eni"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/plazo"
	"concejo/internal/platform/web"
	"concejo/internal/portal"
)

type fileData struct {
	File          File
	Parties       []Party
	Tasks         []taskView
	Documents     []Document
	Versions      map[int]int
	Suspensions   []Suspension
	Related       []Related
	Notifications []Notification
	// DocNames names the documents by id, for the notifications.
	DocNames  map[string]string
	Results   []option
	Events    []Event
	Clerks    []option
	Causes    []string
	Templates []Template
	// Resolutions are the libro's resolutions of the expediente, and
	// ResolutionTemplates the procedure's templates of a resolution.
	Resolutions         []decrees.Decree
	ResolutionTemplates []option
	// DocTypeOptions, Origins, Roles and Channels feed the forms' selects.
	DocTypeOptions []option
	Origins        []option
	Roles          []option
	Channels       []option
	Assignee       string
	DueText        string
	Remaining      string
	SilenceText    string
	CanWork        bool
	// CanNotify: the actor tramita and the expediente runs or is resolved
	// (its resolution is notified then).
	CanNotify bool
	CanOpen   bool
	// CanReadEntries: the actor reads the registro, so the asiento that
	// started the expediente is a link.
	CanReadEntries bool
	// CanReadParties: the actor reads the terceros, so each interesado
	// links to his ficha (the mayor does not).
	CanReadParties bool
	// CanArchive: resolved, and the actor tramita.
	CanArchive bool
	// CanPublish: the actor may publish on the entity's tablón and its
	// perfil del contratante; Contract: the expediente is a contrato menor.
	CanPublish    bool
	Contract      bool
	ContractTypes []string
	EdictKinds    []option
	EdictUnits    []option
	Today         string
}

// taskView is a trámite with its plazo in words and who has it.
type taskView struct {
	Task
	Assignee string
	DueText  string
	Overdue  bool
}

// file reads the expediente of the path in the actor's current entity.
func (m *Module) file(r *http.Request) (File, error) {
	f, err := fileByID(r.Context(), m.kit.DB, kit.Actor(r).Entity.ID, r.PathValue("id"))
	if isNotFound(err) {
		return f, errs.ErrNotFound
	}
	return f, err
}

func (m *Module) filePage(w http.ResponseWriter, r *http.Request) error {
	f, err := m.file(r)
	if err != nil {
		return err
	}
	return m.showFile(w, r, f, nil)
}

// showFile renders the expediente's page, with err's field problems when
// a form on it was refused.
func (m *Module) showFile(w http.ResponseWriter, r *http.Request, f File, err error) error {
	ctx, a := r.Context(), kit.Actor(r)
	d, derr := m.fileData(ctx, r, a, f)
	if derr != nil {
		return derr
	}
	p := &web.Page{Title: "Expediente " + f.Number, Crumbs: []web.Crumb{crumbExpedientes}, Data: d, Form: formOf(r)}
	if err != nil {
		return m.kit.FormPage(w, r, "casefile/file", p, err)
	}
	return m.kit.Page(w, r, "casefile/file", p)
}

func (m *Module) fileData(ctx context.Context, r *http.Request, a *auth.Actor, f File) (*fileData, error) {
	q := m.kit.DB
	d := &fileData{File: f, Causes: SuspensionCauses(), Templates: f.Design.Templates, DocTypeOptions: docTypeOptions(),
		Origins: origins, Roles: roles, Channels: channels,
		Today: m.kit.Now().In(web.Madrid).Format("2006-01-02"), Versions: map[int]int{}}
	var err error
	if d.Parties, err = partiesOf(ctx, q, f.EntityID, f.ID); err != nil {
		return nil, err
	}
	tasks, err := tasksOf(ctx, q, f.EntityID, f.ID)
	if err != nil {
		return nil, err
	}
	all, err := documentsOf(ctx, q, f.EntityID, f.ID)
	if err != nil {
		return nil, err
	}
	for _, doc := range all {
		d.Versions[doc.Pos]++
	}
	d.Documents = current(all)
	d.DocNames = map[string]string{}
	for _, doc := range all {
		d.DocNames[doc.ID] = doc.Name
	}
	d.Results = paperResults
	if d.Resolutions, err = m.resolutionsOf(ctx, q, f); err != nil {
		return nil, err
	}
	for _, t := range f.Design.Templates {
		if t.DocType == "TD01" {
			d.ResolutionTemplates = append(d.ResolutionTemplates, option{t.Code, t.Name})
		}
	}
	if d.Notifications, err = m.fileNotifications(ctx, f); err != nil {
		return nil, err
	}
	if d.Suspensions, err = suspensionsOf(ctx, q, f.EntityID, f.ID); err != nil {
		return nil, err
	}
	if d.Related, err = relatedOf(ctx, q, f.EntityID, f.ID); err != nil {
		return nil, err
	}
	if d.Events, err = eventsOf(ctx, q, f.EntityID, f.ID); err != nil {
		return nil, err
	}
	if d.Clerks, err = m.clerks(r); err != nil {
		return nil, err
	}
	if d.CanWork, err = m.kit.Access.CanHere(ctx, a, PermWork); err != nil {
		return nil, err
	}
	if d.CanOpen, err = m.kit.Access.CanHere(ctx, a, PermOpen); err != nil {
		return nil, err
	}
	if d.CanReadEntries, err = registry.Reads(ctx, m.kit.Access, a); err != nil {
		return nil, err
	}
	if d.CanReadParties, err = parties.Reads(ctx, m.kit.Access, a); err != nil {
		return nil, err
	}
	d.CanNotify = d.CanWork && notifiable(f.State)
	d.CanArchive = d.CanWork && f.State == Resolved
	if d.CanNotify && m.Tablon != nil {
		if d.CanPublish, err = m.Tablon.CanPublishEdicts(ctx, a); err != nil {
			return nil, err
		}
		d.EdictKinds, d.EdictUnits = edictKinds, edictUnits
		d.Contract, d.ContractTypes = f.Design.Code == "CONTRATO-MENOR", portal.ContractTypes()
	}
	d.CanWork = d.CanWork && f.State.Open()
	names := map[string]string{}
	for _, c := range d.Clerks {
		names[c.Value] = c.Label
	}
	d.Assignee = names[f.AssigneeID]
	cal, err := calendar(ctx, q, f.EntityID)
	if err != nil {
		return nil, err
	}
	now := m.kit.Now()
	for _, t := range tasks {
		tv := taskView{Task: t, Assignee: names[t.AssigneeID]}
		if !t.DueAt.IsZero() {
			tv.DueText = "hasta el " + day(t.DueAt)
			tv.Overdue = t.State == "en_curso" && now.After(t.DueAt)
		}
		d.Tasks = append(d.Tasks, tv)
	}
	d.DueText, _ = dueText(f.State, f.DueAt, now)
	if f.State.Open() && !f.DueAt.IsZero() && !now.After(f.DueAt) {
		d.Remaining = plazo.RemainingLabel(plazo.Remaining(cal, f.DueAt, now))
	}
	d.SilenceText = silenceText(f)
	return d, nil
}

var (
	edictKinds = []option{{"Edicto", "Edicto"}, {"Anuncio", "Anuncio"}, {"Información pública", "Información pública"},
		{"Licencia", "Licencia"}}
	edictUnits   = []option{{"habiles", "días hábiles"}, {"naturales", "días naturales"}, {"meses", "meses"}}
	paperResults = []option{{"entregada", "Entregada"}, {"ausente", "Ausente (se hará un segundo intento)"},
		{"desconocido", "Desconocido en el domicilio"}, {"rehusada", "Rehusada"}}
	origins = []option{{"administracion", "Administración (lo produce la entidad)"}, {"ciudadano", "Ciudadano (lo aporta un interesado)"}}
	roles   = []option{{"interesado", "Interesado"}, {"representante", "Representante del primer interesado"}}
)

// docTypeOptions are the ENI tipos documentales as select options.
func docTypeOptions() []option {
	out := make([]option, len(eni.DocTypes))
	for i, t := range eni.DocTypes {
		out[i] = option{t.Code, t.Code + " " + t.Name}
	}
	return out
}

// silenceText explains what happens when the plazo máximo passes.
func silenceText(f File) string {
	switch {
	case f.Initiation == ByOffice && f.Silence == SilenceExpires:
		return "Si vence sin resolución notificada, el procedimiento caduca (art. 25.1.b de la Ley 39/2015)."
	case f.Initiation == ByOffice:
		return "Si vence sin resolución notificada, los interesados pueden entender desestimadas sus pretensiones (art. 25.1.a de la Ley 39/2015)."
	case f.Silence == SilenceGrant:
		return "Si vence sin resolución notificada, la solicitud se entiende estimada por silencio (art. 24.1 de la Ley 39/2015)."
	}
	return "Si vence sin resolución notificada, la solicitud se entiende desestimada por silencio (art. 24.1 de la Ley 39/2015)."
}

// formOf keeps the submitted values of a refused form.
func formOf(r *http.Request) map[string]string {
	if r.Method != http.MethodPost || r.PostForm == nil {
		return nil
	}
	out := map[string]string{}
	for k := range r.PostForm {
		out[k] = strings.TrimSpace(r.PostForm.Get(k))
	}
	return out
}

// act runs a change of the expediente of the path from a form and goes
// back to its page; refused fields re-render the page with the messages.
func (m *Module) act(w http.ResponseWriter, r *http.Request, flash string, fn func(a *auth.Actor, f File) error) error {
	if err := web.ParseForm(w, r, 1<<20); err != nil {
		return err
	}
	f, err := m.file(r)
	if err != nil {
		return err
	}
	if err := fn(kit.Actor(r), f); err != nil {
		if _, ok := errs.AsFields(err); ok {
			return m.showFile(w, r, f, err)
		}
		return err
	}
	return m.kit.Redirect(w, r, "/expedientes/"+f.ID, flash)
}

// dateField reads a date input (today when empty); a date of today is
// now, an earlier one its midday in Madrid; a date and time input is that
// instant.
func (m *Module) dateField(r *http.Request, name string) (time.Time, error) {
	s := web.Field(r, name)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04", s, web.Madrid); err == nil {
		return t, nil // a date and time: an attempt of delivery
	}
	t, ok := web.ParseDay(s, web.Madrid)
	if !ok {
		return t, fieldErr(name, web.BadDay("la fecha"))
	}
	if now := m.kit.Now(); sameDay(t, now) {
		return now, nil
	}
	return t.Add(12 * time.Hour), nil
}

func (m *Module) assignPost(w http.ResponseWriter, r *http.Request) error {
	return m.act(w, r, "Expediente asignado.", func(a *auth.Actor, f File) error {
		return m.Assign(r.Context(), a, f.EntityID, f.ID, web.Field(r, "usuario"))
	})
}

func (m *Module) suspendPost(w http.ResponseWriter, r *http.Request) error {
	return m.act(w, r, "Plazo suspendido.", func(a *auth.Actor, f File) error {
		from, err := m.dateField(r, "desde")
		if err != nil {
			return err
		}
		return m.Suspend(r.Context(), a, f.EntityID, f.ID, web.Field(r, "causa"), from)
	})
}

func (m *Module) liftPost(w http.ResponseWriter, r *http.Request) error {
	return m.act(w, r, "Suspensión levantada.", func(a *auth.Actor, f File) error {
		at, err := m.dateField(r, "fecha")
		if err != nil {
			return err
		}
		return m.Lift(r.Context(), a, f.EntityID, f.ID, at)
	})
}

func (m *Module) concludePost(w http.ResponseWriter, r *http.Request) error {
	return m.act(w, r, "Instrucción concluida.", func(a *auth.Actor, f File) error {
		return m.Conclude(r.Context(), a, f.EntityID, f.ID)
	})
}

func (m *Module) reopenPost(w http.ResponseWriter, r *http.Request) error {
	return m.act(w, r, "Instrucción reabierta.", func(a *auth.Actor, f File) error {
		return m.Reopen(r.Context(), a, f.EntityID, f.ID)
	})
}

// taskPost starts, finishes or assigns the trámite of the path.
func (m *Module) taskPost(action string) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return m.act(w, r, "Trámite actualizado.", func(a *auth.Actor, f File) error {
			ctx, task := r.Context(), r.PathValue("task")
			if _, err := taskByID(ctx, m.kit.DB, f.EntityID, f.ID, task); isNotFound(err) {
				return errs.ErrNotFound
			}
			at, err := m.dateField(r, "fecha")
			if err != nil {
				return err
			}
			switch action {
			case "iniciar":
				return m.StartTask(ctx, a, f.EntityID, f.ID, task, at)
			case "terminar":
				return m.FinishTask(ctx, a, f.EntityID, f.ID, task, web.Field(r, "nota"), web.Field(r, "no_procede") == "si", at)
			}
			return m.AssignTask(ctx, a, f.EntityID, f.ID, task, web.Field(r, "usuario"))
		})
	}
}

func (m *Module) partyPost(w http.ResponseWriter, r *http.Request) error {
	return m.act(w, r, "Interesado añadido.", func(a *auth.Actor, f File) error {
		p := Party{DocNumber: strings.ToUpper(web.Field(r, "documento")), Name: web.Field(r, "nombre"),
			Role: web.Field(r, "papel"), Email: web.Field(r, "email"), Address: web.Field(r, "direccion"),
			Channel: web.Field(r, "canal"), Obliged: web.Field(r, "obligado") == "si"}
		return m.AddParty(r.Context(), a, f.EntityID, f.ID, p)
	})
}

func (m *Module) relatePost(w http.ResponseWriter, r *http.Request) error {
	return m.act(w, r, "Expedientes relacionados.", func(a *auth.Actor, f File) error {
		return m.Relate(r.Context(), a, f.EntityID, f.ID, web.Field(r, "relacionado"), web.Field(r, "motivo"))
	})
}

func (m *Module) extendPost(w http.ResponseWriter, r *http.Request) error {
	return m.act(w, r, "Plazo máximo ampliado.", func(a *auth.Actor, f File) error {
		return m.Extend(r.Context(), a, f.EntityID, f.ID, atoi(web.Field(r, "ampliacion")), web.Field(r, "motivo_ampliacion"))
	})
}

func (m *Module) archivePost(w http.ResponseWriter, r *http.Request) error {
	return m.act(w, r, "Expediente archivado.", func(a *auth.Actor, f File) error {
		return m.Archive(r.Context(), a, f.EntityID, f.ID)
	})
}

func (m *Module) contractPost(w http.ResponseWriter, r *http.Request) error {
	return m.act(w, r, "Contrato publicado en el perfil del contratante.", func(a *auth.Actor, f File) error {
		amount, ok := web.ParseEuros(web.Field(r, "importe"))
		if !ok {
			return fieldErr("importe", "Escriba el importe en euros, por ejemplo 12.500,00.")
		}
		return m.PublishContract(r.Context(), a, f.EntityID, f.ID, MinorContract{Type: web.Field(r, "tipo_contrato"),
			Awardee: web.Field(r, "adjudicatario"), CPV: web.Field(r, "cpv"), AmountCents: amount})
	})
}
