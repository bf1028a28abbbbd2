package census

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"concejo/internal/backoffice/census/inefile"
	"concejo/internal/backoffice/territory"
	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"golang.org/x/text/unicode/norm"
)

// INEFile is an exchange file sent to or received from INE.
type INEFile struct {
	ID, Direction, Period, Filename string
	Records, Errors, Applied        int
	Summary                         string
	CreatedAt                       time.Time
	CreatedBy                       string
}

// entityINE returns the 5-digit INE code of an entity.
func entityINE(ctx context.Context, q db.Queryer, entityID string) (string, error) {
	e, err := directory.EntityByID(ctx, q, entityID)
	if err != nil {
		return "", err
	}
	if len(e.INE) != 5 {
		return "", errs.New(errs.Conflict, "La entidad no tiene código INE de municipio: no puede intercambiar ficheros con el INE.")
	}
	return e.INE, nil
}

// latin fits s into n characters of ISO-8859-1: letters outside it lose
// their accent (or become "?"), control characters become spaces.
func latin(s string, n int) string {
	var b []rune
	for _, r := range s {
		switch {
		case r < 0x20 || (r >= 0x7F && r < 0xA0):
			r = ' '
		case r > 0xFF:
			r = baseRune(r)
		}
		b = append(b, r)
		if len(b) == n {
			break
		}
	}
	return strings.TrimSpace(string(b))
}

func baseRune(r rune) rune {
	for _, d := range norm.NFD.String(string(r)) {
		if !unicode.Is(unicode.Mn, d) && d <= 0xFF {
			return d
		}
	}
	return '?'
}

// personOf is the identity block of the file for a snapshot.
func personOf(s snapshot, number int64) inefile.Person {
	p := inefile.Person{Name: latin(s.Name, 20), Surname1: latin(s.Surname1, 25), Surname2: latin(s.Surname2, 25),
		LocalID: strconv.FormatInt(number, 10)}
	if len(s.BirthPlace) == 5 {
		p.BirthProvince, p.BirthMunicipality = s.BirthPlace[:2], s.BirthPlace[2:]
	}
	p.BirthDate, _ = time.Parse("2006-01-02", s.Birth)
	switch s.DocType {
	case "dni":
		if len(s.DocNumber) == 9 {
			p.DocType, p.DocNumber, p.DocControl = inefile.DocDNI, s.DocNumber[:8], s.DocNumber[8:]
		}
	case "nie":
		if len(s.DocNumber) == 9 {
			p.DocType, p.DocLetter, p.DocNumber, p.DocControl = inefile.DocNIE, s.DocNumber[:1], "0"+s.DocNumber[1:8], s.DocNumber[8:]
		}
	case "pasaporte":
		p.DocType, p.OtherDoc = inefile.DocPassport, latin(s.DocNumber, 20)
	default:
		p.DocType = inefile.DocNone
	}
	return p
}

// recordOf builds the file record of a variation.
func recordOf(ine string, v Variation, addr territory.Address, sheet int64) (inefile.Record, error) {
	var after, before snapshot
	if err := json.Unmarshal([]byte(v.After), &after); err != nil {
		return inefile.Record{}, err
	}
	key := after
	if v.Before != "" {
		if err := json.Unmarshal([]byte(v.Before), &before); err == nil {
			key = before
		}
	}
	r := inefile.Record{Province: ine[:2], Municipality: ine[2:], Key: personOf(key, after.Number), Data: personOf(after, after.Number),
		Info: inefile.InfoEnvio, Date: v.EffectiveOn, Variation: v.Kind, Cause: v.Cause, Studies: after.Studies,
		Nationality: after.Nationality, Sheet: strconv.FormatInt(sheet, 10)}
	if after.Sex == "H" {
		r.Sex = inefile.SexMale
	} else {
		r.Sex = inefile.SexFemale
	}
	if len(v.PlaceProvince) == 2 && len(v.PlaceMunicipality) == 3 {
		r.FromProvince, r.FromMunicipality = v.PlaceProvince, v.PlaceMunicipality
	}
	a := &r.Address
	a.District, a.Section = onlyDigits(addr.District, 2), onlyDigits(addr.Section, 3)
	if len(addr.NucleusCode) == 6 {
		a.CollectiveEntity, a.SingularEntity, a.Nucleus = onlyDigits(addr.NucleusCode[:2], 2), onlyDigits(addr.NucleusCode[2:4], 2), onlyDigits(addr.NucleusCode[4:], 2)
	}
	a.NucleusName = latin(addr.NucleusName, 25)
	a.StreetCode, a.StreetType, a.StreetName = onlyDigits(addr.StreetINECode, 5), latin(addr.StreetType, 5), latin(addr.StreetName, 25)
	if addr.Number != nil && *addr.Number >= 0 && *addr.Number <= 9999 {
		a.Number = strconv.Itoa(*addr.Number)
	}
	a.Qualifier = latin(addr.Letter, 1)
	a.Km = onlyDigits(addr.Km, 3)
	a.Block, a.Portal, a.Stair = latin(addr.Block, 2), latin(addr.Portal, 2), latin(addr.Stair, 2)
	a.Floor, a.Door = latin(addr.Floor, 3), latin(addr.Door, 4)
	return r, nil
}

