package territory

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

// Audited actions and object types.
const (
	actionNucleus  = "callejero.nucleo.alta"
	actionSection  = "callejero.seccion.alta"
	actionStreet   = "callejero.via.alta"
	actionRename   = "callejero.via.renombrar"
	actionPortal   = "callejero.portal.alta"
	actionDwelling = "callejero.vivienda.alta"
)

// target resolves the target of the request (?entidad= or the actor's
// current entity) for reading.
func (m *Module) target(ctx context.Context, a *auth.Actor, explicit string) (Target, error) {
	return perms.Resolve(ctx, m.kit.Access, m.kit.DB, a, explicit)
}

// writable resolves the target for a change.
func (m *Module) writable(ctx context.Context, a *auth.Actor, explicit string) (Target, error) {
	return perms.Writable(ctx, m.kit.Access, m.kit.DB, a, explicit)
}

var (
	digits2 = regexp.MustCompile(`^[0-9]{2}$`)
	digits3 = regexp.MustCompile(`^[0-9]{3}$`)
	digits5 = regexp.MustCompile(`^[0-9]{5}$`)
	digits6 = regexp.MustCompile(`^[0-9]{6}$`)
	shortID = regexp.MustCompile(`^[0-9A-ZÑ]{1,4}$`)
)

func maxLen(fe *errs.Fields, field, label, v string, n int) {
	if utf8.RuneCountInString(v) > n {
		fe.Add(field, fmt.Sprintf("%s no puede tener más de %d caracteres.", label, n))
	}
}

// NucleusInput is the núcleo form.
type NucleusInput struct{ Code, Name, Kind, Singular, Collective string }

func (m *Module) createNucleus(ctx context.Context, a *auth.Actor, explicit string, in NucleusInput) (Nucleus, error) {
	acc, err := m.writable(ctx, a, explicit)
	if err != nil {
		return Nucleus{}, err
	}
	now := time.Now().UTC()
	n := Nucleus{EntityID: acc.EntityID, ID: id.New(), INECode: in.Code, Name: tidy(in.Name), Kind: in.Kind,
		SingularName: tidy(in.Singular), CollectiveName: tidy(in.Collective), Active: true, CreatedAt: now, UpdatedAt: now}
	var fe errs.Fields
	if !digits6.MatchString(n.INECode) {
		fe.Add("nucleo_codigo", "El código INE del núcleo son 6 dígitos: entidad colectiva (2), entidad singular (2) y núcleo o diseminado (2); por ejemplo, 000101.")
	}
	if n.Name == "" {
		fe.Add("nucleo_nombre", "Escriba el nombre del núcleo.")
	}
	maxLen(&fe, "nucleo_nombre", "El nombre", n.Name, 100)
	maxLen(&fe, "nucleo_singular", "La entidad singular", n.SingularName, 100)
	maxLen(&fe, "nucleo_colectiva", "La entidad colectiva", n.CollectiveName, 100)
	if n.Kind != KindNucleus && n.Kind != KindDiseminado {
		fe.Add("nucleo_tipo", "Elija si es un núcleo o un diseminado.")
	}
	if n.SingularName == "" {
		n.SingularName = n.Name
	}
	if err := fe.Err(); err != nil {
		return n, err
	}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertNucleus(ctx, tx, n); err != nil {
			if db.IsUniqueViolation(err) {
				fe.Add("nucleo_codigo", "Ya hay un núcleo con el código "+n.INECode+".")
				return fe
			}
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: n.EntityID, Action: actionNucleus, ObjectType: "nucleo", ObjectID: n.ID, After: n})
	})
	return n, err
}

// SectionInput is the sección form.
type SectionInput struct{ District, Section, Name string }

