package eoffice

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"embed"
	"net/http"
	"strings"
	"sync"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/casefile"
	"concejo/internal/eadmin/registry"
	"concejo/internal/eadmin/signflow"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html
var templatesFS embed.FS

//go:embed sede/*.html
var sedeFS embed.FS

// Service is the code of the sede electrónica application in the catalogue.
const Service = "oficina_virtual"

// Registrar makes registry entries and returns their justificantes: the
// registro module (internal/eadmin/registry) offers it.
type Registrar interface {
	Register(ctx context.Context, in registry.NewEntry) (registry.Entry, error)
	Receipt(ctx context.Context, entityID, entryID string) ([]byte, error)
}

// Padron is what the sede asks of the padrón de habitantes (the census
// module offers it).
type Padron interface {
	// IssueOwnVolante issues the volante of the person with document, as
	// inscribed now in the entity's padrón: its CSV and PDF, or
	// db.ErrNotFound when he is not inscribed there.
	IssueOwnVolante(ctx context.Context, entityID, entityName, document string) (string, []byte, error)
}

// CrossOriginEndpoints are the routes that receive cross-site POSTs by
// design (the IdP posts the SAML Response to the ACS through the browser):
// the app exempts them from http.CrossOriginProtection. The response itself
// is authenticated by its XML signature and bound to a request of ours.
var CrossOriginEndpoints = []string{"POST /e/{sede}/sede/saml/acs"}

// Module is the sede electrónica.
type Module struct {
	kit      *kit.Kit
	reg      Registrar
	pages    *web.Pages
	idpPages *web.Pages
	saml     samlConfig
	certs    *auth.CertSource
	// Padron issues the citizen's own volante de empadronamiento (set by
	// the app: the padrón module; nil: the sede offers none).
	Padron Padron
	// PublicBase returns the absolute URL of the entity's sede root (no
	// trailing slash). The default is the platform's public URL + /e/{sede}/sede;
	// a host-name mapping may replace it.
	PublicBase func(e directory.Entity) string
	// Cases is the tramitador whose expedientes and notifications the sede
	// shows to the identified citizen (set by the app; nil: none).
	Cases *casefile.Module
	// Seals lists the entity's electronic seals, which the sede publishes
	// (set by the app: the portafirmas'; nil: none).
	Seals func(ctx context.Context, entityID string) ([]signflow.Certificate, error)

	keyMu  sync.Mutex
	spKey  *rsa.PrivateKey
	spCert *x509.Certificate
}

// New returns the module; reg makes the registry entries of submissions.
func New(k *kit.Kit, reg Registrar) *Module {
	m := &Module{kit: k, reg: reg, saml: readSAMLConfig()}
	m.PublicBase = func(e directory.Entity) string { return k.Config.Public() + sedePath(e) }
	return m
}

// now is the sede's official date and time: the platform's clock.
func (m *Module) now() time.Time { return m.kit.Now() }

// sedePath is the path of the entity's sede root under /e/.
func sedePath(e directory.Entity) string { return "/e/" + e.Code() + "/sede" }

type rootKey struct{}

// WithRoot makes the sede pages of a request link and redirect under root
// instead of /e/{sede}/sede: a host-name mapping (sede.ayuntamiento.es)
// routes its requests to these handlers with the {sede} path value set and
// root "" (the host's own root). PublicBase must then name the host too.
func WithRoot(ctx context.Context, root string) context.Context {
	return context.WithValue(ctx, rootKey{}, strings.TrimSuffix(root, "/"))
}

// rootOf is the path under which the request's sede pages live.
func rootOf(r *http.Request, e directory.Entity) string {
	if v, ok := r.Context().Value(rootKey{}).(string); ok {
		return v
	}
	return sedePath(e)
}

// homeOf is the link to the sede's front page.
func homeOf(r *http.Request, e directory.Entity) string {
	if root := rootOf(r, e); root != "" {
		return root
	}
	return "/"
}

