package oidc

import "concejo/internal/platform/access"

// Permissions of the OpenID Connect provider.
const (
	// PermManage registers the applications (OIDC clients) and changes them.
	PermManage access.Permission = "oidc:manage"
	// PermSignIn lets a signed-in person go on to an application that asked
	// the provider for him; whether he may open that application is the
	// provider's own rule (a role in its service, in force).
	PermSignIn access.Permission = "oidc:sign-in"
)

var permissions = []access.Def{
	{Perm: PermManage, Label: "Registrar y administrar las aplicaciones que entran con Concejo", Holders: access.DipAdmin},
	{Perm: PermSignIn, Label: "Entrar con su sesión de Concejo en una aplicación", Holders: access.Anyone},
}
