// Package kit is what every module receives from the app: the database, the
// router and renderer, sessions, mail, logging and configuration, plus the
// one way to write an audit record for an actor's change.
package kit

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"concejo/internal/platform/access"
	"concejo/internal/platform/audit"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/config"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/jobs"
	"concejo/internal/platform/keyvault"
	"concejo/internal/platform/mail"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
	"concejo/internal/platform/trust"
	"concejo/internal/platform/web"
)

// Kit bundles the platform services a module needs.
type Kit struct {
	DB     *db.DB
	Router *web.Router
	// Access holds the permissions every module declares in Register and
	// answers whether an actor holds one in an entity.
	Access   *access.Catalogue
	Renderer *web.Renderer
	Sessions *auth.Sessions
	Mail     mail.Sender
	Log      *slog.Logger
	Config   config.Config
	Argon2   auth.Argon2Params
	// Jobs runs long work in the background with visible progress.
	Jobs *jobs.Runner
	// Vault encrypts the private keys the platform keeps (seals, centrally
	// held signing certificates) with the master key.
	Vault *keyvault.Vault
	// Sealer, set by the app, applies an entity's electronic seal (the
	// portafirmas'); nil leaves PDFs unsealed.
	Sealer Sealer
	// Clock is the platform's clock, set by the app (tests fix it through
	// app.Options); nil is the system clock. Read it with Now.
	Clock func() time.Time
	// SignatureTrust holds the roots the signatures of documents others
	// bring are validated against; nil is the embedded Spanish roots
	// (trust.Embedded). Read it with SignatureVerifier.
	SignatureTrust *trust.Store
	// DemoLoad is the demo's background load while `concejo demo` fills
	// the modules' data behind a serving platform (set by the app; nil or
	// its zero value while none runs).
	DemoLoad *DemoLoad
	// waiting are the modules' WaitingFuncs, for people's homes.
	waiting []WaitingFunc
}

// SignatureVerifier validates the signatures of documents others bring
// against SignatureTrust, checking revocation online where the provider
// can be reached.
func (k *Kit) SignatureVerifier() (*trust.Verifier, error) {
	store := k.SignatureTrust
	if store == nil {
		var err error
		if store, err = trust.Embedded(); err != nil {
			return nil, fmt.Errorf("certificados de confianza: %w", err)
		}
	}
	return trust.NewVerifier(store), nil
}

// Now is the current time by the platform's clock, in UTC: modules date
// records, exposure periods and deadlines by it.
func (k *Kit) Now() time.Time {
	if k.Clock == nil {
		return time.Now().UTC()
	}
	return k.Clock().UTC()
}

// Sealer applies the sello electrónico de órgano of an entity to what the
// platform issues by itself (actuación administrativa automatizada, art.
// 42 Ley 40/2015); q is the caller's transaction when there is one.
type Sealer interface {
	// SealPDF seals a PDF in PAdES (one already signed is returned as it is).
	SealPDF(ctx context.Context, q db.Queryer, entityID string, pdf []byte) ([]byte, error)
	// SealXML signs an XML document in XAdES enveloped with the options o.
	SealXML(ctx context.Context, q db.Queryer, entityID string, xml []byte, o sign.Options) ([]byte, error)
}

// SealPDF applies the entity's sello electrónico de órgano to a PDF the
// platform issues with a CSV (art. 42 Ley 40/2015), before it is stored or
// sent anywhere; q is the caller's transaction when there is one.
func (k *Kit) SealPDF(ctx context.Context, q db.Queryer, entityID string, pdf []byte) ([]byte, error) {
	if k.Sealer == nil {
		return pdf, nil
	}
	return k.Sealer.SealPDF(ctx, q, entityID, pdf)
}

// SealXML signs an XML document the platform issues (an ENI expediente's
// índice) with the entity's seal in XAdES enveloped.
func (k *Kit) SealXML(ctx context.Context, q db.Queryer, entityID string, xml []byte, o sign.Options) ([]byte, error) {
	if k.Sealer == nil {
		return nil, errs.New(errs.Conflict, "La plataforma no tiene configurado el sello electrónico de las entidades.")
	}
	return k.Sealer.SealXML(ctx, q, entityID, xml, o)
}

// RenderPDF lays out a document the platform issues and seals it (see
// SealPDF) for the entity.
func (k *Kit) RenderPDF(ctx context.Context, q db.Queryer, entityID string, d pdf.Document) ([]byte, error) {
	content, err := pdf.Render(d)
	if err != nil {
		return nil, err
	}
	return k.SealPDF(ctx, q, entityID, content)
}

// Change describes one audited change.
type Change struct {
	EntityID   string
	Action     string
	ObjectType string
	ObjectID   string
	Before     any
	After      any
}

// Audit appends c, made by a, to the audit chain inside tx.
func (k *Kit) Audit(ctx context.Context, tx *sql.Tx, a *auth.Actor, c Change) error {
	ev := audit.Event{EntityID: c.EntityID, Action: c.Action, ObjectType: c.ObjectType, ObjectID: c.ObjectID,
		Before: c.Before, After: c.After}
	if a != nil {
		ev.ActorID, ev.ActorName, ev.IP = a.UserID, a.Name, a.IP
	} else {
		ev.ActorID, ev.ActorName = "sistema", "Sistema"
	}
	return audit.Append(ctx, k.DB.Engine, tx, ev)
}

// Page renders a page of the module with status 200.
func (k *Kit) Page(w http.ResponseWriter, r *http.Request, name string, p *web.Page) error {
	return k.Renderer.Render(w, r, http.StatusOK, name, p)
}

// PageFunc builds a module's page for a request.
type PageFunc func(r *http.Request) (*web.Page, error)

// Show renders with status 200 the page that page builds for r, or returns
// the error of building it.
func (k *Kit) Show(w http.ResponseWriter, r *http.Request, name string, page PageFunc) error {
	p, err := page(r)
	if err != nil {
		return err
	}
	return k.Page(w, r, name, p)
}

// FormPage re-renders a form with its errors (422) when err is a
// errs.Fields, and returns err unchanged otherwise.
func (k *Kit) FormPage(w http.ResponseWriter, r *http.Request, name string, p *web.Page, err error) error {
	if fe, ok := errs.AsFields(err); ok {
		p.Errors = fe
		return k.Renderer.Render(w, r, http.StatusUnprocessableEntity, name, p)
	}
	return err
}

// Redirect ends a successful POST with a flash message and a 303.
func (k *Kit) Redirect(w http.ResponseWriter, r *http.Request, target, flash string) error {
	return k.Router.Redirect(w, r, target, flash)
}

// FormRetry re-renders (422) the page that page builds again for r with the
// form errors when err is an errs.Fields, and returns err unchanged
// otherwise (without building the page).
func (k *Kit) FormRetry(w http.ResponseWriter, r *http.Request, name string, page PageFunc, err error) error {
	if _, ok := errs.AsFields(err); !ok {
		return err
	}
	p, perr := page(r)
	if perr != nil {
		return perr
	}
	return k.FormPage(w, r, name, p, err)
}

// AfterPost ends a POST on a page: after success (err nil) a redirect to
// target with flash; otherwise as FormRetry, the page again with the form
// errors, or err.
func (k *Kit) AfterPost(w http.ResponseWriter, r *http.Request, err error, target, flash, name string, page PageFunc) error {
	if err != nil {
		return k.FormRetry(w, r, name, page, err)
	}
	return k.Redirect(w, r, target, flash)
}

// Actor returns the request's actor (routes registered as SignedIn always have one).
func Actor(r *http.Request) *auth.Actor { return auth.FromContext(r.Context()) }
