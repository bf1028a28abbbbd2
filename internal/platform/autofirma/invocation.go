package autofirma

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"concejo/internal/platform/sign"
)

// Operation is what an invocation asks AutoFirma to do: the host part of
// the afirma:// URL.
type Operation string

// The operations this package builds.
const (
	OpSign  Operation = "sign"
	OpBatch Operation = "batch"
)

// protocolVersion is the "ver" autoscript.js sends (PROTOCOL_VERSION); an
// invocation without it is refused by AutoFirma as protocol 0.
const protocolVersion = "4"

// DefaultAlgorithm is the signature algorithm asked of AutoFirma; it adapts
// the suffix to the key (SHA256withECDSA for an EC key).
const DefaultAlgorithm = "SHA256withRSA"

// ErrInvocation is wrapped by the errors of ParseInvocation and ParseDefinition.
var ErrInvocation = errors.New("La invocación de AutoFirma no es válida.")

// Invocation is a request to AutoFirma, as the parameters of an afirma://
// URL (UrlParameters*.java) carry it.
type Invocation struct {
	Operation Operation
	// ID names the entry of the storage servlet where AutoFirma leaves its
	// result (id): at most 20 letters and digits.
	ID string
	// FileID names the entry of the retrieve servlet that holds the whole
	// invocation, ciphered (fileid); set by Storage.Stage.
	FileID string
	// Key is the 8-character key AutoFirma ciphers with (key); empty:
	// nothing is ciphered.
	Key string
	// Format and Algorithm of a single signature (format, algorithm).
	Format    sign.Format
	Algorithm string
	// Properties are AutoFirma's extraParams, "key=value" lines (properties,
	// sent in Base64).
	Properties string
	// Data is the document to sign, or the JSON batch definition (dat).
	Data []byte
	// StorageURL and RetrieveURL are the servlets' addresses (stservlet,
	// rtservlet): absolute http(s) URLs without a query, on a host that is
	// not localhost or 127.0.0.1 (AutoFirma refuses those).
	StorageURL, RetrieveURL string
	// PresignURL and PostsignURL are the batch pre-signer and post-signer
	// (batchpresignerurl, batchpostsignerurl), with the same rules.
	PresignURL, PostsignURL string
	// NeedCert asks AutoFirma to return the certificate with a batch's result.
	NeedCert bool
	// AppName is the name AutoFirma shows as the requester (appname).
	AppName string
	// Version is the protocol version (ver); empty means "4".
	Version string
}

// URL returns the afirma:// URL that carries the whole invocation.
func (inv Invocation) URL() string { return buildURL(inv.Operation, inv.params()) }

// buildURL writes afirma://op?k=v&… with each value URL-encoded.
func buildURL(op Operation, params [][2]string) string {
	var b strings.Builder
	b.WriteString("afirma://" + string(op) + "?")
	for i, kv := range params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(kv[0] + "=" + url.QueryEscape(kv[1]))
	}
	return b.String()
}

// params returns the invocation's parameters in the order autoscript.js
// writes them.
func (inv Invocation) params() [][2]string {
	ver := inv.Version
	if ver == "" {
		ver = protocolVersion
	}
	p := [][2]string{{"ver", ver}, {"op", string(inv.Operation)}}
	add := func(k, v string) {
		if v != "" {
			p = append(p, [2]string{k, v})
		}
	}
	add("id", inv.ID)
	add("fileid", inv.FileID)
	add("appname", inv.AppName)
	add("key", inv.Key)
	add("stservlet", inv.StorageURL)
	add("rtservlet", inv.RetrieveURL)
	add("format", string(inv.Format))
	add("algorithm", inv.Algorithm)
	if inv.Properties != "" {
		add("properties", base64.StdEncoding.EncodeToString([]byte(inv.Properties)))
	}
	add("batchpresignerurl", inv.PresignURL)
	add("batchpostsignerurl", inv.PostsignURL)
	if inv.Operation == OpBatch {
		add("jsonbatch", "true")
		if inv.NeedCert {
			add("needcert", "true")
		}
	}
	if inv.Data != nil {
		add("dat", base64.URLEncoding.EncodeToString(inv.Data))
	}
	return p
}

// ParseInvocation reads an afirma:// URL as AutoFirma does
// (ProtocolInvocationLauncher.extractParams and the UrlParameters checks):
// the operation is the host part; each value is URL-decoded once. An
// invocation with a FileID carries only what is needed to fetch the rest.
func ParseInvocation(raw string) (Invocation, error) {
	rest, ok := strings.CutPrefix(raw, "afirma://")
	if !ok {
		return Invocation{}, invalid("La dirección no empieza por afirma://.")
	}
	op, query, _ := strings.Cut(rest, "?")
	op = strings.TrimSuffix(op, "/")
	op, _, _ = strings.Cut(op, "/")
	p := map[string]string{}
	for _, kv := range strings.Split(query, "&") {
		k, v, found := strings.Cut(kv, "=")
		if !found || k == "" {
			continue
		}
		dv, err := url.QueryUnescape(v)
		if err != nil {
			return Invocation{}, invalid("Un parámetro está mal codificado.")
		}
		p[k] = dv
	}
	return fromParams(Operation(op), p)
}

