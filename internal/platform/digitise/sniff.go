package digitise

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"image/png"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"concejo/internal/platform/errs"
)

// Kind is the format of an upload, told by its content.
type Kind int

// The formats accepted for digitised paper.
const (
	PDF Kind = iota + 1
	JPEG
	PNG
	TIFF
)

// String returns the usual name of the format.
func (k Kind) String() string {
	switch k {
	case PDF:
		return "PDF"
	case JPEG:
		return "JPEG"
	case PNG:
		return "PNG"
	case TIFF:
		return "TIFF"
	}
	return "desconocido"
}

// maxPixels bounds the size of one scanned page once decoded: an A3 page
// at 600 ppp in colour is 70 million pixels; a header that announces more
// is refused before any memory is taken for it.
const maxPixels = 80_000_000

var (
	errEmpty     = errs.New(errs.Invalid, "El fichero está vacío.")
	errUnknown   = errs.New(errs.Invalid, "El fichero no es un PDF ni una imagen JPEG, PNG o TIFF: solo se admiten esos formatos para digitalizar documentos en papel.")
	errBadPDF    = errs.New(errs.Invalid, "El PDF está dañado o cifrado y no se puede leer: vuelva a digitalizar el documento o guárdelo sin contraseña.")
	errBadJPEG   = errs.New(errs.Invalid, "La imagen JPEG está dañada y no se puede leer: vuelva a digitalizar el documento.")
	errBadPNG    = errs.New(errs.Invalid, "La imagen PNG está dañada y no se puede leer: vuelva a digitalizar el documento.")
	errBadTIFF   = errs.New(errs.Invalid, "La imagen TIFF está dañada o usa una variante que no se puede leer: vuelva a digitalizarla en PDF, JPEG o TIFF sin compresión especial.")
	errTooBigImg = errs.New(errs.Invalid, "La imagen es demasiado grande (más de 80 millones de píxeles por página): digitalice a 300 ppp como máximo.")
)

// kindOf returns the format announced by the first bytes of content, or 0.
func kindOf(content []byte) Kind {
	switch {
	case bytes.HasPrefix(content, []byte("%PDF-")):
		return PDF
	case bytes.HasPrefix(content, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG
	case bytes.HasPrefix(content, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(content, []byte("II*\x00")), bytes.HasPrefix(content, []byte("MM\x00*")):
		return TIFF
	}
	return 0
}

// kindOfExtension returns the format a file name's extension announces,
// or 0 for an extension of no format of this package.
func kindOfExtension(ext string) Kind {
	switch ext {
	case "pdf":
		return PDF
	case "jpg", "jpeg", "jpe":
		return JPEG
	case "png":
		return PNG
	case "tif", "tiff":
		return TIFF
	}
	return 0
}

// Sniff returns the format of content, told by its signature, after
// checking that the whole file can be read: an image decodes (every page
// of a TIFF), a PDF is read by pdfcpu. Anything else, or a damaged file, is
// an error of kind Invalid with a Spanish message for the clerk.
func Sniff(content []byte) (Kind, error) {
	k := kindOf(content)
	var err error
	switch k {
	case PDF:
		_, _, err = readPDF(content)
	case JPEG, PNG:
		_, err = decodeImage(k, content)
	case TIFF:
		_, err = tiffPages(content, func(image.Image) error { return nil })
	default:
		if len(content) == 0 {
			return 0, errEmpty
		}
		return 0, errUnknown
	}
	if err != nil {
		return 0, err
	}
	return k, nil
}

// readPDF returns a PDF's content ready to join to others, and its number
// of pages, when it can be read and every page's content decoded. A PDF
// encrypted only to restrict what may be done with it (it opens without a
// password, as many that administrations issue) is returned decrypted; one
// that needs a password to open is refused.
func readPDF(content []byte) (plain []byte, pages int, err error) {
	defer func() {
		if recover() != nil {
			plain, pages, err = nil, 0, errBadPDF
		}
	}()
	ctx, err := api.ReadContext(bytes.NewReader(content), nil)
	if err != nil || api.ValidateContext(ctx) != nil || ctx.PageCount < 1 {
		return nil, 0, errBadPDF
	}
	for i := 1; i <= ctx.PageCount; i++ {
		page, _, _, err := ctx.PageDict(i, false)
		if err != nil || page == nil {
			return nil, 0, errBadPDF
		}
		if _, err := ctx.PageContent(page); err != nil && !errors.Is(err, model.ErrNoContent) {
			return nil, 0, errBadPDF
		}
	}
	if ctx.Encrypt == nil {
		return content, ctx.PageCount, nil
	}
	var buf bytes.Buffer
	if err := api.Decrypt(bytes.NewReader(content), &buf, model.NewDefaultConfiguration()); err != nil {
		return nil, 0, errBadPDF
	}
	return buf.Bytes(), ctx.PageCount, nil
}

// decodeImage decodes a JPEG or PNG, refusing one too large to hold.
func decodeImage(k Kind, content []byte) (img image.Image, err error) {
	bad := errBadJPEG
	decodeConfig, decode := jpeg.DecodeConfig, jpeg.Decode
	if k == PNG {
		bad, decodeConfig, decode = errBadPNG, png.DecodeConfig, png.Decode
	}
	defer func() {
		if recover() != nil {
			img, err = nil, bad
		}
	}()
	cfg, err := decodeConfig(bytes.NewReader(content))
	if err != nil {
		return nil, bad
	}
	if cfg.Width*cfg.Height > maxPixels {
		return nil, errTooBigImg
	}
	if img, err = decode(bytes.NewReader(content)); err != nil {
		return nil, bad
	}
	return img, nil
}
