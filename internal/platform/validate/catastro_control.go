package validate

// CadastralControl returns the two control letters of a referencia
// catastral from its first 18 characters (14 of the parcel, 4 of the
// property), for programs that generate references (demo data, tests).
// The input is not validated: call CadastralReference on the result.
func CadastralControl(first18 string) string {
	rs := []rune(first18)
	if len(rs) != 18 {
		return ""
	}
	prop := rs[14:18]
	return string([]byte{
		catastroLetter(append(append([]rune{}, rs[:7]...), prop...)),
		catastroLetter(append(append([]rune{}, rs[7:14]...), prop...)),
	})
}
