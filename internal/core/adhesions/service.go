package adhesions

import (
	"bytes"
	"concejo/internal/platform/csvdoc"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/trust"
	"concejo/internal/platform/web"
)

func isNotFound(err error) bool { return errors.Is(err, db.ErrNotFound) }

// States of an adhesion.
const (
	StateRequested = "solicitada"
	StateSigned    = "firmada"
	StateActive    = "activa"
	StateRejected  = "rechazada"
	StateEnded     = "finalizada"
	StateAnnulled  = "anulada"
)

// stateLabels describe each state for people.
var stateLabels = map[string]string{
	StateRequested: "Solicitada (pendiente de firma)",
	StateSigned:    "Firmada (pendiente de aprobación)",
	StateActive:    "Activa",
	StateRejected:  "Rechazada",
	StateEnded:     "Finalizada",
	StateAnnulled:  "Anulada",
}

var stateOrder = []string{StateRequested, StateSigned, StateActive, StateRejected, StateEnded, StateAnnulled}

// get loads an adhesion the actor can see; any other is db.ErrNotFound.
func (m *Module) get(ctx context.Context, a *auth.Actor, adhesionID string) (Adhesion, error) {
	sc, err := m.kit.Access.Scope(ctx, a, PermRead)
	if err != nil {
		return Adhesion{}, err
	}
	return getAdhesion(ctx, m.kit.DB, sc, adhesionID)
}

// list returns a page of adhesions: every entity's for who sees them all
// (Diputación staff), otherwise the current entity's, or another one the
// actor can see when he filters by it. all says which.
func (m *Module) list(ctx context.Context, a *auth.Actor, f Filter, limit int) (rows []Adhesion, total int, all bool, err error) {
	sc, err := m.kit.Access.Scope(ctx, a, PermRead)
	if err != nil {
		return nil, 0, false, err
	}
	if !sc.All {
		if f.EntityID == "" {
			f.EntityID = a.Entity.ID
		}
		if !slices.Contains(sc.IDs, f.EntityID) {
			return nil, 0, false, errs.ErrNotFound
		}
	}
	rows, total, err = listAdhesions(ctx, m.kit.DB, sc, f, limit)
	return rows, total, sc.All, err
}

// request is what a user asks for on the request form.
type request struct {
	Entity     directory.Entity
	Service    Service
	Conditions Conditions
}

// prepareRequest checks that the actor's current entity may adhere to code
// (the router has checked that he holds PermRequest in it), and returns
// what the form shows.
func (m *Module) prepareRequest(ctx context.Context, q db.Queryer, a *auth.Actor, code string) (request, error) {
	var rq request
	entityID := a.Entity.ID
	if entityID == "" {
		return rq, errs.New(errs.Conflict, "Elija primero la entidad para la que trabaja.")
	}
	svc, err := loadService(ctx, q, code)
	if err != nil {
		return rq, err
	}
	ent, err := loadEntity(ctx, q, entityID)
	if err != nil {
		return rq, err
	}
	rules, err := loadRules(ctx, q, code)
	if err != nil {
		return rq, err
	}
	if ok, reason := evaluate(ent, svc, rules); !ok {
		return rq, errs.New(errs.Conflict, reason)
	}
	open, err := openAdhesions(ctx, q, entityID)
	if err != nil {
		return rq, err
	}
	if o, ok := open[code]; ok {
		if o.State == StateActive {
			return rq, errs.New(errs.Conflict, fmt.Sprintf("%s ya tiene una adhesión activa al servicio %s (%s).", phrase.TheCap(ent.Name), svc.Name, o.Number))
		}
		return rq, errs.New(errs.Conflict, fmt.Sprintf("%s ya tiene una solicitud de adhesión al servicio %s en curso (%s, %s): "+
			"complétela o anúlela antes de pedir otra.", phrase.TheCap(ent.Name), svc.Name, o.Number, strings.ToLower(stateLabels[o.State])))
	}
	cond, err := latestConditions(ctx, q, code)
	if isNotFound(err) {
		return rq, errs.New(errs.Conflict, fmt.Sprintf("El servicio %s no tiene publicadas sus condiciones de acceso; todavía no se puede solicitar.", svc.Name))
	}
	if err != nil {
		return rq, err
	}
	return request{Entity: ent, Service: svc, Conditions: cond}, nil
}

// maxQuantity bounds the units (mailboxes...) one adhesion may ask for.
const maxQuantity = 10000

