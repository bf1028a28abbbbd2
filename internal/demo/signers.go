package demo

// signerLogins are the fixed people who sign in Cáceres' portafirmas:
// the mayor's office and the general secretary (fictitious names).
var signerLogins = []fixed{
	{"alcaldia@caceres.es", "Julián", "Gallardo", "Pulido", false, "Alcalde-Presidente"},
	{"secretaria@caceres.es", "Elena", "Carrasco", "Vidal", true, "Secretaria General"},
}

// addSigners adds Cáceres' signers, after everything else was drawn so
// that the rest of the demo stays as it was: members of the ayuntamiento
// with the signer's role of its portafirmas and the reader's role of its
// expedientes.
func (w *world) addSigners(pw passwords) {
	e := w.byINE["10037"]
	if e == nil {
		return
	}
	for _, f := range signerLogins {
		since := w.after(w.firstRequest(e), 0, 30)
		u := w.fixedUser(f, "", StaffPassword, pw, since)
		w.join(e, u, "personal", f.Job, since, e.admin)
		for _, a := range e.active {
			switch a.Service {
			case "portafirmas":
				w.grant(e, u, a, "usuario", e.admin)
			case "expedientes":
				w.grant(e, u, a, "consulta", e.admin)
			}
		}
	}
}
