// Package soap writes and reads the SOAP 1.1 envelopes of the SIR web
// services (see the sirlink package documentation for the operations): the
// rpc/encoded style of WS_SIR6_B and WS_SIR8_B, the document/literal style
// of WS_SIR7 and WS_SIR9, the RespuestaWS answer (codigo, descripcion) and
// SOAP faults. Only the standard library's XML is used.
package soap

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Namespaces of the SIR services (WSDLs of the CIR as published with
// regweb3, GovernIB/registre sir module).
const (
	EnvelopeNS = "http://schemas.xmlsoap.org/soap/envelope/"
	EncodingNS = "http://schemas.xmlsoap.org/soap/encoding/"
	ImplNS     = "http://impl.manager.cct.map.es"
	// CirNS holds RespuestaWS in the rpc/encoded services.
	CirNS = "http://cir.impl.manager.cct.map.es"
	// BeanNS holds RespuestaWS in the document/literal services.
	BeanNS = "http://bean.cct.map.es"
)

// Operation is one operation of a SIR service.
type Operation struct {
	// Service is the service name of the WSDL (WS_SIR6_B...), also the last
	// segment of its address.
	Service string
	// Name is the operation element of the request.
	Name string
	// RPC is true for rpc/encoded, false for document/literal.
	RPC bool
	// Params are the WSDL's parameter names, in order.
	Params []string
}

// The operations of SIR: those the CIR serves to applications and those an
// application serves to the CIR.
var (
	SIR6B = Operation{Service: "WS_SIR6_B", Name: "recepcionFicheroDeAplicacion", RPC: true, Params: []string{"registro"}}
	SIR7  = Operation{Service: "WS_SIR7", Name: "recepcionMensajeDatosControlDeAplicacion", Params: []string{"mensaje"}}
	SIR8B = Operation{Service: "WS_SIR8_B", Name: "envioFicherosAAplicacion", RPC: true, Params: []string{"registro", "firmaRegistro"}}
	SIR9  = Operation{Service: "WS_SIR9", Name: "envioMensajeDatosControlAAplicacion", Params: []string{"value0", "value1"}}
)

// ByName returns the operation whose request element is name.
func ByName(name string) (Operation, bool) {
	for _, op := range []Operation{SIR6B, SIR7, SIR8B, SIR9} {
		if op.Name == name {
			return op, true
		}
	}
	return Operation{}, false
}

// Error is a malformed envelope, described in Spanish.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func errf(format string, args ...any) error { return &Error{Msg: fmt.Sprintf(format, args...)} }

// Request writes the envelope that calls op with the given parameter
// values (in op.Params order; missing trailing ones are sent empty).
func Request(op Operation, values ...string) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<soapenv:Envelope xmlns:soapenv="` + EnvelopeNS + `" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>`)
	if op.RPC {
		b.WriteString(`<ns1:` + op.Name + ` soapenv:encodingStyle="` + EncodingNS + `" xmlns:ns1="` + ImplNS + `">`)
	} else {
		b.WriteString(`<` + op.Name + ` xmlns="` + ImplNS + `">`)
	}
	for i, name := range op.Params {
		v := ""
		if i < len(values) {
			v = values[i]
		}
		if op.RPC {
			b.WriteString(`<` + name + ` xsi:type="xsd:string">`)
		} else {
			b.WriteString(`<` + name + `>`)
		}
		escape(&b, v)
		b.WriteString(`</` + name + `>`)
	}
	if op.RPC {
		b.WriteString(`</ns1:` + op.Name + `>`)
	} else {
		b.WriteString(`</` + op.Name + `>`)
	}
	b.WriteString(`</soapenv:Body></soapenv:Envelope>`)
	return b.Bytes()
}

// Response writes op's answer: a RespuestaWS with codigo and descripcion.
func Response(op Operation, code, description string) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<soapenv:Envelope xmlns:soapenv="` + EnvelopeNS + `" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>`)
	ret := op.Name + "Return"
	if op.RPC {
		b.WriteString(`<ns1:` + op.Name + `Response soapenv:encodingStyle="` + EncodingNS + `" xmlns:ns1="` + ImplNS + `">`)
		b.WriteString(`<` + ret + ` xsi:type="ns2:RespuestaWS" xmlns:ns2="` + CirNS + `">`)
		b.WriteString(`<codigo xsi:type="xsd:string">`)
		escape(&b, code)
		b.WriteString(`</codigo><descripcion xsi:type="xsd:string">`)
		escape(&b, description)
		b.WriteString(`</descripcion></` + ret + `></ns1:` + op.Name + `Response>`)
	} else {
		b.WriteString(`<` + op.Name + `Response xmlns="` + ImplNS + `"><` + ret + `>`)
		b.WriteString(`<codigo xmlns="` + BeanNS + `">`)
		escape(&b, code)
		b.WriteString(`</codigo><descripcion xmlns="` + BeanNS + `">`)
		escape(&b, description)
		b.WriteString(`</descripcion></` + ret + `></` + op.Name + `Response>`)
	}
	b.WriteString(`</soapenv:Body></soapenv:Envelope>`)
	return b.Bytes()
}

