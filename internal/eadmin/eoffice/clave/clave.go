// Package clave is the SAML 2.0 service-provider side of citizen
// identification at the sede electrónica: Cl@ve (the State's identification
// federation, an eIDAS-profile SAML 2.0 gateway) and any IdP that speaks the
// same profile.
//
// It builds signed AuthnRequests for the HTTP-Redirect binding carrying the
// eIDAS extensions Cl@ve uses (SPType, RequestedAttributes for the person
// identifier and names) and the requested level of assurance
// (RequestedAuthnContext, Comparison "minimum", eIDAS LoA URIs); publishes the
// SP metadata; and validates the Response posted back to the ACS (HTTP-POST
// binding) with github.com/crewjam/saml: XML signature by the IdP's metadata
// key, Destination, Issuer, audience, bearer SubjectConfirmation Recipient,
// NotBefore/NotOnOrAfter, InResponseTo and, through ReplayCache, single use of
// each assertion; it then reads the citizen's NIF and name.
//
// Library choice: crewjam/saml v0.6.3 rather than gosaml2 v0.12.0 because it
// validates every condition above in one call, decrypts encrypted assertions
// (Cl@ve encrypts them), exposes a replay-cache hook and the level-of-
// assurance comparison, and ships an IdentityProvider the tests run as an
// independent test IdP. Exact Cl@ve 2.0 attribute names beyond the eIDAS ones
// and its SPApplication conventions are not public enough to verify here: they
// are marked UNVERIFIED in docs.
package clave

import (
	"bytes"
	"compress/flate"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/crewjam/saml"
	dsig "github.com/russellhaering/goxmldsig"

	"concejo/internal/platform/validate"
)

// Levels of assurance of eIDAS (the values Cl@ve accepts in
// RequestedAuthnContext), from lowest to highest.
const (
	LoALow         = "http://eidas.europa.eu/LoA/low"
	LoASubstantial = "http://eidas.europa.eu/LoA/substantial"
	LoAHigh        = "http://eidas.europa.eu/LoA/high"
)

// eIDAS natural-person attribute names (eIDAS SAML Attribute Profile 1.2).
const (
	AttrPersonIdentifier = "http://eidas.europa.eu/attributes/naturalperson/PersonIdentifier"
	AttrGivenName        = "http://eidas.europa.eu/attributes/naturalperson/CurrentGivenName"
	AttrFamilyName       = "http://eidas.europa.eu/attributes/naturalperson/CurrentFamilyName"
	eidasNS              = "http://eidas.europa.eu/saml-extensions"
	uriFormat            = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
)

func loaRank(loa string) int {
	switch loa {
	case LoALow:
		return 1
	case LoASubstantial:
		return 2
	case LoAHigh:
		return 3
	}
	return 0
}

// SP is the service provider of one sede.
type SP struct {
	// EntityID is the SP's entity id (the URL of its metadata).
	EntityID string
	// ACSURL is where the IdP posts the Response.
	ACSURL string
	// Key and Cert sign the AuthnRequests and decrypt encrypted assertions.
	Key  *rsa.PrivateKey
	Cert *x509.Certificate
	// IDP is the identity provider's metadata (signing keys, SSO endpoint).
	IDP *saml.EntityDescriptor
	// MinLoA is the minimum level of assurance requested and accepted.
	MinLoA string
	// ProviderName is sent as AuthnRequest ProviderName (Cl@ve: the
	// registered SP name and application).
	ProviderName string
	// Replay records consumed assertion ids (nil disables the check: tests only).
	Replay saml.AssertionReplayCache
	// Now is the clock (nil = time.Now).
	Now func() time.Time
}

// Identity is who the IdP says the citizen is.
type Identity struct {
	NIF      string
	Name     string
	Surnames string
	LoA      string
}

// ErrRefused is the Spanish message for any refused response; the cause is
// wrapped for the log, never shown.
var ErrRefused = errors.New("La respuesta del sistema de identificación no es válida o ha caducado. Vuelva a identificarse.")

// Refusal wraps the technical cause of a refused response.
type Refusal struct{ Cause error }

func (r *Refusal) Error() string { return ErrRefused.Error() }

// Unwrap lets errors.Is(err, ErrRefused) match.
func (r *Refusal) Unwrap() []error { return []error{ErrRefused, r.Cause} }

func (s *SP) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *SP) provider() (*saml.ServiceProvider, error) {
	md, err := url.Parse(s.EntityID)
	if err != nil {
		return nil, err
	}
	acs, err := url.Parse(s.ACSURL)
	if err != nil {
		return nil, err
	}
	sp := &saml.ServiceProvider{
		EntityID:                         s.EntityID,
		Key:                              s.Key,
		Certificate:                      s.Cert,
		MetadataURL:                      *md,
		AcsURL:                           *acs,
		IDPMetadata:                      s.IDP,
		SignatureMethod:                  dsig.RSASHA256SignatureMethod,
		AssertionConsumerServiceBindings: []string{saml.HTTPPostBinding},
		AuthnNameIDFormat:                saml.UnspecifiedNameIDFormat,
		ReplayCache:                      s.Replay,
		RejectSHA1Signatures:             false,
		MetadataValidDuration:            7 * 24 * time.Hour,
		RequestedAuthnContext: &saml.RequestedAuthnContext{Comparison: "minimum",
			AuthnContextClassRefs: []string{s.minLoA()}},
		ValidateAuthnContextClassRef: true,
		AuthnContextClassRefComparator: func(comparison string, requested []string, got string) bool {
			return comparison == "minimum" && loaRank(got) >= loaRank(s.minLoA())
		},
	}
	if s.Now != nil {
		sp.Clock = dsig.NewFakeClockAt(s.Now())
	}
	return sp, nil
}

