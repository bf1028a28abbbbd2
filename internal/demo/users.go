package demo

import (
	"slices"
	"time"

	"concejo/internal/platform/id"
	"concejo/internal/refdata"
)

// Demo passwords. Every demo account other than the two Diputación ones
// uses StaffPassword.
const (
	AdminPassword   = "concejo-demo-admin"
	TecnicoPassword = "concejo-demo-tecnico"
	StaffPassword   = "concejo-demo-2026"
)

// AdminTOTPSecret is the base32 TOTP secret of admin@dipcaceres.es.
const AdminTOTPSecret = "JBSWY3DPEHPK3PXPJBSWY3DP"

// aldeanuevaINE is Aldeanueva del Camino, the neighbour of Abadía whose
// secretary also works for it (one secretaría for two small towns).
const aldeanuevaINE = "10015"

// fixed is a well-known demo login with a fixed identity.
type fixed struct {
	Email, Name, Surname1, Surname2 string
	Female                          bool
	Job                             string
}

var (
	dipAdminLogin = fixed{"admin@dipcaceres.es", "Inmaculada", "Barroso", "Pizarro", true, "Jefa de Servicio de Informática Municipal"}
	tecnicoLogin  = fixed{"tecnico@dipcaceres.es", "Francisco Javier", "Durán", "Rosado", false, "Técnico de Informática Municipal"}
	caceresLogin  = fixed{"admin@caceres.es", "Beatriz", "Cordero", "Tejeda", true, "Técnica de Sistemas"}
	plasenLogin   = fixed{"admin@plasencia.es", "Raúl", "Hurtado", "Bermejo", false, "Jefe de la Sección de Informática"}
	abadiaLogin   = fixed{"secretaria@abadia.es", "María del Carmen", "Rebollo", "Sánchez", true, "Secretaria-Interventora"}
	operadorLogin = fixed{"operador@sierradegata.es", "Jorge", "Mateos", "Martín", false, "Operador TIC"}
)

// entityLogins are the fixed user administrators of three ayuntamientos.
var entityLogins = map[string]fixed{"10037": caceresLogin, "10148": plasenLogin, "10001": abadiaLogin}

// dipJobs are the posts of the Diputación's other technicians.
var dipJobs = [][2]string{
	{"Técnico de Informática Municipal", "Técnica de Informática Municipal"},
	{"Técnico de Sistemas", "Técnica de Sistemas"},
	{"Técnico de Comunicaciones", "Técnica de Comunicaciones"},
	{"Analista Programador", "Analista Programadora"},
	{"Técnico de Soporte", "Técnica de Soporte"},
}

// staffJobs are the posts of an entity's other staff.
var staffJobs = [][2]string{
	{"Auxiliar Administrativo", "Auxiliar Administrativa"},
	{"Administrativo", "Administrativa"},
	{"Tesorero", "Tesorera"},
	{"Técnico de Gestión", "Técnica de Gestión"},
	{"Agente de Empleo y Desarrollo Local", "Agente de Empleo y Desarrollo Local"},
}

// passwords maps each demo password to its one argon2id hash. Hashing ~600
// passwords at production cost would take tens of seconds, so all demo
// accounts with the same password share one hash (and so one salt): that
// is acceptable for fictitious demo accounts only, never for real ones.
type passwords map[string]string

// newUser adds a user with a unique e-mail in domain (or the fixed email).
func (w *world) newUser(p person, email, domain, global, password string, pw passwords, created time.Time) *user {
	if email == "" {
		email = w.people.email(p, domain)
	} else {
		w.people.claim(email)
	}
	u := &user{ID: id.New(), person: p, Email: email, GlobalRole: global, PasswordHash: pw[password], Created: created}
	w.users = append(w.users, u)
	return u
}

func (w *world) fixedUser(f fixed, global, password string, pw passwords, created time.Time) *user {
	return w.newUser(w.people.named(f.Name, f.Surname1, f.Surname2, f.Female), f.Email, "", global, password, pw, created)
}

func (w *world) join(e *entity, u *user, role, job string, created time.Time, by *user) *membership {
	m := &membership{Entity: e, User: u, Role: role, Job: job, Created: created, By: by}
	if by == nil {
		m.By = u
	}
	w.memberships = append(w.memberships, m)
	return m
}

// buildDiputacion creates the Diputación's administrator and technicians.
func (w *world) buildDiputacion(pw passwords) {
	start := day(2014, 9, 15)
	w.dipAdmin = w.fixedUser(dipAdminLogin, "dip_admin", AdminPassword, pw, w.officeHours(start))
	w.dipAdmin.TOTPSecret = AdminTOTPSecret
	w.join(w.dip, w.dipAdmin, "admin", dipAdminLogin.Job, w.dipAdmin.Created, nil)
	tec := w.fixedUser(tecnicoLogin, "dip_tecnico", TecnicoPassword, pw, w.after(start, 1, 10))
	w.join(w.dip, tec, "personal", tecnicoLogin.Job, tec.Created, w.dipAdmin)
	for i := 0; i < 8; i++ {
		p := w.people.random()
		job := dipJobs[i%len(dipJobs)]
		u := w.newUser(p, "", w.dip.slug+".es", "dip_tecnico", TecnicoPassword, pw, w.between(start, w.end))
		w.join(w.dip, u, "personal", p.gendered(job[0], job[1]), u.Created, w.dipAdmin)
	}
}

