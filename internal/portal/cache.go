package portal

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// pageCache keeps rendered public pages in memory. An entry lives until its
// entity publishes something (invalidate), until the next scheduled change
// of that entity (an edict or news item due to appear or go), or maxAge.
type pageCache struct {
	mu      sync.RWMutex
	entries map[string]*cachedPage
	// hits and builds count the responses served from the cache and the
	// ones built and kept (WriteMetrics).
	hits, builds atomic.Int64
}

// everySite is the entityID of a cached response made from every site (the
// provincial open data catalogue): any site's change drops it.
const everySite = ""

// cacheParams are the query parameters that change a cached public page,
// each with the one value that does (the survey results' "gracias=1" thanks
// the visitor who has just answered). Every other parameter and value stays
// out of the cache key: junk query strings share the page's entry instead of
// filling the cache with copies of it and evicting the real pages.
var cacheParams = map[string]string{"gracias": "1"}

// cacheKey names a public response in the cache: its path (as routed, under
// /e/{code} for a site), the cacheParams it carries, and whether it came by
// the site's own host name (its links differ).
func cacheKey(path, rawQuery string, byHost bool) string {
	k := "p|" + path
	if byHost {
		k = "h|" + path
	}
	if rawQuery == "" {
		return k
	}
	q, _ := url.ParseQuery(rawQuery) // what parses is what a page reads
	var kept []string
	for name, value := range cacheParams {
		if q.Get(name) == value {
			kept = append(kept, name+"="+value)
		}
	}
	if len(kept) == 0 {
		return k
	}
	sort.Strings(kept)
	return k + "?" + strings.Join(kept, "&")
}

type cachedPage struct {
	entityID    string
	body        []byte
	contentType string
	etag        string
	modified    time.Time
	expires     time.Time
	// header values, computed once
	hCT, hETag, hLM, hCC []string
}

var cacheControl = []string{"public, no-cache"}

func (p *cachedPage) prepare() {
	if p.etag == "" {
		p.etag = etagOf(p.body)
	}
	p.hCT, p.hETag, p.hLM, p.hCC = []string{p.contentType}, []string{p.etag},
		[]string{p.modified.UTC().Format(http.TimeFormat)}, cacheControl
}

const (
	cacheMaxAge     = 5 * time.Minute
	cacheMaxEntries = 20000
)

func newPageCache() *pageCache { return &pageCache{entries: map[string]*cachedPage{}} }

func (c *pageCache) get(key string, now time.Time) *cachedPage {
	c.mu.RLock()
	p := c.entries[key]
	c.mu.RUnlock()
	if p == nil || !now.Before(p.expires) {
		return nil
	}
	c.hits.Add(1)
	return p
}

func (c *pageCache) put(key string, p *cachedPage) {
	p.prepare()
	c.mu.Lock()
	if len(c.entries) >= cacheMaxEntries {
		c.entries = map[string]*cachedPage{}
	}
	c.entries[key] = p
	c.mu.Unlock()
	c.builds.Add(1)
}

// invalidate drops every page of entityID and those made from every site
// ("" drops everything: a province-wide notice shows on every site).
func (c *pageCache) invalidate(entityID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if entityID == "" {
		c.entries = map[string]*cachedPage{}
		return
	}
	for k, p := range c.entries {
		if p.entityID == entityID || p.entityID == everySite {
			delete(c.entries, k)
		}
	}
}

// size is the number of cached responses.
func (c *pageCache) size() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// WriteMetrics writes the public page cache's figures in the Prometheus
// text format (for /metrics).
func (m *Module) WriteMetrics(w io.Writer) {
	fmt.Fprintf(w, "# HELP concejo_portal_cache_entries Respuestas públicas en la caché del portal.\n"+
		"# TYPE concejo_portal_cache_entries gauge\nconcejo_portal_cache_entries %d\n", m.cache.size())
	fmt.Fprintf(w, "# HELP concejo_portal_cache_hits_total Respuestas públicas servidas desde la caché del portal.\n"+
		"# TYPE concejo_portal_cache_hits_total counter\nconcejo_portal_cache_hits_total %d\n", m.cache.hits.Load())
	fmt.Fprintf(w, "# HELP concejo_portal_cache_builds_total Respuestas públicas construidas y guardadas en la caché del portal.\n"+
		"# TYPE concejo_portal_cache_builds_total counter\nconcejo_portal_cache_builds_total %d\n", m.cache.builds.Load())
}

// serve writes p, or 304 when the client has it already.
func (p *cachedPage) serve(w http.ResponseWriter, r *http.Request) {
	if p.hCT == nil {
		p.prepare()
	}
	h := w.Header()
	h["Content-Type"], h["Etag"], h["Last-Modified"], h["Cache-Control"] = p.hCT, p.hETag, p.hLM, p.hCC
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			if t = strings.TrimSpace(t); t == p.etag || t == "W/"+p.etag || t == "*" {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
	} else if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !p.modified.Truncate(time.Second).After(ims) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if r.Method == http.MethodHead {
		return
	}
	w.Write(p.body)
}

// etagOf is the strong entity tag of body.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}
