// Package parties is the register of terceros of each entity: the persons
// (personas físicas) and legal entities (personas jurídicas) it deals with
// — interesados, acreedores, contribuyentes, inhabitants —, with their
// identity document (NIF, NIE, CIF validated; pasaporte or another foreign
// document otherwise), names, address (a dwelling of the callejero or a
// free or foreign address), contact data, consent to electronic
// notification, bank accounts (IBAN validated) and representatives.
// Duplicates (same document, or similar name and the same birth date) are
// detected and merged (fusión) with history: the merged record stays, with
// merged_into pointing at the one kept.
//
// Other modules link to terceros instead of copying people, through the
// functions of api.go (Create, Get, Resolve, ByDocument, Find, Upsert,
// InsertMany), inside their own transactions.
//
// Access: staff of the entity with a role on a service that uses terceros
// (today the padrón: gestor and usuario change, consulta reads), the
// entity's user administrator (read and change), and Diputación staff (read
// only, any entity). Any other entity's data is a 404. These rules are the
// permissions of perms.go (parties:open, declared by every route;
// parties:read and parties:change, asked for the entity of the request),
// built by territory.Perms as the callejero's are.
//
// Owns tables: parties, party_bank_accounts, party_representatives,
// party_merges, party_duplicate_checks.
package parties
