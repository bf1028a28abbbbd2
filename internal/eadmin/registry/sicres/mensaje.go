package sicres

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Message types of De_Mensaje.
const (
	MensajeACK          = "01"
	MensajeError        = "02"
	MensajeConfirmacion = "03"
)

// MaxMensajeBytes bounds the messages ParseMensaje reads.
const MaxMensajeBytes = 64 << 10

var errorCodeRe = regexp.MustCompile(`^\d{4}$`)

// Mensaje is De_Mensaje (SICRES3_MENSAJE_APL.xsd): the acknowledgment
// (ACK), error or confirmation (with the destination's own registry number
// and date) that answers an interchange file.
type Mensaje struct {
	XMLName                  xml.Name `xml:"De_Mensaje"`
	CodigoEntidadOrigen      string   `xml:"Codigo_Entidad_Registral_Origen"`
	CodigoEntidadDestino     string   `xml:"Codigo_Entidad_Registral_Destino"`
	IdentificadorIntercambio string   `xml:"Identificador_Intercambio"`
	TipoMensaje              string   `xml:"Tipo_Mensaje"`
	Descripcion              string   `xml:"Descripcion_Mensaje,omitempty"`
	NumeroRegistroDestino    string   `xml:"Numero_Registro_Entrada_Destino,omitempty"`
	FechaHoraDestino         string   `xml:"Fecha_Hora_Entrada_Destino,omitempty"`
	IndicadorPrueba          string   `xml:"Indicador_Prueba"`
	IdentificadoresFichero   []string `xml:"Identificador_Fichero,omitempty"`
	CodigoError              string   `xml:"Codigo_Error,omitempty"`
}

// Check verifies what the schema and the SICRES rules require of a
// message: lengths, mandatory values, the codes, the date format; an
// ERROR carries its Codigo_Error and a CONFIRMACION the destination's
// registry number and date.
func (m *Mensaje) Check() error {
	for _, c := range []struct {
		name, v string
		max     int
		req     bool
	}{{"Codigo_Entidad_Registral_Origen", m.CodigoEntidadOrigen, 21, true},
		{"Codigo_Entidad_Registral_Destino", m.CodigoEntidadDestino, 21, true},
		{"Identificador_Intercambio", m.IdentificadorIntercambio, 33, true},
		{"Descripcion_Mensaje", m.Descripcion, 1024, false},
		{"Numero_Registro_Entrada_Destino", m.NumeroRegistroDestino, 20, false},
		{"Fecha_Hora_Entrada_Destino", m.FechaHoraDestino, 14, false},
		{"Codigo_Error", m.CodigoError, 4, false}} {
		switch {
		case c.req && c.v == "":
			return errf("De_Mensaje: falta %s.", c.name)
		case utf8.RuneCountInString(c.v) > c.max:
			return errf("De_Mensaje: %s admite como máximo %d caracteres.", c.name, c.max)
		case !utf8.ValidString(c.v) || strings.ContainsFunc(c.v, func(r rune) bool { return !isXMLChar(r) }):
			return errf("De_Mensaje: %s contiene caracteres no válidos.", c.name)
		}
	}
	switch {
	case !dir3Re.MatchString(m.CodigoEntidadOrigen) || !dir3Re.MatchString(m.CodigoEntidadDestino):
		return errf("De_Mensaje: los códigos de entidad registral deben ser códigos DIR3.")
	case !exchangeRe.MatchString(m.IdentificadorIntercambio):
		return errf("De_Mensaje: el identificador de intercambio %s no tiene el formato <entidad registral>_<aa>_<8 cifras>.", q(m.IdentificadorIntercambio))
	case m.TipoMensaje != MensajeACK && m.TipoMensaje != MensajeError && m.TipoMensaje != MensajeConfirmacion:
		return errf("De_Mensaje: Tipo_Mensaje %s no es 01 (ACK), 02 (ERROR) ni 03 (CONFIRMACION).", q(m.TipoMensaje))
	case m.IndicadorPrueba != "0" && m.IndicadorPrueba != "1":
		return errf("De_Mensaje: Indicador_Prueba debe ser 0 o 1.")
	case len(m.IdentificadoresFichero) > 10:
		return errf("De_Mensaje: hay más de 10 Identificador_Fichero.")
	case m.CodigoError != "" && !errorCodeRe.MatchString(m.CodigoError):
		return errf("De_Mensaje: Codigo_Error %s no tiene 4 cifras.", q(m.CodigoError))
	case m.TipoMensaje == MensajeError && m.CodigoError == "":
		return errf("De_Mensaje: un mensaje de ERROR debe llevar Codigo_Error.")
	case m.TipoMensaje == MensajeConfirmacion && (m.NumeroRegistroDestino == "" || m.FechaHoraDestino == ""):
		return errf("De_Mensaje: una CONFIRMACION debe llevar el número y la fecha de registro en destino.")
	case m.FechaHoraDestino != "" && !validDate(m.FechaHoraDestino):
		return errf("De_Mensaje: la fecha %s no tiene el formato aaaammddhhmmss.", q(m.FechaHoraDestino))
	}
	for _, id := range m.IdentificadoresFichero {
		if id == "" || utf8.RuneCountInString(id) > 50 {
			return errf("De_Mensaje: Identificador_Fichero vacío o de más de 50 caracteres.")
		}
	}
	return nil
}

// Marshal writes the message after checking it.
func (m *Mensaje) Marshal() ([]byte, error) {
	if err := m.Check(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// ParseMensaje reads a received message (ACK, ERROR or CONFIRMACION) and
// checks it against the schema and the rules of Check. Every rejection
// is an *Error.
func ParseMensaje(data []byte) (*Mensaje, error) {
	if len(data) > MaxMensajeBytes {
		return nil, errf("El mensaje supera los %d KB.", MaxMensajeBytes>>10)
	}
	var m Mensaje
	if err := decodeDocument(data, "De_Mensaje", &m); err != nil {
		return nil, err
	}
	for _, p := range []*string{&m.CodigoEntidadOrigen, &m.CodigoEntidadDestino, &m.IdentificadorIntercambio, &m.TipoMensaje,
		&m.Descripcion, &m.NumeroRegistroDestino, &m.FechaHoraDestino, &m.IndicadorPrueba, &m.CodigoError} {
		*p = strings.TrimSpace(*p)
	}
	for i := range m.IdentificadoresFichero {
		m.IdentificadoresFichero[i] = strings.TrimSpace(m.IdentificadoresFichero[i])
	}
	if err := m.Check(); err != nil {
		return nil, err
	}
	return &m, nil
}
