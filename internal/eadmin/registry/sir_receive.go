package registry

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/registry/sicres"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/web"
)

// The reception of what SIR brings to an entity — by the clerk's upload
// or from the CIR's web services — follows the SIR rules:
//   - an interchange file is checked (schema, SICRES rules, that it is
//     addressed to the entity); a file refused is kept as 'invalido' and
//     answered with an ERROR message carrying its code;
//   - a file accepted for study waits as 'recibido' and is answered with
//     an ACK; accepting it registers an entrada and answers a
//     CONFIRMACION, rejecting it returns the file as a rechazo (04);
//   - a rechazo (04) of an interchange the entity sent brings that
//     interchange back ('devuelto', with the reason): never a new entry;
//   - ACK, CONFIRMACION and ERROR messages move the interchange the entity
//     sent ('entregado', 'confirmado', 'error');
//   - the same file or message received twice changes nothing: an
//     interchange is identified by its Identificador_Intercambio.

// received is what became of a file or message received.
type received struct {
	// ID is the interchange it was filed under ("" when none).
	ID string
	// Again is true when it had been received already (nothing changed).
	Again bool
	// Flash tells the clerk what happened.
	Flash string
}

// receive takes a file or message received for ent. A refusal is an
// errs.Invalid error whose received.ID, when not empty, is the refused
// file kept with its ERROR message.
func (m *Module) receive(ctx context.Context, a *auth.Actor, ent directory.Entity, data []byte) (received, error) {
	switch rootOf(data) {
	case "De_Mensaje":
		return m.receiveMessage(ctx, a, ent, data)
	case "Fichero_Intercambio_SICRES_3":
		return m.receiveFile(ctx, a, ent, data)
	}
	return received{}, errs.New(errs.Invalid, "El fichero no es un fichero de intercambio SICRES 3.0 ni un mensaje de SIR (De_Mensaje).")
}

// rootOf is the name of the first element of an XML document ("" when it
// is not one).
func rootOf(data []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for range 64 {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local
		}
	}
	return ""
}

// receiveFile takes an interchange file.
func (m *Module) receiveFile(ctx context.Context, a *auth.Actor, ent directory.Entity, data []byte) (received, error) {
	now := m.now().UTC()
	office, _ := m.office(ctx, ent)
	f, err := sicres.Parse(data, m.now(), web.Madrid)
	if err != nil {
		return m.refuse(ctx, a, ent, data, err)
	}
	xid := f.Control.IdentificadorIntercambio
	if f.Control.TipoAnotacion == "04" {
		return m.receiveReturn(ctx, a, ent, f, data)
	}
	ours, err := m.isOurs(ctx, ent, office, f.Destino.CodigoEntidadRegistral)
	if err == nil && ours && f.Destino.CodigoUnidadTramitacion != "" {
		ours, err = m.isOurs(ctx, ent, office, f.Destino.CodigoUnidadTramitacion)
	}
	if err != nil {
		return received{}, err
	}
	if !ours {
		return m.refuse(ctx, a, ent, data, &sicres.Error{Code: sicres.CodeUnreachable,
			Msg: "El fichero va dirigido a la oficina " + f.Destino.CodigoEntidadRegistral + web.Join(" ", "", f.Destino.CodigoUnidadTramitacion) +
				", que no es de " + ent.Name + " (" + office + ")."})
	}
	prev, prevContent, err := interchangeByExchange(ctx, m.kit.DB, ent.ID, "recibido", xid)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return received{}, err
	}
	found := err == nil
	kind := "envio"
	if f.Control.TipoAnotacion == "03" {
		kind = "reenvio"
	}
	if found && (sameFile(prevContent, data) || prev.State == "recibido" || prev.State == "aceptado") {
		return received{ID: prev.ID, Again: true, Flash: "Ese intercambio (" + xid + ") ya se había recibido: no se ha anotado de nuevo."}, nil
	}
	ack := sicres.Mensaje{CodigoEntidadOrigen: office, CodigoEntidadDestino: f.Origen.CodigoEntidadRegistral,
		IdentificadorIntercambio: xid, TipoMensaje: sicres.MensajeACK, Descripcion: "Recibido",
		IndicadorPrueba: f.Control.IndicadorPrueba}
	ackData, err := ack.Marshal()
	if err != nil {
		return received{}, err
	}
	iid := prev.ID
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if found {
			// Rejected or forwarded before, and sent again: it waits anew.
			if _, err := tx.ExecContext(ctx, `UPDATE registry_interchanges SET state = 'recibido', reason = '', error_code = '',
				annotation = $1, content = $2, summary = $3, updated_at = $4 WHERE entity_id = $5 AND id = $6`,
				f.Control.TipoAnotacion, data, f.Asunto.Resumen, now, ent.ID, iid); err != nil {
				return err
			}
		} else {
			iid = id.New()
			if _, err := tx.ExecContext(ctx, `INSERT INTO registry_interchanges (entity_id, id, direction, exchange_id, state,
				annotation, office_code, office_name, unit_code, unit_name, origin_number, summary, test, content, created_at,
				created_by, updated_at) VALUES ($1, $2, 'recibido', $3, 'recibido', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
				$14, $13)`, ent.ID, iid, xid, f.Control.TipoAnotacion, f.Origen.CodigoEntidadRegistral,
				f.Origen.DecodificacionEntidad, f.Origen.CodigoUnidadTramitacion, f.Origen.DecodificacionUnidadOrigen,
				f.Origen.NumeroRegistro, f.Asunto.Resumen, f.Control.IndicadorPrueba == "1", data, now, a.UserID); err != nil {
				return err
			}
		}
		if err := addMessage(ctx, tx, ent.ID, iid, message{Direction: "recibido", Kind: kind, CreatedAt: now}, data); err != nil {
			return err
		}
		if err := addMessage(ctx, tx, ent.ID, iid, message{Direction: "enviado", Kind: "ack", CreatedAt: now}, ackData); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, interchangeChange(ent.ID, "registro.sir.recibir", iid,
			map[string]any{"intercambio": xid, "origen": f.Origen.CodigoEntidadRegistral, "anotacion": f.Control.TipoAnotacion}))
	})
	if err != nil {
		return received{}, err
	}
	m.transmitMessage(ctx, ackData, false)
	return received{ID: iid, Flash: "Intercambio recibido: revíselo y acéptelo o rechácelo."}, nil
}

