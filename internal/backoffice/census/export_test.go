package census

// SetTokenCap lowers the token cap of the name search (see tokenCap) and
// returns the function that restores it.
func SetTokenCap(n int) (restore func()) {
	old := tokenCap
	tokenCap = n
	return func() { tokenCap = old }
}
