package account

import (
	"context"
	"embed"
	"time"

	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Invitations counts the invitations to work for an entity that wait for
// a user's answer (internal/core/users).
type Invitations interface {
	PendingInvitations(ctx context.Context, userID string) (int, error)
}

// Module is sign-in, the home page and the user's own account.
type Module struct {
	kit      *kit.Kit
	throttle *auth.Throttle
	certs    *auth.CertSource
	// Invitations, when set, puts the user's pending invitations on his home.
	Invitations Invitations
	// MayReadJob, when set, says whether a person may open a background
	// job's page (the home links the demo load's progress only for him).
	MayReadJob func(ctx context.Context, a *auth.Actor, jobID string) (bool, error)
}

// New returns the module.
func New(k *kit.Kit) *Module {
	return &Module{kit: k, throttle: auth.NewThrottle(k.Config.LoginAttempts, 5*time.Minute)}
}

// Register adds routes and pages.
func (m *Module) Register() error {
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("account", templatesFS, "templates"); err != nil {
		return err
	}
	certs, err := auth.NewCertSource(m.kit.Config.CertHeader, m.kit.Config.CertVerifyHeader, m.kit.Config.TrustedProxies)
	if err != nil {
		return err
	}
	m.certs = certs
	rt := m.kit.Router
	rt.Handle("GET", "/entrar", access.Public, m.loginForm)
	rt.Handle("GET", "/entrar/certificado", access.Public, m.certLogin)
	rt.Handle("POST", "/entrar", access.Public, m.login)
	rt.Handle("GET", "/entrar/segundo-factor", access.PartialAuth, m.totpForm)
	rt.Handle("POST", "/entrar/segundo-factor", access.PartialAuth, m.totp)
	rt.Handle("GET", "/cuenta/segundo-factor", access.PartialAuth, m.enrolForm)
	rt.Handle("POST", "/cuenta/segundo-factor", access.PartialAuth, m.enrol)
	rt.Handle("POST", "/salir", access.PartialAuth, m.logout)
	rt.Handle("GET", "/contrasena/olvido", access.Public, m.forgotForm)
	rt.Handle("POST", "/contrasena/olvido", access.Public, m.forgot)
	rt.Handle("GET", "/contrasena/nueva", access.Public, m.resetForm)
	rt.Handle("POST", "/contrasena/nueva", access.Public, m.reset)
	rt.Handle("POST", "/entidad-actual", PermOwn, m.switchEntity)
	rt.Handle("GET", "/{$}", PermOwn, m.home)
	rt.Handle("GET", "/cuenta", PermOwn, m.account)
	rt.Handle("POST", "/cuenta/contrasena", PermOwn, m.changePassword)
	rt.Handle("POST", "/cuenta/sesiones/cerrar", PermOwn, m.closeOtherSessions)
	rt.Handle("GET", "/accesibilidad", access.Public, m.accessibility)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Inicio", Href: "/", Perm: PermOwn})
	return nil
}
