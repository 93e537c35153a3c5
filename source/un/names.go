package un

import (
	"strings"
	"unicode"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/source/internal/textutil"
)

// isHonorific reports whether a TITLE value is a short honorific or rank
// ("Mullah", "Haji", "Dr.", "Major General") rather than a position
// ("Former Head of State Central African Republic").
func isHonorific(t string) bool {
	words := strings.Fields(t)
	if len(words) == 0 || len(words) > 3 {
		return false
	}
	if strings.ContainsAny(t, "0123456789(),;:") {
		return false
	}
	for _, w := range words {
		switch strings.ToLower(w) {
		case "of", "the", "for", "and", "in", "under", "de", "du", "des":
			return false
		}
	}
	return true
}

// splitEnumeration splits "a) X b) Y" (also "(a) X (b) Y") into X and Y; text
// without such markers comes back as it is.
func splitEnumeration(s string) []string {
	words := strings.Fields(s)
	var out []string
	var cur []string
	split := false
	for i, w := range words {
		if isEnumMarker(w) && (i == 0 || len(cur) > 0) {
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, " "))
				cur = cur[:0]
			}
			split = true
			continue
		}
		cur = append(cur, w)
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, " "))
	}
	if !split {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	return out
}

func isEnumMarker(w string) bool {
	w = strings.TrimPrefix(w, "(")
	return len(w) == 2 && w[1] == ')' && w[0] >= 'a' && w[0] <= 'h'
}

// splitAliasName returns the names packed into one ALIAS_NAME:
//
//	"Qasim Soleimani; Qasem Sulaimani"         → both
//	"حسن غول (Hassan Ghul; Hassan Gul)"         → the Arabic name and both Latin ones
//	"Akhter Mohmad (اختر محمد ),"              → the Latin and the Arabic name
//	"Mohammad Sabet b) M. Javad Kareemi Sabet" → both
//
// A marker "(original script)" is dropped. Parentheses that hold anything
// else ("Hilarion Santos, III (third)") are kept as part of the name.
func splitAliasName(s string) []string {
	s = textutil.Clean(removeFold(s, "(original script)"))
	if s == "" {
		return nil
	}
	var out []string
	add := func(x string) {
		x = tidyName(x)
		if x == "" {
			return
		}
		for _, y := range out {
			if y == x {
				return
			}
		}
		out = append(out, x)
	}
	if head, inner, tail, ok := packedGroup(s); ok {
		add(strings.TrimSpace(head + " " + tail))
		for _, part := range splitTop(stripMarker(inner), ';') {
			for _, x := range splitAliasName(part) {
				add(x)
			}
		}
		return out
	}
	for _, part := range splitTop(s, ';') {
		for _, x := range splitEnumeration(strings.TrimSpace(part)) {
			add(x)
		}
	}
	return out
}

// packedGroup finds the first top-level parenthesised group of s that packs
// further names: one holding a top-level ";" or written in another script
// than the text around it. It returns the text before it, its content and
// the text after it.
func packedGroup(s string) (head, inner, tail string, ok bool) {
	depth, start := 0, -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			if depth == 0 {
				start = i
			}
			depth++
		case ')':
			if depth == 0 {
				continue
			}
			depth--
			if depth > 0 {
				continue
			}
			in := s[start+1 : i]
			outside := s[:start] + " " + s[i+1:]
			if strings.Contains(topLevel(in), ";") || differentScript(in, outside) || hasMarkerPrefix(in) {
				return strings.TrimSpace(s[:start]), in, strings.TrimSpace(s[i+1:]), true
			}
		}
	}
	return "", "", "", false
}

// topLevel returns s with every parenthesised part removed.
func topLevel(s string) string {
	if !strings.ContainsRune(s, '(') {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// splitTop splits s on sep outside parentheses.
func splitTop(s string, sep byte) []string {
	var out []string
	depth, last := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case sep:
			if depth == 0 {
				out = append(out, s[last:i])
				last = i + 1
			}
		}
	}
	return append(out, s[last:])
}

