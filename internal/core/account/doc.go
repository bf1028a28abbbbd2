// Package account is the way in and the user's own corner: sign-in with
// password and TOTP second factor (inicio de sesión, segundo factor),
// password links (contraseña olvidada, primer acceso), switching the entity
// one works for (entidad actual), the home page listing the applications the
// user may open, his account page (datos, contraseña, sesiones abiertas) and
// the accessibility statement.
package account
