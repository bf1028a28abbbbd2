package facturae

import (
	"strings"
	"time"

	"concejo/internal/platform/web"
)

// Version is a Facturae schema version: "3.2", "3.2.1" or "3.2.2".
type Version string

// The versions Parse reads, and the namespace of each one's root element.
const (
	V32  Version = "3.2"
	V321 Version = "3.2.1"
	V322 Version = "3.2.2"
)

// namespaces maps the namespace of the root element to its version.
var namespaces = map[string]Version{
	"http://www.facturae.es/Facturae/2009/v3.2/Facturae":              V32,
	"http://www.facturae.es/Facturae/2014/v3.2.1/Facturae":            V321,
	"http://www.facturae.gob.es/formato/Versiones/Facturaev3_2_2.xml": V322,
}

// File is a Facturae file: its header, the seller and buyer and one or
// more invoices (Modality "I" one, "L" a batch).
type File struct {
	// Version is the one the root element's namespace names.
	Version           Version
	SchemaVersion     string `xml:"FileHeader>SchemaVersion"`
	Modality          string `xml:"FileHeader>Modality"`
	InvoiceIssuerType string `xml:"FileHeader>InvoiceIssuerType"`
	// ThirdParty is who issued the file for the seller (issuer type TE).
	ThirdParty *Party `xml:"FileHeader>ThirdParty"`
	Batch      Batch  `xml:"FileHeader>Batch"`
	Seller     Party  `xml:"Parties>SellerParty"`
	Buyer      Party  `xml:"Parties>BuyerParty"`
	// Invoices are those of the file, at least one.
	Invoices []Invoice `xml:"Invoices>Invoice"`
}

// Batch is the FileHeader's batch: the file's identifier and totals.
type Batch struct {
	Identifier       string  `xml:"BatchIdentifier"`
	InvoicesCount    int     `xml:"InvoicesCount"`
	TotalInvoices    Decimal `xml:"TotalInvoicesAmount>TotalAmount"`
	TotalOutstanding Decimal `xml:"TotalOutstandingAmount>TotalAmount"`
	TotalExecutable  Decimal `xml:"TotalExecutableAmount>TotalAmount"`
	Currency         string  `xml:"InvoiceCurrencyCode"`
}

// Party is a seller, a buyer or a third party: a natural person
// (PersonType "F", Individual) or a legal entity ("J", LegalEntity).
type Party struct {
	PersonType    string `xml:"TaxIdentification>PersonTypeCode"`
	ResidenceType string `xml:"TaxIdentification>ResidenceTypeCode"`
	// NIF is the TaxIdentificationNumber (for a resident, without "ES").
	NIF     string   `xml:"TaxIdentification>TaxIdentificationNumber"`
	Centres []Centre `xml:"AdministrativeCentres>AdministrativeCentre"`
	Legal   *Entity  `xml:"LegalEntity"`
	Person  *Person  `xml:"Individual"`
}

// Name is the party's corporate name, or a person's name and surnames.
func (p Party) Name() string {
	if p.Legal != nil {
		return p.Legal.CorporateName
	}
	if p.Person != nil {
		return web.Join(" ", p.Person.Name, p.Person.FirstSurname, p.Person.SecondSurname)
	}
	return ""
}

// Address is the party's address (legal entity or person).
func (p Party) Address() Address {
	if p.Legal != nil {
		return p.Legal.Address()
	}
	if p.Person != nil {
		return p.Person.Address()
	}
	return Address{}
}

// Centre returns the buyer's administrative centre with a role, if any.
func (p Party) Centre(role string) (Centre, bool) {
	for _, c := range p.Centres {
		if c.Role == role {
			return c, true
		}
	}
	return Centre{}, false
}

// DIR3 roles of the administrative centres FACe requires in the buyer.
const (
	RoleOficinaContable   = "01"
	RoleOrganoGestor      = "02"
	RoleUnidadTramitadora = "03"
)

// Centre is an administrative centre; in an invoice to an administration
// its Code is a DIR3 code and Role one of the Role constants.
type Centre struct {
	Code        string  `xml:"CentreCode"`
	Role        string  `xml:"RoleTypeCode"`
	Name        string  `xml:"Name"`
	Spain       *Spain  `xml:"AddressInSpain"`
	Overseas    *Abroad `xml:"OverseasAddress"`
	Description string  `xml:"CentreDescription"`
}

