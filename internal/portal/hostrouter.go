package portal

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"concejo/internal/platform/web"
)

// hostMap maps host names to site paths, reloaded from portal_sites at most
// every hostTTL and at once after a change.
type hostMap struct {
	mu     sync.RWMutex
	portal map[string]string // host → code
	sede   map[string]string // sede host → code
	loaded time.Time
}

const hostTTL = 30 * time.Second

type viaHostKey struct{}

// viaHost reports whether the request reached the site by its own host name.
func viaHost(r *http.Request) bool { v, _ := r.Context().Value(viaHostKey{}).(bool); return v }

// passThrough are the platform paths every host serves unchanged.
var passThrough = []string{"/static/", "/verificar", "/healthz", "/readyz", "/e/"}

// HostRouter rewrites requests that arrive by an entity's own host name to
// that entity's public paths: the portal host to /e/{code}/..., the sede
// host to /e/{code}/sede/... (served by the eoffice module). Shared platform
// paths (/static/, /verificar) pass unchanged, and so does every request to
// a host that is not mapped (the platform's own host).
//
// It also answers, before the rest of the chain (sessions, logging), the
// public pages it holds in its cache: a cached page is the same for every
// visitor, so a hit costs a map lookup and a write (see loadtest/portal).
// The platform's security headers are still set. Place it outermost.
func (m *Module) HostRouter(next http.Handler) http.Handler {
	plain, secure := securityHeaders(false), securityHeaders(true)
	serveHit := func(w http.ResponseWriter, r *http.Request, p *cachedPage) {
		sec := plain
		if r.TLS != nil {
			sec = secure
		}
		h := w.Header()
		for k, v := range sec {
			h[k] = v
		}
		p.serve(w, r)
	}
	own := platformHost(m.kit.Config.Public())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := normalizeHost(r.Host)
		code, sede := "", false
		if host != "" && host != own { // the platform's own host is never an entity's, whatever portal_sites says
			code, sede = m.hosts.lookup(r.Context(), m, host)
		}
		if code == "" {
			if p := m.cachedHit(r, r.URL.Path, false); p != nil {
				serveHit(w, r, p)
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		for _, p := range passThrough {
			if strings.HasPrefix(r.URL.Path, p) {
				next.ServeHTTP(w, r)
				return
			}
		}
		prefix := "/e/" + code
		if sede {
			prefix += "/sede"
		}
		if !sede {
			if p := m.cachedHit(r, prefix+r.URL.Path, true); p != nil {
				serveHit(w, r, p)
				return
			}
		}
		r2 := r.Clone(context.WithValue(r.Context(), viaHostKey{}, true))
		r2.URL.Path = prefix + r.URL.Path
		if r.URL.RawPath != "" {
			r2.URL.RawPath = prefix + r.URL.RawPath
		}
		next.ServeHTTP(w, r2)
	})
}

// headerSink keeps the headers a handler sets and drops the rest.
type headerSink http.Header

func (h headerSink) Header() http.Header         { return http.Header(h) }
func (h headerSink) Write(b []byte) (int, error) { return len(b), nil }
func (h headerSink) WriteHeader(int)             {}

// securityHeaders returns the headers web.SecurityHeaders sets on every
// response (with or without TLS), to set them on cache hits at the cost of
// a map copy.
func securityHeaders(tlsOn bool) http.Header {
	h := headerSink{}
	r := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/"}, Header: http.Header{}}
	if tlsOn {
		r.TLS = &tls.ConnectionState{}
	}
	web.SecurityHeaders(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})).ServeHTTP(h, r)
	return http.Header(h)
}

// cachedHit returns the fresh cached public page for a GET or HEAD of path
// (already rewritten), or nil.
func (m *Module) cachedHit(r *http.Request, path string, byHost bool) *cachedPage {
	if (r.Method != http.MethodGet && r.Method != http.MethodHead) || !strings.HasPrefix(path, "/e/") {
		return nil
	}
	return m.cache.get(cacheKey(path, r.URL.RawQuery, byHost), m.kit.Now())
}

// normalizeHost lower-cases a Host header and drops its port.
func normalizeHost(h string) string {
	if hh, _, err := net.SplitHostPort(h); err == nil {
		h = hh
	}
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

func (hm *hostMap) lookup(ctx context.Context, m *Module, host string) (code string, sede bool) {
	hm.mu.RLock()
	fresh := time.Since(hm.loaded) < hostTTL && hm.portal != nil
	if fresh {
		if c, ok := hm.portal[host]; ok {
			code = c
		} else if c, ok := hm.sede[host]; ok {
			code, sede = c, true
		}
	}
	hm.mu.RUnlock()
	if fresh {
		return code, sede
	}
	if err := hm.reload(ctx, m); err != nil {
		m.kit.Log.ErrorContext(ctx, "portal: cargar los dominios", "err", err.Error())
		return "", false
	}
	return hm.lookup(ctx, m, host)
}

func (hm *hostMap) reload(ctx context.Context, m *Module) error {
	rows, err := m.kit.DB.QueryContext(ctx, `SELECT code, COALESCE(host, ''), COALESCE(sede_host, '') FROM portal_sites
		WHERE host IS NOT NULL OR sede_host IS NOT NULL`)
	if err != nil {
		return err
	}
	defer rows.Close()
	p, s := map[string]string{}, map[string]string{}
	for rows.Next() {
		var code, host, sede string
		if err := rows.Scan(&code, &host, &sede); err != nil {
			return err
		}
		if host != "" {
			p[host] = code
		}
		if sede != "" {
			s[sede] = code
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	hm.mu.Lock()
	hm.portal, hm.sede, hm.loaded = p, s, time.Now()
	hm.mu.Unlock()
	return nil
}

// forget makes the next lookup reload the map.
func (hm *hostMap) forget() {
	hm.mu.Lock()
	hm.loaded = time.Time{}
	hm.mu.Unlock()
}