func (m *Module) createSection(ctx context.Context, a *auth.Actor, explicit string, in SectionInput) (Section, error) {
	acc, err := m.writable(ctx, a, explicit)
	if err != nil {
		return Section{}, err
	}
	s := Section{EntityID: acc.EntityID, ID: id.New(), District: padDigits(in.District, 2), Section: padDigits(in.Section, 3),
		Name: tidy(in.Name), Active: true, CreatedAt: time.Now().UTC()}
	var fe errs.Fields
	if !digits2.MatchString(s.District) || s.District == "00" {
		fe.Add("distrito", "El distrito son 2 dígitos, desde 01.")
	}
	if !digits3.MatchString(s.Section) || s.Section == "000" {
		fe.Add("seccion", "La sección son 3 dígitos, desde 001.")
	}
	maxLen(&fe, "seccion_nombre", "La descripción", s.Name, 100)
	if err := fe.Err(); err != nil {
		return s, err
	}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertSection(ctx, tx, s); err != nil {
			if db.IsUniqueViolation(err) {
				fe.Add("seccion", "Ya existe la sección "+s.Code()+".")
				return fe
			}
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: s.EntityID, Action: actionSection, ObjectType: "seccion_censal", ObjectID: s.ID, After: s})
	})
	return s, err
}

// padDigits left-pads a number typed without its zeros ("1" → "01").
func padDigits(s string, width int) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) >= width {
		return s
	}
	if _, err := strconv.Atoi(s); err != nil {
		return s
	}
	return strings.Repeat("0", width-len(s)) + s
}

func tidy(s string) string { return strings.Join(strings.Fields(s), " ") }

// StreetInput is the new-street form.
type StreetInput struct{ Code, Type, Name, From string }

func checkStreetName(fe *errs.Fields, typeField, nameField string, typ, name string) {
	if !ValidType(typ) {
		fe.Add(typeField, "Elija el tipo de vía de la lista.")
	}
	if name == "" {
		fe.Add(nameField, "Escriba el nombre de la vía, sin el tipo (por ejemplo, «Mayor» para la Calle Mayor).")
	}
	maxLen(fe, nameField, "El nombre", name, 100)
}

func (m *Module) createStreet(ctx context.Context, a *auth.Actor, explicit string, in StreetInput) (Street, error) {
	acc, err := m.writable(ctx, a, explicit)
	if err != nil {
		return Street{}, err
	}
	now := time.Now().UTC()
	s := Street{EntityID: acc.EntityID, ID: id.New(), INECode: padDigits(in.Code, 5), TypeCode: in.Type, Name: tidy(in.Name),
		ValidFrom: Day(now), CreatedAt: now, UpdatedAt: now}
	var fe errs.Fields
	checkStreetName(&fe, "tipo", "nombre", s.TypeCode, s.Name)
	if in.From != "" {
		if d, ok := web.ParseDay(in.From, time.UTC); ok {
			s.ValidFrom = d
		} else {
			fe.Add("desde", web.BadDay("la fecha de alta"))
		}
	}
	if s.INECode != "" && (!digits5.MatchString(s.INECode) || s.INECode == "00000") {
		fe.Add("codigo", "El código INE de la vía son 5 dígitos (de 00001 a 99999).")
	}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if s.INECode == "" && len(fe) == 0 {
			code, err := nextStreetCode(ctx, tx, s.EntityID)
			if err != nil {
				return err
			}
			if code == "" {
				fe.Add("codigo", "No quedan códigos libres: escriba el código INE de la vía.")
			}
			s.INECode = code
		} else if len(fe) == 0 {
			taken, err := streetCodeTaken(ctx, tx, s.EntityID, s.INECode)
			if err != nil {
				return err
			}
			if taken {
				fe.Add("codigo", "El código de vía "+s.INECode+" ya es de otra vía del municipio.")
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if err := insertStreet(ctx, tx, s, a.Name); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: s.EntityID, Action: actionStreet, ObjectType: "via", ObjectID: s.ID, After: s})
	})
	return s, err
}

// RenameInput is the rename form.
type RenameInput struct{ Type, Name, From, Reason string }

