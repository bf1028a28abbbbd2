package sirlink

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Connector carries interchange files and messages to SIR.
type Connector interface {
	// Name says in Spanish how exchanges leave (shown to clerks).
	Name() string
	// SendFile hands an interchange file (Fichero_Intercambio_SICRES_3)
	// over to SIR. The Receipt is filled even when err is not nil: its
	// Status is what the register stores for the exchange.
	SendFile(ctx context.Context, f Outgoing) (Receipt, error)
	// SendMessage hands a control message (De_Mensaje: ACK, ERROR,
	// CONFIRMACION) over to SIR, with the same Receipt as SendFile.
	SendMessage(ctx context.Context, message []byte) (Receipt, error)
}

// Outgoing is an interchange file to send.
type Outgoing struct {
	// ExchangeID is its Identificador_Intercambio, named in the Receipt's
	// note and in errors (optional).
	ExchangeID string
	// Data is the SICRES 3.0 XML, in UTF-8.
	Data []byte
}

// Status is the state of one attempt to hand a file or message to SIR, as
// the register stores it.
type Status string

// The states of a hand-over.
const (
	// StatusManual: nothing was transmitted; the clerk downloads the file
	// and hands it over through ORVE/GEISER.
	StatusManual Status = "manual"
	// StatusSent: the CIR accepted the file or message (código 00). The
	// destination's ACK and CONFIRMACION come later as messages.
	StatusSent Status = "sent"
	// StatusRefused: the CIR answered with an error code (see Refusal); the
	// file must be corrected before trying again.
	StatusRefused Status = "refused"
	// StatusUnreached: the CIR could not be reached (network, timeout,
	// certificate); the same file may be sent again later.
	StatusUnreached Status = "unreached"
)

// Receipt is what happened to a file or message handed over to SIR.
type Receipt struct {
	Status Status
	// Code and Description are the CIR's answer (código, descripción): "00"
	// on success, the error code when refused, empty when nothing came back.
	Code, Description string
	// Note explains the outcome to the clerk, in Spanish.
	Note string
	// Attempts is how many times the CIR was called (0 for Manual).
	Attempts int
	// At is when the outcome was known.
	At time.Time
}

// Codes of the answer of the SIR web services (RespuestaWS.codigo).
const (
	CodeOK = "00"
	// CodeFormat: error en la validación del formato XML.
	CodeFormat = "0037"
	// CodeUnreachable: no se puede alcanzar el destino.
	CodeUnreachable = "0039"
	// CodeNoURL: la oficina de destino no tiene dirección de servicio.
	CodeNoURL = "0046"
	// CodeTrace: error al almacenar la trazabilidad.
	CodeTrace = "0057"
	// CodeIntegration: error al comprobar la integración con la aplicación.
	CodeIntegration = "0058"
	// CodeEntry: error en el asiento.
	CodeEntry = "0065"
	// CodeUnexpected: error no controlado de la aplicación que recibe
	// (regweb3 answers it when something fails that is not the file's fault).
	CodeUnexpected = "-1"
)

// codeMeaning explains the CIR's codes in Spanish.
var codeMeaning = map[string]string{
	CodeFormat:      "el formato XML del fichero no es válido",
	CodeUnreachable: "no se puede alcanzar el destino",
	CodeNoURL:       "la oficina de destino no tiene dirección de servicio en SIR",
	CodeTrace:       "no se ha podido guardar la trazabilidad del envío",
	CodeIntegration: "ha fallado la comprobación de la integración con la aplicación",
	CodeEntry:       "el asiento tiene errores",
	CodeUnexpected:  "error no controlado en el sistema que recibe",
}

// Refusal is an answer with an error code of a SIR web service: the CIR
// refusing what we sent, or what a Receiver returns to refuse what the CIR
// delivers (the Handler answers it as the WSDL says).
type Refusal struct {
	Code, Description string
}

func (r *Refusal) Error() string {
	msg := "código " + r.Code
	if m, ok := codeMeaning[r.Code]; ok {
		msg += " (" + m + ")"
	}
	if r.Description != "" {
		msg += ": " + r.Description
	}
	return msg
}

// Refuse returns a Refusal with code and a description.
func Refuse(code, format string, args ...any) error {
	return &Refusal{Code: code, Description: fmt.Sprintf(format, args...)}
}

// ErrUnreachable is wrapped by the error of a hand-over that never got an
// answer from the CIR.
var ErrUnreachable = errors.New("no se ha podido contactar con el CIR")
