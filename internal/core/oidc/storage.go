package oidc

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
)

// storage implements op.Storage (and client credentials, and logout from
// the request) on the platform database.
type storage struct {
	kit  *kit.Kit
	keys *keyRing
	// tokens writes the rows of machine access tokens.
	tokens *db.Group[[]any]
}

var (
	_ op.Storage                        = (*storage)(nil)
	_ op.ClientCredentialsStorage       = (*storage)(nil)
	_ op.CanSetUserinfoFromRequest      = (*storage)(nil)
	_ op.CanGetPrivateClaimsFromRequest = (*storage)(nil)
	_ op.CanTerminateSessionFromRequest = (*storage)(nil)
)

func hashOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// serverError is a fault of the provider; a client that disconnected
// mid-request is not one (the library would log it as an error, and
// goneWriter answers it as web.StatusClientClosed).
func serverError(err error) error {
	if errors.Is(err, context.Canceled) {
		return oidc.ErrInvalidRequest().WithParent(err).WithDescription("client disconnected")
	}
	return oidc.ErrServerError().WithParent(err)
}

// ---- clients

func (s *storage) client(ctx context.Context, clientID string) (*Client, error) {
	if clientID == "" || len(clientID) > 100 {
		return nil, oidc.ErrInvalidClient().WithDescription("unknown client")
	}
	c, err := clientRow(ctx, s.kit.DB, clientID)
	if errors.Is(err, db.ErrNotFound) || (err == nil && !c.Active) {
		return nil, oidc.ErrInvalidClient().WithDescription("unknown client")
	}
	if err != nil {
		return nil, serverError(err)
	}
	return c, nil
}

func (s *storage) GetClientByClientID(ctx context.Context, clientID string) (op.Client, error) {
	c, err := s.client(ctx, clientID)
	if err != nil {
		return nil, err
	}
	return opClient{c}, nil
}

func checkSecret(c *Client, secret string) bool {
	if !c.Confidential || c.SecretHash == "" || secret == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(hashOf(secret)), []byte(c.SecretHash)) == 1
}

func (s *storage) AuthorizeClientIDSecret(ctx context.Context, clientID, secret string) error {
	c, err := s.client(ctx, clientID)
	if err != nil {
		return err
	}
	if !checkSecret(c, secret) {
		return oidc.ErrInvalidClient().WithDescription("invalid client_id / client_secret")
	}
	return nil
}

func (s *storage) ClientCredentials(ctx context.Context, clientID, secret string) (op.Client, error) {
	c, err := s.client(ctx, clientID)
	if err != nil {
		return nil, err
	}
	if !checkSecret(c, secret) {
		return nil, oidc.ErrInvalidClient().WithDescription("invalid client_id / client_secret")
	}
	return opClient{c}, nil
}

func (s *storage) ClientCredentialsTokenRequest(ctx context.Context, clientID string, scopes []string) (op.TokenRequest, error) {
	return &machineRequest{clientID: clientID, scopes: scopes}, nil
}

// ---- authorization requests

const authColumns = `id, client_id, redirect_uri, scopes, state, nonce, response_mode, code_challenge, code_method,
	COALESCE(user_id, ''), COALESCE(entity_id, ''), session_hash, auth_time, done, code_used, expires_at`

func scanAuth(row scanner) (*authRequest, error) {
	a := &authRequest{}
	var scopes string
	var authTime sql.NullTime
	err := row.Scan(&a.ID, &a.ClientID, &a.RedirectURI, &scopes, &a.State, &a.Nonce, &a.ResponseMode, &a.CodeChallenge,
		&a.CodeMethod, &a.UserID, &a.EntityID, &a.SessionHash, &authTime, &a.IsDone, &a.CodeUsed, &a.ExpiresAt)
	if err != nil {
		return nil, db.NotFound(err)
	}
	a.Scopes = strings.Fields(scopes)
	a.AuthTime = authTime.Time
	return a, nil
}

