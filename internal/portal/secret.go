package portal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
)

// surveySecretID names the key of the survey respondents' digests.
const surveySecretID = "encuestas"

// surveySecret returns the server secret that keys the digests of survey
// respondents (respondentKey), loaded once.
func (m *Module) surveySecret(ctx context.Context) ([]byte, error) {
	m.secretMu.Lock()
	defer m.secretMu.Unlock()
	if m.surveyKey == nil {
		k, err := loadSecret(ctx, m.kit.DB, surveySecretID)
		if err != nil {
			return nil, err
		}
		m.surveyKey = k
	}
	return m.surveyKey, nil
}

// loadSecret returns the secret name of portal_secrets, making it at random
// the first time (the platform keeps its generated keys in the database, as
// the OIDC signing keys and the SAML key pair).
func loadSecret(ctx context.Context, d *db.DB, name string) ([]byte, error) {
	const read = `SELECT secret FROM portal_secrets WHERE id = $1`
	var s string
	err := d.QueryRowContext(ctx, read, name).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		s = id.Token(32)
		_, err = d.ExecContext(ctx, `INSERT INTO portal_secrets (id, secret, created_at) VALUES ($1, $2, $3)`, name, s, time.Now().UTC())
		if db.IsUniqueViolation(err) { // another process made it first
			err = d.QueryRowContext(ctx, read, name).Scan(&s)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("portal: leer el secreto %s: %w", name, err)
	}
	return []byte(s), nil
}
