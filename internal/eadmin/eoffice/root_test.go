package eoffice

import (
	"net/http/httptest"
	"testing"

	"concejo/internal/core/directory"
)

func TestLinksFollowTheRootOfTheRequest(t *testing.T) {
	e := directory.Entity{Kind: "ayuntamiento", INE: "10037", ID: "x"}
	r := httptest.NewRequest("GET", "/e/10037/sede/solicitud", nil)
	if got := rootOf(r, e); got != "/e/10037/sede" {
		t.Fatalf("root %q", got)
	}
	for in, want := range map[string]string{
		"/e/10037/sede/solicitud":       "/e/10037/sede/solicitud",
		"/e/10148/sede/solicitud":       "/e/10037/sede/mis-registros",
		"https://malo.example/":         "/e/10037/sede/mis-registros",
		"//malo.example/e/10037/sede":   "/e/10037/sede/mis-registros",
		"/e/10037/sede/saml/acs":        "/e/10037/sede/mis-registros",
		"/e/10037/sede/..//malo":        "/e/10037/sede/mis-registros",
		"/e/10037/sede/../../entidades": "/e/10037/sede/mis-registros",
		"/e/10037/sede/entrar/clave?x=": "/e/10037/sede/mis-registros",
	} {
		if got := safeReturn(r, e, in); got != want {
			t.Errorf("safeReturn(%q) = %q, want %q", in, got, want)
		}
	}
	// Served by host name: links start at the host's root.
	h := r.WithContext(WithRoot(r.Context(), "/"))
	if rootOf(h, e) != "" || homeOf(h, e) != "/" {
		t.Fatalf("host root %q home %q", rootOf(h, e), homeOf(h, e))
	}
	if got := safeReturn(h, e, "/solicitud"); got != "/solicitud" {
		t.Fatalf("host safeReturn %q", got)
	}
	if got := safeReturn(h, e, "https://malo.example/"); got != "/mis-registros" {
		t.Fatalf("host safeReturn outside %q", got)
	}
	if (directory.Entity{Kind: "mancomunidad", DIR3: "L05000001", ID: "y"}).Code() != "L05000001" || (directory.Entity{Kind: "elm", ID: "z"}).Code() != "z" {
		t.Fatal("keys of entities without INE")
	}
}
