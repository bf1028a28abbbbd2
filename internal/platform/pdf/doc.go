// Package pdf produces and inspects the PDF documents of the Concejo
// platform.
//
// It has two independent parts:
//
//   - Document generation: [Render] turns a [Document] (heading block, title,
//     key/value table, paragraphs, signature block and a footer with the
//     código seguro de verificación and a QR code) into an A4 PDF. Text is
//     set in the standard Helvetica font with the WinAnsi (cp1252) encoding,
//     which covers Spanish (á é í ó ú ü ñ Ñ ¿ ¡ € º ª); characters outside it
//     are reduced to their base letter when possible.
//
//   - Signature detection: [Signatures] finds the electronic signatures of an
//     uploaded PDF (PAdES / adbe.pkcs7.detached, as produced by Autofirma or
//     Adobe), reports the signer, the certificates and any signature
//     time-stamp token it carries, and checks the integrity of each one.
//
//   - Signature validation: [Verify] checks a signature's certificate (of a
//     PDF, of a CMS signature read by [VerifyDetachedCMS], of an XML
//     signature described by [SignatureOf]; [HolderOf] reads who it names,
//     with the fields of the certificates for administrations) with a
//     [trust.Verifier]: its chain to a trusted root at the signing time (the
//     time of a time-stamp token from a trusted authority if there is one,
//     else the time the signer declares, which then proves nothing and
//     requires the certificate to be in force at verification too), and its
//     revocation where the provider can be reached. [Verification.Checks]
//     says in Spanish what was verified and what could not be, and
//     [Verification.Valid] is true only for a fully valid signature: an
//     intact signature by an untrusted certificate is never "válida".
package pdf
