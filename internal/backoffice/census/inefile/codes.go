package inefile

// Cause is a causa de variación: its two-character code in the file, the
// variation it belongs to and its Spanish name.
type Cause struct {
	Code      string
	Variation string
	Name      string
}

// Causes is the local table of causa de variación codes. The INE codes are
// not public (see the package doc): these two-letter values are ours, kept
// as an opaque field so that the real table replaces this one.
var Causes = []Cause{
	{"AN", Alta, "Alta por nacimiento"},
	{"AC", Alta, "Alta por cambio de residencia desde otro municipio"},
	{"AE", Alta, "Alta por cambio de residencia desde el extranjero"},
	{"AO", Alta, "Alta por omisión"},
	{"AF", Alta, "Alta de oficio"},
	{"BD", Baja, "Baja por defunción"},
	{"BC", Baja, "Baja por cambio de residencia a otro municipio"},
	{"BE", Baja, "Baja por cambio de residencia al extranjero"},
	{"BI", Baja, "Baja por inscripción indebida"},
	{"BK", Baja, "Baja por caducidad (ENCSARP)"},
	{"BU", Baja, "Baja por duplicado"},
	{"MD", Modificacion, "Cambio de domicilio"},
	{"MC", Modificacion, "Corrección de datos personales"},
	{"MR", Modificacion, "Renovación de la inscripción (ENCSARP)"},
}

// CauseByCode returns the cause with code, and whether it exists.
func CauseByCode(code string) (Cause, bool) {
	for _, c := range Causes {
		if c.Code == code {
			return c, true
		}
	}
	return Cause{}, false
}

// ReturnCodes names the return codes (CDEV) this package knows. Local
// values, like Causes.
var ReturnCodes = map[string]string{
	"":   "Sin incidencia",
	"00": "Sin incidencia",
	"01": "Persona no encontrada en la base padronal del INE",
	"02": "Persona inscrita en otro municipio (duplicado)",
	"03": "Documento de identidad no válido o no coincide",
	"04": "Datos personales que no coinciden con el DNI",
	"05": "Fecha de variación incoherente",
	"06": "Domicilio fuera del callejero remitido al INE",
	"99": "Otra incidencia",
}

// StudiesLevels are the detailed and grouped nivel de estudios codes the
// padrón accepts (shared/standards/padron.md §5.3), and their names.
var StudiesLevels = map[string]string{
	"10": "No sabe leer ni escribir",
	"11": "No sabe leer ni escribir",
	"20": "Titulación inferior a graduado escolar",
	"21": "Sin estudios",
	"22": "Enseñanza primaria incompleta o certificado de escolaridad",
	"30": "Graduado escolar o equivalente",
	"31": "ESO, EGB completa, graduado escolar o equivalente",
	"32": "FP de primer grado o de grado medio",
	"40": "Bachiller, FP de segundo grado o títulos equivalentes o superiores",
	"41": "FP de segundo grado o de grado superior",
	"42": "Bachillerato, BUP o bachiller superior",
	"43": "Otras titulaciones medias",
	"44": "Diplomatura universitaria",
	"45": "Arquitectura o ingeniería técnica",
	"46": "Licenciatura, grado, arquitectura o ingeniería superior",
	"47": "Titulación superior no universitaria",
	"48": "Doctorado o estudios de postgrado",
}