// parseQuantity validates the quantity field of services counted in units.
func parseQuantity(svc Service, raw string) (int, error) {
	if svc.UnitLabel == "" {
		return 0, nil
	}
	var fe errs.Fields
	raw = strings.ReplaceAll(strings.TrimSpace(raw), ".", "")
	n, err := strconv.Atoi(raw)
	switch {
	case raw == "":
		fe.Add("cantidad", fmt.Sprintf("Indique cuántos %s necesita la entidad.", svc.UnitLabel))
	case err != nil || n < 1 || n > maxQuantity:
		fe.Add("cantidad", fmt.Sprintf("El número de %s debe ser un número entero entre 1 y %s.", svc.UnitLabel, web.Thousands(maxQuantity)))
	}
	return n, fe.Err()
}

// requestAdhesion creates an adhesion of the actor's current entity to code
// in state solicitada, with its number, CSV and the generated document.
func (m *Module) requestAdhesion(ctx context.Context, a *auth.Actor, code, quantity string) (Adhesion, error) {
	var ad Adhesion
	if code == "" {
		var fe errs.Fields
		fe.Add("servicio", "Elija el servicio al que quiere adherirse.")
		return ad, fe
	}
	if _, err := loadService(ctx, m.kit.DB, code); isNotFound(err) {
		var fe errs.Fields
		fe.Add("servicio", "El servicio elegido no existe en el catálogo.")
		return ad, fe
	}
	rq, err := m.prepareRequest(ctx, m.kit.DB, a, code)
	if err != nil {
		return ad, err
	}
	qty, err := parseQuantity(rq.Service, quantity)
	if err != nil {
		return ad, err
	}
	now := time.Now().UTC().Truncate(time.Second)
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		number, err := nextNumber(ctx, tx, m.kit.DB.Engine, now.In(web.Madrid).Year())
		if err != nil {
			return err
		}
		// Checked again under the numbering lock: two requests must not race.
		rq, err := m.prepareRequest(ctx, tx, a, code)
		if err != nil {
			return err
		}
		ad = Adhesion{EntityID: rq.Entity.ID, ID: id.New(), Number: number, ServiceCode: code,
			ConditionsVersion: rq.Conditions.Version, State: StateRequested, Quantity: qty,
			RequestedAt: now, RequestedBy: a.UserID, CSV: id.Token(15),
			EntityName: rq.Entity.Name, EntityKind: rq.Entity.Kind, ServiceName: rq.Service.Name, UnitLabel: rq.Service.UnitLabel}
		if err := insertAdhesion(ctx, tx, ad); err != nil {
			return err
		}
		content, err := m.kit.RenderPDF(ctx, tx, ad.EntityID, adhesionDocument(rq.Entity, rq.Service, rq.Conditions, ad, m.verifyURL(ad.CSV)))
		if err != nil {
			return err
		}
		if err := insertDocument(ctx, tx, ad.EntityID, ad.ID, newDocument("generado", ad.Number+".pdf", content, a.UserID, now)); err != nil {
			return err
		}
		// The same bytes go to the register of issued documents, where
		// /verificar finds them by the CSV.
		if err := csvdoc.Issue(ctx, tx, csvdoc.Document{CSV: ad.CSV, EntityID: ad.EntityID, Kind: "adhesion",
			Title: DocumentTitle + " " + ad.Number, ObjectType: "adhesion", ObjectID: ad.ID, Filename: ad.Number + ".pdf",
			ContentType: "application/pdf", Content: content, IssuedAt: now, IssuedBy: a.UserID}); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: ad.EntityID, Action: "adhesion.solicitar", ObjectType: "adhesion",
			ObjectID: ad.ID, After: map[string]any{"number": ad.Number, "service": code, "state": ad.State,
				"quantity": qty, "conditions_version": ad.ConditionsVersion}})
	})
	return ad, err
}

// verifyURL is where anyone checks a document by its CSV.
func (m *Module) verifyURL(csv string) string {
	return csvdoc.URL(m.kit.Config.Public(), csv)
}

// Actions says what the actor may do now with one adhesion.
type Actions struct{ Upload, Approve, Reject, Finish, Annul bool }

// step is one transition of the life cycle.
type step struct {
	action string // audit action
	to     string
	from   []string
	// perm is who may take it, in the adhesion's entity; requester, when
	// set, lets who holds it there take it too on the requests he made.
	perm, requester access.Permission
	refuse          string // 409 message when the state does not allow it
}

