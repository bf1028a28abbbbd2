package demo

import (
	"math/rand/v2"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/refdata"
)

// entity is a row of entities being built, with what the demo needs to know
// about it on the way.
type entity struct {
	ID, Kind, Name, INECode string
	DC                      int
	DIR3, NIF               string
	Address, PostalCode     string
	Town, Email, Phone      string
	Population              int64
	PopulationYear          int
	MayorName, MayorTitle   string
	ParentID                string
	Fictitious              bool
	Notes                   string

	slug   string // e-mail domain without ".es"
	mayor  person // signs the adhesions
	admin  *user  // the entity's user administrator, who requests adhesions
	active []*adhesion
}

// searchText is what entity searches match: name, INE, DIR3 and NIF, folded.
func (e *entity) searchText() string {
	return refdata.Fold(e.Name + " " + e.INECode + " " + e.DIR3 + " " + e.NIF)
}

// hasActive reports whether the entity has an active adhesion to code.
func (e *entity) hasActive(code string) bool {
	for _, a := range e.active {
		if a.Service == code {
			return true
		}
	}
	return false
}

// member is a row of mancomunidad_members.
type member struct {
	Mancomunidad, Member *entity
	Source               string
}

// adhesion is a row of adhesions being built.
type adhesion struct {
	Entity                        *entity
	ID, Number, Service, State    string
	Quantity                      int
	Requested, Signed             time.Time
	Decided, Ended                time.Time
	SignerName, SignerNIF, Detail string
	DecisionReason, EndReason     string
	CSV                           string
}

// user is a row of users being built.
type user struct {
	ID string
	person
	Email, GlobalRole, PasswordHash string
	TOTPSecret                      string
	Created                         time.Time
}

// searchText is what user searches match: full name, NIF and e-mail, folded.
func (u *user) searchText() string {
	return refdata.Fold(u.FullName() + " " + u.NIF + " " + u.Email)
}

// membership is a row of memberships being built.
type membership struct {
	Entity    *entity
	User      *user
	Role, Job string
	Created   time.Time
	By        *user
}

// grant is a row of grants being built.
type grant struct {
	Entity        *entity
	User          *user
	Service, Role string
	At            time.Time
	By            *user
}

// world is the whole demo province, built in memory before it is written.
type world struct {
	engine      db.Engine
	now, end    time.Time // end: the last day adhesions were decided
	rng         *rand.Rand
	people      *people
	services    []refdata.Service
	service     map[string]refdata.Service
	entities    []*entity
	dip         *entity
	byINE       map[string]*entity
	byName      map[string]*entity // mancomunidades and ELMs by short name
	members     []member
	adhesions   []*adhesion
	users       []*user
	memberships []*membership
	grants      []*grant
	dipAdmin    *user
}
