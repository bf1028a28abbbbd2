package sign

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"time"

	dpdf "github.com/digitorus/pdf"
)

// sigField is the signature field an incremental update adds to a PDF.
type sigField struct {
	time                   time.Time
	name, reason, location string
	block                  *Block
	reserve                int // bytes kept for the CMS signature
}

// prepared is a PDF with an empty signature: its /Contents is a hole of
// zeros that the ByteRange leaves out.
type prepared struct {
	pdf  []byte
	hole [2]int // span of the /Contents hex string, "<" and ">" included
}

// byteRangeSlot is the ByteRange written first, overwritten in place.
const byteRangeSlot = "/ByteRange[0 ********** ********** **********]"

// addSignatureField appends to data an incremental update (ISO 32000-1
// §7.5.6) with a signature field: the signature dictionary with an empty
// /Contents, its widget on the page (visible when f.block is set), the page
// with the widget among its annotations and the AcroForm with the field.
// The original bytes are kept as they are, so earlier signatures stay valid.
func addSignatureField(data []byte, f sigField) (p prepared, err error) {
	if err := checkPDF(data); err != nil {
		return p, err
	}
	defer func() {
		if recover() != nil { // the reader panics on malformed files
			p, err = prepared{}, ErrBadInput
		}
	}()
	r, err := dpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return p, ErrBadInput
	}
	trailer := r.Trailer()
	root := trailer.Key("Root")
	if !trailer.Key("Encrypt").IsNull() || root.Kind() != dpdf.Dict || certifiedNoChanges(root) {
		return p, ErrBadInput
	}
	pageNo := 1
	if f.block != nil && f.block.Page > 0 {
		pageNo = f.block.Page
	}
	page, ok := findPage(root.Key("Pages"), pageNo)
	if !ok {
		return p, ErrBadInput
	}
	u := newUpdate(data, r)
	sigID, widgetID := u.newID(), u.newID()
	rangeAt := u.sigDict(sigID, f, &p)
	var rect [4]float64
	var apID uint32
	if f.block != nil {
		if rect, ok = blockRect(f.block, mediaBox(page)); !ok {
			return prepared{}, ErrBadInput
		}
		apID = u.newID()
	}
	u.widget(widgetID, sigID, apID, page, rect, fieldName(root.Key("AcroForm")))
	if apID != 0 {
		u.begin(apID, 0)
		u.buf.Write(appearance(f.block.Lines, rect[2]-rect[0], rect[3]-rect[1]))
		u.end()
	}
	if err := u.addAnnot(page, widgetID); err != nil {
		return prepared{}, ErrBadInput
	}
	if err := u.addField(root, widgetID); err != nil {
		return prepared{}, ErrBadInput
	}
	if err := u.finish(trailer, root); err != nil {
		return prepared{}, ErrBadInput
	}

	p.pdf = u.buf.Bytes()
	br := fmt.Sprintf("/ByteRange[0 %d %d %d]", p.hole[0], p.hole[1], len(p.pdf)-p.hole[1])
	copy(p.pdf[rangeAt:], br+strings.Repeat(" ", len(byteRangeSlot)-len(br)))
	return p, nil
}

// sigDict writes the signature dictionary, with the ByteRange to be
// written at the offset it returns and the hole of /Contents noted in p.
func (u *update) sigDict(id uint32, f sigField, p *prepared) (rangeAt int) {
	u.begin(id, 0)
	u.buf.WriteString("<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/M" + pdfDate(f.time))
	for _, e := range [][2]string{{"Name", f.name}, {"Reason", f.reason}, {"Location", f.location}} {
		if e[1] != "" {
			u.buf.WriteString("/" + e[0] + pdfText(e[1]))
		}
	}
	rangeAt = u.buf.Len()
	u.buf.WriteString(byteRangeSlot + "/Contents")
	p.hole[0] = u.buf.Len()
	u.buf.WriteByte('<')
	u.buf.Write(bytes.Repeat([]byte{'0'}, 2*f.reserve))
	u.buf.WriteByte('>')
	p.hole[1] = u.buf.Len()
	u.buf.WriteString(">>")
	u.end()
	return rangeAt
}