var (
	stepUpload = step{action: "adhesion.firmar", to: StateSigned, from: []string{StateRequested}, perm: PermRequest,
		refuse: "Solo se puede subir el documento firmado de una solicitud pendiente de firma"}
	stepApprove = step{action: "adhesion.aprobar", to: StateActive, from: []string{StateSigned}, perm: PermDecide,
		refuse: "Solo se puede aprobar una adhesión firmada"}
	stepReject = step{action: "adhesion.rechazar", to: StateRejected, from: []string{StateRequested, StateSigned}, perm: PermDecide,
		refuse: "Solo se puede rechazar una solicitud que aún no está activa"}
	stepFinish = step{action: "adhesion.finalizar", to: StateEnded, from: []string{StateActive}, perm: PermRequest,
		refuse: "Solo se puede finalizar una adhesión activa"}
	stepAnnul = step{action: "adhesion.anular", to: StateAnnulled, from: []string{StateRequested}, perm: PermAnnul,
		requester: PermRequest, refuse: "Solo se puede anular una solicitud que aún no se ha firmado"}
)

// allowed reports whether a may take step s on ad, whatever its state.
func (m *Module) allowed(ctx context.Context, a *auth.Actor, s step, ad Adhesion) (bool, error) {
	ok, err := m.kit.Access.Can(ctx, a, s.perm, ad.EntityID)
	if ok || err != nil || s.requester == "" || a.UserID != ad.RequestedBy {
		return ok, err
	}
	return m.kit.Access.Can(ctx, a, s.requester, ad.EntityID)
}

func (s step) fromOK(state string) bool {
	for _, f := range s.from {
		if f == state {
			return true
		}
	}
	return false
}

// check returns 403 when the actor may not take the step and 409 when the
// adhesion's state does not allow it.
func (m *Module) check(ctx context.Context, a *auth.Actor, s step, ad Adhesion) error {
	ok, err := m.allowed(ctx, a, s, ad)
	if err != nil {
		return err
	}
	if !ok {
		return m.kit.Access.Require(ctx, a, s.perm, ad.EntityID) // the 403 of s.perm, which he lacks there
	}
	if !s.fromOK(ad.State) {
		return errs.New(errs.Conflict, fmt.Sprintf("%s; la adhesión %s está %s.", s.refuse, ad.Number, ad.State))
	}
	return nil
}

// actionsFor says which steps the actor may take now on ad.
func (m *Module) actionsFor(ctx context.Context, a *auth.Actor, ad Adhesion) (Actions, error) {
	var act Actions
	for _, c := range []struct {
		s   step
		can *bool
	}{{stepUpload, &act.Upload}, {stepApprove, &act.Approve}, {stepReject, &act.Reject}, {stepFinish, &act.Finish},
		{stepAnnul, &act.Annul}} {
		ok, err := m.allowed(ctx, a, c.s, ad)
		if err != nil {
			return act, err
		}
		*c.can = ok && c.s.fromOK(ad.State)
	}
	act.Approve = act.Approve && approvable(ad) == nil
	return act, nil
}

// apply runs step s on adhesion id, setting cols, inside one transaction
// with its audit row.
func (m *Module) apply(ctx context.Context, a *auth.Actor, adhesionID string, s step, cols map[string]any,
	validate func() error, extra func(tx *sql.Tx, ad Adhesion) error) (Adhesion, error) {
	ad, err := m.get(ctx, a, adhesionID)
	if err != nil {
		return ad, err
	}
	if err := m.check(ctx, a, s, ad); err != nil {
		return ad, err
	}
	if validate != nil {
		if err := validate(); err != nil {
			return ad, err
		}
	}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		ok, err := setState(ctx, tx, ad.EntityID, ad.ID, s.to, s.from, cols)
		if err != nil {
			return err
		}
		if !ok {
			return errs.New(errs.Conflict, fmt.Sprintf("%s; la adhesión %s acaba de cambiar de estado. Vuelva a cargar la página.", s.refuse, ad.Number))
		}
		if extra != nil {
			if err := extra(tx, ad); err != nil {
				return err
			}
		}
		after := map[string]any{"state": s.to}
		for k, v := range cols {
			if strings.HasSuffix(k, "reason") || strings.HasPrefix(k, "signer") || strings.HasPrefix(k, "signature_") {
				after[k] = v
			}
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: ad.EntityID, Action: s.action, ObjectType: "adhesion",
			ObjectID: ad.ID, Before: map[string]any{"state": ad.State}, After: after})
	})
	return ad, err
}

