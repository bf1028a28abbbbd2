package eoffice

import (
	"context"
	"embed"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/crewjam/saml"
	dsig "github.com/russellhaering/goxmldsig"

	"concejo/internal/backoffice/census"
	"concejo/internal/core/directory"
	"concejo/internal/eadmin/eoffice/clave"
	"concejo/internal/platform/access"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

// The Cl@ve de pruebas: when the configuration asks for it
// (CONCEJO_LOCAL_CLAVE=1, which `concejo demo` sets) and no real Cl@ve
// metadata is configured, the platform serves under /clave-pruebas/ a SAML
// 2.0 identity provider built on crewjam/saml's IdentityProvider, and every
// sede trusts its metadata. It checks no credential: the person picks one of
// a few inhabitants of the sede's padrón, or types a NIF, and it answers
// the sede's ACS with a signed and encrypted assertion, so the sede's real
// service-provider path (clave.SP) is what identifies him. Its key pair is
// kept in eoffice_saml_keys like the SP's. Off, its pages are a 404.

//go:embed clavepruebas/*.html
var idpFS embed.FS

// localIdPPath is where the Cl@ve de pruebas lives.
const localIdPPath = "/clave-pruebas"

// samplePeople is how many inhabitants the Cl@ve de pruebas offers.
const samplePeople = 5

var errNoLocalClave = errs.New(errs.NotFound, "La Cl@ve de pruebas no está habilitada en esta instalación.")

var errUnknownSP = errors.New("no es el proveedor de servicio de ninguna sede")

var errBadAuthnRequest = errs.New(errs.Invalid, "La petición de identificación no es válida o ha caducado. Vuelva a la sede electrónica e identifíquese de nuevo.")

// localClave reports whether the sedes identify through the Cl@ve de pruebas.
func (m *Module) localClave() bool { return m.saml.idp == nil && m.kit.Config.LocalClave }

// localIdP returns the Cl@ve de pruebas, with the platform's clock.
func (m *Module) localIdP(ctx context.Context) (*saml.IdentityProvider, error) {
	if !m.localClave() {
		return nil, errNoLocalClave
	}
	certPEM, keyPEM, err := m.storedKeyPair(ctx, "clave-pruebas", "Cl@ve de pruebas (Concejo)")
	if err != nil {
		return nil, err
	}
	key, cert, err := parseKeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, err
	}
	base := m.kit.Config.Public() + localIdPPath
	md, err := url.Parse(base + "/metadata")
	if err != nil {
		return nil, err
	}
	sso, err := url.Parse(base + "/sso")
	if err != nil {
		return nil, err
	}
	return &saml.IdentityProvider{Key: key, Signer: key, Certificate: cert, MetadataURL: *md, SSOURL: *sso,
		SignatureMethod: dsig.RSASHA256SignatureMethod, ServiceProviderProvider: localSPs{m: m}, Clock: dsig.NewFakeClockAt(m.now())}, nil
}

// localSPs gives the Cl@ve de pruebas the metadata of the sedes' SPs.
type localSPs struct{ m *Module }

// GetServiceProvider returns the metadata of the sede whose SP entity id is id.
func (s localSPs) GetServiceProvider(r *http.Request, id string) (*saml.EntityDescriptor, error) {
	_, ed, err := s.m.sedeOfSP(r.Context(), id)
	return ed, err
}

// sedeOfSP finds the sede whose SP entity id is id (the URL of its
// metadata, under /e/{sede}/sede) and returns its metadata.
func (m *Module) sedeOfSP(ctx context.Context, id string) (directory.Entity, *saml.EntityDescriptor, error) {
	rest, ok := strings.CutPrefix(id, m.kit.Config.Public()+"/e/")
	code, ok2 := strings.CutSuffix(rest, "/sede/saml/metadata")
	if !ok || !ok2 || strings.Contains(code, "/") {
		return directory.Entity{}, nil, errUnknownSP
	}
	e, err := entityByKey(ctx, m.kit.DB, code)
	if err != nil {
		return directory.Entity{}, nil, errUnknownSP
	}
	sp, err := m.serviceProvider(ctx, e)
	if err != nil {
		return directory.Entity{}, nil, err
	}
	if sp.EntityID != id {
		return directory.Entity{}, nil, errUnknownSP
	}
	raw, err := sp.Metadata()
	if err != nil {
		return directory.Entity{}, nil, err
	}
	var ed saml.EntityDescriptor
	if err := xml.Unmarshal(raw, &ed); err != nil {
		return directory.Entity{}, nil, err
	}
	return e, &ed, nil
}

