package access

import (
	"fmt"
	"strings"
)

// Route is a registered route and the permission it declares.
type Route struct {
	Method, Pattern string
	Perm            Permission
}

// CheckRoutes returns an error naming every route whose permission is
// empty or not declared in c: a route must say what it needs.
func (c *Catalogue) CheckRoutes(routes []Route) error {
	var bad []string
	for _, r := range routes {
		if r.Perm == "" || !c.Known(r.Perm) {
			bad = append(bad, fmt.Sprintf("%s %s (%q)", r.Method, r.Pattern, r.Perm))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("access: routes without a declared permission: %s", strings.Join(bad, ", "))
	}
	return nil
}