// staffCount is how many people of e use the platform, its administrator included.
func (w *world) staffCount(e *entity) int {
	switch {
	case e.Kind == refdata.KindELM:
		return 1
	case e.Kind == refdata.KindMancomunidad:
		if e.Population > 20000 {
			return 3
		}
		return 2
	case e.Population < 300:
		return 1 + w.rng.IntN(2)
	case e.Population < 1000:
		return 2 + w.rng.IntN(2)
	case e.Population < 5000:
		return 3
	}
	return 4
}

// firstRequest is when e first asked for an adhesion (or a random day).
func (w *world) firstRequest(e *entity) time.Time {
	first := w.end
	for _, a := range w.adhesions {
		if a.Entity == e && a.Requested.Before(first) {
			first = a.Requested
		}
	}
	return first
}

// buildStaff creates every entity's administrator, operator and staff with
// their memberships and grants.
func (w *world) buildStaff(pw passwords) {
	var abadiaSecretary *user
	for _, e := range w.entities {
		if e.Kind == refdata.KindDiputacion {
			continue
		}
		n := w.staffCount(e)
		domain := e.slug + ".es"
		adminSince := w.after(w.firstRequest(e), -30, -5)
		if f, ok := entityLogins[e.INECode]; ok {
			e.admin = w.fixedUser(f, "", StaffPassword, pw, adminSince)
			w.join(e, e.admin, "admin", f.Job, adminSince, w.dipAdmin)
			w.grantAll(e, e.admin, w.dipAdmin)
			if e.INECode == "10001" {
				abadiaSecretary = e.admin
			}
		} else {
			p := w.people.random()
			e.admin = w.newUser(p, "", domain, "", StaffPassword, pw, adminSince)
			w.join(e, e.admin, "admin", w.adminJob(e, p), adminSince, w.dipAdmin)
			w.grantSome(e, e.admin, w.dipAdmin, true)
		}
		n--
		if e.Kind == refdata.KindMancomunidad {
			w.addOperator(e, pw)
			n--
		}
		for ; n > 0; n-- {
			p := w.people.random()
			job := staffJobs[w.rng.IntN(len(staffJobs))]
			u := w.newUser(p, "", domain, "", StaffPassword, pw, w.between(adminSince, w.end))
			w.join(e, u, "personal", p.gendered(job[0], job[1]), u.Created, e.admin)
			w.grantSome(e, u, e.admin, false)
		}
	}
	// The secretary of Abadía also works for Aldeanueva del Camino.
	if al := w.byINE[aldeanuevaINE]; al != nil && abadiaSecretary != nil {
		since := w.between(abadiaSecretary.Created, w.end)
		w.join(al, abadiaSecretary, "personal", abadiaLogin.Job, since, al.admin)
		w.grantSome(al, abadiaSecretary, al.admin, false)
	}
}

// addOperator gives a mancomunidad its TIC operator (the fixed login for
// Sierra de Gata).
func (w *world) addOperator(e *entity, pw passwords) {
	since := w.between(day(2015, 3, 1), day(2016, 12, 31)) // operators are funded since 2015
	var u *user
	if e == w.byName["Sierra de Gata"] {
		u = w.fixedUser(operadorLogin, "", StaffPassword, pw, since)
	} else {
		u = w.newUser(w.people.random(), "", e.slug+".es", "", StaffPassword, pw, since)
	}
	w.join(e, u, "operador", u.gendered("Operador TIC", "Operadora TIC"), since, w.dipAdmin)
	w.grantSome(e, u, w.dipAdmin, false)
}

// adminJob is the post of an entity's user administrator.
func (w *world) adminJob(e *entity, p person) string {
	switch {
	case e.Kind == refdata.KindELM:
		return p.gendered("Secretario", "Secretaria")
	case e.Kind == refdata.KindMancomunidad:
		return p.gendered("Secretario-Interventor", "Secretaria-Interventora")
	case e.Population >= 5000:
		return p.gendered("Técnico de Informática", "Técnica de Informática")
	}
	return p.gendered("Secretario-Interventor", "Secretaria-Interventora")
}

// grantAll grants u a leading role on every active adhesion of e.
func (w *world) grantAll(e *entity, u *user, by *user) {
	for _, a := range e.active {
		w.grant(e, u, a, w.leadRole(a.Service), by)
	}
}

// grantSome grants u a role on 1–3 of e's active adhesions: a leading role
// for an administrator, any role but the application's own administrator
// for the rest of the staff.
func (w *world) grantSome(e *entity, u *user, by *user, lead bool) {
	if len(e.active) == 0 {
		return
	}
	order := w.rng.Perm(len(e.active))
	for _, i := range order[:min(len(order), 1+w.rng.IntN(3))] {
		a := e.active[i]
		role := w.leadRole(a.Service)
		if !lead {
			var roles []string
			for _, r := range w.service[a.Service].Roles {
				if r.Code != "administrador" {
					roles = append(roles, r.Code)
				}
			}
			role = roles[w.rng.IntN(len(roles))]
		}
		w.grant(e, u, a, role, by)
	}
}

// leadRole is the first role of a service that is neither usuario nor
// consulta (the one that manages the application), or usuario.
func (w *world) leadRole(code string) string {
	for _, r := range w.service[code].Roles {
		if !slices.Contains([]string{"usuario", "consulta"}, r.Code) {
			return r.Code
		}
	}
	return "usuario"
}

func (w *world) grant(e *entity, u *user, a *adhesion, role string, by *user) {
	var since time.Time
	for _, m := range w.memberships {
		if m.Entity == e && m.User == u {
			since = m.Created
		}
	}
	if a.Decided.After(since) {
		since = a.Decided
	}
	w.grants = append(w.grants, &grant{Entity: e, User: u, Service: a.Service, Role: role, At: w.after(since, 0, 10), By: by})
}
