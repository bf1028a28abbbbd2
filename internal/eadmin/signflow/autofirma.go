package signflow

import "net/http"

// autoFirmaButton is what the request page needs to launch AutoFirma.
type autoFirmaButton struct{ URL, Poll string }

// autoFirmaFor is wired to AutoFirma's protocol once its server part is registered.
func (m *Module) autoFirmaFor(r *http.Request, req Request) *autoFirmaButton { return nil }
