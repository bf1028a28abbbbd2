package eoffice_test

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/crewjam/saml"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/eoffice/clave"
)

// refused posts resp to the sede's ACS and expects the Spanish refusal
// (403, never a 5xx) and no citizen session.
func refused(t *testing.T, env *apptest.Env, c *apptest.Client, sede, resp, why string) {
	t.Helper()
	before := env.Count(t, `SELECT COUNT(*) FROM eoffice_citizen_sessions`)
	res := c.Post("/e/"+sede+"/sede/saml/acs", url.Values{"SAMLResponse": {resp}})
	if res.Status != http.StatusForbidden || !strings.Contains(apptest.Text(res.Body), "no es válida o ha caducado") {
		t.Fatalf("%s: %d\n%.600s", why, res.Status, apptest.Text(res.Body))
	}
	if env.Count(t, `SELECT COUNT(*) FROM eoffice_citizen_sessions`) != before {
		t.Fatalf("%s: a session was opened", why)
	}
}

func TestClaveRefusesForgedUnsignedExpiredAndReplayedResponses(t *testing.T) {
	idp := newTestIdP(t)
	t.Setenv("CONCEJO_CLAVE_METADATA", idp.metadataFile(t))
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		idp.env, idp.plain = env, false
		c := env.Anonymous(t)
		fresh := func() string { return startClave(t, c, "10037", "/e/10037/sede/mis-registros") }

		// The happy answer is encrypted for the SP (Cl@ve encrypts assertions).
		loc := fresh()
		good := idp.answer(t, loc, ana, nil)
		raw, _ := base64.StdEncoding.DecodeString(good)
		if !strings.Contains(string(raw), "EncryptedAssertion") {
			t.Fatal("the test IdP did not encrypt the assertion")
		}
		// Posted to another sede's ACS it is refused (request, audience and recipient are Cáceres').
		refused(t, env, c, "10148", good, "Cáceres' response at Plasencia")
		// Accepted once at Cáceres, then a replay is refused.
		if res := c.Post("/e/10037/sede/saml/acs", url.Values{"SAMLResponse": {good}}); res.Status != http.StatusSeeOther {
			t.Fatalf("good response: %d\n%.600s", res.Status, apptest.Text(res.Body))
		}
		refused(t, env, env.Anonymous(t), "10037", good, "replayed response")

		// Plain (unencrypted) answers let us tamper with the signed content.
		idp.plain = true
		loc = fresh()
		plain := idp.answer(t, loc, ana, nil)
		raw, _ = base64.StdEncoding.DecodeString(plain)
		if !strings.Contains(string(raw), "ES/ES/12345678Z") {
			t.Fatal("plain answer carries no identifier")
		}
		forged := base64.StdEncoding.EncodeToString([]byte(strings.ReplaceAll(string(raw), "ES/ES/12345678Z", "ES/ES/87654321X")))
		refused(t, env, c, "10037", forged, "tampered NIF")

		refused(t, env, c, "10037", idp.unsigned(t, fresh(), ana), "unsigned assertion")

		other := newTestIdP(t) // same entity id and URLs, another key
		other.env = env
		refused(t, env, c, "10037", other.answer(t, fresh(), ana, nil), "signed by a key the metadata does not list")

		past := time.Now().Add(-10 * time.Minute).UTC()
		refused(t, env, c, "10037", idp.answer(t, fresh(), ana, func(a *saml.Assertion) {
			a.Conditions.NotOnOrAfter = past
			for i := range a.Subject.SubjectConfirmations {
				a.Subject.SubjectConfirmations[i].SubjectConfirmationData.NotOnOrAfter = past
			}
		}), "expired assertion")
		refused(t, env, c, "10037", idp.answer(t, fresh(), ana, func(a *saml.Assertion) {
			for i := range a.Conditions.AudienceRestrictions {
				a.Conditions.AudienceRestrictions[i].Audience = saml.Audience{Value: "http://concejo.test/e/10148/sede/saml/metadata"}
			}
		}), "another audience")
		refused(t, env, c, "10037", idp.answer(t, fresh(), ana, func(a *saml.Assertion) {
			for i := range a.Subject.SubjectConfirmations {
				a.Subject.SubjectConfirmations[i].SubjectConfirmationData.Recipient = "http://otra.test/acs"
			}
		}), "another recipient")
		low := ana
		low.LoA = clave.LoALow
		refused(t, env, c, "10037", idp.answer(t, fresh(), low, nil), "level of assurance below substantial")
		noNIF := ana
		noNIF.NIF = "12345678A"
		refused(t, env, c, "10037", idp.answer(t, fresh(), noNIF, nil), "identifier that is not a NIF")

		// Garbage, nothing, and answers to requests we never made.
		for why, resp := range map[string]string{"empty": "", "not base64": "%%%", "not XML": base64.StdEncoding.EncodeToString([]byte("hola")),
			"not a Response": base64.StdEncoding.EncodeToString([]byte("<a/>")),
			"huge":           strings.Repeat("A", 600<<10),
			"unsolicited":    base64.StdEncoding.EncodeToString([]byte(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="x" InResponseTo="_nunca" Version="2.0"/>`))} {
			res := c.Post("/e/10037/sede/saml/acs", url.Values{"SAMLResponse": {resp}})
			if res.Status >= 500 || res.Status == http.StatusOK || res.Status == http.StatusSeeOther {
				t.Fatalf("%s: %d", why, res.Status)
			}
		}

		// The IdP posts cross-site through the browser: the ACS is exempt
		// from the cross-origin check and answers on its own terms.
		req, _ := http.NewRequest(http.MethodPost, env.Server.URL+"/e/10037/sede/saml/acs",
			strings.NewReader(url.Values{"SAMLResponse": {"x"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", idpBase)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "no es válida o ha caducado") {
			t.Fatalf("cross-site ACS post: %d %.300s", res.StatusCode, body)
		}
		// ...while the citizen's own forms are not.
		req, _ = http.NewRequest(http.MethodPost, env.Server.URL+"/e/10037/sede/salir", nil)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-site salir: %d", res.StatusCode)
		}
	})
}
