package oidc_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/core/oidc"
)

// introspect asks the introspection endpoint about token as the client
// (id, secret) and returns whether it was answered active.
func introspect(t *testing.T, p *rp, id, secret, token string) bool {
	t.Helper()
	var meta struct {
		Introspection string `json:"introspection_endpoint"`
	}
	if err := p.provider.Claims(&meta); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, meta.Introspection, strings.NewReader(url.Values{"token": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	res, err := p.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("introspection: %d %v", res.StatusCode, err)
	}
	if out["active"] != true && len(out) > 1 {
		t.Errorf("an inactive answer says more than active=false: %v", out)
	}
	return out["active"] == true
}

// TestIntrospectionOnlyAuthorisedClients: a confidential client learns
// about the tokens issued to it or to another application of its service
// (the mail server and the webmail), never about those of another
// service's application (RFC 7662 §4).
func TestIntrospectionOnlyAuthorisedClients(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		owner := confidentialRP(t, env)
		tok := owner.tokens(t, env.Login(t, "admin@caceres.es"))
		if !introspect(t, owner, owner.conf.ClientID, owner.conf.ClientSecret, tok.AccessToken) {
			t.Fatal("the application that received the token cannot introspect it")
		}
		sibling, siblingSecret := register(t, env, grantedService(t, env), false)
		if !introspect(t, owner, sibling, siblingSecret, tok.AccessToken) {
			t.Error("an application of the same service cannot introspect the token")
		}
		foreign, foreignSecret := register(t, env, notAdheredService(t, env), false)
		if introspect(t, owner, foreign, foreignSecret, tok.AccessToken) {
			t.Error("an application of another service introspects a token that was not issued for it")
		}
	})
}

// TestDiscoveryAdvertisesOnlyServedFlows: every flow, response type and
// endpoint of the metadata is one Concejo serves.
func TestDiscoveryAdvertisesOnlyServedFlows(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		res := env.Anonymous(t).Get("/.well-known/openid-configuration")
		var meta map[string]any
		if err := json.Unmarshal([]byte(res.Body), &meta); err != nil {
			t.Fatalf("%v\n%s", err, res.Body)
		}
		list := func(k string) []string {
			var out []string
			for _, v := range meta[k].([]any) {
				out = append(out, v.(string))
			}
			return out
		}
		if g := list("grant_types_supported"); !slices.Equal(g, []string{"authorization_code", "refresh_token", "client_credentials"}) {
			t.Errorf("grant types %v", g)
		}
		if r := list("response_types_supported"); !slices.Equal(r, []string{"code"}) {
			t.Errorf("response types %v", r)
		}
		for _, k := range []string{"device_authorization_endpoint", "check_session_iframe"} {
			if _, ok := meta[k]; ok {
				t.Errorf("%s advertised but not served", k)
			}
		}
		if meta["request_uri_parameter_supported"] != false {
			t.Errorf("request_uri_parameter_supported = %v", meta["request_uri_parameter_supported"])
		}
		routes := map[string]bool{}
		for _, rt := range env.App.Kit.Router.Routes() {
			routes[rt.Pattern] = true
		}
		for k, v := range meta {
			s, ok := v.(string)
			if !ok || !strings.HasSuffix(k, "_endpoint") && k != "jwks_uri" {
				continue
			}
			if !routes[strings.TrimPrefix(s, issuer)] {
				t.Errorf("%s = %s is not a route of the platform", k, s)
			}
		}
	})
}

// TestBackchannelURINotInternal: the platform never posts logout tokens to
// itself or to local addresses, neither at registration nor at delivery.
func TestBackchannelURINotInternal(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		admin := env.Login(t, "admin@dipcaceres.es")
		for _, uri := range []string{"https://127.0.0.1/logout", "https://localhost:8080/x", "https://[::1]/x",
			"https://169.254.169.254/latest", "https://0.0.0.0/x", "https://app.localhost/x", "http://127.0.0.1:9090/metrics"} {
			res := admin.Post("/aplicaciones", url.Values{"nombre": {"Correo"}, "servicio": {grantedService(t, env)},
				"tipo": {"confidencial"}, "redirecciones": {redirectURI}, "cierre_sesion": {uri}})
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d, want 422", uri, res.Status)
			}
		}
	})
	local := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("the logout client reached a loopback server")
	}))
	defer local.Close()
	_, err := oidc.LogoutClient().Post(local.URL, "application/x-www-form-urlencoded", strings.NewReader("logout_token=x"))
	if err == nil || !strings.Contains(err.Error(), "destino interno") {
		t.Errorf("delivery to loopback: %v", err)
	}
}
