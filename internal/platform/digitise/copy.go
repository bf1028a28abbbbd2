package digitise

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"strings"
	"unicode"
	"unicode/utf8"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/pdf"
)

// Upload is one file of the digitised paper, as the clerk uploaded it.
type Upload struct {
	Name    string // the file's name, only to name it in messages and in the diligencia
	Content []byte
}

// part is an upload read for the copy: its format, its number of pages and
// its pages as a PDF.
type part struct {
	upload Upload
	kind   Kind
	pages  int
	pdf    []byte   // a PDF upload, appended as it is (decrypted if it was)
	scans  []raster // the pages of an image upload
}

// AuthenticCopy makes the copia auténtica of a paper document from its
// digitised pages: the uploads in order (each image on an A4 page, each
// PDF's pages as they are), the stamp at the foot of every page and the
// diligencia of a as the last page. An upload that is not a readable PDF,
// JPEG, PNG or TIFF is refused naming it (kind Invalid); a copy larger than
// SIR takes as one annex is refused with a [*TooLargeError].
func AuthenticCopy(uploads []Upload, a Attestation) ([]byte, error) {
	if err := a.validate(); err != nil {
		return nil, err
	}
	if len(uploads) == 0 {
		return nil, errs.New(errs.Invalid, "Añada al menos un fichero con las páginas digitalizadas del documento.")
	}
	parts := make([]part, 0, len(uploads))
	for _, u := range uploads {
		p, err := readPart(u)
		if errors.Is(err, errs.Invalid) {
			return nil, errs.New(errs.Invalid, about(u.Name, err.Error()))
		}
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	docs, err := partDocuments(parts)
	if err != nil {
		return nil, err
	}
	last, err := pdf.Render(a.document(parts))
	if err != nil {
		return nil, err
	}
	merged, err := pdf.Append(docs[0], append(docs[1:], last)...)
	if err != nil {
		return nil, blame(parts, fmt.Errorf("digitise: unir las páginas de la copia: %w", err))
	}
	out, err := stamp(merged, stampText(a.CSV, a.VerifyURL), a.info())
	if err != nil {
		return nil, blame(parts, err)
	}
	if len(out) > MaxAnnexSize {
		return nil, &TooLargeError{Size: int64(len(out)), Limit: MaxAnnexSize}
	}
	return out, nil
}

// readPart reads one upload by its content and prepares its pages.
func readPart(u Upload) (part, error) {
	p := part{upload: u, kind: kindOf(u.Content)}
	if msg := disguised(u.Name, u.Content); msg != "" && p.kind != 0 {
		return p, errs.New(errs.Invalid, msg)
	}
	var err error
	switch p.kind {
	case PDF:
		p.pdf, p.pages, err = readPDF(u.Content)
		return p, err
	case JPEG, PNG:
		var img image.Image
		if img, err = decodeImage(p.kind, u.Content); err != nil {
			return p, err
		}
		var r raster
		if p.kind == JPEG {
			r, err = jpegRaster(u.Content, img)
		} else {
			r, err = pngRaster(u.Content, img)
		}
		p.scans, p.pages = []raster{r}, 1
		return p, err
	case TIFF:
		p.pages, err = tiffPages(u.Content, func(img image.Image) error {
			r, err := tiffRaster(img)
			p.scans = append(p.scans, r)
			return err
		})
		return p, err
	}
	_, err = Sniff(u.Content)
	return p, err
}

// disguised returns why a file whose name announces a PDF, JPEG, PNG or
// TIFF has other content, or "": a file that is not what its name says is
// either the wrong file or a disguised one.
func disguised(name string, content []byte) string {
	ext := extension(name)
	want := kindOfExtension(ext)
	if want == 0 || len(content) == 0 || kindOf(content) == want {
		return ""
	}
	return "el contenido no es un " + want.String() + " aunque el nombre acabe en ." + ext +
		": compruebe que ha elegido el fichero correcto."
}

// partDocuments returns the parts as PDFs in order, the consecutive image
// pages laid out together.
func partDocuments(parts []part) ([][]byte, error) {
	var docs [][]byte
	var scans []raster
	flush := func() error {
		if len(scans) == 0 {
			return nil
		}
		doc, err := rasterPDF(scans)
		docs, scans = append(docs, doc), nil
		return err
	}
	for _, p := range parts {
		if p.kind != PDF {
			scans = append(scans, p.scans...)
			continue
		}
		if err := flush(); err != nil {
			return nil, err
		}
		docs = append(docs, p.pdf)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return docs, nil
}

// blame returns err, the failure to join or stamp the pages, as the fault
// of the first uploaded PDF that cannot be stamped on its own, if any: a
// PDF whose damage reading it did not show.
func blame(parts []part, err error) error {
	for _, p := range parts {
		if p.kind != PDF {
			continue
		}
		if _, e := stamp(p.pdf, "Copia", nil); e != nil {
			return errs.New(errs.Invalid, about(p.upload.Name, errBadPDF.Error()))
		}
	}
	return err
}

// sha256Hex is the hexadecimal SHA-256 digest of b.
func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// about prefixes a message with the file it is about: «name»: message,
// its first word in lower case as it follows a colon (unless it is an
// acronym, such as SIR).
func about(name, msg string) string {
	first, size := utf8.DecodeRuneInString(msg)
	if next, _ := utf8.DecodeRuneInString(msg[size:]); unicode.IsLower(next) {
		msg = string(unicode.ToLower(first)) + msg[size:]
	}
	return "«" + displayName(name) + "»: " + msg
}

// displayName is a file name fit for a message: without control
// characters and not longer than 80 characters.
func displayName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F {
			return -1
		}
		return r
	}, strings.TrimSpace(name))
	if r := []rune(name); len(r) > 80 {
		name = string(r[:77]) + "…"
	}
	if name == "" {
		return "sin nombre"
	}
	return name
}
