package oidc

import (
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Client is an application registered with the provider (aplicación).
type Client struct {
	ID           string
	Name         string
	ServiceCode  string
	ServiceName  string
	Confidential bool
	SecretHash   string
	// Machine clients may also use the client credentials grant.
	Machine        bool
	RedirectURIs   []string
	PostLogoutURIs []string
	// BackchannelURI receives logout tokens (Back-Channel Logout 1.0); "" for none.
	BackchannelURI string
	Active         bool
	CreatedAt      time.Time
	CreatedBy      string
	UpdatedAt      time.Time
}

// Kind is the Spanish label of the client type.
func (c *Client) Kind() string {
	if c.Confidential {
		return "Confidencial (con secreto)"
	}
	return "Pública (solo PKCE)"
}

// Lifetimes of what the provider issues.
const (
	AccessTokenTTL  = 15 * time.Minute
	IDTokenTTL      = time.Hour
	RefreshTokenTTL = 12 * time.Hour
	AuthRequestTTL  = 10 * time.Minute
	CodeTTL         = 2 * time.Minute
)

// opClient adapts a Client to op.Client.
type opClient struct{ c *Client }

func (o opClient) GetID() string                    { return o.c.ID }
func (o opClient) RedirectURIs() []string           { return o.c.RedirectURIs }
func (o opClient) PostLogoutRedirectURIs() []string { return o.c.PostLogoutURIs }
func (o opClient) ApplicationType() op.ApplicationType {
	if o.c.Confidential {
		return op.ApplicationTypeWeb
	}
	return op.ApplicationTypeNative
}
func (o opClient) AuthMethod() oidc.AuthMethod {
	if o.c.Confidential {
		return oidc.AuthMethodBasic
	}
	return oidc.AuthMethodNone
}
func (o opClient) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (o opClient) GrantTypes() []oidc.GrantType {
	g := []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken}
	if o.c.Confidential && o.c.Machine {
		g = append(g, oidc.GrantTypeClientCredentials)
	}
	return g
}
func (o opClient) LoginURL(id string) string            { return loginPath + "?id=" + id }
func (o opClient) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (o opClient) IDTokenLifetime() time.Duration       { return IDTokenTTL }
func (o opClient) DevMode() bool                        { return false }
func (o opClient) IsScopeAllowed(string) bool           { return false }
func (o opClient) IDTokenUserinfoClaimsAssertion() bool { return true }
func (o opClient) ClockSkew() time.Duration             { return 0 }
func (o opClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (o opClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
