// Package trust decides whether the certificate behind an electronic
// signature comes from a trusted certification service provider, was valid
// when the document was signed, and has not been revoked.
//
// Trust is anchored in the roots kept as data in certs/ (the Spanish
// qualified providers shipped by Debian's ca-certificates; certs/README.md
// says where each comes from and how to add others), embedded in the
// binary. [Embedded] returns that store; tests build their own with
// [NewStore]. The chain is built with crypto/x509 from the signer's
// certificate, the intermediates the signature carries (its CMS certificate
// set) and the intermediates kept in certs/. A certificate whose issuer is
// merely called "AC FNMT Usuarios" does not chain to AC RAIZ FNMT-RCM and
// is reported untrusted.
//
// Key usage: Spanish qualified certificates for people carry the extended
// key usages clientAuth and emailProtection (FNMT, ACCV), some carry none,
// and very few the document-signing ones (RFC 9336, Microsoft, Adobe). A
// signer certificate is accepted when its extended key usage is absent or
// includes any of those (or anyExtendedKeyUsage), and its key usage, when
// present, allows digitalSignature or contentCommitment. Server-only,
// code-signing or time-stamping certificates are refused as signers. The
// chain itself is checked with ExtKeyUsageAny so that intermediates that
// list clientAuth and emailProtection do not fail a valid path. Time-stamp
// authorities must carry the timeStamping usage.
//
// Time: [Verifier.Chain] verifies the chain at a given time (the signing
// time the caller proves or declares) and, when it fails only because of
// the validity periods, still reports the chain as trusted but not valid at
// that time.
//
// Revocation: [Online] asks the certificate's OCSP responder (AIA) and, if
// that gives no answer, its CRL distribution points, over HTTP with a short
// timeout. Whatever cannot be reached is reported as not checked, with the
// reason; it is never reported as good.
package trust
