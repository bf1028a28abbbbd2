//go:build unix

package main

// These tests run concejo as an operator does: as a separate process, started
// in the background on a data directory, stopped with SIGTERM (or killed with
// SIGKILL in crash_test.go), and driven over HTTP like a browser. The process
// is this test binary re-executed: TestConcejoCommand turns it into
// «concejo <args>» (the same main, built with the same flags as the tests,
// without needing the Go toolchain at run time).
//
// This file holds the harness shared with crash_test.go and the backup and
// restore round trip.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"concejo/internal/platform/db"
)

// commandEnv, set to 1 in a child's environment, makes the test binary run
// concejo's main with the arguments after "--".
const commandEnv = "CONCEJO_TEST_RUN_AS_COMMAND"

// TestConcejoCommand is not a test: it is the entry point of the child
// processes the tests start (it does nothing in a normal test run).
func TestConcejoCommand(t *testing.T) {
	if os.Getenv(commandEnv) != "1" {
		return
	}
	os.Args = append([]string{"concejo"}, flag.Args()...)
	main() // exits 1 (error) or 2 (usage) by itself
	os.Exit(0)
}

// Demo logins used by the tests.
const (
	demoPassword   = "concejo-demo-2026"
	auditEntityMod = "entidad.modificar" // audit action of an entity edit
)

// concejoCommand returns the command «concejo args...» with a clean
// environment: none of the caller's CONCEJO_* settings (the tests use SQLite
// in their own directories), a login throttle the tests cannot reach, and env.
func concejoCommand(ctx context.Context, env []string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], append([]string{"-test.run=^TestConcejoCommand$", "--"}, args...)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CONCEJO_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, commandEnv+"=1", "CONCEJO_LOGIN_ATTEMPTS=100000", "CONCEJO_DEMO_SMALL=1")
	cmd.Env = append(cmd.Env, env...)
	cmd.WaitDelay = 10 * time.Second
	return cmd
}

// runConcejo runs a one-shot command (backup, audit verify…) and returns its
// combined output and exit code.
func runConcejo(t *testing.T, env []string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out, err := concejoCommand(ctx, env, args...).CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	case err != nil:
		t.Fatalf("concejo %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), 0
}

// syncBuffer collects a child's output while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// server is a concejo serve (or demo) process running in the background.
type server struct {
	URL     string
	cmd     *exec.Cmd
	out     *syncBuffer
	exited  chan struct{}
	waitErr error
}

// freeAddr returns a 127.0.0.1 address with a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServer runs «concejo sub --data dataDir» on a free port and waits for
// /readyz. It retries on another port if the chosen one was taken meanwhile.
// The process is killed at the end of the test if still running.
func startServer(t *testing.T, sub, dataDir string) *server {
	t.Helper()
	for attempt := 1; ; attempt++ {
		addr := freeAddr(t)
		s := &server{URL: "http://" + addr, out: &syncBuffer{}, exited: make(chan struct{})}
		s.cmd = concejoCommand(context.Background(), nil, sub, "--data", dataDir, "--addr", addr)
		s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
		if err := s.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { s.waitErr = s.cmd.Wait(); close(s.exited) }()
		t.Cleanup(func() {
			select {
			case <-s.exited:
			default:
				s.cmd.Process.Kill()
				<-s.exited
			}
			if t.Failed() {
				t.Logf("output of concejo %s at %s (last 4 KiB):\n%s", sub, s.URL, tail(s.out.String(), 4096))
			}
		})
		err := s.waitReady(2 * time.Minute)
		if err == nil {
			return s
		}
		if attempt < 3 && strings.Contains(s.out.String(), "address already in use") {
			continue
		}
		t.Fatalf("concejo %s --data %s: %v\n%s", sub, dataDir, err, tail(s.out.String(), 4096))
	}
}

func (s *server) running() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// waitReady polls /readyz until it answers 200.
func (s *server) waitReady(timeout time.Duration) error {
	hc := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if !s.running() {
			return fmt.Errorf("the process ended before being ready: %v", s.waitErr)
		}
		if res, err := hc.Get(s.URL + "/readyz"); err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.cmd.Process.Kill()
	return fmt.Errorf("not ready after %s", timeout)
}

// stop sends SIGTERM and waits for the process: a graceful shutdown exits 0.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-s.exited:
	case <-time.After(time.Minute):
		s.cmd.Process.Kill()
		<-s.exited
		t.Fatalf("the server did not stop within a minute of SIGTERM")
	}
	if s.waitErr != nil {
		t.Fatalf("after SIGTERM the server ended with %v, want exit status 0\n%s", s.waitErr, tail(s.out.String(), 4096))
	}
	if !strings.Contains(s.out.String(), "cerrando") {
		t.Fatalf("the server did not log its graceful shutdown:\n%s", tail(s.out.String(), 4096))
	}
}

