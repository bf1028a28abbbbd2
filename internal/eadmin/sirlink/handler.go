package sirlink

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"strings"

	"concejo/internal/eadmin/registry/sicres"
	"concejo/internal/eadmin/sirlink/internal/soap"
	"concejo/internal/platform/errs"
)

// Receiver is the register's side of the services the CIR calls: it takes
// what SIR delivers. Returning a *Refusal (see Refuse) answers the CIR with
// that code and description; an error of kind errs.Invalid (a file that
// does not pass the checks) is answered with CodeFormat and its message;
// any other error is logged and answered with CodeUnexpected, so that the
// CIR delivers again later.
type Receiver interface {
	// ReceiveFile takes an interchange file (Fichero_Intercambio_SICRES_3),
	// in UTF-8.
	ReceiveFile(ctx context.Context, data []byte) error
	// ReceiveMessage takes a control message (De_Mensaje), in UTF-8.
	ReceiveMessage(ctx context.Context, data []byte) error
}

// MaxRequestBytes bounds a request to the Handler: the largest interchange
// file, escaped inside the envelope.
const MaxRequestBytes = sicres.MaxFileBytes + 2<<20

// Handler serves the operations the CIR calls on the application:
// WS_SIR8_B envioFicherosAAplicacion (an interchange file) and WS_SIR9
// envioMensajeDatosControlAAplicacion (a control message). It dispatches on
// the operation in the body, so one route may serve both addresses.
type Handler struct {
	recv  Receiver
	peers *Peers
	// Log records refused callers and the receiver's unexpected errors
	// (slog.Default when nil).
	Log *slog.Logger
}

// NewHandler returns a Handler that hands what callers accepted by peers
// deliver to recv.
func NewHandler(recv Receiver, peers *Peers) *Handler {
	return &Handler{recv: recv, peers: peers}
}

func (h *Handler) log() *slog.Logger {
	if h.Log == nil {
		return slog.Default()
	}
	return h.Log
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeFault(w, http.StatusMethodNotAllowed, "Este servicio solo admite peticiones POST con un sobre SOAP 1.1.")
		return
	}
	if err := h.peers.Check(r); err != nil {
		status := http.StatusForbidden
		if errors.Is(err, errNoPeerCert) {
			status = http.StatusUnauthorized
		}
		h.log().Warn("sirlink: llamada rechazada", "motivo", err.Error(), "remoto", r.RemoteAddr)
		writeFault(w, status, err.Error())
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "text/xml" && mt != "application/soap+xml") {
			writeFault(w, http.StatusUnsupportedMediaType, "El tipo de contenido debe ser text/xml (SOAP 1.1); los anexos como adjuntos SOAP no están admitidos.")
			return
		}
	}
	if r.ContentLength > MaxRequestBytes {
		writeFault(w, http.StatusRequestEntityTooLarge, tooLarge())
		return
	}
	call, err := soap.ParseCall(http.MaxBytesReader(w, r.Body, MaxRequestBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeFault(w, http.StatusRequestEntityTooLarge, tooLarge())
			return
		}
		writeFault(w, http.StatusBadRequest, err.Error())
		return
	}
	var receive func(context.Context, []byte) error
	switch call.Op.Name {
	case soap.SIR8B.Name:
		receive = h.recv.ReceiveFile
	case soap.SIR9.Name:
		receive = h.recv.ReceiveMessage
	default:
		writeFault(w, http.StatusBadRequest, fmt.Sprintf("La operación %s la presta el CIR (%s), no esta aplicación.", call.Op.Name, call.Op.Service))
		return
	}
	code, desc := h.receive(r.Context(), call.Op, receive, document(call.Value(0)))
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	_, _ = w.Write(soap.Response(call.Op, code, desc))
}

// receive hands data to the receiver and turns its outcome into the
// RespuestaWS code and description.
func (h *Handler) receive(ctx context.Context, op soap.Operation, fn func(context.Context, []byte) error, data []byte) (code, desc string) {
	if len(strings.TrimSpace(string(data))) == 0 {
		return CodeFormat, "No se ha recibido ningún fichero: el parámetro está vacío."
	}
	if len(data) > sicres.MaxFileBytes {
		return CodeFormat, fmt.Sprintf("El fichero supera los %d MB.", sicres.MaxFileBytes>>20)
	}
	err := fn(ctx, data)
	var refusal *Refusal
	switch {
	case err == nil:
		return CodeOK, "Exito"
	case errors.As(err, &refusal):
		return refusal.Code, refusal.Description
	case errors.Is(err, errs.Invalid):
		return CodeFormat, err.Error()
	}
	h.log().Error("sirlink: error al recibir de SIR", "servicio", op.Service, "error", err)
	return CodeUnexpected, "Error no controlado en la aplicación de destino; vuelva a intentarlo más tarde."
}

func tooLarge() string {
	return fmt.Sprintf("La petición supera el tamaño máximo admitido (%d MB).", MaxRequestBytes>>20)
}

func writeFault(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(soap.Fault(status < 500, msg))
}

// document returns a file or message taken out of a SOAP parameter. The
// text is already Unicode, so an encoding its own XML declaration names
// (often ISO-8859-1) no longer applies: the declaration is rewritten to
// say UTF-8.
func document(s string) []byte {
	t := strings.TrimLeft(s, " \t\r\n\ufeff")
	if strings.HasPrefix(t, "<?xml") {
		if end := strings.Index(t, "?>"); end > 0 {
			t = `<?xml version="1.0" encoding="UTF-8"?>` + t[end+2:]
		}
	}
	return []byte(t)
}