func (s *storage) CreateAuthRequest(ctx context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	if req.CodeChallenge == "" || req.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return nil, oidc.ErrInvalidRequest().WithDescription("PKCE with code_challenge_method S256 is required")
	}
	if len(req.State) > 1000 || len(req.Nonce) > 1000 || len(req.CodeChallenge) > 200 || len(req.RedirectURI) > 2000 {
		return nil, oidc.ErrInvalidRequest().WithDescription("parameter too long")
	}
	now := time.Now().UTC()
	a := &authRequest{ID: id.Token(24), ClientID: req.ClientID, RedirectURI: req.RedirectURI, Scopes: req.Scopes,
		State: req.State, Nonce: req.Nonce, ResponseMode: string(req.ResponseMode), CodeChallenge: req.CodeChallenge,
		CodeMethod: string(req.CodeChallengeMethod), ExpiresAt: now.Add(AuthRequestTTL)}
	_, err := s.kit.DB.ExecContext(ctx, `INSERT INTO oidc_auth_requests (id, client_id, redirect_uri, scopes, state, nonce,
		response_mode, code_challenge, code_method, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		a.ID, a.ClientID, a.RedirectURI, strings.Join(a.Scopes, " "), a.State, a.Nonce, a.ResponseMode,
		a.CodeChallenge, a.CodeMethod, now, a.ExpiresAt)
	if err != nil {
		return nil, serverError(err)
	}
	return a, nil
}

// errAuthRequestGone is an unknown, expired or finished authorization request.
var errAuthRequestGone = errors.New("auth request not found or expired")

func (s *storage) AuthRequestByID(ctx context.Context, reqID string) (op.AuthRequest, error) {
	a, err := s.authRequest(ctx, reqID)
	if err != nil {
		return nil, err
	}
	return a, nil
}

func (s *storage) authRequest(ctx context.Context, reqID string) (*authRequest, error) {
	if reqID == "" || len(reqID) > 100 {
		return nil, errAuthRequestGone
	}
	a, err := scanAuth(s.kit.DB.QueryRowContext(ctx, `SELECT `+authColumns+` FROM oidc_auth_requests WHERE id = $1`, reqID))
	if errors.Is(err, db.ErrNotFound) || (err == nil && (time.Now().After(a.ExpiresAt) || a.CodeUsed)) {
		return nil, errAuthRequestGone
	}
	return a, err
}

// complete marks the request authenticated for the actor; it fails when
// someone already completed it.
func (s *storage) complete(ctx context.Context, a *authRequest, actor *auth.Actor) error {
	now := time.Now().UTC()
	res, err := s.kit.DB.ExecContext(ctx, `UPDATE oidc_auth_requests SET user_id = $1, entity_id = $2, session_hash = $3,
		auth_time = $4, done = TRUE WHERE id = $5 AND done = FALSE`, actor.UserID, actor.Entity.ID, actor.SessionHash, now, a.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errAuthRequestGone
	}
	a.UserID, a.EntityID, a.SessionHash, a.AuthTime, a.IsDone = actor.UserID, actor.Entity.ID, actor.SessionHash, now, true
	return nil
}

func (s *storage) SaveAuthCode(ctx context.Context, reqID, code string) error {
	res, err := s.kit.DB.ExecContext(ctx, `UPDATE oidc_auth_requests SET code_hash = $1, expires_at = $2
		WHERE id = $3 AND done = TRUE AND code_hash IS NULL`, hashOf(code), time.Now().UTC().Add(CodeTTL), reqID)
	if err != nil {
		return serverError(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return oidc.ErrInvalidRequest().WithDescription("auth request already answered")
	}
	return nil
}

// AuthRequestByCode finds the request of a code. The code is spent when
// tokens are issued (after client authentication and PKCE, so a stolen code
// cannot be burnt by someone else); presenting a spent code again revokes
// every token issued from it (RFC 6749, 4.1.2).
func (s *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	if code == "" || len(code) > 500 {
		return nil, errAuthRequestGone
	}
	a, err := scanAuth(s.kit.DB.QueryRowContext(ctx, `SELECT `+authColumns+` FROM oidc_auth_requests WHERE code_hash = $1`, hashOf(code)))
	if err != nil {
		return nil, err
	}
	if a.CodeUsed {
		if _, err := s.kit.DB.ExecContext(ctx, `UPDATE oidc_tokens SET revoked_at = $1 WHERE family = $2 AND revoked_at IS NULL`,
			time.Now().UTC(), a.ID); err != nil {
			return nil, err
		}
		return nil, errAuthRequestGone
	}
	if !a.IsDone || time.Now().After(a.ExpiresAt) {
		return nil, errAuthRequestGone
	}
	return a, nil
}

// DeleteAuthRequest keeps the (used) request, so that a replayed code is
// recognised; expired requests are purged on the next creation of tokens.
func (s *storage) DeleteAuthRequest(ctx context.Context, reqID string) error {
	_, err := s.kit.DB.ExecContext(ctx, `DELETE FROM oidc_auth_requests WHERE expires_at < $1`,
		time.Now().UTC().Add(-24*time.Hour))
	if err != nil {
		return serverError(err)
	}
	return nil
}

// ---- tokens

func (s *storage) insertToken(ctx context.Context, q db.Queryer, kind, secret string, g grantInfo, exp time.Time) error {
	_, err := q.ExecContext(ctx, db.InsertSQL("oidc_tokens", tokenColumns, 1), tokenRow(kind, secret, g, exp)...)
	return err
}

// tokenRow is the oidc_tokens row of a token, in tokenColumns' order.
func tokenRow(kind, secret string, g grantInfo, exp time.Time) []any {
	return []any{g.EntityID, hashOf(secret), kind, g.ClientID, g.UserID, g.Family, g.SessionHash, strings.Join(g.Scopes, " "),
		"pwd", g.AuthTime, time.Now().UTC(), exp}
}

func grantOf(req op.TokenRequest) (grantInfo, error) {
	switch r := req.(type) {
	case grantContext:
		return r.grant(), nil
	case *machineRequest:
		return grantInfo{ClientID: r.clientID, UserID: r.clientID, Family: id.New(), AuthTime: time.Now().UTC(), Scopes: r.scopes}, nil
	}
	return grantInfo{}, oidc.ErrUnsupportedGrantType()
}

func (s *storage) CreateAccessToken(ctx context.Context, req op.TokenRequest) (string, time.Time, error) {
	g, err := grantOf(req)
	if err != nil {
		return "", time.Time{}, err
	}
	tokenID := id.Token(24)
	exp := time.Now().UTC().Add(AccessTokenTTL)
	if _, machine := req.(*machineRequest); machine {
		// Nothing to spend: the row joins the next group commit.
		if err := s.tokens.Do(ctx, tokenRow("access", tokenID, g, exp)); err != nil {
			return "", time.Time{}, serverError(err)
		}
		return tokenID, exp, nil
	}
	err = s.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := spendCode(ctx, tx, req); err != nil {
			return err
		}
		return s.insertToken(ctx, tx, "access", tokenID, g, exp)
	})
	if errors.Is(err, errAuthRequestGone) {
		return "", time.Time{}, oidc.ErrInvalidGrant().WithDescription("invalid code")
	}
	if err != nil {
		return "", time.Time{}, serverError(err)
	}
	return tokenID, exp, nil
}

func (s *storage) CreateAccessAndRefreshTokens(ctx context.Context, req op.TokenRequest, current string) (string, string, time.Time, error) {
	g, err := grantOf(req)
	if err != nil {
		return "", "", time.Time{}, err
	}
	tokenID, refresh := id.Token(24), id.Token(32)
	now := time.Now().UTC()
	exp := now.Add(AccessTokenTTL)
	var rotated bool
	err = s.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := spendCode(ctx, tx, req); err != nil {
			return err
		}
		if current != "" {
			res, err := tx.ExecContext(ctx, `UPDATE oidc_tokens SET revoked_at = $1 WHERE id = $2 AND kind = 'refresh' AND revoked_at IS NULL`,
				now, hashOf(current))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				rotated = true
				return errAuthRequestGone
			}
		}
		if err := s.insertToken(ctx, tx, "access", tokenID, g, exp); err != nil {
			return err
		}
		// The refresh token never outlives the sign-in it comes from.
		return s.insertToken(ctx, tx, "refresh", refresh, g, g.AuthTime.Add(RefreshTokenTTL))
	})
	if rotated {
		return "", "", time.Time{}, oidc.ErrInvalidGrant().WithDescription("refresh token already used")
	}
	if errors.Is(err, errAuthRequestGone) {
		return "", "", time.Time{}, oidc.ErrInvalidGrant().WithDescription("invalid code")
	}
	if err != nil {
		return "", "", time.Time{}, serverError(err)
	}
	return tokenID, refresh, exp, nil
}

// spendCode marks the code of an authorization request used, once.
func spendCode(ctx context.Context, tx *sql.Tx, req op.TokenRequest) error {
	a, ok := req.(*authRequest)
	if !ok {
		return nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE oidc_auth_requests SET code_used = TRUE WHERE id = $1 AND code_used = FALSE`, a.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errAuthRequestGone
	}
	return nil
}

