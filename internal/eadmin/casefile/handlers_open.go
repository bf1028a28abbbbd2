package casefile

import (
	"cmp"
	"context"
	"net/http"
	"strings"
	"time"

	"concejo/internal/eadmin/registry"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

type newData struct {
	// Entry is the entrada the expediente opens from (ID "" for de oficio).
	Entry      registry.Incoming
	Procedures []Procedure
	Clerks     []option
	// Inbox are recent entradas without an expediente.
	Inbox    []registry.EntrySummary
	Channels []option
	Today    string
}

// channels are the ways an interesado is notified.
var channels = []option{{"electronica", "Electrónicamente, en la sede"}, {"papel", "En papel (no obligado a relacionarse electrónicamente)"}}

// openFields are the fields of the form that opens an expediente.
var openFields = []string{"asiento", "procedimiento", "asunto", "fecha_inicio", "tramitador", "urgente",
	"interesado_documento", "interesado_nombre", "interesado_email", "interesado_direccion", "interesado_canal"}

func (m *Module) newPage(w http.ResponseWriter, r *http.Request) error {
	form := map[string]string{"asiento": r.URL.Query().Get("asiento")}
	return m.showNew(w, r, form, nil)
}

// showNew renders the opening form, from an entrada or de oficio.
func (m *Module) showNew(w http.ResponseWriter, r *http.Request, form map[string]string, err error) error {
	ctx, a := r.Context(), kit.Actor(r)
	d := &newData{Channels: channels, Today: m.kit.Now().In(web.Madrid).Format("2006-01-02")}
	if entryID := form["asiento"]; entryID != "" {
		entry, ierr := m.incoming(ctx, a.Entity.ID, entryID)
		if ierr != nil {
			if _, ok := errs.AsFields(ierr); ok {
				return errs.ErrNotFound
			}
			return ierr
		}
		d.Entry = entry
		if form["asunto"] == "" {
			form["asunto"] = entry.Subject
		}
	}
	all, perr := procedures(ctx, m.kit.DB, a.Entity.ID, true)
	if perr != nil {
		return perr
	}
	for _, p := range all {
		if p.Initiation == EitherWay || (d.Entry.ID != "") == (p.Initiation == ByRequest) {
			d.Procedures = append(d.Procedures, p)
		}
	}
	if d.Entry.ID != "" {
		form["procedimiento"] = cmp.Or(form["procedimiento"], requested(d.Procedures, d.Entry))
	}
	var cerr error
	if d.Clerks, cerr = m.clerks(r); cerr != nil {
		return cerr
	}
	if d.Entry.ID == "" {
		inbox, ierr := m.inbox(ctx, a.Entity.ID)
		if ierr != nil {
			return ierr
		}
		d.Inbox = inbox
	}
	p := &web.Page{Title: "Nuevo expediente", Crumbs: []web.Crumb{crumbExpedientes}, Form: form, Data: d}
	if err != nil {
		return m.kit.FormPage(w, r, "casefile/new", p, err)
	}
	return m.kit.Page(w, r, "casefile/new", p)
}

// requested is the procedure a solicitud names: the sede's registration
// puts the procedure's name before the asunto in the resumen.
func requested(list []Procedure, e registry.Incoming) string {
	for _, p := range list {
		if strings.HasPrefix(e.Summary, p.Name+": ") {
			return p.ID
		}
	}
	return ""
}

// inbox lists the entradas of the last 60 days that no expediente was
// opened with, newest first.
func (m *Module) inbox(ctx context.Context, entityID string) ([]registry.EntrySummary, error) {
	recent, err := registry.RecentEntradas(ctx, m.kit.DB, entityID, m.kit.Now().AddDate(0, 0, -60), 200)
	if err != nil || len(recent) == 0 {
		return nil, err
	}
	w := &db.Where{}
	w.Add("entity_id = ?", entityID)
	ids := make([]string, len(recent))
	for i, e := range recent {
		ids[i] = e.ID
	}
	w.In("entry_id", ids)
	used, err := db.Collect(ctx, m.kit.DB, func(sc db.Scanner) (s string, err error) { return s, sc.Scan(&s) },
		`SELECT entry_id FROM casefile_files`+w.SQL(), w.Args...)
	if err != nil {
		return nil, err
	}
	taken := map[string]bool{}
	for _, id := range used {
		taken[id] = true
	}
	var out []registry.EntrySummary
	for _, e := range recent {
		if !taken[e.ID] && len(out) < 30 {
			out = append(out, e)
		}
	}
	return out, nil
}

func (m *Module) openPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 1<<20); err != nil {
		return err
	}
	a := kit.Actor(r)
	form := map[string]string{}
	for _, k := range openFields {
		form[k] = web.Field(r, k)
	}
	in := Opening{EntityID: a.Entity.ID, ProcedureID: form["procedimiento"], Subject: form["asunto"],
		EntryID: form["asiento"], AssigneeID: form["tramitador"], Urgent: form["urgente"] == "si"}
	if in.AssigneeID != "" {
		if _, err := m.clerkName(r.Context(), a.Entity.ID, in.AssigneeID); err != nil {
			return m.showNew(w, r, form, err)
		}
	}
	if s := form["fecha_inicio"]; s != "" && in.EntryID == "" {
		t, ok := web.ParseDay(s, web.Madrid)
		if !ok {
			return m.showNew(w, r, form, fieldErr("fecha_inicio", web.BadDay("la fecha del acuerdo de iniciación")))
		}
		in.StartedAt = t.Add(12 * time.Hour)
		if now := m.kit.Now(); sameDay(t, now) {
			in.StartedAt = now
		}
	}
	if doc, name := strings.ToUpper(form["interesado_documento"]), form["interesado_nombre"]; doc != "" || name != "" {
		if name == "" {
			return m.showNew(w, r, form, fieldErr("interesado_nombre", "Escriba el nombre del interesado."))
		}
		channel := "electronica"
		if form["interesado_canal"] == "papel" {
			channel = "papel"
		}
		in.Parties = []Party{{DocNumber: doc, Name: name, Email: form["interesado_email"],
			Address: form["interesado_direccion"], Channel: channel, Role: "interesado"}}
	}
	f, err := m.Open(r.Context(), a, in)
	if _, ok := errs.AsFields(err); ok {
		return m.showNew(w, r, form, err)
	}
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/expedientes/"+f.ID, "Expediente "+f.Number+" iniciado.")
}

// sameDay reports whether two instants fall on the same day in Madrid.
func sameDay(a, b time.Time) bool {
	return a.In(web.Madrid).Format("20060102") == b.In(web.Madrid).Format("20060102")
}
