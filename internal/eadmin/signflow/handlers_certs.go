package signflow

import (
	"crypto"
	"crypto/x509"
	"database/sql"
	"encoding/pem"
	"errors"
	"net/http"
	"time"

	"golang.org/x/crypto/pkcs12"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

type certsData struct {
	Rows     []Certificate
	CanAdmin bool
	LocalCA  bool
	People   []option
	Classes  []option
	Now      time.Time
}

func (m *Module) certsPage(r *http.Request) (*web.Page, error) {
	a := kit.Actor(r)
	admin, err := m.kit.Access.CanHere(r.Context(), a, PermAdmin)
	if err != nil {
		return nil, err
	}
	all, err := certificates(r.Context(), m.kit.DB, a.Entity.ID)
	if err != nil {
		return nil, err
	}
	d := &certsData{CanAdmin: admin, LocalCA: m.kit.Config.LocalCA, Now: m.kit.Now(),
		Classes: []option{{KindPersonal, "Certificado de firma de una persona"}, {KindSeal, "Sello electrónico de la entidad"}}}
	for _, c := range all {
		if admin || c.UserID == a.UserID {
			d.Rows = append(d.Rows, c)
		}
	}
	if admin {
		if d.People, err = m.signerOptions(r.Context(), a.Entity.ID); err != nil {
			return nil, err
		}
	}
	return &web.Page{Title: "Certificados de firma y sello", Data: d, Crumbs: []web.Crumb{crumbInbox},
		Form: map[string]string{"clase": KindPersonal, "titular": a.UserID}}, nil
}

func (m *Module) certsShow(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "signflow/certificates", m.certsPage)
}

// errBadPKCS12 is an uploaded file that is not a PKCS#12 with a key.
var errBadPKCS12 = errs.Fields{{Field: "fichero", Message: "El fichero no es un certificado PKCS#12 (.p12 o .pfx) con su clave privada, o la contraseña no es la suya."}}

// parsePKCS12 reads the key and the chain (signer first) of a PKCS#12.
func parsePKCS12(data []byte, password string) (crypto.Signer, []*x509.Certificate, error) {
	blocks, err := pkcs12.ToPEM(data, password)
	if err != nil {
		return nil, nil, errBadPKCS12
	}
	var key crypto.Signer
	var chain []*x509.Certificate
	for _, b := range blocks {
		switch b.Type {
		case "PRIVATE KEY":
			k, err := parseAnyKey(b)
			if err != nil {
				return nil, nil, errBadPKCS12
			}
			key = k
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				return nil, nil, errBadPKCS12
			}
			chain = append(chain, c)
		}
	}
	if key == nil || len(chain) == 0 {
		return nil, nil, errBadPKCS12
	}
	// the certificate of the key goes first
	for i, c := range chain {
		if pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool }); ok && pub.Equal(c.PublicKey) {
			chain[0], chain[i] = chain[i], chain[0]
			return key, chain, nil
		}
	}
	return nil, nil, errBadPKCS12
}

func parseAnyKey(b *pem.Block) (crypto.Signer, error) {
	if k, err := x509.ParsePKCS1PrivateKey(b.Bytes); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(b.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if err != nil {
		return nil, err
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, errors.New("not a signing key")
	}
	return s, nil
}

// importPost registers an uploaded PKCS#12: one's own centrally held
// certificate, or (administrators) the entity's seal or another person's.
func (m *Module) importPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 1<<20); err != nil {
		return err
	}
	a := kit.Actor(r)
	kind, holder := web.Field(r, "clase"), web.Field(r, "titular")
	if kind == KindSeal {
		holder = ""
	}
	if kind != KindSeal && kind != KindPersonal {
		return errs.Fields{{Field: "clase", Message: "Elija la clase de certificado."}}
	}
	if kind == KindSeal || holder != a.UserID {
		if err := m.kit.Access.RequireHere(r.Context(), a, PermAdmin); err != nil {
			return err
		}
	}
	_, data, err := uploaded(r, "fichero")
	var key crypto.Signer
	var chain []*x509.Certificate
	if err == nil {
		key, chain, err = parsePKCS12(data, r.PostFormValue("clave"))
	}
	if err == nil && kind == KindPersonal {
		if _, ok, e := m.signerMember(r.Context(), a.Entity.ID, holder); e != nil {
			err = e
		} else if !ok {
			err = errs.Fields{{Field: "titular", Message: "El titular tiene que poder firmar en el portafirmas de la entidad."}}
		}
	}
	if err == nil && m.kit.Now().After(chain[0].NotAfter) {
		err = errs.Fields{{Field: "fichero", Message: "El certificado está caducado desde el " + chain[0].NotAfter.Format("02/01/2006") + "."}}
	}
	if err == nil {
		err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
			c, err := m.register(r.Context(), tx, a.Entity.ID, kind, holder, chain, key, OriginImported, a.UserID)
			if err != nil {
				return err
			}
			return m.kit.Audit(r.Context(), tx, a, kit.Change{EntityID: a.Entity.ID, Action: "portafirmas.certificado",
				ObjectType: "certificado_firma", ObjectID: c.ID, After: map[string]any{"clase": c.Kind, "titular": c.UserID,
					"sujeto": c.Subject, "serie": c.Serial, "caduca": c.NotAfter}})
		})
	}
	return m.kit.AfterPost(w, r, err, "/portafirmas/certificados", "Certificado registrado; su clave queda cifrada.",
		"signflow/certificates", m.certsPage)
}

// localCAPEM serves the platform's own authority's certificate, so that
// others can check the signatures it certifies.
func (m *Module) localCAPEM(w http.ResponseWriter, r *http.Request) error {
	var der []byte
	err := m.kit.DB.QueryRowContext(r.Context(), `SELECT cert FROM signflow_local_ca WHERE id = $1`, localCAID).Scan(&der)
	if err != nil {
		return errs.New(errs.NotFound, "Esta instalación no tiene autoridad de certificación propia.")
	}
	return web.SendFile(w, web.File{Name: "ac-pruebas-concejo.pem", ContentType: "application/x-pem-file",
		Content: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), Public: true})
}
