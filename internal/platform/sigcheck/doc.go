// Package sigcheck checks the electronic signatures of a file that anyone
// brings: a signed PDF (PAdES), an XML signed in XAdES, an ENI document
// (its XAdES signatures, and the PAdES ones of a PDF it contains) or a
// CAdES signature (.csig, .p7s), attached or with the original it signs.
//
// [Check] finds every signature, checks its integrity with the readers of
// platform/pdf, platform/sign and platform/eni, and its certificate with
// pdf.Verify whatever the format (chain of trust at the signing time,
// validity, revocation where the provider answers). Each [Signature] is
// ready to show: the format, who signed (pdf.HolderOf: name, NIF and, for
// the certificates of administrations, the entity, its NIF and the post),
// the issuer, the signing time and what proves it, and the verdict and
// checks in Spanish. A file that is none of those, or carries no
// signature, is an error whose message is meant for the user.
package sigcheck
