package web

// MenuItems returns the main navigation entries in the order modules
// added them (a copy).
func (rd *Renderer) MenuItems() []MenuItem { return append([]MenuItem(nil), rd.menu...) }
