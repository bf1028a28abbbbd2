package casefile

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
	"concejo/internal/portal"
)

// Publish publishes an issued document of the expediente (its text) on the
// entity's tablón de anuncios as kind (Edicto, Anuncio, Información
// pública…) for n units (días hábiles, días naturales or meses), and
// records it in the history with the tablón's number and dates. When the
// document belongs to a trámite of información pública, that trámite runs
// from the publication to the end of the exposure. It returns the
// tablón's number.
func (m *Module) Publish(ctx context.Context, a *auth.Actor, entityID, fileID, docID, kind string, n int, unit string) (string, error) {
	if m.Tablon == nil {
		return "", errs.New(errs.Unavailable, "El tablón de anuncios no está disponible.")
	}
	f, err := fileByID(ctx, m.kit.DB, entityID, fileID)
	if err != nil {
		return "", err
	}
	if !notifiable(f.State) {
		return "", errs.New(errs.Conflict, "El expediente "+f.Number+" está archivado.")
	}
	d, err := m.lastVersion(ctx, m.kit.DB, entityID, fileID, docID)
	if err != nil {
		return "", err
	}
	if d.Status != "emitido" || d.Body == "" {
		return "", errs.New(errs.Conflict, "Solo se publica el texto de un documento emitido desde una plantilla.")
	}
	e, err := m.Tablon.PublishEdict(ctx, a, portal.EdictForm{Kind: kind, Title: d.Name + " (expediente " + f.Number + ")",
		Body: d.Body, Period: n, Unit: unit})
	if err != nil {
		return "", err
	}
	err = m.changeWhile(ctx, a, entityID, fileID, notifiable, func(tx *sql.Tx, f *File) (string, error) {
		if d.TaskID != "" {
			t, err := taskByID(ctx, tx, entityID, fileID, d.TaskID)
			if err != nil {
				return "", err
			}
			if t.Kind == StepPublicInfo && t.State == "pendiente" {
				t.State, t.StartedAt, t.DueAt = "en_curso", e.PublishAt, e.WithdrawAt
				if err := updateTask(ctx, tx, t); err != nil {
					return "", err
				}
			}
		}
		return fmt.Sprintf("Publicado en el tablón de anuncios: %s %s, «%s», del %s al %s.", e.Kind, e.Number, d.Name,
			day(e.PublishAt), day(e.WithdrawAt)), nil
	})
	return e.Number, err
}

// MinorContract is a contrato menor as its expediente publishes it.
type MinorContract struct {
	Type, Awardee, CPV string
	AmountCents        int64
}

// PublishContract publishes the contrato menor of an expediente on the
// entity's perfil del contratante (art. 63.4 Ley 9/2017: at least
// quarterly), with the expediente's number and subject, and records it in
// the history.
func (m *Module) PublishContract(ctx context.Context, a *auth.Actor, entityID, fileID string, c MinorContract) error {
	if m.Tablon == nil {
		return errs.New(errs.Unavailable, "El perfil del contratante no está disponible.")
	}
	f, err := fileByID(ctx, m.kit.DB, entityID, fileID)
	if err != nil {
		return err
	}
	if c.AmountCents <= 0 {
		return fieldErr("importe", "Escriba el importe de adjudicación (IVA excluido), en euros.")
	}
	_, err = m.Tablon.PublishContract(ctx, a, portal.TenderForm{FolderID: f.Number, Title: f.Subject, ContractType: c.Type,
		Minor: true, AwardCents: c.AmountCents, Awardee: c.Awardee, CPV: c.CPV})
	if err != nil {
		return err
	}
	return m.changeWhile(ctx, a, entityID, fileID, notifiable, func(tx *sql.Tx, f *File) (string, error) {
		return fmt.Sprintf("Publicado en el perfil del contratante: contrato menor de %s adjudicado a %s por %s.",
			strings.ToLower(c.Type), c.Awardee, web.Euros(c.AmountCents)), nil
	})
}