func (s *SP) minLoA() string {
	if loaRank(s.MinLoA) == 0 {
		return LoALow
	}
	return s.MinLoA
}

// Metadata returns the SP metadata XML.
func (s *SP) Metadata() ([]byte, error) {
	sp, err := s.provider()
	if err != nil {
		return nil, err
	}
	out, err := xml.MarshalIndent(sp.Metadata(), "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}

// NewRequestID returns a fresh AuthnRequest ID (an xs:ID: starts with a letter).
func NewRequestID() string {
	b := make([]byte, 20)
	rand.Read(b)
	return "_" + hex.EncodeToString(b)
}

// ssoURL is the IdP's HTTP-Redirect SSO endpoint.
func (s *SP) ssoURL() (string, error) {
	if s.IDP == nil {
		return "", errors.New("no hay proveedor de identidad configurado")
	}
	for _, d := range s.IDP.IDPSSODescriptors {
		for _, e := range d.SingleSignOnServices {
			if e.Binding == saml.HTTPRedirectBinding {
				return e.Location, nil
			}
		}
	}
	return "", errors.New("el proveedor de identidad no publica un punto SSO HTTP-Redirect")
}

// RequestXML builds the AuthnRequest element with id.
func (s *SP) RequestXML(id string) (*etree.Element, error) {
	dest, err := s.ssoURL()
	if err != nil {
		return nil, err
	}
	force, passive := true, false
	allow := true
	format := string(saml.UnspecifiedNameIDFormat)
	req := &saml.AuthnRequest{
		ID: id, Version: "2.0", IssueInstant: s.now().UTC(), Destination: dest,
		AssertionConsumerServiceURL: s.ACSURL, ProtocolBinding: saml.HTTPPostBinding,
		Issuer:       &saml.Issuer{Format: "urn:oasis:names:tc:SAML:2.0:nameid-format:entity", Value: s.EntityID},
		NameIDPolicy: &saml.NameIDPolicy{AllowCreate: &allow, Format: &format},
		RequestedAuthnContext: &saml.RequestedAuthnContext{Comparison: "minimum",
			AuthnContextClassRefs: []string{s.minLoA()}},
		ForceAuthn: &force, IsPassive: &passive, ProviderName: s.ProviderName,
	}
	el := req.Element()
	ext := etree.NewElement("samlp:Extensions")
	ext.CreateAttr("xmlns:eidas", eidasNS)
	ext.CreateElement("eidas:SPType").SetText("public")
	ras := ext.CreateElement("eidas:RequestedAttributes")
	for _, a := range []struct{ friendly, name string }{
		{"PersonIdentifier", AttrPersonIdentifier},
		{"FirstName", AttrGivenName},
		{"FamilyName", AttrFamilyName},
	} {
		ra := ras.CreateElement("eidas:RequestedAttribute")
		ra.CreateAttr("FriendlyName", a.friendly)
		ra.CreateAttr("Name", a.name)
		ra.CreateAttr("NameFormat", uriFormat)
		ra.CreateAttr("isRequired", "true")
	}
	el.InsertChildAt(1, ext) // after Issuer (saml-core §3.2.1 order)
	return el, nil
}

// RedirectURL returns the IdP URL that carries the signed AuthnRequest id
// with the HTTP-Redirect binding (saml-bindings §3.4.4.1).
func (s *SP) RedirectURL(id, relayState string) (string, error) {
	el, err := s.RequestXML(id)
	if err != nil {
		return "", err
	}
	doc := etree.NewDocument()
	doc.SetRoot(el)
	raw, err := doc.WriteToBytes()
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.DefaultCompression)
	fw.Write(raw)
	fw.Close()
	q := "SAMLRequest=" + url.QueryEscape(base64.StdEncoding.EncodeToString(buf.Bytes()))
	if relayState != "" {
		q += "&RelayState=" + url.QueryEscape(relayState)
	}
	q += "&SigAlg=" + url.QueryEscape(dsig.RSASHA256SignatureMethod)
	sum := sha256.Sum256([]byte(q))
	sig, err := rsa.SignPKCS1v15(rand.Reader, s.Key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	q += "&Signature=" + url.QueryEscape(base64.StdEncoding.EncodeToString(sig))
	dest, _ := s.ssoURL()
	sep := "?"
	if strings.Contains(dest, "?") {
		sep = "&"
	}
	return dest + sep + q, nil
}

// MaxResponse bounds the decoded SAMLResponse accepted.
const MaxResponse = 256 << 10

// InResponseTo reads, without trusting it, the InResponseTo of a base64
// SAMLResponse, so the caller can find the request it claims to answer.
func InResponseTo(samlResponse string) (string, error) {
	raw, err := decode(samlResponse)
	if err != nil {
		return "", err
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(raw); err != nil {
		return "", &Refusal{Cause: err}
	}
	root := doc.Root()
	if root == nil || root.Tag != "Response" {
		return "", &Refusal{Cause: errors.New("no es un samlp:Response")}
	}
	return root.SelectAttrValue("InResponseTo", ""), nil
}

func decode(samlResponse string) ([]byte, error) {
	if len(samlResponse) == 0 || len(samlResponse) > MaxResponse*4/3+4 {
		return nil, &Refusal{Cause: errors.New("SAMLResponse vacío o demasiado grande")}
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(samlResponse))
	if err != nil {
		return nil, &Refusal{Cause: err}
	}
	return raw, nil
}

// Parse validates a base64 SAMLResponse posted to the ACS as the answer to
// requestID and returns the identity it asserts.
func (s *SP) Parse(samlResponse, requestID string) (id Identity, err error) {
	defer func() {
		// The XML stack must never turn hostile input into a 500.
		if r := recover(); r != nil {
			err = &Refusal{Cause: fmt.Errorf("pánico al validar: %v", r)}
		}
	}()
	raw, err := decode(samlResponse)
	if err != nil {
		return Identity{}, err
	}
	sp, err := s.provider()
	if err != nil {
		return Identity{}, err
	}
	acs, _ := url.Parse(s.ACSURL)
	a, err := sp.ParseXMLResponse(raw, []string{requestID}, *acs)
	if err != nil {
		var ire *saml.InvalidResponseError
		if errors.As(err, &ire) && ire.PrivateErr != nil {
			err = fmt.Errorf("%w: %v", err, ire.PrivateErr)
		}
		return Identity{}, &Refusal{Cause: err}
	}
	return identityOf(a)
}

func identityOf(a *saml.Assertion) (Identity, error) {
	var id Identity
	for _, st := range a.AuthnStatements {
		if st.AuthnContext.AuthnContextClassRef != nil && loaRank(st.AuthnContext.AuthnContextClassRef.Value) > loaRank(id.LoA) {
			id.LoA = st.AuthnContext.AuthnContextClassRef.Value
		}
	}
	var pid string
	for _, st := range a.AttributeStatements {
		for _, at := range st.Attributes {
			if len(at.Values) == 0 {
				continue
			}
			v := strings.TrimSpace(at.Values[0].Value)
			switch {
			case at.Name == AttrPersonIdentifier || at.FriendlyName == "PersonIdentifier":
				pid = v
			case at.Name == AttrGivenName || at.FriendlyName == "FirstName" || at.FriendlyName == "CurrentGivenName":
				id.Name = v
			case at.Name == AttrFamilyName || at.FriendlyName == "FamilyName" || at.FriendlyName == "CurrentFamilyName":
				id.Surnames = v
			}
		}
	}
	if pid == "" {
		return Identity{}, &Refusal{Cause: errors.New("la aserción no trae PersonIdentifier")}
	}
	// eIDAS form "ES/ES/12345678Z" (issuing country / receiving country / id).
	if i := strings.LastIndex(pid, "/"); i >= 0 {
		pid = pid[i+1:]
	}
	nif, err := validate.PersonNIF(pid)
	if err != nil {
		return Identity{}, &Refusal{Cause: fmt.Errorf("PersonIdentifier %q no es un NIF: %v", pid, err)}
	}
	id.NIF = nif
	if id.Name == "" && id.Surnames == "" {
		return Identity{}, &Refusal{Cause: errors.New("la aserción no trae el nombre")}
	}
	return id, nil
}

// Session is what an identity provider playing Cl@ve asserts of a person
// (crewjam/saml's IdentityProvider makes the assertion from it): his NIF as
// eIDAS PersonIdentifier ("ES/ES/" + NIF) and NameID, his name and surnames
// and the level of assurance, authenticated at now.
func Session(nif, name, surnames, loa string, now time.Time) *saml.Session {
	attr := func(friendly, attrName, v string) saml.Attribute {
		return saml.Attribute{FriendlyName: friendly, Name: attrName, NameFormat: uriFormat,
			Values: []saml.AttributeValue{{Type: "xs:string", Value: v}}}
	}
	now = now.UTC()
	return &saml.Session{ID: "s-" + NewRequestID(), CreateTime: now, ExpireTime: now.Add(time.Hour), Index: "1",
		NameID: nif, AuthnContextClassRef: loa,
		CustomAttributes: []saml.Attribute{
			attr("PersonIdentifier", AttrPersonIdentifier, "ES/ES/"+nif),
			attr("FirstName", AttrGivenName, name),
			attr("FamilyName", AttrFamilyName, surnames),
		}}
}
