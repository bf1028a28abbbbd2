package facturae

import (
	"fmt"
	"math/big"
)

// Problem is a total of a file that does not add up, in Spanish.
type Problem struct {
	// Invoice is the invoice's number ("" for the file's batch); Line is
	// the 1-based line (0 for the invoice or the batch).
	Invoice string
	Line    int
	// Field is the element whose value is wrong (e.g. "TotalCost").
	Field string
	// Msg says what is wrong, naming invoice and line.
	Msg string
}

// Check recomputes every total the Facturae schema defines, from the
// lines up to the batch, and reports each one the file gets wrong.
//
// Rounding: the schema gives amounts "up to eight decimals" and each
// result as a formula (TotalCost = Quantity × UnitPriceWithoutTax,
// GrossAmount = TotalCost − discounts + charges, and so on). Check
// computes each formula exactly from the file's own operands and compares
// both sides rounded to cents, halves away from zero. That a receiver
// (FACe) compares at cents is UNVERIFIED; it is the tolerance the schema's
// "rounded to the decimals of each field" implies for two-decimal files.
func (f *File) Check() []Problem {
	c := &checker{}
	var total, outstanding, executable sum
	for i := range f.Invoices {
		inv := &f.Invoices[i]
		c.invoice(inv)
		total.add(inv.Totals.InvoiceTotal)
		outstanding.add(inv.Totals.Outstanding)
		executable.add(inv.Totals.Executable)
		if inv.Currency != f.Batch.Currency {
			c.report(inv, 0, "InvoiceCurrencyCode", fmt.Sprintf("la moneda %s no es la del lote (%s)", q(inv.Currency), q(f.Batch.Currency)))
		}
	}
	if n := len(f.Invoices); f.Batch.InvoicesCount != n {
		c.report(nil, 0, "InvoicesCount", fmt.Sprintf("el lote declara %d facturas y contiene %d", f.Batch.InvoicesCount, n))
	}
	if f.Modality == "I" && len(f.Invoices) != 1 {
		c.report(nil, 0, "Modality", "la modalidad individual (I) exige una sola factura")
	}
	if f.Modality == "L" && len(f.Invoices) < 2 {
		c.report(nil, 0, "Modality", "la modalidad lote (L) exige más de una factura")
	}
	c.equal(nil, 0, "TotalInvoicesAmount", f.Batch.TotalInvoices, total, "la suma de los totales de las facturas")
	c.equal(nil, 0, "TotalOutstandingAmount", f.Batch.TotalOutstanding, outstanding, "la suma de los totales a pagar")
	c.equal(nil, 0, "TotalExecutableAmount", f.Batch.TotalExecutable, executable, "la suma de los totales a ejecutar")
	return c.problems
}

// checker collects the problems of a file.
type checker struct{ problems []Problem }

// report adds a problem of inv (nil: the batch) and line (0: none).
func (c *checker) report(inv *Invoice, line int, field, what string) {
	where, number := "Lote", ""
	if inv != nil {
		number = inv.Number
		where = "Factura " + q(inv.Number)
		if inv.Series != "" {
			where = "Factura " + q(inv.Series+"-"+inv.Number)
		}
		if line > 0 {
			where += fmt.Sprintf(", línea %d", line)
		}
	}
	c.problems = append(c.problems, Problem{Invoice: number, Line: line, Field: field,
		Msg: fmt.Sprintf("%s: %s: %s.", where, field, what)})
}

// equal reports field when got and want differ in cents; how says how
// want is computed.
func (c *checker) equal(inv *Invoice, line int, field string, got Decimal, want sum, how string) {
	w, ok := want.decimal()
	switch {
	case !ok:
		c.report(inv, line, field, "el importe calculado está fuera de rango")
	case got.Cents() != w.Cents():
		c.report(inv, line, field, fmt.Sprintf("es %s y debería ser %s (%s)", got.Round(2), w.Round(2), how))
	}
}

// sum is an exact running total.
type sum struct{ v big.Int }

// add adds d.
func (s *sum) add(d Decimal) *sum {
	s.v.Add(&s.v, big.NewInt(int64(d)))
	return s
}

// sub subtracts d.
func (s *sum) sub(d Decimal) *sum {
	s.v.Sub(&s.v, big.NewInt(int64(d)))
	return s
}

// plus adds o.
func (s *sum) plus(o *sum) { s.v.Add(&s.v, &o.v) }

// minus subtracts o.
func (s *sum) minus(o *sum) { s.v.Sub(&s.v, &o.v) }

// text writes the total rounded to cents ("fuera de rango" when it does
// not fit in a Decimal).
func (s *sum) text() string {
	if d, ok := s.decimal(); ok {
		return d.Round(2).String()
	}
	return "un importe fuera de rango"
}

// decimal is the total, if it fits in a Decimal.
func (s *sum) decimal() (Decimal, bool) {
	if !s.v.IsInt64() {
		return 0, false
	}
	return Decimal(s.v.Int64()), true
}

// of is a sum of the given amounts.
func of(ds ...Decimal) sum {
	var s sum
	for _, d := range ds {
		s.add(d)
	}
	return s
}

// exact is a sum holding the computed d, or out of range.
func exact(d Decimal, ok bool) sum {
	if !ok {
		var s sum
		s.v.Lsh(big.NewInt(1), 64)
		return s
	}
	return of(d)
}
