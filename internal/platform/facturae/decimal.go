package facturae

import (
	"math/big"
	"strings"
)

// Decimal is an exact amount, quantity or rate with the eight decimals
// Facturae allows (DoubleUpToEightDecimalType): the number times 10⁸.
// Its range (±92 233 720 368, over 92 thousand million) is far beyond
// any invoice; Parse refuses a file with a larger value.
type Decimal int64

// scale is 10⁸, one unit of a Decimal.
const scale = 100_000_000

// maxInt is the largest integer part a Decimal holds.
const maxInt = (1<<63 - 1) / scale

// parseDecimal reads -?[0-9]+(\.[0-9]{1,8})? (the schema's pattern for
// amounts) and also what xs:double allows beyond it (Quantity is one: an
// exponent, a leading "+" or "."), as long as the value is exact in
// eight decimals.
func parseDecimal(s string) (Decimal, bool) {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "eE+") || strings.HasPrefix(strings.TrimPrefix(s, "-"), ".") {
		return parseDouble(s)
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	ip, fp, dot := strings.Cut(s, ".")
	if ip == "" || !digits(ip) || dot && (fp == "" || len(fp) > 8 || !digits(fp)) {
		return 0, false
	}
	ip = strings.TrimLeft(ip, "0")
	if len(ip) > 11 {
		return 0, false
	}
	var n int64
	for _, c := range ip {
		n = n*10 + int64(c-'0')
	}
	if n > maxInt {
		return 0, false
	}
	f := int64(0)
	for i := 0; i < 8; i++ {
		f *= 10
		if i < len(fp) {
			f += int64(fp[i] - '0')
		}
	}
	if n*scale > 1<<63-1-f {
		return 0, false
	}
	v := n*scale + f
	if neg {
		v = -v
	}
	return Decimal(v), true
}

// parseDouble reads an xs:double that is exact in eight decimals.
func parseDouble(s string) (Decimal, bool) {
	if strings.ContainsAny(s, "/_") || len(s) > 40 {
		return 0, false
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, false
	}
	r.Mul(r, big.NewRat(scale, 1))
	if !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return Decimal(r.Num().Int64()), true
}

// digits: s is one or more ASCII digits.
func digits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// Round rounds d to n decimals (0 to 8), halves away from zero.
func (d Decimal) Round(n int) Decimal {
	if n >= 8 {
		return d
	}
	unit := int64(1)
	for i := n; i < 8; i++ {
		unit *= 10
	}
	v := int64(d)
	neg := v < 0
	if neg {
		v = -v
	}
	v = (v + unit/2) / unit * unit
	if neg {
		v = -v
	}
	return Decimal(v)
}

// Cents is d rounded to cents, as a whole number of cents.
func (d Decimal) Cents() int64 { return int64(d.Round(2)) / (scale / 100) }

// String writes d with at least two decimals and no trailing zeros
// beyond them ("1234.50", "0.125").
func (d Decimal) String() string {
	v := int64(d)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	ip, fp := v/scale, v%scale
	frac := strings.TrimRight(strings.TrimPrefix(big.NewInt(fp+scale).String(), "1"), "0")
	for len(frac) < 2 {
		frac += "0"
	}
	return sign + big.NewInt(ip).String() + "." + frac
}

// mul is a×b rounded to eight decimals (halves away from zero), and
// whether it fits in a Decimal.
func mul(a, b Decimal) (Decimal, bool) {
	p := new(big.Int).Mul(big.NewInt(int64(a)), big.NewInt(int64(b)))
	return divRound(p, scale)
}

// percent is base×rate/100 rounded to eight decimals.
func percent(base, rate Decimal) (Decimal, bool) {
	p := new(big.Int).Mul(big.NewInt(int64(base)), big.NewInt(int64(rate)))
	return divRound(p, scale*100)
}

// divRound is p/div rounded halves away from zero, if it fits.
func divRound(p *big.Int, div int64) (Decimal, bool) {
	neg := p.Sign() < 0
	p.Abs(p)
	p.Add(p, big.NewInt(div/2))
	p.Quo(p, big.NewInt(div))
	if neg {
		p.Neg(p)
	}
	if !p.IsInt64() {
		return 0, false
	}
	return Decimal(p.Int64()), true
}
