package eoffice

import (
	"context"
	"crypto/x509/pkix"
	"database/sql"
	"encoding/asn1"
	"errors"
	"net/http"
	"strings"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/eoffice/clave"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

// safeReturn keeps a return path inside the entity's sede or its other
// public pages (entityPage): a local path (web.LocalPath) that goes back
// neither to the identification steps nor out of them.
func safeReturn(r *http.Request, e directory.Entity, v string) string {
	root := rootOf(r, e)
	if v == root && root != "" {
		return v
	}
	inside := strings.HasPrefix(v, root+"/") || entityPage(e, v)
	if inside && web.LocalPath(v) && !strings.Contains(v, "//") && !strings.Contains(v, "..") &&
		!strings.Contains(v, "/salir") && !strings.Contains(v, "/saml/") && !strings.Contains(v, "/entrar") {
		return v
	}
	return root + "/mis-registros"
}

// signIn offers the identification methods.
func (m *Module) signIn(w http.ResponseWriter, r *http.Request) error {
	p, _, err := m.publicPage(r, "Identificarse", "")
	if err != nil {
		return err
	}
	back := safeReturn(r, p.E, r.URL.Query().Get("volver"))
	if p.Citizen != nil {
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	p.Data = back
	return m.render(w, r, http.StatusOK, "signin", p)
}

// claveStart sends the browser to the IdP with a signed AuthnRequest
// (HTTP-Redirect binding: our CSP allows form posts only to ourselves).
func (m *Module) claveStart(w http.ResponseWriter, r *http.Request) error {
	e, err := m.entity(r)
	if err != nil {
		return err
	}
	if !m.claveEnabled() {
		return errs.New(errs.NotFound, "La identificación con Cl@ve no está habilitada en esta sede.")
	}
	sp, err := m.serviceProvider(r.Context(), e)
	if err != nil {
		return err
	}
	reqID := clave.NewRequestID()
	if err := m.saveRequest(r.Context(), e.ID, reqID, safeReturn(r, e, r.URL.Query().Get("volver"))); err != nil {
		return err
	}
	target, err := sp.RedirectURL(reqID, "")
	if err != nil {
		return err
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// samlMetadata publishes the sede's SP metadata for the IdP.
func (m *Module) samlMetadata(w http.ResponseWriter, r *http.Request) error {
	e, err := m.entity(r)
	if err != nil {
		return err
	}
	sp, err := m.serviceProvider(r.Context(), e)
	if err != nil {
		return err
	}
	out, err := sp.Metadata()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/samlmetadata+xml")
	_, err = w.Write(out)
	return err
}

// samlACS receives the IdP's Response (HTTP-POST binding), validates it and
// opens a citizen session. Every refusal is a 403 with a Spanish message.
func (m *Module) samlACS(w http.ResponseWriter, r *http.Request) error {
	e, err := m.entity(r)
	if err != nil {
		return err
	}
	if !m.claveEnabled() {
		return errs.New(errs.NotFound, "La identificación con Cl@ve no está habilitada en esta sede.")
	}
	if err := web.ParseForm(w, r, clave.MaxResponse*2); err != nil {
		return err
	}
	refuse := func(cause error) error {
		var rf *clave.Refusal
		if errors.As(cause, &rf) && rf.Cause != nil {
			cause = rf.Cause
		}
		m.kit.Log.InfoContext(r.Context(), "respuesta SAML rechazada", "sede", e.Code(), "motivo", cause.Error(), "ip", auth.ClientIP(r))
		return errs.New(errs.Forbidden, clave.ErrRefused.Error())
	}
	resp := r.PostFormValue("SAMLResponse")
	reqID, err := clave.InResponseTo(resp)
	if err != nil {
		return refuse(err)
	}
	if reqID == "" {
		return refuse(errors.New("respuesta no solicitada (sin InResponseTo)"))
	}
	back, err := m.pendingRequest(r.Context(), e.ID, reqID)
	if err != nil {
		return refuse(errors.New("InResponseTo desconocido, caducado o de otra sede"))
	}
	sp, err := m.serviceProvider(r.Context(), e)
	if err != nil {
		return err
	}
	id, err := sp.Parse(resp, reqID)
	if err != nil {
		var rf *clave.Refusal
		if errors.As(err, &rf) {
			return refuse(rf.Cause)
		}
		return err
	}
	err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		ok, err := m.consumeRequestTx(r.Context(), tx, reqID)
		if err != nil {
			return err
		}
		if !ok {
			return errReplayed
		}
		if err := m.openCitizen(r.Context(), tx, w, r, Citizen{EntityID: e.ID, NIF: id.NIF, Name: id.Name,
			Surnames: id.Surnames, Method: "clave", LoA: id.LoA}); err != nil {
			return err
		}
		return m.kit.Audit(r.Context(), tx, nil, auditCitizen(e.ID, "sede.identificacion", id.NIF, "clave", id.LoA))
	})
	if errors.Is(err, errReplayed) {
		return refuse(err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

var errReplayed = errors.New("la petición ya se había respondido")

func (m *Module) consumeRequestTx(ctx context.Context, tx *sql.Tx, reqID string) (bool, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM eoffice_saml_requests WHERE id = $1`, reqID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// certSignIn identifies the citizen by the electronic certificate the
// browser presented (TLS client certificate or trusted proxy header).
func (m *Module) certSignIn(w http.ResponseWriter, r *http.Request) error {
	e, err := m.entity(r)
	if err != nil {
		return err
	}
	if !m.kit.Config.CertLogin() {
		return errs.New(errs.NotFound, "La identificación con certificado electrónico no está habilitada en esta sede.")
	}
	cert, err := m.certs.Certificate(r)
	if err != nil {
		return errs.New(errs.Unauthorized, err.Error())
	}
	nif, err := auth.NIFFromCertificate(cert)
	if err != nil {
		return errs.New(errs.Forbidden, err.Error())
	}
	name, surnames := certName(certAttr(cert.Subject, oidGivenName), certAttr(cert.Subject, oidSurname), cert.Subject.CommonName)
	err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		if err := m.openCitizen(r.Context(), tx, w, r, Citizen{EntityID: e.ID, NIF: nif, Name: name, Surnames: surnames,
			Method: "certificado", LoA: clave.LoAHigh}); err != nil {
			return err
		}
		return m.kit.Audit(r.Context(), tx, nil, auditCitizen(e.ID, "sede.identificacion", nif, "certificado", clave.LoAHigh))
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, safeReturn(r, e, r.URL.Query().Get("volver")), http.StatusSeeOther)
	return nil
}

var (
	oidGivenName = asn1.ObjectIdentifier{2, 5, 4, 42}
	oidSurname   = asn1.ObjectIdentifier{2, 5, 4, 4}
)

// certAttr returns the string values of the subject attribute oid.
func certAttr(n pkix.Name, oid asn1.ObjectIdentifier) []string {
	var out []string
	for _, atv := range n.Names {
		if s, ok := atv.Value.(string); ok && atv.Type.Equal(oid) {
			out = append(out, s)
		}
	}
	return out
}

// certName reads the holder's name from the subject: GN/SN attributes, or
// the FNMT common name "APELLIDO1 APELLIDO2 NOMBRE - 12345678Z".
func certName(given []string, sur []string, cn string) (string, string) {
	if len(given) > 0 || len(sur) > 0 {
		return strings.Join(given, " "), strings.Join(sur, " ")
	}
	if i := strings.LastIndex(cn, " - "); i >= 0 {
		cn = cn[:i]
	}
	cn = strings.TrimSpace(cn)
	if cn == "" {
		return "Titular del certificado", ""
	}
	return cn, ""
}

// signOut ends the citizen session.
func (m *Module) signOut(w http.ResponseWriter, r *http.Request) error {
	e, err := m.entity(r)
	if err != nil {
		return err
	}
	if err := m.closeCitizen(w, r); err != nil {
		return err
	}
	http.Redirect(w, r, homeOf(r, e), http.StatusSeeOther)
	return nil
}
