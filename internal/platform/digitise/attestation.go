package digitise

import (
	"strconv"
	"strings"
	"time"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/web"
)

// Attestation is what the diligencia de copia auténtica states: who made
// the copy, where, of what paper and when, and how to verify it.
type Attestation struct {
	Clerk       string    // name of the official who digitised and attests
	Post        string    // the official's post, e.g. "Auxiliar administrativo de la Oficina de Registro"
	Office      string    // the registry office (oficina de asistencia en materia de registros), with its DIR3 code
	Entity      string    // the entity the office belongs to, e.g. "Ayuntamiento de Plasencia"
	Interested  string    // who presented the paper: name and identity document
	PresentedAt time.Time // when the paper was presented
	DigitisedAt time.Time // when it was digitised and the copy made
	CSV         string    // código seguro de verificación of the copy
	VerifyURL   string    // where the copy is verified with its CSV (printed and as a QR code)
}

// validate refuses an attestation that lacks what the diligencia must
// state, or whose CSV or address cannot be printed as they are.
func (a Attestation) validate() error {
	for _, f := range []struct{ value, what string }{
		{a.Clerk, "el nombre de quien expide la copia"}, {a.Post, "su cargo o puesto"},
		{a.Office, "la oficina de registro"}, {a.Entity, "la entidad"},
		{a.Interested, "la persona que presentó el documento"},
		{a.CSV, "el código seguro de verificación"}, {a.VerifyURL, "la dirección de verificación"},
	} {
		if strings.TrimSpace(f.value) == "" {
			return errs.New(errs.Invalid, "Falta "+f.what+" para la diligencia de copia auténtica.")
		}
	}
	if a.PresentedAt.IsZero() || a.DigitisedAt.IsZero() {
		return errs.New(errs.Invalid, "Falta la fecha y hora de presentación o la de digitalización para la diligencia de copia auténtica.")
	}
	if a.DigitisedAt.Before(a.PresentedAt) {
		return errs.New(errs.Invalid, "La fecha de digitalización no puede ser anterior a la de presentación del documento.")
	}
	// The stamp's text is read by pdfcpu, for which % introduces the page
	// number; CSV and address are made by the platform and never carry it.
	if strings.ContainsAny(a.CSV+a.VerifyURL, "%\r\n\t") || strings.ContainsAny(a.CSV, " /?&") {
		return errs.New(errs.Invalid, "El código seguro de verificación o la dirección de verificación contienen caracteres no válidos.")
	}
	return nil
}

// document is the diligencia, rendered as the last page of the copy.
func (a Attestation) document(parts []part) pdf.Document {
	pages := 0
	files := []string{"Ficheros digitalizados, en el orden de la copia, con su huella SHA-256:"}
	for i, p := range parts {
		pages += p.pages
		files = append(files, strconv.Itoa(i+1)+". "+displayName(p.upload.Name)+" ("+p.kind.String()+", "+
			pageCount(p.pages)+", "+web.Thousands(int64(len(p.upload.Content)))+" bytes)\n"+sha256Hex(p.upload.Content))
	}
	presented := a.PresentedAt.In(web.Madrid)
	return pdf.Document{
		Issuer: a.Entity, IssuerSub: a.Office,
		Title: "Diligencia de copia auténtica", NoPageNumbers: true,
		Reference: "Documento presentado en papel por " + a.Interested,
		Fields: []pdf.Field{
			{Label: "Presentado por", Value: a.Interested},
			{Label: "Fecha y hora de presentación", Value: web.DateTime(a.PresentedAt)},
			{Label: "Digitalizado el", Value: web.DateTime(a.DigitisedAt)},
			{Label: "Páginas", Value: pageCount(pages) + " digitalizadas y esta diligencia"},
		},
		Paragraphs: append([]string{
			a.Clerk + ", " + a.Post + ", extiende diligencia para hacer constar que el presente documento electrónico, de " + pageCount(pages) +
				" más esta diligencia, es copia auténtica del documento original en soporte papel presentado por " +
				a.Interested + " el día " + presented.Format("02/01/2006") + ", a las " + presented.Format("15:04") +
				", en esta oficina de registro, donde ha sido digitalizado y cotejado con el original, con el que concuerda fielmente.",
			"Se expide conforme a los artículos 16.5 y 27.3.b) de la Ley 39/2015, de 1 de octubre, del Procedimiento " +
				"Administrativo Común de las Administraciones Públicas, y a las Normas Técnicas de Interoperabilidad de " +
				"Digitalización de Documentos y de Procedimientos de copiado auténtico y conversión entre documentos " +
				"electrónicos (Resoluciones de 19 de julio de 2011 de la Secretaría de Estado para la Función Pública), y " +
				"tiene la misma validez y eficacia que el original (artículo 27.2 de la misma ley). Puede comprobarse con " +
				"su código seguro de verificación en la dirección que figura al pie.",
		}, files...),
		SignatureLines: []string{a.Post, "Fdo.: " + a.Clerk},
		CSV:            a.CSV, VerifyURL: a.VerifyURL, Date: a.DigitisedAt,
	}
}

// info is the document information of the copy.
func (a Attestation) info() map[string]string {
	return map[string]string{"Title": "Copia auténtica de documento presentado en papel", "Author": a.Entity,
		"Subject": "CSV " + a.CSV, "Creator": "Concejo"}
}

// pageCount is "1 página" or "n páginas".
func pageCount(n int) string {
	if n == 1 {
		return "1 página"
	}
	return strconv.Itoa(n) + " páginas"
}
