package autofirma

import (
	"bytes"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
)

// Bounds of the batch requests.
const (
	maxBatchRequest = 8 << 20
	maxChain        = 10
)

// readBatchRequest reads the parameters of a pre-signer or post-signer
// request (RequestParameters: the query of a GET, else the body split on
// '&' and '=' without decoding) and the batch's session and signer chain.
func readBatchRequest(w http.ResponseWriter, r *http.Request) (string, []*x509.Certificate, map[string]string, error) {
	var params map[string]string
	if r.Method == http.MethodGet {
		params = firstValues(r.URL.Query())
	} else {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBatchRequest))
		if err != nil {
			return "", nil, nil, errors.New("La petición del lote es demasiado grande.")
		}
		params = rawParams(string(body))
	}
	session, err := batchSession(params["json"])
	if err != nil {
		return "", nil, nil, err
	}
	chain, err := parseChain(params["certs"])
	if err != nil {
		return "", nil, nil, err
	}
	return session, chain, params, nil
}

// batchSession reads Concejo's session from the json parameter; nothing
// else of the batch AutoFirma sends back is used.
func batchSession(param string) (string, error) {
	raw, err := decodeBase64(param)
	var d struct {
		Session string `json:"session"`
	}
	if param == "" || err != nil || json.Unmarshal(raw, &d) != nil || d.Session == "" {
		return "", errors.New("No se ha recibido una definición de lote válida en el parámetro json.")
	}
	return d.Session, nil
}

var errChain = errors.New("No se ha recibido una cadena de certificados válida en el parámetro certs.")

// parseChain reads the certs parameter: the chain, signer first, each
// certificate in URL-safe Base64, separated by ';' (BatchServerUtil).
func parseChain(param string) ([]*x509.Certificate, error) {
	parts := strings.Split(param, ";")
	if param == "" || len(parts) > maxChain {
		return nil, errChain
	}
	chain := make([]*x509.Certificate, 0, len(parts))
	for _, p := range parts {
		der, err := decodeBase64(p)
		if err != nil {
			return nil, errChain
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, errChain
		}
		chain = append(chain, c)
	}
	return chain, nil
}

// signatureValues reads the tridata parameter: the PK1 values by the
// document's id.
func signatureValues(param string) (map[string][]string, error) {
	bad := errors.New("No se han recibido las firmas del lote en el parámetro tridata.")
	raw, err := decodeBase64(param)
	if param == "" || err != nil {
		return nil, bad
	}
	td, err := ParseTriphase(raw)
	if err != nil {
		return nil, bad
	}
	values := map[string][]string{}
	for _, s := range td.TriSigns() {
		if v, ok := s.Params["PK1"]; ok {
			values[s.ID] = append(values[s.ID], v)
		}
	}
	return values, nil
}

func writeJSON(w http.ResponseWriter, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		http.Error(w, "Error interno.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