func differentScript(a, b string) bool {
	sa, sb := textutil.DetectScript(a), textutil.DetectScript(b)
	return sa != "" && sb != "" && sa != sb
}

// removeFold removes every occurrence of the ASCII marker m from s,
// ignoring case.
func removeFold(s, m string) string {
	for {
		i := strings.Index(strings.ToLower(s), m)
		if i < 0 {
			return s
		}
		s = s[:i] + s[i+len(m):]
	}
}

// tidyName trims separators and quotes.
func tidyName(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Trim(s, ",;: \"“”")
	s = strings.TrimPrefix(s, ")")
	s = strings.TrimSuffix(s, "(")
	s = strings.TrimSpace(s)
	if !hasLetter(s) {
		return ""
	}
	return textutil.Clean(s)
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// hasMarkerPrefix reports whether s starts with a script marker.
func hasMarkerPrefix(s string) bool {
	return stripMarker(s) != s
}

// stripMarker removes a leading "original script:"-style marker.
func stripMarker(s string) string {
	t := strings.TrimSpace(s)
	l := strings.ToLower(t)
	for _, m := range scriptMarkers {
		if strings.HasPrefix(l, m) {
			return t[len(m):]
		}
	}
	return s
}

// scriptMarkers introduce a name in another script inside an alias NOTE.
var scriptMarkers = []string{"original script:", "in arabic script:", "arabic script:", "in arabic:"}

// noteNames reads further names from an alias NOTE: the text after
// "original script:" / "in Arabic:" markers, or a plain list of names
// separated by ";" ("Yunis al-Mauritani; Younis al-Mauritani"). consumed
// reports whether the note holds nothing but those names.
func noteNames(note string) (names []string, consumed bool) {
	lower := strings.ToLower(note)
	for _, m := range scriptMarkers {
		i := strings.Index(lower, m)
		if i < 0 {
			continue
		}
		rest := note[i+len(m):]
		for _, n := range splitAliasName(rest) {
			names = append(names, n)
		}
		return names, strings.TrimSpace(note[:i]) == "" && len(names) > 0
	}
	if !strings.Contains(note, ";") || strings.ContainsAny(note, "0123456789():") {
		return nil, false
	}
	parts := strings.Split(note, ";")
	for _, p := range parts {
		p = tidyName(p)
		n := len(strings.Fields(p))
		if n == 0 || n > 6 {
			return nil, false
		}
		names = append(names, p)
	}
	return names, true
}

// placeholders are country values that carry no information.
var placeholders = map[string]bool{
	"": true, "na": true, "n/a": true, "n.a": true, "n.a.": true, "unknown": true, "none": true, "-": true,
}

// localCountries are UN spellings entity.CountryCode does not know.
var localCountries = map[string]string{
	"china, hong kong special administrative region":   "hk",
	"hong kong special administrative region of china": "hk",
	"china, macao special administrative region":       "mo",
	"macao special administrative region of china":     "mo",
}

// countryCode maps a UN country name to a lower-case ISO code. placeholder
// is true for values that mean "no information" ("na" — which
// entity.CountryCode would read as Namibia).
func countryCode(s string) (code string, placeholder bool) {
	s = textutil.Clean(s)
	f := strings.ToLower(s)
	if placeholders[f] {
		return "", true
	}
	if c, ok := localCountries[f]; ok {
		return c, false
	}
	if c, ok := entity.CountryCode(s); ok {
		return c, false
	}
	// "former Soviet Union": entity maps the Soviet Union to ru.
	if rest, ok := strings.CutPrefix(f, "former "); ok {
		if c, ok := entity.CountryCode(rest); ok {
			return c, false
		}
	}
	// CLDR writes "Trinidad & Tobago", "Antigua & Barbuda".
	if strings.Contains(f, " and ") {
		if c, ok := entity.CountryCode(strings.ReplaceAll(f, " and ", " ")); ok {
			return c, false
		}
	}
	return "", false
}
