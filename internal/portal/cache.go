package portal

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"
)

// pageCache keeps rendered public pages in memory. An entry lives until its
// entity publishes something (invalidate), until the next scheduled change
// of that entity (an edict or news item due to appear or go), or maxAge.
type pageCache struct {
	mu      sync.RWMutex
	entries map[string]*cachedPage
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
}

// invalidate drops every page of entityID ("" drops everything: a
// province-wide notice shows on every site).
func (c *pageCache) invalidate(entityID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if entityID == "" {
		c.entries = map[string]*cachedPage{}
		return
	}
	for k, p := range c.entries {
		if p.entityID == entityID {
			delete(c.entries, k)
		}
	}
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
