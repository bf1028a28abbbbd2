package signflow

import (
	"context"
	"errors"
	"fmt"

	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
)

// SealPDF applies the entity's sello electrónico de órgano (actuación
// administrativa automatizada, art. 42 Ley 40/2015) to a PDF the platform
// issues, as an invisible PAdES signature: the CSV band printed on it
// already says who issues it. A PDF that is already signed is returned as
// it is, and so is any PDF of an entity without a seal certificate when
// the installation issues none (the CSV alone then signs it, art. 42.b).
// q is the caller's transaction when there is one.
func (m *Module) SealPDF(ctx context.Context, q db.Queryer, entityID string, content []byte) ([]byte, error) {
	if _, err := pdf.Signatures(content); !errors.Is(err, pdf.ErrNoSignature) {
		return content, nil
	}
	key, cert, err := m.keyFor(ctx, q, entityID, KindSeal, "")
	if errors.Is(err, errs.Conflict) && !m.kit.Config.LocalCA {
		return content, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sello de órgano de la entidad %s: %w", entityID, err)
	}
	out, err := sign.Sign(sign.PAdES, content, key, sign.Options{Time: m.kit.Now(), Name: cert.Subject,
		Reason: "Sello electrónico de órgano: actuación administrativa automatizada (art. 42 de la Ley 40/2015)"})
	if err != nil {
		return nil, fmt.Errorf("sello de órgano de la entidad %s: %w", entityID, err)
	}
	return out, nil
}

// SealXML signs an XML document the platform issues (an ENI expediente's
// índice) with the entity's seal, in XAdES enveloped with the options o
// (kit.Sealer).
func (m *Module) SealXML(ctx context.Context, q db.Queryer, entityID string, xml []byte, o sign.Options) ([]byte, error) {
	key, _, err := m.keyFor(ctx, q, entityID, KindSeal, "")
	if err != nil {
		return nil, fmt.Errorf("sello de órgano de la entidad %s: %w", entityID, err)
	}
	if o.Time.IsZero() {
		o.Time = m.kit.Now()
	}
	return sign.Sign(sign.XAdESEnveloped, xml, key, o)
}
