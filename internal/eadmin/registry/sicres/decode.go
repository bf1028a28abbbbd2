package sicres

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"reflect"
	"strings"
	"sync"
)

// The decoder below reads a document the way the schema describes it:
// the struct fields are in the schema's order, a string field is a leaf
// (required unless its tag says omitempty), a struct field a segment that
// occurs once, and a slice a repeated element (occurs gives its bounds).
// encoding/xml's Unmarshal would leave a missing segment as a zero value
// and accept elements in any order or unknown ones; a file the schema
// refuses must be refused here too.

// occurs bounds the repeated elements (max 0: unbounded).
var occurs = map[string][2]int{"De_Interesado": {1, 0}, "De_Anexo": {0, 0}, "Identificador_Fichero": {0, 10}}

type fieldKind int

const (
	leaf fieldKind = iota
	leafList
	segment
	segmentList
)

type fieldInfo struct {
	name     string
	index    int
	kind     fieldKind
	min, max int
}

var fieldCache sync.Map // reflect.Type → []fieldInfo

// fieldsOf lists the elements of a struct type in schema order.
func fieldsOf(t reflect.Type) []fieldInfo {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]fieldInfo)
	}
	var fs []fieldInfo
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Name == "XMLName" {
			continue
		}
		tag := strings.Split(sf.Tag.Get("xml"), ",")
		f := fieldInfo{name: tag[0], index: i, min: 1, max: 1}
		switch {
		case sf.Type.Kind() == reflect.String:
			f.kind = leaf
			if len(tag) > 1 && tag[1] == "omitempty" {
				f.min = 0
			}
		case sf.Type.Kind() == reflect.Struct:
			f.kind = segment
		case sf.Type.Elem().Kind() == reflect.String:
			f.kind, f.min, f.max = leafList, occurs[f.name][0], occurs[f.name][1]
		default:
			f.kind, f.min, f.max = segmentList, occurs[f.name][0], occurs[f.name][1]
		}
		fs = append(fs, f)
	}
	fieldCache.Store(t, fs)
	return fs
}

// decodeDocument reads data into v (a pointer to a struct) checking the
// structure against the schema: root name, element order, presence,
// repetitions, no unknown elements, attributes or text out of place.
func decodeDocument(data []byte, root string, v any) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charsetReader
	dec.Strict = true
	for {
		tok, err := dec.Token()
		if err != nil {
			return readError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != root || t.Name.Space != "" {
				return errf("El elemento raíz es %s y debe ser %s (sin espacio de nombres).", q(t.Name.Local), root)
			}
			if err := decodeStruct(dec, t, reflect.ValueOf(v).Elem(), root); err != nil {
				return err
			}
			return checkSingleRoot(dec)
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return errf("El fichero tiene texto fuera del elemento raíz.")
			}
		}
	}
}

func readError(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if errors.Is(err, io.EOF) {
		return errf("El fichero está incompleto o vacío.")
	}
	return errf("El fichero no es un XML legible: %s.", cleanXMLError(err))
}

func checkSingleRoot(dec *xml.Decoder) error {
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return errf("El fichero tiene contenido no válido después del elemento raíz.")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return errf("El fichero tiene más de un elemento raíz.")
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return errf("El fichero tiene texto fuera del elemento raíz.")
			}
		}
	}
}

func cleanXMLError(err error) string {
	s := strings.TrimPrefix(err.Error(), "xml: ")
	if len(s) > 160 {
		s = strings.ToValidUTF8(s[:160], "")
	}
	return s
}

// xsiNS is the XML Schema instance namespace, whose attributes
// (xsi:noNamespaceSchemaLocation…) the schema admits anywhere.
const xsiNS = "http://www.w3.org/2001/XMLSchema-instance"

func checkAttrs(start xml.StartElement, path string) error {
	for _, a := range start.Attr {
		if a.Name.Space == "xmlns" || a.Name.Space == xsiNS || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			continue
		}
		return errf("%s tiene el atributo %s, que el esquema no admite.", path, q(a.Name.Local))
	}
	return nil
}

// decodeStruct reads the children of start into the struct v.
func decodeStruct(dec *xml.Decoder, start xml.StartElement, v reflect.Value, path string) error {
	if err := checkAttrs(start, path); err != nil {
		return err
	}
	fields := fieldsOf(v.Type())
	pos, count := 0, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return readError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			i := pos
			for i < len(fields) && fields[i].name != t.Name.Local {
				i++
			}
			if i == len(fields) || t.Name.Space != "" {
				return errf("%s: el elemento %s no está previsto en el esquema o está fuera de orden.", path, q(t.Name.Local))
			}
			if i > pos {
				if err := missing(fields[pos:i], count, path); err != nil {
					return err
				}
				pos, count = i, 0
			}
			f := fields[i]
			if f.max > 0 && count == f.max {
				return errf("%s: el elemento %s aparece más de %d veces.", path, f.name, f.max)
			}
			count++
			fv := v.Field(f.index)
			child := path + "/" + f.name
			switch f.kind {
			case leaf, leafList:
				s, err := leafText(dec, t, child)
				if err != nil {
					return err
				}
				if f.kind == leaf {
					fv.SetString(s)
				} else {
					fv.Set(reflect.Append(fv, reflect.ValueOf(s)))
				}
			case segment:
				if err := decodeStruct(dec, t, fv, child); err != nil {
					return err
				}
			case segmentList:
				fv.Set(reflect.Append(fv, reflect.New(fv.Type().Elem()).Elem()))
				if err := decodeStruct(dec, t, fv.Index(fv.Len()-1), child); err != nil {
					return err
				}
			}
		case xml.EndElement:
			return missing(fields[pos:], count, path)
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return errf("%s tiene texto fuera de sus elementos.", path)
			}
		}
	}
}

// missing reports the first required element of fields absent; the first
// of them has already occurred count times.
func missing(fields []fieldInfo, count int, path string) error {
	for i, f := range fields {
		if i > 0 {
			count = 0
		}
		if count < f.min {
			if f.min == 1 {
				return errf("%s: falta el elemento %s.", path, f.name)
			}
			return errf("%s: el elemento %s debe aparecer al menos %d veces.", path, f.name, f.min)
		}
	}
	return nil
}

// leafText reads the text of a leaf element.
func leafText(dec *xml.Decoder, start xml.StartElement, path string) (string, error) {
	if err := checkAttrs(start, path); err != nil {
		return "", err
	}
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", readError(err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			return "", errf("%s no admite elementos dentro (%s).", path, q(t.Name.Local))
		case xml.EndElement:
			return b.String(), nil
		}
	}
}
