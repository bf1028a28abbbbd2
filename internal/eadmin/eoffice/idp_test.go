package eoffice_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/xml"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/crewjam/saml"
	dsig "github.com/russellhaering/goxmldsig"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/eoffice/clave"
)

// testIdP is a local SAML identity provider playing Cl@ve, built on
// crewjam/saml's IdentityProvider: it validates our signed AuthnRequests
// against the SP metadata the sede publishes, and signs (and, unless plain,
// encrypts) the assertions it answers with.
type testIdP struct {
	t     testing.TB
	idp   *saml.IdentityProvider
	env   *apptest.Env
	plain bool
}

const idpBase = "https://pasarela.clave.test"

func newTestIdP(t testing.TB) *testIdP {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "Pasarela Cl@ve de pruebas"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	md, _ := url.Parse(idpBase + "/metadata")
	sso, _ := url.Parse(idpBase + "/sso")
	p := &testIdP{t: t}
	p.idp = &saml.IdentityProvider{Key: key, Signer: key, Certificate: cert, MetadataURL: *md, SSOURL: *sso,
		SignatureMethod: dsig.RSASHA256SignatureMethod, ServiceProviderProvider: p}
	return p
}

// metadataFile writes the IdP metadata where CONCEJO_CLAVE_METADATA can name it.
func (p *testIdP) metadataFile(t testing.TB) string {
	out, err := xml.Marshal(p.idp.Metadata())
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "clave-metadata.xml")
	if err := os.WriteFile(f, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// GetServiceProvider fetches the sede's SP metadata from the running platform.
func (p *testIdP) GetServiceProvider(r *http.Request, id string) (*saml.EntityDescriptor, error) {
	path := strings.TrimPrefix(id, "http://concejo.test")
	res := p.env.Anonymous(p.t).Get(path)
	if res.Status != http.StatusOK {
		return nil, os.ErrNotExist
	}
	var ed saml.EntityDescriptor
	if err := xml.Unmarshal([]byte(res.Body), &ed); err != nil {
		return nil, err
	}
	if p.plain {
		for i := range ed.SPSSODescriptors {
			var keep []saml.KeyDescriptor
			for _, k := range ed.SPSSODescriptors[i].KeyDescriptors {
				if k.Use != "encryption" && k.Use != "" {
					keep = append(keep, k)
				}
			}
			ed.SPSSODescriptors[i].KeyDescriptors = keep
		}
	}
	return &ed, nil
}

// person is who the IdP says authenticated.
type person struct{ NIF, Name, Surnames, LoA string }

// answer validates the AuthnRequest carried by location (the redirect our
// sede sent the browser to) and returns the base64 SAMLResponse, letting
// mutate change the assertion before it is signed.
func (p *testIdP) answer(t testing.TB, location string, who person, mutate func(a *saml.Assertion)) string {
	t.Helper()
	if !strings.HasPrefix(location, idpBase+"/sso?") {
		t.Fatalf("not a redirect to the IdP: %q", location)
	}
	req, err := saml.NewIdpAuthnRequest(p.idp, httptest.NewRequest(http.MethodGet, location, nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := req.Validate(); err != nil {
		t.Fatalf("the IdP refuses our AuthnRequest: %v", err)
	}
	if err := (saml.DefaultAssertionMaker{}).MakeAssertion(req, p.session(who)); err != nil {
		t.Fatal(err)
	}
	if mutate != nil {
		mutate(req.Assertion)
	}
	if err := req.MakeResponse(); err != nil {
		t.Fatal(err)
	}
	return encodeEl(t, req.ResponseEl)
}

// unsigned answers with a Response whose assertion carries no signature.
func (p *testIdP) unsigned(t testing.TB, location string, who person) string {
	t.Helper()
	req, err := saml.NewIdpAuthnRequest(p.idp, httptest.NewRequest(http.MethodGet, location, nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := req.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := (saml.DefaultAssertionMaker{}).MakeAssertion(req, p.session(who)); err != nil {
		t.Fatal(err)
	}
	resp := &saml.Response{Destination: req.ACSEndpoint.Location, ID: "id-sin-firma", InResponseTo: req.Request.ID,
		IssueInstant: time.Now().UTC(), Version: "2.0",
		Issuer: &saml.Issuer{Format: "urn:oasis:names:tc:SAML:2.0:nameid-format:entity", Value: p.idp.MetadataURL.String()},
		Status: saml.Status{StatusCode: saml.StatusCode{Value: saml.StatusSuccess}}}
	el := resp.Element()
	el.AddChild(req.Assertion.Element())
	return encodeEl(t, el)
}

func (p *testIdP) session(who person) *saml.Session {
	return clave.Session(who.NIF, who.Name, who.Surnames, who.LoA, time.Now())
}

func encodeEl(t testing.TB, el *etree.Element) string {
	doc := etree.NewDocument()
	doc.SetRoot(el)
	raw, err := doc.WriteToBytes()
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(raw)
}
