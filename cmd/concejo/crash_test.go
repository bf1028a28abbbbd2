//go:build unix

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"concejo/internal/demo"
	"concejo/internal/platform/auth"
)

// loginTOTP signs in an account with a second factor. Should a code be
// refused (e.g. already used in its 30-second step), it retries once with the
// next step's code.
func (c *client) loginTOTP(email, password, secret string) error {
	res, err := c.post("/entrar", url.Values{"usuario": {email}, "contrasena": {password}})
	if err != nil {
		return err
	}
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/entrar/segundo-factor") {
		return fmt.Errorf("login %s: status %d, location %q", email, res.Status, res.Location)
	}
	for attempt := 0; attempt < 2; attempt++ {
		if attempt > 0 {
			time.Sleep(time.Until(time.Now().Truncate(30 * time.Second).Add(31 * time.Second)))
		}
		code, err := auth.TOTPCode(secret, time.Now())
		if err != nil {
			return err
		}
		if res, err = c.post("/entrar/segundo-factor", url.Values{"codigo": {code}}); err != nil {
			return err
		}
		if res.Status == http.StatusSeeOther {
			return nil
		}
	}
	return fmt.Errorf("TOTP %s: status %d", email, res.Status)
}

// createELM creates an entidad local menor of parent and returns its id when
// the server acknowledged it (303 to the new entity).
func (c *client) createELM(name, parent string) (string, error) {
	res, err := c.post("/entidades", url.Values{"tipo": {"elm"}, "nombre": {name}, "ayuntamiento": {parent},
		"poblacion": {"25"}})
	if err != nil {
		return "", err
	}
	id, ok := strings.CutPrefix(res.Location, "/entidades/")
	if res.Status != http.StatusSeeOther || !ok || id == "" {
		return "", fmt.Errorf("%w: POST /entidades: status %d, location %q\n%.2000s", errAnswered, res.Status, res.Location, res.Body)
	}
	return id, nil
}

// writer is one concurrent client of a kill cycle and what it saw.
type writer struct {
	who       string
	phones    []string          // acknowledged phone changes, in order
	created   map[string]string // acknowledged new entity id → name
	attempted int               // requests sent
	err       error             // failure while the server was up, or an unexpected answer
}

