package facturae

import "testing"

func TestParseDecimal(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"46784.470", "46784.47", true},
		{"-0.125", "-0.125", true},
		{" 12 ", "12.00", true},
		{"1.00000001", "1.00000001", true},
		{"1E3", "1000.00", true},
		{"+2.5", "2.50", true},
		{".5", "0.50", true},
		{"1.000000001", "", false},
		{"1,5", "", false},
		{"1.", "", false},
		{"", "", false},
		{"1/3", "", false},
		{"1e-9", "", false},
		{"99999999999", "99999999999.00", false},
		{"92233720368", "92233720368.00", true},
		{"NaN", "", false},
		{"92233720368.99999999", "", false},
		{"-92233720368.54775807", "-92233720368.54775807", true},
	} {
		d, ok := parseDecimal(c.in)
		if ok != c.ok || ok && d.String() != c.want {
			t.Errorf("%q: %s %v", c.in, d, ok)
		}
	}
}

func TestRound(t *testing.T) {
	for _, c := range []struct {
		in    string
		cents int64
	}{
		{"0.125", 13}, {"-0.125", -13}, {"0.12499999", 12}, {"3274.9129", 327491}, {"0", 0},
	} {
		d, _ := parseDecimal(c.in)
		if d.Cents() != c.cents {
			t.Errorf("%s: %d", c.in, d.Cents())
		}
	}
	if p, _ := percent(mustDecimal(t, "46784.47"), mustDecimal(t, "7")); p.String() != "3274.9129" {
		t.Errorf("percent %s", p)
	}
	if m, _ := mul(mustDecimal(t, "3"), mustDecimal(t, "0.33333333")); m.String() != "0.99999999" {
		t.Errorf("mul %s", m)
	}
}

// mustDecimal parses s or fails.
func mustDecimal(t *testing.T, s string) Decimal {
	t.Helper()
	d, ok := parseDecimal(s)
	if !ok {
		t.Fatalf("%q", s)
	}
	return d
}
