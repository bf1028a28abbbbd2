package autofirma

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"strings"
)

// definition returns the invocation as autoscript.js leaves it in the
// servlets for AutoFirma to fetch by fileid (buildXML): a root element
// named after the operation holding one <e k="…" v="…"/> per parameter,
// each value URL-encoded.
func (inv Invocation) definition() []byte {
	var b bytes.Buffer
	b.WriteString("<" + string(inv.Operation) + ">")
	for _, kv := range inv.params() {
		b.WriteString(`<e k="`)
		xml.EscapeText(&b, []byte(kv[0]))
		b.WriteString(`" v="`)
		xml.EscapeText(&b, []byte(url.QueryEscape(kv[1])))
		b.WriteString(`"/>`)
	}
	b.WriteString("</" + string(inv.Operation) + ">")
	return b.Bytes()
}

// ParseDefinition reads an invocation fetched from the retrieve servlet
// (already deciphered) for the operation named by the afirma:// URL:
// autoscript's XML (ProtocolInvocationUriParserUtil.parseXml) or the JSON
// list {"params":[{"k":…,"v":…}]} (TriphaseDataParser.parseParamsListJson).
// Values are URL-decoded once.
func ParseDefinition(op Operation, def []byte) (Invocation, error) {
	var raw map[string]string
	var err error
	if t := bytes.TrimSpace(def); len(t) > 0 && t[0] == '{' {
		raw, err = paramsJSON(t)
	} else {
		raw, err = paramsXML(def)
	}
	if err != nil {
		return Invocation{}, err
	}
	p := make(map[string]string, len(raw))
	for k, v := range raw {
		if p[k], err = url.QueryUnescape(v); err != nil {
			return Invocation{}, invalid("Un parámetro está mal codificado.")
		}
	}
	return fromParams(op, p)
}

func paramsJSON(def []byte) (map[string]string, error) {
	var list struct {
		Params []struct {
			K *string `json:"k"`
			V *string `json:"v"`
		} `json:"params"`
	}
	if err := json.Unmarshal(def, &list); err != nil {
		return nil, invalid("La definición de la operación no es un JSON válido.")
	}
	p := map[string]string{}
	for _, e := range list.Params {
		if e.K != nil && e.V != nil {
			p[*e.K] = *e.V
		}
	}
	return p, nil
}

var errShape = invalid("La definición de la operación no tiene la forma esperada.")

func paramsXML(def []byte) (map[string]string, error) {
	d := xml.NewDecoder(bytes.NewReader(def))
	p := map[string]string{}
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			if depth != 0 || len(p) == 0 {
				return nil, errShape
			}
			return p, nil
		}
		if err != nil {
			return nil, errShape
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				if roots++; roots > 1 {
					return nil, errShape
				}
				continue
			}
			if depth > 2 || t.Name.Local != "e" {
				return nil, errShape
			}
			var k, v *string
			for _, a := range t.Attr {
				switch a.Name.Local {
				case "k":
					k = &a.Value
				case "v":
					v = &a.Value
				}
			}
			if k == nil || v == nil {
				return nil, errShape
			}
			p[*k] = *v
		case xml.EndElement:
			depth--
		case xml.CharData:
			if strings.TrimSpace(string(t)) != "" {
				return nil, errShape
			}
		}
	}
}
