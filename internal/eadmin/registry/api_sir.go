package registry

import (
	"context"
	"errors"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/registry/sicres"
	"concejo/internal/eadmin/sirlink"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

// ReceiveFile takes an interchange file the CIR delivers (it makes the
// registry a sirlink.Receiver): it is filed with the entity whose registry
// office it is addressed to, and a refusal answers the CIR with the SIR
// error code, as the ERROR message would.
func (m *Module) ReceiveFile(ctx context.Context, data []byte) error {
	f, err := sicres.Parse(data, m.now(), web.Madrid)
	if err != nil {
		return asRefusal(err)
	}
	ent, err := m.entityOfOffice(ctx, f.Destino.CodigoEntidadRegistral)
	if err != nil {
		return err
	}
	_, err = m.receive(ctx, sirActor, ent, data)
	return asRefusal(err)
}

// ReceiveMessage takes an ACK, CONFIRMACION or ERROR the CIR delivers
// about an interchange an entity sent.
func (m *Module) ReceiveMessage(ctx context.Context, data []byte) error {
	msg, err := sicres.ParseMensaje(data)
	if err != nil {
		return asRefusal(err)
	}
	ent, err := m.entityOfOffice(ctx, msg.CodigoEntidadDestino)
	if err != nil {
		return err
	}
	_, err = m.receive(ctx, sirActor, ent, data)
	return asRefusal(err)
}

// entityOfOffice is the entity a registry office code belongs to: the
// entity with that DIR3 code, or the one whose unit the office answers to
// in the directory.
func (m *Module) entityOfOffice(ctx context.Context, code string) (directory.Entity, error) {
	ent, err := directory.EntityByDIR3(ctx, m.kit.DB, code)
	if err == nil || m.Directory == nil {
		return ent, unreachable(err, code)
	}
	o, oerr := m.Directory.Office(ctx, code)
	if oerr != nil {
		return ent, unreachable(oerr, code)
	}
	ent, err = directory.EntityByDIR3(ctx, m.kit.DB, o.UnitCode)
	return ent, unreachable(err, code)
}

// unreachable makes "no such office here" the SIR refusal 0039.
func unreachable(err error, code string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, errs.NotFound) {
		return sirlink.Refuse(sicres.CodeUnreachable, "La oficina %s no es de ninguna entidad de esta plataforma.", code)
	}
	return err
}

// asRefusal gives the CIR the SIR code of a refusal.
func asRefusal(err error) error {
	var r *refusal
	var se *sicres.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &r):
		return sirlink.Refuse(r.code, "%s", r.reason)
	case errors.As(err, &se):
		return sirlink.Refuse(se.Code, "%s", se.Msg)
	case errs.KindOf(err) == errs.Invalid:
		return sirlink.Refuse(sicres.CodeEntry, "%s", err.Error())
	}
	return err
}
