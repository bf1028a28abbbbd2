package web

import (
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
)

// HandlerFunc is a handler that returns an error instead of writing it.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Route is a registered route with its permission, listed for the route
// walker, the authorization tests and `concejo routes`.
type Route = access.Route

// Router wraps http.ServeMux, records routes and turns errors into pages.
type Router struct {
	Mux      *http.ServeMux
	Renderer *Renderer
	Log      *slog.Logger
	// SetFlash stores a one-time message for the next page (set by the app).
	SetFlash func(r *http.Request, msg string)
	// Access answers whether the actor holds a route's permission (set by
	// the app before the first request).
	Access *access.Catalogue
	routes []Route
}

// NewRouter returns a router rendering errors with rd.
func NewRouter(rd *Renderer, log *slog.Logger) *Router {
	return &Router{Mux: http.NewServeMux(), Renderer: rd, Log: log}
}

// Handle registers h for method and pattern (ServeMux syntax), reachable
// by who holds perm: the route's declared permission (access.Public,
// access.PartialAuth or a module's).
func (rt *Router) Handle(method, pattern string, perm access.Permission, h HandlerFunc) {
	rt.routes = append(rt.routes, Route{Method: method, Pattern: pattern, Perm: perm})
	route := method + " " + pattern
	rt.Mux.HandleFunc(route, func(w http.ResponseWriter, r *http.Request) {
		noteRoute(r, route)
		if redirect := signIn(r, perm); redirect != "" {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, redirect, http.StatusSeeOther)
				return
			}
			rt.Fail(w, r, errs.ErrUnauthorized)
			return
		}
		if perm != access.Public {
			if err := rt.Access.Gate(r.Context(), auth.FromContext(r.Context()), perm); err != nil {
				rt.Fail(w, r, err)
				return
			}
		}
		if err := h(w, r); err != nil {
			rt.Fail(w, r, err)
		}
	})
}

// signIn returns where to send a request whose session does not reach
// perm (to sign in, or to the second factor), or "".
func signIn(r *http.Request, perm access.Permission) string {
	if perm == access.Public {
		return ""
	}
	a := auth.FromContext(r.Context())
	if a == nil {
		return "/entrar?volver=" + url.QueryEscape(r.URL.RequestURI())
	}
	if perm != access.PartialAuth && a.TOTPEnabled && !a.MFADone {
		return "/entrar/segundo-factor"
	}
	if perm != access.PartialAuth && a.NeedsMFASetup() {
		return "/cuenta/segundo-factor"
	}
	return ""
}

// Routes lists every registered route, sorted.
func (rt *Router) Routes() []Route {
	out := append([]Route(nil), rt.routes...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pattern != out[j].Pattern {
			return out[i].Pattern < out[j].Pattern
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// Fail renders err as an error page with its status; 5xx are logged. A
// request whose client disconnected is only noted, with StatusClientClosed.
func (rt *Router) Fail(w http.ResponseWriter, r *http.Request, err error) {
	if ClientGone(r, err) {
		rt.Log.InfoContext(r.Context(), "cliente desconectado", "path", r.URL.Path)
		w.WriteHeader(StatusClientClosed)
		return
	}
	status, msg := StatusOf(err)
	if status >= 500 {
		rt.Log.ErrorContext(r.Context(), "error interno", "err", err.Error(), "path", r.URL.Path)
	}
	rt.errorPage(w, r, status, msg)
}

// ErrorPage is what the error page shows besides its title.
type ErrorPage struct {
	Message string
	// RequestID identifies the request in the log, for a 5xx report.
	RequestID string
}

// errorPage writes the styled error page with status and msg, or plain
// text if the page cannot be rendered.
func (rt *Router) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if rt.Renderer.HasPage("web/error") {
		p := &Page{Title: errorTitle(status), Data: ErrorPage{Message: msg, RequestID: RequestID(r.Context())}}
		if rerr := rt.Renderer.Render(w, r, status, "web/error", p); rerr == nil {
			return
		}
	}
	http.Error(w, msg, status)
}

// errorTitle is the heading of the error page for status.
func errorTitle(status int) string {
	switch {
	case status == http.StatusNotFound:
		return "No se encuentra la página"
	case status == http.StatusForbidden:
		return "No tiene acceso a esta página"
	case status == http.StatusUnauthorized:
		return "Tiene que iniciar sesión"
	case status == http.StatusMethodNotAllowed:
		return "Esta dirección no admite esa operación"
	case status == http.StatusGone:
		return "Esta página ya no está disponible"
	case status == http.StatusServiceUnavailable:
		return "Servicio no disponible en este momento"
	case status >= 500:
		return "Se ha producido un error"
	}
	return "No se ha podido completar la operación"
}

// ServeHTTP dispatches r through the mux. A request that no route takes
// (an unknown address, or a known one with another method) gets the styled
// error page, 404 or 405 with its Allow header, instead of the mux's plain
// English text.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, pattern := rt.Mux.Handler(r)
	if pattern != "" {
		rt.Mux.ServeHTTP(w, r)
		return
	}
	answer := &statusRecorder{header: http.Header{}}
	h.ServeHTTP(answer, r)
	if answer.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", answer.header.Get("Allow"))
		rt.errorPage(w, r, http.StatusMethodNotAllowed, "La dirección existe, pero no admite esta operación. Vuelva a la página anterior y use sus enlaces y botones.")
		return
	}
	rt.NotFound(w, r)
}

// NotFound answers with the styled 404 page.
func (rt *Router) NotFound(w http.ResponseWriter, r *http.Request) {
	rt.errorPage(w, r, http.StatusNotFound, "La dirección no corresponde a ninguna página. Si la ha escrito a mano, compruebe que es correcta; si ha llegado por un enlace, puede que la página ya no exista.")
}

// statusRecorder keeps the status and headers a handler answers with and
// drops its body: the mux's own answer to an unmatched request.
type statusRecorder struct {
	header http.Header
	status int
}

func (s *statusRecorder) Header() http.Header { return s.header }

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.WriteHeader(http.StatusOK)
	return len(b), nil
}

// Redirect sends the browser to target after a successful POST, with an
// optional flash message.
func (rt *Router) Redirect(w http.ResponseWriter, r *http.Request, target, flash string) error {
	if flash != "" && rt.SetFlash != nil {
		rt.SetFlash(r, flash)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// LocalPath reports whether target, sent as a redirect's Location, can only
// lead to a path of this same site: it starts with a single "/" and has no
// scheme, host or user; no backslash (browsers read it as "/", so "/\x"
// is "//x", another host) and no control character (browsers drop tabs and
// new lines, so "/\t/x" is "//x" too). Anything else ("//x", "https:x",
// "javascript:", malformed escapes) is refused rather than repaired.
func LocalPath(target string) bool {
	if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") || !utf8.ValidString(target) {
		return false
	}
	for _, c := range target {
		if c == '\\' || unicode.IsControl(c) {
			return false
		}
	}
	u, err := url.Parse(target)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == ""
}
