package sign

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	dpdf "github.com/digitorus/pdf"
)

// maxPDFDepth bounds the nesting of the values copied from a PDF.
const maxPDFDepth = 32

var errPDFValue = errors.New("sign: PDF value that cannot be copied")

// The reader keeps a value as it was written, with its references
// unresolved, in types it does not export: names, dictionaries, arrays
// and references (objptr) are told apart by reflection.

// writeValue writes in PDF syntax a value as the reader keeps it.
func writeValue(b *bytes.Buffer, x reflect.Value, depth int) error {
	if depth > maxPDFDepth {
		return errPDFValue
	}
	if x.Kind() == reflect.Interface {
		x = x.Elem()
	}
	if id, gen, ok := ref(x); ok {
		fmt.Fprintf(b, "%d %d R", id, gen)
		return nil
	}
	switch x.Kind() {
	case reflect.Invalid:
		b.WriteString("null")
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(x.Bool()))
	case reflect.Int64:
		b.WriteString(strconv.FormatInt(x.Int(), 10))
	case reflect.Float64:
		b.WriteString(strconv.FormatFloat(x.Float(), 'f', -1, 64))
	case reflect.String:
		switch x.Type().Name() {
		case "name":
			writeName(b, x.String())
		case "string":
			b.WriteByte('<')
			b.WriteString(hex.EncodeToString([]byte(x.String())))
			b.WriteByte('>')
		default: // a keyword out of place
			return errPDFValue
		}
	case reflect.Slice:
		b.WriteByte('[')
		for i := range x.Len() {
			if i > 0 {
				b.WriteByte(' ')
			}
			if err := writeValue(b, x.Index(i), depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case reflect.Map:
		return writeDict(b, x, depth, nil)
	default: // a stream is an object of its own
		return errPDFValue
	}
	return nil
}

// ref reports whether x is a reference to an object, and which.
func ref(x reflect.Value) (id, gen uint64, ok bool) {
	if x.Kind() != reflect.Struct || x.Type().Name() != "objptr" || x.NumField() != 2 {
		return 0, 0, false
	}
	return x.Field(0).Uint(), x.Field(1).Uint(), true
}

// raw is a value read by the reader as it keeps it.
func raw(v dpdf.Value) reflect.Value { return reflect.ValueOf(v.RawData()) }

// entry is the value of key in the dictionary d as written: a reference
// is not resolved.
func entry(d dpdf.Value, key string) reflect.Value {
	m := raw(d)
	if m.Kind() != reflect.Map {
		return reflect.Value{}
	}
	v := m.MapIndex(reflect.ValueOf(key).Convert(m.Type().Key()))
	if v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	return v
}

// writeDict writes the dictionary d without the keys in skip; when skip
// is not nil it leaves the dictionary open for the caller to write their
// new values and close it.
func writeDict(b *bytes.Buffer, d reflect.Value, depth int, skip map[string]bool) error {
	if d.Kind() != reflect.Map {
		return errPDFValue
	}
	keys := d.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	b.WriteString("<<")
	for _, k := range keys {
		if skip[k.String()] {
			continue
		}
		writeName(b, k.String())
		b.WriteByte(' ')
		if err := writeValue(b, d.MapIndex(k), depth+1); err != nil {
			return err
		}
	}
	if skip == nil {
		b.WriteString(">>")
	}
	return nil
}

// writeName writes a PDF name, escaping what is not a regular character.
func writeName(b *bytes.Buffer, n string) {
	b.WriteByte('/')
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c < '!' || c > '~' || c == '#' || bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0 {
			fmt.Fprintf(b, "#%02X", c)
			continue
		}
		b.WriteByte(c)
	}
}

// pdfText encodes s as a PDF text string: literal when it is printable
// ASCII, else hexadecimal UTF-16BE with its byte order mark.
func pdfText(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			ascii = false
			break
		}
	}
	if ascii {
		var b bytes.Buffer
		b.WriteByte('(')
		for i := 0; i < len(s); i++ {
			if s[i] == '(' || s[i] == ')' || s[i] == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(s[i])
		}
		b.WriteByte(')')
		return b.String()
	}
	u := utf16.Encode([]rune(s))
	raw := make([]byte, 2, 2+2*len(u))
	raw[0], raw[1] = 0xFE, 0xFF
	for _, r := range u {
		raw = append(raw, byte(r>>8), byte(r))
	}
	return "<" + hex.EncodeToString(raw) + ">"
}

// pdfDate formats t as a PDF date string with its offset from UTC.
func pdfDate(t time.Time) string {
	_, off := t.Zone()
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("(D:%s%c%02d'%02d')", t.Format("20060102150405"), sign, off/3600, off%3600/60)
}
