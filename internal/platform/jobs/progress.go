package jobs

import (
	"context"
	"sync"
	"time"
)

// saveEvery bounds how often progress is written to the database.
const saveEvery = 500 * time.Millisecond

// Progress is what a running job reports; its page shows it.
type Progress struct {
	runner *Runner
	id     string

	mu          sync.Mutex
	done, total int64
	msg, result string
	saved       time.Time
}

// Set reports done of total units and a short Spanish message; it is
// cheap to call for every unit (it writes at most twice a second).
func (p *Progress) Set(done, total int64, msg string) {
	p.mu.Lock()
	p.done, p.total, p.msg = done, total, msg
	due := time.Since(p.saved) >= saveEvery
	if due {
		p.saved = time.Now()
	}
	p.mu.Unlock()
	if due {
		p.runner.db.ExecContext(context.WithoutCancel(p.runner.ctx),
			`UPDATE jobs SET done = $1, total = $2, message = $3 WHERE id = $4`, done, total, msg, p.id)
	}
}

// Result sets the address of what the job produced (a file, a list), which
// its page links to once done.
func (p *Progress) Result(href string) {
	p.mu.Lock()
	p.result = href
	p.mu.Unlock()
}

// ID is the job's id.
func (p *Progress) ID() string { return p.id }

func (p *Progress) counts() (int64, int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done, p.total
}

func (p *Progress) message() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.msg
}

func (p *Progress) href() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.result
}
