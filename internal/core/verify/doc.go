// Package verify is the public verification of documents by their código
// seguro de verificación (CSV, art. 27.3 Ley 39/2015, art. 42 Ley 40/2015):
// anyone types the code printed at the foot of a document issued by the
// platform (or scans its QR, which opens /verificar?csv=...) and gets the
// original from the register of issued documents (platform/csvdoc):
// justificantes de registro, volantes, certificados, adhesion documents.
//
// Lookups are rate-limited per client address against enumeration (the
// codes themselves carry 120 random bits).
//
// /verificar/firma checks the electronic signatures of any file anyone
// uploads (a signed PDF, an XML in XAdES or an ENI document, a .csig or
// .p7s with or without its original) with platform/sigcheck: who signed,
// when, whether it is intact, and the verdict of the trusted roots
// (kit.SignatureVerifier), signature by signature. Checks are
// rate-limited per client address too (each may ask revocation services).
package verify
