package facturae

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
)

// edit is the withheld-amounts sample with old replaced by new (once).
func edit(t *testing.T, old, new string) []byte {
	t.Helper()
	b := readSample(t, "invoice_amounts_withheld.xml")
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%q not in the sample", old)
	}
	return bytes.Replace(b, []byte(old), []byte(new), 1)
}

// cut is the sample without the first element named name.
func cut(t *testing.T, name string) []byte {
	t.Helper()
	re := regexp.MustCompile(`(?s)<` + name + `>.*?</` + name + `>`)
	b := readSample(t, "invoice_amounts_withheld.xml")
	if !re.Match(b) {
		t.Fatalf("%s not in the sample", name)
	}
	return re.ReplaceAll(b, nil)
}

func TestParseRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"not XML", []byte("%PDF-1.7 factura"), "El fichero no es un documento XML y por tanto no es una factura Facturae."},
		{"empty", nil, "no es un documento XML"},
		{"not well-formed", []byte(`<fe:Facturae xmlns:fe="http://www.facturae.gob.es/formato/Versiones/Facturaev3_2_2.xml">` + "\n<FileHeader></fe:Facturae>"), "El fichero no es un XML bien formado (línea 2: «element <FileHeader> closed by </Factura…»)."},
		{"truncated", readSample(t, "invoice-face.xml")[:500], "XML está incompleto"},
		{"other root", []byte(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>`), "su elemento raíz es «Invoice»"},
		{"version 3.1", edit(t, "http://www.facturae.es/Facturae/2014/v3.2.1/Facturae", "http://www.facturae.es/Facturae/2007/v3.1/Facturae"), "no se admite; se admiten las versiones 3.2, 3.2.1 y 3.2.2"},
		{"version mismatch", edit(t, "<SchemaVersion>3.2.1<", "<SchemaVersion>3.2.2<"), "La versión declarada en FileHeader/SchemaVersion («3.2.2») no es la del espacio de nombres del fichero (3.2.1)."},
		{"no seller", cut(t, "SellerParty"), "Falta el NIF (TaxIdentificationNumber) del vendedor (SellerParty)."},
		{"no buyer", cut(t, "BuyerParty"), "Falta el NIF (TaxIdentificationNumber) del comprador (BuyerParty)."},
		{"no lines", cut(t, "Items"), "La factura «2016-67pruebaM» no tiene líneas (Items/InvoiceLine)."},
		{"no invoices", cut(t, "Invoices"), "El fichero no contiene ninguna factura (Invoices/Invoice)."},
		{"bad amount", edit(t, "<InvoiceTotal>50059.38<", "<InvoiceTotal>50.059,38<"), "El importe «50.059,38» no es un número decimal válido"},
		{"line without description", edit(t, "<ItemDescription>ACONDICIONAMIENTO NAVE Y OFIC. MAYORAZGO<", "<ItemDescription> <"), "Falta la descripción (ItemDescription) de la línea 1 de la factura «2016-67pruebaM»."},
		{"bad date", edit(t, "<IssueDate>2016-03-29<", "<IssueDate>29/03/2016<"), "La fecha «29/03/2016» no es una fecha válida (AAAA-MM-DD)."},
		{"modality", edit(t, "<Modality>I<", "<Modality>X<"), "FileHeader/Modality debe ser «I» (individual) o «L» (lote), y es «X»."},
		{"encoding", edit(t, `encoding="UTF-8"`, `encoding="Shift_JIS"`), "La codificación «Shift_JIS» del fichero no se admite"},
		{"two roots", append(readSample(t, "invoice-face.xml"), "<x/>"...), "más de un elemento raíz"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.data)
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(e.Msg, c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}

func TestCheckReportsEveryMismatch(t *testing.T) {
	b := edit(t, "<InvoiceTotal>50059.38<", "<InvoiceTotal>50059.39<")
	b = bytes.Replace(b, []byte("<TotalCost>46784.47<"), []byte("<TotalCost>46784.48<"), 1)
	b = bytes.Replace(b, []byte("<InvoicesCount>1<"), []byte("<InvoicesCount>2<"), 1)
	f, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range f.Check() {
		got = append(got, p.Msg)
	}
	want := []string{
		"Factura «2016-67pruebaM», línea 1: TotalCost: es 46784.48 y debería ser 46784.47 (cantidad × precio unitario).",
		"Factura «2016-67pruebaM», línea 1: GrossAmount: es 46784.47 y debería ser 46784.48 (coste total − descuentos + cargos).",
		"Factura «2016-67pruebaM»: InvoiceTotal: es 50059.39 y debería ser 50059.38 (base antes de impuestos + impuestos repercutidos − retenidos).",
		"Factura «2016-67pruebaM»: TotalOutstandingAmount: es 50059.38 y debería ser 50059.39 (total factura − subvenciones − anticipos).",
		"Lote: InvoicesCount: el lote declara 2 facturas y contiene 1.",
		"Lote: TotalInvoicesAmount: es 50059.38 y debería ser 50059.39 (la suma de los totales de las facturas).",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCheckTaxesAndDiscounts(t *testing.T) {
	b := edit(t, "<TotalCost>46784.47</TotalCost>\n          <GrossAmount>46784.47</GrossAmount>",
		"<TotalCost>46784.47</TotalCost>\n          <DiscountsAndRebates><Discount><DiscountReason>x</DiscountReason><DiscountRate>10</DiscountRate><DiscountAmount>4678.45</DiscountAmount></Discount></DiscountsAndRebates>\n          <GrossAmount>42106.02</GrossAmount>")
	f, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	f.Invoices[0].TaxesOutputs[0].Amount = ptr(Decimal(3274_00000000))
	var got []string
	for _, p := range f.Check() {
		got = append(got, p.Field)
	}
	want := "TotalGrossAmount TaxAmount TotalTaxOutputs"
	if strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

// ptr is a pointer to d.
func ptr(d Decimal) *Decimal { return &d }

func TestLatin1(t *testing.T) {
	b := readSample(t, "invoice_amounts_withheld.xml")
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.Replace(b, []byte(`encoding="UTF-8"`), []byte(`encoding="ISO-8859-1"`), 1)
	b = bytes.ReplaceAll(b, []byte("SEGÚN"), []byte("SEG\xdaN"))
	f, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Check()) != 0 {
		t.Error(f.Check())
	}
	if _, err := Parse(bytes.Replace(b, []byte(`encoding="ISO-8859-1"`), []byte(`encoding="UTF-8"`), 1)); err == nil {
		t.Error("Latin-1 bytes read as UTF-8")
	}
}
