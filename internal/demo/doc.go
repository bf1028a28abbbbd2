// Package demo loads the demonstration province into an empty database: the
// Diputación Provincial de Cáceres, the 223 real ayuntamientos of the
// province with their official population, the known entidades locales
// menores (plus four fictitious ones), the mancomunidades and their known
// members, about 600 fictitious people with their memberships and grants,
// and about 1,700 adhesions whose counts per service match the figures the
// Diputación publishes (red 236, padrón 167, correo 210 with 1,227 buzones...).
//
// Real data (names, INE codes, DIR3, population, mancomunidad membership)
// comes from internal/refdata; everything else (people, addresses, phones,
// mayors, dates, the choice of which entity adheres to what) is invented,
// deterministic (a fixed random seed) and flagged as fictitious or explained
// in the entities' notes.
package demo
