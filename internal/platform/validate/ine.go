package validate

import "strings"

const (
	fieldINE  = "codigo_ine"
	fieldDIR3 = "dir3"
)

// INE control-digit tables, applied to digits 1–5 in the order C, B, A, C, B.
var (
	ineA = [10]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	ineB = [10]int{0, 3, 8, 2, 7, 4, 1, 5, 9, 6}
	ineC = [10]int{0, 2, 4, 6, 8, 1, 3, 5, 7, 9}
)

// INEControlDigit computes the control digit (DC) that INE publishes next to
// a 5-digit municipality code (2-digit province + 3-digit municipality).
// It only checks that code5 is made of 5 digits.
func INEControlDigit(code5 string) (int, error) {
	if len(code5) != 5 || !isDigits(code5) {
		return 0, &FieldError{Field: fieldINE, Message: "El código INE del municipio debe tener 5 dígitos."}
	}
	tables := [5]*[10]int{&ineC, &ineB, &ineA, &ineC, &ineB}
	sum := 0
	for i, t := range tables {
		sum += t[code5[i]-'0']
	}
	return (10 - sum%10) % 10, nil
}

// INECode checks a 5-digit INE municipality code: format, province 01–52
// and that dc is its control digit.
func INECode(code5 string, dc int) error {
	want, err := INEControlDigit(code5)
	if err != nil {
		return err
	}
	if !validProvince(code5[:2]) {
		return fieldErr(fieldINE, "El código INE %s no es válido: la provincia %s no existe.", code5, code5[:2])
	}
	if dc != want {
		return fieldErr(fieldINE, "El código INE %s no es válido: el dígito de control debería ser %d.", code5, want)
	}
	return nil
}

// DIR3Ayuntamiento derives the DIR3 code of an ayuntamiento from its 5-digit
// INE municipality code: "L01" + code + INE control digit.
func DIR3Ayuntamiento(code5 string) (string, error) {
	dc, err := INEControlDigit(code5)
	if err != nil {
		return "", err
	}
	if !validProvince(code5[:2]) {
		return "", fieldErr(fieldINE, "El código INE %s no es válido: la provincia %s no existe.", code5, code5[:2])
	}
	return "L01" + code5 + string(rune('0'+dc)), nil
}

// DIR3 validates the general shape of a DIR3 unit or office code: 9
// characters, either one level letter (E, A, L, O, U, J, I) and 8 digits or a
// two-letter prefix (EA, GE, LA) and 7 digits. For ayuntamientos (L01) the
// embedded INE province and control digit are checked; for diputaciones
// (L02) the code must be L020000 followed by a province 01–52. It returns the
// normalised (upper-case, no separators) code.
func DIR3(s string) (string, error) {
	n := NormalizeID(s)
	if n == "" {
		return "", &FieldError{Field: fieldDIR3, Message: "El código DIR3 es obligatorio."}
	}
	if !dir3Shape(n) {
		return "", fieldErr(fieldDIR3, "El código DIR3 %s no tiene un formato válido: deben ser 9 caracteres, una letra (E, A, L, O, U, J o I) seguida de 8 dígitos o un prefijo EA, GE o LA seguido de 7 dígitos.", n)
	}
	switch n[:3] {
	case "L01":
		if !validProvince(n[3:5]) {
			return "", fieldErr(fieldDIR3, "El código DIR3 %s no es válido: la provincia %s no existe.", n, n[3:5])
		}
		if dc, _ := INEControlDigit(n[3:8]); int(n[8]-'0') != dc {
			return "", fieldErr(fieldDIR3, "El código DIR3 %s no es válido: el dígito de control del código INE debería ser %d.", n, dc)
		}
	case "L02":
		if n[3:7] != "0000" || !validProvince(n[7:]) {
			return "", fieldErr(fieldDIR3, "El código DIR3 %s no es válido: el de una diputación es L020000 seguido del código de provincia (01 a 52).", n)
		}
	}
	return n, nil
}

// dir3Shape reports whether n has one of the two general DIR3 layouts.
func dir3Shape(n string) bool {
	if len(n) != 9 {
		return false
	}
	switch n[:2] {
	case "EA", "GE", "LA":
		return isDigits(n[2:])
	}
	return strings.IndexByte("EALOUJI", n[0]) >= 0 && isDigits(n[1:])
}