// widget writes the signature field, merged with its widget annotation on
// the page at rect (zero: invisible) and drawn by the form apID (0: none).
func (u *update) widget(id, sigID, apID uint32, page dpdf.Value, rect [4]float64, name string) {
	pp := page.GetPtr()
	u.begin(id, 0)
	fmt.Fprintf(&u.buf, "<</Type/Annot/Subtype/Widget/FT/Sig/F 132/T%s/V %d 0 R/P %d %d R/Rect[%s %s %s %s]",
		pdfText(name), sigID, pp.GetID(), pp.GetGen(), pdfNum(rect[0]), pdfNum(rect[1]), pdfNum(rect[2]), pdfNum(rect[3]))
	if apID != 0 {
		fmt.Fprintf(&u.buf, "/AP<</N %d 0 R>>", apID)
	}
	u.buf.WriteString(">>")
	u.end()
}

// update is an incremental update being written after the original file.
type update struct {
	buf     bytes.Buffer
	r       *dpdf.Reader
	next    uint32      // the next free object number
	entries []xrefEntry // objects written, in order
}

// xrefEntry is the offset of an object written by the update.
type xrefEntry struct {
	id     uint32
	gen    uint16
	offset int
}

func newUpdate(data []byte, r *dpdf.Reader) *update {
	u := &update{r: r, next: uint32(max(r.Trailer().Key("Size").Int64(), int64(len(r.Xref()))))}
	u.buf.Grow(len(data) + 64<<10)
	u.buf.Write(data)
	if c := data[len(data)-1]; c != '\n' && c != '\r' {
		u.buf.WriteByte('\n')
	}
	return u
}

func (u *update) newID() uint32 {
	u.next++
	return u.next - 1
}

func (u *update) begin(id uint32, gen uint16) {
	u.entries = append(u.entries, xrefEntry{id: id, gen: gen, offset: u.buf.Len()})
	fmt.Fprintf(&u.buf, "%d %d obj\n", id, gen)
}

func (u *update) end() { u.buf.WriteString("\nendobj\n") }

// rewrite writes a new version of the dictionary object d without the keys
// in skip, and then what more writes before closing it.
func (u *update) rewrite(d dpdf.Value, skip map[string]bool, more func() error) error {
	ptr := d.GetPtr()
	u.begin(ptr.GetID(), ptr.GetGen())
	if err := writeDict(&u.buf, raw(d), 0, skip); err != nil {
		return err
	}
	if err := more(); err != nil {
		return err
	}
	u.buf.WriteString(">>")
	u.end()
	return nil
}

// addAnnot writes the page with the widget among its annotations.
func (u *update) addAnnot(page dpdf.Value, widgetID uint32) error {
	return u.rewrite(page, map[string]bool{"Annots": true}, func() error {
		u.buf.WriteString("/Annots")
		return u.appendRef(page.Key("Annots"), widgetID)
	})
}

// addField writes the AcroForm with the signature field and SigFlags 3
// (signatures exist, append only): in place when it is an object of its
// own, else in a new version of the catalog.
func (u *update) addField(root dpdf.Value, widgetID uint32) error {
	form := root.Key("AcroForm")
	body := func() error {
		if form.Kind() == dpdf.Dict {
			if err := writeDict(&u.buf, raw(form), 1, map[string]bool{"Fields": true, "SigFlags": true}); err != nil {
				return err
			}
		} else {
			u.buf.WriteString("<<")
		}
		u.buf.WriteString("/SigFlags 3/Fields")
		if err := u.appendRef(form.Key("Fields"), widgetID); err != nil {
			return err
		}
		u.buf.WriteString(">>")
		return nil
	}
	if id, gen, ok := ref(entry(root, "AcroForm")); ok && form.Kind() == dpdf.Dict {
		u.begin(uint32(id), uint16(gen))
		if err := body(); err != nil {
			return err
		}
		u.end()
		return nil
	}
	return u.rewrite(root, map[string]bool{"AcroForm": true}, func() error {
		u.buf.WriteString("/AcroForm")
		return body()
	})
}

// appendRef writes the array list (null: none) with a reference to id
// added at its end.
func (u *update) appendRef(list dpdf.Value, id uint32) error {
	u.buf.WriteByte('[')
	if items := raw(list); items.Kind() == reflect.Slice {
		for i := range items.Len() {
			if err := writeValue(&u.buf, items.Index(i), 1); err != nil {
				return err
			}
			u.buf.WriteByte(' ')
		}
	}
	fmt.Fprintf(&u.buf, "%d 0 R]", id)
	return nil
}
