package signflow

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/pdf"
)

// demoDocs are the documents a town hall sends to its portafirmas, with
// their kind, their text and whether their circuit starts with a visto
// bueno; the demo leaves them waiting in the inboxes (signatures need the
// platform's keys, which the loader does not hold) and one rejected.
var demoDocs = []struct {
	title, kind, text string
	approval          bool
}{
	{"Decreto de aprobación de la relación de facturas F/%d/%03d", "resolucion", "Vistas las facturas conformadas por los servicios, RESUELVO aprobar la relación de facturas y reconocer las obligaciones.", true},
	{"Certificado del acuerdo del Pleno sobre la cuenta general de %d (sesión n.º %d)", "certificado", "CERTIFICO que el Pleno, en sesión ordinaria, aprobó la cuenta general del ejercicio.", true},
	{"Convenio de colaboración con la Asociación Cultural para el programa de %d (n.º %d)", "contrato", "Reunidos el Ayuntamiento y la Asociación, acuerdan colaborar en el programa cultural anual.", true},
	{"Informe de Intervención sobre la modificación presupuestaria %d/%d", "informe", "Se informa favorablemente la modificación presupuestaria por generación de créditos.", false},
}

// LoadDemo sends a few documents of every entity adhered to the
// portafirmas to their circuits: waiting for a visto bueno or a signature,
// and one rejected with its reason. It writes nothing when there are
// requests already.
func LoadDemo(ctx context.Context, d *db.DB, opts kit.DemoOptions) error {
	var n int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM signflow_requests`).Scan(&n); err != nil || n > 0 {
		return err
	}
	ents, err := directory.AdheredEntities(ctx, d, Service, directory.ByID)
	if err != nil {
		return fmt.Errorf("portafirmas: entidades adheridas: %w", err)
	}
	now := opts.At()
	return d.Tx(ctx, func(tx *sql.Tx) error {
		for i, e := range ents {
			if err := demoEntity(ctx, tx, e, rand.New(rand.NewPCG(20261207, uint64(i))), now); err != nil {
				return fmt.Errorf("portafirmas: demostración de %s: %w", e.Name, err)
			}
		}
		return nil
	})
}

// demoEntity sends an entity's demo documents: its authors are the holders
// of the redactor's role, its signers every holder of a role.
func demoEntity(ctx context.Context, tx *sql.Tx, e directory.Entity, rng *rand.Rand, now time.Time) error {
	holders, err := directory.RoleHolders(ctx, tx, e.ID, Service)
	if err != nil {
		return err
	}
	members, err := directory.Members(ctx, tx, directory.MemberFilter{Entities: []string{e.ID}, Active: true}, directory.BySurnames)
	if err != nil {
		return err
	}
	var authors, signers []directory.Member
	for _, mb := range members {
		roles := holders[mb.ID]
		if len(roles) == 0 {
			continue
		}
		signers = append(signers, mb)
		if slices.Contains(roles, RoleAuthor) || slices.Contains(roles, RoleAdmin) {
			authors = append(authors, mb)
		}
	}
	if len(authors) == 0 || len(signers) < 2 {
		return nil
	}
	// The mayor's office signs resolutions and contracts, the secretary
	// certificates and reports; the other gives the visto bueno.
	slices.SortStableFunc(signers, func(a, b directory.Member) int { return signingRank(b) - signingRank(a) })
	for k, doc := range demoDocs {
		author := authors[rng.IntN(len(authors))]
		at := now.Add(-time.Duration(1+rng.IntN(96)) * time.Hour)
		title := fmt.Sprintf(doc.title, now.Year(), 1+rng.IntN(120))
		content, err := pdf.Render(pdf.Document{Issuer: e.Name, Title: title, Paragraphs: []string{doc.text}, Date: at})
		if err != nil {
			return err
		}
		r := Request{EntityID: e.ID, ID: id.New(), Title: title, Kind: doc.kind, State: StateCirculating, Version: 1,
			CurrentStep: 1, FileName: "documento.pdf", ContentType: "application/pdf", Content: content, AuthorID: author.ID,
			AuthorName: author.Name(), CreatedAt: at, UpdatedAt: at}
		signer, other := signers[k%2], signers[1-k%2]
		if doc.approval {
			r.Signers = append(r.Signers, Signer{Step: 1, Position: 1, Action: ActionApprove, Mode: ModeAll, UserID: other.ID,
				UserName: other.Name(), Post: other.JobTitle, State: SignerPending})
		}
		r.Signers = append(r.Signers, Signer{Step: len(r.Signers) + 1, Position: 1, Action: ActionSign, Mode: ModeAll,
			UserID: signer.ID, UserName: signer.Name(), Post: signer.JobTitle, State: SignerPending})
		if err := insertRequest(ctx, tx, r); err != nil {
			return err
		}
		ev := Event{At: at, ActorID: author.ID, ActorName: author.Name(), What: "Enviado a la firma", Detail: circuitSummary(r.Signers)}
		if err := addEvent(ctx, tx, r, ev); err != nil {
			return err
		}
		if k == len(demoDocs)-1 { // the last one came back rejected
			if err := demoReject(ctx, tx, r, at.Add(2*time.Hour)); err != nil {
				return err
			}
		}
	}
	return nil
}

// signingRank puts who signs first: the mayor's office, then the
// secretary, then the rest.
func signingRank(m directory.Member) int {
	switch post := strings.ToLower(m.JobTitle); {
	case strings.Contains(post, "alcald"):
		return 2
	case strings.Contains(post, "secretari"):
		return 1
	}
	return 0
}

// demoReject rejects a demo request at its last step, with a reason.
func demoReject(ctx context.Context, tx *sql.Tx, r Request, at time.Time) error {
	s := r.Signers[len(r.Signers)-1]
	s.State, s.ActedAt, s.ActedBy, s.ActedByName = SignerRejected, &at, s.UserID, s.UserName
	for _, x := range r.Signers[:len(r.Signers)-1] {
		x.State, x.ActedAt, x.ActedBy, x.ActedByName = SignerApproved, &at, x.UserID, x.UserName
		if err := saveSigner(ctx, tx, r, x); err != nil {
			return err
		}
	}
	if err := saveSigner(ctx, tx, r, s); err != nil {
		return err
	}
	reason := "Falta la firma del técnico que conforma el informe y la fecha de la propuesta."
	r.State, r.RejectReason, r.RejectedBy, r.FinishedAt, r.UpdatedAt = StateRejected, reason, s.UserName, &at, at
	r.CurrentStep = s.Step
	if err := saveRequest(ctx, tx, r); err != nil {
		return err
	}
	return addEvent(ctx, tx, r, Event{At: at, ActorID: s.UserID, ActorName: s.UserName, What: "Rechazado", Detail: reason})
}