// Entity is a LegalEntity.
type Entity struct {
	CorporateName string  `xml:"CorporateName"`
	TradeName     string  `xml:"TradeName"`
	Spain         *Spain  `xml:"AddressInSpain"`
	Overseas      *Abroad `xml:"OverseasAddress"`
}

// Address is the entity's address.
func (e Entity) Address() Address { return address(e.Spain, e.Overseas) }

// Person is an Individual.
type Person struct {
	Name          string  `xml:"Name"`
	FirstSurname  string  `xml:"FirstSurname"`
	SecondSurname string  `xml:"SecondSurname"`
	Spain         *Spain  `xml:"AddressInSpain"`
	Overseas      *Abroad `xml:"OverseasAddress"`
}

// Address is the person's address.
func (p Person) Address() Address { return address(p.Spain, p.Overseas) }

// Spain is an AddressInSpain.
type Spain struct {
	Address  string `xml:"Address"`
	PostCode string `xml:"PostCode"`
	Town     string `xml:"Town"`
	Province string `xml:"Province"`
	Country  string `xml:"CountryCode"`
}

// Abroad is an OverseasAddress.
type Abroad struct {
	Address         string `xml:"Address"`
	PostCodeAndTown string `xml:"PostCodeAndTown"`
	Province        string `xml:"Province"`
	Country         string `xml:"CountryCode"`
}

// Address is a postal address in one shape, Spanish or overseas.
type Address struct {
	Street, PostCode, Town, Province, Country string
}

// address joins the two shapes of address.
func address(s *Spain, o *Abroad) Address {
	switch {
	case s != nil:
		return Address{s.Address, s.PostCode, s.Town, s.Province, s.Country}
	case o != nil:
		return Address{Street: o.Address, Town: o.PostCodeAndTown, Province: o.Province, Country: o.Country}
	}
	return Address{}
}

// Invoice is one invoice of a file.
type Invoice struct {
	Number       string `xml:"InvoiceHeader>InvoiceNumber"`
	Series       string `xml:"InvoiceHeader>InvoiceSeriesCode"`
	DocumentType string `xml:"InvoiceHeader>InvoiceDocumentType"`
	Class        string `xml:"InvoiceHeader>InvoiceClass"`
	IssueDate    Date   `xml:"InvoiceIssueData>IssueDate"`
	Currency     string `xml:"InvoiceIssueData>InvoiceCurrencyCode"`
	TaxCurrency  string `xml:"InvoiceIssueData>TaxCurrencyCode"`
	// FileReference is the expediente (invoice level, 3.2.2 only).
	FileReference string        `xml:"InvoiceIssueData>FileReference"`
	TaxesOutputs  []Tax         `xml:"TaxesOutputs>Tax"`
	TaxesWithheld []Tax         `xml:"TaxesWithheld>Tax"`
	Totals        Totals        `xml:"InvoiceTotals"`
	Lines         []Line        `xml:"Items>InvoiceLine"`
	Installments  []Installment `xml:"PaymentDetails>Installment"`
}

// Label names the invoice in a message: "factura «A-12»".
func (inv Invoice) Label() string {
	n := inv.Number
	if inv.Series != "" {
		n = inv.Series + "-" + n
	}
	return "factura " + q(n)
}

// Tax is a tax output (IVA, IGIC, IPSI…) or a tax withheld (IRPF).
type Tax struct {
	Type string  `xml:"TaxTypeCode"`
	Rate Decimal `xml:"TaxRate"`
	Base Decimal `xml:"TaxableBase>TotalAmount"`
	// Amount is the tax; nil when the file has no TaxAmount (the schema
	// allows it on lines).
	Amount          *Decimal `xml:"TaxAmount>TotalAmount"`
	Surcharge       *Decimal `xml:"EquivalenceSurcharge"`
	SurchargeAmount Decimal  `xml:"EquivalenceSurchargeAmount>TotalAmount"`
}

// TaxAmount is the tax, 0 when the file gives none.
func (t Tax) TaxAmount() Decimal {
	if t.Amount == nil {
		return 0
	}
	return *t.Amount
}

