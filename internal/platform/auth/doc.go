// Package auth holds the platform's authentication and authorisation
// mechanics: argon2id passwords, TOTP second factor, server-side revocable
// sessions, login throttling, and the Actor (who is asking, for which entity,
// with which scope) that every handler and service checks.
//
// Owns tables: sessions, password_resets.
package auth
