package eoffice

import (
	"net/http/httptest"
	"net/url"
	"testing"

	"concejo/internal/core/directory"
)

// TestReturnToTheEntityPublicPages: after identifying, the citizen may go
// back to the same entity's other public pages (the portal's survey that
// sent him, via SignInPath), never to another entity's or outside.
func TestReturnToTheEntityPublicPages(t *testing.T) {
	m := &Module{}
	e := directory.Entity{Kind: "ayuntamiento", INE: "10148", ID: "x"}
	back := "/e/10148/encuestas/01J0/responder"
	u, err := url.Parse(m.SignInPath(e.Code(), back))
	if err != nil || u.Path != "/e/10148/sede/entrar" || u.Query().Get("volver") != back {
		t.Fatalf("SignInPath: %v %v", u, err)
	}
	r := httptest.NewRequest("GET", u.String(), nil)
	for in, want := range map[string]string{
		back:                             back,
		"/e/10148/":                      "/e/10148/",
		"/e/10037/encuestas/01J0":        "/e/10148/sede/mis-registros",
		"/e/101480/encuestas/01J0":       "/e/10148/sede/mis-registros",
		"/e/10148//malo.example/":        "/e/10148/sede/mis-registros",
		"/e/10148/../10037/encuestas/x":  "/e/10148/sede/mis-registros",
		"/e/10148/sede/entrar?volver=/x": "/e/10148/sede/mis-registros",
	} {
		if got := safeReturn(r, e, in); got != want {
			t.Errorf("safeReturn(%q) = %q, want %q", in, got, want)
		}
	}
}
