package web

import (
	"context"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"concejo/internal/platform/auth"
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

// Observe gives each request an id, recovers panics as 500 pages, logs one
// structured line per request with user and entity, and reports it to
// observe. It must wrap the session middleware so the actor is known.
func Observe(log *slog.Logger, observe Observer, fail func(http.ResponseWriter, *http.Request, error), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rid := r.Header.Get("X-Request-Id")
		if rid == "" || len(rid) > 64 {
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
					fail(sw, r, &Error{http.StatusInternalServerError, "Se ha producido un error interno."})
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
