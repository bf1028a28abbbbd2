package oidc

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"

	"github.com/zitadel/oidc/v3/pkg/oidc"
)

// discoveryPath is where OpenID Connect Discovery 1.0 publishes the
// provider's metadata.
const discoveryPath = "/.well-known/openid-configuration"

// The library's discovery document lists every flow it knows (implicit and
// hybrid response types, the device flow and its endpoint, a session
// iframe, request objects), most of which Concejo neither routes nor allows
// any client. A client that trusts the metadata would try them and fail, so
// the document is narrowed to what is really served: the code flow with
// PKCE, refresh tokens and, for machine clients, client credentials.
var (
	servedGrants    = []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken, oidc.GrantTypeClientCredentials}
	servedResponses = []string{string(oidc.ResponseTypeCode)}
)

// serveDiscovery writes the provider's metadata, narrowed to the served flows.
func (m *Module) serveDiscovery(w http.ResponseWriter, r *http.Request) error {
	rec := httptest.NewRecorder()
	m.provider.ServeHTTP(rec, r)
	if rec.Code != http.StatusOK {
		return oauthError(w, http.StatusInternalServerError, "server_error", "discovery unavailable")
	}
	var meta oidc.DiscoveryConfiguration
	if err := json.Unmarshal(rec.Body.Bytes(), &meta); err != nil {
		return err
	}
	meta.GrantTypesSupported = servedGrants
	meta.ResponseTypesSupported = servedResponses
	meta.ResponseModesSupported = []string{"query"}
	meta.DeviceAuthorizationEndpoint = ""
	meta.CheckSessionIframe = ""
	meta.RequestParameterSupported = false
	meta.RequestURIParameterSupported = false
	meta.RequestObjectSigningAlgValuesSupported = nil
	body, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_, err = w.Write(body)
	return err
}
