package registry

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"strings"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/dir3"
	"concejo/internal/eadmin/registry/sicres"
	"concejo/internal/eadmin/sirlink"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/web"
)

// AppVersion is the Aplicacion_Version_Emisora written in SICRES files.
const AppVersion = "CNC1"

// Directory is what the register asks of the DIR3 directory (module dir3,
// wired by internal/app): the units destinations are picked from and the
// registry office integrated in SIR that receives for each.
type Directory interface {
	Search(ctx context.Context, q string, opts dir3.SearchOptions) ([]dir3.Unit, error)
	Unit(ctx context.Context, code string) (dir3.Unit, error)
	SIROffice(ctx context.Context, unitCode string) (dir3.Office, error)
	Office(ctx context.Context, code string) (dir3.Office, error)
}

// office is the registry office that exchanges for an entity: the SIR
// office of its DIR3 unit in the directory, else the unit's own code (an
// entity not yet in the directory exchanges by file under its code).
func (m *Module) office(ctx context.Context, ent directory.Entity) (code, name string) {
	if m.Directory != nil && ent.DIR3 != "" {
		if o, err := m.Directory.SIROffice(ctx, ent.DIR3); err == nil {
			return o.Code, o.Name
		}
	}
	return ent.DIR3, ent.Name
}

// staleDestination warns when the office or unit an asiento is addressed
// to is known to the directory and no longer valid there (a code the
// directory does not have is not judged).
func (m *Module) staleDestination(ctx context.Context, e entryRow) []string {
	if m.Directory == nil {
		return nil
	}
	var out []string
	if o, err := m.Directory.Office(ctx, e.DestDIR3); err == nil && !o.Valid() {
		out = append(out, "La oficina de destino "+o.Name+" ("+o.Code+") ya no está vigente en el directorio DIR3: "+
			"no envíe el asiento por SIR sin comprobar el destino.")
	}
	for _, code := range []string{e.DestDIR3, e.DestUnitDIR3} {
		if u, err := m.Directory.Unit(ctx, code); err == nil && !u.Valid() {
			out = append(out, "La unidad de destino "+u.Name+" ("+u.Code+") ya no está vigente en el directorio DIR3 ("+
				strings.ToLower(u.State.Label())+"): no envíe el asiento por SIR sin comprobar el destino.")
		}
	}
	return out
}

// resolveDestination completes a destination typed as a DIR3 code with
// what the directory knows: a unit's name, and the registry office in SIR
// that receives for it (the office becomes DestDIR3, the unit
// DestUnitDIR3).
func (m *Module) resolveDestination(ctx context.Context, in *NewEntry) {
	if m.Directory == nil || in.DestDIR3 == "" || in.DestUnitDIR3 != "" {
		return
	}
	u, err := m.Directory.Unit(ctx, strings.ToUpper(strings.TrimSpace(in.DestDIR3)))
	if err != nil {
		return
	}
	in.DestUnitDIR3, in.DestUnitName = u.Code, optional(u.Name, 80)
	if in.DestName == "" {
		in.DestName = in.DestUnitName
	}
	if o, err := m.Directory.SIROffice(ctx, u.Code); err == nil {
		in.DestDIR3, in.DestName = o.Code, optional(o.Name, 80)
	}
}

// isOurs says whether a registry office or unit code addressed in a file
// is the entity's: its office, its DIR3 unit, one of its registry units,
// or a unit of its own hierarchy in the directory.
func (m *Module) isOurs(ctx context.Context, ent directory.Entity, office string, code string) (bool, error) {
	if code == "" {
		return false, nil
	}
	if code == office || code == ent.DIR3 {
		return true, nil
	}
	var n int
	if err := m.kit.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM registry_units WHERE entity_id = $1 AND dir3 = $2`,
		ent.ID, code).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return true, nil
	}
	if m.Directory == nil || ent.DIR3 == "" {
		return false, nil
	}
	u, err := m.Directory.Unit(ctx, code)
	if errors.Is(err, errs.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return u.RootCode == ent.DIR3 || u.SuperiorCode == ent.DIR3, nil
}

// sendSIR prepares the interchange file of an asiento addressed to
// another administration's registry office (DestDIR3), takes the next
// interchange number, stores it and hands it to the SIR connector.
func (m *Module) sendSIR(ctx context.Context, a *auth.Actor, entryID string) (string, error) {
	e, err := m.entryToChange(ctx, a, entryID)
	if err != nil {
		return "", err
	}
	ent, err := directory.EntityByID(ctx, m.kit.DB, e.EntityID)
	if err != nil {
		return "", err
	}
	if ent.DIR3 == "" {
		return "", errs.New(errs.Conflict, "La entidad no tiene código DIR3: no puede intercambiar asientos por SIR.")
	}
	if e.DestDIR3 == "" {
		return "", errs.New(errs.Conflict, "El asiento no tiene oficina de destino con código DIR3: no se puede enviar por SIR.")
	}
	office, officeName := m.office(ctx, ent)
	iid := id.New()
	var data []byte
	var xid string
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := m.now().UTC()
		year := madridYear(now)
		seq, err := nextNumber(ctx, tx, e.EntityID, "X", year)
		if err != nil {
			return err
		}
		xid = sicres.ExchangeID(office, year, seq)
		f, err := m.fichero(ctx, e, exportParts{Office: office, OfficeName: officeName, ExchangeID: xid, WithContent: true})
		if err == nil {
			err = f.CheckSending()
		}
		if err == nil {
			data, err = sicres.Marshal(f, now, web.Madrid)
		}
		if err != nil {
			return errs.New(errs.Conflict, "El asiento no se puede expresar como fichero SICRES 3.0 ("+
				strings.TrimPrefix(err.Error(), "sicres: fichero no válido: ")+"). Corrija sus datos y vuelva a enviarlo.")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO registry_interchanges (entity_id, id, direction, exchange_id, state,
			annotation, office_code, office_name, unit_code, unit_name, origin_number, summary, entry_id, channel, content,
			created_at, created_by, updated_at)
			VALUES ($1, $2, 'enviado', $3, 'enviado', '02', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $13)`,
			e.EntityID, iid, xid, e.DestDIR3, e.DestName, e.DestUnitDIR3, e.DestUnitName, e.Number, f.Asunto.Resumen, e.ID,
			m.channel(), data, now, a.UserID); err != nil {
			return err
		}
		if err := addMessage(ctx, tx, e.EntityID, iid, message{Direction: "enviado", Kind: "envio", CreatedAt: now}, nil); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kitChange(e.EntityID, "registro.sir.enviar", e.ID, nil,
			map[string]any{"numero": e.Number, "intercambio": xid, "destino": e.DestDIR3}))
	})
	if err != nil {
		return "", err
	}
	m.transmitFile(ctx, e.EntityID, iid, xid, data)
	return iid, nil
}