// reasonCheck requires a reason in field.
func reasonCheck(field, reason, msg string) func() error {
	return func() error {
		var fe errs.Fields
		switch {
		case reason == "":
			fe.Add(field, msg)
		case len([]rune(reason)) > 2000:
			fe.Add(field, "El motivo es demasiado largo: como máximo 2.000 caracteres.")
		}
		return fe.Err()
	}
}

func nowUTC() time.Time { return time.Now().UTC().Truncate(time.Second) }

// approve activates a signed adhesion. Only an adhesion whose signature
// was fully validated can be approved: an intact signature by a certificate
// that does not come from a trusted provider (or was expired or revoked)
// is no signature of the entity's representative.
func (m *Module) approve(ctx context.Context, a *auth.Actor, adhesionID string) (Adhesion, error) {
	return m.apply(ctx, a, adhesionID, stepApprove, map[string]any{"decided_at": nowUTC(), "decided_by": a.UserID}, nil,
		func(_ *sql.Tx, ad Adhesion) error { return approvable(ad) })
}

// approvable refuses (409) an adhesion whose signature was not validated.
func approvable(ad Adhesion) error {
	if ad.SignatureValid {
		return nil
	}
	return errs.New(errs.Conflict, fmt.Sprintf("No se puede aprobar la adhesión %s: la firma de su documento no se ha podido validar "+
		"(vea el apartado «Firma»). Rechace la solicitud explicando el motivo, para que la entidad la firme con un "+
		"certificado cualificado de un prestador de confianza.", ad.Number))
}

func (m *Module) reject(ctx context.Context, a *auth.Actor, adhesionID, reason string) (Adhesion, error) {
	return m.apply(ctx, a, adhesionID, stepReject,
		map[string]any{"decided_at": nowUTC(), "decided_by": a.UserID, "decision_reason": reason},
		reasonCheck("motivo_rechazo", reason, "Explique el motivo del rechazo: la entidad lo verá."), nil)
}

func (m *Module) finish(ctx context.Context, a *auth.Actor, adhesionID, reason string) (Adhesion, error) {
	return m.apply(ctx, a, adhesionID, stepFinish,
		map[string]any{"ended_at": nowUTC(), "ended_by": a.UserID, "end_reason": reason},
		reasonCheck("motivo_fin", reason, "Explique el motivo por el que se finaliza la adhesión."), nil)
}

func (m *Module) annul(ctx context.Context, a *auth.Actor, adhesionID, reason string) (Adhesion, error) {
	if reason == "" {
		reason = "Anulada por la entidad antes de firmarla."
	}
	return m.apply(ctx, a, adhesionID, stepAnnul,
		map[string]any{"ended_at": nowUTC(), "ended_by": a.UserID, "end_reason": reason},
		reasonCheck("motivo_anulacion", reason, ""), nil)
}

// MaxUpload is the largest signed document accepted.
const MaxUpload = 10 << 20

// errTooBig is the answer to an upload over MaxUpload.
var errTooBig = errs.New(errs.TooLarge, "El fichero es demasiado grande: el documento firmado puede ocupar como máximo 10 MiB.")

// maxVerified caps how many signatures of one upload are validated (each
// may ask a revocation service).
const maxVerified = 4

// signedUpload checks an uploaded signed document and returns the
// signature it relies on, its validation and a Spanish description of both.
// Of several intact signatures, the first fully valid one is chosen, else
// the first intact one; the signatures of the generated document itself
// (the entity's seal) do not count when the upload extends it.
func signedUpload(ctx context.Context, v *trust.Verifier, data, generated []byte) (pdf.Verification, string, error) {
	var fe errs.Fields
	const field = "documento"
	if len(data) == 0 {
		fe.Add(field, "El fichero está vacío. Seleccione el documento de la solicitud firmado, en PDF.")
		return pdf.Verification{}, "", fe
	}
	if len(data) > MaxUpload {
		return pdf.Verification{}, "", errTooBig
	}
	if !pdf.IsPDF(data) {
		fe.Add(field, "El fichero no es un PDF. Suba el documento de la solicitud firmado electrónicamente, en formato PDF.")
		return pdf.Verification{}, "", fe
	}
	sigs, err := pdf.Signatures(data)
	// The platform's own seal on the generated document is not the signature sought.
	if own, oerr := pdf.Signatures(generated); oerr == nil && err == nil && bytes.HasPrefix(data, generated) {
		if sigs = sigs[len(own):]; len(sigs) == 0 {
			err = pdf.ErrNoSignature
		}
	}
	switch {
	case errors.Is(err, pdf.ErrNoSignature):
		fe.Add(field, "El PDF no contiene ninguna firma electrónica. Fírmelo (por ejemplo, con Autofirma) y vuelva a subirlo.")
	case errors.Is(err, pdf.ErrNotPDF):
		fe.Add(field, "El fichero no es un PDF. Suba el documento de la solicitud firmado electrónicamente, en formato PDF.")
	case errors.Is(err, pdf.ErrTooLarge):
		return pdf.Verification{}, "", errTooBig
	case err != nil:
		fe.Add(field, "La firma del PDF no se puede leer: el fichero está dañado o la firma no es de un tipo admitido (PAdES).")
	}
	if len(fe) > 0 {
		return pdf.Verification{}, "", fe
	}
	var chosen *pdf.Verification
	verified := 0
	for _, s := range sigs {
		if !s.DigestValid || verified == maxVerified {
			continue
		}
		verified++
		ver := pdf.Verify(ctx, v, s)
		if chosen == nil || ver.Valid() {
			chosen = &ver
		}
		if ver.Valid() {
			break
		}
	}
	if chosen == nil {
		fe.Add(field, "La firma del PDF no es válida: el documento se alteró después de firmarse o la firma está dañada. Vuelva a firmar el documento original.")
		return pdf.Verification{}, "", fe
	}
	return *chosen, describeSignature(*chosen, len(sigs), data, generated), nil
}

