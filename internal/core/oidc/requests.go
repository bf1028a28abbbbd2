package oidc

import (
	"slices"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
)

// authRequest is a stored authorization request (op.AuthRequest).
type authRequest struct {
	ID            string
	ClientID      string
	RedirectURI   string
	Scopes        []string
	State         string
	Nonce         string
	ResponseMode  string
	CodeChallenge string
	CodeMethod    string
	UserID        string
	EntityID      string
	SessionHash   string
	AuthTime      time.Time
	IsDone        bool
	CodeUsed      bool
	ExpiresAt     time.Time
}

func (a *authRequest) GetID() string          { return a.ID }
func (a *authRequest) GetACR() string         { return "" }
func (a *authRequest) GetAMR() []string       { return []string{"pwd"} }
func (a *authRequest) GetAudience() []string  { return []string{a.ClientID} }
func (a *authRequest) GetAuthTime() time.Time { return a.AuthTime }
func (a *authRequest) GetClientID() string    { return a.ClientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if a.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: a.CodeChallenge, Method: oidc.CodeChallengeMethod(a.CodeMethod)}
}
func (a *authRequest) GetNonce() string                   { return a.Nonce }
func (a *authRequest) GetRedirectURI() string             { return a.RedirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType { return oidc.ResponseTypeCode }
func (a *authRequest) GetResponseMode() oidc.ResponseMode { return oidc.ResponseMode(a.ResponseMode) }
func (a *authRequest) GetScopes() []string                { return a.Scopes }
func (a *authRequest) GetState() string                   { return a.State }
func (a *authRequest) GetSubject() string                 { return a.UserID }
func (a *authRequest) Done() bool                         { return a.IsDone }

// grantContext is what every user token request knows: who, for which
// entity and session, through which client.
type grantContext interface {
	grant() grantInfo
}

type grantInfo struct {
	ClientID, UserID, EntityID, SessionHash, Family string
	AuthTime                                        time.Time
	Scopes                                          []string
}

func (a *authRequest) grant() grantInfo {
	return grantInfo{ClientID: a.ClientID, UserID: a.UserID, EntityID: a.EntityID, SessionHash: a.SessionHash,
		Family: a.ID, AuthTime: a.AuthTime, Scopes: a.Scopes}
}

// refreshRequest is the grant behind a refresh token (op.RefreshTokenRequest).
type refreshRequest struct{ g grantInfo }

func (r *refreshRequest) GetAMR() []string            { return []string{"pwd"} }
func (r *refreshRequest) GetAudience() []string       { return []string{r.g.ClientID} }
func (r *refreshRequest) GetAuthTime() time.Time      { return r.g.AuthTime }
func (r *refreshRequest) GetClientID() string         { return r.g.ClientID }
func (r *refreshRequest) GetScopes() []string         { return r.g.Scopes }
func (r *refreshRequest) GetSubject() string          { return r.g.UserID }
func (r *refreshRequest) SetCurrentScopes(s []string) { r.g.Scopes = s }
func (r *refreshRequest) grant() grantInfo            { return r.g }

// machineRequest is a client credentials grant: the subject is the client.
type machineRequest struct {
	clientID string
	scopes   []string
}

func (m *machineRequest) GetSubject() string    { return m.clientID }
func (m *machineRequest) GetAudience() []string { return []string{m.clientID} }
func (m *machineRequest) GetScopes() []string   { return m.scopes }

func hasScope(scopes []string, s string) bool { return slices.Contains(scopes, s) }
