package facturae

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// MaxSize is the largest file Parse reads (FACe's own limit is lower).
const MaxSize = 32 << 20

// Parse reads a Facturae 3.2, 3.2.1 or 3.2.2 file (UTF-8 or ISO-8859-1,
// with or without a byte order mark). It checks the structure an importer
// relies on (version, parties, invoices, lines and their taxes, amounts
// and dates well written); it is not a full schema validation, and the
// arithmetic is Check's. A refusal is an *Error.
func Parse(data []byte) (*File, error) {
	if len(data) > MaxSize {
		return nil, errf("El fichero ocupa más de %d MB y no se admite.", MaxSize>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) == 0 || t[0] != '<' {
		return nil, errf("El fichero no es un documento XML y por tanto no es una factura Facturae.")
	}
	var charsetErr error
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		r, err := charsetReader(label, r)
		charsetErr = err
		return r, err
	}
	start, err := root(dec)
	if err == nil {
		err = checkRoot(start)
	}
	if err != nil {
		return nil, decodeError(err, charsetErr)
	}
	f := &File{Version: namespaces[start.Name.Space]}
	if err := dec.DecodeElement(f, &start); err != nil {
		return nil, decodeError(err, charsetErr)
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, decodeError(err, nil)
		}
		if _, ok := tok.(xml.StartElement); ok {
			return nil, errf("El fichero tiene más de un elemento raíz.")
		}
	}
	normalize(f)
	if err := f.validate(); err != nil {
		return nil, err
	}
	return f, nil
}

// root reads up to the root element.
func root(dec *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := dec.Token()
		if err != nil {
			return xml.StartElement{}, err
		}
		if s, ok := tok.(xml.StartElement); ok {
			return s, nil
		}
	}
}

// checkRoot accepts a Facturae root element of a known version.
func checkRoot(s xml.StartElement) error {
	if s.Name.Local != "Facturae" {
		return errf("El fichero no es una factura Facturae: su elemento raíz es %s.", q(s.Name.Local))
	}
	if _, ok := namespaces[s.Name.Space]; !ok {
		return errf("La versión de Facturae del fichero (espacio de nombres %s) no se admite; se admiten las versiones 3.2, 3.2.1 y 3.2.2.", q(s.Name.Space))
	}
	return nil
}

// decodeError turns a decoder error into an *Error.
func decodeError(err, charsetErr error) error {
	var (
		e  *Error
		se *xml.SyntaxError
	)
	switch {
	case charsetErr != nil:
		return charsetErr
	case errors.As(err, &e):
		return e
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF),
		errors.As(err, &se) && se.Msg == "unexpected EOF":
		return errf("El fichero XML está incompleto.")
	case se != nil:
		return errf("El fichero no es un XML bien formado (línea %d: %s).", se.Line, q(strings.ToValidUTF8(se.Msg, "?")))
	}
	return errf("El fichero no es un XML bien formado (%s).", q(strings.ToValidUTF8(strings.TrimPrefix(err.Error(), "xml: "), "?")))
}

// charsetReader reads ISO-8859-1 (UTF-8 needs no reader).
func charsetReader(label string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1":
	default:
		return nil, errf("La codificación %s del fichero no se admite; se admiten UTF-8 e ISO-8859-1.", q(label))
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxSize))
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(b)+len(b)/8)
	for _, c := range b {
		out = utf8.AppendRune(out, rune(c))
	}
	return bytes.NewReader(out), nil
}
