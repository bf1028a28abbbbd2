package autofirma

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults of the servlets (intermediate_config.properties: expTime 60000).
const (
	DefaultTTL      = 60 * time.Second
	DefaultMaxSize  = 32 << 20
	DefaultMaxTotal = 256 << 20
)

// StorageOptions shape a Storage; zero fields take the defaults.
type StorageOptions struct {
	// TTL is how long an entry lives after it was left (expTime).
	TTL time.Duration
	// MaxSize bounds one entry, as text (maxFileSize); a larger upload is
	// replaced by the error ERR-07 for the reader, as the servlet does.
	MaxSize int
	// MaxTotal bounds what all the entries hold together.
	MaxTotal int
}

// Storage is the short-lived store behind the StorageService and
// RetrieveService servlets (afirma-signature-storage and
// afirma-signature-retriever), kept in memory: one server process.
type Storage struct {
	maxSize int
	entries *expiring[string]
}

// NewStorage returns an empty store.
func NewStorage(o StorageOptions) *Storage {
	if o.TTL <= 0 {
		o.TTL = DefaultTTL
	}
	if o.MaxSize <= 0 {
		o.MaxSize = DefaultMaxSize
	}
	if o.MaxTotal <= 0 {
		o.MaxTotal = DefaultMaxTotal
	}
	return &Storage{maxSize: o.MaxSize, entries: newExpiring[string](o.TTL, o.MaxTotal)}
}

// The servlets' answers (ErrorManager.java of both servlets).
const (
	replyOK                = "OK"
	errMissingOperation    = "ERR-00:=No se ha indicado código de operación"
	errUnsupportedOp       = "ERR-01:=Código de operación no soportado"
	errMissingData         = "ERR-02:=No se han proporcionado los datos de la operación"
	errMissingID           = "ERR-05:=No se ha proporcionado un identificador para los datos"
	errInvalidID           = "ERR-06:=El identificador para los datos es inválido"
	errInvalidData         = "ERR-07:=Los datos solicitados o enviados son inválidos"
	errCommunicatingWeb    = "ERR-18:=No se ha podido enviar la firma generada a la Web de origen"
	errMissingSyntax       = "ERR-20:=No se ha indicado la versión de la sintaxis de la operación"
	storageSyntaxVersion   = "1_0"
	maxRetrieveRequestBody = 4 << 10
)

// errFull is returned by Stage when the store holds too much.
var errFull = errors.New("El almacén temporal de firmas está lleno; inténtelo de nuevo en un minuto.")

// StorageHandler serves StorageService: "op=put&v=…&id=…&dat=…" by GET or
// POST (AutoFirma posts the query as the body, unencoded), "op=check" by
// GET. It answers "OK" or "ERR-nn:=message" in plain text. Missing or
// oversized data is stored as the error text, for the page to read, and
// the upload answered "OK", as the servlet does.
func (s *Storage) StorageHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var params map[string]string
		if r.Method == http.MethodGet {
			q := r.URL.Query()
			if q.Get("op") == "check" {
				reply(w, http.StatusOK, replyOK+"\n")
				return
			}
			// getParameter decodes once; store decodes dat again, as the
			// servlet does.
			params = firstValues(q)
		} else {
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, int64(3*s.maxSize+4096)))
			if err != nil {
				reply(w, http.StatusRequestEntityTooLarge, errInvalidData+"\n")
				return
			}
			params = rawParams(string(body))
		}
		op, ok := params["op"]
		if !ok {
			reply(w, http.StatusOK, errMissingOperation+"\n")
			return
		}
		if _, ok := params["v"]; !ok {
			reply(w, http.StatusOK, errMissingSyntax+"\n")
			return
		}
		if !strings.EqualFold(op, "put") {
			reply(w, http.StatusOK, errUnsupportedOp+"\n")
			return
		}
		status, text := s.store(params)
		reply(w, status, text)
	})
}

// store keeps an upload and returns the servlet's answer.
func (s *Storage) store(params map[string]string) (int, string) {
	id, ok := params["id"]
	if !ok {
		return http.StatusOK, errMissingID + "\n"
	}
	if !validID(id) {
		return http.StatusOK, errInvalidID + "\n"
	}
	text := errMissingData
	if dat := params["dat"]; dat != "" {
		decoded, err := url.QueryUnescape(dat)
		if err != nil {
			return http.StatusBadRequest, errInvalidData + "\n"
		}
		text = decoded
		if len(text) > s.maxSize {
			text = errInvalidData
		}
	}
	if !s.entries.put(id, text, len(text)) {
		return http.StatusOK, errCommunicatingWeb + "\n"
	}
	return http.StatusOK, replyOK
}

// RetrieveHandler serves RetrieveService: "op=get&v=…&id=…" by GET or by a
// POSTed form answers what was left under id, once (the entry is deleted),
// or ERR-06 when there is nothing there or it expired; "op=check"
// answers OK.
func (s *Storage) RetrieveHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxRetrieveRequestBody)
		if err := r.ParseForm(); err != nil {
			reply(w, http.StatusBadRequest, errInvalidData+"\n")
			return
		}
		op := r.Form["op"]
		switch {
		case op == nil:
			reply(w, http.StatusOK, errMissingOperation+"\n")
		case op[0] == "check":
			reply(w, http.StatusOK, replyOK+"\n")
		case r.Form["v"] == nil:
			reply(w, http.StatusOK, errMissingSyntax+"\n")
		case !strings.EqualFold(op[0], "get"):
			reply(w, http.StatusOK, errUnsupportedOp+"\n")
		case r.Form["id"] == nil:
			reply(w, http.StatusOK, errMissingID+"\n")
		default:
			text, ok := s.entries.take(r.Form["id"][0])
			if !ok {
				text = errInvalidID
			}
			reply(w, http.StatusOK, text+"\n")
		}
	})
}

// Stage leaves inv ciphered with its key in the store, as autoscript.js
// does when the URL would be too long (sendDataAndExecAppIntent), and
// returns the short afirma:// URL naming it: fileid, id, rtservlet,
// stservlet and key. AutoFirma fetches it from RetrieveURL within the
// store's TTL, so the page should open the URL at once.
func (s *Storage) Stage(inv Invocation) (string, error) {
	if inv.Key == "" || inv.RetrieveURL == "" {
		return "", invalid("Para dejar la operación en el servidor hacen falta la clave y el servicio de recuperación.")
	}
	text, err := Encipher(inv.definition(), inv.Key)
	if err != nil {
		return "", err
	}
	if len(text) > s.maxSize {
		return "", invalid("El documento es demasiado grande para AutoFirma.")
	}
	fileID := NewID()
	if !s.entries.put(fileID, text, len(text)) {
		return "", errFull
	}
	p := [][2]string{{"fileid", fileID}}
	if inv.ID != "" {
		p = append(p, [2]string{"id", inv.ID})
	}
	p = append(p, [2]string{"rtservlet", inv.RetrieveURL})
	if inv.StorageURL != "" {
		p = append(p, [2]string{"stservlet", inv.StorageURL})
	}
	p = append(p, [2]string{"key", inv.Key})
	return buildURL(inv.Operation, p), nil
}

// rawParams splits a body as the servlet does: on '&', then on the first
// '=', without decoding; the last value of a repeated name wins.
func rawParams(body string) map[string]string {
	p := map[string]string{}
	for _, kv := range strings.Split(body, "&") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			p[k] = v
		}
	}
	return p
}

func firstValues(q url.Values) map[string]string {
	p := make(map[string]string, len(q))
	for k, v := range q {
		p[k] = v[0]
	}
	return p
}

func reply(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	io.WriteString(w, text)
}
