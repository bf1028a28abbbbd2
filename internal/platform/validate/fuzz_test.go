package validate

import "testing"

// checkIdempotent fails if an accepted value does not re-validate to itself.
func checkIdempotent(t *testing.T, f func(string) (string, error), in string) {
	t.Helper()
	out, err := f(in)
	if err != nil {
		if _, ok := err.(*FieldError); !ok {
			t.Fatalf("%q: error %T is not *FieldError", in, err)
		}
		return
	}
	again, err := f(out)
	if err != nil || again != out {
		t.Fatalf("%q accepted as %q but re-validates to %q, %v", in, out, again, err)
	}
}

func FuzzNIF(f *testing.F) {
	for _, s := range []string{"12345678Z", "x-01234567-l", "K1234567L", "P2807900B", "J99216582", "1234567ÑZ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fn := range []func(string) (string, error){NIF, PersonNIF, LegalPersonNIF, LocalEntityNIF} {
			checkIdempotent(t, fn, s)
		}
	})
}

func FuzzIBAN(f *testing.F) {
	for _, s := range []string{"ES91 2100 0418 4502 0005 1332", "ES4121000418990200051332", "GB82WEST12345698765432", "es"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkIdempotent(t, IBAN, s)
		checkIdempotent(t, CCC, s)
		if out, err := IBAN(s); err == nil {
			if again, err := IBAN(FormatIBAN(out)); err != nil || again != out {
				t.Fatalf("FormatIBAN(%q) re-validates to %q, %v", out, again, err)
			}
		}
	})
}

func FuzzDIR3(f *testing.F) {
	for _, s := range []string{"L01100377", "L02000010", "LA0000751", "O00002683", "l01-100 377", "10037"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkIdempotent(t, DIR3, s)
		if code, err := DIR3Ayuntamiento(s); err == nil {
			if _, err := DIR3(code); err != nil {
				t.Fatalf("DIR3Ayuntamiento(%q) = %q rejected by DIR3: %v", s, code, err)
			}
		} else if _, ok := err.(*FieldError); !ok {
			t.Fatalf("%q: error %T is not *FieldError", s, err)
		}
	})
}

func FuzzCadastral(f *testing.F) {
	for _, s := range []string{"9872023VH5797S0001WX", "5225043 de7052n 0001 PQ", "13077A018000390000FP", "ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ0001MM"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkIdempotent(t, CadastralReference, s)
	})
}

func FuzzEmail(f *testing.F) {
	for _, s := range []string{"juan@example.com", " A.B@Ayto.ES ", "Juan <juan@example.com>", "\"a b\"@x.es", "a@b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkIdempotent(t, Email, s)
		checkIdempotent(t, Phone, s)
		checkIdempotent(t, func(s string) (string, error) { return PostalCode(s, "") }, s)
	})
}
