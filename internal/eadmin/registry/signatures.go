package registry

import (
	"context"
	"time"

	"concejo/internal/platform/sigcheck"
)

// signatureBudget bounds the time the asiento's page spends checking the
// signatures of its documents (revocation services that do not answer in
// time are reported unchecked).
const signatureBudget = 10 * time.Second

// hasSignatures reports whether the signatures of a document are checked
// on the asiento's page: a PDF or an XML (XAdES, ENI).
func hasSignatures(d storedDoc) bool {
	return d.ContentType == "application/pdf" || d.ContentType == "application/xml"
}

// describeSignatures sets the one-line verdict on the electronic
// signatures of each PDF and XML document of an asiento (sigcheck). It
// reads their content, so only the asiento's page calls it, never a list.
func (m *Module) describeSignatures(ctx context.Context, entityID, entryID string, docs []storedDoc) error {
	v, err := m.kit.SignatureVerifier()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, signatureBudget)
	defer cancel()
	for i, d := range docs {
		if !hasSignatures(d) {
			continue
		}
		full, err := documentContent(ctx, m.kit.DB, entityID, entryID, d.Pos)
		if err != nil {
			return err
		}
		docs[i].Signatures = sigcheck.Summary(sigcheck.Check(ctx, v, full.Content, nil))
	}
	return nil
}
