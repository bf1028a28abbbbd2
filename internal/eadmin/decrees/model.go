package decrees

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

// States of a resolution.
const (
	StateDraft  = "borrador"
	StateSigned = "firmado"
)

// Órganos that resolve.
const (
	OrganMayor    = "alcaldia"
	OrganDelegate = "concejal"
)

// MayorOrgan is the name of the Alcaldía-Presidencia as an órgano.
const MayorOrgan = "Alcaldía-Presidencia"

// Limits of the fields.
const (
	MaxSummary = 250
	maxBody    = 100_000
	maxShort   = 200
)

// Decree is a resolution of the book: a draft (State "borrador", no number)
// or a signed one.
type Decree struct {
	EntityID, ID string
	State        string
	// Organ is "alcaldia" or "concejal"; OrganName is the órgano's name
	// (MayorOrgan, or the concejalía) and Delegation the decree of
	// delegation of a concejal.
	Organ, OrganName, Delegation string
	Summary, Body, Area          string
	CaseID, CaseNumber           string
	// RectifiesID is the resolution this one corrects, if any.
	RectifiesID              string
	CreatedAt, UpdatedAt     time.Time
	CreatedBy, CreatedByName string
	Year                     int
	Seq                      int64
	// Number is "<year>/<6 digits>", empty for drafts.
	Number string
	// SignedOn is the day of signature (midnight UTC of that date).
	SignedOn time.Time
	// Signature is the kind of signature ("papel", "electronica").
	Signature                  string
	SignerName, SignerPost     string
	RecordedAt                 time.Time
	RecordedBy, RecordedByName string
	// CSV is the código seguro de verificación of the signed document.
	CSV string
}

// Signed reports whether the resolution is signed.
func (d Decree) Signed() bool { return d.State == StateSigned }

// OrganLabel is the órgano as the book shows it.
func (d Decree) OrganLabel() string {
	if d.Organ == OrganDelegate {
		s := d.OrganName
		if d.Delegation != "" {
			s += " (por delegación: " + d.Delegation + ")"
		}
		return s
	}
	return MayorOrgan
}

// Paragraphs are the paragraphs of the text.
func (d Decree) Paragraphs() []string { return paragraphs(d.Body) }

// StateLabel is the state in Spanish.
func (d Decree) StateLabel() string {
	if d.Signed() {
		return "Firmada"
	}
	return "Borrador"
}

// SignedOnLabel is the date of signature, dd/mm/aaaa.
func (d Decree) SignedOnLabel() string {
	if d.SignedOn.IsZero() {
		return ""
	}
	return d.SignedOn.Format("02/01/2006")
}

// SignatureLabel describes the signature.
func (d Decree) SignatureLabel() string {
	switch d.Signature {
	case KindPaper:
		return "Firmada en papel"
	case KindElectronic:
		return "Firmada electrónicamente en el portafirmas"
	}
	return d.Signature
}

// FormatNumber is the number of a resolution: 2026/000123.
func FormatNumber(year int, seq int64) string { return fmt.Sprintf("%d/%06d", year, seq) }

var numberRe = regexp.MustCompile(`^(\d{4})/(\d{1,6})$`)

// parseNumber reads 2026/000123 or 2026/123 and returns it formatted.
func parseNumber(s string) (string, bool) {
	m := numberRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	year, _ := strconv.Atoi(m[1])
	seq, _ := strconv.ParseInt(m[2], 10, 64)
	if seq < 1 {
		return "", false
	}
	return FormatNumber(year, seq), true
}

// civilDay is the date of t in Madrid as midnight UTC of that date.
func civilDay(t time.Time) time.Time {
	y, m, d := t.In(web.Madrid).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// checkText adds to fe, under field, the problems validate.Text finds.
func checkText(fe *errs.Fields, field, v, label string, required bool, max int) {
	fe.Check(field, validate.Text(v, label, required, max))
}

// normalize trims p and checks it; field names are those of the form.
func normalize(p *Proposal) error {
	for _, s := range []*string{&p.Organ, &p.OrganName, &p.Delegation, &p.Summary, &p.Area, &p.CaseID,
		&p.CaseNumber, &p.Rectifies} {
		*s = strings.TrimSpace(*s)
	}
	p.Body = strings.TrimSpace(strings.ReplaceAll(p.Body, "\r\n", "\n"))
	var fe errs.Fields
	switch p.Organ {
	case "", OrganMayor:
		p.Organ, p.OrganName, p.Delegation = OrganMayor, MayorOrgan, ""
	case OrganDelegate:
		checkText(&fe, "organo_nombre", p.OrganName, "El nombre de la concejalía delegada", true, maxShort)
		checkText(&fe, "delegacion", p.Delegation, "El decreto de delegación", true, maxShort)
	default:
		fe.Add("organo", "Elija el órgano: la Alcaldía-Presidencia o un concejal por delegación.")
	}
	checkText(&fe, "extracto", p.Summary, "El extracto", true, MaxSummary)
	checkText(&fe, "texto", p.Body, "El texto de la resolución", false, maxBody)
	checkText(&fe, "area", p.Area, "El área", false, maxShort)
	checkText(&fe, "expediente", p.CaseNumber, "El número de expediente", false, maxShort)
	checkText(&fe, "expediente", p.CaseID, "El identificador del expediente", false, maxShort)
	if p.Rectifies != "" {
		if n, ok := parseNumber(p.Rectifies); ok {
			p.Rectifies = n
		} else {
			fe.Add("rectifica", "Escriba el número de la resolución que se rectifica como año/número, por ejemplo 2026/000012.")
		}
	}
	return fe.Err()
}

// searchText is what the text filter searches: extracto, number, expediente.
func searchText(d Decree) string {
	return web.Join(" ", d.Summary, d.CaseNumber, d.Area)
}
