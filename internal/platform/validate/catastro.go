package validate

import "strings"

const (
	fieldCatastro = "referencia_catastral"
	// catastroAlphabet lists the letters allowed in a reference.
	catastroAlphabet = "ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
	catastroControl  = "MQWERTYUIOPASDFGHJKLBZX"
)

var catastroWeights = [11]int{13, 15, 12, 5, 4, 17, 9, 21, 3, 7, 1}

// catastroLetter computes one control letter over 11 characters.
func catastroLetter(rs []rune) byte {
	sum := 0
	for i, r := range rs {
		sum += catastroValue(r) * catastroWeights[i]
	}
	return catastroControl[sum%23]
}

// catastroValue is the numeric value of a digit or a letter of
// catastroAlphabet (A=1 … N=14, Ñ=15, O=16 … Z=27).
func catastroValue(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r == 'Ñ':
		return 15
	case r > 'N':
		return int(r-'A') + 2
	default:
		return int(r-'A') + 1
	}
}

// CadastralReference validates a 20-character referencia catastral: 14
// characters for the parcel, 4 digits for the property and 2 control
// letters. It returns the reference upper-cased without separators.
func CadastralReference(s string) (string, error) {
	n := NormalizeID(s)
	rs := []rune(n)
	if len(rs) != 20 {
		return "", &FieldError{Field: fieldCatastro, Message: "La referencia catastral debe tener 20 caracteres."}
	}
	for i, r := range rs {
		digit := r >= '0' && r <= '9'
		var ok bool
		switch {
		case i < 14:
			ok = digit || strings.ContainsRune(catastroAlphabet, r)
		case i < 18:
			ok = digit
		default:
			ok = r >= 'A' && r <= 'Z'
		}
		if !ok {
			return "", fieldErr(fieldCatastro, "La referencia catastral %s no tiene un formato válido: 14 letras o dígitos de la parcela, 4 dígitos del inmueble y 2 letras de control.", n)
		}
	}
	prop := rs[14:18]
	want := string([]byte{
		catastroLetter(append(append([]rune{}, rs[:7]...), prop...)),
		catastroLetter(append(append([]rune{}, rs[7:14]...), prop...)),
	})
	if string(rs[18:]) != want {
		return "", fieldErr(fieldCatastro, "La referencia catastral %s no es válida: las letras de control deberían ser %s.", n, want)
	}
	return n, nil
}
