// Package placsp reads the syndication feeds of the Plataforma de
// Contratación del Sector Público (PLACSP): Atom pages (RFC 4287, with
// RFC 6721 tombstones for closed entries) whose entries carry a CODICE
// ContractFolderStatus (expediente de contratación: estado, objeto, tipo,
// importes, procedimiento, plazo, pliegos, anuncios, adjudicación).
//
// Parse is for outside input: it limits the size read, never panics, and
// ignores what it does not know.
package placsp

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// MaxSize is the largest feed page Parse reads (PLACSP pages are ~1–4 MB).
const MaxSize = 16 << 20

// Feed is one page of a syndication feed.
type Feed struct {
	ID, Title string
	Updated   time.Time
	// Next is the address of the next (older) page, "" at the end.
	Next    string
	Entries []Entry
	Deleted []Deleted
}

// Deleted is a tombstone: an entry withdrawn from the feed.
type Deleted struct {
	Ref    string
	When   time.Time
	Reason string
}

// Entry is one contract file (expediente) as the feed last describes it.
type Entry struct {
	ID, Link, Title, Summary string
	Updated                  time.Time
	// FolderID is the expediente number given by the contracting body.
	FolderID string
	// Status is the PLACSP state code (PRE, PUB, EV, ADJ, RES, ANUL).
	Status string
	// Party is the contracting body; PartyDIR3 its DIR3 when the feed gives it.
	Party, PartyDIR3, BuyerProfile string
	// Project: name, contract type code, CPV, NUTS, duration.
	Name, TypeCode, CPV, NUTS, Duration string
	// Amounts in euro cents: estimated value, budget without VAT, with VAT.
	EstimatedCents, BudgetCents, BudgetWithTaxCents int64
	ProcedureCode                                   string
	// Deadline is the end of the submission period (zero when absent).
	Deadline  time.Time
	Documents []Document
	Notices   []Notice
	// Award: winner and amount (without VAT) when awarded.
	Awardee    string
	AwardCents int64
}

// Document is a pliego or other document of the file.
type Document struct{ Kind, Name, URI string }

// Notice is a publication of the file (anuncio de licitación, adjudicación...).
type Notice struct {
	Type, Media string
	Date        time.Time
}

// ErrTooLarge is returned for feeds over MaxSize.
var ErrTooLarge = errors.New("placsp: el fichero supera el tamaño máximo")

type xmlFeed struct {
	ID      string       `xml:"id"`
	Title   string       `xml:"title"`
	Updated string       `xml:"updated"`
	Links   []xmlLink    `xml:"link"`
	Entries []xmlEntry   `xml:"entry"`
	Deleted []xmlDeleted `xml:"deleted-entry"`
}

type xmlLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
}

type xmlDeleted struct {
	Ref     string `xml:"ref,attr"`
	When    string `xml:"when,attr"`
	Comment struct {
		Type string `xml:"type,attr"`
		Text string `xml:",chardata"`
	} `xml:"comment"`
}

type amount struct {
	Value    string `xml:",chardata"`
	Currency string `xml:"currencyID,attr"`
}

type xmlID struct {
	Value  string `xml:",chardata"`
	Scheme string `xml:"schemeName,attr"`
}

type xmlParty struct {
	IDs  []xmlID `xml:"PartyIdentification>ID"`
	Name string  `xml:"PartyName>Name"`
}

type xmlDoc struct {
	ID  string `xml:"ID"`
	URI string `xml:"Attachment>ExternalReference>URI"`
}

