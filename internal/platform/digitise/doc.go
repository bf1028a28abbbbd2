// Package digitise turns paper presented at a registry office into the
// electronic documents the registry sends on: the scans the clerk uploads
// become one PDF, the copia auténtica of the paper original (Ley 39/2015,
// art. 16.5 and art. 27.3.b), and the annexes of an entry are checked
// against the limits of SIR before they are sent.
//
//   - [Sniff] tells what an upload is by its content, never by its name
//     (PDF, JPEG, PNG or TIFF), and refuses anything else, or a damaged
//     file (an image that does not decode, a PDF pdfcpu cannot read or
//     whose page content cannot be decoded), with a Spanish message.
//   - [AuthenticCopy] makes the copy: every page of the uploads in order
//     (an image on an A4 page, fitted keeping its proportions and turned
//     upright as a phone's Exif data says; a PDF's pages as they are), a
//     stamp at the foot of every page with the condition of copy, the CSV,
//     the verification address and the page number, and a last page with
//     the clerk's diligencia (rendered by the pdf package, with the QR
//     code). Scans stay small: a JPEG goes in unchanged, a grey or colour
//     TIFF page as JPEG, a black-and-white page as a 1-bit lossless image.
//     An upload whose name says another format than its content is
//     refused. The document information names the copy and its entity,
//     not the citizen's PDF. The caller seals the result (PAdES), as every
//     document the platform issues.
//   - [CheckAnnexes] applies the SICRES/SIR limits (5 annexes, 10 MiB each,
//     15 MiB in all, allowed extensions and their MIME types, content that
//     matches the name), naming the offending file; a copy larger than one
//     annex may be is refused with a [*TooLargeError] so the clerk splits
//     the document.
//
// Multi-page TIFF: golang.org/x/image/tiff decodes only the image that the
// file header points at, so the package walks the chain of image file
// directories (IFD) itself and decodes page k through a view of the file
// whose header points at the k-th directory; every offset in a TIFF is
// absolute, so the rest of the file is read unchanged.
package digitise
