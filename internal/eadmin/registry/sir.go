package registry

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/registry/sicres"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

// AppVersion is the Aplicacion_Version_Emisora written in SICRES files.
const AppVersion = "CNC1"

var docTypeToSicres = map[string]string{"NIF": "N", "NIE": "E", "CIF": "C", "PASAPORTE": "P", "OTRO": "X"}

func cut(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:n]))
}

// splitName splits "María José García López" into name and two surnames
// (the last two words are the surnames); a single word is a razón social.
func splitName(full string) (name, s1, s2 string) {
	w := strings.Fields(full)
	switch len(w) {
	case 0, 1:
		return "", "", ""
	case 2:
		return w[0], w[1], ""
	}
	return strings.Join(w[:len(w)-2], " "), w[len(w)-2], w[len(w)-1]
}

// fichero builds the SICRES 3.0 file of an asiento with the given
// interchange identifier.
func (m *Module) fichero(ctx context.Context, ent directory.Entity, e entryRow, exchangeID string, withContent bool) (*sicres.Fichero, error) {
	people, err := interestedOf(ctx, m.kit.DB, e.EntityID, e.ID)
	if err != nil {
		return nil, err
	}
	docs, err := documentsOf(ctx, m.kit.DB, e.EntityID, e.ID)
	if err != nil {
		return nil, err
	}
	f := &sicres.Fichero{
		Origen: sicres.Origen{CodigoEntidadRegistral: ent.DIR3, DecodificacionEntidad: cut(ent.Name, 80),
			NumeroRegistro: e.Number, FechaHora: e.RegisteredAt.In(web.Madrid).Format(sicres.DateLayout)},
		Destino: sicres.Destino{CodigoEntidadRegistral: e.DestDIR3, DecodificacionEntidad: cut(e.DestName, 80)},
		Asunto:  sicres.Asunto{Resumen: cut(e.Summary, 240), ReferenciaExterna: cut(e.ExternalRef, 16)},
		Control: sicres.Control{IdentificadorIntercambio: exchangeID, AplicacionVersion: AppVersion, TipoAnotacion: "02",
			DescripcionTipoAnotacion: "Envío", TipoRegistro: "0", DocumentacionFisica: "3", IndicadorPrueba: "0",
			CodigoEntidadInicio: ent.DIR3, DecodificacionInicio: cut(ent.Name, 80), NombreUsuario: cut(e.ClerkName, 80)},
		Formulario: sicres.Formulario{Expone: cut(e.Expone, 4000), Solicita: cut(e.Solicita, 4000)},
	}
	if f.Formulario.Expone != "" && f.Formulario.Solicita == "" {
		f.Formulario.Solicita = "Lo expuesto."
	}
	if e.Book == "S" {
		f.Control.TipoRegistro = "1"
	}
	switch e.Means {
	case "correo":
		f.Control.TipoTransporte = "02"
	case "presencial":
		f.Control.TipoTransporte = "05"
	}
	if e.Means != "electronico" {
		f.Control.DocumentacionFisica = "2"
		if len(docs) == 0 {
			f.Control.DocumentacionFisica = "1"
		}
	}
	for _, p := range people {
		in := sicres.Interesado{TipoDocumento: docTypeToSicres[p.DocType], Documento: cut(p.DocNumber, 17),
			Direccion: cut(p.Address, 160), Correo: cut(p.Email, 160), Telefono: cut(p.Phone, 20)}
		name, s1, s2 := splitName(p.Name)
		if p.DocType == "CIF" || name == "" {
			in.RazonSocial = cut(p.Name, 80)
		} else {
			in.Nombre, in.PrimerApellido, in.SegundoApellido = cut(name, 30), cut(s1, 30), cut(s2, 30)
		}
		if in.Direccion != "" {
			in.Canal = "01"
		}
		f.Interesados = append(f.Interesados, in)
	}
	if len(f.Interesados) == 0 {
		f.Interesados = []sicres.Interesado{{Observaciones: "Asiento entre órganos, sin interesados."}}
	}
	validity := "03"
	if e.Means == "electronico" {
		validity = "04"
	}
	for i, d := range docs {
		full, err := documentContent(ctx, m.kit.DB, e.EntityID, e.ID, d.Pos)
		if err != nil {
			return nil, err
		}
		ext := strings.TrimPrefix(path.Ext(d.Filename), ".")
		a := sicres.Anexo{NombreFichero: cut(d.Filename, 80), IdentificadorFichero: sicres.FileID(exchangeID, i+1, ext),
			ValidezDocumento: validity, TipoDocumento: "02", Hash: sicres.Hash(full.Content), TipoMIME: cut(d.ContentType, 20)}
		if withContent {
			a.Anexo = base64.StdEncoding.EncodeToString(full.Content)
		}
		f.Anexos = append(f.Anexos, a)
	}
	return f, nil
}

