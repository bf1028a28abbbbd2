package signflow

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
	"concejo/internal/platform/web"
)

// isPDF reports whether a document is a PDF.
func isPDF(b []byte) bool { return pdf.IsPDF(b) }

// blockLines are the lines of a signature's visible block made at t.
func blockLines(name, post, onBehalf string, t time.Time) []string {
	lines := []string{"Firmado electrónicamente por", name}
	if post != "" {
		lines = append(lines, post)
	}
	if onBehalf != "" {
		lines = append(lines, "Por "+onBehalf)
	}
	return append(lines, "Fecha: "+t.In(web.Madrid).Format("02/01/2006 15:04"))
}

// blockAt places the seq-th visible block (0-based) of a version: two
// columns from the foot of the first page upwards.
func blockAt(seq int, lines []string) *sign.Block {
	const w, h, gap = 250, 62, 8
	x := 40 + float64(seq%2)*(w+gap)
	y := 90 + float64(seq/2)*(h+gap)
	return &sign.Block{Page: 1, Rect: [4]float64{x, y, x + w, y + h}, Lines: lines}
}

// central signs with the actor's centrally held certificate (issued by the
// platform's authority when he has none and the installation allows it).
func (m *Module) central(a *auth.Actor) signing {
	return func(ctx context.Context, tx *sql.Tx, r Request, slot Signer, onBehalf string, seq int) ([]byte, SignatureRecord, error) {
		key, cert, err := m.keyFor(ctx, tx, r.EntityID, KindPersonal, a.UserID)
		if err != nil {
			return nil, SignatureRecord{}, err
		}
		now := m.kit.Now()
		post := slot.Post
		if a.UserID != slot.UserID {
			post = ""
		}
		rec := SignatureRecord{UserID: a.UserID, UserName: a.Name, How: HowCentral, CertSubject: cert.Subject,
			CertSerial: cert.Serial, CertNIF: cert.NIF}
		if r.IsPDF() {
			o := sign.Options{Time: now, Name: a.Name, Reason: reason(r, onBehalf), Location: "Concejo",
				Block: blockAt(seq, blockLines(a.Name, post, onBehalf, now))}
			out, err := sign.Sign(sign.PAdES, r.Content, key, o)
			if err != nil {
				return nil, rec, fmt.Errorf("portafirmas: firmar %s: %w", r.ID, err)
			}
			rec.Format = string(sign.PAdES)
			return out, rec, nil
		}
		out, err := sign.Sign(sign.CAdES, r.Content, key, sign.Options{Time: now})
		if err != nil {
			return nil, rec, fmt.Errorf("portafirmas: firmar %s: %w", r.ID, err)
		}
		rec.Format, rec.Detached = string(sign.CAdES), out
		return nil, rec, nil
	}
}

// reason is the PDF signature's /Reason.
func reason(r Request, onBehalf string) string {
	s := "Firma de " + strings.ToLower(r.KindLabel()) + ": " + r.Title
	if onBehalf != "" {
		s += " (por " + onBehalf + ")"
	}
	return s
}
