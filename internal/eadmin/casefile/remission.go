package casefile

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/eni"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

// States of a remission.
const (
	RemissionPrepared = "preparada"
	RemissionSent     = "enviada"
	RemissionReceived = "recibida"
	RemissionError    = "con_error"
)

// remissionAccess is how long the court's link stays valid.
const remissionAccess = 90 * 24 * time.Hour

// Remission is an expediente sent to a court or another administration.
type Remission struct {
	EntityID, ID, FileID     string
	Destination, Reference   string
	State                    string
	Documents                int
	Package                  []byte
	PackageSHA256            string
	Token                    string
	ExpiresAt, CreatedAt     time.Time
	CreatedBy, CreatedByName string
	SentAt, ReceivedAt       *time.Time
	Receipt, Error           string
}

// StateLabel names the state.
func (r Remission) StateLabel() string {
	switch r.State {
	case RemissionPrepared:
		return "Preparada"
	case RemissionSent:
		return "Enviada"
	case RemissionReceived:
		return "Recibida"
	case RemissionError:
		return "Con error"
	}
	return r.State
}

// eniFile is one file of an ENI export.
type eniFile struct {
	Name string
	Data []byte
}

// expedienteENI is the expediente as ENI: its XML with the índice signed by
// the entity's seal, and each indexed document's ENI file. state is the
// ENI Estado (E01 abierto, E02 cerrado, E03 índice para remisión cerrado).
func (m *Module) expedienteENI(ctx context.Context, q db.Queryer, f File, state string) ([]byte, []eniFile, error) {
	e, err := directory.EntityByID(ctx, q, f.EntityID)
	if err != nil {
		return nil, nil, err
	}
	if e.DIR3 == "" {
		return nil, nil, errs.New(errs.Conflict, "La entidad no tiene código DIR3: no se puede identificar el expediente ENI.")
	}
	all, err := documentsOf(ctx, q, f.EntityID, f.ID)
	if err != nil {
		return nil, nil, err
	}
	var files []eniFile
	exp := eni.Expediente{Identifier: eni.ExpedienteIdentifier(e.DIR3, f.Year, strings.ReplaceAll(f.Number, "/", "")),
		Organs: []string{e.DIR3}, Opened: f.CreatedAt.In(web.Madrid), Classification: classification(e.DIR3, f),
		State: state, IndexDate: m.kit.Now().In(web.Madrid)}
	for _, d := range current(all) {
		if d.Status == "borrador" {
			continue
		}
		data, err := m.eniDocument(ctx, f, d)
		if err != nil {
			return nil, nil, err
		}
		ident := eniIdentifier(e.DIR3, d)
		exp.Documents = append(exp.Documents, eni.Indexed(ident, data, d.CreatedAt.In(web.Madrid), strconv.Itoa(d.Pos)))
		files = append(files, eniFile{Name: fmt.Sprintf("documentos/%02d-%s.xml", d.Pos, ident), Data: data})
	}
	if len(exp.Documents) == 0 {
		return nil, nil, errs.New(errs.Conflict, "El expediente no tiene todavía ningún documento emitido o incorporado: no hay índice que remitir.")
	}
	parties, err := partiesOf(ctx, q, f.EntityID, f.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range parties {
		if p.Role == "interesado" && p.DocNumber != "" {
			exp.Interested = append(exp.Interested, p.DocNumber)
		}
	}
	unsigned, err := exp.XML()
	if err != nil {
		return nil, nil, fmt.Errorf("expediente ENI %s: %w", f.Number, err)
	}
	signed, err := m.kit.SealXML(ctx, q, f.EntityID, unsigned, eni.IndexSignature(m.kit.Now()))
	if err != nil {
		return nil, nil, fmt.Errorf("expediente ENI %s: firmar el índice: %w", f.Number, err)
	}
	return signed, files, nil
}

// classification is the ENI Clasificacion: <DIR3>_PRO_<procedure>, at most
// 30 characters after _PRO_.
func classification(dir3 string, f File) string {
	code := strings.ToUpper(strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, f.ProcedureID))
	if code == "" {
		code = "GENERICO"
	}
	return dir3 + "_PRO_" + code[:min(len(code), 30)]
}

