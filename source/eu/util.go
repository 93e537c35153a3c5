package eu

import (
	"strings"

	"github.com/embargo/embargo/source/internal/textutil"
)

// splitEnumeration splits "(a) X, (b) Y" and "a) X b) Y" into X and Y
// (trailing commas and semicolons dropped); other text comes back as it is.
func splitEnumeration(s string) []string {
	s = textutil.Clean(s)
	if s == "" {
		return nil
	}
	words := strings.Fields(s)
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			if x := strings.Trim(strings.Join(cur, " "), " ,;"); x != "" {
				out = append(out, x)
			}
			cur = cur[:0]
		}
	}
	split := false
	for i, w := range words {
		if isEnumMarker(w) && (i == 0 || len(cur) > 0) {
			flush()
			split = true
			continue
		}
		cur = append(cur, w)
	}
	flush()
	if !split {
		return []string{s}
	}
	return out
}

func isEnumMarker(w string) bool {
	w = strings.TrimPrefix(w, "(")
	return len(w) == 2 && w[1] == ')' && w[0] >= 'a' && w[0] <= 'h'
}
