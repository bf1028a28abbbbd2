package kit

import (
	"strings"
	"sync"
)

// DemoPart is one module's share of the demo load: its name as people read
// it («padrón de habitantes») and the path prefixes of its staff pages.
type DemoPart struct {
	Name     string
	Prefixes []string
}

// DemoLoad is the state of the demo's background load: the modules whose
// demo data are still to come, the one loading now and how far it has got.
// The app fills it while the load runs; the layout reads it to tell a
// module's pages that their data are on the way, and the home to show the
// progress. Its zero value and a nil *DemoLoad are no load (nothing
// loading); its methods are safe for concurrent use.
type DemoLoad struct {
	mu          sync.Mutex
	parts       []DemoPart
	loaded      []bool
	current     int   // the part loading now, -1 before the first
	done, total int64 // the current part's progress, total 0 when unknown
	jobID       string
	ended       bool
}

// Start records a new load of parts, none loaded yet.
func (l *DemoLoad) Start(parts []DemoPart) {
	l.mu.Lock()
	l.parts, l.loaded, l.current, l.done, l.total, l.jobID, l.ended = parts, make([]bool, len(parts)), -1, 0, 0, "", false
	l.mu.Unlock()
}

// SetJob records the background job that runs the load (its page shows the detail).
func (l *DemoLoad) SetJob(jobID string) {
	l.mu.Lock()
	l.jobID = jobID
	l.mu.Unlock()
}

// Begin records that part i starts loading.
func (l *DemoLoad) Begin(i int) {
	l.mu.Lock()
	l.current, l.done, l.total = i, 0, 0
	l.mu.Unlock()
}

// Report records that the current part has loaded done of total units.
func (l *DemoLoad) Report(done, total int64) {
	l.mu.Lock()
	l.done, l.total = done, total
	l.mu.Unlock()
}

// Finish records that part i is loaded: its pages stop showing the notice.
func (l *DemoLoad) Finish(i int) {
	l.mu.Lock()
	l.loaded[i] = true
	l.mu.Unlock()
}

// End records that the load stopped (finished, failed or interrupted):
// nothing shows as loading any more.
func (l *DemoLoad) End() {
	if l == nil {
		return
	}
	l.mu.Lock()
	l.ended = true
	l.mu.Unlock()
}

// DemoLoadState is what the home tells while the demo data load.
type DemoLoadState struct {
	// Part is the name of the part loading now ("" while the load starts).
	Part string
	// Percent is how far Part has got, -1 when it does not say.
	Percent int
	// JobID is the background job running the load.
	JobID string
}

// State returns how the load goes, and false when nothing is loading.
func (l *DemoLoad) State() (DemoLoadState, bool) {
	if l == nil {
		return DemoLoadState{}, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.loadingLocked() {
		return DemoLoadState{}, false
	}
	s := DemoLoadState{Percent: -1, JobID: l.jobID}
	if l.current >= 0 {
		s.Part = l.parts[l.current].Name
		if l.total > 0 {
			s.Percent = int(min(l.done, l.total) * 100 / l.total)
		}
	}
	return s, true
}

func (l *DemoLoad) loadingLocked() bool { return !l.ended && !l.completeLocked() }

// Complete reports whether the load is over with every part in (true
// when no load runs; false while the last steps after the parts run, and
// for a load that stopped before the end).
func (l *DemoLoad) Complete() bool {
	if l == nil {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.completeLocked() && (l.ended || len(l.loaded) == 0)
}

func (l *DemoLoad) completeLocked() bool {
	for _, ok := range l.loaded {
		if !ok {
			return false
		}
	}
	return true
}

// Stopped reports whether the load ended before every part was in (a
// failure or a stop), and the job that ran it.
func (l *DemoLoad) Stopped() (jobID string, stopped bool) {
	if l == nil {
		return "", false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.jobID, l.ended && !l.completeLocked()
}

// Loading reports whether path is a page of a module whose demo data have
// not been loaded yet.
func (l *DemoLoad) Loading(path string) bool {
	if l == nil {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ended {
		return false
	}
	for i, p := range l.parts {
		if l.loaded[i] {
			continue
		}
		for _, prefix := range p.Prefixes {
			if path == prefix || strings.HasPrefix(path, prefix+"/") {
				return true
			}
		}
	}
	return false
}
