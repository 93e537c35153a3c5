// Package textutil holds the small text helpers that several list readers
// share: white space, ISO dates, joining parts and script detection.
package textutil

import "strings"

// ISODate returns the YYYY-MM-DD prefix of an ISO date or timestamp, or "".
func ISODate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return ""
	}
	for i, c := range s[:10] {
		if i == 4 || i == 7 {
			continue
		}
		if c < '0' || c > '9' {
			return ""
		}
	}
	return s[:10]
}

// Clean trims s and collapses every run of white space (lists wrap long
// values over indented lines) into one space.
func Clean(s string) string {
	if s == "" {
		return ""
	}
	return strings.Join(strings.Fields(s), " ")
}

// JoinNonEmpty joins the non-empty parts with sep.
func JoinNonEmpty(sep string, parts ...string) string {
	var b strings.Builder
	for _, s := range parts {
		if s == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(s)
	}
	return b.String()
}
