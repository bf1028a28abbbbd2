package users

import (
	"strings"
	"time"
	"unicode/utf8"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
	"concejo/internal/refdata"
)

// States of an account.
const (
	StateActive  = "activo"
	StateBlocked = "bloqueado"
	StateGone    = "baja"
)

var stateLabels = map[string]string{
	StateActive:  "Activo",
	StateBlocked: "Bloqueado",
	StateGone:    "De baja",
}

var roleLabels = map[string]string{
	auth.MemberStaff:    "Personal de la entidad",
	auth.MemberAdmin:    "Administrador de usuarios",
	auth.MemberOperator: "Operador TIC de la mancomunidad",
}

var globalRoleLabels = map[string]string{
	"":                  "Ninguno",
	auth.RoleDipTecnico: "Técnico de la Diputación",
	auth.RoleDipAdmin:   "Administrador de la Diputación",
}

// StateLabel describes an account state for people.
func StateLabel(s string) string {
	if l, ok := stateLabels[s]; ok {
		return l
	}
	return s
}

// RoleLabel describes a membership role for people.
func RoleLabel(r string) string {
	if l, ok := roleLabels[r]; ok {
		return l
	}
	return r
}

// User is a person's account.
type User struct {
	ID          string
	NIF         string
	Name        string
	Surname1    string
	Surname2    string
	Email       string
	Phone       string
	State       string
	GlobalRole  string
	LastLoginAt time.Time
	Fictitious  bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// FullName is "Name Surname1 Surname2".
func (u User) FullName() string { return web.Join(" ", u.Name, u.Surname1, u.Surname2) }

// SortName is "Surname1 Surname2, Name", as lists show it.
func (u User) SortName() string {
	s := web.Join(" ", u.Surname1, u.Surname2)
	if s == "" {
		return u.Name
	}
	return s + ", " + u.Name
}

// StateLabel describes the account state.
func (u User) StateLabel() string { return StateLabel(u.State) }

// GlobalRoleLabel describes the global role.
func (u User) GlobalRoleLabel() string { return globalRoleLabels[u.GlobalRole] }

// searchText is what the search_text column holds.
func (u User) searchText() string {
	return refdata.Fold(web.Join(" ", u.Name, u.Surname1, u.Surname2, u.NIF, u.Email))
}

// NewUser is what the new-user form (and the command line) collects.
type NewUser struct {
	Name     string
	Surname1 string
	Surname2 string
	NIF      string
	Email    string
	Phone    string
	JobTitle string
}

// Field names of the user form; the validators' messages are attached to them.
const (
	fName     = "nombre"
	fSurname1 = "apellido1"
	fSurname2 = "apellido2"
	fNIF      = "nif"
	fEmail    = "email"
	fPhone    = "telefono"
	fJobTitle = "cargo"
	fRole     = "rol"
)

// cleanText trims and collapses inner spaces.
func cleanText(s string) string { return strings.Join(strings.Fields(s), " ") }

// checkText validates a free-text field: present when missing (its
// message) is not empty, not too long, and without markup characters.
func checkText(fe *errs.Fields, field, label, missing, v string, maxLen int) {
	switch {
	case v == "" && missing != "":
		fe.Add(field, missing)
	case utf8.RuneCountInString(v) > maxLen:
		fe.Add(field, "«"+label+"» no puede tener más de "+web.Thousands(int64(maxLen))+" caracteres.")
	case strings.ContainsAny(v, "<>\x00"):
		fe.Add(field, "«"+label+"» contiene caracteres no permitidos (< o >).")
	}
}

// normalise cleans and validates n, returning the normalised value and the
// problems found, in form order. An empty e-mail is allowed only when
// emailOptional (linking an existing account keeps its e-mail).
func (n NewUser) normalise(emailOptional bool) (NewUser, errs.Fields) {
	var fe errs.Fields
	n.Name, n.Surname1, n.Surname2 = cleanText(n.Name), cleanText(n.Surname1), cleanText(n.Surname2)
	n.JobTitle = cleanText(n.JobTitle)
	checkText(&fe, fName, "Nombre", "Escriba el nombre.", n.Name, 80)
	checkText(&fe, fSurname1, "Primer apellido", "Escriba el primer apellido.", n.Surname1, 80)
	checkText(&fe, fSurname2, "Segundo apellido", "", n.Surname2, 80)
	if nif, err := validate.PersonNIF(n.NIF); err != nil {
		fe.Add(fNIF, err.Error())
	} else {
		n.NIF = nif
	}
	n.Email = strings.TrimSpace(n.Email)
	if n.Email != "" || !emailOptional {
		if email, err := validate.Email(n.Email); err != nil {
			fe.Add(fEmail, err.Error())
		} else {
			n.Email = strings.ToLower(email)
		}
	}
	if n.Phone = strings.TrimSpace(n.Phone); n.Phone != "" {
		if phone, err := validate.Phone(n.Phone); err != nil {
			fe.Add(fPhone, err.Error())
		} else {
			n.Phone = phone
		}
	}
	checkText(&fe, fJobTitle, "Cargo o puesto", "", n.JobTitle, 120)
	return n, fe
}

// Validate checks n as the new-user form does and returns the Spanish
// problems found as errs.Fields (nil when valid).
func (n NewUser) Validate() error {
	_, fe := n.normalise(false)
	return fe.Err()
}

// Membership is a user's relation with one entity.
type Membership struct {
	EntityID   string
	EntityName string
	EntityKind string
	Role       string
	JobTitle   string
	CreatedAt  time.Time
	// Link is where the actor reads the user in this entity ("" when he cannot).
	Link string
}

// RoleLabel describes the role.
func (m Membership) RoleLabel() string { return RoleLabel(m.Role) }

// GrantRow is an application role held in an entity.
type GrantRow struct {
	Service     string
	ServiceName string
	Role        string
	RoleName    string
	GrantedAt   time.Time
	GrantedBy   string
}
