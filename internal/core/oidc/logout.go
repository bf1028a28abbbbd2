package oidc

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"

	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
)

// Back-Channel Logout 1.0: when a Concejo session ends, the tokens issued
// under it are revoked and every application that received tokens in it and
// registered a back-channel logout URI is sent a signed logout token.

// LogoutTokenTTL is the lifetime of a logout token.
const LogoutTokenTTL = 2 * time.Minute

// logoutTimeout bounds each delivery of a logout token.
const logoutTimeout = 5 * time.Second

// sidOf is the session identifier published in ID and logout tokens: stable
// for a Concejo session, but not the stored session hash itself.
func sidOf(sessionHash string) string { return hashOf("oidc-sid:" + sessionHash)[:32] }

// logoutNote is one logout token to deliver.
type logoutNote struct {
	clientID, uri, token string
}

// SessionsRevoked is the auth.Sessions OnRevoke hook: inside the caller's
// transaction it revokes the tokens issued under the ended sessions (and,
// when userID is given, every token of that user) and unused codes, signs
// the logout tokens, and delivers them in the background so that the
// user's logout never waits for an application.
func (m *Module) SessionsRevoked(ctx context.Context, q db.Queryer, hashes []string, userID string) error {
	if len(hashes) == 0 && userID == "" {
		return nil
	}
	var in []string
	args := []any{}
	for _, h := range hashes {
		args = append(args, h)
		in = append(in, "$"+strconv.Itoa(len(args)))
	}
	where := "1 = 0"
	if len(in) > 0 {
		where = "t.session_hash IN (" + strings.Join(in, ", ") + ")"
	}
	if userID != "" {
		args = append(args, userID)
		where = "(" + where + " OR (t.user_id = $" + strconv.Itoa(len(args)) + " AND t.entity_id <> ''))"
	}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT t.client_id, c.backchannel_logout_uri, t.user_id, t.session_hash
		FROM oidc_tokens t JOIN oidc_clients c ON c.id = t.client_id
		WHERE `+where+` AND t.entity_id <> '' AND c.active = TRUE AND c.backchannel_logout_uri <> ''
		ORDER BY t.client_id, t.session_hash`, args...)
	if err != nil {
		return err
	}
	type target struct{ clientID, uri, userID, session string }
	var targets []target
	for rows.Next() {
		var t target
		if err := rows.Scan(&t.clientID, &t.uri, &t.userID, &t.session); err != nil {
			rows.Close()
			return err
		}
		targets = append(targets, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	now := time.Now().UTC()
	upd := append([]any{now}, args...)
	if _, err := q.ExecContext(ctx, `UPDATE oidc_tokens SET revoked_at = $1 WHERE revoked_at IS NULL AND id IN (
		SELECT t.id FROM oidc_tokens t WHERE `+shift(where, 1)+`)`, upd...); err != nil {
		return err
	}
	if len(in) > 0 {
		if _, err := q.ExecContext(ctx, `DELETE FROM oidc_auth_requests WHERE code_used = FALSE AND session_hash IN (`+
			strings.Join(in, ", ")+`)`, args[:len(in)]...); err != nil {
			return err
		}
	}
	if len(targets) == 0 {
		return nil
	}
	key, err := m.storage.keys.activeIn(ctx, q)
	if err != nil {
		return err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key.key, KeyID: key.id}},
		(&jose.SignerOptions{}).WithType("logout+jwt"))
	if err != nil {
		return err
	}
	var notes []logoutNote
	for _, t := range targets {
		sid := ""
		if t.session != "" {
			sid = sidOf(t.session)
		}
		claims := oidc.NewLogoutTokenClaims(m.Issuer(), t.userID, oidc.Audience{t.clientID}, now.Add(LogoutTokenTTL),
			id.Token(16), sid, 0)
		payload, err := json.Marshal(claims)
		if err != nil {
			return err
		}
		jws, err := signer.Sign(payload)
		if err != nil {
			return err
		}
		tok, err := jws.CompactSerialize()
		if err != nil {
			return err
		}
		notes = append(notes, logoutNote{clientID: t.clientID, uri: t.uri, token: tok})
	}
	go m.deliverLogouts(notes)
	return nil
}

// LogoutClient is the HTTP client that delivers logout tokens: short
// timeouts, no redirects followed, and a dialer that refuses internal
// destinations (internalIP), whatever name resolved to them.
func LogoutClient() *http.Client {
	dialer := &net.Dialer{Timeout: logoutTimeout, Control: func(_, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		if internalIP(net.ParseIP(host)) {
			return fmt.Errorf("destino interno %s rechazado", host)
		}
		return nil
	}}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext, tr.Proxy = dialer.DialContext, nil
	return &http.Client{Timeout: logoutTimeout, Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// deliverLogouts POSTs each logout token; failures are only logged.
func (m *Module) deliverLogouts(notes []logoutNote) {
	hc := m.logoutHTTP
	for _, n := range notes {
		ctx, cancel := context.WithTimeout(context.Background(), logoutTimeout)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.uri,
			strings.NewReader(url.Values{"logout_token": {n.token}}.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			var res *http.Response
			if res, err = hc.Do(req); err == nil {
				res.Body.Close()
				if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusNoContent {
					m.kit.Log.Warn("cierre de sesión en aplicación rechazado", "client", n.clientID, "status", res.StatusCode)
				}
			}
		}
		if err != nil {
			m.kit.Log.Warn("cierre de sesión en aplicación fallido", "client", n.clientID, "error", err)
		}
		cancel()
	}
}

// shift renumbers the $N placeholders of where by delta.
func shift(where string, delta int) string {
	var b strings.Builder
	for i := 0; i < len(where); i++ {
		if where[i] != '$' {
			b.WriteByte(where[i])
			continue
		}
		j := i + 1
		n := 0
		for j < len(where) && where[j] >= '0' && where[j] <= '9' {
			n = n*10 + int(where[j]-'0')
			j++
		}
		b.WriteString("$" + strconv.Itoa(n+delta))
		i = j - 1
	}
	return b.String()
}