// sameFile says whether two files are the same bytes.
func sameFile(a, b []byte) bool { return sha256.Sum256(a) == sha256.Sum256(b) }

// receiveReturn takes a rechazo (04): the interchange the entity sent
// comes back to the clerk with the reason.
func (m *Module) receiveReturn(ctx context.Context, a *auth.Actor, ent directory.Entity, f *sicres.Fichero, data []byte) (received, error) {
	xid := f.Control.IdentificadorIntercambio
	sent, _, err := interchangeByExchange(ctx, m.kit.DB, ent.ID, "enviado", xid)
	if errors.Is(err, db.ErrNotFound) {
		return m.refuse(ctx, a, ent, data, &sicres.Error{Code: sicres.CodeEntry,
			Msg: "El fichero es el rechazo del intercambio " + xid + ", que " + ent.Name + " no ha enviado."})
	}
	if err != nil {
		return received{}, err
	}
	if sent.State == "devuelto" {
		return received{ID: sent.ID, Again: true, Flash: "Ese rechazo ya se había recibido."}, nil
	}
	reason := web.Join(". ", strings.TrimPrefix(strings.TrimSpace(f.Control.DescripcionTipoAnotacion), "Rechazo: "),
		f.Control.ObservacionesApunte)
	if reason == "" {
		reason = "El destino no indica el motivo."
	}
	now := m.now().UTC()
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE registry_interchanges SET state = 'devuelto', reason = $1, updated_at = $2
			WHERE entity_id = $3 AND id = $4`, reason, now, ent.ID, sent.ID); err != nil {
			return err
		}
		if err := addMessage(ctx, tx, ent.ID, sent.ID, message{Direction: "recibido", Kind: "rechazo", Description: reason,
			CreatedAt: now}, data); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, interchangeChange(ent.ID, "registro.sir.devuelto", sent.ID,
			map[string]any{"intercambio": xid, "motivo": reason}))
	})
	if err != nil {
		return received{}, err
	}
	return received{ID: sent.ID, Flash: "El destino ha rechazado el intercambio " + xid + ": " + reason}, nil
}

// refuse keeps a file refused on reception with the ERROR message that
// answers it, and returns the refusal (errs.Invalid) to the caller.
func (m *Module) refuse(ctx context.Context, a *auth.Actor, ent directory.Entity, data []byte, cause error) (received, error) {
	code, reason := sicres.CodeXMLFormat, cause.Error()
	var se *sicres.Error
	if errors.As(cause, &se) && se.Code != "" {
		code = se.Code
	}
	// The ERROR message goes from the office the file was addressed to
	// back to its origin; a file that does not say them gets none.
	var xid, origin string
	var msgData []byte
	if reply, err := sicres.ErrorReply(data, cause); err == nil {
		xid, origin = reply.IdentificadorIntercambio, reply.CodigoEntidadDestino
		msgData, _ = reply.Marshal()
	}
	now := m.now().UTC()
	iid := id.New()
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO registry_interchanges (entity_id, id, direction, exchange_id, state,
			reason, error_code, office_code, summary, content, created_at, created_by, updated_at)
			VALUES ($1, $2, 'recibido', $3, 'invalido', $4, $5, $6, '', $7, $8, $9, $8)`,
			ent.ID, iid, xid, cut(reason, 1024), code, origin, data, now, a.UserID); err != nil {
			return err
		}
		if err := addMessage(ctx, tx, ent.ID, iid, message{Direction: "recibido", Kind: "envio", CreatedAt: now}, data); err != nil {
			return err
		}
		if msgData != nil {
			if err := addMessage(ctx, tx, ent.ID, iid, message{Direction: "enviado", Kind: "error", ErrorCode: code,
				Description: cut(reason, 1024), CreatedAt: now}, msgData); err != nil {
				return err
			}
		}
		return m.kit.Audit(ctx, tx, a, interchangeChange(ent.ID, "registro.sir.no_admitir", iid,
			map[string]any{"intercambio": xid, "origen": origin, "codigo": code, "motivo": reason}))
	})
	if err != nil {
		return received{}, err
	}
	m.transmitMessage(ctx, msgData, false)
	return received{ID: iid}, &refusal{code: code, reason: reason, iid: iid}
}

