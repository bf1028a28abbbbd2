package facturae

import "strings"

// DIR3 are the three administrative centres FACe needs in the buyer of an
// invoice to an administration, by their DIR3 codes.
type DIR3 struct {
	OficinaContable, OrganoGestor, UnidadTramitadora string
}

// DIR3 reads the buyer's oficina contable (role 01), órgano gestor (02)
// and unidad tramitadora (03); the error, an *Error, names those missing.
// Whether the combination is one the administration registered in FACe
// is for the FACe connector to say.
func (p Party) DIR3() (DIR3, error) {
	var d DIR3
	var missing []string
	for _, r := range []struct {
		role, name string
		code       *string
	}{
		{RoleOficinaContable, "oficina contable (01)", &d.OficinaContable},
		{RoleOrganoGestor, "órgano gestor (02)", &d.OrganoGestor},
		{RoleUnidadTramitadora, "unidad tramitadora (03)", &d.UnidadTramitadora},
	} {
		if c, ok := p.Centre(r.role); ok && c.Code != "" {
			*r.code = c.Code
		} else {
			missing = append(missing, r.name)
		}
	}
	if len(missing) > 0 {
		return d, errf("Faltan en el comprador los códigos DIR3 de: %s.", strings.Join(missing, ", "))
	}
	return d, nil
}
