package account

import (
	"context"
	"database/sql"
	"net/http"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// homeData is what the home page shows.
type homeData struct {
	Apps        []app
	Invitations int // invitations waiting for his answer
	// Waiting is the work that waits for him in his current entity.
	Waiting []kit.Waiting
	// DemoLoad is how the demo data's background load goes (nil when
	// nothing loads), and JobHref the page of its job for who may open it.
	DemoLoad *kit.DemoLoadState
	// DemoStopped says that the load ended before all was in.
	DemoStopped bool
	JobHref     string
}

func (m *Module) home(w http.ResponseWriter, r *http.Request) error {
	a := auth.FromContext(r.Context())
	var d homeData
	if a.Entity.ID != "" {
		active := a.Services
		all, err := services(r.Context(), m.kit.DB)
		if err != nil {
			return err
		}
		names, err := roleNames(r.Context(), m.kit.DB)
		if err != nil {
			return err
		}
		for _, code := range active {
			ap, ok := all[code]
			if !ok {
				continue
			}
			for _, g := range a.Grants {
				if g.Service == code {
					ap.Roles = append(ap.Roles, names[code+"/"+g.Role])
				}
			}
			if len(ap.Roles) > 0 {
				ap.URL = m.appURL(ap)
				d.Apps = append(d.Apps, ap)
			}
		}
	}
	var err error
	if a.Entity.ID != "" {
		if d.Waiting, err = m.kit.WaitingFor(r.Context(), a); err != nil {
			return err
		}
	}
	if m.Invitations != nil {
		if d.Invitations, err = m.Invitations.PendingInvitations(r.Context(), a.UserID); err != nil {
			return err
		}
	}
	if err := m.demoLoad(r.Context(), a, &d); err != nil {
		return err
	}
	return m.kit.Page(w, r, "account/home", &web.Page{Title: "Inicio", Data: d})
}

// demoLoad fills the progress of the demo data's load while it runs, or
// says that it stopped before the end.
func (m *Module) demoLoad(ctx context.Context, a *auth.Actor, d *homeData) error {
	st, loading := m.kit.DemoLoad.State()
	jobID, stopped := m.kit.DemoLoad.Stopped()
	switch {
	case loading:
		d.DemoLoad, jobID = &st, st.JobID
	case stopped:
		d.DemoStopped = true
	default:
		return nil
	}
	if jobID == "" || m.MayReadJob == nil {
		return nil
	}
	ok, err := m.MayReadJob(ctx, a, jobID)
	if ok {
		d.JobHref = "/trabajos/" + jobID
	}
	return err
}

// appURL is where an application card leads: the application's own
// address, else its pages in Concejo, else the service's page of the
// catalogue (conditions, adhesion and how it is given).
func (m *Module) appURL(ap app) string {
	if ap.URL != "" {
		return ap.URL
	}
	if href := m.kit.AppHome(ap.Code); href != "" {
		return href
	}
	return "/servicios/" + ap.Code
}

// accountData is what the account page shows.
type accountData struct {
	Sessions []auth.SessionInfo
	Current  string
}

func (m *Module) accountPage(r *http.Request, a *auth.Actor) (*web.Page, error) {
	open, err := m.kit.Sessions.Open(r.Context(), a.UserID)
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Mi cuenta", Data: accountData{Sessions: open, Current: a.SessionHash}}, nil
}

func (m *Module) account(w http.ResponseWriter, r *http.Request) error {
	p, err := m.accountPage(r, auth.FromContext(r.Context()))
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "account/account", p)
}

func (m *Module) closeOtherSessions(w http.ResponseWriter, r *http.Request) error {
	a := auth.FromContext(r.Context())
	err := m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		_, err := m.kit.Sessions.RevokeOthers(r.Context(), tx, a.UserID, a.SessionHash)
		return err
	})
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/cuenta", "Se han cerrado sus otras sesiones.")
}

func (m *Module) accessibility(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Page(w, r, "account/accessibility", &web.Page{Title: "Declaración de accesibilidad"})
}
