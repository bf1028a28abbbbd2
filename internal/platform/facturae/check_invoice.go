package facturae

import "fmt"

// invoice checks the lines, taxes and totals of one invoice.
func (c *checker) invoice(inv *Invoice) {
	var gross sum
	lineBases := map[taxKey]*sum{}
	for i := range inv.Lines {
		l := &inv.Lines[i]
		c.line(inv, i+1, l)
		gross.add(l.Gross)
		for _, t := range l.TaxesOutputs {
			key := taxKey{t.Type, t.Rate}
			if lineBases[key] == nil {
				lineBases[key] = &sum{}
			}
			lineBases[key].add(t.Base)
		}
	}
	t := &inv.Totals
	c.equal(inv, 0, "TotalGrossAmount", t.Gross, gross, "la suma de los importes brutos de las líneas")
	var discounts, charges sum
	for _, d := range t.GeneralDiscounts {
		discounts.add(d.Amount)
		c.rate(inv, 0, "DiscountAmount", d.Amount, t.Gross, d.Rate)
	}
	for _, ch := range t.GeneralSurcharges {
		charges.add(ch.Amount)
		c.rate(inv, 0, "ChargeAmount", ch.Amount, t.Gross, ch.Rate)
	}
	c.equal(inv, 0, "TotalGeneralDiscounts", t.TotalDiscounts, discounts, "la suma de los descuentos generales")
	c.equal(inv, 0, "TotalGeneralSurcharges", t.TotalSurcharges, charges, "la suma de los cargos generales")
	before := of(t.Gross, t.TotalSurcharges)
	c.equal(inv, 0, "TotalGrossAmountBeforeTaxes", t.BeforeTaxes, *before.sub(t.TotalDiscounts), "importe bruto − descuentos generales + cargos generales")

	var outputs, withheld sum
	invoiceBases := map[taxKey]*sum{}
	for _, tx := range inv.TaxesOutputs {
		c.tax(inv, 0, tx)
		outputs.add(tx.TaxAmount()).add(tx.SurchargeAmount)
		key := taxKey{tx.Type, tx.Rate}
		if invoiceBases[key] == nil {
			invoiceBases[key] = &sum{}
		}
		invoiceBases[key].add(tx.Base)
	}
	for _, tx := range inv.TaxesWithheld {
		c.tax(inv, 0, tx)
		withheld.add(tx.TaxAmount())
	}
	c.equal(inv, 0, "TotalTaxOutputs", t.TaxOutputs, outputs, "la suma de las cuotas y recargos de equivalencia repercutidos")
	c.equal(inv, 0, "TotalTaxesWithheld", t.TaxesWithheld, withheld, "la suma de las cuotas retenidas")
	// With general discounts or surcharges the schema spreads them over the
	// bases of each type and rate without saying how: the bases are then
	// not compared with the lines'.
	if len(t.GeneralDiscounts) == 0 && len(t.GeneralSurcharges) == 0 {
		c.bases(inv, invoiceBases, lineBases)
	}
	total := of(t.BeforeTaxes, t.TaxOutputs)
	c.equal(inv, 0, "InvoiceTotal", t.InvoiceTotal, *total.sub(t.TaxesWithheld), "base antes de impuestos + impuestos repercutidos − retenidos")
	c.payable(inv)
}

// payable checks the amounts to pay and execute, and the installments.
func (c *checker) payable(inv *Invoice) {
	t := &inv.Totals
	payments := of(t.PaymentsOnAccount...)
	if t.TotalPayments != nil {
		c.equal(inv, 0, "TotalPaymentsOnAccount", *t.TotalPayments, payments, "la suma de los anticipos")
		payments = of(*t.TotalPayments)
	}
	outstanding := of(t.InvoiceTotal)
	outstanding.minus(&payments)
	for _, s := range t.Subsidies {
		outstanding.sub(s)
	}
	c.equal(inv, 0, "TotalOutstandingAmount", t.Outstanding, outstanding, "total factura − subvenciones − anticipos")

	reimbursable := of(t.ReimbursableItems...)
	if t.TotalReimbursable != nil {
		c.equal(inv, 0, "TotalReimbursableExpenses", *t.TotalReimbursable, reimbursable, "la suma de los suplidos")
		reimbursable = of(*t.TotalReimbursable)
	}
	executable := of(t.Outstanding, t.FinancialExpenses)
	executable.plus(&reimbursable)
	executable.sub(t.PaymentInKind)
	for _, w := range t.AmountsWithheld {
		executable.sub(w)
	}
	c.equal(inv, 0, "TotalExecutableAmount", t.Executable, executable, "total a pagar − retenciones de garantía − pagos en especie + suplidos + gastos financieros")

	// UNVERIFIED: the schema does not say the installments add up to the
	// amount to execute; it is what an invoice to be paid in full means,
	// and what the samples do.
	if len(inv.Installments) > 0 {
		var due sum
		for _, in := range inv.Installments {
			due.add(in.Amount)
		}
		if d, ok := due.decimal(); !ok || d.Cents() != t.Executable.Cents() {
			c.report(inv, 0, "InstallmentAmount", fmt.Sprintf("los vencimientos suman %s y el total a ejecutar es %s", due.text(), t.Executable.Round(2)))
		}
	}
}
