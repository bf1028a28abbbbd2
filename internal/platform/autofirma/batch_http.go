package autofirma

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"net/http"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/sign"
)

// Presigner serves the batch pre-signer (JSONBatchPresigner): parameters
// json (the batch, URL-safe Base64) and certs (the signer's chain, each
// certificate in URL-safe Base64, separated by ';'), posted unencoded as
// AutoFirma does. It prepares each registered document for that signer and
// answers {"td":{…PRE…},"results":[…]}. A bad request gets 400 and a
// message, as the servlet does.
func (b *BatchSigner) Presigner() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		session, chain, _, err := readBatchRequest(w, r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		bt, err := b.acquire(session, batchOpen, batchPresigned)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		pre, state, update := b.presign(r.Context(), bt, chain)
		if !b.release(session, bt, state, update) {
			http.Error(w, errBusy.Error(), http.StatusServiceUnavailable)
			return
		}
		writeJSON(w, pre)
	})
}

// presign prepares the batch's documents and returns the answer, the
// batch's next state and the change to make to it.
func (b *BatchSigner) presign(ctx context.Context, bt *batch, chain []*x509.Certificate) (Presigned, batchState, func(*batch)) {
	pending := map[string]*sign.Pending{}
	outcome := make([]SignStatus, len(bt.items))
	td := &Triphase{Format: string(bt.items[0].Format)}
	failed := false
	for i, it := range bt.items {
		outcome[i] = SignStatus{ID: it.ID, Result: NotStarted}
		if failed && bt.stopOnError {
			continue
		}
		p, err := b.prepare(ctx, it, chain)
		if err != nil {
			outcome[i].Result = ErrorPre
			outcome[i].Description = b.userMessage(ctx, err, "No se ha podido preparar la firma del documento.")
			failed = true
			continue
		}
		pending[it.ID] = p
		td.Signs = append(td.Signs, Triphase{SignInfo: []TriSign{{ID: it.ID,
			Params: map[string]string{"PRE": base64.StdEncoding.EncodeToString(p.ToBeSigned)}}}})
	}
	if failed && bt.stopOnError {
		// All or nothing: nothing is handed out to sign.
		pending, td = nil, nil
		for i := range outcome {
			if outcome[i].Result == NotStarted {
				outcome[i].Result = Skipped
			}
		}
	}
	var pre Presigned
	for _, o := range outcome {
		if o.Result != NotStarted {
			pre.Results = append(pre.Results, o)
		}
	}
	state := batchDone // AutoFirma does not call the post-signer without data to sign
	if td != nil && len(td.Signs) > 0 {
		pre.TD, state = td, batchPresigned
	}
	return pre, state, func(bt *batch) { bt.chain, bt.pending, bt.outcome = chain, pending, outcome }
}

// prepare asks the application for the pending signature of one document.
func (b *BatchSigner) prepare(ctx context.Context, it BatchItem, chain []*x509.Certificate) (*sign.Pending, error) {
	p, err := b.docs.Prepare(ctx, it.Ref, it.Format, chain)
	if err != nil {
		return nil, err
	}
	if p == nil || p.Hash != crypto.SHA256 || len(p.ToBeSigned) == 0 || len(p.Chain) == 0 ||
		!p.Chain[0].Equal(chain[0]) {
		return nil, errors.New("autofirma: the pending signature does not match the batch (SHA-256, signer)")
	}
	return p, nil
}

// Postsigner serves the batch post-signer (JSONBatchPostsigner):
// parameters json, certs and tridata (the signature values, trifásica JSON
// in URL-safe Base64). It completes and saves each document prepared by
// the pre-signer for the same certificate and answers {"signs":[…]}.
func (b *BatchSigner) Postsigner() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		session, chain, params, err := readBatchRequest(w, r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		values, err := signatureValues(params["tridata"])
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		bt, err := b.acquire(session, batchPresigned)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if !bt.chain[0].Equal(chain[0]) {
			b.release(session, bt, batchPresigned, nil)
			http.Error(w, "El certificado no es el que se usó en la prefirma del lote.", http.StatusBadRequest)
			return
		}
		// The saves finish even if AutoFirma hangs up.
		outcome := b.postsign(context.WithoutCancel(r.Context()), bt, values)
		b.release(session, bt, batchDone, func(bt *batch) { bt.outcome, bt.pending = outcome, nil })
		writeJSON(w, BatchResult{Signs: outcome})
	})
}

// postsign completes every prepared document with its signature value and
// saves it. With stopOnError the documents are saved only when all of them
// could be completed, and the saving stops at the first failure.
func (b *BatchSigner) postsign(ctx context.Context, bt *batch, values map[string][]string) []SignStatus {
	out := append([]SignStatus(nil), bt.outcome...)
	signed := make([][]byte, len(bt.items))
	stop := false
	for i, it := range bt.items {
		if out[i].Result != NotStarted {
			continue
		}
		doc, err := complete(bt.pending[it.ID], values[it.ID])
		if err != nil {
			out[i].Result, out[i].Description = ErrorPost, b.userMessage(ctx, err, "No se ha podido completar la firma del documento.")
			stop = stop || bt.stopOnError
			continue
		}
		signed[i] = doc
	}
	for i, it := range bt.items {
		switch {
		case signed[i] == nil:
		case stop:
			out[i].Result = Skipped
		default:
			if err := b.docs.Save(ctx, it.Ref, signed[i], bt.chain); err != nil {
				out[i].Result, out[i].Description = DoneButErrorSaving, b.userMessage(ctx, err, "No se ha podido guardar el documento firmado.")
				stop = bt.stopOnError
				continue
			}
			out[i].Result = DoneAndSaved
		}
	}
	return out
}

var errNoValue = errs.New(errs.Invalid, "AutoFirma no ha devuelto la firma del documento.")

// complete checks the signature value against the signer's key and
// finishes the signed file.
func complete(p *sign.Pending, values []string) ([]byte, error) {
	if p == nil || len(values) != 1 {
		return nil, errNoValue
	}
	value, err := decodeBase64(values[0])
	if err != nil {
		return nil, errNoValue
	}
	h := p.Hash.New()
	h.Write(p.ToBeSigned)
	digest := h.Sum(nil)
	switch pub := p.Chain[0].PublicKey.(type) {
	case *rsa.PublicKey:
		err = rsa.VerifyPKCS1v15(pub, p.Hash, digest, value)
	case *ecdsa.PublicKey:
		if !ecdsa.VerifyASN1(pub, digest, value) {
			err = sign.ErrBadSignature
		}
	default:
		err = sign.ErrUnsupported
	}
	if err != nil {
		return nil, sign.ErrBadSignature
	}
	return p.Finish(value)
}
