// Package stats shows the figures the Diputación publishes about the IT
// services it gives to the local entities (estadísticas), computed live from
// the adhesions:
//
//   - entidades adheridas por tipo: ayuntamientos, entidades locales menores
//     (ELM) and mancomunidades with at least one active adhesion (adhesión
//     activa), and their total;
//   - entidades adheridas por servicio: for each service of the catalogue
//     (catálogo de servicios), the distinct entities with an active adhesion
//     and, where the service is counted in units (buzones de correo...), the
//     units contracted;
//   - adhesiones por estado (solicitada, firmada, activa, rechazada,
//     finalizada, anulada);
//   - adhesiones activadas por año, from the date the Diputación approved
//     them (decided_at, year in UTC).
//
// Every table is one SQL query over the live data; nothing is hard-coded.
// The figures are province-wide and public in the Diputación's reports, so
// every signed-in user may see them. The per-service table can be downloaded
// as CSV.
package stats