// token is a stored token row.
type token struct {
	g         grantInfo
	kind      string
	expiresAt time.Time
	revoked   bool
}

func (s *storage) token(ctx context.Context, secret string) (*token, error) {
	if secret == "" || len(secret) > 500 {
		return nil, db.ErrNotFound
	}
	t := &token{}
	var scopes string
	var revoked sql.NullTime
	err := s.kit.DB.QueryRowContext(ctx, `SELECT entity_id, kind, client_id, user_id, family, session_hash, scopes, auth_time,
		expires_at, revoked_at FROM oidc_tokens WHERE id = $1`, hashOf(secret)).
		Scan(&t.g.EntityID, &t.kind, &t.g.ClientID, &t.g.UserID, &t.g.Family, &t.g.SessionHash, &scopes, &t.g.AuthTime,
			&t.expiresAt, &revoked)
	if err != nil {
		return nil, db.NotFound(err)
	}
	t.g.Scopes, t.revoked = strings.Fields(scopes), revoked.Valid
	return t, nil
}

// errRefused is returned when the user may no longer use the application.
var errRefused = errors.New("access no longer allowed")

// stillAllowed checks, for a user grant, that the client is active, the user
// active, his Concejo session not revoked, and that he still holds a role on
// the client's service in the entity, whose adhesion is active.
func (s *storage) stillAllowed(ctx context.Context, g grantInfo) (*Client, error) {
	c, err := s.client(ctx, g.ClientID)
	if err != nil {
		return nil, err
	}
	if g.EntityID == "" { // machine token
		return c, nil
	}
	u, err := directory.PersonByID(ctx, s.kit.DB, g.UserID)
	if err != nil {
		return nil, err
	}
	if u.State != "activo" {
		return nil, errRefused
	}
	if g.SessionHash != "" {
		revoked, err := s.kit.Sessions.Revoked(ctx, g.SessionHash)
		if err != nil {
			return nil, err
		}
		if revoked {
			return nil, errRefused
		}
	}
	roles, err := directory.ActiveRoles(ctx, s.kit.DB, g.EntityID, g.UserID, c.ServiceCode)
	if err != nil {
		return nil, err
	}
	if len(roles) == 0 {
		return nil, errRefused
	}
	return c, nil
}