// onlyDigits keeps s when it is at most n digits, else "".
func onlyDigits(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return ""
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return s
}

// pendingVariations are the variations of entityID recorded up to before
// and not sent yet (those INE itself communicated are not sent back).
func pendingVariations(ctx context.Context, q db.Queryer, entityID string, before time.Time) ([]Variation, error) {
	return db.Collect(ctx, q, scanVariation, `SELECT `+variationCols+` FROM census_variations
		WHERE entity_id = $1 AND ine_state = '' AND recorded_at < $2 ORDER BY recorded_at, id`, entityID, before.UTC())
}

// WriteVariations writes the exchange file of the variations vs of entityID to buf.
func WriteVariations(ctx context.Context, q db.Queryer, entityID string, vs []Variation, buf *bytes.Buffer) error {
	ine, err := entityINE(ctx, q, entityID)
	if err != nil {
		return err
	}
	if vs, err = statesOf(ctx, q, entityID, vs); err != nil {
		return err
	}
	ids := make([]string, 0, len(vs))
	for _, v := range vs {
		ids = append(ids, v.DwellingID)
	}
	addrs, err := territory.DwellingAddresses(ctx, q, entityID, ids)
	if err != nil {
		return err
	}
	sheets, err := sheetsOf(ctx, q, entityID)
	if err != nil {
		return err
	}
	w := inefile.NewWriter(buf, nil)
	for _, v := range vs {
		r, err := recordOf(ine, v, addrs[v.DwellingID], sheets[v.DwellingID])
		if err != nil {
			return err
		}
		if err := w.Write(r); err != nil {
			return err
		}
	}
	return w.Flush()
}

