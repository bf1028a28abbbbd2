package casefile

// eniDocTypes are the ENI tipos documentales an expediente's documents may
// have (NTI de documento electrónico, anexo II): TD01–TD20 and TD99.
var eniDocTypes = []struct{ Code, Name string }{
	{"TD01", "Resolución"}, {"TD02", "Acuerdo"}, {"TD03", "Contrato"}, {"TD04", "Convenio"},
	{"TD05", "Declaración"}, {"TD06", "Comunicación"}, {"TD07", "Notificación"}, {"TD08", "Publicación"},
	{"TD09", "Acuse de recibo"}, {"TD10", "Acta"}, {"TD11", "Certificado"}, {"TD12", "Diligencia"},
	{"TD13", "Informe"}, {"TD14", "Solicitud"}, {"TD15", "Denuncia"}, {"TD16", "Alegación"},
	{"TD17", "Recursos"}, {"TD18", "Comunicación ciudadano"}, {"TD19", "Factura"},
	{"TD20", "Otros incautados"}, {"TD99", "Otros"},
}

// docTypeName is the Spanish name of a tipo documental code.
func docTypeName(code string) string {
	for _, d := range eniDocTypes {
		if d.Code == code {
			return d.Name
		}
	}
	return code
}
