package registry

import (
	"context"
	"database/sql"
	"strings"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/registry/sicres"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/web"
)

// interchangeFor loads an interchange of the actor's current entity (404
// when there is none), 403 unless he holds PermWrite.
func (m *Module) interchangeFor(ctx context.Context, a *auth.Actor, iid string) (interchange, []byte, error) {
	var content []byte
	i, err := scanInterchangeWith(m.kit.DB.QueryRowContext(ctx, `SELECT `+interchangeColumns+`, content
		FROM registry_interchanges WHERE entity_id = $1 AND id = $2`, a.Entity.ID, iid), &content)
	if err != nil {
		return i, nil, db.NotFound(err)
	}
	if err := m.kit.Access.RequireHere(ctx, a, PermWrite); err != nil {
		return i, nil, err
	}
	return i, content, nil
}

// pendingReceived loads a received interchange that waits for a decision.
func (m *Module) pendingReceived(ctx context.Context, a *auth.Actor, iid, verb string) (interchange, *sicres.Fichero, directory.Entity, error) {
	var ent directory.Entity
	it, content, err := m.interchangeFor(ctx, a, iid)
	if err != nil {
		return it, nil, ent, err
	}
	if it.Direction != "recibido" || it.State != "recibido" {
		return it, nil, ent, errs.New(errs.Conflict, "Solo se "+verb+" intercambios recibidos pendientes.")
	}
	f, err := sicres.Parse(content, m.now(), web.Madrid)
	if err != nil {
		return it, nil, ent, errs.New(errs.Conflict, "El fichero de este intercambio no es un SICRES 3.0 válido: "+err.Error())
	}
	ent, err = directory.EntityByID(ctx, m.kit.DB, a.Entity.ID)
	return it, f, ent, err
}

