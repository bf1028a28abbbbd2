// Package odt writes and reads the text of OpenDocument text files (.odt,
// ISO/IEC 26300): a document's paragraphs as an ODT a clerk edits in
// LibreOffice or Word, and the paragraphs back from the file he returns.
// Only text is kept: headings and paragraphs become paragraphs, line breaks
// and tabs stay, formatting is dropped.
package odt

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MIME is the media type of an ODT file.
const MIME = "application/vnd.oasis.opendocument.text"

// maxContent bounds the content.xml read from a file (zip bombs).
const maxContent = 8 << 20

// ErrNotODT is returned by Text for a file that is not an ODT text document.
var ErrNotODT = errors.New("El fichero no es un documento de texto OpenDocument (.odt).")

// Write returns an ODT whose body is paragraphs (each "\n" inside one is a
// line break) under title, which is also its metadata title.
func Write(title string, paragraphs []string) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	// The mimetype entry comes first and uncompressed (ODF 1.2 part 3, 3.3).
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	if err != nil {
		return nil, err
	}
	io.WriteString(w, MIME)
	files := []struct{ name, body string }{
		{"META-INF/manifest.xml", manifest},
		{"meta.xml", fmt.Sprintf(meta, escape(title))},
		{"styles.xml", styles},
		{"content.xml", content(paragraphs)},
	}
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(w, f.body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// content is content.xml with one text:p per paragraph.
func content(paragraphs []string) string {
	var b strings.Builder
	b.WriteString(contentHead)
	for _, p := range paragraphs {
		b.WriteString(`<text:p text:style-name="Standard">`)
		for i, line := range strings.Split(p, "\n") {
			if i > 0 {
				b.WriteString("<text:line-break/>")
			}
			b.WriteString(escape(line))
		}
		b.WriteString("</text:p>")
	}
	b.WriteString(contentTail)
	return b.String()
}

// Text returns the paragraphs of an ODT text document, joined by a blank
// line, with line breaks, tabs and spaces as the file has them. A file that
// is not an ODT text document is ErrNotODT.
func Text(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", ErrNotODT
	}
	var xmlBody []byte
	mimeOK := false
	for _, f := range zr.File {
		switch f.Name {
		case "mimetype":
			b, err := readAll(f, 200)
			mimeOK = err == nil && strings.TrimSpace(string(b)) == MIME
		case "content.xml":
			if xmlBody, err = readAll(f, maxContent); err != nil {
				return "", err
			}
		}
	}
	if !mimeOK || xmlBody == nil {
		return "", ErrNotODT
	}
	return paragraphsOf(xmlBody)
}

func readAll(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, ErrNotODT
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, ErrNotODT
	}
	if int64(len(b)) > limit {
		return nil, errors.New("El documento es demasiado grande.")
	}
	return b, nil
}

const textNS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

// paragraphsOf walks content.xml: text:p and text:h are paragraphs;
// text:line-break, text:tab and text:s (spaces) are kept.
func paragraphsOf(body []byte) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	var paras []string
	var cur strings.Builder
	depth := 0 // nesting of paragraphs (notes hold paragraphs inside one)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", ErrNotODT
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != textNS {
				continue
			}
			switch t.Name.Local {
			case "p", "h":
				if depth == 0 {
					cur.Reset()
				}
				depth++
			case "line-break":
				cur.WriteString("\n")
			case "tab":
				cur.WriteString("\t")
			case "s":
				n := 1
				for _, a := range t.Attr {
					if a.Name.Local == "c" {
						fmt.Sscan(a.Value, &n)
					}
				}
				cur.WriteString(strings.Repeat(" ", max(1, min(n, 100))))
			}
		case xml.EndElement:
			if t.Name.Space == textNS && (t.Name.Local == "p" || t.Name.Local == "h") && depth > 0 {
				depth--
				if depth == 0 {
					paras = append(paras, cur.String())
				}
			}
		case xml.CharData:
			if depth > 0 {
				cur.Write(t)
			}
		}
	}
	return strings.TrimSpace(strings.Join(paras, "\n\n")), nil
}
