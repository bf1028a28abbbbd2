package adhesions

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/web"
)

// DocumentTitle is the title of the generated adhesion document.
const DocumentTitle = "Solicitud de adhesión y aceptación de las condiciones de acceso"

// mayorTitle is how the entity's signatory is called when the entity record
// does not say it.
func mayorTitle(ent directory.Entity) string {
	if ent.MayorTitle != "" {
		return ent.MayorTitle
	}
	switch ent.Kind {
	case "elm":
		return "Alcalde/sa pedáneo/a"
	case "mancomunidad", "diputacion":
		return "Presidente/a"
	}
	return "Alcalde/sa-Presidente/a"
}

// quantityText is "25 buzones", or "" when the service is not counted.
func quantityText(unit string, q int) string {
	if unit == "" || q <= 0 {
		return ""
	}
	return web.Thousands(int64(q)) + " " + unit
}

// adhesionDocument builds the request the mayor signs: the entity's data,
// the service, the quantity, the full conditions accepted and the
// signature block, with the CSV and the verification address.
func adhesionDocument(ent directory.Entity, svc Service, cond Conditions, ad Adhesion, verifyURL string) pdf.Document {
	title := mayorTitle(ent)
	fields := []pdf.Field{{Label: "Entidad", Value: ent.Name}}
	add := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			fields = append(fields, pdf.Field{Label: label, Value: value})
		}
	}
	add("NIF", ent.NIF)
	add("Código DIR3", ent.DIR3)
	add("Código INE", ent.INE)
	add("Domicilio", web.Join(", ", ent.Address, strings.TrimSpace(ent.PostalCode+" "+ent.Town)))
	if ent.Kind != "diputacion" && ent.Population > 0 {
		pop := web.Thousands(ent.Population) + " habitantes"
		if ent.PopulationYear > 0 {
			pop += fmt.Sprintf(" (padrón a 1 de enero de %d)", ent.PopulationYear)
		}
		add("Población", pop)
	}
	rep := title
	if ent.MayorName != "" {
		rep = ent.MayorName + ", " + title
	}
	add("Representante", rep)
	add("Servicio", svc.Name)
	add("Cantidad solicitada", quantityText(svc.UnitLabel, ad.Quantity))
	add("Condiciones aceptadas", fmt.Sprintf("Versión %d, vigente desde el %s", cond.Version, web.Date(cond.ValidFrom)))
	add("Número de solicitud", ad.Number)

	who := fmt.Sprintf("La persona titular del cargo de %s %s", title, phrase.Of(ent.Name))
	if ent.MayorName != "" {
		who = fmt.Sprintf("%s, %s %s", ent.MayorName, title, phrase.Of(ent.Name))
	}
	qty := ""
	if q := quantityText(svc.UnitLabel, ad.Quantity); q != "" {
		qty = ", por una cantidad de " + q
	}
	paras := []string{
		who + ", en nombre y representación de la entidad, SOLICITA la adhesión de la entidad al servicio «" +
			svc.Name + "» que la Diputación Provincial de Cáceres presta a las entidades locales de la provincia" + qty +
			", y DECLARA que conoce y acepta las condiciones de acceso al servicio que se transcriben a continuación.",
		fmt.Sprintf("CONDICIONES DE ACCESO AL SERVICIO (versión %d, vigente desde el %s)", cond.Version, web.Date(cond.ValidFrom)),
	}
	paras = append(paras, splitParagraphs(cond.Body)...)
	paras = append(paras, "Y para que así conste, firma electrónicamente este documento. La solicitud se tramitará cuando "+
		"el documento firmado se incorpore a la plataforma Concejo; la Diputación Provincial la aprobará o la rechazará motivadamente.")
	signer := "Fdo.: " + ent.MayorName
	if ent.MayorName == "" {
		signer = "Fdo.: ______________________________"
	}
	return pdf.Document{
		Issuer:         "Diputación Provincial de Cáceres",
		IssuerSub:      "Área de Tecnologías de la Información y las Comunicaciones · Servicios a las entidades locales",
		Title:          DocumentTitle,
		Reference:      "Adhesión " + ad.Number + " · " + svc.Name,
		Fields:         fields,
		Paragraphs:     paras,
		SignatureLines: []string{"El/La " + title + " " + phrase.Of(ent.Name), "(firmado electrónicamente)", signer},
		CSV:            ad.CSV,
		VerifyURL:      verifyURL,
		Date:           ad.RequestedAt,
	}
}

// splitParagraphs splits a text on blank lines, keeping single line breaks.
func splitParagraphs(body string) []string {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(body, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// newDocument wraps PDF bytes for storage.
func newDocument(kind, filename string, content []byte, by string, at time.Time) document {
	sum := sha256.Sum256(content)
	return document{Kind: kind, Filename: filename, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(content)),
		Content: content, CreatedAt: at, CreatedBy: by}
}

// Paragraphs splits the conditions text for display.
func (c Conditions) Paragraphs() []string { return splitParagraphs(c.Body) }