// fromParams checks and reads the parameters of an invocation.
func fromParams(op Operation, p map[string]string) (Invocation, error) {
	inv := Invocation{Operation: op, ID: p["id"], FileID: p["fileid"], Key: p["key"], AppName: p["appname"],
		Version: p["ver"], Format: sign.Format(p["format"]), Algorithm: p["algorithm"],
		NeedCert: p["needcert"] == "true"}
	if op == "" {
		return Invocation{}, invalid("No se indica la operación.")
	}
	session := inv.ID
	if session == "" {
		session = inv.FileID
	}
	if session != "" && !sessionID(session) {
		return Invocation{}, invalid("El identificador de la operación debe tener como mucho 20 letras o cifras.")
	}
	if inv.Key != "" && len(inv.Key) != keyLength {
		return Invocation{}, ErrKey
	}
	var err error
	if inv.RetrieveURL, err = servletURL(p, "rtservlet"); err != nil {
		return Invocation{}, err
	}
	if inv.FileID != "" {
		if inv.RetrieveURL == "" {
			return Invocation{}, invalid("Falta la dirección del servicio de recuperación.")
		}
		// The rest comes with the definition kept under FileID.
		inv.StorageURL, _ = servletURL(p, "stservlet")
		return inv, nil
	}
	if dat, ok := p["dat"]; ok {
		if inv.Data, err = readData(dat, p["gzip"] == "true"); err != nil {
			return Invocation{}, err
		}
	}
	if inv.StorageURL, err = servletURL(p, "stservlet"); err != nil {
		return Invocation{}, err
	}
	if inv.StorageURL == "" && inv.ID != "" {
		return Invocation{}, invalid("Falta la dirección del servicio de guardado.")
	}
	if b64 := p["properties"]; b64 != "" {
		// AutoFirma ignores properties it cannot read.
		if text, err := decodeBase64(b64); err == nil {
			inv.Properties = string(text)
		}
	}
	switch op {
	case OpBatch:
		if p["jsonbatch"] != "true" {
			return Invocation{}, invalid("Solo se admiten lotes JSON.")
		}
		if inv.PresignURL, err = servletURL(p, "batchpresignerurl"); err != nil {
			return Invocation{}, err
		}
		if inv.PostsignURL, err = servletURL(p, "batchpostsignerurl"); err != nil {
			return Invocation{}, err
		}
		if inv.PresignURL == "" || inv.PostsignURL == "" {
			return Invocation{}, invalid("Faltan las direcciones de prefirma y postfirma del lote.")
		}
	default:
		if inv.Format == "" {
			return Invocation{}, invalid("Falta el formato de firma.")
		}
		if _, err := HashOf(inv.Algorithm); err != nil {
			return Invocation{}, err
		}
	}
	return inv, nil
}

// readData reads the dat parameter: Base64 in either alphabet, or the text
// itself when it is not Base64 (DataDownloader.downloadData). Addresses and
// compressed data, which AutoFirma also takes, are not used by Concejo.
func readData(dat string, gzipped bool) ([]byte, error) {
	dat = strings.TrimSpace(dat)
	if gzipped || strings.HasPrefix(dat, "http://") || strings.HasPrefix(dat, "https://") ||
		strings.HasPrefix(dat, "ftp://") || strings.HasPrefix(dat, "file:/") {
		return nil, invalid("El origen de los datos no está admitido.")
	}
	if data, err := decodeBase64(dat); err == nil {
		return data, nil
	}
	return []byte(dat), nil
}

// servletURL reads and checks the address in parameter name as
// UrlParameters.validateURL does: decoded once more, http or https, not
// local, no query.
func servletURL(p map[string]string, name string) (string, error) {
	raw, ok := p[name]
	if !ok {
		return "", nil
	}
	s, err := url.QueryUnescape(raw)
	if err != nil {
		return "", invalid("La dirección " + name + " está mal codificada.")
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", invalid("La dirección " + name + " no es válida.")
	}
	if h := u.Hostname(); h == "localhost" || h == "127.0.0.1" {
		return "", invalid("La dirección " + name + " no puede ser local.")
	}
	if strings.ContainsAny(s, "?=") {
		return "", invalid("La dirección " + name + " no puede llevar parámetros.")
	}
	return s, nil
}

func invalid(reason string) error { return fmt.Errorf("%w %s", ErrInvocation, reason) }