// idpMetadataPage publishes the Cl@ve de pruebas' metadata.
func (m *Module) idpMetadataPage(w http.ResponseWriter, r *http.Request) error {
	idp, err := m.localIdP(r.Context())
	if err != nil {
		return err
	}
	out, err := xml.MarshalIndent(idp.Metadata(), "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/samlmetadata+xml")
	_, err = w.Write(append([]byte(xml.Header), out...))
	return err
}

// authnRequest reads and validates the AuthnRequest carried, with its
// HTTP-Redirect signature, by the query string query; it returns it and the
// sede that sent it.
func (m *Module) authnRequest(r *http.Request, query string) (*saml.IdpAuthnRequest, directory.Entity, error) {
	idp, err := m.localIdP(r.Context())
	if err != nil {
		return nil, directory.Entity{}, err
	}
	get := r.Clone(r.Context())
	get.Method, get.URL = http.MethodGet, &url.URL{Path: localIdPPath + "/sso", RawQuery: query}
	req, err := saml.NewIdpAuthnRequest(idp, get)
	if err == nil {
		err = req.Validate()
	}
	if err != nil {
		m.kit.Log.InfoContext(r.Context(), "Cl@ve de pruebas: petición rechazada", "motivo", err.Error())
		return nil, directory.Entity{}, errBadAuthnRequest
	}
	e, _, err := m.sedeOfSP(r.Context(), req.ServiceProviderMetadata.EntityID)
	if err != nil {
		return nil, directory.Entity{}, errBadAuthnRequest
	}
	return req, e, nil
}

// idpData is what the pages of the Cl@ve de pruebas show.
type idpData struct {
	// Request is the query string of the sede's signed AuthnRequest.
	Request string
	People  []census.Resident
	// Name and ACS, Response and RelayState make the answer's form.
	Name, ACS, Response, RelayState string
}

// idpPage renders a page of the Cl@ve de pruebas for the sede e.
func (m *Module) idpPage(w http.ResponseWriter, r *http.Request, status int, name string, p *sedePage) error {
	p.Home, p.Now = homeOf(r, p.E), m.now()
	if p.Form == nil {
		p.Form = web.FormValues(r)
	}
	body, err := m.idpPages.Execute(name, p)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return web.WriteHTML(w, status, body)
}

// idpChoose validates the sede's AuthnRequest and asks who identifies.
func (m *Module) idpChoose(w http.ResponseWriter, r *http.Request) error {
	_, e, err := m.authnRequest(r, r.URL.RawQuery)
	if err != nil {
		return err
	}
	return m.idpChooser(w, r, http.StatusOK, e, r.URL.RawQuery, nil)
}

func (m *Module) idpChooser(w http.ResponseWriter, r *http.Request, status int, e directory.Entity, query string, fe errs.Fields) error {
	people, err := census.SampleResidents(r.Context(), m.kit.DB, e.ID, samplePeople, m.now())
	if err != nil {
		return err
	}
	p := &sedePage{Title: "Cl@ve de pruebas", E: e, Errors: fe, Data: idpData{Request: query, People: people}}
	return m.idpPage(w, r, status, "choose", p)
}

