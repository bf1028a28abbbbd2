// Package verify is the public verification of documents by their código
// seguro de verificación (CSV, art. 27.3 Ley 39/2015, art. 42 Ley 40/2015):
// anyone types the code printed at the foot of a document issued by the
// platform (or scans its QR, which opens /verificar?csv=...) and gets the
// original from the register of issued documents (platform/csvdoc):
// justificantes de registro, volantes, certificados, adhesion documents.
//
// Lookups are rate-limited per client address against enumeration (the
// codes themselves carry 120 random bits).
package verify
