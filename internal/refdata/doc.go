// Package refdata holds the reference data Concejo ships with, embedded in
// the binary and used in production as well as in the demo: the INE
// municipalities of the province of Cáceres (with their control digits and
// DIR3 codes), its mancomunidades and entidades locales menores (ELM), the
// Spanish provinces, and the catalogue of services the Diputación offers to
// the local entities (catálogo de servicios), with their eligibility rules,
// application roles and the first version of their conditions of access.
//
// The CSV files under data/ are copies of the project's shared reference
// data; data/SOURCES.md (a copy too) says where every row comes from and
// how far it was checked. catalogo.json and condiciones_v1.tmpl are the
// catalogue as the Diputación describes its services.
package refdata
