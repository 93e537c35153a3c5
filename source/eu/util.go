package eu

import (
	"bytes"
	"encoding/xml"
	"strings"
	"unicode"
)

// rootElement returns the local name and namespace of the first element in
// head, skipping a BOM, the XML declaration, comments and doctype.
func rootElement(head []byte) (local, space string) {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) == 0 || head[0] != '<' {
		return "", ""
	}
	d := xml.NewDecoder(bytes.NewReader(head))
	d.Strict = false
	for i := 0; i < 64; i++ {
		tok, err := d.RawToken()
		if err != nil {
			return "", ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Space == "" && a.Name.Local == "xmlns" && se.Name.Space == "" {
					space = a.Value
				}
				if a.Name.Space == "xmlns" && a.Name.Local == se.Name.Space {
					space = a.Value
				}
			}
			return se.Name.Local, space
		}
	}
	return "", ""
}

// isoDate returns the YYYY-MM-DD prefix of an ISO date or timestamp, or "".
func isoDate(s string) string {
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

// clean trims s and collapses runs of white space into one space.
func clean(s string) string {
	if s == "" {
		return ""
	}
	return strings.Join(strings.Fields(s), " ")
}

func joinNonEmpty(sep string, parts ...string) string {
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

// splitEnumeration splits "(a) X, (b) Y" and "a) X b) Y" into X and Y
// (trailing commas and semicolons dropped); other text comes back as it is.
func splitEnumeration(s string) []string {
	s = clean(s)
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

// scripts maps Unicode scripts to ISO 15924 codes, in tie-break order.
var scripts = [...]struct {
	code  string
	table *unicode.RangeTable
}{
	{"Latn", unicode.Latin},
	{"Arab", unicode.Arabic},
	{"Cyrl", unicode.Cyrillic},
	{"Grek", unicode.Greek},
	{"Hebr", unicode.Hebrew},
	{"Hani", unicode.Han},
	{"Hang", unicode.Hangul},
	{"Hira", unicode.Hiragana},
	{"Kana", unicode.Katakana},
	{"Thai", unicode.Thai},
	{"Deva", unicode.Devanagari},
	{"Beng", unicode.Bengali},
	{"Taml", unicode.Tamil},
	{"Geor", unicode.Georgian},
	{"Armn", unicode.Armenian},
	{"Ethi", unicode.Ethiopic},
	{"Mymr", unicode.Myanmar},
	{"Khmr", unicode.Khmer},
	{"Sinh", unicode.Sinhala},
	{"Tibt", unicode.Tibetan},
	{"Mong", unicode.Mongolian},
	{"Syrc", unicode.Syriac},
	{"Thaa", unicode.Thaana},
	{"Laoo", unicode.Lao},
	{"Guru", unicode.Gurmukhi},
	{"Gujr", unicode.Gujarati},
}

// detectScript returns the ISO 15924 code of the script most letters of s
// are written in: "Jpan" when kana occur, "Kore" for Hangul mixed with Han,
// "Hani" for Han alone; "" when s has no letters.
func detectScript(s string) string {
	var counts [len(scripts)]int
	total := 0
	for _, r := range s {
		if r < 0x80 {
			if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
				counts[0]++
				total++
			}
			continue
		}
		if !unicode.IsLetter(r) {
			continue
		}
		total++
		for i, sc := range scripts {
			if unicode.Is(sc.table, r) {
				counts[i]++
				break
			}
		}
	}
	if total == 0 {
		return ""
	}
	const han, hang, hira, kana = 5, 6, 7, 8
	switch {
	case counts[hira] > 0 || counts[kana] > 0:
		return "Jpan"
	case counts[hang] > 0 && counts[han] > 0:
		return "Kore"
	}
	best := -1
	for i, c := range counts {
		if c > 0 && (best < 0 || c > counts[best]) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return scripts[best].code
}
