// Package dir3 is the Directorio Común de unidades orgánicas y oficinas
// (DIR3) as the platform keeps it: the unidades orgánicas of every
// administration (code, denominación, estado, nivel de administración and
// nivel jerárquico, unidad superior and raíz, fechas de alta, extinción y
// anulación), the oficinas de registro (their unidad responsable and
// whether they are integrated in SIR) and the relations between offices
// and units: organizativas (the office serves the unit) and SIR (the
// office registers for the unit through the Sistema de Interconexión de
// Registros). It is reference data of the whole platform, not of an
// entity.
//
// Import: the Diputación's administrators upload the ZIP that the
// Directorio's download services (SD01UN_DescargaUnidades,
// SD02OF_DescargaOficinas) return, or any of its CSV files (Unidades.csv,
// Oficinas.csv, RelacionesOrganizativasOFI.csv, RelacionesSIROFI.csv,
// ServiciosOFI.csv): semicolon-separated, UTF-8, a header row, dates
// dd/mm/aaaa, columns read by position as dir3caib (the DIR3 mirror of
// regweb3) reads them. The file is parsed and checked when it is sent (a
// malformed one is refused with the line and column at fault); a
// background job then applies it with visible progress. Each row is
// compared with the stored one through a hash of its fields, so an
// unchanged row is not written and importing the same file twice changes
// nothing. Every import is recorded (when, who, the file, the date of its
// data, counts of new, changed and no longer valid units and offices).
// Nothing is deleted: a unit or office that becomes extinguida or anulada
// keeps its row, and one that a full file no longer lists is marked with
// missing_since; both are listed as warnings on the import's page, for
// whoever stored its code.
//
// Search: by words of the name in any order, accents and case ignored
// (the platform's full-text index over the folded name, acronym and code),
// by code, by nivel de administración; only vigentes unless asked.
//
// Who: the search and the pages of units and offices, every member of an
// entity adhered to the registro and the Diputación's staff; the imports,
// the Diputación's administrators.
//
// Other modules use the Go API in api.go (Search, Unit, Office, SIROffice,
// Valid).
//
// Owns tables: dir3_units, dir3_offices, dir3_office_links, dir3_imports,
// dir3_import_warnings.
package dir3
