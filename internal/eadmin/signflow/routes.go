package signflow

import (
	"context"
	"time"

	"concejo/internal/platform/access"
	"concejo/internal/platform/web"
)

// Register declares the module's permissions and registers its pages and
// menu entry. Requests are looked up in the actor's current entity and
// shown only to their author, the people of their circuit (with their
// substitutes and delegates) and the portafirmas' administrators.
func (m *Module) Register() error {
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("signflow", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/portafirmas", PermSign, m.inboxPage)
	rt.Handle("POST", "/portafirmas/lote", PermSign, m.batchPost)
	rt.Handle("GET", "/portafirmas/enviados", PermSend, m.sentPage)
	rt.Handle("GET", "/portafirmas/entidad", PermAdmin, m.allPage)
	rt.Handle("GET", "/portafirmas/nueva", PermSend, m.newForm)
	rt.Handle("POST", "/portafirmas", PermSend, m.createPost)
	rt.Handle("GET", "/portafirmas/delegaciones", PermSign, m.delegationsShow)
	rt.Handle("POST", "/portafirmas/delegaciones", PermSign, m.delegatePost)
	rt.Handle("POST", "/portafirmas/delegaciones/{id}/revocar", PermSign, m.revokePost)
	rt.Handle("GET", "/portafirmas/certificados", PermSign, m.certsShow)
	rt.Handle("POST", "/portafirmas/certificados", PermSign, m.importPost)
	rt.Handle("GET", "/portafirmas/{id}", PermSign, m.showRequest)
	rt.Handle("GET", "/portafirmas/{id}/documento", PermSign, m.documentDownload)
	rt.Handle("GET", "/portafirmas/{id}/firmas/{version}/{seq}", PermSign, m.detachedDownload)
	rt.Handle("POST", "/portafirmas/{id}/firmar", PermSign, m.actPost(actSign))
	rt.Handle("POST", "/portafirmas/{id}/visto-bueno", PermSign, m.actPost(actApprove))
	rt.Handle("POST", "/portafirmas/{id}/rechazar", PermSign, m.actPost(actReject))
	rt.Handle("POST", "/portafirmas/{id}/corregir", PermSend, m.resubmitPost)
	rt.Handle("POST", "/portafirmas/{id}/retirar", PermSend, m.withdrawPost)
	rt.Handle("GET", "/firma/ac-pruebas.pem", access.Public, m.localCAPEM)
	rt.Handle("POST", "/portafirmas/autofirma", PermSign, m.autoFirmaPost)
	rt.Handle("POST", "/portafirmas/autofirma/{session}/resultado", PermSign, m.autoFirmaDone)
	// AutoFirma's services: it calls them from the desktop, without the session.
	for _, method := range []string{"GET", "POST"} {
		rt.Handle(method, "/afirma/StorageService", access.Public, servlet(m.af.storage.StorageHandler()))
		rt.Handle(method, "/afirma/RetrieveService", access.Public, servlet(m.af.storage.RetrieveHandler()))
	}
	rt.Handle("POST", "/afirma/lote/prefirma", access.Public, servlet(m.af.batches.Presigner()))
	rt.Handle("POST", "/afirma/lote/postfirma", access.Public, servlet(m.af.batches.Postsigner()))
	m.kit.Jobs.Every("portafirmas.recordatorios", 24*time.Hour, func(ctx context.Context) error {
		_, err := m.SendReminders(ctx)
		return err
	})
	m.kit.AddWaiting(m.waiting)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Portafirmas", Href: "/portafirmas", Perm: PermSign})
	return nil
}
