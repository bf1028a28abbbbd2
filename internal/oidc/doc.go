// Package oidc is Concejo's OpenID Connect provider (proveedor de identidad):
// it lets outside applications of the town halls (correo, gestor de
// expedientes, formación, contabilidad...) sign their users in with their
// Concejo account (inicio de sesión único).
//
// The Diputación administrator registers each application as a client
// (registro de aplicaciones, /aplicaciones) tied to one service of the
// catalogue. A user may open an application only when his current entity has
// an active adhesion (adhesión activa) to that service and he holds a role
// (rol) on it in that entity. Tokens carry his NIF, name, e-mail, the entity
// (entidad: id, nombre, INE, DIR3) and his roles for that application.
//
// The protocol is github.com/zitadel/oidc/v3/pkg/op on our own tables
// (migration 0002_oidc.sql): clients, RSA signing keys (rotated, old keys stay
// in the JWKS), authorization requests, and access/refresh tokens stored as
// SHA-256 hashes. Authorization code flow with PKCE (S256, mandatory),
// refresh tokens (rotated, refused once the adhesion ends, the user is blocked
// or the Concejo session was revoked), userinfo, RP-initiated logout and
// client credentials for machine clients.
package oidc