func (m *Module) renameStreet(ctx context.Context, a *auth.Actor, explicit, streetID string, in RenameInput) (Street, error) {
	acc, err := m.writable(ctx, a, explicit)
	if err != nil {
		return Street{}, err
	}
	var after Street
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getStreet(ctx, tx, acc.EntityID, streetID)
		if err != nil {
			return err
		}
		n := StreetName{TypeCode: in.Type, Name: tidy(in.Name), Reason: tidy(in.Reason), CreatedAt: time.Now().UTC(), CreatedBy: a.Name}
		var fe errs.Fields
		checkStreetName(&fe, "nuevo_tipo", "nuevo_nombre", n.TypeCode, n.Name)
		maxLen(&fe, "motivo", "El motivo", n.Reason, 300)
		if n.Reason == "" {
			fe.Add("motivo", "Escriba el motivo del cambio; por ejemplo, el acuerdo del Pleno que lo aprueba.")
		}
		d, ok := web.ParseDay(in.From, time.UTC)
		if !ok {
			fe.Add("efecto", web.BadDay("la fecha de efecto del nuevo nombre"))
		}
		n.ValidFrom = d
		if ok {
			names, err := streetNames(ctx, tx, acc.EntityID, streetID)
			if err != nil {
				return err
			}
			if len(names) > 0 && !d.After(names[0].ValidFrom) {
				fe.Add("efecto", "La fecha de efecto debe ser posterior a la del nombre actual ("+names[0].ValidFrom.Format("02/01/2006")+").")
			}
		}
		if n.TypeCode == before.TypeCode && n.Name == before.Name && len(fe) == 0 {
			fe.Add("nuevo_nombre", "El nuevo nombre es el mismo que el actual.")
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if err := renameStreet(ctx, tx, acc.EntityID, streetID, n); err != nil {
			return err
		}
		after = before
		after.TypeCode, after.Name, after.UpdatedAt = n.TypeCode, n.Name, n.CreatedAt
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: acc.EntityID, Action: actionRename, ObjectType: "via", ObjectID: streetID,
			Before: map[string]string{"tipo": before.TypeCode, "nombre": before.Name},
			After:  map[string]string{"tipo": n.TypeCode, "nombre": n.Name, "efecto": d.Format("2006-01-02"), "motivo": n.Reason}})
	})
	return after, err
}

// PortalInput is the new-address form.
type PortalInput struct{ Number, Letter, Km, Block, Portal, Nucleus, Section, PostalCode, Cadastre, Lat, Lon string }

func upperShort(fe *errs.Fields, field, label, v string) string {
	v = strings.ToUpper(strings.TrimSpace(v))
	if v != "" && !shortID.MatchString(v) {
		fe.Add(field, label+" admite hasta 4 letras o dígitos.")
	}
	return v
}

func parseCoord(fe *errs.Fields, field, label, v string, lo, hi float64) *float64 {
	v = strings.TrimSpace(strings.ReplaceAll(v, ",", "."))
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < lo || f > hi {
		fe.Add(field, fmt.Sprintf("%s debe ser un número de grados entre %g y %g (por ejemplo, 39.4753).", label, lo, hi))
		return nil
	}
	return &f
}

