package kit

// AppHome is where the application of a catalogue service opens in
// Concejo: among the main-menu entries whose permission that service's
// roles grant, the one at "/<service>" (the padrón's list rather than its
// callejero), else the first; "" when Concejo has no pages for it.
func (k *Kit) AppHome(service string) string {
	first := ""
	for _, it := range k.Renderer.MenuItems() {
		if d, ok := k.Access.Def(it.Perm); ok && d.Service == service {
			if it.Href == "/"+service {
				return it.Href
			}
			if first == "" {
				first = it.Href
			}
		}
	}
	return first
}