func (s *storage) TokenRequestByRefreshToken(ctx context.Context, refresh string) (op.RefreshTokenRequest, error) {
	t, err := s.token(ctx, refresh)
	if err != nil {
		return nil, err
	}
	if t.kind != "refresh" {
		return nil, op.ErrInvalidRefreshToken
	}
	if t.revoked {
		// A rotated refresh token presented again: someone copied it. End the whole grant.
		s.kit.DB.ExecContext(ctx, `UPDATE oidc_tokens SET revoked_at = $1 WHERE family = $2 AND revoked_at IS NULL`,
			time.Now().UTC(), t.g.Family)
		return nil, errRefused
	}
	if time.Now().After(t.expiresAt) {
		return nil, errRefused
	}
	if _, err := s.stillAllowed(ctx, t.g); err != nil {
		if errors.Is(err, errRefused) {
			s.kit.DB.ExecContext(ctx, `UPDATE oidc_tokens SET revoked_at = $1 WHERE family = $2 AND revoked_at IS NULL`,
				time.Now().UTC(), t.g.Family)
		}
		return nil, err
	}
	return &refreshRequest{g: t.g}, nil
}

func (s *storage) TerminateSession(ctx context.Context, userID, clientID string) error {
	_, err := s.kit.DB.ExecContext(ctx, `UPDATE oidc_tokens SET revoked_at = $1 WHERE user_id = $2 AND client_id = $3
		AND revoked_at IS NULL`, time.Now().UTC(), userID, clientID)
	return err
}

