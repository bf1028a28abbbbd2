// Package territory is the callejero (territorio) of each municipality: the
// núcleos de población and diseminados with the entidad singular and
// colectiva they belong to (Nomenclátor), the distritos and secciones
// censales, the vías (streets: tipo de vía, nombre, código INE de vía, the
// sections they cross, renamed only by dated change), the numbered
// addresses (número, letra, kilómetro, bloque, portal) and the dwellings
// (viviendas: escalera, planta, puerta), with optional referencia catastral
// and coordinates.
//
// It is shared by the padrón (every inscription lives in a dwelling of the
// callejero), tributos, registro and the portal: other modules use the
// functions of api.go, inside their own transactions, and never the tables
// directly for writing.
//
// Access: staff of the municipality with a role on the padrón service (the
// catalogue's "padron" roles: gestor may change the callejero; usuario and
// consulta only read it), the entity's user administrator (read and
// change), and Diputación staff (read only, any entity). Any other entity's
// data is a 404. These rules are the permissions of perms.go on the access
// layer (territory:open, declared by every route; territory:read and
// territory:change, asked for the entity of the request), built by Perms,
// which the terceros share.
//
// Owns tables: nuclei, census_sections, streets, street_names,
// street_sections, addresses, dwellings.
package territory
