package sicres

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"unicode/utf8"
)

// Message types of De_Mensaje.
const (
	MensajeACK          = "01"
	MensajeError        = "02"
	MensajeConfirmacion = "03"
)

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

// Marshal writes the message after checking its lengths and codes.
func (m *Mensaje) Marshal() ([]byte, error) {
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
		if (c.req && c.v == "") || utf8.RuneCountInString(c.v) > c.max {
			return nil, fmt.Errorf("%w: %s vacío o de más de %d caracteres", ErrInvalid, c.name, c.max)
		}
	}
	if m.TipoMensaje != MensajeACK && m.TipoMensaje != MensajeError && m.TipoMensaje != MensajeConfirmacion {
		return nil, fmt.Errorf("%w: Tipo_Mensaje %q", ErrInvalid, m.TipoMensaje)
	}
	if m.IndicadorPrueba != "0" && m.IndicadorPrueba != "1" {
		return nil, fmt.Errorf("%w: Indicador_Prueba %q", ErrInvalid, m.IndicadorPrueba)
	}
	if len(m.IdentificadoresFichero) > 10 {
		return nil, fmt.Errorf("%w: más de 10 Identificador_Fichero", ErrInvalid)
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
