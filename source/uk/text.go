package uk

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/embargo/embargo/entity"
)

// noteSet collects List.Notes once per distinct message.
type noteSet struct {
	seen map[string]bool
	list []string
}

func (n *noteSet) add(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if n.seen == nil {
		n.seen = map[string]bool{}
	}
	if n.seen[msg] {
		return
	}
	n.seen[msg] = true
	n.list = append(n.list, msg)
}

// clean trims white space, no-break spaces and the bidirectional marks that
// the lists leave around names (U+200E, U+200F, U+FEFF).
func clean(s string) string {
	if s == "" {
		return s
	}
	// Fast path: plain ASCII without surrounding space.
	if c0, c1 := s[0], s[len(s)-1]; c0 > ' ' && c0 < 0x80 && c1 > ' ' && c1 < 0x80 {
		return s
	}
	return strings.TrimFunc(s, isTrimRune)
}

func isTrimRune(r rune) bool {
	switch r {
	case '\u200e', '\u200f', '\ufeff', '\u200b', '\u00a0':
		return true
	}
	return unicode.IsSpace(r)
}

// collapse replaces runs of white space inside s by one space.
func collapse(s string) string {
	s = clean(s)
	prev := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		sp := c == ' ' || c == '\t' || c == '\n' || c == '\r'
		if sp && (prev || c != ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
		prev = sp
	}
	return s
}

// trimItem trims an item of a list: spaces and trailing separators.
func trimItem(s string) string {
	s = clean(s)
	s = strings.TrimRight(s, " .;,")
	s = clean(s)
	if s == "-" || s == "–" {
		return ""
	}
	return s
}

// splitNumbered splits the lists' numbered enumerations, "(1) Russia (2)
// Israel", into their items ("Russia", "Israel"). Markers must count up from
// (1), so that "+7 (843) 560-20-12" is not split; ranges "(1-3) Libya" and
// "(1) to (6) Algeria" give one item. Placeholder items ("-") come back empty
// so that parallel lists keep their positions. Text that is not numbered comes
// back as one item (or none when empty).
func splitNumbered(s string) []string {
	s = clean(s)
	if s == "" {
		return nil
	}
	if !strings.Contains(s, "(1") {
		return []string{trimItem(s)}
	}
	var out []string
	expected := 1
	start := -1
	pre := ""
	for i := 0; i < len(s); i++ {
		if s[i] != '(' {
			continue
		}
		a, b, end, ok := marker(s, i)
		if !ok || a != expected {
			continue
		}
		if start >= 0 {
			out = append(out, trimItem(s[start:i]))
		} else {
			pre = trimItem(s[:i])
		}
		if b > a {
			a = b
		}
		// "(1) to (6) Algeria": one item for a range of numbers. ("(1) - (2)
		// X" is a placeholder for item 1, not a range.)
		j := end
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if strings.HasPrefix(s[j:], "to ") {
			k := j + 3
			for k < len(s) && s[k] == ' ' {
				k++
			}
			if c, _, e2, ok := marker(s, k); ok && c > a {
				a, end = c, e2
			}
		}
		expected = a + 1
		start = end
		i = end - 1
	}
	if start < 0 {
		return []string{trimItem(s)}
	}
	out = append(out, trimItem(s[start:]))
	if pre != "" {
		// Text before "(1)" belongs to no item; keep it in front.
		out = append([]string{pre}, out...)
	}
	return out
}

// marker reads "(n)" or "(n-m)" at s[i]; end is the index after ')'.
func marker(s string, i int) (a, b, end int, ok bool) {
	j := i + 1
	a, j = digits(s, j)
	if a <= 0 {
		return 0, 0, 0, false
	}
	if j < len(s) && s[j] == '-' {
		b, j = digits(s, j+1)
		if b <= a {
			return 0, 0, 0, false
		}
	}
	if j >= len(s) || s[j] != ')' {
		return 0, 0, 0, false
	}
	return a, b, j + 1, true
}

