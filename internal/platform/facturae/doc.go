// Package facturae reads Facturae 3.2, 3.2.1 and 3.2.2 electronic
// invoices (the format FACe and the registro contable de facturas receive,
// Ley 25/2013), recomputes their totals and verifies their XAdES signature.
//
// Parse refuses what is not a Facturae file of those versions with an
// *Error in Spanish; it never panics. Amounts are Decimal, an exact
// fixed-point number with the eight decimals the schema allows, never a
// float. (*File).Check recomputes every total the schema defines and
// reports each mismatch with the invoice and line. VerifySignature checks
// the enveloped XAdES signature with the platform's verifier (package
// sign); trust in the certificate (chain, revocation) is the trust
// package's and not decided here.
package facturae
