package registry

import (
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

// Limits of an asiento (SIR-compatible: at most 5 annexes, 10 MiB each and
// 15 MiB in all, so any asiento can be sent by SICRES 3.0).
const (
	MaxDocuments     = 5
	MaxDocumentBytes = 10 << 20
	MaxTotalBytes    = 15 << 20
	maxSubject       = 120
	maxSummary       = 240
	maxForm          = 4000
)

// fieldError is the form error of one field.
func fieldError(field, msg string) error {
	var fe errs.Fields
	fe.Add(field, msg)
	return fe.Err()
}

// DocTypes are the ENI tipos documentales offered for asientos.
var DocTypes = []struct{ Code, Name string }{
	{"TD14", "Solicitud"}, {"TD18", "Comunicación ciudadano"}, {"TD16", "Alegación"}, {"TD17", "Recurso"},
	{"TD15", "Denuncia"}, {"TD19", "Factura"}, {"TD06", "Comunicación"}, {"TD07", "Notificación"},
	{"TD11", "Certificado"}, {"TD13", "Informe"}, {"TD01", "Resolución"}, {"TD02", "Acuerdo"},
	{"TD03", "Contrato"}, {"TD04", "Convenio"}, {"TD99", "Otros"},
}

// DocTypeName is the Spanish name of an ENI tipo documental code.
func DocTypeName(code string) string {
	for _, d := range DocTypes {
		if d.Code == code {
			return d.Name
		}
	}
	return code
}

var (
	kinds       = map[string]string{"entrada": "E", "salida": "S"}
	means       = map[string]string{"presencial": "Presencial", "electronico": "Electrónico", "correo": "Correo postal"}
	idDocTypes  = []string{"NIF", "NIE", "CIF", "PASAPORTE", "OTRO", "ORIGEN"}
	allowedExts = map[string]bool{"jpg": true, "jpeg": true, "odt": true, "odp": true, "ods": true, "odg": true,
		"docx": true, "xlsx": true, "pptx": true, "pdf": true, "png": true, "rtf": true, "svg": true,
		"tiff": true, "txt": true, "xml": true, "xsig": true}
)

// MeansName is the Spanish name of a means of presentation.
func MeansName(code string) string {
	if n, ok := means[code]; ok {
		return n
	}
	return code
}

// interestedField names the form field of interesado i.
func interestedField(i int, name string) string { return personField("interesado", i, name) }

// personField names the form field of the interesado or representante
// ("interesado_nombre", "representante2_documento"...).
func personField(role string, i int, name string) string {
	if i == 0 {
		return role + "_" + name
	}
	return role + strconv.Itoa(i+1) + "_" + name
}

// normalize trims in and checks it, returning Spanish field errors.
func normalize(in *NewEntry) error {
	var fe errs.Fields
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	for _, s := range []*string{&in.Kind, &in.Means, &in.Subject, &in.Summary, &in.DocType, &in.UnitID,
		&in.OriginDIR3, &in.OriginName, &in.DestDIR3, &in.DestName, &in.Expone, &in.Solicita, &in.ExternalRef} {
		trim(s)
	}
	if in.EntityID == "" {
		fe.Add("entidad", "Falta la entidad del registro.")
	}
	if in.By == "" {
		fe.Add("by", "Falta quién anota el asiento.")
	}
	if _, ok := kinds[in.Kind]; !ok {
		fe.Add("kind", "Elija si es una entrada o una salida.")
	}
	if _, ok := means[in.Means]; !ok {
		fe.Add("means", "Elija el medio de presentación: presencial, electrónico o correo postal.")
	}
	if in.By == "sede" && in.Means != "" && in.Means != "electronico" {
		fe.Add("means", "Lo presentado en la sede electrónica es siempre electrónico.")
	}
	textLimit(&fe, "subject", "El asunto", in.Subject, maxSubject, true)
	textLimit(&fe, "summary", "El resumen", in.Summary, maxSummary, true)
	textLimit(&fe, "expone", "El texto «expone»", in.Expone, maxForm, false)
	textLimit(&fe, "solicita", "El texto «solicita»", in.Solicita, maxForm, false)
	textLimit(&fe, "external_ref", "La referencia externa", in.ExternalRef, 16, false)
	textLimit(&fe, "origin_name", "El nombre del órgano de origen", in.OriginName, 80, false)
	textLimit(&fe, "dest_name", "El nombre del órgano de destino", in.DestName, 80, false)
	if in.DocType == "" {
		in.DocType = "TD99"
	} else if DocTypeName(in.DocType) == in.DocType {
		fe.Add("doc_type", "Elija un tipo de documento de la lista.")
	}
	for _, d := range []struct{ field, v *string }{{ptr("origin_dir3"), &in.OriginDIR3}, {ptr("dest_dir3"), &in.DestDIR3}} {
		if *d.v == "" {
			continue
		}
		code, err := validate.DIR3(*d.v)
		if err != nil {
			fe.Add(*d.field, err.Error())
			continue
		}
		*d.v = code
	}
	if len(in.Interested) == 0 && in.OriginDIR3 == "" && in.DestDIR3 == "" {
		fe.Add(interestedField(0, "nombre"), "Indique al menos un interesado (o el órgano de origen o destino con su código DIR3).")
	}
	for i := range in.Interested {
		checkInterested(&fe, "interesado", i, &in.Interested[i])
		if r := in.Interested[i].Representative; r != nil {
			checkInterested(&fe, "representante", i, r)
		}
	}
	checkDetails(&fe, &in.EntryDetails)
	checkDocuments(&fe, in.Documents)
	return fe.Err()
}

// checkDetails checks the SICRES parts of an asiento against the lengths
// and code lists of SICRES 3.0.
func checkDetails(fe *errs.Fields, d *EntryDetails) {
	for _, s := range []*string{&d.OriginUnitDIR3, &d.OriginUnitName, &d.DestUnitDIR3, &d.DestUnitName, &d.SubjectCode,
		&d.CaseNumber, &d.TransportType, &d.TransportNumber, &d.PhysicalDocs, &d.Notes, &d.OriginNumber} {
		*s = strings.TrimSpace(*s)
	}
	for _, c := range []struct {
		field, label string
		v            *string
	}{{"origin_unit_dir3", "La unidad de origen", &d.OriginUnitDIR3}, {"dest_unit_dir3", "La unidad de destino", &d.DestUnitDIR3}} {
		if *c.v == "" {
			continue
		}
		code, err := validate.DIR3(*c.v)
		if err != nil {
			fe.Add(c.field, c.label+": "+err.Error())
			continue
		}
		*c.v = code
	}
	textLimit(fe, "origin_unit_name", "El nombre de la unidad de origen", d.OriginUnitName, 80, false)
	textLimit(fe, "dest_unit_name", "El nombre de la unidad de destino", d.DestUnitName, 80, false)
	textLimit(fe, "subject_code", "El código de asunto en destino", d.SubjectCode, 16, false)
	textLimit(fe, "case_number", "El número de expediente", d.CaseNumber, 80, false)
	textLimit(fe, "transport_number", "El número de transporte", d.TransportNumber, 20, false)
	textLimit(fe, "notes", "Las observaciones del asiento", d.Notes, 50, false)
	textLimit(fe, "origin_number", "El número de registro de origen", d.OriginNumber, 20, false)
	if d.TransportType != "" && TransportName(d.TransportType) == "" {
		fe.Add("transport_type", "Elija un medio de transporte de la lista.")
	}
	if d.PhysicalDocs != "" && PhysicalDocsName(d.PhysicalDocs) == "" {
		fe.Add("physical_docs", "Indique si la documentación en papel acompaña al asiento, si se ha digitalizado o ambas cosas.")
	}
}

// Transports are the Tipo_Transporte_Entrada codes of SICRES 3.0.
var Transports = []struct{ Code, Name string }{
	{"01", "Servicio de mensajeros"}, {"02", "Correo postal"}, {"03", "Correo postal certificado"}, {"04", "Burofax"},
	{"05", "En mano"}, {"06", "Fax"}, {"07", "Otros"},
}

// TransportName is the Spanish name of a transport code ("" if unknown).
func TransportName(code string) string {
	for _, t := range Transports {
		if t.Code == code {
			return t.Name
		}
	}
	return ""
}

// PhysicalDocsName says what the Documentacion_Fisica code means ("" if
// unknown).
func PhysicalDocsName(code string) string {
	switch code {
	case "1":
		return "Acompaña documentación en papel (u otro soporte)"
	case "2":
		return "Documentación digitalizada que además se remite en papel"
	case "3":
		return "Documentación digitalizada únicamente"
	}
	return ""
}

func ptr(s string) *string { return &s }

func textLimit(fe *errs.Fields, field, label, v string, max int, required bool) {
	switch {
	case v == "" && required:
		fe.Add(field, label+" es obligatorio.")
	case utf8.RuneCountInString(v) > max:
		fe.Add(field, label+" no puede tener más de "+strconv.Itoa(max)+" caracteres.")
	}
}

func checkInterested(fe *errs.Fields, role string, i int, p *Interested) {
	field := func(name string) string { return personField(role, i, name) }
	for _, s := range []*string{&p.DocType, &p.DocNumber, &p.Name, &p.Email, &p.Phone, &p.Address, &p.GivenName,
		&p.Surname1, &p.Surname2, &p.BusinessName, &p.Country, &p.Province, &p.Municipality, &p.PostCode, &p.DEH,
		&p.Channel, &p.Notes} {
		*s = strings.TrimSpace(*s)
	}
	p.DocType = strings.ToUpper(p.DocType)
	if p.Name == "" {
		p.Name = web.Join(" ", p.GivenName, p.Surname1, p.Surname2)
		if p.Name == "" {
			p.Name = p.BusinessName
		}
	}
	checkParts(fe, field, &p.PersonParts)
	textLimit(fe, field("nombre"), "El nombre o razón social", p.Name, 160, true)
	textLimit(fe, field("direccion"), "La dirección", p.Address, 160, false)
	if p.DocNumber != "" && p.DocType == "" {
		p.DocType = "NIF"
	}
	if p.DocType != "" {
		known := false
		for _, t := range idDocTypes {
			known = known || t == p.DocType
		}
		if !known {
			fe.Add(field("tipo_documento"), "Elija un tipo de documento de identidad de la lista.")
		} else if p.DocNumber == "" {
			fe.Add(field("documento"), "Escriba el número del documento de identidad.")
		} else {
			switch p.DocType {
			case "NIF", "NIE", "CIF":
				n, err := validate.NIF(p.DocNumber)
				if err != nil {
					fe.Add(field("documento"), err.Error())
				} else {
					p.DocNumber = n
				}
			default:
				p.DocNumber = strings.ToUpper(p.DocNumber)
				textLimit(fe, field("documento"), "El documento", p.DocNumber, 17, false)
			}
		}
	}
	if p.Email != "" {
		e, err := validate.Email(p.Email)
		fe.Check(field("email"), err)
		if err == nil {
			p.Email = e
		}
	}
	if p.Phone != "" {
		ph, err := validate.Phone(p.Phone)
		fe.Check(field("telefono"), err)
		if err == nil {
			p.Phone = ph
		}
	}
}

// checkParts checks the SICRES parts of a person: SICRES lengths and
// code lists.
func checkParts(fe *errs.Fields, field func(string) string, p *PersonParts) {
	textLimit(fe, field("nombre_propio"), "El nombre", p.GivenName, 30, false)
	textLimit(fe, field("apellido1"), "El primer apellido", p.Surname1, 30, false)
	textLimit(fe, field("apellido2"), "El segundo apellido", p.Surname2, 30, false)
	textLimit(fe, field("razon_social"), "La razón social", p.BusinessName, 80, false)
	textLimit(fe, field("deh"), "La dirección electrónica habilitada", p.DEH, 160, false)
	textLimit(fe, field("observaciones"), "Las observaciones del interesado", p.Notes, 160, false)
	// INE codes: the country (724 España), the province (two digits), the
	// municipality (as producers write it, up to five digits).
	for _, c := range []struct {
		field, label, v string
		min, max        int
	}{{"pais", "El código de país", p.Country, 1, 4}, {"provincia", "El código de provincia", p.Province, 2, 2},
		{"municipio", "El código de municipio", p.Municipality, 1, 5}, {"codigo_postal", "El código postal", p.PostCode, 5, 5}} {
		if c.v != "" && !digits(c.v, c.min, c.max) {
			if c.min == c.max {
				fe.Add(field(c.field), c.label+" debe tener "+strconv.Itoa(c.max)+" cifras.")
			} else {
				fe.Add(field(c.field), c.label+" debe tener de "+strconv.Itoa(c.min)+" a "+strconv.Itoa(c.max)+" cifras.")
			}
		}
	}
	if p.Channel != "" && p.Channel != "01" && p.Channel != "02" && p.Channel != "03" {
		fe.Add(field("canal"), "Elija el canal preferente de comunicación de la lista.")
	}
}

// digits says whether s is between min and max decimal digits.
func digits(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func checkDocuments(fe *errs.Fields, docs []Attachment) {
	if len(docs) > MaxDocuments {
		fe.Add("documentos", "Se admiten como máximo "+strconv.Itoa(MaxDocuments)+" documentos por asiento.")
		return
	}
	total := 0
	for i := range docs {
		d := &docs[i]
		d.Filename = strings.TrimSpace(path.Base(strings.ReplaceAll(d.Filename, "\\", "/")))
		ext := strings.ToLower(strings.TrimPrefix(path.Ext(d.Filename), "."))
		switch {
		case d.Filename == "" || d.Filename == "." || d.Filename == "/":
			fe.Add("documentos", "Cada documento debe tener nombre de fichero.")
		case utf8.RuneCountInString(d.Filename) > 80:
			fe.Add("documentos", "El nombre del fichero «"+truncate(d.Filename, 40)+"…» no puede tener más de 80 caracteres.")
		case strings.ContainsAny(d.Filename, "<>%*&:;¿?|\"!¡#"):
			fe.Add("documentos", "El nombre del fichero «"+d.Filename+"» contiene caracteres no admitidos (< > % * & : ; ¿ ? | \" ! ¡ #).")
		case !allowedExts[ext]:
			fe.Add("documentos", "El tipo de fichero de «"+d.Filename+"» no se admite. Formatos admitidos: PDF, ODT, DOCX, XLSX, ODS, JPG, PNG, TIFF, SVG, RTF, TXT, XML, XSIG.")
		case len(d.Content) == 0:
			fe.Add("documentos", "El documento «"+d.Filename+"» está vacío.")
		case len(d.Content) > MaxDocumentBytes:
			fe.Add("documentos", "El documento «"+d.Filename+"» supera los 10 MB.")
		}
		// The type comes from the extension, never from the client.
		d.ContentType = contentTypeFor(ext)
		total += len(d.Content)
	}
	if total > MaxTotalBytes {
		fe.Add("documentos", "Los documentos de un asiento no pueden superar los 15 MB en total.")
	}
}

func contentTypeFor(ext string) string {
	switch ext {
	case "pdf":
		return "application/pdf"
	case "jpg", "jpeg":
		return "image/jpeg"
	case "png":
		return "image/png"
	case "tiff":
		return "image/tiff"
	case "svg":
		return "image/svg+xml"
	case "txt":
		return "text/plain"
	case "xml", "xsig":
		return "application/xml"
	case "rtf":
		return "application/rtf"
	case "odt":
		return "application/vnd.oasis.opendocument.text"
	case "ods":
		return "application/vnd.oasis.opendocument.spreadsheet"
	case "odp":
		return "application/vnd.oasis.opendocument.presentation"
	case "odg":
		return "application/vnd.oasis.opendocument.graphics"
	case "docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case "xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case "pptx":
		return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	}
	return "application/octet-stream"
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// dirCheck validates a DIR3 code with a Spanish message.
func dirCheck(s string) (string, error) {
	code, err := validate.DIR3(s)
	if err != nil {
		return "", err
	}
	return code, nil
}