type xmlEntry struct {
	ID      string    `xml:"id"`
	Links   []xmlLink `xml:"link"`
	Title   string    `xml:"title"`
	Summary string    `xml:"summary"`
	Updated string    `xml:"updated"`
	Folder  struct {
		FolderID string `xml:"ContractFolderID"`
		Status   string `xml:"ContractFolderStatusCode"`
		Located  struct {
			BuyerProfile string   `xml:"BuyerProfileURIID"`
			Party        xmlParty `xml:"Party"`
		} `xml:"LocatedContractingParty"`
		Project struct {
			Name     string `xml:"Name"`
			TypeCode string `xml:"TypeCode"`
			Budget   struct {
				Estimated amount `xml:"EstimatedOverallContractAmount"`
				Total     amount `xml:"TotalAmount"`
				TaxExcl   amount `xml:"TaxExclusiveAmount"`
			} `xml:"BudgetAmount"`
			CPV      []string `xml:"RequiredCommodityClassification>ItemClassificationCode"`
			NUTS     string   `xml:"RealizedLocation>CountrySubentityCode"`
			Duration struct {
				Value string `xml:",chardata"`
				Unit  string `xml:"unitCode,attr"`
			} `xml:"PlannedPeriod>DurationMeasure"`
		} `xml:"ProcurementProject"`
		Process struct {
			Procedure string `xml:"ProcedureCode"`
			Deadline  struct {
				Date string `xml:"EndDate"`
				Time string `xml:"EndTime"`
			} `xml:"TenderSubmissionDeadlinePeriod"`
		} `xml:"TenderingProcess"`
		Legal      []xmlDoc `xml:"LegalDocumentReference"`
		Technical  []xmlDoc `xml:"TechnicalDocumentReference"`
		Additional []xmlDoc `xml:"AdditionalDocumentReference"`
		Notices    []struct {
			Type   string `xml:"NoticeTypeCode"`
			Status []struct {
				Media string   `xml:"PublicationMediaName"`
				Dates []string `xml:"AdditionalPublicationDocumentReference>IssueDate"`
			} `xml:"AdditionalPublicationStatus"`
		} `xml:"ValidNoticeInfo"`
		Results []struct {
			Winner string `xml:"WinningParty>PartyName>Name"`
			Amount amount `xml:"AwardedTenderedProject>LegalMonetaryTotal>TaxExclusiveAmount"`
		} `xml:"TenderResult"`
	} `xml:"ContractFolderStatus"`
}

// Parse reads one feed page.
func Parse(r io.Reader) (*Feed, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, ErrTooLarge
	}
	var x xmlFeed
	dec := xml.NewDecoder(strings.NewReader(string(data)))
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if l := strings.ToLower(label); l == "utf-8" || l == "utf8" {
			return in, nil
		}
		return nil, fmt.Errorf("placsp: codificación %q no admitida", label)
	}
	if err := dec.Decode(&x); err != nil {
		return nil, fmt.Errorf("placsp: el fichero no es un canal Atom válido: %w", err)
	}
	f := &Feed{ID: clean(x.ID), Title: clean(x.Title), Updated: parseTime(x.Updated)}
	for _, l := range x.Links {
		if l.Rel == "next" {
			f.Next = clean(l.Href)
		}
	}
	for _, d := range x.Deleted {
		f.Deleted = append(f.Deleted, Deleted{Ref: clean(d.Ref), When: parseTime(d.When), Reason: clean(d.Comment.Type)})
	}
	for _, xe := range x.Entries {
		f.Entries = append(f.Entries, entry(xe))
	}
	return f, nil
}

func entry(xe xmlEntry) Entry {
	cf := xe.Folder
	e := Entry{ID: clean(xe.ID), Title: clean(xe.Title), Summary: clean(xe.Summary), Updated: parseTime(xe.Updated),
		FolderID: clean(cf.FolderID), Status: clean(cf.Status), Party: clean(cf.Located.Party.Name),
		BuyerProfile: clean(cf.Located.BuyerProfile), Name: clean(cf.Project.Name), TypeCode: clean(cf.Project.TypeCode),
		NUTS: clean(cf.Project.NUTS), ProcedureCode: clean(cf.Process.Procedure)}
	for _, l := range xe.Links {
		if l.Rel == "" || l.Rel == "alternate" {
			e.Link = clean(l.Href)
			break
		}
	}
	for _, id := range cf.Located.Party.IDs {
		if strings.EqualFold(id.Scheme, "DIR3") {
			e.PartyDIR3 = clean(id.Value)
		}
	}
	if len(cf.Project.CPV) > 0 {
		e.CPV = clean(cf.Project.CPV[0])
	}
	if v := clean(cf.Project.Duration.Value); v != "" {
		e.Duration = v + " " + durationUnit(cf.Project.Duration.Unit, v)
	}
	e.EstimatedCents = Cents(cf.Project.Budget.Estimated.Value)
	e.BudgetCents = Cents(cf.Project.Budget.TaxExcl.Value)
	e.BudgetWithTaxCents = Cents(cf.Project.Budget.Total.Value)
	if d := clean(cf.Process.Deadline.Date); d != "" {
		tm := clean(cf.Process.Deadline.Time)
		if tm == "" {
			tm = "23:59:59"
		}
		if t, err := time.ParseInLocation("2006-01-02 15:04:05", d+" "+tm, madrid); err == nil {
			e.Deadline = t.UTC()
		} else if t, err := time.ParseInLocation("2006-01-02", d, madrid); err == nil {
			e.Deadline = t.UTC()
		}
	}
	for _, g := range []struct {
		kind string
		docs []xmlDoc
	}{{"Pliego de cláusulas administrativas", cf.Legal}, {"Pliego de prescripciones técnicas", cf.Technical},
		{"Otro documento", cf.Additional}} {
		for _, d := range g.docs {
			if u := clean(d.URI); u != "" {
				e.Documents = append(e.Documents, Document{Kind: g.kind, Name: clean(d.ID), URI: u})
			}
		}
	}
	for _, n := range cf.Notices {
		for _, st := range n.Status {
			nt := Notice{Type: clean(n.Type), Media: clean(st.Media)}
			for _, d := range st.Dates {
				if t, err := time.ParseInLocation("2006-01-02", clean(d), madrid); err == nil {
					nt.Date = t.UTC()
				}
			}
			e.Notices = append(e.Notices, nt)
		}
	}
	for _, r := range cf.Results {
		if w := clean(r.Winner); w != "" {
			e.Awardee = w
			e.AwardCents = Cents(r.Amount.Value)
		}
	}
	return e
}

