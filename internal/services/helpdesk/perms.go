package helpdesk

import "concejo/internal/platform/access"

// Permissions of the support desk. Which tickets a person sees is the
// desk's own rule (viewer.go); these say who reaches each part of it.
const (
	// PermUse reaches the desk: open tickets, follow them, read the
	// knowledge base, the service levels and the working calendar.
	PermUse access.Permission = "helpdesk:use"
	// PermOpen opens tickets for an entity: its members, who serves it as
	// a mancomunidad TIC operator and the Diputación's staff. It also
	// bounds the entities the desk admits exist for him.
	PermOpen access.Permission = "helpdesk:open"
	// PermSupport works an entity's tickets as support: assign, escalate,
	// classify, internal notes, telephone calls.
	PermSupport access.Permission = "helpdesk:support"
	// PermStats shows the statistics of the tickets he serves or whose
	// entity he administers (a gestor de incidencias sees them too, by the
	// desk's own data).
	PermStats access.Permission = "helpdesk:stats"
	// PermSecondLevel is the Diputación's second level: it writes the
	// knowledge base and sees the teams by service.
	PermSecondLevel access.Permission = "helpdesk:second-level"
	// PermConfigure sets the service levels and the teams.
	PermConfigure access.Permission = "helpdesk:configure"
	// PermManagers names an entity's gestores de incidencias.
	PermManagers access.Permission = "helpdesk:managers"
)

var permissions = []access.Def{
	{Perm: PermUse, Label: "Entrar en el soporte: pedir ayuda, seguir sus incidencias y consultar las soluciones",
		Holders: access.Anyone},
	{Perm: PermOpen, Label: "Abrir incidencias de una entidad",
		Holders: access.Member | access.Operator | access.DipStaff, Chosen: true},
	{Perm: PermSupport, Label: "Atender las incidencias de una entidad: asignarlas, escalarlas, clasificarlas, notas internas y llamadas",
		Holders: access.Operator | access.DipStaff, Chosen: true},
	{Perm: PermStats, Label: "Ver las estadísticas del soporte de las entidades que atiende o administra",
		Holders: access.Operator | access.UserAdmin | access.DipStaff, Chosen: true},
	{Perm: PermSecondLevel, Label: "Escribir la base de conocimiento y ver los equipos de segundo nivel", Holders: access.DipStaff},
	{Perm: PermConfigure, Label: "Fijar los acuerdos de nivel de servicio y los equipos de segundo nivel", Holders: access.DipAdmin},
	{Perm: PermManagers, Label: "Nombrar a los gestores de incidencias de una entidad",
		Holders: access.UserAdmin | access.DipAdmin, Chosen: true},
}
