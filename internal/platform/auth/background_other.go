//go:build !linux

package auth

// background runs fn; only Linux lowers the priority of its thread.
func background(fn func()) { fn() }
