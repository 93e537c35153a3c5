package csl

import "testing"

func FuzzTrivial(f *testing.F) {
	f.Add([]byte("x"))
	f.Fuzz(func(t *testing.T, b []byte) {})
}
