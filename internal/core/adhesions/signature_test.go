package adhesions_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/auth/certtest"
)

// signedBy requests an adhesion as Plasencia, uploads its document signed
// by sign, and returns the adhesion's id.
func signedBy(t *testing.T, env *apptest.Env, pl *apptest.Client, sign func(doc []byte) []byte) string {
	t.Helper()
	id := requestAdhesion(t, pl, requestable(t, env, pl, env.EntityID(t, apptest.Dir3Plasencia)))
	doc := pl.Get("/adhesiones/" + id + "/documento.pdf")
	if res := upload(t, pl, "/adhesiones/"+id+"/firmado", sign([]byte(doc.Body))); res.Status != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", res.Status, apptest.Text(res.Body))
	}
	if s := state(t, env, id); s != "firmada" {
		t.Fatalf("state after upload %s", s)
	}
	return id
}

// refused checks that the Diputación sees why the signature is not valid,
// is offered no approval, and cannot approve.
func refused(t *testing.T, env *apptest.Env, dip *apptest.Client, id string, why ...string) {
	t.Helper()
	page := dip.Get("/adhesiones/" + id)
	apptest.Expect(t, page, http.StatusOK, append(why, "la firma no se ha podido validar y la adhesión no se puede aprobar")...)
	if strings.Contains(page.Body, "Aprobar la adhesión") || strings.Contains(page.Body, "válida de") {
		t.Fatalf("an unvalidated signature is offered for approval or called valid:\n%s", apptest.Text(page.Body))
	}
	apptest.Expect(t, dip.Post("/adhesiones/"+id+"/aprobar", nil), http.StatusConflict, "No se puede aprobar la adhesión")
	if s := state(t, env, id); s != "firmada" {
		t.Fatalf("approved with an unvalidated signature: state %s", s)
	}
	if v := adhesionColumn(t, env, "CAST(signature_valid AS TEXT)", id); v == "1" || v == "true" {
		t.Fatalf("signature_valid = %s", v)
	}
}

// Issue 12: a self-made certificate whose issuer merely says "AC FNMT
// Usuarios" is not shown as valid and cannot be approved.
func TestSelfMadeSignatureNotApprovable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl, dip := env.Login(t, apptest.Plasencia), env.Login(t, apptest.DipAdmin)
		fake := certtest.NewCA(t, "AC FNMT Usuarios")
		id := signedBy(t, env, pl, func(doc []byte) []byte {
			return signWith(t, fake, newSigner(fake, certtest.SignerOptions{}), doc)
		})
		detail := adhesionColumn(t, env, "signature_detail", id)
		if strings.Contains(detail, "válida") || !strings.HasPrefix(detail, "Firma PAdES") {
			t.Fatalf("detail: %s", detail)
		}
		refused(t, env, dip, id, "íntegra, pero el certificado no procede de un prestador de confianza",
			"dice estar emitido por «AC FNMT Usuarios», pero no enlaza con ninguna raíz de confianza",
			"no se ha podido comprobar la revocación")
		// The entity is told so (flash and page); the Diputación can still reject it.
		apptest.Expect(t, pl.Get("/adhesiones/"+id), http.StatusOK, "no procede de un prestador de confianza",
			"La Diputación no podrá aprobar la adhesión con esta firma.")
		apptest.Expect(t, dip.Get("/adhesiones/"+id), http.StatusOK, "Rechazar la solicitud")
	})
}

// A certificate of a trusted provider, revoked (the local OCSP responder
// says so) or expired when it signed, is not approvable either.
func TestRevokedOrExpiredSignatureNotApprovable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl, dip := env.Login(t, apptest.Plasencia), env.Login(t, apptest.DipAdmin)
		responder := env.SigningCA.Responder()
		revoked := signedBy(t, env, pl, func(doc []byte) []byte {
			c := newSigner(env.SigningCA, certtest.SignerOptions{OCSP: responder.OCSPURL()})
			responder.Revoke(c.Leaf, time.Now().Add(-time.Hour))
			return signWith(t, env.SigningCA, c, doc)
		})
		refused(t, env, dip, revoked, "íntegra, pero el certificado del firmante está revocado", "REVOCADO desde el")
		expired := signedBy(t, env, pl, func(doc []byte) []byte {
			return signWith(t, env.SigningCA, newSigner(env.SigningCA, certtest.SignerOptions{
				NotBefore: time.Now().Add(-50 * time.Minute), NotAfter: time.Now().Add(-10 * time.Minute)}), doc)
		})
		refused(t, env, dip, expired, "íntegra, pero el certificado no estaba vigente en la fecha de la firma",
			"AC PRUEBAS FIRMA (raíz de confianza)", "NO estaba vigente en la fecha de la firma")
	})
}