func sheetsOf(ctx context.Context, q db.Queryer, entityID string) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT dwelling_id, number FROM census_sheets WHERE entity_id = $1`, entityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var d string
		var n int64
		if err := rows.Scan(&d, &n); err != nil {
			return nil, err
		}
		out[d] = n
	}
	return out, rows.Err()
}

// SendMonth produces the monthly file of variations of period (YYYY-MM):
// every variation recorded before the end of that month and not sent yet.
// It records the file and marks the variations as sent.
func (m *Module) SendMonth(ctx context.Context, a *auth.Actor, period string) (INEFile, error) {
	if err := m.kit.Access.RequireHere(ctx, a, PermChange); err != nil {
		return INEFile{}, err
	}
	start, err := time.Parse("2006-01", period)
	if err != nil || start.Year() < 1996 {
		var fe errs.Fields
		fe.Add("periodo", "Elija el mes del fichero (año y mes).")
		return INEFile{}, fe.Err()
	}
	if start.After(today()) {
		var fe errs.Fields
		fe.Add("periodo", "El mes del fichero no puede ser futuro.")
		return INEFile{}, fe.Err()
	}
	return m.sendMonth(ctx, a, a.Entity.ID, start)
}

func (m *Module) sendMonth(ctx context.Context, a *auth.Actor, entityID string, start time.Time) (INEFile, error) {
	end := start.AddDate(0, 1, 0)
	var f INEFile
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		vs, err := pendingVariations(ctx, tx, entityID, end)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := WriteVariations(ctx, tx, entityID, vs, &buf); err != nil {
			return err
		}
		ine, _ := entityINE(ctx, tx, entityID)
		f = INEFile{ID: id.New(), Direction: "envio", Period: start.Format("2006-01"), Records: len(vs),
			Filename: fmt.Sprintf("PADRON_%s_%s.txt", ine, start.Format("200601")), CreatedAt: time.Now().UTC(), CreatedBy: actorID(a),
			Summary: fmt.Sprintf("%d variaciones", len(vs))}
		if _, err := tx.ExecContext(ctx, `INSERT INTO census_ine_files (entity_id, id, direction, period, filename, content, records,
			summary, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			entityID, f.ID, f.Direction, f.Period, f.Filename, buf.Bytes(), f.Records, f.Summary, f.CreatedAt, f.CreatedBy); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE census_variations SET ine_state = 'enviada', ine_file_id = $2
			WHERE entity_id = $1 AND ine_state = '' AND recorded_at < $3`, entityID, f.ID, end.UTC()); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: entityID, Action: "padron.ine.envio", ObjectType: "fichero_ine",
			ObjectID: f.ID, After: map[string]any{"periodo": f.Period, "registros": f.Records, "fichero": f.Filename}})
	})
	return f, err
}

func actorID(a *auth.Actor) string {
	if a == nil {
		return "sistema"
	}
	return a.UserID
}

// MaxINEFile bounds an uploaded INE return.
const MaxINEFile = 20 << 20

// ApplyReturn reads a file returned by INE and applies it: incidencias mark
// the variations sent, comunicaciones of bajas (defunción, cambio de
// residencia) are applied as bajas; what cannot be applied becomes an
// incidencia to resolve by hand. The whole file is one transaction.
func (m *Module) ApplyReturn(ctx context.Context, a *auth.Actor, filename string, content []byte) (INEFile, error) {
	if err := m.kit.Access.RequireHere(ctx, a, PermChange); err != nil {
		return INEFile{}, err
	}
	var fe errs.Fields
	if len(content) == 0 {
		fe.Add("fichero", "Elija el fichero de devolución del INE.")
	} else if len(content) > MaxINEFile {
		fe.Add("fichero", "El fichero es demasiado grande (máximo 20 MB).")
	}
	if err := fe.Err(); err != nil {
		return INEFile{}, err
	}
	lines, err := inefile.Read(bytes.NewReader(content), nil)
	if err != nil {
		fe.Add("fichero", "El fichero no se puede leer: "+err.Error())
		return INEFile{}, fe.Err()
	}
	if len(lines) == 0 {
		fe.Add("fichero", "El fichero no tiene ningún registro.")
		return INEFile{}, fe.Err()
	}
	entityID := a.Entity.ID
	ine, err := entityINE(ctx, m.kit.DB, entityID)
	if err != nil {
		return INEFile{}, err
	}
	f := INEFile{ID: id.New(), Direction: "devolucion", Period: time.Now().Format("2006-01"), Filename: latin(filename, 120),
		Records: len(lines), CreatedAt: time.Now().UTC(), CreatedBy: a.UserID}
	type incident struct {
		line                       int
		inscription, code, message string
	}
	var incidents []incident
	var toApply []struct {
		line int
		rec  inefile.Record
	}
	for _, l := range lines {
		if l.Err != nil {
			incidents = append(incidents, incident{l.N, "", "", "Registro ilegible: " + l.Err.Error()})
			continue
		}
		if l.Record.Province+l.Record.Municipality != ine {
			incidents = append(incidents, incident{l.N, "", "", "El registro es de otro municipio (" + l.Record.Province + l.Record.Municipality + ")."})
			continue
		}
		toApply = append(toApply, struct {
			line int
			rec  inefile.Record
		}{l.N, l.Record})
	}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO census_ine_files (entity_id, id, direction, period, filename, content, records,
			created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			entityID, f.ID, f.Direction, f.Period, f.Filename, content, f.Records, f.CreatedAt, f.CreatedBy); err != nil {
			return err
		}
		for _, x := range toApply {
			insc, msg, err := m.applyRecord(ctx, tx, a, entityID, x.rec)
			if err != nil {
				return err
			}
			if msg != "" {
				incidents = append(incidents, incident{x.line, insc, x.rec.ReturnCode, msg})
			} else {
				f.Applied++
			}
		}
		for _, inc := range incidents {
			if _, err := tx.ExecContext(ctx, `INSERT INTO census_ine_incidents (entity_id, id, file_id, line, inscription_id, code, message)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, entityID, id.New(), f.ID, inc.line, inc.inscription, inc.code, inc.message); err != nil {
				return err
			}
		}
		f.Errors = len(incidents)
		f.Summary = fmt.Sprintf("%d registros: %d aplicados, %d incidencias", f.Records, f.Applied, f.Errors)
		if _, err := tx.ExecContext(ctx, `UPDATE census_ine_files SET errors = $3, applied = $4, summary = $5 WHERE entity_id = $1 AND id = $2`,
			entityID, f.ID, f.Errors, f.Applied, f.Summary); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: entityID, Action: "padron.ine.devolucion", ObjectType: "fichero_ine",
			ObjectID: f.ID, After: map[string]any{"fichero": f.Filename, "resumen": f.Summary}})
	})
	return f, err
}

