package validate

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// vectors mirrors the parts of testdata/testvectors.json used here.
type vectors struct {
	DNIValid         []string          `json:"dni_valid"`
	DNIInvalid       []string          `json:"dni_invalid"`
	NIEValid         []string          `json:"nie_valid"`
	CIFValid         []string          `json:"cif_valid"`
	CIFInvalid       []string          `json:"cif_invalid"`
	CCCValid         []string          `json:"ccc_valid"`
	IBANValid        []string          `json:"iban_valid"`
	IBANInvalid      []string          `json:"iban_invalid"`
	IBANBadCCC       []string          `json:"iban_mod97_ok_but_ccc_dc_invalid"`
	SEPA             map[string]string `json:"sepa_creditor_id"`
	EPCCreditor      string            `json:"epc_creditor_id_example"`
	INEDC            map[string]int    `json:"ine_dc"`
	DIR3Verified     map[string]string `json:"dir3_verified"`
	CatastralValid   []string          `json:"referencia_catastral_valid"`
	CatastralInvalid []string          `json:"referencia_catastral_invalid"`
}

func loadVectors(t *testing.T) vectors {
	t.Helper()
	b, err := os.ReadFile("testdata/testvectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v vectors
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// mustAccept fails unless f accepts in and returns want.
func mustAccept(t *testing.T, name string, f func(string) (string, error), in, want string) {
	t.Helper()
	got, err := f(in)
	if err != nil || got != want {
		t.Errorf("%s(%q) = %q, %v; want %q", name, in, got, err, want)
	}
}

// mustReject fails unless f rejects in with a *FieldError.
func mustReject(t *testing.T, name string, f func(string) (string, error), in string) {
	t.Helper()
	got, err := f(in)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Message == "" {
		t.Errorf("%s(%q) = %q, %v; want *FieldError", name, in, got, err)
	}
}

func TestVectors(t *testing.T) {
	v := loadVectors(t)
	for _, s := range slices.Concat(v.DNIValid, v.NIEValid) {
		mustAccept(t, "NIF", NIF, s, s)
		mustAccept(t, "PersonNIF", PersonNIF, s, s)
		mustReject(t, "LegalPersonNIF", LegalPersonNIF, s)
	}
	for _, s := range v.DNIInvalid {
		mustReject(t, "NIF", NIF, s)
	}
	for _, s := range v.CIFValid {
		mustAccept(t, "NIF", NIF, s, s)
		mustAccept(t, "LegalPersonNIF", LegalPersonNIF, s, s)
		mustReject(t, "PersonNIF", PersonNIF, s)
	}
	for _, s := range v.CIFInvalid {
		mustReject(t, "LegalPersonNIF", LegalPersonNIF, s)
	}
	for _, s := range v.CCCValid {
		mustAccept(t, "CCC", CCC, s, s)
	}
	for _, s := range v.IBANValid {
		mustAccept(t, "IBAN", IBAN, s, s)
		mustAccept(t, "IBAN", IBAN, FormatIBAN(s), s)
	}
	for _, s := range slices.Concat(v.IBANInvalid, v.IBANBadCCC) {
		mustReject(t, "IBAN", IBAN, s)
	}
	for _, s := range v.IBANBadCCC {
		if mod97(s[4:]+s[:4]) != 1 {
			t.Errorf("%s should pass mod-97", s)
		}
	}
	for nif, want := range v.SEPA {
		got, err := SEPACreditorID(nif, "")
		if err != nil || got != want {
			t.Errorf("SEPACreditorID(%q) = %q, %v; want %q", nif, got, err, want)
		}
	}
	if e := v.EPCCreditor; creditorCheck(e[:2], e[7:]) != e[2:4] {
		t.Errorf("creditorCheck does not reproduce %s", e)
	}
	for code, dc := range v.INEDC {
		if got, err := INEControlDigit(code); err != nil || got != dc {
			t.Errorf("INEControlDigit(%q) = %d, %v; want %d", code, got, err, dc)
		}
		if err := INECode(code, dc); err != nil {
			t.Errorf("INECode(%q, %d) = %v", code, dc, err)
		}
		if err := INECode(code, (dc+1)%10); err == nil {
			t.Errorf("INECode(%q, %d) accepted a wrong DC", code, (dc+1)%10)
		}
	}
	for code := range v.DIR3Verified {
		mustAccept(t, "DIR3", DIR3, code, code)
		if code[:3] == "L01" {
			mustAccept(t, "DIR3Ayuntamiento", DIR3Ayuntamiento, code[3:8], code)
		}
	}
	for _, s := range v.CatastralValid {
		mustAccept(t, "CadastralReference", CadastralReference, s, s)
	}
	for _, s := range v.CatastralInvalid {
		mustReject(t, "CadastralReference", CadastralReference, s)
	}
}

func TestMunicipiosCaceres(t *testing.T) {
	f, err := os.Open("testdata/municipios_caceres.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	if len(rows)-1 != 223 {
		t.Errorf("got %d municipalities, want 223", len(rows)-1)
	}
	for _, r := range rows[1:] {
		code, dir3 := r[col["ine_code"]], r[col["dir3"]]
		dc, err := strconv.Atoi(r[col["ine_dc"]])
		if err != nil {
			t.Fatal(err)
		}
		if got, err := INEControlDigit(code); err != nil || got != dc {
			t.Errorf("INEControlDigit(%q) = %d, %v; want %d", code, got, err, dc)
		}
		if err := INECode(code, dc); err != nil {
			t.Errorf("INECode(%q, %d) = %v", code, dc, err)
		}
		mustAccept(t, "DIR3Ayuntamiento", DIR3Ayuntamiento, code, dir3)
		mustAccept(t, "DIR3", DIR3, dir3, dir3)
	}
}

func TestNIFNormalisation(t *testing.T) {
	for in, want := range map[string]string{
		" 12.345.678-z ": "12345678Z",
		"01234567l":      "01234567L",
		"x-0123 4567-l":  "X1234567L", // legacy 8 digits after X
		"k1234567l":      "K1234567L", // K/L/M use the DNI table over 7 digits
		"M-1234567-L":    "M1234567L", // valid natural-person NIF, not a CIF
		"p-2807900-b":    "P2807900B",
		"J99216582":      "J99216582",
		"J9921658B":      "J9921658B", // J accepts either form
	} {
		mustAccept(t, "NIF", NIF, in, want)
	}
	for _, in := range []string{"", "X13585626", "J992165831", "A9921658B",
		"P28079002", "I1234567A", "1234567ÑZ", "Y01234567X"} {
		mustReject(t, "NIF", NIF, in)
	}
	mustAccept(t, "LocalEntityNIF", LocalEntityNIF, "P2807900B", "P2807900B")
	mustReject(t, "LocalEntityNIF", LocalEntityNIF, "Q2826000H")
	mustReject(t, "LocalEntityNIF", LocalEntityNIF, "P2807900C")
}

func TestMessages(t *testing.T) {
	for _, tc := range []struct {
		f    func(string) (string, error)
		in   string
		want string
	}{
		{NIF, "12345678A", "El NIF 12345678A no es válido: la letra de control debería ser Z."},
		{NIF, "1234567Z", "El NIF debe tener 9 caracteres."},
		{NIF, "1234567AZ", "El NIF 1234567AZ no tiene un formato válido: un DNI son 8 dígitos seguidos de una letra."},
		{NIF, "B8667046A", "El NIF B8667046A no es válido: el dígito de control debería ser 0."},
		{NIF, "P2807900C", "El NIF P2807900C no es válido: la letra de control debería ser B."},
		{LocalEntityNIF, "Q2826000H", "El NIF Q2826000H no corresponde a una corporación local: debe empezar por la letra P."},
		{DIR3, "L01100378", "El código DIR3 L01100378 no es válido: el dígito de control del código INE debería ser 7."},
		{CCC, "2100 0418 44 0200051332", "La cuenta bancaria 21000418440200051332 no es válida: los dígitos de control deberían ser 45."},
		{IBAN, "ES4121000418990200051332", "El IBAN ES4121000418990200051332 no es válido: los dígitos de control de la cuenta deberían ser 45."},
		{CadastralReference, "9872023VH5797S0001WQ", "La referencia catastral 9872023VH5797S0001WQ no es válida: las letras de control deberían ser WX."},
		{CadastralReference, "13077A018000390000FP", "La referencia catastral 13077A018000390000FP no es válida: las letras de control deberían ser MS."},
		{Email, "Juan <juan@example.com>", "La dirección de correo electrónico no es válida."},
		{Phone, "512 345 678", "El número de teléfono debe empezar por 6, 7, 8 o 9."},
	} {
		_, err := tc.f(tc.in)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q: got %v; want %q", tc.in, err, tc.want)
		}
	}
}

func TestDIR3(t *testing.T) {
	for _, s := range []string{"LA0000751", "EA0001234", "GE0000001", "E04995604", "l0710 0377"} {
		if _, err := DIR3(s); err != nil {
			t.Errorf("DIR3(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"L01530005", "L01000005", "L02000053", "L02100010", "X00000001",
		"LB0000751", "L0110037", "L011003777", "O0000268Ñ"} {
		mustReject(t, "DIR3", DIR3, s)
	}
	mustReject(t, "DIR3Ayuntamiento", DIR3Ayuntamiento, "99001")
	mustReject(t, "DIR3Ayuntamiento", DIR3Ayuntamiento, "1003")
	if err := INECode("53001", 0); err == nil {
		t.Error("INECode accepted province 53")
	}
}

func TestBank(t *testing.T) {
	mustAccept(t, "IBAN", IBAN, "es91 2100-0418-4502-0005-1332", "ES9121000418450200051332")
	mustAccept(t, "IBAN", IBAN, "DE89 3704 0044 0532 0130 00", "DE89370400440532013000")
	mustAccept(t, "IBAN", IBAN, "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432")
	for _, s := range []string{"ES91210004184502000513", "ES912100041845020005133A", "DE88370400440532013000", "", "ESXX"} {
		mustReject(t, "IBAN", IBAN, s)
	}
	if got := FormatIBAN("es9121000418450200051332"); got != "ES91 2100 0418 4502 0005 1332" {
		t.Errorf("FormatIBAN = %q", got)
	}
	if got := FormatIBAN("DE89370400440532013000"); got != "DE89 3704 0044 0532 0130 00" {
		t.Errorf("FormatIBAN = %q", got)
	}
	mustReject(t, "CCC", CCC, "2100041845020005133")
	if got, err := SEPACreditorID("p-2807900-b", "abc"); err != nil || got != "ES92ABCP2807900B" {
		t.Errorf("SEPACreditorID with business code = %q, %v", got, err)
	}
	for _, b := range []string{"AB", "ABCD", "A_C"} {
		if _, err := SEPACreditorID("P2807900B", b); err == nil {
			t.Errorf("SEPACreditorID accepted business code %q", b)
		}
	}
	if _, err := SEPACreditorID("P2807900C", ""); err == nil {
		t.Error("SEPACreditorID accepted an invalid NIF")
	}
}

func TestCadastral(t *testing.T) {
	mustAccept(t, "CadastralReference", CadastralReference, "9872023 vh5797s 0001 wx", "9872023VH5797S0001WX")
	mustAccept(t, "CadastralReference", CadastralReference, "7837301-VG8173B-0001 TT", "7837301VG8173B0001TT")
	for _, s := range []string{"13077A018000390000FP", "9872023VH5797S000AWX", "9872023VH5797S0001W1", "9872023VH5797S0001WXX"} {
		mustReject(t, "CadastralReference", CadastralReference, s)
	}
}

func TestContact(t *testing.T) {
	for in, want := range map[string]string{
		" Juan.Perez@Ayto-Caceres.ES ": "Juan.Perez@ayto-caceres.es",
		"a+b@sub.example.org":          "a+b@sub.example.org",
	} {
		mustAccept(t, "Email", Email, in, want)
	}
	for _, in := range []string{"", "juan", "juan@localhost", "<juan@example.com>", "Juan <juan@example.com>",
		"juan@@example.com", "juan@example..com", "juan@-example.com", "\"juan perez\"@example.com",
		"juan@[127.0.0.1]", "juan@exámple.com", "juan@example.com (Juan)", strings.Repeat("a", 64) + "@" + strings.Repeat("b", 190) + ".com"} {
		mustReject(t, "Email", Email, in)
	}
	for in, want := range map[string]string{
		"927 25 57 00":     "927255700",
		"+34 612-345-678":  "612345678",
		"0034.712.345.678": "712345678",
		"900123456":        "900123456",
	} {
		mustAccept(t, "Phone", Phone, in, want)
	}
	for _, in := range []string{"", "12345678", "92725570", "9272557000", "+33612345678", "(927) 255 700", "512345678"} {
		mustReject(t, "Phone", Phone, in)
	}
	if got, err := PostalCode(" 10003 ", "10"); err != nil || got != "10003" {
		t.Errorf("PostalCode = %q, %v", got, err)
	}
	if got, err := PostalCode("06001", ""); err != nil || got != "06001" {
		t.Errorf("PostalCode = %q, %v", got, err)
	}
	for _, tc := range [][2]string{{"06001", "10"}, {"53001", ""}, {"00001", ""}, {"1000", ""}, {"1000A", ""}} {
		if _, err := PostalCode(tc[0], tc[1]); err == nil {
			t.Errorf("PostalCode(%q, %q) accepted", tc[0], tc[1])
		}
	}
}

// TestText: bad bytes, a missing required text and one too long each get
// their Spanish message; a good text none.
func TestText(t *testing.T) {
	for _, c := range []struct {
		v, want  string
		required bool
	}{
		{"bien", "", true},
		{"", "Escriba el extracto.", true},
		{"", "", false},
		{"a\x00b", "El extracto: el texto contiene caracteres no válidos.", false},
		{strings.Repeat("ñ", 1001), "El extracto: como máximo 1.000 caracteres (tiene 1.001).", false},
	} {
		err := Text(c.v, "El extracto", c.required, 1000)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%q: %q, want %q", c.v[:min(len(c.v), 8)], got, c.want)
		}
	}
}

// TestTextAccentedLabel: a label starting with an accented capital keeps it
// whole in the message.
func TestTextAccentedLabel(t *testing.T) {
	if got := Text("", "Órgano", true, 10).Error(); got != "Escriba órgano." {
		t.Errorf("%q", got)
	}
}
