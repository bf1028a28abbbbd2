package entities

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/validate"
)

// Form field names.
const (
	fKind       = "tipo"
	fName       = "nombre"
	fINE        = "codigo_ine"
	fDC         = "dc_ine"
	fDIR3       = "dir3"
	fNIF        = "nif"
	fAddress    = "direccion"
	fPostalCode = "codigo_postal"
	fTown       = "localidad"
	fPopulation = "poblacion"
	fPopYear    = "anio_poblacion"
	fEmail      = "email"
	fPhone      = "telefono"
	fMayor      = "alcalde"
	fTitle      = "cargo"
	fParent     = "ayuntamiento"
	fNotes      = "notas"
)

// contactFields are the fields an entity's own user administrator may change.
var contactFields = []string{fAddress, fPostalCode, fTown, fEmail, fPhone, fMayor, fTitle}

// Input is what a form submitted, field name → trimmed value.
type Input map[string]string

// maxLen records an error when field is longer than n characters.
func maxLen(fe *errs.Fields, field, label, v string, n int) {
	if utf8.RuneCountInString(v) > n {
		fe.Add(field, fmt.Sprintf("%s no puede tener más de %d caracteres.", label, n))
	}
}

// message returns the Spanish message of a validator's error.
func message(err error) string {
	var ve *validate.FieldError
	if errors.As(err, &ve) {
		return ve.Message
	}
	return err.Error()
}

// applyContact validates the contact fields of in and copies them into e.
// province, when not "", is the province the postal code must belong to.
func applyContact(fe *errs.Fields, in Input, e *Entity, province string) {
	e.Address, e.Town = in[fAddress], in[fTown]
	maxLen(fe, fAddress, "La dirección", e.Address, 200)
	maxLen(fe, fTown, "La localidad", e.Town, 100)
	e.PostalCode = ""
	if v := in[fPostalCode]; v != "" {
		pc, err := validate.PostalCode(v, province)
		if err != nil {
			fe.Add(fPostalCode, message(err))
		}
		e.PostalCode = pc
	}
	e.Email = ""
	if v := in[fEmail]; v != "" {
		em, err := validate.Email(v)
		if err != nil {
			fe.Add(fEmail, message(err))
		}
		e.Email = em
	}
	e.Phone = ""
	if v := in[fPhone]; v != "" {
		ph, err := validate.Phone(v)
		if err != nil {
			fe.Add(fPhone, message(err))
		}
		e.Phone = ph
	}
	e.MayorName, e.MayorTitle = in[fMayor], in[fTitle]
	maxLen(fe, fMayor, "El nombre de quien ostenta la alcaldía o presidencia", e.MayorName, 200)
	maxLen(fe, fTitle, "El cargo", e.MayorTitle, 60)
}

// province is the INE province code an entity's postal code must belong to,
// or "" when it is not known.
func province(e Entity) string {
	if len(e.INECode) == 5 {
		return e.INECode[:2]
	}
	if strings.HasPrefix(e.DIR3, "L02") && len(e.DIR3) == 9 {
		return e.DIR3[7:]
	}
	return ""
}

// parsePopulation reads a non-negative whole number, accepting "1.234".
func parsePopulation(s string) (int64, bool) {
	s = strings.NewReplacer(".", "", " ", "", "\u00a0", "").Replace(s)
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n >= 0
}

