// Package inefile writes and reads the fixed-width files the ayuntamiento
// exchanges with the INE about its padrón: the monthly file of variations
// (altas, bajas, modificaciones) it sends, and the returns INE sends back
// (incidencias on the records sent, and comunicaciones of variations made
// elsewhere — bajas por cambio de residencia, defunciones — to apply).
//
// # Which layout
//
// The official design of the exchange records is distributed by INE to the
// ayuntamientos and diputaciones; it is not published in the BOE (the
// Resolución de 17 de febrero de 2020, BOE-A-2020-4784, describes the
// procedure, not the record). Layout554 reproduces the 554-character person
// record as a public implementation reads it (the INE padrón importer of
// LocalGIS, e-admin/allocalgis; positions recorded in
// shared/standards/padron.md §5.1): positions, widths, the sex codes (1
// varón, 6 mujer), document type (1 DNI, 2 pasaporte, 3 NIE), the variation
// code (A, B, M) and the nationality field (108 = España) are taken from it.
//
// What that source does not show, and this package therefore defines itself
// (documented in Codes and in the census README):
//   - the two-character causa de variación codes (Causes: a local table);
//   - the values of TIPOINF (E envío, I incidencia, C comunicación) and the
//     meaning of CDEV (a two-character return code; "00" or blank = none);
//   - character set ISO-8859-1 and CRLF line ends.
//
// All of this sits behind the Layout interface: a real INE design replaces
// Layout554 (or just its code tables) without touching the census module.
package inefile
