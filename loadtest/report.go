package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// sample is one finished request.
type sample struct {
	kind          kind
	op            string // page path, "POST /entrar" or write operation
	want, status  int
	err           error
	wait, latency time.Duration // from the due instant to sending, to the end of the body
}

// failure returns why s counts as an error, or "" when it does not.
func (s sample) failure() string {
	var ne net.Error
	switch {
	case s.err == nil && s.status == s.want:
		return ""
	case s.err == nil && s.status < 400:
		return fmt.Sprintf("%d (want %d)", s.status, s.want)
	case s.err == nil:
		return strconv.Itoa(s.status)
	case errors.Is(s.err, context.DeadlineExceeded) || (errors.As(s.err, &ne) && ne.Timeout()):
		return "timeout"
	case errors.Is(s.err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(s.err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(s.err, io.EOF) || errors.Is(s.err, io.ErrUnexpectedEOF):
		return "connection closed"
	}
	return "transport error"
}

// results collects the samples of a run.
type results struct {
	mu         sync.Mutex
	samples    []sample
	missed     [nKinds]int
	due        int
	start, end time.Time
	load       string        // 1-minute load average of the machine before the run
	cpu0, cpu1 time.Duration // CPU time of this program at start and end
}

// add records a finished request.
func (r *results) add(s sample) {
	r.mu.Lock()
	r.samples = append(r.samples, s)
	r.mu.Unlock()
}

// addMissed records a slot that found the backlog full.
func (r *results) addMissed(k kind) {
	r.mu.Lock()
	r.missed[k]++
	r.mu.Unlock()
}

// sawThrottle reports whether any login got 429.
func (r *results) sawThrottle() bool {
	for _, s := range r.samples {
		if s.kind == kindLogin && s.status == 429 {
			return true
		}
	}
	return false
}

// percentile returns the nearest-rank p-th percentile (0 < p <= 100) of
// sorted, or 0 when it is empty.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// row is the latency summary of one kind or operation.
type row struct {
	name                 string
	n, errors            int
	p50, p95, p99, worst time.Duration
}

// summarize returns the row of the samples ss, named name.
func summarize(name string, ss []sample) row {
	r := row{name: name, n: len(ss)}
	lat := make([]time.Duration, 0, len(ss))
	for _, s := range ss {
		lat = append(lat, s.latency)
		if s.failure() != "" {
			r.errors++
		}
	}
	slices.Sort(lat)
	r.p50, r.p95, r.p99, r.worst = percentile(lat, 50), percentile(lat, 95), percentile(lat, 99), percentile(lat, 100)
	return r
}

// report is what a run printed.
type report struct {
	cfg       config
	accounts  []*account
	due, sent int
	missed    [nKinds]int
	elapsed   time.Duration
	statuses  map[string]int // status or transport failure → count
	failures  map[string]int // "kind failure" → count
	errors    int
	rows      []row
	waitP99   time.Duration
	memory    string
	cpu       string
	load      string
	clientCPU time.Duration
}

// report summarizes r.
func (r *results) report(cfg config, sc *scenario, proc *procSampler) *report {
	rep := &report{cfg: cfg, accounts: sc.accounts, due: r.due, sent: len(r.samples), missed: r.missed,
		elapsed: r.end.Sub(r.start), statuses: map[string]int{}, failures: map[string]int{}, memory: proc.String(), cpu: proc.cpuString(), load: r.load,
		clientCPU: r.cpu1 - r.cpu0}
	var waits []time.Duration
	byKind := map[kind][]sample{}
	byOp := map[kind]map[string][]sample{}
	for _, s := range r.samples {
		f := s.failure()
		if s.err != nil {
			rep.statuses[f]++
		} else {
			rep.statuses[strconv.Itoa(s.status)]++
		}
		if f != "" {
			rep.errors++
			rep.failures[s.kind.String()+" "+s.op+": "+f]++
		}
		waits = append(waits, s.wait)
		byKind[s.kind] = append(byKind[s.kind], s)
		if byOp[s.kind] == nil {
			byOp[s.kind] = map[string][]sample{}
		}
		byOp[s.kind][s.op] = append(byOp[s.kind][s.op], s)
	}
	slices.Sort(waits)
	rep.waitP99 = percentile(waits, 99)
	for k := range nKinds {
		rep.rows = append(rep.rows, summarize(k.String(), byKind[k]))
		if k == kindLogin {
			continue // one operation only
		}
		ops := make([]string, 0, len(byOp[k]))
		for op := range byOp[k] {
			ops = append(ops, op)
		}
		slices.Sort(ops)
		for _, op := range ops {
			rep.rows = append(rep.rows, summarize("  "+op, byOp[k][op]))
		}
	}
	rep.rows = append(rep.rows, summarize("all", r.samples))
	return rep
}

// errorRate is the share of sent requests that failed.
func (rep *report) errorRate() float64 {
	if rep.sent == 0 {
		return 0
	}
	return float64(rep.errors) / float64(rep.sent)
}

// ms formats d in milliseconds with one decimal.
func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64)
}

// counts formats a map as "key ×n · ..." in key order.
func counts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s ×%d", k, m[k])
	}
	return strings.Join(parts, " · ")
}

