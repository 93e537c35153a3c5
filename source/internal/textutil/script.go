package textutil

import "unicode"

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

// DetectScript returns the ISO 15924 code of the script most letters of s
// are written in: "Jpan" when kana occur, "Kore" for Hangul mixed with Han,
// "Hani" for Han alone; "" when s has no letters.
func DetectScript(s string) string {
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
