package users

import (
	"strconv"
	"strings"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/mail"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/web"
)

type mailMessage = mail.Message

const mailSignature = "\n--\nConcejo · Servicios de la Diputación Provincial de Cáceres a las entidades locales.\n" +
	"Este mensaje se envía automáticamente; no lo responda.\n"

// linkValidity says for how long a password link works.
func linkValidity() string {
	h := int(auth.ResetTTL.Hours())
	if h%24 == 0 && h > 24 {
		return strconv.Itoa(h/24) + " días"
	}
	return strconv.Itoa(h) + " horas"
}

// firstAccessMail welcomes a new user with the link to choose his password.
func firstAccessMail(u User, entity, by, link string) mailMessage {
	return mailMessage{To: u.Email, Subject: "Su acceso a Concejo: elija su contraseña",
		Body: "Hola, " + u.Name + ":\n\n" +
			by + " le ha dado de alta en Concejo como usuario " + phrase.Of(entity) + ". Concejo es la plataforma con la que " +
			"la Diputación Provincial de Cáceres presta sus servicios informáticos a las entidades locales.\n\n" +
			"Para elegir su contraseña y entrar por primera vez, abra este enlace (sirve una sola vez y caduca en " + linkValidity() + "):\n\n" +
			link + "\n\n" +
			"Después podrá entrar con este correo electrónico (" + u.Email + ") o con su NIF.\n" +
			"Si el enlace ha caducado, pida otro en la página de entrada («¿Ha olvidado su contraseña?») o al administrador de usuarios de su entidad.\n\n" +
			"Si no esperaba este mensaje, ignórelo y avise al administrador de usuarios " + phrase.Of(entity) + "." + mailSignature}
}

// linkedMail tells an existing user that he now also works for another entity.
func linkedMail(u User, entity, by, base string) mailMessage {
	return mailMessage{To: u.Email, Subject: "Concejo: ahora también trabaja para " + phrase.The(entity),
		Body: "Hola, " + u.Name + ":\n\n" +
			by + " le ha dado acceso en Concejo como usuario " + phrase.Of(entity) + ". Siga entrando con su cuenta de siempre " +
			"(" + strings.TrimRight(base, "/") + "/entrar) y elija la entidad para la que trabaja en la parte de arriba de la página.\n\n" +
			"Si no esperaba este mensaje, avise al administrador de usuarios " + phrase.Of(entity) + "." + mailSignature}
}

// resetMail sends a user a new link to set his password.
func resetMail(u User, by, link string) mailMessage {
	return mailMessage{To: u.Email, Subject: "Concejo: enlace para establecer su contraseña",
		Body: "Hola, " + u.Name + ":\n\n" +
			by + " le envía un enlace para establecer su contraseña de Concejo. Ábralo y elija una nueva " +
			"(sirve una sola vez y caduca en " + linkValidity() + "):\n\n" +
			link + "\n\n" +
			"Su contraseña actual, si tenía una, sigue valiendo hasta que elija la nueva.\n" +
			"Si no lo ha pedido, ignore este mensaje." + mailSignature}
}

// invitationMail invites an existing account to work for another entity:
// the person accepts or declines after signing in.
func invitationMail(u User, inv Invitation, by, base string) mailMessage {
	base = strings.TrimRight(base, "/")
	job := ""
	if inv.JobTitle != "" {
		job = " (" + inv.JobTitle + ")"
	}
	var blocked string
	switch u.State {
	case StateBlocked:
		blocked = "Ahora no puede entrar en Concejo porque su cuenta está bloqueada: para aceptar la invitación, " +
			"pida a la Diputación que la desbloquee.\n\n"
	case StateGone:
		blocked = "Ahora no puede entrar en Concejo porque su cuenta está de baja: para trabajar para " + phrase.The(inv.EntityName) +
			", pida a la Diputación que le dé de alta de nuevo en ella.\n\n"
	}
	return mailMessage{To: u.Email, Subject: "Concejo: invitación para trabajar para " + phrase.The(inv.EntityName),
		Body: "Hola, " + u.Name + ":\n\n" +
			by + " le invita a trabajar en Concejo para " + phrase.The(inv.EntityName) + " como " + strings.ToLower(inv.RoleLabel()) + job + ".\n\n" +
			"No se le ha dado ningún acceso todavía: entre con su cuenta de siempre y acepte o rechace la invitación en\n\n" +
			base + "/invitaciones\n\n" + blocked +
			"La invitación caduca el " + web.Date(inv.ExpiresAt) + ". Si no conoce esta entidad o no esperaba este mensaje, " +
			"rechácela." + mailSignature}
}