// Totals are an invoice's InvoiceTotals.
type Totals struct {
	Gross             Decimal    `xml:"TotalGrossAmount"`
	GeneralDiscounts  []Discount `xml:"GeneralDiscounts>Discount"`
	GeneralSurcharges []Charge   `xml:"GeneralSurcharges>Charge"`
	TotalDiscounts    Decimal    `xml:"TotalGeneralDiscounts"`
	TotalSurcharges   Decimal    `xml:"TotalGeneralSurcharges"`
	BeforeTaxes       Decimal    `xml:"TotalGrossAmountBeforeTaxes"`
	TaxOutputs        Decimal    `xml:"TotalTaxOutputs"`
	TaxesWithheld     Decimal    `xml:"TotalTaxesWithheld"`
	InvoiceTotal      Decimal    `xml:"InvoiceTotal"`
	Subsidies         []Decimal  `xml:"Subsidies>Subsidy>SubsidyAmount"`
	PaymentsOnAccount []Decimal  `xml:"PaymentsOnAccount>PaymentOnAccount>PaymentOnAccountAmount"`
	ReimbursableItems []Decimal  `xml:"ReimbursableExpenses>ReimbursableExpenses>ReimbursableExpensesAmount"`
	FinancialExpenses Decimal    `xml:"TotalFinancialExpenses"`
	Outstanding       Decimal    `xml:"TotalOutstandingAmount"`
	TotalPayments     *Decimal   `xml:"TotalPaymentsOnAccount"`
	AmountsWithheld   []Decimal  `xml:"AmountsWithheld>WithholdingAmount"`
	Executable        Decimal    `xml:"TotalExecutableAmount"`
	TotalReimbursable *Decimal   `xml:"TotalReimbursableExpenses"`
	PaymentInKind     Decimal    `xml:"PaymentInKind>PaymentInKindAmount"`
}

// Line is an InvoiceLine.
type Line struct {
	Sequence                     string     `xml:"SequenceNumber"`
	FileReference                string     `xml:"FileReference"`
	ReceiverTransactionReference string     `xml:"ReceiverTransactionReference"`
	Description                  string     `xml:"ItemDescription"`
	Quantity                     Decimal    `xml:"Quantity"`
	UnitOfMeasure                string     `xml:"UnitOfMeasure"`
	UnitPrice                    Decimal    `xml:"UnitPriceWithoutTax"`
	TotalCost                    Decimal    `xml:"TotalCost"`
	Discounts                    []Discount `xml:"DiscountsAndRebates>Discount"`
	Charges                      []Charge   `xml:"Charges>Charge"`
	Gross                        Decimal    `xml:"GrossAmount"`
	TaxesOutputs                 []Tax      `xml:"TaxesOutputs>Tax"`
	TaxesWithheld                []Tax      `xml:"TaxesWithheld>Tax"`
}

// Discount is a discount or rebate on a line or on the whole invoice.
type Discount struct {
	Reason string   `xml:"DiscountReason"`
	Rate   *Decimal `xml:"DiscountRate"`
	Amount Decimal  `xml:"DiscountAmount"`
}

// Charge is a charge on a line or a general surcharge on the invoice.
type Charge struct {
	Reason string   `xml:"ChargeReason"`
	Rate   *Decimal `xml:"ChargeRate"`
	Amount Decimal  `xml:"ChargeAmount"`
}

// Installment is one payment due (PaymentDetails).
type Installment struct {
	DueDate Date    `xml:"InstallmentDueDate"`
	Amount  Decimal `xml:"InstallmentAmount"`
	// Means is the PaymentMeans code ("04" transferencia…).
	Means string `xml:"PaymentMeans"`
	// IBAN is the account to be credited (spaces removed), or its
	// AccountNumber when it has no IBAN.
	IBAN          string `xml:"AccountToBeCredited>IBAN"`
	AccountNumber string `xml:"AccountToBeCredited>AccountNumber"`
	BIC           string `xml:"AccountToBeCredited>BIC"`
}

// Date is an xs:date: a civil date at midnight UTC.
type Date struct{ time.Time }

// UnmarshalText reads an xs:date (a time zone suffix is accepted and
// ignored).
func (d *Date) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	if len(s) >= 10 {
		if t, err := time.Parse(time.DateOnly, s[:10]); err == nil && validZone(s[10:]) {
			d.Time = t
			return nil
		}
	}
	return errf("La fecha %s no es una fecha válida (AAAA-MM-DD).", q(s))
}

// validZone: s is an xs:date time zone suffix or nothing.
func validZone(s string) bool {
	if s == "" || s == "Z" {
		return true
	}
	_, err := time.Parse("-07:00", s)
	return err == nil
}

// UnmarshalText reads a Facturae amount, rate or quantity.
func (d *Decimal) UnmarshalText(b []byte) error {
	v, ok := parseDecimal(string(b))
	if !ok {
		return errf("El importe %s no es un número decimal válido (hasta ocho decimales y menor de 92 000 millones).", q(strings.TrimSpace(string(b))))
	}
	*d = v
	return nil
}
