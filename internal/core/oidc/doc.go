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
// (migration 0002_oidc.sql): clients, RSA signing keys of the ID tokens
// (rotated, old keys stay in the JWKS), authorization requests, and
// access/refresh tokens stored as SHA-256 hashes. Access tokens are opaque
// (encrypted with the installation's token key, sealed in oidc_keys): no RSA
// signature per token, and resource servers check them at introspection or
// userinfo, which also see revocations at once. Authorization code flow with PKCE (S256, mandatory),
// refresh tokens (rotated, refused once the adhesion ends, the user is blocked
// or the Concejo session was revoked), userinfo, RP-initiated logout and
// client credentials for machine clients.
//
// Sessions across applications (cierre de sesión único): ID tokens carry a
// sid derived from the Concejo session. When a Concejo session ends (salir,
// cambio de contraseña, cierre de sesiones por un administrador), the
// auth.Sessions OnRevoke hook (SessionsRevoked, wired in internal/app)
// revokes every token issued under it and sends each application with a
// back-channel logout URI (cierre de sesión por canal trasero, migration
// 0003_oidc_logout.sql) a signed logout token, in the background. The token,
// revocation and userinfo endpoints accept cross-origin requests from
// browser applications (CrossOriginEndpoints). docs/oidc.md explains how to
// connect Zimbra, Roundcube, Moodle or oauth2-proxy.
//
// Owns tables: oidc_clients, oidc_keys, oidc_auth_requests, oidc_tokens.
package oidc