func digits(s string, j int) (int, int) {
	n, k := 0, j
	for k < len(s) && s[k] >= '0' && s[k] <= '9' && k-j < 3 {
		n = n*10 + int(s[k]-'0')
		k++
	}
	if k == j {
		return -1, j
	}
	return n, k
}

// parseDate reads the lists' dates: dd/mm/yyyy with 00 (ConList) or dd/mm
// (FCDO) for unknown parts, mm/yyyy, yyyy, and anything entity.ParseDate
// reads. Raw keeps the text.
func parseDate(s string) (entity.Date, bool) {
	raw := clean(s)
	if raw == "" {
		return entity.Date{}, false
	}
	if d, ok := slashDate(raw); ok {
		d.Raw = raw
		return d, true
	}
	d, ok := entity.ParseDate(raw)
	if !ok || d.IsZero() {
		return entity.Date{Raw: raw}, false
	}
	return d, true
}

func slashDate(raw string) (entity.Date, bool) {
	var p [3]string
	n := 0
	rest := raw
	for {
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			break
		}
		if n == 2 {
			return entity.Date{}, false
		}
		p[n] = rest[:i]
		n++
		rest = rest[i+1:]
	}
	p[n] = rest
	n++
	var d entity.Date
	y, ok := entity.ParseYear(p[n-1])
	if !ok {
		return d, false
	}
	d.Year = y
	switch n {
	case 3:
		m, ok1 := part(p[1], 12, "mm")
		day, ok2 := part(p[0], 31, "dd")
		if !ok1 || !ok2 {
			return d, false
		}
		d.Month = m
		if m > 0 {
			d.Day = day
		}
	case 2:
		m, ok1 := part(p[0], 12, "mm")
		if !ok1 {
			return d, false
		}
		d.Month = m
	}
	return d, true
}

// part reads a day or month: 0 for "00", "" or the placeholder ("dd", "mm").
func part(s string, hi int, placeholder string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, placeholder) {
		return 0, true
	}
	if len(s) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > hi {
		return 0, false
	}
	return n, true
}

// isoDate renders a listing date in ISO 8601 ("" when it does not parse).
func isoDate(s string) string {
	d, ok := parseDate(s)
	if !ok || d.Year == 0 {
		return ""
	}
	return d.String()
}

// ukCountryAliases maps spellings found in the UK lists that entity.CountryCode
// does not know, in the folded form of fold.
var ukCountryAliases = map[string]string{
	"occupied palestinian territories": "ps",
	"palestinian territories":          "ps",
	"britain":                          "gb",
	"belrus":                           "by", // sic, ConList 2025
	"repubic of moldova":               "md", // sic
	"uzbekhistan":                      "uz", // sic
	"sundan":                           "sd", // sic
	"kyrgyzstan":                       "kg",
	"guinea-bissau":                    "gw",
	"bosnia-herzegovina":               "ba",
	"democratic republic of congo":     "cd",
	"republic of congo":                "cg",
	"st. kitts and nevis":              "kn",
	"st kitts and nevis":               "kn",
	"south ossetia":                    "ge",
	"abkhazia":                         "ge",
}

func fold(s string) string {
	return strings.ToLower(collapse(strings.Trim(clean(s), ".,;:")))
}

// countryCode maps one country name to its ISO code, trying the entity
// package first, then UK spellings, then the text without a parenthesised
// qualifier ("Iraq (previous address)").
func countryCode(s string) (string, bool) {
	s = clean(s)
	if s == "" {
		return "", false
	}
	if c, ok := countryCode1(s); ok {
		return c, true
	}
	if i := strings.IndexByte(s, '('); i > 0 {
		return countryCode1(s[:i])
	}
	return "", false
}

// retiredCodes replaces codes entity.CountryCode can return that are not
// current ISO 3166-1 codes: "UK" is only reserved (the lists mean the United
// Kingdom), and CLDR's names make "Panama" come back as PZ (the Panama Canal
// Zone).
var retiredCodes = map[string]string{
	"uk": "gb", "pz": "pa", "fx": "fr", "tp": "tl", "zr": "cd", "bu": "mm",
	"yu": "rs", "cs": "rs", "dd": "de", "su": "ru",
}

