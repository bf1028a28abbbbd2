package eoffice

import (
	"net/http"
	"net/url"
	"strings"

	"concejo/internal/core/directory"
)

// What other modules use of the sede's citizen identification (the portal's
// surveys for people inscribed in the padrón): whether the sede offers a
// method, where its identification page is, and who the request's citizen
// session identifies. The identification stays the sede's: other modules
// never see a form field with a document number, only the NIF that Cl@ve or
// the certificate proved.

// IdentificationOffered reports whether the sede offers citizens a way to
// identify themselves: Cl@ve or an electronic certificate.
func (m *Module) IdentificationOffered() bool {
	return m.claveEnabled() || m.kit.Config.CertLogin()
}

// SignInPath is the identification page of the sede of the entity whose
// public key ({sede}: INE code, else DIR3) is key; once identified the
// citizen is sent to back, a path of the same entity's public pages
// (/e/{key}/...). It works on every host name: /e/ paths pass through the
// host mapping unchanged.
func (m *Module) SignInPath(key, back string) string {
	return "/e/" + key + "/sede/entrar?volver=" + url.QueryEscape(back)
}

// IdentifiedCitizen returns the NIF and full name of the person whom the
// request's citizen session identifies at entityID's sede; nif is "" when
// nobody is (no session, expired or closed, or opened at another entity's
// sede: identification is bound to the sede where it was made).
func (m *Module) IdentifiedCitizen(r *http.Request, entityID string) (nif, name string, err error) {
	c, err := m.citizen(r, entityID)
	if err != nil || c == nil {
		return "", "", err
	}
	return c.NIF, c.FullName(), nil
}

// entityPage reports whether v is a path of the entity's own public pages
// (/e/{key}/...): besides the sede itself, a safe return address after
// identification for the entity's other public pages that need it.
func entityPage(e directory.Entity, v string) bool {
	return strings.HasPrefix(v, "/e/"+e.Code()+"/")
}
