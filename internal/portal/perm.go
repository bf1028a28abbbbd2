package portal

import "concejo/internal/platform/auth"

// Service is the catalogue code of the portal service.
const Service = "portal"

// Roles of the portal application inside an entity.
const (
	RoleContributor = "usuario"
	RoleEditor      = "editor"
	RolePublisher   = "publicador"
)

// action is what an editor wants to do on his entity's site.
type action int

const (
	// actDraft: write drafts of pages, news and events.
	actDraft action = iota
	// actEdit: publish contents, edit the site, places, surveys, open data.
	actEdit
	// actOfficial: tablón, transparency and perfil del contratante.
	actOfficial
)

// hasRole reports whether a holds role of the portal in his current entity.
func hasRole(a *auth.Actor, role string) bool {
	for _, g := range a.Grants {
		if g.Service == Service && g.Role == role {
			return true
		}
	}
	return false
}

// may reports whether a may do act on the site of his current entity. Only
// the entity's own staff with a portal role edit its site: not the
// Diputación, not a mancomunidad operator.
func may(a *auth.Actor, act action) bool {
	if a == nil || a.Entity.ID == "" {
		return false
	}
	switch act {
	case actDraft:
		return hasRole(a, RoleContributor) || hasRole(a, RoleEditor) || hasRole(a, RolePublisher)
	case actEdit:
		return hasRole(a, RoleEditor)
	case actOfficial:
		return hasRole(a, RolePublisher)
	}
	return false
}

// isEditor reports whether a holds any portal role in his current entity.
func isEditor(a *auth.Actor) bool { return may(a, actDraft) }