// Fault writes a SOAP 1.1 fault; client is true when the caller's request
// was at fault (soapenv:Client), false for soapenv:Server.
func Fault(client bool, message string) []byte {
	code := "soapenv:Server"
	if client {
		code = "soapenv:Client"
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<soapenv:Envelope xmlns:soapenv="` + EnvelopeNS + `"><soapenv:Body><soapenv:Fault><faultcode>` + code + `</faultcode><faultstring xml:lang="es">`)
	escape(&b, message)
	b.WriteString(`</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`)
	return b.Bytes()
}

func escape(b *bytes.Buffer, s string) {
	_ = xml.EscapeText(b, []byte(s)) // a bytes.Buffer does not fail
}

// Call is a request read from an envelope.
type Call struct {
	Op Operation
	// Values are the parameters' text, by position: the CIR has been seen
	// to name them value0, value1 instead of the WSDL's names, and to send
	// the operation element without its namespace, so neither is checked.
	Values []string
}

// Value returns the i-th parameter, or "" when it was not sent.
func (c *Call) Value(i int) string {
	if i < len(c.Values) {
		return c.Values[i]
	}
	return ""
}

// maxDepth bounds the nesting read inside an envelope.
const maxDepth = 32

// ParseCall reads a request envelope. Errors are *Error, in Spanish.
func ParseCall(r io.Reader) (*Call, error) {
	dec := newDecoder(r)
	if err := enterBody(dec); err != nil {
		return nil, err
	}
	start, err := nextElement(dec)
	if err != nil {
		return nil, err
	}
	if start == nil {
		return nil, errf("El cuerpo del mensaje SOAP está vacío.")
	}
	op, ok := ByName(start.Name.Local)
	if !ok {
		return nil, errf("La operación «%s» no existe en este servicio.", cut(start.Name.Local))
	}
	if start.Name.Space != "" && start.Name.Space != ImplNS {
		return nil, errf("La operación «%s» no está en el espacio de nombres %s.", op.Name, ImplNS)
	}
	call := &Call{Op: op}
	for {
		param, err := nextElement(dec)
		if err != nil {
			return nil, err
		}
		if param == nil {
			break
		}
		if len(call.Values) == len(op.Params) {
			return nil, errf("La operación %s admite %d parámetros y se han recibido más.", op.Name, len(op.Params))
		}
		v, err := text(dec)
		if err != nil {
			return nil, err
		}
		call.Values = append(call.Values, v)
	}
	if len(call.Values) == 0 {
		return nil, errf("Falta el parámetro «%s» de la operación %s.", op.Params[0], op.Name)
	}
	if err := leaveEnvelope(dec); err != nil {
		return nil, err
	}
	return call, nil
}

// Answer is what a response envelope says: a RespuestaWS or a fault.
type Answer struct {
	Code, Description string
	// Fault is true when the envelope was a SOAP fault (Code is then the
	// faultcode and Description the faultstring).
	Fault bool
}

// ParseAnswer reads a response envelope: the first codigo and descripcion
// elements of the body (inline or in an Axis multiRef), or a SOAP fault.
func ParseAnswer(r io.Reader) (*Answer, error) {
	dec := newDecoder(r)
	if err := enterBody(dec); err != nil {
		return nil, err
	}
	var a Answer
	var got, inFault bool
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, malformed(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxDepth {
				return nil, errf("El mensaje SOAP tiene demasiados niveles de anidamiento.")
			}
			switch {
			case t.Name.Local == "Fault" && t.Name.Space == EnvelopeNS:
				inFault, a.Fault = true, true
			case inFault && t.Name.Local == "faultcode", !inFault && t.Name.Local == "codigo" && !got:
				v, err := text(dec)
				if err != nil {
					return nil, err
				}
				depth--
				a.Code, got = v, true
			case inFault && t.Name.Local == "faultstring", !inFault && t.Name.Local == "descripcion" && a.Description == "":
				v, err := text(dec)
				if err != nil {
					return nil, err
				}
				depth--
				a.Description = v
			}
		case xml.EndElement:
			if depth == 0 {
				if !got && !a.Fault {
					return nil, errf("La respuesta SOAP no trae el código de resultado.")
				}
				return &a, nil
			}
			depth--
		}
	}
}

func newDecoder(r io.Reader) *xml.Decoder {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	dec.CharsetReader = charsetReader
	return dec
}

// charsetReader accepts the encodings a SOAP stack may declare: UTF-8 and
// ISO-8859-1 (Latin-1 bytes map one to one to the first 256 code points).
func charsetReader(charset string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "utf-8", "utf8", "us-ascii":
		return in, nil
	case "iso-8859-1", "latin1", "iso8859-1":
		return &latin1Reader{r: in}, nil
	}
	return nil, errf("La codificación «%s» del mensaje SOAP no está admitida.", cut(charset))
}

type latin1Reader struct {
	r   io.Reader
	buf []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	if len(p) < utf8.UTFMax {
		return 0, io.ErrShortBuffer
	}
	if cap(l.buf) < len(p)/2 {
		l.buf = make([]byte, len(p)/2)
	}
	n, err := l.r.Read(l.buf[:len(p)/2])
	out := 0
	for _, c := range l.buf[:n] {
		out += utf8.EncodeRune(p[out:], rune(c))
	}
	return out, err
}

// enterBody reads up to the start of the Body of a SOAP 1.1 envelope,
// skipping any Header.
func enterBody(dec *xml.Decoder) error {
	root, err := nextElement(dec)
	var perr *Error
	if errors.As(err, &perr) && strings.HasPrefix(perr.Msg, "Hay texto") {
		return errf("El mensaje no es un sobre SOAP: hay texto fuera de todo elemento.")
	}
	if err != nil {
		return err
	}
	if root == nil || root.Name.Local != "Envelope" {
		return errf("El mensaje no es un sobre SOAP (falta el elemento Envelope).")
	}
	if root.Name.Space != EnvelopeNS {
		return errf("El sobre no es SOAP 1.1 (espacio de nombres %s).", EnvelopeNS)
	}
	for {
		el, err := nextElement(dec)
		if err != nil {
			return err
		}
		if el == nil {
			return errf("El sobre SOAP no tiene cuerpo (Body).")
		}
		if el.Name.Space == EnvelopeNS && el.Name.Local == "Body" {
			return nil
		}
		if el.Name.Space == EnvelopeNS && el.Name.Local == "Header" {
			if err := dec.Skip(); err != nil {
				return malformed(err)
			}
			continue
		}
		return errf("Elemento «%s» inesperado en el sobre SOAP.", cut(el.Name.Local))
	}
}

// leaveEnvelope reads what follows the operation: the end of Body and of
// Envelope, and nothing else.
func leaveEnvelope(dec *xml.Decoder) error {
	for closed := 0; ; {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if closed < 2 {
				return errf("El sobre SOAP está incompleto.")
			}
			return nil
		}
		if err != nil {
			return malformed(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return errf("Elemento «%s» inesperado tras la operación.", cut(t.Name.Local))
		case xml.EndElement:
			closed++
		case xml.CharData:
			if closed >= 2 && len(bytes.TrimSpace(t)) > 0 {
				return errf("Hay texto después del sobre SOAP.")
			}
		}
	}
}

// nextElement returns the next start element at this level, or nil when
// the enclosing element ends first. Text between elements must be blank.
func nextElement(dec *xml.Decoder) (*xml.StartElement, error) {
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil, errf("El sobre SOAP está incompleto.")
		}
		if err != nil {
			return nil, malformed(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return &t, nil
		case xml.EndElement:
			return nil, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, errf("Hay texto fuera de lugar en el sobre SOAP.")
			}
		case xml.Directive:
			return nil, errf("El sobre SOAP no puede llevar declaraciones DOCTYPE.")
		}
	}
}

// text reads the text content of the element just opened, up to its end.
// A parameter holds text (the SICRES XML escaped or in CDATA), never
// elements.
func text(dec *xml.Decoder) (string, error) {
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", malformed(err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			return "", errf("El parámetro lleva el elemento «%s»: el fichero debe ir como texto (escapado o en CDATA).", cut(t.Name.Local))
		case xml.EndElement:
			return b.String(), nil
		}
	}
}

func malformed(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) && se.Msg == "unexpected EOF" {
		return errf("El sobre SOAP está incompleto.")
	}
	if errors.As(err, &se) {
		return errf("El mensaje SOAP no es XML bien formado (línea %d).", se.Line)
	}
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errf("El sobre SOAP está incompleto.")
	}
	return errf("El mensaje SOAP no se ha podido leer.")
}

// cut shortens a name echoed in a message.
func cut(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		return string([]rune(s)[:60]) + "…"
	}
	return s
}