// sendSIR prepares the interchange file of an asiento for another
// administration: it takes the next interchange number, stores the file
// as 'enviado' and annotates the asiento.
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
		return "", errs.New(errs.Conflict, "El asiento no tiene órgano de destino con código DIR3: no se puede enviar por SIR.")
	}
	iid := id.New()
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := m.now().UTC()
		year := madridYear(now)
		seq, err := nextNumber(ctx, tx, e.EntityID, "X", year)
		if err != nil {
			return err
		}
		xid := sicres.ExchangeID(ent.DIR3, year, seq)
		f, err := m.fichero(ctx, ent, e, xid, true)
		if err != nil {
			return err
		}
		data, err := sicres.Marshal(f, now, web.Madrid)
		if err != nil {
			return errs.New(errs.Conflict, "El asiento no se puede expresar como fichero SICRES 3.0 ("+strings.TrimPrefix(err.Error(), "sicres: fichero no válido: ")+
				"). Corrija sus datos y vuelva a enviarlo.")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO registry_interchanges (entity_id, id, direction, exchange_id, state,
			office_code, office_name, origin_number, summary, entry_id, content, created_at, created_by)
			VALUES ($1, $2, 'enviado', $3, 'enviado', $4, $5, $6, $7, $8, $9, $10, $11)`,
			e.EntityID, iid, xid, e.DestDIR3, e.DestName, e.Number, f.Asunto.Resumen, e.ID, data, now, a.UserID); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kitChange(e.EntityID, "registro.sir.enviar", e.ID, nil,
			map[string]any{"numero": e.Number, "intercambio": xid, "destino": e.DestDIR3}))
	})
	return iid, err
}

// importSIR stores a received interchange file as 'recibido'.
func (m *Module) importSIR(ctx context.Context, a *auth.Actor, data []byte) (string, error) {
	var fe errs.Fields
	if len(data) == 0 {
		fe.Add("fichero", "Seleccione el fichero de intercambio SICRES 3.0 (XML) recibido.")
		return "", fe.Err()
	}
	f, err := sicres.Parse(data, m.now(), web.Madrid)
	if err != nil {
		fe.Add("fichero", err.Error())
		return "", fe.Err()
	}
	iid := id.New()
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO registry_interchanges (entity_id, id, direction, exchange_id, state,
			office_code, office_name, origin_number, summary, content, created_at, created_by)
			VALUES ($1, $2, 'recibido', $3, 'recibido', $4, $5, $6, $7, $8, $9, $10)`,
			a.Entity.ID, iid, f.Control.IdentificadorIntercambio, f.Origen.CodigoEntidadRegistral,
			f.Origen.DecodificacionEntidad, f.Origen.NumeroRegistro, f.Asunto.Resumen, data, m.now().UTC(), a.UserID)
		if db.IsUniqueViolation(err) {
			return errs.New(errs.Conflict, "Ese intercambio ("+f.Control.IdentificadorIntercambio+") ya se había recibido.")
		}
		if err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, interchangeChange(a.Entity.ID, "registro.sir.recibir", iid,
			map[string]any{"intercambio": f.Control.IdentificadorIntercambio, "origen": f.Origen.CodigoEntidadRegistral}))
	})
	return iid, err
}

