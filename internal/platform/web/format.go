package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Madrid is the time zone every date is shown in.
var Madrid = loadMadrid()

func loadMadrid() *time.Location {
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}

// Date formats t as 27/11/2026 in Madrid time; zero is "".
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Madrid).Format("02/01/2006")
}

// DateTime formats t as 27/11/2026 14:05 in Madrid time; zero is "".
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Madrid).Format("02/01/2006 15:04")
}

// Thousands formats n with Spanish thousands separators: 1.234.567.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Join joins with sep the parts that are not blank, each trimmed: for names
// ("Ana", "", "Pérez") and addresses whose pieces may be missing.
func Join(sep string, parts ...string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// Euros formats cents as Spanish euros: "1.234,56 €".
func Euros(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	s := Thousands(cents/100) + fmt.Sprintf(",%02d €", cents%100)
	if neg {
		return "-" + s
	}
	return s
}

// ParseEuros reads an amount as a Spanish form takes it ("12.500,00",
// "12500", "12.500 €": dots group thousands, a comma starts the cents)
// into cents; ok is false for anything else or an amount not above zero.
func ParseEuros(s string) (cents int64, ok bool) {
	s = strings.ReplaceAll(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "€")), " ", "")
	s = strings.Replace(strings.ReplaceAll(s, ".", ""), ",", ".", 1)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 || math.IsInf(f, 0) || math.IsNaN(f) || f > 1e12 {
		return 0, false
	}
	return int64(math.Round(f * 100)), true
}
