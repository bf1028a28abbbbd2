package web

import (
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
