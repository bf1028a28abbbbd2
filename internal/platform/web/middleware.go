package web

import (
	"context"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
)

type reqIDKey struct{}

// RequestID returns the id given to the request by Middleware.
func RequestID(ctx context.Context) string {
	v, _ := ctx.Value(reqIDKey{}).(string)
	return v
}

// SecurityHeaders sets the strict headers every response carries: a CSP that
// allows no inline script, no framing, no sniffing, no referrer leaks; HSTS
// when served over TLS.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// requestInfo is filled further in (actor by the session middleware, route
// by the router) for Observe to log and measure.
type requestInfo struct {
	actor *auth.Actor
	route string
}

// Observer records a finished request (metrics).
type Observer func(route string, status int, d time.Duration)

// requestIDRe is the form of a request id taken from a trusted proxy (nginx's
// $request_id is 32 hex digits): nothing that could break a log line or a header.
var requestIDRe = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// Observe gives each request an id (the trusted proxy's X-Request-Id when
// well formed, a new one otherwise), recovers panics as 500 pages, logs one
// structured line per request with user and entity, and reports it to
// observe. It must wrap the session middleware so the actor is known.
func Observe(log *slog.Logger, observe Observer, fail func(http.ResponseWriter, *http.Request, error), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rid := r.Header.Get("X-Request-Id")
		if !auth.FromTrustedProxy(r) || !requestIDRe.MatchString(rid) {
			rid = id.New()
		}
		ctx := context.WithValue(r.Context(), reqIDKey{}, rid)
		r = r.WithContext(ctx)
		sw := &statusWriter{ResponseWriter: w}
		sw.Header().Set("X-Request-Id", rid)
		info := &requestInfo{}
		defer func() {
			if p := recover(); p != nil {
				log.ErrorContext(ctx, "panic", "request_id", rid, "panic", p, "stack", string(debug.Stack()))
				if sw.status == 0 {
					fail(sw, r, errs.New(errs.Internal, "Se ha producido un error interno."))
				}
			}
			elapsed := time.Since(start)
			attrs := []any{"request_id", rid, "method", r.Method, "path", r.URL.Path, "route", info.route,
				"status", sw.status, "bytes", sw.bytes, "ms", float64(elapsed.Microseconds()) / 1000}
			if info.actor != nil {
				attrs = append(attrs, "user", info.actor.UserID, "entity", info.actor.Entity.ID)
			}
			log.InfoContext(ctx, "http", attrs...)
			if observe != nil {
				observe(info.route, sw.status, elapsed)
			}
		}()
		next.ServeHTTP(sw, r.WithContext(context.WithValue(ctx, infoKey{}, info)))
	})
}

type infoKey struct{}

// NoteActor lets Observe log the actor found further in.
func NoteActor(r *http.Request, a *auth.Actor) {
	if p, ok := r.Context().Value(infoKey{}).(*requestInfo); ok {
		p.actor = a
	}
}

// noteRoute lets Observe label the request with its route pattern.
func noteRoute(r *http.Request, route string) {
	if p, ok := r.Context().Value(infoKey{}).(*requestInfo); ok {
		p.route = route
	}
}

// PrivateCaching makes "private, no-store" the Cache-Control of every
// response to a signed-in user (an actor in the context) or to a request
// carrying one of sessionCookies, unless the handler chose its own caching:
// such pages and downloads hold personal data that no browser or shared
// cache may keep. It must run inside the session middleware.
func PrivateCaching(next http.Handler, sessionCookies ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if auth.FromContext(r.Context()) == nil && !hasCookie(r, sessionCookies) {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(&noStoreWriter{ResponseWriter: w}, r)
	})
}

func hasCookie(r *http.Request, names []string) bool {
	for _, n := range names {
		if c, err := r.Cookie(n); err == nil && c.Value != "" {
			return true
		}
	}
	return false
}

// noStoreWriter sets the default Cache-Control just before the headers go out.
type noStoreWriter struct {
	http.ResponseWriter
	sent bool
}

func (n *noStoreWriter) WriteHeader(code int) {
	if !n.sent {
		n.sent = true
		if h := n.Header(); h.Get("Cache-Control") == "" {
			h.Set("Cache-Control", "private, no-store")
		}
	}
	n.ResponseWriter.WriteHeader(code)
}

func (n *noStoreWriter) Write(b []byte) (int, error) {
	if !n.sent {
		n.WriteHeader(http.StatusOK)
	}
	return n.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (n *noStoreWriter) Unwrap() http.ResponseWriter { return n.ResponseWriter }
