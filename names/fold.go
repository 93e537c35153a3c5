package names

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Script is the writing system of a name, as an ISO 15924 code.
type Script string

// Scripts embargo distinguishes.
const (
	Latin    Script = "Latn"
	Cyrillic Script = "Cyrl"
	Greek    Script = "Grek"
	Arabic   Script = "Arab"
	Hebrew   Script = "Hebr"
	Han      Script = "Hani"
	Japanese Script = "Jpan" // kana, possibly mixed with Han
	Hangul   Script = "Hang"
	Armenian Script = "Armn"
	Georgian Script = "Geor"
	Thai     Script = "Thai"
	Deva     Script = "Deva"
	Other    Script = "Zyyy"
)

// ScriptOf returns the dominant script of the letters in s; Latin when s has
// no letters at all. Kana anywhere makes the text Japanese.
func ScriptOf(s string) Script {
	counts := map[Script]int{}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		counts[scriptOfRune(r)]++
	}
	if counts[Japanese] > 0 {
		return Japanese
	}
	best, n := Latin, 0
	for sc, c := range counts {
		if c > n || (c == n && sc < best) {
			best, n = sc, c
		}
	}
	return best
}

func scriptOfRune(r rune) Script {
	switch {
	case r < 0x250:
		return Latin
	case unicode.Is(unicode.Cyrillic, r):
		return Cyrillic
	case unicode.Is(unicode.Greek, r):
		return Greek
	case unicode.Is(unicode.Arabic, r):
		return Arabic
	case unicode.Is(unicode.Hebrew, r):
		return Hebrew
	case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
		return Japanese
	case unicode.Is(unicode.Han, r):
		return Han
	case unicode.Is(unicode.Hangul, r):
		return Hangul
	case unicode.Is(unicode.Armenian, r):
		return Armenian
	case unicode.Is(unicode.Georgian, r):
		return Georgian
	case unicode.Is(unicode.Thai, r):
		return Thai
	case unicode.Is(unicode.Devanagari, r):
		return Deva
	case unicode.Is(unicode.Latin, r):
		return Latin
	}
	return Other
}

// latinSpecial expands Latin letters that NFKD does not decompose.
var latinSpecial = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'œ': "oe", 'Œ': "oe",
	'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'ı': "i", 'þ': "th", 'Þ': "th",
	'ð': "d", 'Ð': "d", 'ħ': "h", 'Ħ': "h", 'ŀ': "l", 'ŉ': "n", 'ŋ': "ng",
	'ſ': "s", 'ƒ': "f", 'ə': "a", 'Ə': "a", 'ɨ': "i", 'ʼ': "", 'ʻ': "", 'ʿ': "", 'ʾ': "",
}

// apostrophes are removed inside words (O'Brien → obrien, Ba'asyir → baasyir).
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', '`', '´', 'ʼ', 'ʻ', 'ʿ', 'ʾ', '′':
		return true
	}
	return false
}

// Fold normalises s for comparison: invalid UTF-8 is replaced, compatibility
// forms are decomposed (NFKD), combining marks dropped, letters lower-cased
// and special Latin letters expanded; apostrophes vanish; every other
// non-letter, non-digit becomes a single space. Scripts are kept: Fold does
// not transliterate.
func Fold(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || r == '\u0640': // marks, Arabic tatweel
			continue
		case isApostrophe(r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if rep, ok := latinSpecial[r]; ok {
				b.WriteString(rep)
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// IsLatin reports whether every letter of s is in the Latin script.
func IsLatin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && scriptOfRune(r) != Latin {
			return false
		}
	}
	return true
}