// applyRecord applies one record of a return inside tx. It returns the
// inscription concerned and, when the record stays as an incidencia, why.
func (m *Module) applyRecord(ctx context.Context, tx *sql.Tx, a *auth.Actor, entityID string, r inefile.Record) (string, string, error) {
	i, err := m.matchRecord(ctx, tx, entityID, r)
	if errors.Is(err, db.ErrNotFound) {
		return "", "No hay ninguna inscripción con el identificador ni el documento del registro.", nil
	}
	if err != nil {
		return "", "", err
	}
	switch r.Info {
	case inefile.InfoIncidencia:
		msg := inefile.ReturnCodes[r.ReturnCode]
		if msg == "" {
			msg = "Incidencia " + r.ReturnCode
		}
		if _, err := tx.ExecContext(ctx, `UPDATE census_variations SET ine_state = 'incidencia', ine_code = $3
			WHERE entity_id = $1 AND inscription_id = $2 AND ine_state = 'enviada'`, entityID, i.ID, r.ReturnCode); err != nil {
			return "", "", err
		}
		return i.ID, "El INE devuelve la inscripción n.º " + strconv.FormatInt(i.Number, 10) + ": " + msg + ".", nil
	case inefile.InfoComunicacion:
		if r.Variation != inefile.Baja || (r.Cause != "BD" && r.Cause != "BC" && r.Cause != "BE" && r.Cause != "BU") {
			return i.ID, "Comunicación del INE que no se aplica automáticamente (" + r.Variation + r.Cause + "): revísela.", nil
		}
		if !i.Active {
			return i.ID, "La inscripción n.º " + strconv.FormatInt(i.Number, 10) + " ya estaba de baja.", nil
		}
		cause, _ := inefile.CauseByCode(r.Cause)
		err := m.bajaTx(ctx, tx, a, entityID, i.ID, BajaInput{Cause: r.Cause, EffectiveOn: r.Date,
			Document: "Comunicación del INE", ToProvince: r.FromProvince, ToMunicipality: r.FromMunicipality}, "ine")
		if fe, ok := errs.AsFields(err); ok {
			return i.ID, cause.Name + " comunicada por el INE que no se puede aplicar: " + fe[0].Message, nil
		}
		if err != nil {
			return "", "", err
		}
		return i.ID, "", nil
	}
	return i.ID, "Tipo de información del registro no reconocido.", nil
}

// matchRecord finds the inscription a record speaks of: by the local
// identifier (the inscription number), else by the document.
func (m *Module) matchRecord(ctx context.Context, q db.Queryer, entityID string, r inefile.Record) (Inscription, error) {
	for _, p := range []inefile.Person{r.Key, r.Data} {
		if n, err := strconv.ParseInt(p.LocalID, 10, 64); err == nil && n > 0 {
			i, err := scanInscription(q.QueryRowContext(ctx, `SELECT `+inscriptionCols+` FROM census_inscriptions
				WHERE entity_id = $1 AND number = $2`, entityID, n))
			if err == nil {
				return i, nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return i, err
			}
		}
	}
	for _, p := range []inefile.Person{r.Key, r.Data} {
		doc := ""
		switch p.DocType {
		case inefile.DocDNI:
			doc = p.DocNumber + p.DocControl
		case inefile.DocNIE:
			doc = p.DocLetter + strings.TrimPrefix(p.DocNumber, "0") + p.DocControl
		case inefile.DocPassport:
			doc = p.OtherDoc
		}
		if doc == "" {
			continue
		}
		i, err := scanInscription(q.QueryRowContext(ctx, `SELECT `+inscriptionCols+` FROM census_inscriptions
			WHERE entity_id = $1 AND doc_number = $2 ORDER BY active DESC, registered_on DESC LIMIT 1`, entityID, doc))
		if err == nil {
			return i, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return i, err
		}
	}
	return Inscription{}, db.ErrNotFound
}

// MonthVariations returns the variations of entityID recorded in the month
// of month, whatever their INE state (to rebuild a month's file).
func MonthVariations(ctx context.Context, q db.Queryer, entityID string, month time.Time) ([]Variation, error) {
	start := time.Date(month.Year(), month.Month(), 1, 0, 0, 0, 0, time.UTC)
	return db.Collect(ctx, q, scanVariation, `SELECT `+variationCols+` FROM census_variations
		WHERE entity_id = $1 AND recorded_at >= $2 AND recorded_at < $3 ORDER BY recorded_at, id`,
		entityID, start, start.AddDate(0, 1, 0))
}

// WritePadron writes the whole padrón of entityID (every active
// inscription, as records without variation code) to buf: the full file of
// the exchange layout, e.g. to hand the padrón back to the entity.
func WritePadron(ctx context.Context, q db.Queryer, entityID string, buf *bytes.Buffer) (int, error) {
	list, err := db.Collect(ctx, q, scanInscription, `SELECT `+inscriptionCols+` FROM census_inscriptions
		WHERE entity_id = $1 AND active ORDER BY number`, entityID)
	if err != nil {
		return 0, err
	}
	vs := make([]Variation, len(list))
	for k := range list {
		vs[k] = Variation{EntityID: entityID, InscriptionID: list[k].ID, DwellingID: list[k].DwellingID, After: snapJSON(&list[k])}
	}
	return len(vs), WriteVariations(ctx, q, entityID, vs, buf)
}
