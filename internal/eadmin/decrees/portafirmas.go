package decrees

import (
	"context"
	"database/sql"
	"fmt"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/signflow"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/pdf"
)

// SourceType is how the portafirmas names resolutions.
const SourceType = "resolucion"

// errInCircuit is changing a draft while the portafirmas has it.
var errInCircuit = errs.New(errs.Conflict, "La propuesta está en el portafirmas: para cambiarla, pida que la rechacen o retírela de la firma.")

// inCircuit reports whether the draft's document is being signed.
func (m *Module) inCircuit(ctx context.Context, entityID, id string) (signflow.Status, bool, error) {
	if m.Signflow == nil {
		return signflow.Status{}, false, nil
	}
	st, ok, err := m.Signflow.BySource(ctx, entityID, SourceType, id)
	return st, ok && st.Open(), err
}

// Document renders a draft as the PDF that goes to the portafirmas, with
// a CSV drawn now (signflow.Source).
func (m *Module) Document(ctx context.Context, entityID, id string) (signflow.SourceDocument, error) {
	d, err := decreeByID(ctx, m.kit.DB, entityID, id)
	if err != nil {
		return signflow.SourceDocument{}, err
	}
	if d.Signed() {
		return signflow.SourceDocument{}, errSigned
	}
	if _, open, err := m.inCircuit(ctx, entityID, id); err != nil || open {
		return signflow.SourceDocument{}, cmpErr(err, errs.New(errs.Conflict, "La propuesta ya está en el portafirmas."))
	}
	ent, err := directory.EntityByID(ctx, m.kit.DB, entityID)
	if err != nil {
		return signflow.SourceDocument{}, err
	}
	rect := ""
	if d.RectifiesID != "" {
		r, err := decreeByID(ctx, m.kit.DB, entityID, d.RectifiesID)
		if err != nil {
			return signflow.SourceDocument{}, err
		}
		rect = r.Number
	}
	d.CSV = csvdoc.NewCode()
	content, err := pdf.Render(m.pdfDocument(ent, d, rect))
	if err != nil {
		return signflow.SourceDocument{}, fmt.Errorf("resoluciones: generar el PDF de la propuesta %s: %w", d.ID, err)
	}
	return signflow.SourceDocument{Title: "Resolución: " + d.Summary, Kind: "resolucion", FileName: "propuesta-resolucion.pdf",
		Content: content, CSV: d.CSV}, nil
}

func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// CircuitSigned numbers and dates the resolution when its last signature
// is made, and issues the signed PDF as its document (signflow.Source).
func (m *Module) CircuitSigned(ctx context.Context, tx *sql.Tx, r signflow.Request) error {
	last := r.LastSigner()
	by := &auth.Actor{UserID: last.ActedBy, Name: last.ActedByName}
	_, err := m.signTx(ctx, tx, by, r.EntityID, r.SourceID, Signature{Kind: KindElectronic, SignerName: last.ActedByName,
		SignerPost: last.Post, SignedOn: m.kit.Now(), CSV: r.CSV, Document: r.Content})
	return err
}

// CircuitEvent passes what happens in the circuit of a resolution of an
// expediente to the expediente's history (signflow.Source); a rejected
// draft stays as it is, for its author to correct and send again.
func (m *Module) CircuitEvent(ctx context.Context, tx *sql.Tx, r signflow.Request, text string) error {
	if m.OnCircuit == nil {
		return nil
	}
	d, err := decreeByID(ctx, tx, r.EntityID, r.SourceID)
	if err != nil || d.CaseID == "" {
		return err
	}
	return m.OnCircuit(ctx, tx, d, text)
}