// TerminateSessionFromRequest is RP-initiated logout: with an id_token_hint
// of the signed-in user it ends his Concejo session (and so every
// application's refresh tokens from it) and the client's tokens.
func (s *storage) TerminateSessionFromRequest(ctx context.Context, req *op.EndSessionRequest) (string, error) {
	if req.UserID == "" {
		return req.RedirectURI, nil
	}
	if req.ClientID != "" {
		if err := s.TerminateSession(ctx, req.UserID, req.ClientID); err != nil {
			return "", err
		}
	}
	if a := auth.FromContext(ctx); a != nil && a.UserID == req.UserID {
		err := s.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
			if err := s.kit.Sessions.Revoke(ctx, tx, a.SessionHash); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `UPDATE oidc_tokens SET revoked_at = $1 WHERE session_hash = $2 AND revoked_at IS NULL`,
				time.Now().UTC(), a.SessionHash)
			return err
		})
		if err != nil {
			return "", err
		}
	}
	return req.RedirectURI, nil
}

func (s *storage) RevokeToken(ctx context.Context, tokenOrID, userID, clientID string) *oidc.Error {
	t, err := s.token(ctx, tokenOrID)
	if errors.Is(err, db.ErrNotFound) {
		return nil // RFC 7009: an unknown token is not an error
	}
	if err != nil {
		return oidc.ErrServerError().WithParent(err)
	}
	if t.g.ClientID != clientID {
		return oidc.ErrInvalidClient().WithDescription("token was not issued to this client")
	}
	q := `UPDATE oidc_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`
	arg := hashOf(tokenOrID)
	if t.kind == "refresh" {
		q, arg = `UPDATE oidc_tokens SET revoked_at = $1 WHERE family = $2 AND revoked_at IS NULL`, t.g.Family
	}
	if _, err := s.kit.DB.ExecContext(ctx, q, time.Now().UTC(), arg); err != nil {
		return oidc.ErrServerError().WithParent(err)
	}
	return nil
}

func (s *storage) GetRefreshTokenInfo(ctx context.Context, clientID, refresh string) (string, string, error) {
	t, err := s.token(ctx, refresh)
	if err != nil || t.kind != "refresh" || t.g.ClientID != clientID {
		return "", "", op.ErrInvalidRefreshToken
	}
	return t.g.UserID, refresh, nil
}

// ---- keys

func (s *storage) SigningKey(ctx context.Context) (op.SigningKey, error) { return s.keys.active(ctx) }
func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}
func (s *storage) KeySet(ctx context.Context) ([]op.Key, error) { return s.keys.published(ctx) }

// ---- claims

// claims are what the provider says about a user grant.
type claims struct {
	user   directory.Person
	entity directory.Entity
	roles  []string
}

func (s *storage) claimsOf(ctx context.Context, g grantInfo) (*claims, error) {
	c, err := s.client(ctx, g.ClientID)
	if err != nil {
		return nil, err
	}
	out := &claims{}
	if out.user, err = directory.PersonByID(ctx, s.kit.DB, g.UserID); err != nil {
		return nil, err
	}
	if out.entity, err = directory.EntityByID(ctx, s.kit.DB, g.EntityID); err != nil {
		return nil, err
	}
	if out.roles, err = directory.ActiveRoles(ctx, s.kit.DB, g.EntityID, g.UserID, c.ServiceCode); err != nil {
		return nil, err
	}
	if out.roles == nil {
		out.roles = []string{}
	}
	return out, nil
}

func (c *claims) entityClaim() map[string]any {
	return map[string]any{"id": c.entity.ID, "nombre": c.entity.Name, "ine": c.entity.INE, "dir3": c.entity.DIR3}
}

func (c *claims) fill(info *oidc.UserInfo, scopes []string) {
	info.Subject = c.user.ID
	if hasScope(scopes, oidc.ScopeProfile) {
		info.Name, info.GivenName, info.FamilyName = c.user.Name(), c.user.Given, c.user.Family()
		info.Locale = oidc.NewLocale(spanish)
	}
	if hasScope(scopes, oidc.ScopeEmail) {
		info.Email, info.EmailVerified = c.user.Email, true
	}
	info.AppendClaims("nif", c.user.NIF)
	info.AppendClaims("entidad", c.entityClaim())
	info.AppendClaims("roles", c.roles)
}

