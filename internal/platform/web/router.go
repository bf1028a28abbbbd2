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

// Fail renders err as an error page with its status; 5xx are logged.
func (rt *Router) Fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := StatusOf(err)
	if status >= 500 {
		rt.Log.ErrorContext(r.Context(), "error interno", "err", err.Error(), "path", r.URL.Path)
	}
	if rt.Renderer.HasPage("web/error") {
		if rerr := rt.Renderer.Render(w, r, status, "web/error", &Page{Title: "Error", Data: msg}); rerr == nil {
			return
		}
	}
	http.Error(w, msg, status)
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
