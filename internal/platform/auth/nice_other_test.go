//go:build !linux

package auth

import "testing"

// threadNice is not measured outside Linux.
func threadNice(*testing.T) int { return 0 }
