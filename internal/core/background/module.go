// Package background shows the platform's background jobs (trabajos en
// segundo plano): the page of one job with its progress, which the module
// that started it links to, and the list of recent jobs.
//
// Who sees a job: the person who started it, the administrators of its
// entity and the Diputación's administrators; for anyone else it does not
// exist (404).
package background

import (
	"context"
	"embed"
	"errors"
	"net/http"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/jobs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Module serves the jobs' pages.
type Module struct{ kit *kit.Kit }

// New returns the module.
func New(k *kit.Kit) *Module { return &Module{kit: k} }

// Register adds the routes and pages.
func (m *Module) Register() error {
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("background", templatesFS, "templates"); err != nil {
		return err
	}
	m.kit.Router.Handle("GET", "/trabajos", PermRead, m.list)
	m.kit.Router.Handle("GET", "/trabajos/{id}", PermRead, m.show)
	return nil
}

// mayRead says whether a sees job j: he started it, or oversees the jobs
// of its entity (a job of no entity only for who oversees them all).
func (m *Module) mayRead(ctx context.Context, a *auth.Actor, j jobs.Info) (bool, error) {
	if j.CreatedBy == a.UserID {
		return true, nil
	}
	return m.kit.Access.Can(ctx, a, PermOversee, j.EntityID)
}

// MayReadJob says whether a may open the page of job jobID (false when
// there is no such job).
func (m *Module) MayReadJob(ctx context.Context, a *auth.Actor, jobID string) (bool, error) {
	j, err := jobs.Get(ctx, m.kit.DB, jobID)
	if errors.Is(err, db.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return m.mayRead(ctx, a, j)
}

func (m *Module) show(w http.ResponseWriter, r *http.Request) error {
	a := auth.FromContext(r.Context())
	j, err := jobs.Get(r.Context(), m.kit.DB, r.PathValue("id"))
	if err != nil {
		return err
	}
	ok, err := m.mayRead(r.Context(), a, j)
	if err != nil {
		return err
	}
	if !ok {
		return db.ErrNotFound
	}
	return m.kit.Page(w, r, "background/job", &web.Page{Title: j.Title,
		Crumbs: []web.Crumb{{Label: "Trabajos", Href: "/trabajos"}}, Data: j})
}

// listLimit bounds the list of recent jobs.
const listLimit = 100

func (m *Module) list(w http.ResponseWriter, r *http.Request) error {
	a := auth.FromContext(r.Context())
	scope, err := m.kit.Access.Scope(r.Context(), a, PermOversee)
	if err != nil {
		return err
	}
	all, err := jobs.Recent(r.Context(), m.kit.DB, a.Entity.ID, scope.All, listLimit)
	if err != nil {
		return err
	}
	var visible []jobs.Info
	for _, j := range all {
		ok, err := m.mayRead(r.Context(), a, j)
		if err != nil {
			return err
		}
		if ok {
			visible = append(visible, j)
		}
	}
	return m.kit.Page(w, r, "background/list", &web.Page{Title: "Trabajos en segundo plano", Data: visible})
}