// interchangeFor loads an interchange of the actor's current entity (404
// when there is none), 403 unless he holds PermWrite.
func (m *Module) interchangeFor(ctx context.Context, a *auth.Actor, iid string) (interchange, []byte, error) {
	var content []byte
	row := m.kit.DB.QueryRowContext(ctx, `SELECT `+interchangeColumns+`, content FROM registry_interchanges
		WHERE entity_id = $1 AND id = $2`, a.Entity.ID, iid)
	var i interchange
	err := row.Scan(&i.ID, &i.Direction, &i.ExchangeID, &i.State, &i.Reason, &i.OfficeCode, &i.OfficeName,
		&i.OriginNumber, &i.Summary, &i.EntryID, &i.CreatedAt, &i.DecidedBy, &content)
	if err != nil {
		return i, nil, db.NotFound(err)
	}
	if err := m.kit.Access.RequireHere(ctx, a, PermWrite); err != nil {
		return i, nil, err
	}
	return i, content, nil
}

// acceptSIR registers a received interchange as an entrada of the book
// and marks it 'aceptado', in one transaction.
func (m *Module) acceptSIR(ctx context.Context, a *auth.Actor, iid, unitID string) (Entry, error) {
	it, content, err := m.interchangeFor(ctx, a, iid)
	if err != nil {
		return Entry{}, err
	}
	if it.Direction != "recibido" || it.State != "recibido" {
		return Entry{}, errs.New(errs.Conflict, "Solo se aceptan intercambios recibidos pendientes.")
	}
	f, err := sicres.Parse(content, m.now(), web.Madrid)
	if err != nil {
		return Entry{}, errs.New(errs.Conflict, "El fichero de este intercambio no es un SICRES 3.0 válido, así que no se puede "+
			"anotar como asiento. Rechace el intercambio indicando el motivo.")
	}
	in := NewEntry{EntityID: a.Entity.ID, Kind: "entrada", Means: "electronico", By: a.UserID, source: "sir",
		Subject: cut(f.Asunto.Resumen, maxSubject), Summary: f.Asunto.Resumen, DocType: "TD99", UnitID: unitID,
		OriginName: cut(f.Origen.DecodificacionEntidad, 80), ExternalRef: cut(f.Origen.NumeroRegistro, 16),
		Expone: f.Formulario.Expone, Solicita: f.Formulario.Solicita}
	if code, err := validate.DIR3(f.Origen.CodigoEntidadRegistral); err == nil {
		in.OriginDIR3 = code
	} else if in.OriginName == "" {
		in.OriginName = cut(f.Origen.CodigoEntidadRegistral, 80)
	}
	fromSicres := map[string]string{"N": "NIF", "E": "NIE", "C": "CIF", "P": "PASAPORTE", "X": "OTRO", "O": "OTRO"}
	for _, p := range f.Interesados {
		name := web.Join(" ", p.Nombre, p.PrimerApellido, p.SegundoApellido)
		if name == "" {
			name = p.RazonSocial
		}
		if name == "" {
			continue
		}
		person := Interested{DocType: fromSicres[p.TipoDocumento], DocNumber: p.Documento, Name: name,
			Phone: p.Telefono, Address: strings.TrimSpace(p.Direccion + " " + p.CodigoPostal)}
		if _, err := validate.Email(p.Correo); err == nil {
			person.Email = p.Correo
		}
		if _, err := validate.Phone(p.Telefono); err != nil {
			person.Phone = ""
		}
		if person.DocType == "NIF" || person.DocType == "NIE" || person.DocType == "CIF" {
			if _, err := validate.NIF(person.DocNumber); err != nil {
				person.DocType = "OTRO"
			}
		}
		if person.DocNumber == "" {
			person.DocType = ""
		}
		in.Interested = append(in.Interested, person)
	}
	if len(in.Interested) == 0 && in.OriginDIR3 == "" {
		in.Interested = []Interested{{Name: cut(f.Origen.DecodificacionEntidad+" "+f.Origen.CodigoEntidadRegistral, 160)}}
	}
	var missing []string
	for _, an := range f.Anexos {
		c := an.Content()
		ext := strings.ToLower(strings.TrimPrefix(path.Ext(an.NombreFichero), "."))
		if len(c) == 0 || !allowedExts[ext] || len(in.Documents) >= MaxDocuments {
			missing = append(missing, fmt.Sprintf("%s (%s, huella %s)", an.NombreFichero, an.IdentificadorFichero, an.Hash))
			continue
		}
		in.Documents = append(in.Documents, Attachment{Filename: an.NombreFichero, Content: c})
	}
	in.inTx = func(tx *sql.Tx, e *entryRow) error {
		res, err := tx.ExecContext(ctx, `UPDATE registry_interchanges SET state = 'aceptado', entry_id = $1, decided_at = $2,
			decided_by = $3 WHERE entity_id = $4 AND id = $5 AND state = 'recibido'`, e.ID, e.RegisteredAt, a.Name, a.Entity.ID, it.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.New(errs.Conflict, "El intercambio ya se había aceptado o rechazado.")
		}
		note := "Recibido por SIR: intercambio " + f.Control.IdentificadorIntercambio + ", número de origen " +
			f.Origen.NumeroRegistro + " de " + f.Origen.FechaHora + "."
		if len(missing) > 0 {
			note += " Anexos anunciados sin contenido en el fichero o no admitidos: " + strings.Join(missing, "; ") + "."
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO registry_annotations (entity_id, entry_id, id, kind, body,
			created_at, created_by, by_name) VALUES ($1, $2, $3, 'nota', $4, $5, $6, $7)`,
			a.Entity.ID, e.ID, id.New(), cut(note, 2000), e.RegisteredAt, a.UserID, a.Name); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, interchangeChange(a.Entity.ID, "registro.sir.aceptar", it.ID,
			map[string]any{"intercambio": it.ExchangeID, "asiento": e.Number}))
	}
	return m.registerAs(ctx, a, in)
}

// rejectSIR rejects a received interchange with a reason.
func (m *Module) rejectSIR(ctx context.Context, a *auth.Actor, iid, reason string) error {
	it, _, err := m.interchangeFor(ctx, a, iid)
	if err != nil {
		return err
	}
	if it.Direction != "recibido" || it.State != "recibido" {
		return errs.New(errs.Conflict, "Solo se rechazan intercambios recibidos pendientes.")
	}
	reason = strings.TrimSpace(reason)
	var fe errs.Fields
	textLimit(&fe, "motivo", "El motivo del rechazo", reason, 80, true)
	if err := fe.Err(); err != nil {
		return err
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE registry_interchanges SET state = 'rechazado', reason = $1, decided_at = $2,
			decided_by = $3 WHERE entity_id = $4 AND id = $5 AND state = 'recibido'`, reason, m.now().UTC(), a.Name, a.Entity.ID, it.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.New(errs.Conflict, "El intercambio ya se había aceptado o rechazado.")
		}
		return m.kit.Audit(ctx, tx, a, interchangeChange(a.Entity.ID, "registro.sir.rechazar", it.ID,
			map[string]any{"intercambio": it.ExchangeID, "motivo": reason}))
	})
}

// rejectionFile is the file returned to the origin: the received one with
// Tipo_Anotacion 04 (rechazo) and the reason.
func (m *Module) rejectionFile(content []byte, reason string) ([]byte, error) {
	f, err := sicres.Parse(content, m.now(), web.Madrid)
	if err != nil {
		return nil, err
	}
	f.Control.TipoAnotacion, f.Control.DescripcionTipoAnotacion = "04", cut("Rechazo: "+reason, 80)
	f.Control.AplicacionVersion = AppVersion
	return sicres.Marshal(f, m.now(), web.Madrid)
}
