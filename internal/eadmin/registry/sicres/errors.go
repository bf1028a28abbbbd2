package sicres

import (
	"fmt"
	"unicode/utf8"
)

// SIR error codes (Codigo_Error of an ERROR message), from the list the
// SIR components share (regweb3's Errores enum, GovernIB/registre).
const (
	// CodeXMLFormat refuses a file or message that does not follow the
	// schema or the SICRES 3.0 rules: every Parse and Check rejection
	// carries it unless a more precise code below applies.
	CodeXMLFormat = "0037"
	// CodeUnreachable: the destination cannot be reached.
	CodeUnreachable = "0039"
	// CodeRegistryType: Tipo_Registro is not 0 (entrada) or 1 (salida).
	CodeRegistryType = "0041"
	// CodeAttachments: an annex's content does not match what the file
	// declares (its Hash).
	CodeAttachments = "0045"
	// CodeNoURL: the destination office has no SIR address.
	CodeNoURL = "0046"
	// CodeEntry: the entry could not be registered at the destination
	// (the generic error).
	CodeEntry = "0065"
	// CodeDuplicate: the interchange file was already received.
	CodeDuplicate = "0205"
	// CodeDuplicateMessage: the message was already received.
	CodeDuplicateMessage = "0206"
)

// ErrorCodes describes, in Spanish, the SIR error codes a message may
// carry (those this platform sends and those other components send).
var ErrorCodes = map[string]string{
	"0037": "Error en la validación del formato XML",
	"0038": "Error al almacenar la trazabilidad del servicio web",
	"0039": "No se puede alcanzar el destino",
	"0041": "Error en el campo Tipo_Registro",
	"0043": "Error al consultar el certificado",
	"0044": "Error al recibir el mensaje",
	"0045": "Error en los ficheros adjuntos",
	"0046": "Oficina sin dirección de SIR",
	"0047": "Error en el nombre del fichero comprimido",
	"0048": "Error al descomprimir el fichero",
	"0049": "Error al descomprimir el mensaje",
	"0055": "Error al gestionar los reintentos del registro",
	"0056": "Error al gestionar los reintentos del mensaje",
	"0057": "Error al almacenar la trazabilidad en el registro",
	"0058": "Error al comprobar la integración con la aplicación",
	"0059": "Error en la gestión de mensajes de error",
	"0063": "Error al recibir el asiento",
	"0064": "Error en el mensaje",
	"0065": "Error en el asiento",
	"0066": "Error al extraer",
	"0205": "Fichero de intercambio duplicado en destino",
	"0206": "Mensaje duplicado en destino",
}

// Error is a problem found in a file or message: the SIR error code the
// rejection message carries and the reason, in Spanish.
type Error struct {
	Code string
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// errf builds an Error with CodeXMLFormat.
func errf(format string, args ...any) error { return errc(CodeXMLFormat, format, args...) }

// errc builds an Error with the given code.
func errc(code, format string, args ...any) error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// q quotes a value taken from a file in a message, bounded so that no
// message grows with the input.
func q(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max]) + "…"
	}
	return "«" + s + "»"
}