// describeSignature is the Spanish account kept in signature_detail: the
// verdict on its first line, then one line per check.
func describeSignature(v pdf.Verification, n int, data, generated []byte) string {
	s := v.Signature
	kind := "PAdES"
	if s.SubFilter != "" {
		kind += " (" + s.SubFilter + ")"
	}
	who := nonBlank(s.SignerName, "firmante sin nombre")
	if s.SignerNIF != "" {
		who += " (NIF " + s.SignerNIF + ")"
	}
	var msg string
	if v.Valid() {
		msg = fmt.Sprintf("Firma %s válida de %s.", kind, who)
	} else {
		msg = fmt.Sprintf("Firma %s de %s: %s.", kind, who, v.Verdict())
	}
	lines := append([]string{msg}, v.Checks()...)
	if n > 1 {
		lines = append(lines, fmt.Sprintf("El PDF contiene %d firmas; se ha comprobado esta.", n))
	}
	if len(generated) > 0 && !bytes.HasPrefix(data, generated) {
		lines = append(lines, "Atención: el PDF firmado no parte del documento generado por Concejo; compruebe que es la solicitud correcta.")
	}
	return strings.Join(lines, "\n")
}

func nonBlank(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// uploadSigned records the mayor's signed document: state firmada. It
// returns the validation of its signature and the account of it.
func (m *Module) uploadSigned(ctx context.Context, a *auth.Actor, adhesionID string, data []byte) (pdf.Verification, string, error) {
	ad, err := m.get(ctx, a, adhesionID)
	if err != nil {
		return pdf.Verification{}, "", err
	}
	if err := m.check(ctx, a, stepUpload, ad); err != nil {
		return pdf.Verification{}, "", err
	}
	gen, err := loadDocument(ctx, m.kit.DB, ad.EntityID, ad.ID, "generado")
	if err != nil && !isNotFound(err) {
		return pdf.Verification{}, "", err
	}
	v, err := m.kit.SignatureVerifier()
	if err != nil {
		return pdf.Verification{}, "", err
	}
	ver, detail, err := signedUpload(ctx, v, data, gen.Content)
	if err != nil {
		return ver, "", err
	}
	now := nowUTC()
	cols := map[string]any{"signed_at": now, "signed_by": a.UserID, "signer_name": ver.Signature.SignerName,
		"signer_nif": ver.Signature.SignerNIF, "signature_detail": detail, "signature_valid": ver.Valid()}
	_, err = m.apply(ctx, a, adhesionID, stepUpload, cols, nil, func(tx *sql.Tx, ad Adhesion) error {
		return insertDocument(ctx, tx, ad.EntityID, ad.ID, newDocument("firmado", ad.Number+"-firmado.pdf", data, a.UserID, now))
	})
	return ver, detail, err
}

// documentOf returns a stored document of an adhesion the actor can see.
func (m *Module) documentOf(ctx context.Context, a *auth.Actor, adhesionID, kind string) (document, error) {
	ad, err := m.get(ctx, a, adhesionID)
	if err != nil {
		return document{}, err
	}
	return loadDocument(ctx, m.kit.DB, ad.EntityID, ad.ID, kind)
}