func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

func (s *storage) SetUserinfoFromRequest(ctx context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	gc, ok := req.(grantContext)
	if !ok {
		return nil
	}
	c, err := s.claimsOf(ctx, gc.grant())
	if err != nil {
		return serverError(err)
	}
	c.fill(info, scopes)
	if g := gc.grant(); g.SessionHash != "" {
		info.AppendClaims("sid", sidOf(g.SessionHash))
	}
	return nil
}

func (s *storage) GetPrivateClaimsFromRequest(ctx context.Context, req op.TokenRequest, _ []string) (map[string]any, error) {
	gc, ok := req.(grantContext)
	if !ok {
		return nil, nil
	}
	c, err := s.claimsOf(ctx, gc.grant())
	if err != nil {
		return nil, serverError(err)
	}
	return map[string]any{"nif": c.user.NIF, "entidad": c.entityClaim(), "roles": c.roles}, nil
}

func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

// liveAccessToken returns the grant of a usable access token.
func (s *storage) liveAccessToken(ctx context.Context, tokenID string) (grantInfo, error) {
	t, err := s.token(ctx, tokenID)
	if err != nil {
		return grantInfo{}, oidc.ErrInvalidRequest().WithDescription("invalid token")
	}
	if t.kind != "access" || t.revoked || time.Now().After(t.expiresAt) {
		return grantInfo{}, oidc.ErrInvalidRequest().WithDescription("invalid token")
	}
	if _, err := s.stillAllowed(ctx, t.g); err != nil {
		return grantInfo{}, oidc.ErrAccessDenied().WithDescription("access no longer allowed")
	}
	return t.g, nil
}

func (s *storage) SetUserinfoFromToken(ctx context.Context, info *oidc.UserInfo, tokenID, subject, _ string) error {
	g, err := s.liveAccessToken(ctx, tokenID)
	if err != nil {
		return err
	}
	if g.UserID != subject || g.EntityID == "" {
		return oidc.ErrInvalidRequest().WithDescription("invalid token")
	}
	c, err := s.claimsOf(ctx, g)
	if err != nil {
		return err
	}
	c.fill(info, g.Scopes)
	return nil
}

// SetIntrospectionFromToken answers an introspection request of clientID
// (already authenticated). RFC 7662 §4 asks that the caller be authorised
// for the token: a client is, for the tokens issued to it and to the other
// applications of its own catalogue service (the mail server checking the
// webmail's tokens); any other token is answered as inactive, revealing
// nothing.
func (s *storage) SetIntrospectionFromToken(ctx context.Context, resp *oidc.IntrospectionResponse, tokenID, subject, clientID string) error {
	g, err := s.liveAccessToken(ctx, tokenID)
	if err != nil || g.UserID != subject {
		return oidc.ErrInvalidRequest().WithDescription("invalid token")
	}
	if ok, err := s.sameService(ctx, clientID, g.ClientID); err != nil || !ok {
		return oidc.ErrInvalidRequest().WithDescription("invalid token")
	}
	resp.Active, resp.ClientID, resp.Subject, resp.Scope = true, g.ClientID, g.UserID, g.Scopes
	resp.Audience = []string{g.ClientID}
	if g.EntityID != "" {
		c, err := s.claimsOf(ctx, g)
		if err != nil {
			return err
		}
		info := new(oidc.UserInfo)
		c.fill(info, g.Scopes)
		resp.SetUserInfo(info)
	}
	return nil
}

// sameService reports whether the clients a and b are one, or two active
// applications of the same catalogue service.
func (s *storage) sameService(ctx context.Context, a, b string) (bool, error) {
	if a == b {
		return true, nil
	}
	ca, err := s.client(ctx, a)
	if err != nil {
		return false, err
	}
	cb, err := s.client(ctx, b)
	if err != nil {
		return false, err
	}
	return ca.ServiceCode == cb.ServiceCode, nil
}

func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, oidc.ErrInvalidClient().WithDescription("private_key_jwt not supported")
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, oidc.ErrUnsupportedGrantType()
}

func (s *storage) Health(ctx context.Context) error { return s.kit.DB.PingContext(ctx) }
