package db

import "time"

// NullString is s as a query argument, or SQL NULL when s is empty.
func NullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// NullInt64 is *p as a query argument, or SQL NULL when p is nil (an open bound).
func NullInt64(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// NullTime is t in UTC as a query argument, or SQL NULL when t is zero.
func NullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// NullBytes is b as a query argument, or SQL NULL when b is empty.
func NullBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}