// indexPDF is the visualización of the índice: the expediente's metadata
// and its documents with their fingerprints.
func (m *Module) indexPDF(ctx context.Context, q db.Queryer, f File, files []eniFile, destination, reference string) ([]byte, error) {
	e, err := directory.EntityByID(ctx, q, f.EntityID)
	if err != nil {
		return nil, err
	}
	fields := []pdf.Field{{Label: "Expediente", Value: f.Number}, {Label: "Procedimiento", Value: f.ProcedureName},
		{Label: "Asunto", Value: f.Subject}, {Label: "Remitido a", Value: destination}}
	if reference != "" {
		fields = append(fields, pdf.Field{Label: "Procedimiento judicial", Value: reference})
	}
	var paras []string
	for i, fl := range files {
		sum := sha256.Sum256(fl.Data)
		paras = append(paras, fmt.Sprintf("%d. %s\nSHA-256 del fichero ENI: %s", i+1, strings.TrimPrefix(fl.Name, "documentos/"), hex.EncodeToString(sum[:])))
	}
	paras = append(paras, "El índice electrónico (expediente.xml) va firmado con el sello electrónico de la entidad (XAdES); "+
		"cada documento va en su fichero ENI, con su huella SHA-512 en el índice.")
	return pdf.Render(pdf.Document{Issuer: e.Name, Title: "Índice del expediente electrónico", Reference: "Expediente " + f.Number,
		Fields: fields, Paragraphs: paras, Date: m.kit.Now()})
}

// zipPackage writes the remission package.
func zipPackage(exp []byte, files []eniFile, index []byte) ([]byte, error) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	all := append([]eniFile{{"expediente.xml", exp}, {"indice.pdf", index}}, files...)
	for _, f := range all {
		w, err := z.Create(f.Name)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// prepareRemission builds and keeps the remission package of an
// expediente for a destination.
func (m *Module) prepareRemission(ctx context.Context, a *auth.Actor, f File, destination, reference string) (Remission, error) {
	var fe errs.Fields
	destination, reference = strings.TrimSpace(destination), strings.TrimSpace(reference)
	fe.Check("destino", validate.Text(destination, "El órgano de destino", true, 200))
	fe.Check("referencia", validate.Text(reference, "La referencia del procedimiento", false, 100))
	if err := fe.Err(); err != nil {
		return Remission{}, err
	}
	now := m.kit.Now()
	r := Remission{EntityID: f.EntityID, ID: id.New(), FileID: f.ID, Destination: destination, Reference: reference,
		State: RemissionPrepared, Token: id.Token(24), ExpiresAt: now.Add(remissionAccess), CreatedAt: now,
		CreatedBy: a.UserID, CreatedByName: a.Name}
	// Built before the transaction: a resolution's document may be issued
	// on first use by the libro, and the seal made on first use, each in
	// its own transaction.
	exp, files, err := m.expedienteENI(ctx, m.kit.DB, f, "E03")
	if err != nil {
		return Remission{}, err
	}
	index, err := m.indexPDF(ctx, m.kit.DB, f, files, destination, reference)
	if err != nil {
		return Remission{}, err
	}
	if r.Package, err = zipPackage(exp, files, index); err != nil {
		return Remission{}, err
	}
	sum := sha256.Sum256(r.Package)
	r.PackageSHA256, r.Documents = hex.EncodeToString(sum[:]), len(files)
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO casefile_remissions (entity_id, id, file_id, destination, reference,
			state, documents, package, package_sha256, token, expires_at, created_at, created_by, created_by_name)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`, r.EntityID, r.ID, r.FileID, r.Destination,
			r.Reference, r.State, r.Documents, r.Package, r.PackageSHA256, r.Token, r.ExpiresAt, r.CreatedAt, r.CreatedBy,
			r.CreatedByName); err != nil {
			return err
		}
		return m.remissionEvent(ctx, tx, a, r, "remitir", fmt.Sprintf("Remisión a %s preparada: %d documentos, índice firmado con el sello de la entidad.", destination, r.Documents))
	})
	return r, err
}

// remissionEvent writes the remission's line in the expediente's history and the audit.
func (m *Module) remissionEvent(ctx context.Context, tx *sql.Tx, a *auth.Actor, r Remission, action, text string) error {
	return m.record(ctx, tx, a, File{EntityID: r.EntityID, ID: r.FileID}, action, text,
		map[string]any{"remision": r.ID, "destino": r.Destination, "referencia": r.Reference, "estado": r.State, "sha256": r.PackageSHA256})
}