func (m *Module) createPortal(ctx context.Context, a *auth.Actor, explicit, streetID string, in PortalInput) (portalRow, error) {
	acc, err := m.writable(ctx, a, explicit)
	if err != nil {
		return portalRow{}, err
	}
	p := portalRow{EntityID: acc.EntityID, ID: id.New(), StreetID: streetID, CreatedAt: time.Now().UTC()}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		st, err := getStreet(ctx, tx, acc.EntityID, streetID)
		if err != nil {
			return err
		}
		var fe errs.Fields
		if !st.Current() {
			return errs.New(errs.Conflict, "La vía "+st.FullName()+" ya no existe: no se le pueden añadir números.")
		}
		if v := strings.TrimSpace(in.Number); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 9999 {
				fe.Add("numero", "El número debe ser un número entero entre 0 y 9999; déjelo vacío si es «sin número».")
			} else {
				p.Number = &n
			}
		}
		p.Letter = upperShort(&fe, "letra", "La letra", in.Letter)
		p.Block = upperShort(&fe, "bloque", "El bloque", in.Block)
		p.Portal = upperShort(&fe, "portal", "El portal", in.Portal)
		if v := strings.TrimSpace(in.Km); v != "" {
			if f, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", "."), 64); err != nil || f < 0 || f > 999.9 {
				fe.Add("km", "El punto kilométrico debe ser un número como 12,5.")
			} else {
				p.Km = strings.ReplaceAll(strconv.FormatFloat(f, 'f', -1, 64), ".", ",")
			}
		}
		if p.Number == nil && p.Km == "" && p.Letter != "" {
			fe.Add("letra", "Una letra va con un número.")
		}
		if in.Nucleus == "" {
			fe.Add("nucleo", "Elija el núcleo de población.")
		} else if _, err := getNucleus(ctx, tx, acc.EntityID, in.Nucleus); err != nil {
			fe.Add("nucleo", "Elija un núcleo de la lista.")
		}
		if in.Section == "" {
			fe.Add("seccion_censal", "Elija la sección censal.")
		} else if _, err := getSection(ctx, tx, acc.EntityID, in.Section); err != nil {
			fe.Add("seccion_censal", "Elija una sección de la lista.")
		}
		p.NucleusID, p.SectionID = in.Nucleus, in.Section
		if v := strings.TrimSpace(in.PostalCode); v != "" {
			if pc, err := validate.PostalCode(v, ""); err != nil {
				fe.Add("codigo_postal", errMessage(err))
			} else {
				p.PostalCode = pc
			}
		}
		if v := strings.TrimSpace(in.Cadastre); v != "" {
			if rc, err := validate.CadastralReference(v); err != nil {
				fe.Add("ref_catastral", errMessage(err))
			} else {
				p.Cadastre = rc
			}
		}
		p.Lat = parseCoord(&fe, "latitud", "La latitud", in.Lat, -90, 90)
		p.Lon = parseCoord(&fe, "longitud", "La longitud", in.Lon, -180, 180)
		if (p.Lat == nil) != (p.Lon == nil) && len(fe) == 0 {
			fe.Add("latitud", "Escriba la latitud y la longitud, o ninguna de las dos.")
		}
		if len(fe) == 0 {
			dup, err := portalExists(ctx, tx, p)
			if err != nil {
				return err
			}
			if dup {
				fe.Add("numero", "Esa vía ya tiene ese número (con la misma letra, kilómetro, bloque y portal).")
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if err := insertPortal(ctx, tx, p); err != nil {
			return err
		}
		if err := addStreetSection(ctx, tx, acc.EntityID, streetID, p.SectionID); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: acc.EntityID, Action: actionPortal, ObjectType: "portal", ObjectID: p.ID, After: p})
	})
	return p, err
}

// DwellingInput is the new-dwelling form.
type DwellingInput struct{ Stair, Floor, Door, Kind, Cadastre string }

func (m *Module) createDwelling(ctx context.Context, a *auth.Actor, explicit, addressID string, in DwellingInput) (dwellingRow, error) {
	acc, err := m.writable(ctx, a, explicit)
	if err != nil {
		return dwellingRow{}, err
	}
	d := dwellingRow{EntityID: acc.EntityID, ID: id.New(), AddressID: addressID, Kind: in.Kind, CreatedAt: time.Now().UTC()}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := getPortal(ctx, tx, acc.EntityID, addressID); err != nil {
			return err
		}
		var fe errs.Fields
		d.Stair = upperShort(&fe, "escalera", "La escalera", in.Stair)
		d.Floor = upperShort(&fe, "planta", "La planta", in.Floor)
		d.Door = upperShort(&fe, "puerta", "La puerta", in.Door)
		switch d.Kind {
		case "vivienda", "local", "colectivo":
		default:
			fe.Add("clase", "Elija si es una vivienda, un local o un establecimiento colectivo.")
		}
		if v := strings.TrimSpace(in.Cadastre); v != "" {
			if rc, err := validate.CadastralReference(v); err != nil {
				fe.Add("ref_catastral_vivienda", errMessage(err))
			} else {
				d.Cadastre = rc
			}
		}
		if len(fe) == 0 {
			dup, err := dwellingExists(ctx, tx, d)
			if err != nil {
				return err
			}
			if dup {
				fe.Add("planta", "Ese portal ya tiene una vivienda con la misma escalera, planta y puerta.")
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if err := insertDwelling(ctx, tx, d); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: acc.EntityID, Action: actionDwelling, ObjectType: "vivienda", ObjectID: d.ID, After: d})
	})
	return d, err
}

func errMessage(err error) string {
	if ve, ok := err.(*validate.FieldError); ok {
		return ve.Message
	}
	return err.Error()
}
