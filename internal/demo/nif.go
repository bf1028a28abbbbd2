package demo

import "fmt"

// dniLetters is the control-letter table of the DNI.
const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// dni formats number (0–99,999,999) as a DNI with its control letter.
func dni(number int) string {
	return fmt.Sprintf("%08d%c", number, dniLetters[number%23])
}

// cifControl computes the control digit of the 7 digits of a legal-person
// NIF: even positions added, odd positions doubled with their digits added.
func cifControl(digits string) int {
	sum := 0
	for i := 0; i < 7; i++ {
		d := int(digits[i] - '0')
		if i%2 == 1 {
			sum += d
			continue
		}
		d *= 2
		sum += d/10 + d%10
	}
	return (10 - sum%10) % 10
}

// localEntityNIF returns the NIF of a local corporation (letter P) for the
// 7 digits given, with its control letter.
func localEntityNIF(digits string) string {
	return "P" + digits + string("JABCDEFGHI"[cifControl(digits)])
}