// TestCrashSafety kills the server (SIGKILL) while eight clients write
// concurrently, three times over the same data directory, and checks after
// each crash that the server comes up again, that the database is intact,
// that the audit chain verifies, and that no write the server acknowledged
// before the kill is lost.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts concejo processes")
	}
	const cycles = 3
	entityAdmins := []string{"admin@caceres.es", "admin@plasencia.es", "secretaria@abadia.es"}
	const dipAdmin, dipPassword = "admin@dipcaceres.es", "concejo-demo-admin"
	dataDir := filepath.Join(t.TempDir(), "data")

	// Over all cycles: every acknowledged write, and every write attempted.
	ackedPhone := map[string]string{} // phone → entity id
	ackedELM := map[string]string{}   // entity id → name
	attemptedPhone := map[string]bool{}
	attemptedName := map[string]bool{}
	inFlight := 0 // requests that may have committed without an acknowledgement

	for cycle := range cycles {
		sub := "serve"
		if cycle == 0 {
			sub = "demo" // creates the demo province in dataDir
		}
		srv := startServer(t, sub, dataDir)

		// Sign in: each entity administrator edits the phone of his entity; the
		// Diputación administrator (password and TOTP) creates ELM.
		type account struct {
			c    *client
			id   string
			form url.Values
		}
		admins := make([]account, len(entityAdmins))
		for i, email := range entityAdmins {
			a := account{c: newClient(srv.URL)}
			if err := a.c.login(email, demoPassword); err != nil {
				t.Fatal(err)
			}
			var err error
			if a.id, a.form, err = a.c.editableEntity(); err != nil {
				t.Fatalf("%s: %v", email, err)
			}
			admins[i] = a
		}
		dip := newClient(srv.URL)
		if err := dip.loginTOTP(dipAdmin, dipPassword, demo.AdminTOTPSecret); err != nil {
			t.Fatal(err)
		}
		parent := admins[1].id // the Ayuntamiento de Plasencia

		// Eight writers: two per entity administrator (both on the same entity,
		// so they also race each other) and two creating entities.
		writers := make([]*writer, 8)
		var killed atomic.Bool
		var acks atomic.Int64
		var wg sync.WaitGroup
		startWrites := make(chan struct{})
		for w := range writers {
			wr := &writer{created: map[string]string{}}
			writers[w] = wr
			dipWriter := w >= 2*len(admins)
			if dipWriter {
				wr.who = dipAdmin
			} else {
				wr.who = entityAdmins[w%len(admins)]
			}
			// Write n of writer w in cycle c sets the phone 6cwnnnnnn or creates
			// «… c-w-n», so the check knows every write that was attempted.
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-startWrites
				for n := 0; n < 1_000_000; n++ {
					var err error
					wr.attempted++
					if dipWriter {
						name := fmt.Sprintf("Pedanía de la prueba de caídas %d-%d-%d", cycle, w, n)
						var id string
						if id, err = dip.createELM(name, parent); err == nil {
							wr.created[id] = name
							acks.Add(1)
							continue
						}
					} else {
						a := admins[w%len(admins)]
						phone := fmt.Sprintf("6%d%d%06d", cycle, w, n)
						var ok bool
						if ok, err = a.c.setPhone(a.id, a.form, phone); ok {
							wr.phones = append(wr.phones, phone)
							acks.Add(1)
							continue
						}
					}
					// A broken connection is what the kill does to the requests in
					// flight; an unexpected answer, or any error before the kill,
					// is a failure.
					if errors.Is(err, errAnswered) || !killed.Load() {
						wr.err = err
					}
					return
				}
			}()
		}
		close(startWrites)
		// Kill while the writers are busy, at a different moment each cycle
		// (later on a machine so loaded that few writes have gone through yet).
		time.Sleep(time.Second + time.Duration(cycle)*400*time.Millisecond)
		for deadline := time.Now().Add(time.Minute); acks.Load() < 4*int64(len(writers)) && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
		killed.Store(true)
		srv.kill(t)
		wg.Wait()

		ackedNow := 0
		for w, wr := range writers {
			if wr.err != nil {
				t.Fatalf("cycle %d, writer %d (%s): %v", cycle, w, wr.who, wr.err)
			}
			ackedNow += len(wr.phones) + len(wr.created)
			inFlight++ // its last request was cut by the kill
			for n := range wr.attempted {
				attemptedPhone[fmt.Sprintf("6%d%d%06d", cycle, w, n)] = true
				attemptedName[fmt.Sprintf("Pedanía de la prueba de caídas %d-%d-%d", cycle, w, n)] = true
			}
			for _, p := range wr.phones {
				ackedPhone[p] = admins[w%len(admins)].id
			}
			for id, name := range wr.created {
				ackedELM[id] = name
			}
		}
		if ackedNow == 0 {
			t.Fatalf("cycle %d: no write was acknowledged before the kill", cycle)
		}

		// The server comes up again on the crashed data directory and serves
		// the recovered data.
		srv = startServer(t, "serve", dataDir)
		c := newClient(srv.URL)
		if err := c.login(entityAdmins[0], demoPassword); err != nil {
			t.Fatalf("after the crash: %v", err)
		}
		page, err := c.get("/entidades/" + admins[0].id)
		if err != nil || page.Status != http.StatusOK {
			t.Fatalf("after the crash, the entity page: %v %d", err, page.Status)
		}
		srv.stop(t)

		d := openDB(t, dataDir)
		integrityCheck(t, d)

		// Every audited change of the writers is one they attempted, each
		// appears once, and every acknowledged one is there.
		rows, err := d.Query(`SELECT seq, action, object_id, after_json FROM audit_log
			WHERE action IN ($1, $2) ORDER BY seq`, auditEntityMod, "entidad.crear")
		if err != nil {
			t.Fatal(err)
		}
		auditedPhone := map[string]string{}  // phone → entity
		lastPhone := map[string]string{}     // entity → phone of its last audited edit
		auditedCreate := map[string]string{} // entity id → name
		unacked := 0
		for rows.Next() {
			var seq int64
			var action, object, after string
			if err := rows.Scan(&seq, &action, &object, &after); err != nil {
				t.Fatal(err)
			}
			var s struct {
				Name  string `json:"nombre"`
				Phone string `json:"telefono"`
			}
			if err := json.Unmarshal([]byte(after), &s); err != nil {
				t.Fatalf("audit row %d: %v", seq, err)
			}
			switch {
			case action == auditEntityMod:
				if !attemptedPhone[s.Phone] {
					continue // not a change of this test
				}
				if _, dup := auditedPhone[s.Phone]; dup {
					t.Fatalf("audit row %d: the change to %s is audited twice", seq, s.Phone)
				}
				auditedPhone[s.Phone], lastPhone[object] = object, s.Phone
				if _, ok := ackedPhone[s.Phone]; !ok {
					unacked++
				}
			case attemptedName[s.Name]:
				if _, dup := auditedCreate[object]; dup {
					t.Fatalf("audit row %d: the creation of %s is audited twice", seq, object)
				}
				auditedCreate[object] = s.Name
				if _, ok := ackedELM[object]; !ok {
					unacked++
				}
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		var lost []string
		for phone, id := range ackedPhone {
			if auditedPhone[phone] != id {
				lost = append(lost, fmt.Sprintf("phone of %s set to %s", id, phone))
			}
		}
		for id, name := range ackedELM {
			if auditedCreate[id] != name || queryInt(t, d, `SELECT COUNT(*) FROM entities WHERE id = $1 AND name = $2
				AND parent_id = $3`, id, name, parent) != 1 {
				lost = append(lost, fmt.Sprintf("entity %s (%s) created", id, name))
			}
		}
		if len(lost) > 0 {
			sort.Strings(lost)
			t.Errorf("cycle %d: %d of %d acknowledged writes are lost, e.g. %s", cycle, len(lost),
				len(ackedPhone)+len(ackedELM), strings.Join(lost[:min(len(lost), 5)], "; "))
		}
		// Only the requests cut by a kill may have committed unacknowledged.
		if unacked > inFlight {
			t.Errorf("cycle %d: %d audited writes were never acknowledged, but only %d requests were in flight at the kills",
				cycle, unacked, inFlight)
		}
		// The data agree with the audit: each entity has the phone of its last
		// audited edit, and entities are created with their audit row only.
		for _, a := range admins {
			got := queryString(t, d, `SELECT phone FROM entities WHERE id = $1`, a.id)
			if got != lastPhone[a.id] {
				t.Errorf("cycle %d: entity %s has phone %q, its last audited edit set %q", cycle, a.id, got, lastPhone[a.id])
			}
			if a.id == admins[0].id && !strings.Contains(page.Body, got) {
				t.Errorf("cycle %d: the restarted server does not show the phone %s", cycle, got)
			}
		}
		created := queryInt(t, d, `SELECT COUNT(*) FROM entities WHERE name LIKE $1`, "Pedanía de la prueba de caídas %")
		if created != len(auditedCreate) {
			t.Errorf("cycle %d: %d test entities in the database, %d audited creations", cycle, created, len(auditedCreate))
		}
		total := queryInt(t, d, `SELECT COUNT(*) FROM audit_log`)
		d.Close()
		if t.Failed() {
			t.FailNow()
		}
		if got := auditVerify(t, dataDir); got != total {
			t.Fatalf("cycle %d: audit verify checked %d rows, the database has %d", cycle, got, total)
		}
		perWriter := make([]string, len(writers))
		for w, wr := range writers {
			perWriter[w] = fmt.Sprint(len(wr.phones) + len(wr.created))
		}
		t.Logf("cycle %d: killed after %d acknowledged writes (per writer %s); audit chain of %d rows intact, "+
			"%d writes committed without acknowledgement so far", cycle, ackedNow, strings.Join(perWriter, "/"), total, unacked)
	}
}