// fichero builds the SICRES 3.0 file of an asiento.
func (m *Module) fichero(ctx context.Context, e entryRow, x exportParts) (*sicres.Fichero, error) {
	people, err := interestedOf(ctx, m.kit.DB, e.EntityID, e.ID)
	if err != nil {
		return nil, err
	}
	docs, err := documentsOf(ctx, m.kit.DB, e.EntityID, e.ID)
	if err != nil {
		return nil, err
	}
	for i := range docs {
		full, err := documentContent(ctx, m.kit.DB, e.EntityID, e.ID, docs[i].Pos)
		if err != nil {
			return nil, err
		}
		docs[i].Content = full.Content
	}
	return toFichero(e, people, docs, x)
}

// channel is how interchanges leave: "sir" through the CIR's web
// services, "manual" by file.
func (m *Module) channel() string {
	if _, manual := m.connector().(sirlink.Manual); manual {
		return "manual"
	}
	return "sir"
}

// connector is the configured SIR connector, by file when none is.
func (m *Module) connector() sirlink.Connector {
	if m.SIR == nil {
		return sirlink.Manual{}
	}
	return m.SIR
}

// transmitFile hands a stored interchange file to SIR and records the
// outcome: sent, refused by the CIR with its code (error), or not reached
// (no_enviado, to try again). By file, nothing changes: the clerk
// downloads it.
func (m *Module) transmitFile(ctx context.Context, entityID, iid, xid string, data []byte) {
	c := m.connector()
	if _, manual := c.(sirlink.Manual); manual {
		return
	}
	r, err := c.SendFile(context.WithoutCancel(ctx), sirlink.Outgoing{ExchangeID: xid, Data: data})
	state, code, reason := "enviado", "", ""
	switch r.Status {
	case sirlink.StatusRefused:
		state, code, reason = "error", r.Code, r.Note
	case sirlink.StatusUnreached:
		state, reason = "no_enviado", r.Note
	}
	if err != nil && reason == "" {
		reason = err.Error()
	}
	if _, uerr := m.kit.DB.ExecContext(ctx, `UPDATE registry_interchanges SET state = $1, error_code = $2, reason = $3,
		updated_at = $4 WHERE entity_id = $5 AND id = $6 AND state IN ('enviado', 'no_enviado', 'reenviado', 'rechazado')
		AND direction = 'enviado'`, state, code, cut(reason, 1024), m.now().UTC(), entityID, iid); uerr != nil {
		slog.Error("registro: anotar la transmisión por SIR", "intercambio", iid, "error", uerr)
	}
}

// transmitMessage hands a message or a returned file to SIR; a failure is
// logged (the message stays in the history, to download and hand over).
func (m *Module) transmitMessage(ctx context.Context, data []byte, file bool) {
	c := m.connector()
	if _, manual := c.(sirlink.Manual); manual || len(data) == 0 {
		return
	}
	var err error
	if file {
		_, err = c.SendFile(context.WithoutCancel(ctx), sirlink.Outgoing{Data: data})
	} else {
		_, err = c.SendMessage(context.WithoutCancel(ctx), data)
	}
	if err != nil {
		slog.Warn("registro: no se ha podido transmitir un mensaje por SIR", "error", err)
	}
}

// retrySIR transmits again a sent interchange that did not reach SIR.
func (m *Module) retrySIR(ctx context.Context, a *auth.Actor, iid string) error {
	it, content, err := m.interchangeFor(ctx, a, iid)
	if err != nil {
		return err
	}
	if it.Direction != "enviado" || it.State != "no_enviado" {
		return errs.New(errs.Conflict, "Solo se reintentan los envíos que no llegaron a transmitirse.")
	}
	m.transmitFile(ctx, a.Entity.ID, it.ID, it.ExchangeID, content)
	return nil
}

func cut(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n])
}

var errNotInterchange = errors.New("registro: no es un fichero ni un mensaje SICRES")