func countryCode1(s string) (string, bool) {
	if c, ok := entity.CountryCode(s); ok {
		if r, ok := retiredCodes[c]; ok {
			c = r
		}
		return c, true
	}
	if c, ok := ukCountryAliases[fold(s)]; ok {
		return c, true
	}
	// CLDR writes "Trinidad & Tobago", "Antigua & Barbuda"; the lists "and".
	if strings.Contains(s, " and ") {
		if c, ok := entity.CountryCode(strings.ReplaceAll(s, " and ", " & ")); ok {
			return c, true
		}
	}
	return "", false
}

// countries maps a field that may name several countries ("(1) Russia (2)
// Israel", "Germany. Russia", "Estonia, Russia") to ISO codes, returning the
// parts it could not map.
func countries(s string) (codes, unknown []string) {
	for _, item := range splitNumbered(s) {
		if item == "" {
			continue
		}
		if c, ok := countryCode(item); ok {
			codes = appendUnique(codes, c)
			continue
		}
		pieces := strings.FieldsFunc(item, func(r rune) bool { return r == ';' || r == ',' || r == '.' || r == '/' })
		if len(pieces) < 2 {
			unknown = append(unknown, item)
			continue
		}
		for _, p := range pieces {
			p = clean(p)
			if p == "" {
				continue
			}
			if c, ok := countryCode(p); ok {
				codes = appendUnique(codes, c)
			} else {
				unknown = append(unknown, p)
			}
		}
	}
	return codes, unknown
}

// leadingCountry finds a country named at the start of a free-text detail
// ("Pakistan issued on 12 Mar. 2008", "Iranian diplomatic passport",
// "(Libya)"), trying the longest prefix of up to five words.
func leadingCountry(s string) string {
	s = clean(s)
	if s == "" {
		return ""
	}
	if c, ok := countryCode(strings.Trim(s, "()")); ok && len(s) > 3 {
		return c
	}
	words := strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == ',' || r == '.' || r == '(' || r == ')' || r == ';' || r == ':'
	})
	if len(words) > 5 {
		words = words[:5]
	}
	for n := len(words); n >= 1; n-- {
		cand := strings.Join(words[:n], " ")
		if n == 1 && len(cand) <= 4 {
			switch cand {
			case "UK", "US", "USA", "UAE", "DPRK", "DRC":
			default:
				continue
			}
		}
		if c, ok := countryCode(cand); ok {
			return c
		}
	}
	return ""
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// scriptNames maps the lists' "Non-Latin Script Type" values (typos
// included) to ISO 15924 codes.
var scriptNames = map[string]string{
	"cyrillic": "Cyrl", "cryillic": "Cyrl", "cyrilic": "Cyrl", "cyrillc": "Cyrl", "cyrllic": "Cyrl",
	"russian": "Cyrl", "ukrainian": "Cyrl", "belarusian": "Cyrl", "bulgarian": "Cyrl",
	"arabic": "Arab", "persian": "Arab", "farsi": "Arab", "persian/farsi": "Arab", "urdu": "Arab", "pashto": "Arab", "dari": "Arab",
	"chinese": "Hani", "han": "Hani", "simplified chinese": "Hans", "traditional chinese": "Hant",
	"georgian": "Geor", "hebrew": "Hebr", "hangul": "Hang", "korean": "Hang", "thai": "Thai",
	"greek": "Grek", "burmese": "Mymr", "myanmar": "Mymr", "japanese": "Jpan", "armenian": "Armn",
	"latin": "Latn", "amharic": "Ethi", "ethiopic": "Ethi", "tigrinya": "Ethi", "devanagari": "Deva",
	"hindi": "Deva", "bengali": "Beng", "khmer": "Khmr", "mongolian": "Cyrl",
}

