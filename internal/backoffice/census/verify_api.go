package census

import (
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// The verification endpoint, GET or POST /api/v1/padron/verificacion, is
// for outside participation tools (Decidim, Consul...) of one municipality.
// It takes no session and no OAuth token: the tool authenticates with HTTP
// Basic, user = the key id and password = the secret that the padrón gestor
// created for it at /padron/verificacion (only its SHA-256 is stored; it can
// be revoked at any time). The key belongs to one entity and answers only
// about that entity, and only while its padrón adhesion is active.
// Parameters: documento (DNI, NIE or passport) and optionally fecha
// (AAAA-MM-DD, today by default); POST with a form body is preferred, so
// the document does not travel in the URL. The answer is JSON:
//
//	{"empadronado": true, "distrito": "01", "tramo_edad": "18-29", "fecha": "2026-11-29"}
//
// without anything else of the record. Every call is logged in the padrón's
// access log under the key's name.

func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

type verifyAnswer struct {
	Registered bool   `json:"empadronado"`
	District   string `json:"distrito,omitempty"`
	AgeBand    string `json:"tramo_edad,omitempty"`
	Date       string `json:"fecha"`
	Error      string `json:"error,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

func (m *Module) verifyAPI(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	keyID, secret, ok := r.BasicAuth()
	unauthorized := func() error {
		w.Header().Set("WWW-Authenticate", `Basic realm="padron", charset="UTF-8"`)
		return writeJSON(w, http.StatusUnauthorized, verifyAnswer{Error: "Identifíquese con la clave del servicio de verificación (HTTP Basic)."})
	}
	if !ok || keyID == "" || len(keyID) > 64 || len(secret) > 128 {
		return unauthorized()
	}
	var entityID, name, hash string
	err := m.kit.DB.QueryRowContext(ctx, `SELECT entity_id, name, secret_hash FROM census_verify_clients
		WHERE id = $1 AND revoked_at IS NULL`, keyID).Scan(&entityID, &name, &hash)
	if err != nil || subtle.ConstantTimeCompare([]byte(hash), []byte(hashSecret(secret))) != 1 {
		return unauthorized()
	}
	if ok, err := adhered(ctx, m.kit.DB, entityID); err != nil || !ok {
		return writeJSON(w, http.StatusForbidden, verifyAnswer{Error: "La entidad no tiene activo el servicio de padrón."})
	}
	if r.Method == http.MethodPost {
		if err := web.ParseForm(w, r, 4<<10); err != nil {
			return writeJSON(w, http.StatusBadRequest, verifyAnswer{Error: "La petición no se puede leer."})
		}
	}
	doc := r.FormValue("documento")
	at := today()
	if s := r.FormValue("fecha"); s != "" {
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return writeJSON(w, http.StatusBadRequest, verifyAnswer{Error: "La fecha debe escribirse AAAA-MM-DD."})
		}
		at = t
	}
	if n := normDoc(doc); n == "" || len(n) > 20 {
		return writeJSON(w, http.StatusBadRequest, verifyAnswer{Error: "Indique el documento (DNI, NIE o pasaporte)."})
	}
	v, err := Verify(ctx, m.kit.DB, entityID, doc, at)
	if err != nil {
		return err
	}
	detail := "Verificación pedida por «" + name + "»: no empadronado"
	if v.Registered {
		detail = "Verificación pedida por «" + name + "»: empadronado"
	}
	if err := m.logAccess(ctx, entityID, "", "verificacion", detail, "clave:"+keyID, name, ""); err != nil {
		return err
	}
	m.kit.DB.ExecContext(ctx, `UPDATE census_verify_clients SET last_used_at = $2 WHERE id = $1`, keyID, time.Now().UTC())
	return writeJSON(w, http.StatusOK, verifyAnswer{Registered: v.Registered, District: v.District, AgeBand: v.AgeBand,
		Date: at.Format("2006-01-02")})
}

// VerifyClient is a key of the verification service.
type VerifyClient struct {
	ID, Name            string
	CreatedAt           time.Time
	RevokedAt, LastUsed sql.NullTime
}

// newKey is a verification key just created: its secret is shown once, in
// the answer to the post that created it, and stored nowhere in clear (not
// even as a flash message in the session).
type newKey struct{ ID, Name, Secret string }

func (m *Module) verifyClientsPage(w http.ResponseWriter, r *http.Request) error {
	return m.renderVerifyClients(w, r, http.StatusOK, nil)
}

// renderVerifyClients shows the entity's keys and, when one was just
// created, its identifier and secret.
func (m *Module) renderVerifyClients(w http.ResponseWriter, r *http.Request, status int, created *newKey) error {
	a := kit.Actor(r)
	list, err := db.Collect(r.Context(), m.kit.DB, func(s db.Scanner) (VerifyClient, error) {
		var c VerifyClient
		err := s.Scan(&c.ID, &c.Name, &c.CreatedAt, &c.RevokedAt, &c.LastUsed)
		return c, err
	}, `SELECT id, name, created_at, revoked_at, last_used_at FROM census_verify_clients WHERE entity_id = $1
		ORDER BY created_at DESC`, a.Entity.ID)
	if err != nil {
		return err
	}
	return m.kit.Renderer.Render(w, r, status, "census/verify", &web.Page{Title: "Servicio de verificación de empadronamiento",
		Crumbs: []web.Crumb{homeCrumb}, Data: map[string]any{"Clients": list, "Public": m.kit.Config.Public(), "Created": created}})
}

func (m *Module) verifyClientCreatePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := kit.Actor(r)
	name := web.Field(r, "nombre")
	if name == "" || len([]rune(name)) > 100 {
		return errs.New(errs.Invalid, "Escriba el nombre de la herramienta (hasta 100 caracteres), por ejemplo «Decidim municipal».")
	}
	key := newKey{ID: "vp_" + id.Token(10), Name: name, Secret: id.Token(20)}
	err := m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(r.Context(), `INSERT INTO census_verify_clients (entity_id, id, name, secret_hash, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6)`, a.Entity.ID, key.ID, name, hashSecret(key.Secret), time.Now().UTC(), a.UserID); err != nil {
			return err
		}
		return m.kit.Audit(r.Context(), tx, a, kit.Change{EntityID: a.Entity.ID, Action: "padron.verificacion.clave",
			ObjectType: "clave_verificacion", ObjectID: key.ID, After: map[string]string{"nombre": name}})
	})
	if err != nil {
		return err
	}
	return m.renderVerifyClients(w, r, http.StatusOK, &key)
}

func (m *Module) verifyClientRevokePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := kit.Actor(r)
	err := m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		res, err := tx.ExecContext(r.Context(), `UPDATE census_verify_clients SET revoked_at = $3
			WHERE entity_id = $1 AND id = $2 AND revoked_at IS NULL`, a.Entity.ID, r.PathValue("id"), time.Now().UTC())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.ErrNotFound
		}
		return m.kit.Audit(r.Context(), tx, a, kit.Change{EntityID: a.Entity.ID, Action: "padron.verificacion.revocar",
			ObjectType: "clave_verificacion", ObjectID: r.PathValue("id")})
	})
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/padron/verificacion", "Clave revocada.")
}