// applyAdmin validates the fields only a Diputación administrator sets and
// copies them into e. creating says whether the INE code is read too (it is
// fixed afterwards). It checks the parent ayuntamiento of an ELM against q.
func applyAdmin(ctx context.Context, q db.Queryer, fe *errs.Fields, in Input, e *Entity, creating bool) error {
	e.Name = in[fName]
	if e.Name == "" {
		fe.Add(fName, "Escriba el nombre de la entidad.")
	}
	maxLen(fe, fName, "El nombre", e.Name, 200)

	switch e.Kind {
	case KindAyuntamiento:
		if creating {
			applyINE(fe, in, e)
		}
	case KindDiputacion:
		e.DIR3 = ""
		if v := in[fDIR3]; v == "" {
			fe.Add(fDIR3, "Escriba el código DIR3 de la diputación (L020000 seguido del código de provincia).")
		} else if d, err := validate.DIR3(v); err != nil {
			fe.Add(fDIR3, message(err))
		} else if !strings.HasPrefix(d, "L02") {
			fe.Add(fDIR3, fmt.Sprintf("El código DIR3 %s no es el de una diputación: debe ser L020000 seguido del código de provincia (por ejemplo, L02000010 para Cáceres).", d))
		} else {
			e.DIR3 = d
		}
	default:
		e.DIR3 = ""
		if v := in[fDIR3]; v != "" {
			if d, err := validate.DIR3(v); err != nil {
				fe.Add(fDIR3, message(err))
			} else {
				e.DIR3 = d
			}
		}
	}

	// The NIF is required but for ELM; an entity loaded without one (old
	// data) may still be edited without it, but a NIF is never removed.
	hadNIF := e.NIF != ""
	e.NIF = ""
	if v := in[fNIF]; v == "" {
		if e.Kind != KindELM && (creating || hadNIF) {
			fe.Add(fNIF, "Escriba el NIF de la entidad (empieza por P).")
		}
	} else if n, err := validate.LocalEntityNIF(v); err != nil {
		fe.Add(fNIF, message(err))
	} else {
		e.NIF = n
	}

	if n, ok := parsePopulation(in[fPopulation]); ok {
		e.Population = n
	} else {
		fe.Add(fPopulation, "La población debe ser un número entero de habitantes, cero o mayor.")
	}
	e.PopulationYear = 0
	if v := in[fPopYear]; v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1900 || y > time.Now().Year()+1 {
			fe.Add(fPopYear, fmt.Sprintf("El año de la cifra de población debe ser un año entre 1900 y %d.", time.Now().Year()+1))
		} else {
			e.PopulationYear = y
		}
	}

	e.ParentID, e.ParentName = "", ""
	if e.Kind == KindELM {
		if v := in[fParent]; v == "" {
			fe.Add(fParent, "Elija el ayuntamiento al que pertenece la entidad local menor.")
		} else {
			p, err := getEntity(ctx, q, v)
			switch {
			case errors.Is(err, db.ErrNotFound) || (err == nil && p.Kind != KindAyuntamiento):
				fe.Add(fParent, "Elija un ayuntamiento de la lista.")
			case err != nil:
				return err
			default:
				e.ParentID, e.ParentName = p.ID, p.Name
			}
		}
	}

	e.Notes = in[fNotes]
	maxLen(fe, fNotes, "Las notas", e.Notes, 2000)
	return nil
}

// applyINE reads an ayuntamiento's INE code and control digit and derives
// its DIR3 code from them.
func applyINE(fe *errs.Fields, in Input, e *Entity) {
	code, dcText := in[fINE], in[fDC]
	if code == "" {
		fe.Add(fINE, "Escriba el código INE del municipio (5 dígitos).")
		return
	}
	dir3, err := validate.DIR3Ayuntamiento(code)
	if err != nil {
		fe.Add(fINE, message(err))
		return
	}
	dc, err := strconv.Atoi(dcText)
	if dcText == "" || err != nil || dc < 0 || dc > 9 {
		fe.Add(fDC, "Escriba el dígito de control del código INE (un dígito del 0 al 9).")
		return
	}
	if err := validate.INECode(code, dc); err != nil {
		fe.Add(fDC, message(err))
		return
	}
	e.INECode, e.INEDC, e.DIR3 = code, dc, dir3
}

// checkUnique records an error for each code of e already held by another entity.
func checkUnique(ctx context.Context, q db.Queryer, fe *errs.Fields, e Entity) error {
	checks := []struct{ column, value, field, what string }{
		{"ine_code", e.INECode, fINE, "el código INE"},
		{"dir3", e.DIR3, fDIR3, "el código DIR3"},
		{"nif", e.NIF, fNIF, "el NIF"},
	}
	for _, c := range checks {
		if c.value == "" || (c.column == "ine_code" && e.Kind != KindAyuntamiento) {
			continue
		}
		holder, err := holderOf(ctx, q, c.column, c.value, e.ID)
		if err != nil {
			return err
		}
		if holder != "" {
			field := c.field
			if c.column == "dir3" && e.Kind == KindAyuntamiento {
				field = fINE // the DIR3 is derived from the INE code
			}
			fe.Add(field, fmt.Sprintf("Ya existe una entidad con %s %s: %s.", c.what, c.value, holder))
		}
	}
	return nil
}

// formValues returns e as the values of the edit form.
func formValues(e Entity) map[string]string {
	v := map[string]string{
		fKind: e.Kind, fName: e.Name, fINE: e.INECode, fDIR3: e.DIR3, fNIF: e.NIF, fAddress: e.Address,
		fPostalCode: e.PostalCode, fTown: e.Town, fEmail: e.Email, fPhone: e.Phone, fMayor: e.MayorName,
		fTitle: e.MayorTitle, fParent: e.ParentID, fNotes: e.Notes,
		fPopulation: strconv.FormatInt(e.Population, 10),
	}
	if e.INECode != "" {
		v[fDC] = strconv.Itoa(e.INEDC)
	}
	if e.PopulationYear != 0 {
		v[fPopYear] = strconv.Itoa(e.PopulationYear)
	}
	return v
}
