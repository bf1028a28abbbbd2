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
//     Adobe), reports the signer and checks the integrity of each one. It does
//     not validate the chain of trust, the certificate validity period or its
//     revocation status.
package pdf
