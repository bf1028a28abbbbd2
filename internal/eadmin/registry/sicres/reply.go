package sicres

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strings"
)

// envelope holds what an ERROR message needs from a received file, read
// even when the file is not valid.
type envelope struct {
	origen, destino, intercambio, prueba string
}

// readEnvelope scans data for the addressing fields of the file, stopping
// at the first XML error: regweb3's parserForError.
func readEnvelope(data []byte) envelope {
	var env envelope
	if len(data) > MaxFileBytes {
		data = data[:MaxFileBytes]
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charsetReader
	fields := map[string]*string{"Codigo_Entidad_Registral_Origen": &env.origen, "Codigo_Entidad_Registral_Destino": &env.destino,
		"Identificador_Intercambio": &env.intercambio, "Indicador_Prueba": &env.prueba}
	var current *string
	for {
		tok, err := dec.Token()
		if err != nil {
			return env
		}
		switch t := tok.(type) {
		case xml.StartElement:
			current = nil
			if p := fields[t.Name.Local]; p != nil && *p == "" {
				current = p
			}
		case xml.CharData:
			if current != nil {
				*current += string(t)
			}
		case xml.EndElement:
			if current != nil {
				*current = strings.TrimSpace(*current)
			}
			current = nil
		}
	}
}

// ErrorReply builds the ERROR message (Tipo_Mensaje 02) that answers a
// received interchange file refused with err: from the receiving office
// (the file's destination) to the sending one, for the same exchange,
// with err's code (CodeEntry when err is not an *Error) and reason. It
// fails when the file does not say enough to address the answer (the
// offices or the exchange identifier are missing or malformed): then no
// message can be sent, as in regweb3.
func ErrorReply(data []byte, err error) (*Mensaje, error) {
	env := readEnvelope(data)
	code, desc := CodeEntry, ErrorCodes[CodeEntry]
	var e *Error
	if errors.As(err, &e) {
		code, desc = e.Code, e.Msg
		if code == "" {
			code = CodeXMLFormat
		}
	}
	if len([]rune(desc)) > 1024 {
		desc = ErrorCodes[code]
	}
	prueba := env.prueba
	if prueba != "1" {
		prueba = "0"
	}
	m := &Mensaje{CodigoEntidadOrigen: env.destino, CodigoEntidadDestino: env.origen, IdentificadorIntercambio: env.intercambio,
		TipoMensaje: MensajeError, Descripcion: desc, IndicadorPrueba: prueba, CodigoError: code}
	if err := m.Check(); err != nil {
		return nil, errf("No se puede responder con un mensaje de error: %s", err.Error())
	}
	return m, nil
}
