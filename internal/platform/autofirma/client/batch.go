package client

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"

	"concejo/internal/platform/autofirma"
)

// batch signs a JSON batch as AutoFirma's BatchSigner.signJSON does: the
// batch and the chain to the pre-signer, a PKCS#1 (or ECDSA) signature of
// every PRE, the values to the post-signer. It returns the post-signer's
// answer and, when asked, the certificate.
func (c *Client) batch(ctx context.Context, inv autofirma.Invocation) ([][]byte, error) {
	def := inv.Data
	var head struct {
		Algorithm string `json:"algorithm"`
	}
	if err := json.Unmarshal(def, &head); err != nil || head.Algorithm == "" {
		return nil, fail(errParams, errors.New("La definición del lote no es válida."))
	}
	h, err := autofirma.HashOf(head.Algorithm)
	if err != nil {
		return nil, fail(errParams, err)
	}
	certs := c.certs()
	body, err := c.post(ctx, inv.PresignURL, "json="+base64.URLEncoding.EncodeToString(def)+"&certs="+certs)
	if err != nil {
		return nil, fail(errBatchServer, err)
	}
	pre, err := autofirma.ParsePresigned(body)
	if err != nil {
		return nil, fail(errBatchServer, err)
	}
	var result []byte
	if pre.TD == nil {
		// Nothing to sign: the pre-signer's results are the batch's.
		result, _ = json.Marshal(autofirma.BatchResult{Signs: append([]autofirma.SignStatus{}, pre.Results...)})
	} else {
		if len(pre.Results) > 0 {
			if def, err = withResults(def, pre.Results); err != nil {
				return nil, fail(errParams, err)
			}
		}
		signs := pre.TD.TriSigns()
		if err := c.signAll(signs, h); err != nil {
			return nil, fail(errSigning, err)
		}
		tridata, _ := json.Marshal(autofirma.Triphase{Format: pre.TD.Format, SignInfo: signs})
		result, err = c.post(ctx, inv.PostsignURL, "json="+base64.URLEncoding.EncodeToString(def)+
			"&certs="+certs+"&tridata="+base64.URLEncoding.EncodeToString(tridata))
		if err != nil {
			return nil, fail(errBatchServer, err)
		}
	}
	parts := [][]byte{bytes.TrimSpace(result)}
	if inv.NeedCert {
		parts = append(parts, c.Key.Chain[0].Raw)
	}
	return parts, nil
}

// signAll adds to each signature its value PK1 over PRE and drops PRE
// unless the server asked for it back (TriphaseDataSigner.doSign).
func (c *Client) signAll(signs []autofirma.TriSign, h crypto.Hash) error {
	for _, s := range signs {
		pre, err := base64.StdEncoding.DecodeString(s.Params["PRE"])
		if err != nil || len(pre) == 0 {
			return errors.New("El servidor no ha enviado la prefirma del documento " + s.ID + ".")
		}
		d := h.New()
		d.Write(pre)
		value, err := c.Key.Signer.Sign(rand.Reader, d.Sum(nil), h)
		if err != nil {
			return err
		}
		s.Params["PK1"] = base64.StdEncoding.EncodeToString(value)
		if !strings.EqualFold(s.Params["NEED_PRE"], "true") {
			delete(s.Params, "PRE")
		}
	}
	return nil
}

// certs writes the chain as the certs parameter: each certificate in
// URL-safe Base64, separated by ';'.
func (c *Client) certs() string {
	parts := make([]string, len(c.Key.Chain))
	for i, cert := range c.Key.Chain {
		parts[i] = base64.URLEncoding.EncodeToString(cert.Raw)
	}
	return strings.Join(parts, ";")
}

// withResults marks in the batch the documents the pre-signer failed, as
// AutoFirma does before calling the post-signer (JSONBatchInfo.updateResults):
// their reference and settings go, their result and description come in.
// Every other field is kept as it was.
func withResults(def []byte, results []autofirma.SignStatus) ([]byte, error) {
	d := json.NewDecoder(bytes.NewReader(def))
	d.UseNumber()
	var batch map[string]any
	if err := d.Decode(&batch); err != nil {
		return nil, err
	}
	singles, ok := batch["singlesigns"].([]any)
	if !ok {
		return nil, errors.New("La definición del lote no tiene documentos.")
	}
	byID := map[string]autofirma.SignStatus{}
	for _, r := range results {
		byID[r.ID] = r
	}
	for _, s := range singles {
		single, ok := s.(map[string]any)
		if !ok {
			return nil, errors.New("La definición del lote no es válida.")
		}
		id, _ := single["id"].(string)
		r, ok := byID[id]
		if !ok {
			continue
		}
		for _, k := range []string{"datareference", "format", "suboperation", "extraparams"} {
			delete(single, k)
		}
		single["result"] = r.Result
		if r.Description != "" {
			single["description"] = r.Description
		}
	}
	return json.Marshal(batch)
}
