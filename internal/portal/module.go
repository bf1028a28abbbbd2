package portal

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"sync"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html templates/public/*.html
var templatesFS embed.FS

//go:embed static
var staticFS embed.FS

// Resident is what the padrón's minimal verification service says of a
// document number in an entity at a moment.
type Resident struct {
	Registered        bool
	District, AgeBand string
}

// CensusCheck asks the padrón whether document is registered in entityID at
// at. Nil when the platform has no padrón: restricted surveys cannot open.
type CensusCheck func(ctx context.Context, entityID, document string, at time.Time) (Resident, error)

// Citizens is the sede electrónica's identification of citizens
// (electronic certificate or Cl@ve) as the portal uses it: restricted
// surveys take the respondent's NIF from it, never from a form field. The
// eoffice module offers it; the app wires it.
type Citizens interface {
	// IdentificationOffered reports whether the sede offers any method.
	IdentificationOffered() bool
	// SignInPath is the sede's identification page of the entity whose
	// public code is code; once identified the citizen returns to back.
	SignInPath(code, back string) string
	// IdentifiedCitizen returns the NIF and name of the person whom the
	// request's citizen session identifies at entityID's sede ("" = nobody).
	IdentifiedCitizen(r *http.Request, entityID string) (nif, name string, err error)
}

// Module is the municipal web portal.
type Module struct {
	kit    *kit.Kit
	public *web.Pages
	cache  *pageCache
	hosts  hostMap
	// Census verifies inhabitants for restricted surveys (wired by the app
	// when the padrón module exists).
	Census CensusCheck
	// Citizens identifies the respondents of restricted surveys (wired by
	// the app; nil: restricted surveys cannot take answers).
	Citizens Citizens

	// answers throttles survey answers per client address.
	answers *auth.Throttle

	secretMu  sync.Mutex
	surveyKey []byte
}

// New returns the module.
func New(k *kit.Kit) *Module {
	return &Module{kit: k, cache: newPageCache(), answers: auth.NewThrottle(30, time.Minute)}
}

// Register adds routes, pages and menu entries.
func (m *Module) Register() error {
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("portal", templatesFS, "templates"); err != nil {
		return err
	}
	pr, err := newPublicRenderer()
	if err != nil {
		return err
	}
	m.public = pr
	rt := m.kit.Router
	static, _ := fs.Sub(staticFS, "static")
	rt.Mux.Handle("GET /static/portal/", http.StripPrefix("/static/portal/", web.Files(static, rt.NotFound)))
	m.registerPublic(rt)
	m.registerAdmin(rt)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Portal web", Href: "/portal", Perm: PermRead})
	return nil
}

// changed drops the cached pages of entityID after a change ("" = all sites).
func (m *Module) changed(entityID string) { m.cache.invalidate(entityID) }