// langNames maps the lists' "Non-Latin Script Language" values to ISO 639-1.
// Country names used as languages ("Russia", "Ukraine") occur and map to the
// obvious language.
var langNames = map[string]string{
	"russian": "ru", "russia": "ru", "ukrainian": "uk", "ukraine": "uk", "belarusian": "be", "belarussian": "be",
	"arabic": "ar", "persian": "fa", "farsi": "fa", "persian/farsi": "fa", "dari": "prs", "pashto": "ps", "urdu": "ur",
	"chinese": "zh", "georgian": "ka", "hebrew": "he", "korean": "ko", "bulgarian": "bg", "turkish": "tr",
	"kazakh": "kk", "serbian": "sr", "spanish": "es", "thai": "th", "greek": "el", "bosnian": "bs",
	"japanese": "ja", "burmese": "my", "romanian": "ro", "moldovan": "ro", "romanian; moldavian; moldovan": "ro",
	"kyrgyz": "ky", "uzbek": "uz", "tajik": "tg", "armenian": "hy", "azerbaijani": "az", "mongolian": "mn",
	"amharic": "am", "tigrinya": "ti", "french": "fr", "english": "en", "german": "de", "hindi": "hi",
	"khmer": "km", "croatian": "hr", "macedonian": "mk", "somali": "so", "kurdish": "ku",
}

// scriptOf returns the ISO 15924 code of the script most letters of s are
// written in ("" when s has no letters).
func scriptOf(s string) string {
	var counts [16]int
	codes := [16]string{"Latn", "Cyrl", "Arab", "Hani", "Hang", "Jpan", "Hebr", "Grek", "Geor", "Armn", "Thai", "Mymr", "Ethi", "Deva", "Khmr", "Beng"}
	tables := [16]*unicode.RangeTable{unicode.Latin, unicode.Cyrillic, unicode.Arabic, unicode.Han, unicode.Hangul, nil, unicode.Hebrew, unicode.Greek, unicode.Georgian, unicode.Armenian, unicode.Thai, unicode.Myanmar, unicode.Ethiopic, unicode.Devanagari, unicode.Khmer, unicode.Bengali}
	kana := false
	for _, r := range s {
		if r < 0x80 {
			if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
				counts[0]++
			}
			continue
		}
		if unicode.In(r, unicode.Hiragana, unicode.Katakana) {
			kana = true
			counts[5]++
			continue
		}
		for i, t := range tables {
			if t != nil && unicode.Is(t, r) {
				counts[i]++
				break
			}
		}
	}
	if kana {
		counts[5] += counts[3]
		counts[3] = 0
	}
	best, bi := 0, -1
	for i, c := range counts {
		if c > best {
			best, bi = c, i
		}
	}
	if bi < 0 {
		return ""
	}
	return codes[bi]
}

// nonLatinName builds an extra name from a name in another script and the
// list's script type and language, detecting the script from the runes when
// the list gives none (or one we do not know, which is noted).
func nonLatinName(full, scriptType, language string, kind entity.NameKind, notes *noteSet) entity.Name {
	n := entity.Name{Full: collapse(full), Kind: kind}
	if st := strings.ToLower(clean(scriptType)); st != "" {
		if code, ok := scriptNames[st]; ok {
			n.Script = code
		} else {
			notes.add("unknown non-Latin script type %q: script detected from the text", clean(scriptType))
		}
	}
	if n.Script == "" {
		n.Script = scriptOf(n.Full)
	}
	if l := strings.ToLower(clean(language)); l != "" {
		if code, ok := langNames[l]; ok {
			n.Lang = code
		} else if l != "cyrillic" && l != "latin" {
			notes.add("unknown non-Latin script language %q: language left unset", clean(language))
		}
	}
	return n
}

// validUTF8 repairs invalid UTF-8 with U+FFFD, reporting whether it had to.
func validUTF8(s string) (string, bool) {
	if utf8.ValidString(s) {
		return s, true
	}
	return strings.ToValidUTF8(s, "\uFFFD"), false
}
