// Command loadtest is a bounded load scenario for a running Concejo.
//
// It signs in -users virtual users (each with its own cookie jar, taken in
// turn from a pool of demo accounts) and then, for -duration, issues requests
// at a fixed total -rate on an open-model schedule: request slots are due at
// fixed instants whatever the server's response time, latency is measured
// from the instant a slot was due (so it includes queueing), and slots that
// find every virtual user busy and the backlog full are counted as missed.
//
// The mix (flag -mix, default page=88,login=2,write=10) is page views of the
// pages each account may see, fresh logins on a new cookie jar (the argon2
// cost) and writes (switching the current entity of secretaria@abadia.es,
// changing the phone number of admin@caceres.es's own ayuntamiento).
//
// It only talks to 127.0.0.1 or localhost. Start the server with
// CONCEJO_LOGIN_ATTEMPTS=100000, or its login throttle (20 per address every
// five minutes) answers 429. With -pid it reports the server's memory and CPU
// time from /proc. It exits 1 when more than 1% of requests fail.
//
//	go run ./loadtest -url http://127.0.0.1:8097 -users 50 -rate 100 -duration 30s -pid $PID
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"time"
)

// config is what the command line asks for.
type config struct {
	base     *url.URL
	users    int
	duration time.Duration
	rate     float64
	mix      mix
	accounts []string
	pid      int
	timeout  time.Duration
	backlog  int
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run parses args, runs the scenario and prints the report; it returns the
// exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rawURL := fs.String("url", "http://127.0.0.1:8080", "Concejo to drive (127.0.0.1 or localhost only)")
	users := fs.Int("users", 50, "concurrent virtual users, each signed in with its own cookie jar")
	duration := fs.Duration("duration", 30*time.Second, "how long to issue requests")
	rate := fs.Float64("rate", 100, "total requests per second (open model: fixed schedule)")
	mixFlag := fs.String("mix", "page=88,login=2,write=10", "weights of page views, fresh logins and writes")
	accounts := fs.String("accounts", strings.Join(defaultAccounts, ","), "demo accounts the users take in turn")
	pid := fs.Int("pid", 0, "server process id, to report its memory from /proc/<pid>/status")
	timeout := fs.Duration("timeout", 10*time.Second, "per-request timeout")
	backlog := fs.Int("backlog", 0, "due slots that may wait for a free user before slots are missed (0: -users)")
	budgets := fs.Int("budgets", 0, "instead of the mix, request each budget row's pages this many rounds, one at a time, and print p50/p95/p99 against its budget")
	clerk := fs.String("clerk", "", "with -budgets: a registro usuario limited to his units, for the registry row")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg := config{users: *users, duration: *duration, rate: *rate, pid: *pid, timeout: *timeout, backlog: *backlog}
	var err error
	if cfg.base, err = checkURL(*rawURL); err == nil {
		cfg.mix, err = parseMix(*mixFlag)
	}
	if err == nil && (cfg.users < 1 || cfg.rate <= 0 || cfg.duration <= 0 || cfg.timeout <= 0 || cfg.backlog < 0) {
		err = errors.New("-users, -rate, -duration and -timeout must be positive")
	}
	for _, a := range strings.Split(*accounts, ",") {
		if a = strings.TrimSpace(a); a != "" {
			cfg.accounts = append(cfg.accounts, a)
		}
	}
	if err == nil && len(cfg.accounts) == 0 {
		err = errors.New("-accounts is empty")
	}
	if cfg.backlog == 0 {
		cfg.backlog = cfg.users
	}
	var proc *procSampler
	if err == nil && cfg.pid != 0 {
		proc, err = newProcSampler(cfg.pid)
	}
	if err != nil {
		fmt.Fprintln(stderr, "loadtest:", err)
		return 2
	}

	if *budgets > 0 {
		return runBudgets(newScenario(cfg), *budgets, *clerk, stdout)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	fmt.Fprintf(stderr, "loadtest: signing in %d users at %s\n", cfg.users, cfg.base)
	sc, err := setup(ctx, cfg, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "loadtest:", err)
		if errors.Is(err, errThrottled) {
			fmt.Fprintln(stderr, "loadtest: the server throttles logins per address; start it with CONCEJO_LOGIN_ATTEMPTS=100000 for load runs")
		}
		return 2
	}
	fmt.Fprintf(stderr, "loadtest: running %s at %g req/s\n", cfg.duration, cfg.rate)
	proc.start()
	res := sc.run(ctx, cfg)
	proc.stop()
	if err := sc.restore(); err != nil {
		fmt.Fprintln(stderr, "loadtest: could not restore the phone number:", err)
	}
	rep := res.report(cfg, sc, proc)
	rep.print(stdout)
	if res.sawThrottle() {
		fmt.Fprintln(stderr, "loadtest: logins got 429: start the server with CONCEJO_LOGIN_ATTEMPTS=100000 for load runs")
	}
	if rep.errorRate() > 0.01 {
		return 1
	}
	return 0
}

// checkURL parses raw and refuses any host but the local machine.
func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("-url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("-url %q: scheme must be http or https", raw)
	}
	if h := u.Hostname(); h != "127.0.0.1" && h != "localhost" {
		return nil, fmt.Errorf("-url %q: only 127.0.0.1 or localhost may be load-tested", raw)
	}
	if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return nil, fmt.Errorf("-url %q: give only scheme, host and port", raw)
	}
	u.Path = ""
	return u, nil
}
