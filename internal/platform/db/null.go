package db

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
