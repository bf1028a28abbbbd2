package facturae

import (
	"fmt"
	"sort"
)

// taxKey groups taxes by type and rate.
type taxKey struct {
	Type string
	Rate Decimal
}

// line checks a line's cost, gross amount and taxes.
func (c *checker) line(inv *Invoice, n int, l *Line) {
	c.equal(inv, n, "TotalCost", l.TotalCost, exact(mul(l.Quantity, l.UnitPrice)), "cantidad × precio unitario")
	gross := of(l.TotalCost)
	for _, d := range l.Discounts {
		gross.sub(d.Amount)
		c.rate(inv, n, "DiscountAmount", d.Amount, l.TotalCost, d.Rate)
	}
	for _, ch := range l.Charges {
		gross.add(ch.Amount)
		c.rate(inv, n, "ChargeAmount", ch.Amount, l.TotalCost, ch.Rate)
	}
	c.equal(inv, n, "GrossAmount", l.Gross, gross, "coste total − descuentos + cargos")
	for _, t := range l.TaxesOutputs {
		c.tax(inv, n, t)
	}
	for _, t := range l.TaxesWithheld {
		c.tax(inv, n, t)
	}
}

// rate checks a discount's or charge's amount against its rate, when it
// has one, over base (the line's TotalCost or the invoice's gross amount).
func (c *checker) rate(inv *Invoice, n int, field string, amount, base Decimal, rate *Decimal) {
	if rate != nil {
		c.equal(inv, n, field, amount, exact(percent(base, *rate)), fmt.Sprintf("el %s %% de %s", rate, base.Round(2)))
	}
}

// tax checks a tax's amount (when given) and equivalence surcharge
// against its base. The law of each tax says how the base is computed
// (the schema's words), so a tax is checked only against itself.
func (c *checker) tax(inv *Invoice, n int, t Tax) {
	if t.Amount != nil {
		c.equal(inv, n, "TaxAmount", *t.Amount, exact(percent(t.Base, t.Rate)), fmt.Sprintf("el %s %% de la base %s, impuesto %s", t.Rate, t.Base.Round(2), q(t.Type)))
	}
	if t.Surcharge != nil {
		c.equal(inv, n, "EquivalenceSurchargeAmount", t.SurchargeAmount, exact(percent(t.Base, *t.Surcharge)), fmt.Sprintf("el %s %% de la base %s", t.Surcharge, t.Base.Round(2)))
	}
}

// bases compares the invoice's taxable bases with the sum of its lines',
// by type and rate.
func (c *checker) bases(inv *Invoice, invoice, lines map[taxKey]*sum) {
	keys := make([]taxKey, 0, len(invoice)+len(lines))
	for k := range invoice {
		keys = append(keys, k)
	}
	for k := range lines {
		if invoice[k] == nil {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Type != keys[j].Type {
			return keys[i].Type < keys[j].Type
		}
		return keys[i].Rate < keys[j].Rate
	})
	for _, k := range keys {
		got, want := invoice[k], lines[k]
		if got == nil {
			got = &sum{}
		}
		if want == nil {
			want = &sum{}
		}
		g, ok1 := got.decimal()
		w, ok2 := want.decimal()
		if !ok1 || !ok2 || g.Cents() != w.Cents() {
			c.report(inv, 0, "TaxableBase", fmt.Sprintf("la base del impuesto %s al %s %% es %s y las líneas suman %s", q(k.Type), k.Rate, got.text(), want.text()))
		}
	}
}
