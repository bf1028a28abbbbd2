package main

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"concejo/internal/platform/auth"
)

// defaultAccounts is the pool of demo accounts the virtual users take in turn.
var defaultAccounts = []string{"admin@caceres.es", "admin@plasencia.es", "secretaria@abadia.es",
	"operador@sierradegata.es", "tecnico@dipcaceres.es"}

// demoTOTPSecret is the demo Diputación administrator's TOTP secret.
const demoTOTPSecret = "JBSWY3DPEHPK3PXPJBSWY3DP"

// demoPassword returns the password of a demo account.
func demoPassword(email string) string {
	switch email {
	case "admin@dipcaceres.es":
		return "concejo-demo-admin"
	case "tecnico@dipcaceres.es":
		return "concejo-demo-tecnico"
	}
	return "concejo-demo-2026"
}

// Write operations, by the account that performs them.
const (
	opSwitch = "entidad-actual" // POST /entidad-actual, alternating between two entities
	opPhone  = "teléfono"       // POST /entidades/{id} with a new phone number
)

var writeOps = map[string]string{"secretaria@abadia.es": opSwitch, "admin@caceres.es": opPhone}

// kind is one of the three kinds of request in the mix.
type kind int

const (
	kindPage kind = iota
	kindLogin
	kindWrite
	nKinds
)

var kindNames = [nKinds]string{"page", "login", "write"}

// String returns the kind's name in the report.
func (k kind) String() string { return kindNames[k] }

// mix is the weight of each kind of request.
type mix [nKinds]int

// parseMix reads "page=70,login=20,write=10".
func parseMix(s string) (mix, error) {
	var m mix
	for _, part := range strings.Split(s, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(w)
		if !ok || err != nil || n < 0 {
			return m, fmt.Errorf("-mix %q: want name=weight, e.g. page=70,login=20,write=10", s)
		}
		k := -1
		for i, kn := range kindNames {
			if kn == name {
				k = i
			}
		}
		if k < 0 {
			return m, fmt.Errorf("-mix: unknown kind %q (page, login, write)", name)
		}
		m[k] = n
	}
	if m.total() == 0 {
		return m, errors.New("-mix: all weights are zero")
	}
	return m, nil
}

// total is the sum of the weights.
func (m mix) total() int { return m[kindPage] + m[kindLogin] + m[kindWrite] }

// pick draws a kind with probability proportional to its weight.
func (m mix) pick(r *rand.Rand) kind {
	n := r.IntN(m.total())
	for k := range nKinds {
		if n < m[k] {
			return k
		}
		n -= m[k]
	}
	return kindPage
}

// String returns the mix as percentages.
func (m mix) String() string {
	var parts []string
	for k := range nKinds {
		parts = append(parts, fmt.Sprintf("%s %.0f%%", k, 100*float64(m[k])/float64(m.total())))
	}
	return strings.Join(parts, " · ")
}

// searchTerms are what the /entidades?q= page views search for.
var searchTerms = []string{"sierra", "valle", "torre", "cáceres", "10037", "mancomunidad", "villa", "L0110"}

// candidatePages are the page views; each account keeps those it may see.
// The "/entidades?q=" view searches a random term; "/entidades/{id}" shows
// one of the entities its list links to.
var candidatePages = []string{"/", "/entidades", "/entidades?q=", "/servicios", "/adhesiones", "/usuarios",
	"/estadisticas", "/cuenta", "/entidades/{id}"}

// target is one kind of page view and the paths it may request.
type target struct {
	name  string
	paths []string
}

// account is a demo account and what its users do.
type account struct {
	email, password string
	users           int
	targets         []target
	skipped         []string   // pages the account may not see, with the status they returned
	op              string     // write operation, or ""
	switchTo        []string   // entity ids, for opSwitch
	edit            *phoneEdit // for opPhone
}

// phoneEdit is the contact form of an entity, to post with a new phone.
type phoneEdit struct {
	path     string
	form     url.Values
	original string
}

// user is a virtual user: a signed-in session of an account.
type user struct {
	acct   *account
	client *http.Client
	n      int // writes done, to alternate the switch target
}