// print writes the report.
func (rep *report) print(w io.Writer) {
	c := rep.cfg
	var accts []string
	for _, a := range rep.accounts {
		s := fmt.Sprintf("%s ×%d", a.email, a.users)
		if a.op != "" {
			s += " (writes: " + a.op + ")"
		}
		accts = append(accts, s)
	}
	missed := rep.missed[kindPage] + rep.missed[kindLogin] + rep.missed[kindWrite]
	fmt.Fprintf(w, "Concejo load test: %s\n", c.base)
	fmt.Fprintf(w, "Scenario     %d users, %s at %g req/s (open model, backlog %d, timeout %s)\n",
		c.users, c.duration, c.rate, c.backlog, c.timeout)
	fmt.Fprintf(w, "Machine      %d CPUs shared by client and server; load average %s before the run\n", runtime.NumCPU(), rep.load)
	fmt.Fprintf(w, "Accounts     %s\n", strings.Join(accts, ", "))
	fmt.Fprintf(w, "Mix          %s\n", c.mix)
	fmt.Fprintf(w, "Requests     %d sent of %d due; %d slots missed (%.2f%%: page %d, login %d, write %d)\n",
		rep.sent, rep.due, missed, pct(missed, rep.due), rep.missed[kindPage], rep.missed[kindLogin], rep.missed[kindWrite])
	fmt.Fprintf(w, "Throughput   %.1f req/s (%d in %.2f s)\n", float64(rep.sent)/rep.elapsed.Seconds(), rep.sent, rep.elapsed.Seconds())
	fmt.Fprintf(w, "Errors       %d (%.2f%%)\n", rep.errors, 100*rep.errorRate())
	fmt.Fprintf(w, "Statuses     %s\n", counts(rep.statuses))
	if len(rep.failures) > 0 {
		fmt.Fprintf(w, "Failures     %s\n", counts(rep.failures))
	}
	fmt.Fprintf(w, "Latency      ms, from the instant each request was due (includes queueing; p99 queue wait %s ms)\n", ms(rep.waitP99))
	fmt.Fprintf(w, "  %-22s %6s %6s %8s %8s %8s %8s\n", "kind", "n", "errors", "p50", "p95", "p99", "max")
	for _, r := range rep.rows {
		fmt.Fprintf(w, "  %-22s %6d %6d %8s %8s %8s %8s\n", r.name, r.n, r.errors, ms(r.p50), ms(r.p95), ms(r.p99), ms(r.worst))
	}
	fmt.Fprintf(w, "Server RSS   %s\n", rep.memory)
	fmt.Fprintf(w, "Server CPU   %s\n", rep.cpu)
	fmt.Fprintf(w, "Client CPU   %.1f s (this program, same machine)\n", rep.clientCPU.Seconds())
}

// pct returns n as a percentage of of.
func pct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}

// procSampler reads a process's resident memory and CPU time from /proc
// while a run goes on.
type procSampler struct {
	pid                     int
	before, peak, after, hw int64 // kB
	cpu0, cpu1              time.Duration
	t0, t1                  time.Time
	err                     error
	done                    chan struct{}
	wg                      sync.WaitGroup
}

// newProcSampler checks that pid's status can be read.
func newProcSampler(pid int) (*procSampler, error) {
	if _, _, err := readStatus(pid); err != nil {
		return nil, fmt.Errorf("-pid %d: %w", pid, err)
	}
	return &procSampler{pid: pid, done: make(chan struct{})}, nil
}

// readStatus returns VmRSS and VmHWM of pid in kB.
func readStatus(pid int) (rss, hwm int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			rss = n
		case "VmHWM":
			hwm = n
		}
	}
	if err := sc.Err(); err != nil {
		return 0, 0, err
	}
	if hwm == 0 {
		return 0, 0, errors.New("no VmHWM in status")
	}
	return rss, hwm, nil
}

// start samples VmRSS every 100 ms until stop.
func (m *procSampler) start() {
	if m == nil {
		return
	}
	m.before, _, m.err = readStatus(m.pid)
	m.peak = m.before
	m.cpu0, m.t0 = cpuTime(m.pid), time.Now()
	m.wg.Go(func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-m.done:
				return
			case <-t.C:
				if rss, _, err := readStatus(m.pid); err == nil {
					m.peak = max(m.peak, rss)
				} else if m.err == nil {
					m.err = err
				}
			}
		}
	})
}

// stop ends the sampling and reads the final figures.
func (m *procSampler) stop() {
	if m == nil {
		return
	}
	close(m.done)
	m.wg.Wait()
	m.cpu1, m.t1 = cpuTime(m.pid), time.Now()
	var err error
	if m.after, m.hw, err = readStatus(m.pid); err != nil && m.err == nil {
		m.err = err
	}
	m.peak = max(m.peak, m.after)
}

// loadAvg returns the machine's 1-minute load average, or "unknown".
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "unknown"
}

// cpuTime returns the user and system CPU time pid has used, reading
// /proc/<pid>/stat in USER_HZ ticks (100 per second on Linux), or 0.
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	_, rest, _ := strings.Cut(string(b), ") ") // the command name may hold spaces
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// cpuString reports the server's CPU use during the run.
func (m *procSampler) cpuString() string {
	if m == nil {
		return "unknown (give -pid)"
	}
	used, wall := m.cpu1-m.cpu0, m.t1.Sub(m.t0)
	return fmt.Sprintf("%.1f s user+system in %.1f s of run (%.2f CPUs on average)", used.Seconds(), wall.Seconds(),
		used.Seconds()/wall.Seconds())
}

// mib formats kilobytes as MiB.
func mib(kb int64) string { return fmt.Sprintf("%.1f MiB", float64(kb)/1024) }

// String reports the server's memory, or that it is unknown without -pid.
func (m *procSampler) String() string {
	if m == nil {
		return "unknown (give -pid <server pid> to read /proc/<pid>/status)"
	}
	s := fmt.Sprintf("pid %d: peak %s (VmHWM, since the server started); VmRSS %s before the run, %s at most during it (sampled every 100 ms), %s after",
		m.pid, mib(m.hw), mib(m.before), mib(m.peak), mib(m.after))
	if m.err != nil {
		s += fmt.Sprintf(" [reading /proc failed: %v]", m.err)
	}
	return s
}
