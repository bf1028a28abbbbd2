package registry

import (
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/validate"
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
	idDocTypes  = []string{"NIF", "NIE", "CIF", "PASAPORTE", "OTRO"}
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
func interestedField(i int, name string) string {
	if i == 0 {
		return "interesado_" + name
	}
	return "interesado" + strconv.Itoa(i+1) + "_" + name
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
		checkInterested(&fe, i, &in.Interested[i])
	}
	checkDocuments(&fe, in.Documents)
	return fe.Err()
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

func checkInterested(fe *errs.Fields, i int, p *Interested) {
	for _, s := range []*string{&p.DocType, &p.DocNumber, &p.Name, &p.Email, &p.Phone, &p.Address} {
		*s = strings.TrimSpace(*s)
	}
	p.DocType = strings.ToUpper(p.DocType)
	textLimit(fe, interestedField(i, "nombre"), "El nombre o razón social del interesado", p.Name, 160, true)
	textLimit(fe, interestedField(i, "direccion"), "La dirección", p.Address, 160, false)
	if p.DocNumber != "" && p.DocType == "" {
		p.DocType = "NIF"
	}
	if p.DocType != "" {
		known := false
		for _, t := range idDocTypes {
			known = known || t == p.DocType
		}
		if !known {
			fe.Add(interestedField(i, "tipo_documento"), "Elija un tipo de documento de identidad de la lista.")
		} else if p.DocNumber == "" {
			fe.Add(interestedField(i, "documento"), "Escriba el número del documento de identidad.")
		} else {
			switch p.DocType {
			case "NIF", "NIE", "CIF":
				n, err := validate.NIF(p.DocNumber)
				if err != nil {
					fe.Add(interestedField(i, "documento"), err.Error())
				} else {
					p.DocNumber = n
				}
			default:
				p.DocNumber = strings.ToUpper(p.DocNumber)
				textLimit(fe, interestedField(i, "documento"), "El documento", p.DocNumber, 17, false)
			}
		}
	}
	if p.Email != "" {
		e, err := validate.Email(p.Email)
		fe.Check(interestedField(i, "email"), err)
		if err == nil {
			p.Email = e
		}
	}
	if p.Phone != "" {
		ph, err := validate.Phone(p.Phone)
		fe.Check(interestedField(i, "telefono"), err)
		if err == nil {
			p.Phone = ph
		}
	}
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
