// Package helpdesk is the support desk (gestor de incidencias) with which the
// Diputación, and the TIC operators of the mancomunidades on its behalf,
// answer the support requests of the local entities.
//
// Spanish terms: incidencia (ticket), solicitante (requester), servicio
// (application of the catalogue), categoría (consulta, error, petición),
// prioridad, canal (web, teléfono, correo, operador TIC), estado (nueva,
// asignada, en curso, pendiente del usuario, resuelta, cerrada, reabierta),
// técnico asignado, nivel (primer nivel: operador TIC de la mancomunidad o
// Diputación; segundo nivel: equipo de la Diputación por servicio),
// respuesta pública, nota interna, adjunto, llamada telefónica, acuerdo de
// nivel de servicio (ANS: tiempo de primera respuesta y de resolución en
// horas hábiles del calendario laboral, parado mientras se espera al
// usuario; un plazo «vence pronto» cuando vence dentro de la próxima jornada
// laborable, deadline.go), base de conocimiento (soluciones), valoración
// (satisfacción).
//
// Who sees what:
//   - entity staff see the tickets they asked for; the entity's user
//     administrator and its gestores de incidencias see all the entity's;
//   - a mancomunidad TIC operator sees and works those of its members;
//   - a Diputación technician sees and works those of the services of his
//     teams (and the general queue, and those assigned to him); the
//     Diputación administrator sees all.
//
// No picker lists people of an entity other than the ticket's: requesters
// come from the ticket's entity, assignees are the operators of that
// entity's mancomunidades and the Diputación technicians.
//
// Owns tables: helpdesk_counters, helpdesk_sla, helpdesk_team,
// helpdesk_managers, helpdesk_tickets, helpdesk_search, helpdesk_messages,
// helpdesk_attachments, helpdesk_calls, helpdesk_history, helpdesk_solutions.
package helpdesk