// acceptSIR registers a received interchange as an entrada of the book,
// marks it 'aceptado' and answers the origin with a CONFIRMACION carrying
// the entrada's number and date, in one transaction.
func (m *Module) acceptSIR(ctx context.Context, a *auth.Actor, iid, unitID string) (Entry, error) {
	it, f, ent, err := m.pendingReceived(ctx, a, iid, "aceptan")
	if err != nil {
		return Entry{}, err
	}
	office, _ := m.office(ctx, ent)
	in, notes := fromFichero(a.Entity.ID, f)
	in.By, in.UnitID = a.UserID, unitID
	var confirmation []byte
	in.inTx = func(tx *sql.Tx, e *entryRow) error {
		res, err := tx.ExecContext(ctx, `UPDATE registry_interchanges SET state = 'aceptado', entry_id = $1, decided_at = $2,
			decided_by = $3, updated_at = $2 WHERE entity_id = $4 AND id = $5 AND state = 'recibido'`,
			e.ID, e.RegisteredAt, a.Name, a.Entity.ID, it.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.New(errs.Conflict, "El intercambio ya se había aceptado o rechazado.")
		}
		note := "Recibido por SIR: intercambio " + f.Control.IdentificadorIntercambio + ", número de origen " +
			f.Origen.NumeroRegistro + " de " + f.Origen.FechaHora + "."
		if len(notes) > 0 {
			note += " No se han podido conservar: " + strings.Join(notes, "; ") + "."
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO registry_annotations (entity_id, entry_id, id, kind, body,
			created_at, created_by, by_name) VALUES ($1, $2, $3, 'nota', $4, $5, $6, $7)`,
			a.Entity.ID, e.ID, id.New(), cut(note, 2000), e.RegisteredAt, a.UserID, a.Name); err != nil {
			return err
		}
		msg := sicres.Mensaje{CodigoEntidadOrigen: office, CodigoEntidadDestino: it.OfficeCode,
			IdentificadorIntercambio: it.ExchangeID, TipoMensaje: sicres.MensajeConfirmacion,
			Descripcion: "Registrado como " + e.Number, NumeroRegistroDestino: e.Number,
			FechaHoraDestino: e.RegisteredAt.In(web.Madrid).Format(sicres.DateLayout), IndicadorPrueba: f.Control.IndicadorPrueba}
		if confirmation, err = msg.Marshal(); err != nil {
			return err
		}
		if err := addMessage(ctx, tx, a.Entity.ID, it.ID, message{Direction: "enviado", Kind: "confirmacion",
			Description: msg.Descripcion, CreatedAt: e.RegisteredAt}, confirmation); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, interchangeChange(a.Entity.ID, "registro.sir.aceptar", it.ID,
			map[string]any{"intercambio": it.ExchangeID, "asiento": e.Number}))
	}
	e, err := m.registerAs(ctx, a, in)
	if err == nil {
		m.transmitMessage(ctx, confirmation, false)
	}
	return e, err
}

// rejectSIR rejects a received interchange with a reason and returns the
// file to the origin as a rechazo (Tipo_Anotacion 04).
func (m *Module) rejectSIR(ctx context.Context, a *auth.Actor, iid, reason string) error {
	it, f, _, err := m.pendingReceived(ctx, a, iid, "rechazan")
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	var fe errs.Fields
	textLimit(&fe, "motivo", "El motivo del rechazo", reason, 80-len("Rechazo: "), true)
	if err := fe.Err(); err != nil {
		return err
	}
	f.Control.TipoAnotacion, f.Control.DescripcionTipoAnotacion = "04", "Rechazo: "+reason
	f.Control.AplicacionVersion = AppVersion
	data, err := sicres.Marshal(f, m.now(), web.Madrid)
	if err != nil {
		return err
	}
	return m.decideReceived(ctx, a, it, "rechazado", reason, "rechazo", data, "registro.sir.rechazar", "")
}

// forwardSIR sends a received interchange that is not for the entity on
// to the registry office of another unit (reenvío, Tipo_Anotacion 03).
func (m *Module) forwardSIR(ctx context.Context, a *auth.Actor, iid, unitCode, reason string) error {
	it, f, _, err := m.pendingReceived(ctx, a, iid, "reenvían")
	if err != nil {
		return err
	}
	var fe errs.Fields
	reason = strings.TrimSpace(reason)
	textLimit(&fe, "motivo_reenvio", "El motivo del reenvío", reason, 80-len("Reenvío: "), true)
	unitCode = strings.ToUpper(strings.TrimSpace(unitCode))
	if unitCode == "" {
		fe.Add("destino", "Elija la unidad a la que se reenvía.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	if m.Directory == nil {
		return fieldError("destino", "El directorio DIR3 no está disponible: no se puede elegir la oficina de destino.")
	}
	u, err := m.Directory.Unit(ctx, unitCode)
	if err != nil {
		return fieldError("destino", "La unidad "+unitCode+" no está en el directorio DIR3.")
	}
	if !u.Valid() {
		return fieldError("destino", "La unidad "+u.Name+" ("+u.Code+") ya no está vigente en el directorio DIR3.")
	}
	o, err := m.Directory.SIROffice(ctx, u.Code)
	if err != nil {
		return fieldError("destino", err.Error())
	}
	f.Destino = sicres.Destino{CodigoEntidadRegistral: o.Code, DecodificacionEntidad: optional(o.Name, 80),
		CodigoUnidadTramitacion: u.Code, DecodificacionUnidadDestino: optional(u.Name, 80)}
	f.Control.TipoAnotacion, f.Control.DescripcionTipoAnotacion = "03", "Reenvío: "+reason
	f.Control.AplicacionVersion = AppVersion
	data, err := sicres.Marshal(f, m.now(), web.Madrid)
	if err != nil {
		return err
	}
	return m.decideReceived(ctx, a, it, "reenviado", reason+" (a "+u.Name+", "+o.Code+")", "reenvio", data,
		"registro.sir.reenviar", o.Code)
}

// decideReceived closes a received interchange as rejected or forwarded
// with the file that goes out, and transmits it.
func (m *Module) decideReceived(ctx context.Context, a *auth.Actor, it interchange, state, reason, kind string,
	data []byte, action, to string) error {
	now := m.now().UTC()
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE registry_interchanges SET state = $1, reason = $2, decided_at = $3,
			decided_by = $4, updated_at = $3 WHERE entity_id = $5 AND id = $6 AND state = 'recibido'`,
			state, reason, now, a.Name, a.Entity.ID, it.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.New(errs.Conflict, "El intercambio ya se había aceptado, rechazado o reenviado.")
		}
		if err := addMessage(ctx, tx, a.Entity.ID, it.ID, message{Direction: "enviado", Kind: kind, Description: reason,
			CreatedAt: now}, data); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, interchangeChange(a.Entity.ID, action, it.ID,
			map[string]any{"intercambio": it.ExchangeID, "motivo": reason, "destino": to}))
	})
	if err == nil {
		m.transmitMessage(ctx, data, true)
	}
	return err
}