var madrid = func() *time.Location {
	l, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return l
}()

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func parseTime(s string) time.Time {
	s = clean(s)
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05.999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

func durationUnit(code, v string) string {
	one := v == "1"
	switch code {
	case "ANN":
		if one {
			return "año"
		}
		return "años"
	case "MON":
		if one {
			return "mes"
		}
		return "meses"
	case "DAY":
		if one {
			return "día"
		}
		return "días"
	}
	return code
}

// Cents converts a decimal amount ("949509.1", "1234,56") to cents,
// rounding half up at the third decimal; malformed input gives 0.
func Cents(s string) int64 {
	s = strings.ReplaceAll(clean(s), ",", ".")
	if s == "" {
		return 0
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" {
		whole = "0"
	}
	if len(whole) > 15 {
		return 0
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 {
		return 0
	}
	frac += "000"
	for _, c := range frac {
		if c < '0' || c > '9' {
			return 0
		}
	}
	c := w*100 + int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	if frac[2] >= '5' {
		c++
	}
	if neg {
		return -c
	}
	return c
}

// StatusLabel is the Spanish name of a PLACSP state code.
func StatusLabel(code string) string {
	switch code {
	case "PRE":
		return "Anuncio previo"
	case "PUB":
		return "En plazo"
	case "EV":
		return "Pendiente de adjudicación"
	case "ADJ":
		return "Adjudicada"
	case "RES":
		return "Resuelta"
	case "ANUL":
		return "Anulada"
	}
	return code
}

// TypeLabel is the Spanish name of a CODICE contract type code.
func TypeLabel(code string) string {
	switch code {
	case "1":
		return "Suministros"
	case "2":
		return "Servicios"
	case "3":
		return "Obras"
	case "21":
		return "Gestión de servicios públicos"
	case "22":
		return "Concesión de servicios"
	case "31":
		return "Concesión de obras"
	case "7":
		return "Administrativo especial"
	case "8":
		return "Privado"
	case "50":
		return "Patrimonial"
	}
	if code == "" {
		return ""
	}
	return "Tipo " + code
}

// ProcedureLabel is the Spanish name of a CODICE procedure code.
func ProcedureLabel(code string) string {
	switch code {
	case "1":
		return "Abierto"
	case "2":
		return "Restringido"
	case "3":
		return "Negociado sin publicidad"
	case "4":
		return "Negociado con publicidad"
	case "5":
		return "Diálogo competitivo"
	case "6":
		return "Contrato menor"
	case "7":
		return "Derivado de acuerdo marco"
	case "8":
		return "Concurso de proyectos"
	case "9":
		return "Abierto simplificado"
	case "10":
		return "Asociación para la innovación"
	case "13":
		return "Licitación con negociación"
	case "100":
		return "Normas internas"
	case "999":
		return "Otros"
	}
	if code == "" {
		return ""
	}
	return "Procedimiento " + code
}
