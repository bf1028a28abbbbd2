package census

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"concejo/internal/backoffice/census/inefile"
	"concejo/internal/backoffice/census/synth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
	"concejo/internal/refdata"
)

// ServiceCode is the catalogue code of the padrón service.
const ServiceCode = "padron"

// Inscription is a person's inscription in the padrón: the current data of
// the hoja padronal for him.
type Inscription struct {
	EntityID          string
	ID                string
	Number            int64
	PartyID           string
	DwellingID        string
	Active            bool
	Name              string
	Surname1          string
	Surname2          string
	Sex               string // H or M
	BirthDate         time.Time
	BirthProvince     string
	BirthMunicipality string
	Nationality       string
	DocType           string // dni, nie, pasaporte or ""
	DocNumber         string
	Studies           string
	RegisteredOn      time.Time
	AltaCause         string
	LeftOn            time.Time
	BajaCause         string
	RenewalOn         time.Time // ENCSARP: alta or last renewal; zero when not subject
	RenewalWarnedAt   time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// FullName is "Nombre Apellido1 Apellido2".
func (i Inscription) FullName() string {
	return strings.TrimSpace(strings.Join([]string{i.Name, i.Surname1, i.Surname2}, " "))
}

// SortName is "Apellido1 Apellido2, Nombre".
func (i Inscription) SortName() string {
	return strings.TrimSpace(i.Surname1+" "+i.Surname2) + ", " + i.Name
}

// SexLabel is Hombre or Mujer.
func (i Inscription) SexLabel() string {
	if i.Sex == "H" {
		return "Hombre"
	}
	return "Mujer"
}

// DocLabel is "DNI 12345678Z", or "Sin documento".
func (i Inscription) DocLabel() string {
	if i.DocNumber == "" {
		return "Sin documento"
	}
	return docTypeLabels[i.DocType] + " " + i.DocNumber
}

// NationalityName names the nationality.
func (i Inscription) NationalityName() string { return synth.CountryName(i.Nationality) }

// BirthPlace names the place of birth.
func (i Inscription) BirthPlace() string { return placeName(i.BirthProvince, i.BirthMunicipality) }

// StudiesName names the level of studies.
func (i Inscription) StudiesName() string {
	if i.Studies == "" {
		return "No consta (menor de 16 años)"
	}
	return inefile.StudiesLevels[i.Studies]
}

// AltaCauseName and BajaCauseName name the causes.
func (i Inscription) AltaCauseName() string { return causeName(i.AltaCause) }

// BajaCauseName names the cause of the baja.
func (i Inscription) BajaCauseName() string { return causeName(i.BajaCause) }

// Encsarp reports whether the inscription must be renewed every two years.
func (i Inscription) Encsarp() bool { return !i.RenewalOn.IsZero() }

// ExpiresOn is the date the inscription lapses without renewal (ENCSARP).
func (i Inscription) ExpiresOn() time.Time {
	if i.RenewalOn.IsZero() {
		return time.Time{}
	}
	return i.RenewalOn.AddDate(2, 0, 0)
}

// AgeAt is the age in full years at d.
func (i Inscription) AgeAt(d time.Time) int { return ageAt(i.BirthDate, d) }

func ageAt(birth, d time.Time) int {
	return (ymd(d) - ymd(birth)) / 10000
}

// ymd is the date as the integer YYYYMMDD.
func ymd(t time.Time) int { return t.Year()*10000 + int(t.Month())*100 + t.Day() }

var docTypeLabels = map[string]string{"dni": "DNI", "nie": "NIE", "pasaporte": "Pasaporte", "": "Sin documento"}

func causeName(code string) string {
	if c, ok := inefile.CauseByCode(code); ok {
		if code == "AF" {
			return "Alta de oficio (renovación del padrón de 1996 o actuación de oficio)"
		}
		return c.Name
	}
	return code
}

// placeName names a place coded as province + municipality, or "66" + country.
func placeName(prov, mun string) string {
	if prov == inefile.Abroad {
		return synth.CountryName(mun) + " (extranjero)"
	}
	name := ""
	if m, ok := municipalityName(prov + mun); ok {
		name = m + ", "
	} else {
		name = "Municipio " + mun + ", "
	}
	if p, ok := provinceName(prov); ok {
		return name + p
	}
	return prov + mun
}

// causes by kind, for the forms.
func causesOf(kind string) []inefile.Cause {
	var out []inefile.Cause
	for _, c := range inefile.Causes {
		if c.Variation == kind {
			out = append(out, c)
		}
	}
	return out
}

// PersonData is what a clerk enters about a person (alta, corrección).
type PersonData struct {
	Name, Surname1, Surname2 string
	Sex                      string
	BirthDate                time.Time
	BirthProvince            string
	BirthMunicipality        string
	Nationality              string
	DocType, DocNumber       string
	Studies                  string
}

// parseDate reads a date field (web.ParseDay: aaaa-mm-dd or dd/mm/aaaa) as
// a UTC day.
func parseDate(s string) (time.Time, error) {
	if t, ok := web.ParseDay(s, time.UTC); ok {
		return t, nil
	}
	return time.Time{}, errors.New("escriba la fecha como día/mes/año, por ejemplo 27/11/2026, o elíjala en el calendario")
}

// checkPerson validates d and normalises its document, adding messages to fe.
func checkPerson(fe *errs.Fields, d *PersonData, today time.Time) {
	if d.Name == "" {
		fe.Add("nombre", "Escriba el nombre.")
	}
	if d.Surname1 == "" {
		fe.Add("apellido1", "Escriba el primer apellido.")
	}
	for field, v := range map[string]string{"nombre": d.Name, "apellido1": d.Surname1, "apellido2": d.Surname2} {
		if len([]rune(v)) > 60 {
			fe.Add(field, "Escriba como mucho 60 caracteres.")
		}
	}
	if d.Sex != "H" && d.Sex != "M" {
		fe.Add("sexo", "Elija el sexo.")
	}
	switch {
	case d.BirthDate.IsZero():
		fe.Add("nacimiento", "Escriba la fecha de nacimiento como día/mes/año, por ejemplo 27/11/1980.")
	case d.BirthDate.After(today):
		fe.Add("nacimiento", "La fecha de nacimiento no puede ser posterior a hoy.")
	case d.BirthDate.Year() < 1890:
		fe.Add("nacimiento", "La fecha de nacimiento no es plausible: revise el año.")
	}
	if !validProvince(d.BirthProvince) {
		fe.Add("nac_provincia", "Elija la provincia de nacimiento, o «Extranjero».")
	} else if d.BirthProvince == inefile.Abroad {
		if !digits(d.BirthMunicipality, 3) {
			fe.Add("nac_municipio", "Elija el país de nacimiento.")
		}
	} else if !digits(d.BirthMunicipality, 3) {
		fe.Add("nac_municipio", "Escriba el código INE de tres cifras del municipio de nacimiento, por ejemplo 037.")
	}
	if !digits(d.Nationality, 3) {
		fe.Add("nacionalidad", "Elija la nacionalidad.")
	}
	if d.Studies != "" {
		if _, ok := inefile.StudiesLevels[d.Studies]; !ok {
			fe.Add("estudios", "Elija un nivel de estudios de la lista.")
		}
	} else if !d.BirthDate.IsZero() && ageAt(d.BirthDate, today) >= 16 {
		fe.Add("estudios", "Elija el nivel de estudios (obligatorio desde los 16 años).")
	}
	switch d.DocType {
	case "dni", "nie":
		n, err := validate.PersonNIF(d.DocNumber)
		if err != nil {
			fe.Add("documento", "El número de documento no es válido: revise las cifras y la letra de control.")
			break
		}
		isNIE := strings.ContainsAny(n[:1], "XYZ")
		if d.DocType == "dni" && (isNIE || !digits(n[:8], 8)) {
			fe.Add("documento", "Un DNI son 8 cifras y una letra. Si es un NIE, elija «NIE» como tipo de documento.")
			break
		}
		if d.DocType == "nie" && !isNIE {
			fe.Add("documento", "Un NIE empieza por X, Y o Z. Si es un DNI, elija «DNI» como tipo de documento.")
			break
		}
		d.DocNumber = n
	case "pasaporte":
		n := strings.ToUpper(strings.Join(strings.Fields(d.DocNumber), ""))
		if len(n) < 3 || len(n) > 20 || strings.IndexFunc(n, func(r rune) bool {
			return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		}) >= 0 {
			fe.Add("documento", "Escriba el número del pasaporte: de 3 a 20 letras y cifras, sin espacios.")
		}
		d.DocNumber = n
	case "":
		d.DocNumber = ""
		if !d.BirthDate.IsZero() && ageAt(d.BirthDate, today) >= 14 && d.Nationality == synth.Spain {
			fe.Add("documento_tipo", "Los españoles mayores de 14 años se inscriben con su DNI.")
		}
		if !d.BirthDate.IsZero() && ageAt(d.BirthDate, today) >= 18 && d.Nationality != synth.Spain {
			fe.Add("documento_tipo", "Los extranjeros mayores de edad se inscriben con su NIE o, en su defecto, su pasaporte.")
		}
	default:
		fe.Add("documento_tipo", "Elija el tipo de documento.")
	}
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func validProvince(code string) bool {
	if code == inefile.Abroad {
		return true
	}
	_, ok := provinceName(code)
	return ok
}

// searchText is the folded text a name search looks into: name, surnames
// and document, in any order.
func searchText(d PersonData) string {
	return strings.Join(words(d), " ")
}

// sortKey orders people as a Spanish list does: by first surname, second
// surname and name, ignoring case and accents (Álvarez among the A, not
// after Zurita as byte order would put it).
func sortKey(d PersonData) string {
	return refdata.Fold(d.Surname1) + " " + refdata.Fold(d.Surname2) + " " + refdata.Fold(d.Name)
}

func (i Inscription) data() PersonData {
	return PersonData{Name: i.Name, Surname1: i.Surname1, Surname2: i.Surname2, Sex: i.Sex, BirthDate: i.BirthDate,
		BirthProvince: i.BirthProvince, BirthMunicipality: i.BirthMunicipality, Nationality: i.Nationality,
		DocType: i.DocType, DocNumber: i.DocNumber, Studies: i.Studies}
}

// day truncates t to its date at UTC midnight (padrón dates are days).
func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// today is the current date in Spain.
func today() time.Time {
	n := time.Now().In(madrid)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

var madrid = func() *time.Location {
	l, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		return time.UTC
	}
	return l
}()

// CheckDocument validates an identity document of the padrón: kind is dni,
// nie or pasaporte; the error is the Spanish message.
func CheckDocument(kind, number string) error {
	var fe errs.Fields
	d := PersonData{DocType: kind, DocNumber: number}
	checkPerson(&fe, &d, today())
	if msg := fe.For("documento"); msg != "" {
		return fmt.Errorf("%s", msg)
	}
	if msg := fe.For("documento_tipo"); msg != "" {
		return fmt.Errorf("%s", msg)
	}
	return nil
}