// refusal is a file refused on reception (an errs.Invalid).
type refusal struct {
	code, reason, iid string
}

func (r *refusal) Error() string {
	return "No se admite el fichero (código de error SIR " + r.code + "): " + r.reason
}

// Is makes a refusal an errs.Invalid.
func (r *refusal) Is(target error) bool { return target == errs.Invalid }

// receiveMessage takes an ACK, CONFIRMACION or ERROR about an interchange
// the entity sent.
func (m *Module) receiveMessage(ctx context.Context, a *auth.Actor, ent directory.Entity, data []byte) (received, error) {
	msg, err := sicres.ParseMensaje(data)
	if err != nil {
		return received{}, errs.New(errs.Invalid, "El mensaje de SIR no es válido: "+err.Error())
	}
	sent, _, err := interchangeByExchange(ctx, m.kit.DB, ent.ID, "enviado", msg.IdentificadorIntercambio)
	if errors.Is(err, db.ErrNotFound) {
		return received{}, errs.New(errs.Invalid, "El mensaje se refiere al intercambio "+msg.IdentificadorIntercambio+
			", que "+ent.Name+" no ha enviado.")
	}
	if err != nil {
		return received{}, err
	}
	if sent.OfficeCode != "" && msg.CodigoEntidadOrigen != sent.OfficeCode {
		return received{}, errs.New(errs.Invalid, "El mensaje viene de la oficina "+msg.CodigoEntidadOrigen+
			", pero el intercambio "+sent.ExchangeID+" se envió a "+sent.OfficeCode+".")
	}
	kind, state := map[string]string{sicres.MensajeACK: "ack", sicres.MensajeConfirmacion: "confirmacion",
		sicres.MensajeError: "error"}[msg.TipoMensaje], ""
	from := []string{"enviado", "no_enviado"}
	switch msg.TipoMensaje {
	case sicres.MensajeACK:
		state = "entregado"
	case sicres.MensajeConfirmacion:
		state, from = "confirmado", []string{"enviado", "no_enviado", "entregado", "error"}
	case sicres.MensajeError:
		state, from = "error", []string{"enviado", "no_enviado", "entregado"}
	}
	history, err := messagesOf(ctx, m.kit.DB, ent.ID, sent.ID)
	if err != nil {
		return received{}, err
	}
	for _, h := range history {
		if h.Direction == "recibido" && h.Kind == kind {
			return received{ID: sent.ID, Again: true, Flash: "Ese mensaje ya se había recibido."}, nil
		}
	}
	now := m.now().UTC()
	var destAt any
	if at, err := time.ParseInLocation(sicres.DateLayout, msg.FechaHoraDestino, web.Madrid); err == nil {
		destAt = at.UTC()
	}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE registry_interchanges SET state = $1, error_code = $2,
			reason = CASE WHEN $3 = '' THEN reason ELSE $3 END, dest_number = CASE WHEN $4 = '' THEN dest_number ELSE $4 END,
			dest_registered_at = COALESCE($5, dest_registered_at), updated_at = $6
			WHERE entity_id = $7 AND id = $8 AND state IN ('`+strings.Join(from, "', '")+`')`,
			state, msg.CodigoError, msg.Descripcion, msg.NumeroRegistroDestino, destAt, now, ent.ID, sent.ID); err != nil {
			return err
		}
		return addMessage(ctx, tx, ent.ID, sent.ID, message{Direction: "recibido", Kind: kind, ErrorCode: msg.CodigoError,
			Description: msg.Descripcion, CreatedAt: now}, data)
	})
	if err != nil {
		return received{}, err
	}
	flash := map[string]string{"ack": "El destino ha acusado recibo del intercambio " + sent.ExchangeID + ".",
		"confirmacion": "El destino ha registrado el intercambio " + sent.ExchangeID + web.Join(" ", "", "con el número", msg.NumeroRegistroDestino) + ".",
		"error":        "El destino ha devuelto un error sobre el intercambio " + sent.ExchangeID + ": " + msg.Descripcion}[kind]
	return received{ID: sent.ID, Flash: flash}, nil
}

// sirActor is who receives what the CIR delivers.
var sirActor = &auth.Actor{UserID: "sir", Name: "SIR"}