// kill ends the process with SIGKILL, as a crash or a power cut of the
// process would (the operating system keeps what was written to it).
func (s *server) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL: %v", err)
	}
	<-s.exited
	if s.cmd.ProcessState.ExitCode() != -1 { // -1: ended by a signal
		t.Fatalf("the server exited by itself (%v) before SIGKILL", s.cmd.ProcessState)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// client is a browser-like HTTP client: it keeps cookies and does not follow
// redirects, so a 303 after a POST is seen as the acknowledgement it is.
type client struct {
	base string
	hc   *http.Client
}

func newClient(base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{base: base, hc: &http.Client{Jar: jar, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// response is what a request returned.
type response struct {
	Status   int
	Location string
	Body     string
}

func (c *client) do(method, path string, form url.Values) (response, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		return response{}, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return response{}, err
	}
	return response{Status: res.StatusCode, Location: res.Header.Get("Location"), Body: string(b)}, nil
}

func (c *client) get(path string) (response, error) { return c.do(http.MethodGet, path, nil) }

func (c *client) post(path string, form url.Values) (response, error) {
	return c.do(http.MethodPost, path, form)
}

// login signs in through the sign-in form.
func (c *client) login(email, password string) error {
	res, err := c.post("/entrar", url.Values{"usuario": {email}, "contrasena": {password}})
	if err != nil {
		return err
	}
	if res.Status != http.StatusSeeOther || strings.HasPrefix(res.Location, "/entrar") {
		return fmt.Errorf("login %s: status %d, location %q", email, res.Status, res.Location)
	}
	return nil
}

var (
	entityLinkRe = regexp.MustCompile(`href="/entidades/([0-9A-Za-z]{20,40})"`)
	inputRe      = regexp.MustCompile(`<input\b[^>]*>`)
	nameAttrRe   = regexp.MustCompile(`\bname="([^"]*)"`)
	valueAttrRe  = regexp.MustCompile(`\bvalue="([^"]*)"`)
)

// editableEntity returns the first entity of the signed-in user's list that
// the user may edit, with the values its edit form shows.
func (c *client) editableEntity() (string, url.Values, error) {
	list, err := c.get("/entidades")
	if err != nil {
		return "", nil, err
	}
	for _, m := range entityLinkRe.FindAllStringSubmatch(list.Body, -1) {
		id := m[1]
		res, err := c.get("/entidades/" + id + "/editar")
		if err != nil {
			return "", nil, err
		}
		if res.Status != http.StatusOK {
			continue
		}
		form, err := formFields(res.Body, "/entidades/"+id)
		return id, form, err
	}
	return "", nil, fmt.Errorf("no editable entity in the list (status %d)", list.Status)
}

// formFields returns the named inputs of the form posting to action.
func formFields(page, action string) (url.Values, error) {
	start := strings.Index(page, `action="`+action+`"`)
	if start < 0 {
		return nil, fmt.Errorf("no form posting to %s", action)
	}
	page = page[start:]
	if end := strings.Index(page, "</form>"); end >= 0 {
		page = page[:end]
	}
	form := url.Values{}
	for _, in := range inputRe.FindAllString(page, -1) {
		name := nameAttrRe.FindStringSubmatch(in)
		if name == nil || strings.Contains(in, `type="submit"`) {
			continue
		}
		value := ""
		if v := valueAttrRe.FindStringSubmatch(in); v != nil {
			value = html.UnescapeString(v[1])
		}
		form.Set(html.UnescapeString(name[1]), value)
	}
	if _, ok := form["telefono"]; !ok {
		return nil, fmt.Errorf("the form posting to %s has no telefono field: %v", action, form)
	}
	return form, nil
}

// setPhone posts the entity form with a new phone and reports whether the
// server acknowledged the change (303 back to the entity). The error wraps
// errAnswered when the server answered otherwise.
func (c *client) setPhone(id string, form url.Values, phone string) (bool, error) {
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("telefono", phone)
	res, err := c.post("/entidades/"+id, f)
	if err != nil {
		return false, err
	}
	if res.Status == http.StatusSeeOther && res.Location == "/entidades/"+id {
		return true, nil
	}
	return false, fmt.Errorf("%w: POST /entidades/%s: status %d, location %q\n%.2000s", errAnswered, id, res.Status, res.Location, res.Body)
}

// errAnswered marks a request the server answered with something other than
// the expected acknowledgement (as opposed to a broken connection).
var errAnswered = errors.New("unexpected answer")

// openDB opens a stopped server's SQLite database for inspection.
func openDB(t *testing.T, dataDir string) *db.DB {
	t.Helper()
	d, err := db.OpenSQLite(context.Background(), filepath.Join(dataDir, "concejo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// integrityCheck runs SQLite's full consistency check.
func integrityCheck(t *testing.T, d *db.DB) {
	t.Helper()
	rows, err := d.Query(`PRAGMA integrity_check`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 || msgs[0] != "ok" {
		t.Fatalf("PRAGMA integrity_check: %q", msgs)
	}
}

func queryInt(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func queryString(t *testing.T, d *db.DB, query string, args ...any) string {
	t.Helper()
	var s string
	if err := d.QueryRow(query, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return s
}

var auditVerifiedRe = regexp.MustCompile(`Cadena de auditoría íntegra: (\d+) filas comprobadas`)

// auditVerify runs «concejo audit verify» and returns the rows it checked;
// it fails the test unless the command exits 0.
func auditVerify(t *testing.T, dataDir string) int {
	t.Helper()
	out, code := runConcejo(t, nil, "audit", "verify", "--data", dataDir)
	m := auditVerifiedRe.FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("concejo audit verify: exit %d\n%s", code, out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestBackupRestoreRoundTrip follows the documented procedure: a hot copy
// with «concejo backup» while the server takes changes, then stop, put the
// copy as concejo.db of a data directory and start again.
func TestBackupRestoreRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("starts concejo processes")
	}
	tmp := t.TempDir()
	live, restored := filepath.Join(tmp, "live"), filepath.Join(tmp, "restored")
	copyPath := filepath.Join(tmp, "copias", "copy.db")

	srv := startServer(t, "demo", live)
	c := newClient(srv.URL)
	if err := c.login("admin@caceres.es", demoPassword); err != nil {
		t.Fatal(err)
	}
	id, form, err := c.editableEntity()
	if err != nil {
		t.Fatal(err)
	}
	// An audited change before the copy…
	const inCopy, afterCopy = "699000111", "699000222"
	if ok, err := c.setPhone(id, form, "+34 699 00 01 11"); !ok {
		t.Fatal(err)
	}
	// …the hot copy while the server runs…
	out, code := runConcejo(t, nil, "backup", "--data", live, "--out", copyPath)
	if code != 0 || !strings.Contains(out, "Copia hecha en "+copyPath) {
		t.Fatalf("concejo backup: exit %d\n%s", code, out)
	}
	// …and a change after it, which the copy must not have.
	if ok, err := c.setPhone(id, form, afterCopy); !ok {
		t.Fatal(err)
	}
	// Without --out the copy goes to <data>/copias.
	out, code = runConcejo(t, nil, "backup", "--data", live)
	if code != 0 {
		t.Fatalf("concejo backup (default destination): exit %d\n%s", code, out)
	}
	if m, _ := filepath.Glob(filepath.Join(live, "copias", "concejo-*.db")); len(m) != 1 {
		t.Fatalf("default copy: %v\n%s", m, out)
	}
	srv.stop(t)

	// The copy is refused as destination of another backup, and left as it was.
	sum := fileSum(t, copyPath)
	out, code = runConcejo(t, nil, "backup", "--data", live, "--out", copyPath)
	if code == 0 || !strings.Contains(out, "ya existe") {
		t.Fatalf("backup onto an existing file: exit %d\n%s", code, out)
	}
	if fileSum(t, copyPath) != sum {
		t.Fatal("a refused backup changed the existing file")
	}
	// On PostgreSQL the command points to pg_dump and writes nothing.
	pgOut := filepath.Join(tmp, "pg.db")
	out, code = runConcejo(t, []string{"CONCEJO_DATABASE_URL=postgres://concejo@127.0.0.1:1/concejo?sslmode=disable"},
		"backup", "--data", live, "--out", pgOut)
	if code == 0 || !strings.Contains(out, "pg_dump -Fc") {
		t.Fatalf("backup with CONCEJO_DATABASE_URL: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(pgOut); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("backup with CONCEJO_DATABASE_URL wrote %s (%v)", pgOut, err)
	}

	// Restore: the copy becomes concejo.db of a fresh data directory.
	if err := os.MkdirAll(restored, 0o750); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(restored, "concejo.db"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	srv = startServer(t, "serve", restored)
	c = newClient(srv.URL)
	if err := c.login("admin@caceres.es", demoPassword); err != nil {
		t.Fatal(err)
	}
	res, err := c.get("/entidades/" + id)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != http.StatusOK || !strings.Contains(res.Body, inCopy) || strings.Contains(res.Body, afterCopy) {
		t.Fatalf("restored entity page (status %d) should show %s and not %s:\n%.3000s", res.Status, inCopy, afterCopy, res.Body)
	}
	srv.stop(t)

	d := openDB(t, restored)
	integrityCheck(t, d)
	if got := queryString(t, d, `SELECT phone FROM entities WHERE id = $1`, id); got != inCopy {
		t.Fatalf("restored phone %q, want %q", got, inCopy)
	}
	if n := queryInt(t, d, `SELECT COUNT(*) FROM audit_log WHERE action = $1 AND object_id = $2 AND after_json LIKE $3`,
		auditEntityMod, id, `%"telefono":"`+inCopy+`"%`); n != 1 {
		t.Fatalf("%d audit rows of the change in the copy, want 1", n)
	}
	if n := queryInt(t, d, `SELECT COUNT(*) FROM audit_log WHERE after_json LIKE $1`, `%`+afterCopy+`%`); n != 0 {
		t.Fatalf("the copy has %d audit rows of a change made after it", n)
	}
	rows := queryInt(t, d, `SELECT COUNT(*) FROM audit_log`)
	d.Close()
	if got := auditVerify(t, restored); got != rows || rows == 0 {
		t.Fatalf("audit verify checked %d rows, the restored database has %d", got, rows)
	}
}