// idpAnswer makes the signed, encrypted assertion for the person chosen and
// gives the browser the form that posts it to the sede's ACS.
func (m *Module) idpAnswer(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 64<<10); err != nil {
		return err
	}
	query := r.PostFormValue("peticion")
	req, e, err := m.authnRequest(r, query)
	if err != nil {
		return err
	}
	who, fe, err := m.idpPerson(r, e)
	if err != nil {
		return err
	}
	if len(fe) > 0 {
		return m.idpChooser(w, r, http.StatusUnprocessableEntity, e, query, fe)
	}
	session := clave.Session(who.Document, who.Name, who.Surnames, clave.LoASubstantial, m.now())
	if err := (saml.DefaultAssertionMaker{}).MakeAssertion(req, session); err != nil {
		return err
	}
	form, err := req.PostBinding()
	if err != nil {
		return err
	}
	p := &sedePage{Title: "Identificación correcta", E: e, Data: idpData{Name: web.Join(" ", who.Name, who.Surnames) + " (NIF " + who.Document + ")",
		ACS: form.URL, Response: form.SAMLResponse, RelayState: form.RelayState}}
	return m.idpPage(w, r, http.StatusOK, "answer", p)
}

// idpPerson reads who identifies: one of the inhabitants offered, or the
// NIF and name typed.
func (m *Module) idpPerson(r *http.Request, e directory.Entity) (census.Resident, errs.Fields, error) {
	var fe errs.Fields
	choice := r.PostFormValue("persona")
	if choice != "" && choice != "otra" {
		people, err := census.SampleResidents(r.Context(), m.kit.DB, e.ID, samplePeople, m.now())
		if err != nil {
			return census.Resident{}, fe, err
		}
		for _, p := range people {
			if p.Document == choice {
				return p, fe, nil
			}
		}
		fe.Add("persona", "Elija una de las personas de la lista o «Otra persona».")
		return census.Resident{}, fe, nil
	}
	if choice == "" {
		fe.Add("persona", "Elija quién se identifica.")
		return census.Resident{}, fe, nil
	}
	who := census.Resident{Name: strings.TrimSpace(r.PostFormValue("nombre")), Surnames: strings.TrimSpace(r.PostFormValue("apellidos"))}
	nif, err := validate.PersonNIF(r.PostFormValue("nif"))
	if err != nil {
		fe.Add("nif", "Escriba un DNI o NIE válido, por ejemplo 12345678Z.")
	}
	who.Document = nif
	if who.Name == "" && nif != "" {
		if rec, err := census.OwnInscription(r.Context(), m.kit.DB, e.ID, nif); err == nil {
			who.Name = rec.Name
		} else if !errors.Is(err, errs.ErrNotFound) {
			return who, fe, err
		}
	}
	if who.Name == "" && who.Surnames == "" && nif != "" {
		fe.Add("nombre", "Escriba el nombre: esa persona no figura en el padrón "+e.Of()+".")
	}
	if len([]rune(who.Name)) > 80 || len([]rune(who.Surnames)) > 120 {
		fe.Add("nombre", fmt.Sprintf("Escriba el nombre en %d caracteres y los apellidos en %d como mucho.", 80, 120))
	}
	return who, fe, nil
}

// idpRoute adds a page of the Cl@ve de pruebas whose errors are shown in
// its own look (switched off, it is the platform's 404).
func (m *Module) idpRoute(method, path string, h web.HandlerFunc) {
	m.kit.Router.Handle(method, localIdPPath+path, access.Public, func(w http.ResponseWriter, r *http.Request) error {
		err := h(w, r)
		if err == nil || errors.Is(err, errNoLocalClave) {
			return err
		}
		status, msg := m.failure(r, err)
		body, rerr := m.idpPages.Execute("error", &sedePage{Title: errorTitle(status), Data: msg, Status: status})
		if rerr != nil {
			return err
		}
		w.Header().Set("Cache-Control", "no-store")
		return web.WriteHTML(w, status, body)
	})
}

// newIdPRenderer returns the pages of the Cl@ve de pruebas, laid out as a
// site of its own: it plays the State's identification gateway, not the sede.
func newIdPRenderer() (*web.Pages, error) {
	ps := web.NewPages(idpFS, "clavepruebas/layout.html", template.FuncMap{})
	if err := ps.Add("", idpFS, "clavepruebas"); err != nil {
		return nil, err
	}
	return ps, nil
}
