package parties

import (
	"slices"
	"strings"
	"time"

	"concejo/internal/platform/validate"
	"concejo/internal/refdata"
)

// Party is a tercero.
type Party struct {
	EntityID string
	ID       string
	Kind     string // KindPerson or KindLegal
	DocType  string // DocNIF, DocNIE, DocCIF, DocPassport or DocOther
	// DocNumber is normalised (upper case, no separators); "" when the
	// person has no document (DocOther only).
	DocNumber  string
	DocCountry string // INE country code of a passport or foreign document ("" = not stated)
	// Name is the given name of a person, or the full name (razón social) of a legal entity.
	Name      string
	Surname1  string
	Surname2  string
	BirthDate *time.Time // UTC midnight; persons only
	Email     string
	Phone     string
	// ElectronicNotification records the consent (or, for legal entities,
	// the duty) to be notified electronically.
	ElectronicNotification bool
	// Address: a dwelling of the entity's callejero, or a free address
	// (AddressText, PostalCode, Town, Province) which may be abroad
	// (CountryCode, INE country code; "" or "108" = Spain).
	DwellingID  string
	AddressText string
	PostalCode  string
	Town        string
	Province    string
	CountryCode string
	Notes       string
	// MergedInto is the party this one was merged into ("" = in use).
	MergedInto string
	MergedAt   *time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// FullName is the name as written: "Juan García López", "Construcciones Gata, S.L.".
func (p Party) FullName() string { return join(" ", p.Name, p.Surname1, p.Surname2) }

// SortName is the name as listed: "García López, Juan".
func (p Party) SortName() string {
	if p.Kind == KindLegal || p.Surname1 == "" {
		return p.FullName()
	}
	return join(", ", join(" ", p.Surname1, p.Surname2), p.Name)
}

// Document is the document as shown: "NIF 12345678Z", "Pasaporte AB123456", "Sin documento".
func (p Party) Document() string {
	if p.DocNumber == "" {
		return "Sin documento"
	}
	return DocLabel(p.DocType) + " " + p.DocNumber
}

// KindLabel names the kind for people.
func (p Party) KindLabel() string {
	if p.Kind == KindLegal {
		return "Persona jurídica"
	}
	return "Persona física"
}

// Merged reports whether the party was merged into another.
func (p Party) Merged() bool { return p.MergedInto != "" }

// SearchText is the folded name, surnames and document, as stored in
// search_text. The parts of a name that punctuation joins are there apart
// too ("Sánchez-Arjona": sanchezarjona sanchez arjona), so that the search,
// which matches the beginnings of words, finds each of them.
func (p Party) SearchText() string {
	names := join(" ", p.Name, p.Surname1, p.Surname2)
	words := strings.Fields(SearchForm(join(" ", names, p.DocNumber)))
	for _, w := range strings.Fields(SearchForm(joiners.Replace(names))) {
		if !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// joiners are the punctuation SearchForm drops inside a word.
var joiners = strings.NewReplacer(".", " ", "-", " ", "'", " ", "’", " ")

// sortKey is the folded SortName order, as stored in sort_name.
func (p Party) sortKey() string { return fold(join(" ", p.Surname1, p.Surname2, p.Name)) }

// DocLabel names a document type for people.
func DocLabel(t string) string {
	switch t {
	case DocPassport:
		return "Pasaporte"
	case DocOther:
		return "Documento"
	}
	return t
}

// BankAccount is an account of a party.
type BankAccount struct {
	EntityID  string
	ID        string
	PartyID   string
	IBAN      string // without spaces
	Holder    string
	IsDefault bool
	CreatedAt time.Time
	RemovedAt *time.Time
}

// Formatted is the IBAN in groups of four: "ES91 2100 0418 4502 0005 1332".
func (b BankAccount) Formatted() string { return validate.FormatIBAN(b.IBAN) }

// Representative is a party acting for another.
type Representative struct {
	EntityID         string
	ID               string
	PartyID          string // the one represented
	RepresentativeID string
	Kind             string // "legal" or "voluntaria"
	Scope            string
	ValidFrom        time.Time
	ValidTo          *time.Time
	CreatedAt        time.Time
	RemovedAt        *time.Time
	// Filled by lists: the other party.
	Other Party
}

// KindLabel names the kind of representation.
func (r Representative) KindLabel() string {
	if r.Kind == "legal" {
		return "Legal"
	}
	return "Voluntaria"
}

// Merge is one fusión of a duplicate into a kept party.
type Merge struct {
	ID       string
	KeptID   string
	MergedID string
	Reason   string
	Snapshot string
	MergedAt time.Time
	MergedBy string
	// Filled by lists: the merged party as it was.
	MergedName string
	MergedDoc  string
}

func join(sep string, parts ...string) string {
	out := parts[:0:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// fold is refdata.Fold with inner spaces collapsed.
func fold(s string) string { return strings.Join(strings.Fields(refdata.Fold(s)), " ") }
