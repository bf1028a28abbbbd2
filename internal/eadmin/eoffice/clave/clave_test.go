package clave_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/crewjam/saml"

	"concejo/internal/eadmin/eoffice/clave"
)

func keyPair(t testing.TB, cn string) (*rsa.PrivateKey, *x509.Certificate) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return key, cert
}

func testSP(t testing.TB) *clave.SP {
	ikey, icert := keyPair(t, "idp")
	md, _ := url.Parse("https://idp.test/metadata")
	sso, _ := url.Parse("https://idp.test/sso")
	idp := &saml.IdentityProvider{Key: ikey, Signer: ikey, Certificate: icert, MetadataURL: *md, SSOURL: *sso}
	key, cert := keyPair(t, "sp")
	return &clave.SP{EntityID: "https://sede.test/e/10037/sede/saml/metadata", ACSURL: "https://sede.test/e/10037/sede/saml/acs",
		Key: key, Cert: cert, IDP: idp.Metadata(), MinLoA: clave.LoASubstantial}
}

func TestRedirectURLCarriesASignedRequest(t *testing.T) {
	sp := testSP(t)
	u, err := sp.RedirectURL("_abc", "")
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := url.Parse(u)
	if err != nil || parsed.Host != "idp.test" {
		t.Fatalf("%q %v", u, err)
	}
	q := parsed.Query()
	for _, k := range []string{"SAMLRequest", "SigAlg", "Signature"} {
		if q.Get(k) == "" {
			t.Fatalf("no %s in %q", k, u)
		}
	}
	el, _ := sp.RequestXML("_abc")
	for _, want := range []string{"Extensions", "RequestedAuthnContext", "NameIDPolicy"} {
		if el.FindElement(".//"+want) == nil {
			t.Fatalf("request without %s", want)
		}
	}
	md, err := sp.Metadata()
	if err != nil || !strings.Contains(string(md), "AssertionConsumerService") {
		t.Fatalf("metadata: %v", err)
	}
}

const seed = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="r1" InResponseTo="_abc" Version="2.0" IssueInstant="2026-01-01T00:00:00Z" Destination="https://sede.test/e/10037/sede/saml/acs"><saml:Issuer>https://idp.test/metadata</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion ID="a1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"><saml:Issuer>https://idp.test/metadata</saml:Issuer><saml:Subject><saml:NameID>12345678Z</saml:NameID></saml:Subject><saml:AttributeStatement><saml:Attribute Name="http://eidas.europa.eu/attributes/naturalperson/PersonIdentifier"><saml:AttributeValue>ES/ES/12345678Z</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>`

// FuzzParse: whatever arrives at the ACS, the parser neither panics nor
// accepts an unsigned response.
func FuzzParse(f *testing.F) {
	sp := testSP(f)
	f.Add([]byte(seed))
	f.Add([]byte("<a/>"))
	f.Add([]byte(""))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "aaaa">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" InResponseTo="&a;"/>`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		b64 := base64.StdEncoding.EncodeToString(raw)
		clave.InResponseTo(b64) // must not panic whatever it answers
		if id, err := sp.Parse(b64, "_abc"); err == nil {
			t.Fatalf("accepted an unsigned response: %+v", id)
		}
	})
}
