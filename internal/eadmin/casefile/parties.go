package casefile

import (
	"context"
	"database/sql"
	"slices"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
)

// AddParty adds an interesado or a representante (of an interesado
// already in the expediente) and links it to its tercero.
func (m *Module) AddParty(ctx context.Context, a *auth.Actor, entityID, fileID string, p Party) error {
	fe := errs.Fields{}
	if len([]rune(p.Name)) < 2 || len([]rune(p.Name)) > 200 {
		fe.Add("nombre", "Escriba el nombre o la razón social (de 2 a 200 caracteres).")
	}
	if !slices.Contains([]string{"interesado", "representante"}, p.Role) {
		fe.Add("papel", "Indique si es interesado o representante.")
	}
	if !slices.Contains([]string{"electronica", "papel"}, p.Channel) {
		fe.Add("canal", "Indique cómo se le notifica: electrónicamente o en papel.")
	}
	if p.Obliged && p.Channel == "papel" {
		fe.Add("canal", "Quien está obligado a relacionarse electrónicamente (art. 14.2) no puede ser notificado en papel.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return m.change(ctx, a, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		people, err := partiesOf(ctx, tx, entityID, fileID)
		if err != nil {
			return "", err
		}
		p.Pos, p.AddedAt = len(people)+1, m.kit.Now()
		if p.Role == "representante" {
			// Art. 5: he acts for the first interesado unless told otherwise.
			for _, x := range people {
				if x.Role == "interesado" && p.Represents == 0 {
					p.Represents = x.Pos
				}
			}
			if p.Represents == 0 {
				return "", fieldErr("papel", "Añada primero el interesado al que representa.")
			}
		}
		if p.PartyID, err = m.tercero(ctx, tx, entityID, p); err != nil {
			return "", err
		}
		if err := insertParty(ctx, tx, *f, p); err != nil {
			return "", err
		}
		if f.FirstParty == "" && p.Role == "interesado" {
			f.FirstParty = p.Name
		}
		return "Se añade " + p.Role + ": " + p.Name + ".", nil
	})
}