// scenario is the signed-in users and the shared transport.
type scenario struct {
	base      string
	transport *http.Transport
	timeout   time.Duration
	users     []*user
	accounts  []*account
}

// errThrottled reports a 429 answer to a login.
var errThrottled = errors.New("login answered 429 Too Many Requests")

// client returns an HTTP client with jar that does not follow redirects.
func (s *scenario) client(jar http.CookieJar) *http.Client {
	return &http.Client{Transport: s.transport, Jar: jar, Timeout: s.timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// do sends a GET (form nil) or a urlencoded POST and reads the whole body,
// returning it when keep is set.
func (s *scenario) do(c *http.Client, path string, form url.Values, keep bool) (status int, loc, body string, err error) {
	method, rd := http.MethodGet, io.Reader(nil)
	if form != nil {
		method, rd = http.MethodPost, strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, s.base+path, rd)
	if err != nil {
		return 0, "", "", err
	}
	req.Header.Set("User-Agent", "concejo-loadtest")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer res.Body.Close()
	if keep {
		b, err := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Location"), string(b), err
	}
	_, err = io.Copy(io.Discard, res.Body)
	return res.StatusCode, res.Header.Get("Location"), "", err
}

// login signs c in as a, passing the TOTP step when the account asks for it.
func (s *scenario) login(c *http.Client, a *account) error {
	status, loc, _, err := s.do(c, "/entrar", url.Values{"usuario": {a.email}, "contrasena": {a.password}}, false)
	switch {
	case err != nil:
		return fmt.Errorf("login %s: %w", a.email, err)
	case status == http.StatusTooManyRequests:
		return fmt.Errorf("login %s: %w", a.email, errThrottled)
	case status != http.StatusSeeOther:
		return fmt.Errorf("login %s: status %d, want 303", a.email, status)
	case !strings.HasPrefix(loc, "/entrar/segundo-factor"):
		return nil
	}
	code, err := auth.TOTPCode(demoTOTPSecret, time.Now())
	if err != nil {
		return err
	}
	status, _, _, err = s.do(c, "/entrar/segundo-factor", url.Values{"codigo": {code}}, false)
	if err == nil && status != http.StatusSeeOther {
		err = fmt.Errorf("status %d, want 303", status)
	}
	if err != nil {
		return fmt.Errorf("TOTP %s: %w", a.email, err)
	}
	return nil
}

// newScenario returns a scenario with no users yet, whose transport keeps
// enough idle connections for cfg's users and backlog.
func newScenario(cfg config) *scenario {
	n := cfg.users + cfg.backlog
	return &scenario{base: cfg.base.String(), timeout: cfg.timeout, transport: &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        2 * n,
		MaxIdleConnsPerHost: 2 * n,
		IdleConnTimeout:     90 * time.Second,
	}}
}

// setup checks the server is ready, signs in the users (four at a time:
// argon2 is costly) and finds, per account, the pages it may see and its
// write operation. None of this is measured.
func setup(ctx context.Context, cfg config, log io.Writer) (*scenario, error) {
	s := newScenario(cfg)
	if status, _, _, err := s.do(s.client(nil), "/readyz", nil, false); err != nil || status != http.StatusOK {
		return nil, fmt.Errorf("%s/readyz: status %d, %v", s.base, status, err)
	}
	byEmail := map[string]*account{}
	for i := range cfg.users {
		email := cfg.accounts[i%len(cfg.accounts)]
		a := byEmail[email]
		if a == nil {
			a = &account{email: email, password: demoPassword(email), op: writeOps[email]}
			byEmail[email] = a
			s.accounts = append(s.accounts, a)
		}
		a.users++
		jar, _ := cookiejar.New(nil)
		s.users = append(s.users, &user{acct: a, client: s.client(jar)})
	}
	sem, errs := make(chan struct{}, 4), make(chan error, len(s.users))
	var wg sync.WaitGroup
	for _, u := range s.users {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if ctx.Err() == nil {
				errs <- s.login(u.client, u.acct)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return nil, err
		}
	}
	writers := 0
	for _, a := range s.accounts {
		var first *user
		for _, u := range s.users {
			if u.acct == a {
				first = u
				break
			}
		}
		if err := s.discover(first, a); err != nil {
			return nil, err
		}
		if len(a.skipped) > 0 {
			fmt.Fprintf(log, "loadtest: %s may not see %s; its users skip them\n", a.email, strings.Join(a.skipped, ", "))
		}
		if a.op != "" {
			writers += a.users
		}
	}
	if cfg.mix[kindWrite] > 0 && writers == 0 {
		return nil, errors.New("no user can write: the accounts must include admin@caceres.es or secretaria@abadia.es")
	}
	return s, nil
}

var (
	entityLinkRe = regexp.MustCompile(`href="/entidades/([0-9A-Za-z]+)"`)
	switchRe     = regexp.MustCompile(`(?s)<select id="cambio-entidad" name="entidad">(.*?)</select>`)
	optionRe     = regexp.MustCompile(`<option value="([^"]+)"`)
	formRe       = regexp.MustCompile(`<form method="post" action="(/entidades/[0-9A-Za-z]+)"`)
	inputRe      = regexp.MustCompile(`<input [^>]*name="([^"]+)"[^>]*value="([^"]*)"`)
)

// discover fills in what a may see and write, using u's session.
func (s *scenario) discover(u *user, a *account) error {
	_, _, list, err := s.do(u.client, "/entidades", nil, true)
	if err != nil {
		return err
	}
	var ids []string
	for _, m := range entityLinkRe.FindAllStringSubmatch(list, -1) {
		if m[1] != "nueva" && len(ids) < 10 {
			ids = append(ids, m[1])
		}
	}
	for _, p := range candidatePages {
		t := target{name: p, paths: []string{p}}
		if p == "/entidades/{id}" {
			t.paths = nil
			for _, id := range ids {
				t.paths = append(t.paths, "/entidades/"+id)
			}
			if len(ids) == 0 {
				a.skipped = append(a.skipped, p+" (no entity listed)")
				continue
			}
		}
		probe := t.paths[0]
		if p == "/entidades?q=" {
			probe += url.QueryEscape(searchTerms[0])
		}
		status, _, _, err := s.do(u.client, probe, nil, false)
		if err != nil {
			return err
		}
		if status != http.StatusOK {
			a.skipped = append(a.skipped, fmt.Sprintf("%s (%d)", p, status))
			continue
		}
		a.targets = append(a.targets, t)
	}
	if len(a.targets) == 0 {
		return fmt.Errorf("%s may see none of the pages", a.email)
	}
	switch a.op {
	case opSwitch:
		_, _, home, err := s.do(u.client, "/", nil, true)
		if err != nil {
			return err
		}
		if m := switchRe.FindStringSubmatch(home); m != nil {
			for _, o := range optionRe.FindAllStringSubmatch(m[1], -1) {
				a.switchTo = append(a.switchTo, o[1])
			}
		}
		if len(a.switchTo) < 2 {
			return fmt.Errorf("%s: found %d entities to switch between, want 2", a.email, len(a.switchTo))
		}
	case opPhone:
		for _, id := range ids {
			status, _, page, err := s.do(u.client, "/entidades/"+id+"/editar", nil, true)
			if err != nil {
				return err
			}
			if m := formRe.FindStringSubmatch(page); status == http.StatusOK && m != nil {
				e := &phoneEdit{path: m[1], form: url.Values{}}
				for _, in := range inputRe.FindAllStringSubmatch(page, -1) {
					e.form.Set(in[1], html.UnescapeString(in[2]))
				}
				e.original = e.form.Get("telefono")
				if _, ok := e.form["telefono"]; ok {
					a.edit = e
					break
				}
			}
		}
		if a.edit == nil {
			return fmt.Errorf("%s: found no entity whose contact form it may post", a.email)
		}
	}
	return nil
}

// slot is a request due at an instant.
type slot struct {
	at   time.Time
	kind kind
}

// run issues requests on the open-model schedule for cfg.duration and
// waits for the last of them.
func (s *scenario) run(ctx context.Context, cfg config) *results {
	res := &results{load: loadAvg(), cpu0: cpuTime(os.Getpid())}
	mainQ, writeQ := make(chan slot, cfg.backlog), make(chan slot, cfg.backlog)
	var wg sync.WaitGroup
	for _, u := range s.users {
		wq := writeQ
		if u.acct.op == "" {
			wq = nil
		}
		wg.Go(func() { s.serve(u, mainQ, wq, res) })
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	due := int(cfg.duration.Seconds() * cfg.rate)
	timer := time.NewTimer(0)
	res.start = time.Now()
loop:
	for i := range due {
		at := res.start.Add(time.Duration(float64(i) * float64(time.Second) / cfg.rate))
		if d := time.Until(at); d > 0 {
			timer.Reset(d)
			select {
			case <-timer.C:
			case <-ctx.Done():
				break loop
			}
		}
		sl := slot{at: at, kind: cfg.mix.pick(rng)}
		q := mainQ
		if sl.kind == kindWrite {
			q = writeQ
		}
		res.due++
		// Both queues share one backlog, so an overloaded server loses
		// slots of every kind in the proportions of the mix. Only this
		// loop sends, so the send below never blocks.
		if len(mainQ)+len(writeQ) >= cfg.backlog {
			res.addMissed(sl.kind)
			continue
		}
		q <- sl
	}
	close(mainQ)
	close(writeQ)
	wg.Wait()
	res.end, res.cpu1 = time.Now(), cpuTime(os.Getpid())
	return res
}

// serve runs u's requests from the queues until both are closed; writeQ is
// nil for users whose account does not write.
func (s *scenario) serve(u *user, mainQ, writeQ <-chan slot, res *results) {
	for mainQ != nil || writeQ != nil {
		var sl slot
		var ok bool
		select {
		case sl, ok = <-mainQ:
			if !ok {
				mainQ = nil
				continue
			}
		case sl, ok = <-writeQ:
			if !ok {
				writeQ = nil
				continue
			}
		}
		res.add(s.exec(u, sl))
	}
}

// exec performs one request of a slot as u.
func (s *scenario) exec(u *user, sl slot) sample {
	a, c := u.acct, u.client
	smp := sample{kind: sl.kind, want: http.StatusSeeOther}
	var path string
	var form url.Values
	switch sl.kind {
	case kindPage:
		t := a.targets[rand.IntN(len(a.targets))]
		path, smp.op, smp.want = t.paths[rand.IntN(len(t.paths))], t.name, http.StatusOK
		if t.name == "/entidades?q=" {
			path += url.QueryEscape(searchTerms[rand.IntN(len(searchTerms))])
		}
	case kindLogin:
		jar, _ := cookiejar.New(nil)
		c, path, smp.op = s.client(jar), "/entrar", "POST /entrar"
		form = url.Values{"usuario": {a.email}, "contrasena": {a.password}}
	case kindWrite:
		smp.op = a.op
		u.n++
		if a.op == opSwitch {
			path, form = "/entidad-actual", url.Values{"entidad": {a.switchTo[u.n%len(a.switchTo)]}}
		} else {
			path, form = a.edit.path, a.edit.withPhone(fmt.Sprintf("927%06d", rand.IntN(1000000)))
		}
	}
	start := time.Now()
	smp.status, _, _, smp.err = s.do(c, path, form, false)
	end := time.Now()
	smp.wait, smp.latency = start.Sub(sl.at), end.Sub(sl.at)
	return smp
}

// withPhone returns the form with phone as its phone number.
func (e *phoneEdit) withPhone(phone string) url.Values {
	f := url.Values{}
	for k, v := range e.form {
		f[k] = v
	}
	f.Set("telefono", phone)
	return f
}

// restore puts back the phone number the phone edits changed.
func (s *scenario) restore() error {
	for _, u := range s.users {
		if e := u.acct.edit; e != nil {
			status, _, _, err := s.do(u.client, e.path, e.withPhone(e.original), false)
			if err == nil && status != http.StatusSeeOther {
				err = fmt.Errorf("status %d, want 303", status)
			}
			return err
		}
	}
	return nil
}
