// Package metrics exposes the platform's Prometheus metrics at /metrics in
// the text exposition format: HTTP requests and latencies per route, the
// database connection pool, and the Go runtime. Hand-written to stay
// dependency-free; the label sets are bounded (route patterns, not paths).
package metrics

import (
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// buckets are the latency histogram bounds, in seconds.
var buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}

type series struct {
	count  uint64
	sum    float64
	bucket []uint64
}

// HTTP collects request counts and latencies by route and status class.
type HTTP struct {
	mu     sync.Mutex
	byKey  map[string]*series // key: route \x00 status class
	start  time.Time
	dbStat func() sql.DBStats
	extra  []func(io.Writer)
}

// Also adds write to what /metrics prints (other subsystems' metrics, such
// as the background jobs).
func (h *HTTP) Also(write func(io.Writer)) { h.extra = append(h.extra, write) }

// New returns a collector; stats reports the database pool.
func New(stats func() sql.DBStats) *HTTP {
	return &HTTP{byKey: map[string]*series{}, start: time.Now(), dbStat: stats}
}

// Observe records one request.
func (h *HTTP) Observe(route string, status int, d time.Duration) {
	if route == "" {
		route = "sin_ruta"
	}
	key := route + "\x00" + strconv.Itoa(status/100) + "xx"
	sec := d.Seconds()
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.byKey[key]
	if s == nil {
		s = &series{bucket: make([]uint64, len(buckets))}
		h.byKey[key] = s
	}
	s.count++
	s.sum += sec
	for i, b := range buckets {
		if sec <= b {
			s.bucket[i]++
		}
	}
}

// ServeHTTP writes every metric in the Prometheus text format.
func (h *HTTP) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	h.write(w)
}

func (h *HTTP) write(w io.Writer) {
	h.mu.Lock()
	keys := make([]string, 0, len(h.byKey))
	for k := range h.byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintln(w, "# HELP concejo_http_requests_total Peticiones HTTP atendidas, por ruta y clase de estado.")
	fmt.Fprintln(w, "# TYPE concejo_http_requests_total counter")
	for _, k := range keys {
		route, class, _ := strings.Cut(k, "\x00")
		fmt.Fprintf(w, "concejo_http_requests_total{route=%q,status=%q} %d\n", route, class, h.byKey[k].count)
	}
	fmt.Fprintln(w, "# HELP concejo_http_request_duration_seconds Duración de las peticiones HTTP, por ruta.")
	fmt.Fprintln(w, "# TYPE concejo_http_request_duration_seconds histogram")
	for _, k := range keys {
		route, class, _ := strings.Cut(k, "\x00")
		s := h.byKey[k]
		labels := fmt.Sprintf("route=%q,status=%q", route, class)
		for i, b := range buckets {
			fmt.Fprintf(w, "concejo_http_request_duration_seconds_bucket{%s,le=%q} %d\n", labels, strconv.FormatFloat(b, 'g', -1, 64), s.bucket[i])
		}
		fmt.Fprintf(w, "concejo_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %d\n", labels, s.count)
		fmt.Fprintf(w, "concejo_http_request_duration_seconds_sum{%s} %g\n", labels, s.sum)
		fmt.Fprintf(w, "concejo_http_request_duration_seconds_count{%s} %d\n", labels, s.count)
	}
	h.mu.Unlock()
	if h.dbStat != nil {
		st := h.dbStat()
		gauge(w, "concejo_db_open_connections", "Conexiones abiertas con la base de datos.", float64(st.OpenConnections))
		gauge(w, "concejo_db_in_use_connections", "Conexiones en uso.", float64(st.InUse))
		gauge(w, "concejo_db_idle_connections", "Conexiones ociosas.", float64(st.Idle))
		counter(w, "concejo_db_wait_count_total", "Veces que hubo que esperar una conexión libre.", float64(st.WaitCount))
		counter(w, "concejo_db_wait_seconds_total", "Tiempo total esperando conexiones libres.", st.WaitDuration.Seconds())
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	gauge(w, "concejo_go_goroutines", "Gorrutinas en marcha.", float64(runtime.NumGoroutine()))
	gauge(w, "concejo_go_heap_inuse_bytes", "Memoria de montículo en uso.", float64(ms.HeapInuse))
	gauge(w, "concejo_go_sys_bytes", "Memoria obtenida del sistema.", float64(ms.Sys))
	counter(w, "concejo_go_gc_total", "Ciclos de recolección de basura.", float64(ms.NumGC))
	gauge(w, "concejo_uptime_seconds", "Segundos desde el arranque.", time.Since(h.start).Seconds())
	for _, write := range h.extra {
		write(w)
	}
}

func gauge(w io.Writer, name, help string, v float64)   { metric(w, name, help, "gauge", v) }
func counter(w io.Writer, name, help string, v float64) { metric(w, name, help, "counter", v) }

func metric(w io.Writer, name, help, kind string, v float64) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n%s %g\n", name, help, name, kind, name, v)
}
