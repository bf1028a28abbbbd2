package oidc

import (
	"context"
	"embed"
	"net/http"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"

	"concejo/internal/platform/access"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html
var templatesFS embed.FS

var spanish = language.Spanish

// Paths of the provider. The issuer is the platform's public address; the
// protocol endpoints live under /oidc/.
const (
	prefix    = "/oidc/"
	loginPath = "/oidc/entrar"
)

// Module is the OpenID Connect provider and the applications register.
type Module struct {
	kit      *kit.Kit
	storage  *storage
	provider *op.Provider
	// logoutHTTP delivers logout tokens.
	logoutHTTP *http.Client
}

// New returns the module; logout delivers the back-channel logout tokens
// (nil: LogoutClient()).
func New(k *kit.Kit, logout *http.Client) *Module {
	if logout == nil {
		logout = LogoutClient()
	}
	return &Module{kit: k, storage: &storage{kit: k, keys: newKeyRing(k.DB), tokens: newTokenWriter(k.DB)}, logoutHTTP: logout}
}

// Issuer is the provider's issuer identifier: the public base URL.
func (m *Module) Issuer() string { return strings.TrimSuffix(m.kit.Config.Public(), "/") }

// Register creates the first signing key if needed, builds the provider and
// adds routes, pages and the menu entry.
func (m *Module) Register() error {
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := EnsureKey(context.Background(), m.kit.DB); err != nil {
		return err
	}
	if err := m.buildProvider(); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("oidc", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	proto := func(w http.ResponseWriter, r *http.Request) error { return m.serveProtocol(w, r) }
	rt.Handle("GET", discoveryPath, access.Public, m.serveDiscovery)
	rt.Handle("GET", "/oidc/keys", access.Public, proto)
	rt.Handle("GET", "/oidc/authorize", access.Public, proto)
	rt.Handle("POST", "/oidc/authorize", access.Public, proto)
	rt.Handle("POST", "/oidc/token", access.Public, proto)
	rt.Handle("GET", "/oidc/userinfo", access.Public, proto)
	rt.Handle("POST", "/oidc/userinfo", access.Public, proto)
	rt.Handle("POST", "/oidc/introspect", access.Public, proto)
	rt.Handle("POST", "/oidc/revoke", access.Public, proto)
	rt.Handle("GET", "/oidc/end_session", access.Public, proto)
	for _, path := range []string{"/oidc/token", "/oidc/revoke", "/oidc/userinfo"} {
		rt.Handle("OPTIONS", path, access.Public, proto) // CORS preflight of browser applications
	}
	rt.Handle("POST", "/oidc/end_session", access.Public, proto)
	rt.Handle("GET", loginPath, PermSignIn, m.loginBridge)

	rt.Handle("GET", "/aplicaciones", PermManage, m.listPage)
	rt.Handle("GET", "/aplicaciones/nueva", PermManage, m.newPage)
	rt.Handle("POST", "/aplicaciones", PermManage, m.create)
	rt.Handle("GET", "/aplicaciones/{id}", PermManage, m.showPage)
	rt.Handle("GET", "/aplicaciones/{id}/editar", PermManage, m.editPage)
	rt.Handle("POST", "/aplicaciones/{id}", PermManage, m.update)
	rt.Handle("POST", "/aplicaciones/{id}/secreto", PermManage, m.newSecret)
	rt.Handle("POST", "/aplicaciones/{id}/estado", PermManage, m.setActive)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Aplicaciones", Href: "/aplicaciones", Perm: PermManage})
	return nil
}

func (m *Module) buildProvider() error {
	crypto, err := tokenCrypto(context.Background(), m.kit.DB, m.kit.Vault)
	if err != nil {
		return err
	}
	cfg := &op.Config{
		DefaultLogoutRedirectURI:          "/entrar",
		CodeMethodS256:                    true,
		AuthMethodPost:                    true,
		GrantTypeRefreshToken:             true,
		SupportedUILocales:                []language.Tag{spanish},
		BackChannelLogoutSupported:        true,
		BackChannelLogoutSessionSupported: true,
		SupportedClaims:                   append(append([]string{}, op.DefaultSupportedClaims...), "nif", "entidad", "roles"),
		SupportedScopes:                   []string{oidc.ScopeOpenID, oidc.ScopeProfile, oidc.ScopeEmail, oidc.ScopeOfflineAccess},
	}
	opts := []op.Option{
		op.WithCustomAuthEndpoint(op.NewEndpoint("oidc/authorize")),
		op.WithCustomTokenEndpoint(op.NewEndpoint("oidc/token")),
		op.WithCustomIntrospectionEndpoint(op.NewEndpoint("oidc/introspect")),
		op.WithCustomUserinfoEndpoint(op.NewEndpoint("oidc/userinfo")),
		op.WithCustomRevocationEndpoint(op.NewEndpoint("oidc/revoke")),
		op.WithCustomEndSessionEndpoint(op.NewEndpoint("oidc/end_session")),
		op.WithCustomKeysEndpoint(op.NewEndpoint("oidc/keys")),
		op.WithCrypto(crypto),
	}
	if strings.HasPrefix(m.Issuer(), "http://") {
		opts = append(opts, op.WithAllowInsecure())
	}
	p, err := op.NewProvider(cfg, m.storage, op.StaticIssuer(m.Issuer()), opts...)
	if err != nil {
		return err
	}
	m.provider = p
	return nil
}

// CrossOriginEndpoints are the protocol endpoints a browser application
// (a public PKCE client on another origin) calls directly. They are not
// authenticated by the session cookie, so the platform's cross-origin
// protection lets them through.
var CrossOriginEndpoints = []string{"POST /oidc/token", "POST /oidc/revoke", "POST /oidc/userinfo"}

// maxProtocolBody bounds what a protocol request may send.
const maxProtocolBody = 64 << 10

// serveProtocol hands a protocol request to the provider after the checks
// the library leaves to us (body size, a parsable form), so that bad input
// is a 400 and never a 500.
func (m *Module) serveProtocol(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxProtocolBody)
	if err := r.ParseForm(); err != nil {
		return oauthError(w, http.StatusBadRequest, "invalid_request", "malformed request")
	}
	if strings.HasSuffix(r.URL.Path, "/end_session") {
		req, err := op.ParseEndSessionRequest(r, m.provider.Decoder())
		if err != nil || len(req.IdTokenHint) > 8000 {
			return oauthError(w, http.StatusBadRequest, "invalid_request", "malformed request")
		}
	}
	m.provider.ServeHTTP(goneWriter{w, r}, r)
	if r.Context().Err() != nil {
		m.kit.Log.InfoContext(r.Context(), "cliente desconectado", "path", r.URL.Path)
	}
	return nil
}

// goneWriter answers web.StatusClientClosed, instead of the error the
// library writes, when the client disconnected mid-request: the access log
// then tells a client that went away from a fault of the server.
type goneWriter struct {
	http.ResponseWriter
	r *http.Request
}

func (g goneWriter) WriteHeader(code int) {
	if code >= 400 && g.r.Context().Err() != nil {
		code = web.StatusClientClosed
	}
	g.ResponseWriter.WriteHeader(code)
}

func oauthError(w http.ResponseWriter, status int, code, desc string) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write([]byte(`{"error":"` + code + `","error_description":"` + desc + `"}`))
	return err
}