// Register declares the module's permissions and adds routes, pages and
// the menu entry.
func (m *Module) Register() error {
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if m.saml.err != nil {
		return m.saml.err
	}
	certs, err := auth.NewCertSource(m.kit.Config.CertHeader, m.kit.Config.CertVerifyHeader, m.kit.Config.TrustedProxies)
	if err != nil {
		return err
	}
	m.certs = certs
	if err := m.kit.Renderer.AddPages("eoffice", templatesFS, "templates"); err != nil {
		return err
	}
	if m.pages, err = newSedeRenderer(); err != nil {
		return err
	}
	if m.idpPages, err = newIdPRenderer(); err != nil {
		return err
	}
	rt := m.kit.Router
	pub := m.publicRoute
	// Public sede pages.
	pub("GET", "/e/{sede}/sede", m.home)
	pub("GET", "/e/{sede}/sede/identidad.css", m.identityCSS)
	pub("GET", "/e/{sede}/sede/procedimientos", m.procedures)
	pub("GET", "/e/{sede}/sede/procedimientos/{codigo}", m.procedure)
	pub("GET", "/e/{sede}/sede/calendario", m.calendar)
	pub("GET", "/e/{sede}/sede/accesibilidad", m.accessibility)
	pub("GET", "/e/{sede}/sede/aviso-legal", m.legal)
	pub("GET", "/e/{sede}/sede/registro", m.registryInfo)
	// Citizen identification.
	pub("GET", "/e/{sede}/sede/entrar", m.signIn)
	pub("GET", "/e/{sede}/sede/entrar/clave", m.claveStart)
	pub("GET", "/e/{sede}/sede/entrar/certificado", m.certSignIn)
	pub("POST", "/e/{sede}/sede/salir", m.signOut)
	pub("GET", "/e/{sede}/sede/saml/metadata", m.samlMetadata)
	pub("POST", "/e/{sede}/sede/saml/acs", m.samlACS)
	// The Cl@ve de pruebas (demo and trials only: a 404 otherwise).
	m.idpRoute("GET", "/metadata", m.idpMetadataPage)
	m.idpRoute("GET", "/sso", m.idpChoose)
	m.idpRoute("POST", "/sso", m.idpAnswer)
	// Identified citizen.
	pub("GET", "/e/{sede}/sede/solicitud", m.submitForm)
	pub("POST", "/e/{sede}/sede/solicitud", m.submit)
	pub("GET", "/e/{sede}/sede/solicitud/{borrador}", m.checkAnswers)
	pub("POST", "/e/{sede}/sede/solicitud/{borrador}", m.present)
	pub("GET", "/e/{sede}/sede/mis-registros", m.mine)
	pub("GET", "/e/{sede}/sede/mis-registros/{id}/justificante", m.myReceipt)
	pub("GET", "/e/{sede}/sede/empadronamiento", m.myCensus)
	pub("POST", "/e/{sede}/sede/empadronamiento/volante", m.myVolante)
	m.casesRoutes()
	// Staff: the current entity's sede content. A procedure is looked up
	// before PermChange is asked: another entity's is a 404.
	rt.Handle("GET", "/sede-electronica", PermRead, m.staffOverview)
	rt.Handle("GET", "/sede-electronica/datos", PermChange, m.staffContentForm)
	rt.Handle("POST", "/sede-electronica/datos", PermChange, m.staffContentSave)
	rt.Handle("GET", "/sede-electronica/procedimientos/nuevo", PermChange, m.staffProcedureNew)
	rt.Handle("POST", "/sede-electronica/procedimientos", PermChange, m.staffProcedureCreate)
	rt.Handle("GET", "/sede-electronica/procedimientos/{id}", PermRead, m.staffProcedureForm)
	rt.Handle("POST", "/sede-electronica/procedimientos/{id}", PermRead, m.staffProcedureSave)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Sede electrónica", Href: "/sede-electronica", Perm: PermChange})
	return nil
}

// entity resolves the {sede} of the request.
func (m *Module) entity(r *http.Request) (directory.Entity, error) {
	return entityByKey(r.Context(), m.kit.DB, r.PathValue("sede"))
}
