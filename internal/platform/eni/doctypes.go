package eni

// DocTypes are the tipos documentales of the NTI de documento electrónico
// (TD01–TD20 and TD99; the InSide-only TD51–TD69 are not emitted).
var DocTypes = []struct{ Code, Name string }{
	{"TD01", "Resolución"}, {"TD02", "Acuerdo"}, {"TD03", "Contrato"}, {"TD04", "Convenio"},
	{"TD05", "Declaración"}, {"TD06", "Comunicación"}, {"TD07", "Notificación"}, {"TD08", "Publicación"},
	{"TD09", "Acuse de recibo"}, {"TD10", "Acta"}, {"TD11", "Certificado"}, {"TD12", "Diligencia"},
	{"TD13", "Informe"}, {"TD14", "Solicitud"}, {"TD15", "Denuncia"}, {"TD16", "Alegación"},
	{"TD17", "Recursos"}, {"TD18", "Comunicación ciudadano"}, {"TD19", "Factura"},
	{"TD20", "Otros incautados"}, {"TD99", "Otros"},
}

// DocTypeName is the Spanish name of a tipo documental, or the code itself.
func DocTypeName(code string) string {
	for _, d := range DocTypes {
		if d.Code == code {
			return d.Name
		}
	}
	return code
}

// ValidDocType reports whether code is a tipo documental of DocTypes.
func ValidDocType(code string) bool { return DocTypeName(code) != code }

// ElaborationName is the Spanish name of an estado de elaboración, or the
// code itself.
func ElaborationName(code string) string {
	switch code {
	case "EE01":
		return "Original"
	case "EE02":
		return "Copia electrónica auténtica con cambio de formato"
	case "EE03":
		return "Copia electrónica auténtica de documento papel"
	case "EE04":
		return "Copia electrónica parcial auténtica"
	case "EE99":
		return "Otros"
	}
	return code
}
