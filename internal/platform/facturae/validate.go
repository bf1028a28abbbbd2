package facturae

import (
	"fmt"
	"strings"
)

// normalize trims the codes and identifiers Parse and its callers compare,
// and writes IBANs without spaces.
func normalize(f *File) {
	for _, s := range []*string{&f.SchemaVersion, &f.Modality, &f.InvoiceIssuerType, &f.Batch.Identifier, &f.Batch.Currency} {
		*s = strings.TrimSpace(*s)
	}
	for _, p := range []*Party{f.ThirdParty, &f.Seller, &f.Buyer} {
		if p == nil {
			continue
		}
		for _, s := range []*string{&p.PersonType, &p.ResidenceType, &p.NIF} {
			*s = strings.TrimSpace(*s)
		}
		for i := range p.Centres {
			c := &p.Centres[i]
			c.Code, c.Role = strings.TrimSpace(c.Code), strings.TrimSpace(c.Role)
		}
	}
	for i := range f.Invoices {
		inv := &f.Invoices[i]
		for _, s := range []*string{&inv.Number, &inv.Series, &inv.DocumentType, &inv.Class, &inv.Currency, &inv.TaxCurrency} {
			*s = strings.TrimSpace(*s)
		}
		for j := range inv.Installments {
			in := &inv.Installments[j]
			in.IBAN = strings.Join(strings.Fields(in.IBAN), "")
			in.Means, in.BIC = strings.TrimSpace(in.Means), strings.TrimSpace(in.BIC)
		}
	}
}

// validate checks what the schema requires and an importer relies on.
func (f *File) validate() error {
	if f.SchemaVersion != string(f.Version) {
		return errf("La versión declarada en FileHeader/SchemaVersion (%s) no es la del espacio de nombres del fichero (%s).", q(f.SchemaVersion), f.Version)
	}
	if f.Modality != "I" && f.Modality != "L" {
		return errf("FileHeader/Modality debe ser «I» (individual) o «L» (lote), y es %s.", q(f.Modality))
	}
	switch f.InvoiceIssuerType {
	case "EM", "RE":
	case "TE":
		if f.ThirdParty == nil {
			return errf("El emisor de la factura es un tercero (TE) pero falta FileHeader/ThirdParty.")
		}
	default:
		return errf("FileHeader/InvoiceIssuerType debe ser EM, RE o TE, y es %s.", q(f.InvoiceIssuerType))
	}
	if f.Batch.Identifier == "" || f.Batch.Currency == "" {
		return errf("Falta FileHeader/Batch con su identificador y su moneda.")
	}
	if f.ThirdParty != nil {
		if err := f.ThirdParty.validate("del tercero emisor (ThirdParty)"); err != nil {
			return err
		}
	}
	if err := f.Seller.validate("del vendedor (SellerParty)"); err != nil {
		return err
	}
	if err := f.Buyer.validate("del comprador (BuyerParty)"); err != nil {
		return err
	}
	if len(f.Invoices) == 0 {
		return errf("El fichero no contiene ninguna factura (Invoices/Invoice).")
	}
	for i := range f.Invoices {
		if err := f.Invoices[i].validate(i + 1); err != nil {
			return err
		}
	}
	return nil
}

// validate checks a party; who names it in a message ("del vendedor").
func (p *Party) validate(who string) error {
	if p.NIF == "" {
		return errf("Falta el NIF (TaxIdentificationNumber) %s.", who)
	}
	if p.PersonType != "F" && p.PersonType != "J" {
		return errf("El tipo de persona %s debe ser F (física) o J (jurídica), y es %s.", who, q(p.PersonType))
	}
	switch p.ResidenceType {
	case "R", "U", "E":
	default:
		return errf("El tipo de residencia %s debe ser R, U o E, y es %s.", who, q(p.ResidenceType))
	}
	if (p.Legal == nil) == (p.Person == nil) {
		return errf("Los datos %s deben ser de una persona jurídica (LegalEntity) o de una física (Individual), uno y solo uno.", who)
	}
	if strings.TrimSpace(p.Name()) == "" {
		return errf("Falta el nombre o la razón social %s.", who)
	}
	return nil
}

// validate checks the n-th invoice.
func (inv *Invoice) validate(n int) error {
	at := fmt.Sprintf("la factura %d", n)
	if inv.Number != "" {
		at = "la " + inv.Label()
	}
	switch {
	case inv.Number == "":
		return errf("Falta el número (InvoiceNumber) de %s.", at)
	case inv.IssueDate.IsZero():
		return errf("Falta la fecha de expedición (IssueDate) de %s.", at)
	case inv.Currency == "":
		return errf("Falta la moneda (InvoiceCurrencyCode) de %s.", at)
	case len(inv.TaxesOutputs) == 0:
		return errf("Faltan los impuestos repercutidos (TaxesOutputs) de %s.", at)
	case len(inv.Lines) == 0:
		return errf("%s no tiene líneas (Items/InvoiceLine).", "L"+at[1:])
	}
	for i, l := range inv.Lines {
		if strings.TrimSpace(l.Description) == "" {
			return errf("Falta la descripción (ItemDescription) de la línea %d de %s.", i+1, at)
		}
		if len(l.TaxesOutputs) == 0 {
			return errf("Faltan los impuestos repercutidos de la línea %d de %s.", i+1, at)
		}
	}
	return nil
}
