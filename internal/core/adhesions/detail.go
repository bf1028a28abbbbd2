package adhesions

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"concejo/internal/platform/audit"
	"concejo/internal/platform/auth"
)

// event is one step of an adhesion's history.
type event struct {
	At     time.Time
	Who    string
	What   string
	Detail string
}

// actionLabels name the audited steps of an adhesion.
var actionLabels = map[string]string{
	"adhesion.solicitar": "Solicitud de adhesión y documento generado",
	"adhesion.firmar":    "Documento firmado incorporado",
	"adhesion.aprobar":   "Adhesión aprobada: activa",
	"adhesion.rechazar":  "Solicitud rechazada",
	"adhesion.finalizar": "Adhesión finalizada",
	"adhesion.anular":    "Solicitud anulada",
}

// detailData is what /adhesiones/{id} shows.
type detailData struct {
	A          Adhesion
	StateLabel string
	Quantity   string
	Generated  *document
	Signed     *document
	// Verdict and Checks are the signature's validation (signature_detail),
	// Warnings its lines that call for attention, without "Atención:".
	Verdict  string
	Checks   []string
	Warnings []string
	// Unvalidated: signed, pending approval, but its signature was not
	// fully validated, so it cannot be approved.
	Unvalidated bool
	History     []event
	FromRecord  bool
	Can         Actions
	AnyAction   bool
	VerifyURL   string
	Conditions  Conditions
}

// detail gathers an adhesion's page: dates, actors, documents, history and
// what the actor may do.
func (m *Module) detail(ctx context.Context, a *auth.Actor, adhesionID string) (detailData, error) {
	var d detailData
	ad, err := m.get(ctx, a, adhesionID)
	if err != nil {
		return d, err
	}
	d.A, d.StateLabel = ad, stateLabels[ad.State]
	d.Quantity = quantityText(ad.UnitLabel, ad.Quantity)
	if d.Can, err = m.actionsFor(ctx, a, ad); err != nil {
		return d, err
	}
	d.AnyAction = d.Can.Upload || d.Can.Approve || d.Can.Reject || d.Can.Finish || d.Can.Annul
	d.VerifyURL = m.verifyURL(ad.CSV)
	d.Verdict, d.Checks, d.Warnings = signatureView(ad.SignatureDetail)
	d.Unvalidated = ad.State == StateSigned && !ad.SignatureValid
	docs, err := documentKinds(ctx, m.kit.DB, ad.EntityID, ad.ID)
	if err != nil {
		return d, err
	}
	if g, ok := docs["generado"]; ok {
		d.Generated = &g
	}
	if s, ok := docs["firmado"]; ok {
		d.Signed = &s
	}
	if d.Conditions, err = conditionsVersion(ctx, m.kit.DB, ad.ServiceCode, ad.ConditionsVersion); err != nil && !isNotFound(err) {
		return d, err
	}
	recs, err := audit.List(ctx, m.kit.DB, audit.Filter{EntityID: ad.EntityID, ObjectType: "adhesion", ObjectID: ad.ID, Limit: 500})
	if err != nil {
		return d, err
	}
	slices.Reverse(recs)
	for _, r := range recs {
		d.History = append(d.History, historyEvent(r))
	}
	if len(d.History) == 0 {
		d.History, d.FromRecord = recordHistory(ad), true
	}
	return d, nil
}

// attention starts the lines of a signature's account that call for attention.
const attention = "Atención: "

// signatureView splits the account of a signature into its verdict (first
// line), its checks, and the checks that call for attention.
func signatureView(detail string) (verdict string, checks, warnings []string) {
	lines := strings.Split(detail, "\n")
	for _, l := range lines[1:] {
		checks = append(checks, l)
		if w, ok := strings.CutPrefix(l, attention); ok {
			warnings = append(warnings, w)
		}
	}
	// Accounts written before the checks were listed keep their warnings inline.
	if _, w, ok := strings.Cut(lines[0], attention); ok && len(lines) == 1 {
		warnings = append(warnings, w)
	}
	return lines[0], checks, warnings
}

// firstLine is the verdict of a signature's account, for the history.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// recordHistory rebuilds the steps from the adhesion's own dates, for
// adhesions made before the audit log existed (imported or demo data).
func recordHistory(ad Adhesion) []event {
	evs := []event{{At: ad.RequestedAt, Who: ad.RequestedByName, What: actionLabels["adhesion.solicitar"], Detail: "Número " + ad.Number}}
	if !ad.SignedAt.IsZero() {
		evs = append(evs, event{At: ad.SignedAt, Who: ad.SignedByName, What: actionLabels["adhesion.firmar"], Detail: firstLine(ad.SignatureDetail)})
	}
	if !ad.DecidedAt.IsZero() {
		what := actionLabels["adhesion.aprobar"]
		if ad.State == StateRejected {
			what = actionLabels["adhesion.rechazar"]
		}
		evs = append(evs, event{At: ad.DecidedAt, Who: ad.DecidedByName, What: what, Detail: ad.DecisionReason})
	}
	if !ad.EndedAt.IsZero() {
		what := actionLabels["adhesion.finalizar"]
		if ad.State == StateAnnulled {
			what = actionLabels["adhesion.anular"]
		}
		evs = append(evs, event{At: ad.EndedAt, Who: ad.EndedByName, What: what, Detail: ad.EndReason})
	}
	return evs
}

func historyEvent(r audit.Record) event {
	ev := event{At: r.At, Who: r.ActorName, What: actionLabels[r.Action]}
	if ev.What == "" {
		ev.What = r.Action
	}
	var after map[string]any
	if json.Unmarshal([]byte(r.AfterJSON), &after) == nil {
		for _, k := range []string{"decision_reason", "end_reason", "signature_detail"} {
			if s, ok := after[k].(string); ok && s != "" {
				ev.Detail = s
				if k == "signature_detail" {
					ev.Detail = firstLine(s) // its verdict; the checks are under «Firma»
				}
			}
		}
		if n, ok := after["number"].(string); ok && ev.Detail == "" {
			ev.Detail = "Número " + n
		}
	}
	return ev
}
