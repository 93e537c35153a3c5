package entity

import (
	"strconv"
	"strings"
	"unicode"
)

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// ParseDate reads a date the way sanctions lists write them:
//
//	1952-10-07, 1952-10, 1952            ISO, to any precision
//	07 Oct 1952, Oct 1952, 7 October 1952  OFAC style
//	07/10/1952, 00/10/1952, 07.10.1952   day first; 00 marks an unknown part
//	1960 to 1962, 1960-1962, between 1960 and 1962   year ranges
//	circa 1960, c. 1960, approximately 1960, ~1960   approximate
//
// ok is false when s holds no recognisable date; the text is kept in Raw
// either way.
func ParseDate(s string) (d Date, ok bool) {
	raw := strings.TrimSpace(s)
	d.Raw = raw
	t := strings.ToLower(raw)
	for _, p := range []string{"circa ", "circa", "approximately ", "approx. ", "approx ", "about ", "ca. ", "c. ", "c.", "~"} {
		if strings.HasPrefix(t, p) {
			d.Circa = true
			t = strings.TrimSpace(t[len(p):])
			break
		}
	}
	t = strings.TrimPrefix(t, "between ")
	for _, sep := range []string{" to ", " and ", " - ", "–", "/"} {
		if a, b, found := strings.Cut(t, sep); found {
			ya, oka := ParseYear(a)
			yb, okb := ParseYear(b)
			if oka && okb && yb >= ya {
				d.Year, d.ToYear = ya, yb
				if yb == ya {
					d.ToYear = 0
				}
				return d, true
			}
		}
	}
	// 1960-1962 (but not 1960-10)
	if len(t) == 9 && t[4] == '-' {
		ya, oka := ParseYear(t[:4])
		yb, okb := ParseYear(t[5:])
		if oka && okb && yb > ya {
			d.Year, d.ToYear = ya, yb
			return d, true
		}
	}
	if y, ok := ParseYear(t); ok {
		d.Year = y
		return d, true
	}
	// ISO
	if len(t) >= 7 && t[4] == '-' {
		parts := strings.Split(strings.SplitN(t, "t", 2)[0], "-")
		if y, ok := ParseYear(parts[0]); ok {
			d.Year = y
			if len(parts) > 1 {
				d.Month = atoiRange(parts[1], 1, 12)
			}
			if len(parts) > 2 && d.Month > 0 {
				d.Day = atoiRange(parts[2], 1, 31)
			}
			return d, true
		}
	}
	// dd/mm/yyyy or dd.mm.yyyy with 00 for unknown parts; mm/yyyy
	if f := strings.FieldsFunc(t, func(r rune) bool { return r == '/' || r == '.' }); len(f) == 2 {
		if y, ok := ParseYear(f[1]); ok && validPart(f[0], 12) {
			d.Year = y
			d.Month = atoiRange(f[0], 1, 12)
			return d, true
		}
	} else if len(f) == 3 {
		if y, ok := ParseYear(f[2]); ok {
			if !validPart(f[1], 12) || !validPart(f[0], 31) {
				return d, false
			}
			d.Year = y
			d.Month = atoiRange(f[1], 1, 12)
			if d.Month > 0 {
				d.Day = atoiRange(f[0], 1, 31)
			}
			return d, true
		}
		if y, ok := ParseYear(f[0]); ok { // yyyy.mm.dd
			d.Year = y
			d.Month = atoiRange(f[1], 1, 12)
			if d.Month > 0 {
				d.Day = atoiRange(f[2], 1, 31)
			}
			return d, true
		}
	}
	// 07 Oct 1952, Oct 1952, October 7, 1952
	f := strings.FieldsFunc(t, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '-' })
	var day, month, yr int
	for _, w := range f {
		if m, ok := monthNames[strings.TrimSuffix(w, ".")]; ok && month == 0 {
			month = m
			continue
		}
		if y, ok := ParseYear(w); ok && yr == 0 {
			yr = y
			continue
		}
		if n := atoiRange(w, 1, 31); n > 0 && day == 0 {
			day = n
			continue
		}
		return d, false
	}
	if yr == 0 {
		return d, false
	}
	d.Year, d.Month = yr, month
	if month > 0 {
		d.Day = day
	}
	return d, true
}

// ParseYear reads a four-digit year from 1800 to 2200, surrounding space
// allowed; ok is false for anything else.
func ParseYear(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 4 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1800 || n > 2200 {
		return 0, false
	}
	return n, true
}

func atoiRange(s string, lo, hi int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < lo || n > hi {
		return 0
	}
	return n
}

// validPart reports whether s is 0 (unknown) or a number in 1..hi.
func validPart(s string, hi int) bool {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return err == nil && n >= 0 && n <= hi
}
