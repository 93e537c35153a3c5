package names

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxRunes bounds the length of a name that is analysed; longer text is cut.
// Callers that take names from outside reject such input first.
const MaxRunes = 400

// TokenKind says what a token is.
type TokenKind uint8

const (
	Word     TokenKind = iota // an ordinary name word
	Initial                   // a single letter, standing for a word
	Number                    // digits: must agree exactly
	Title                     // an honorific or rank (Mr, Dr, Sheikh, Haji)
	Particle                  // a joining word (al, bin, de, van)
)

var kindNames = [...]string{"word", "initial", "number", "title", "particle"}

func (k TokenKind) String() string { return kindNames[k] }

// Role is a token's part in a person's name, when the list says.
type Role uint8

const (
	RoleUnknown Role = iota
	RoleGiven
	RoleFamily
	RoleMiddle
	RolePatronymic
)

// Token is one word of a name with its comparison keys.
type Token struct {
	Text  string    // the word folded to Latin (first rendering), for display
	Forms []string  // key forms (Respell of every Latin rendering), primary first
	Skel  string    // consonant skeleton of the primary key form
	Kind  TokenKind //
	Sym   uint32    // equivalence group, 0 for none
	Role  Role      //
	Abjad bool      // written in Arabic or Hebrew script (vowels unknown)
	// NoFuzzy: the word was transliterated from Chinese syllables, a closed
	// set where a one-letter difference is another name, not a typo.
	NoFuzzy bool
	Org     bool // a generic organisation word (Trading, Bank, Group)
	Word    int  // the index of the word it came from (see AnalyzeWords)
}

// Name is an analysed name.
type Name struct {
	Original  string
	Script    Script
	Tokens    []Token
	Legal     LegalForm // the organisation legal form, "" when none
	LegalText string    // the legal form as written
}

// Hint tells Analyze what kind of party the name belongs to.
type Hint uint8

const (
	HintUnknown Hint = iota
	HintPerson
	HintOrg   // organisations and companies: legal forms are recognised anywhere at the ends
	HintThing // vessels, aircraft: no reordering, no legal forms
)

// PartRole is a listed name part and the role its words play.
type PartRole struct {
	Text string
	Role Role
}

// Analyze splits a name into tokens with their keys. parts, when the list
// gives them, mark which words are given names and which the family name.
func Analyze(s string, hint Hint, parts ...PartRole) Name {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	if utf8.RuneCountInString(s) > MaxRunes {
		s = string([]rune(s)[:MaxRunes])
	}
	s = norm.NFC.String(strings.TrimSpace(s))
	n := Name{Original: s, Script: ScriptOf(s)}

	// "LAST, First Middle" → "First Middle LAST" for persons and unknowns.
	familyCount := 0
	if hint != HintOrg && hint != HintThing {
		if last, first, ok := strings.Cut(s, ","); ok && !strings.Contains(first, ",") {
			lw, fw := len(strings.Fields(last)), len(strings.Fields(first))
			if lw >= 1 && lw <= 4 && fw >= 1 && fw <= 5 && !hasLegalForm(first) && !hasLegalForm(last) {
				familyCount = len(splitWords(last))
				s = strings.TrimSpace(first) + " " + strings.TrimSpace(last)
			}
		}
	}

	words := splitWords(s)
	return analyze(n, words, hint, familyCount, parts)
}

// AnalyzeWords analyses a name given as words (as found in a text), and
// returns for every token the index of the word it came from. Words with
// hyphens are split; "LAST, First" is not reordered.
func AnalyzeWords(words []string, hint Hint) (Name, []int) {
	var split []string
	var origin []int
	for i, w := range words {
		if !utf8.ValidString(w) {
			w = strings.ToValidUTF8(w, " ")
		}
		for _, p := range splitWords(norm.NFC.String(w)) {
			split = append(split, p)
			origin = append(origin, i)
		}
	}
	s := strings.Join(split, " ")
	n := Name{Original: s, Script: ScriptOf(s)}
	n = analyze(n, split, hint, 0, nil)
	wordOf := make([]int, len(n.Tokens))
	for i, t := range n.Tokens {
		if t.Word >= 0 && t.Word < len(origin) {
			wordOf[i] = origin[t.Word]
		}
	}
	return n, wordOf
}

func analyze(n Name, words []string, hint Hint, familyCount int, parts []PartRole) Name {
	var family map[int]bool // indices into words of the family name
	if familyCount > 0 {
		family = map[int]bool{}
		for i := len(words) - familyCount; i < len(words); i++ {
			family[i] = true
		}
	} else if hint != HintOrg && hint != HintThing {
		// Lists write the family name in capitals in a mixed-case name
		// ("Vladimir Vladimirovich PUTIN", "Jin Yong JON").
		family = capitalisedFamily(words)
	}
	// Han characters in several space-separated words without any kana is
	// how Japanese names are written (河合 昭); Chinese names are written
	// without spaces.
	japaneseKanji := false
	if n.Script == Han || n.Script == Japanese {
		hanWords := 0
		for _, w := range words {
			if ScriptOf(w) == Han {
				hanWords++
			}
		}
		japaneseKanji = hanWords > 1 || n.Script == Japanese
	}
	type raw struct {
		forms []string // Latin renderings of this token
		abjad bool
		han   bool
		latin bool
		word  int // index into words
	}
	// Legal forms written in their own script (ООО, شرکت با مسئولیت محدود,
	// 有限公司, 株式会社) are found before transliteration.
	var nativeDrop map[int]bool
	var nativeTrim map[int]string
	if hint != HintPerson && hint != HintThing {
		var lf LegalForm
		var text string
		lf, text, nativeDrop, nativeTrim = nativeLegal(words, hint == HintOrg)
		if lf != "" {
			n.Legal, n.LegalText = lf, text
		}
	}
	var toks []raw
	for wi := 0; wi < len(words); wi++ {
		w := words[wi]
		if nativeDrop[wi] {
			continue
		}
		if t, ok := nativeTrim[wi]; ok {
			w = t
		}
		sc := ScriptOf(w)
		// "servant of" and its article-led name are one name in Arabic
		// (عبد الملك is Abdul Malik, عبد الله Abdullah), and so are the
		// compounds the lists write as one word (نذیر الله Nazirullah,
		// سراج الدين Sirajuddin, حسن زاده Hassanzadeh)
		joinedNext := false
		if sc == Arabic && wi+1 < len(words) && !nativeDrop[wi+1] &&
			((dropMarks(w, nil) == "عبد" && strings.HasPrefix(words[wi+1], "ال")) || arabicSuffixWord[dropMarks(words[wi+1], nil)]) {
			w += words[wi+1]
			joinedNext = true
		}
		alts := Latinize(w)
		if len(alts) == 0 {
			continue
		}
		// Renderings with the same number of words are zipped word by word;
		// others are dropped (the first wins).
		first := strings.Fields(alts[0])
		cols := make([][]string, len(first))
		for i, f := range first {
			cols[i] = []string{f}
		}
		for _, a := range alts[1:] {
			f := strings.Fields(a)
			if len(f) != len(first) {
				continue
			}
			for i := range f {
				cols[i] = appendNew(cols[i], f[i])
			}
		}
		if sc == Han && japaneseKanji {
			// kanji readings are not Chinese readings: keep the characters
			cols = [][]string{{Fold(w)}}
		}
		if (sc == Hangul || sc == Han) && len(cols) >= 2 && len(cols) <= 4 {
			if sc == Hangul {
				for _, r := range w {
					cols[0] = appendNew(cols[0], KoreanSurnameForms(r)...)
					break
				}
			}
			cols = [][]string{cols[0], joinColumns(cols[1:])}
		}
		for ci, c := range cols {
			abjad := (sc == Arabic || sc == Hebrew) && !arabicLatin[c[0]]
			word := wi
			if joinedNext && ci > 0 {
				word = wi + 1
			}
			toks = append(toks, raw{forms: c, abjad: abjad, han: sc == Han, latin: sc == Latin, word: word})
		}
		if joinedNext {
			wi++
		}
	}

	// Latin legal forms at either end (all of them for organisations,
	// unambiguous ones otherwise).
	texts := make([]string, len(toks))
	for i, t := range toks {
		texts[i] = t.forms[0]
	}
	drop := make([]bool, len(toks))
	if hint != HintPerson && hint != HintThing && len(toks) > 1 {
		legalOnce.Do(legalInit)
		strict := hint != HintOrg
		// at the end
		for end := len(toks); end > 1; {
			lf, k := matchLegal(texts[:end], strict, true)
			if k == 0 || end-k < 1 {
				break
			}
			if n.Legal == "" {
				n.Legal, n.LegalText = lf, strings.Join(texts[end-k:end], " ")
			}
			for j := end - k; j < end; j++ {
				drop[j] = true
			}
			end -= k
		}
		// at the start
		if lf, k := matchLegal(texts, strict, false); k > 0 && k < len(toks) {
			allDropped := true
			for j := k; j < len(toks); j++ {
				if !drop[j] {
					allDropped = false
				}
			}
			if !allDropped {
				if n.Legal == "" {
					n.Legal, n.LegalText = lf, strings.Join(texts[:k], " ")
				}
				for j := 0; j < k; j++ {
					drop[j] = true
				}
			}
		}
	}

	kept := 0
	for i, t := range toks {
		if drop[i] {
			continue
		}
		kept++
		_ = t
	}
	titleCount := 0
	for i, t := range toks {
		if !drop[i] && titles[t.forms[0]] {
			titleCount++
		}
	}
	allTitles := titleCount == kept

	for i, t := range toks {
		if drop[i] {
			continue
		}
		// split joined Arabic compounds: abdulrahman → abdul rahman
		if pre, rest, ok := splitAbd(t.forms[0]); ok && len(t.forms) == 1 {
			pt := makeToken(pre, []string{pre}, t.abjad, hint, false, len(toks))
			pt.Word = t.word
			n.Tokens = append(n.Tokens, pt)
			t.forms = []string{rest}
		}
		tok := makeToken(t.forms[0], t.forms, t.abjad, hint, allTitles, len(toks))
		tok.Word = t.word
		tok.NoFuzzy = t.han
		if tok.Kind == Initial && !t.latin {
			tok.Kind = Word // a one-letter syllable (오 O), not an initial
		}
		if tok.Kind == Particle && i == lastKept(drop) {
			tok.Kind = Word // "Aurora De": a surname, not a particle
			tok.Forms = []string{Respell(t.forms[0]), t.forms[0]}
			if tok.Forms[0] == tok.Forms[1] {
				tok.Forms = tok.Forms[:1]
			}
		}
		if family[t.word] {
			tok.Role = RoleFamily
		} else if tok.Kind == Word && isPatronymic(tok.Text) {
			tok.Role = RolePatronymic
		}
		n.Tokens = append(n.Tokens, tok)
	}
	if len(parts) > 0 {
		assignRoles(&n, parts)
	}
	if hint != HintOrg && hint != HintThing {
		patronymicFamily(&n)
	}
	return n
}

// patronymicFamily finds the family name of an East Slavic name by its
// patronymic when nothing else marked it: "Given Patronymic Family"
// (Вероника Валериевна Власова) or "Family Given Patronymic" (Власова
// Вероника Валериевна).
func patronymicFamily(n *Name) {
	var words []int
	for i := range n.Tokens {
		switch {
		case n.Tokens[i].Role == RoleFamily:
			return
		case n.Tokens[i].Kind == Word:
			words = append(words, i)
		}
	}
	if len(words) != 3 {
		return
	}
	switch {
	case n.Tokens[words[1]].Role == RolePatronymic:
		n.Tokens[words[2]].Role = RoleFamily
	case n.Tokens[words[2]].Role == RolePatronymic:
		n.Tokens[words[0]].Role = RoleFamily
	}
}

func makeToken(text string, forms []string, abjad bool, hint Hint, allTitles bool, ntoks int) Token {
	t := Token{Text: text, Abjad: abjad}
	for _, f := range forms {
		t.Forms = appendNew(t.Forms, Respell(f))
	}
	// the word as written, for typos that respelling would move apart
	// (lakahl / lakhal)
	if len(forms) > 0 && !abjad {
		t.Forms = appendNew(t.Forms, forms[0])
	}
	key := t.Forms[0]
	switch {
	case isDigits(text):
		t.Kind = Number
		t.Forms = []string{strings.TrimLeft(text, "0")}
		if t.Forms[0] == "" {
			t.Forms[0] = "0"
		}
	case utf8.RuneCountInString(text) == 1 && hint != HintOrg && hint != HintThing && ntoks > 1:
		t.Kind = Initial
	case !allTitles && titles[text]:
		t.Kind = Title
	case ntoks > 1 && particles[text]:
		t.Kind = Particle
		if eq, ok := particleEquiv[text]; ok {
			t.Forms = []string{eq}
		}
	}
	for _, f := range t.Forms {
		if s := Symbol(f); s != 0 {
			t.Sym = s
			break
		}
	}
	t.Skel = Skeleton(key)
	if f := t.Forms[0]; abjad && len(t.Skel) >= 3 && strings.HasSuffix(f, "h") && len(f) >= 2 && !strings.ContainsRune("sckgtzpd'", rune(f[len(f)-2])) {
		// Latin spellings drop a final h after a vowel (Salih → sali),
		// which the Arabic (صالح, salh) has after a consonant
		t.Skel = t.Skel[:len(t.Skel)-1]
	}
	t.Org = orgWords[key]
	return t
}

// arabicLatin are the renderings of Arabic words that are spelled as the
// lists spell them (particles, the "servant of" forms): they compare as
// Latin words, not as consonant skeletons.
var arabicLatin = set("ould", "bin", "ibn", "bint", "abu", "abi", "umm", "al", "allah", "abd", "abdul", "abdullah", "dhu", "dhi")

// splitAbd splits a joined "abd al-" compound: abdulrahman → abdul + rahman,
// abdurrahman → abdul + rahman, abdelkader → abdul + kader. Abdullah and
// other "servant of God" forms stay whole.
func splitAbd(w string) (string, string, bool) {
	if !strings.HasPrefix(w, "abd") || len(w) < 8 {
		return "", "", false
	}
	rest := w[3:]
	// the article: ul, al, el, ol, oul, u, ur (assimilated) …
	for _, art := range []string{"oul", "ul", "al", "el", "ol", "ou", "u", "i", "e", "a"} {
		if strings.HasPrefix(rest, art) {
			rest = rest[len(art):]
			break
		}
	}
	// assimilated article: abdurrahman, abdussalam, abdunnasir
	if len(rest) >= 2 && rest[0] == rest[1] && !isVowel(rest[0]) {
		rest = rest[1:]
	}
	switch {
	case len(rest) < 3:
		return "", "", false
	case strings.HasPrefix(rest, "lah") || strings.HasPrefix(rest, "llah") || strings.HasPrefix(rest, "la") && len(rest) <= 3:
		return "", "", false
	}
	return "abdul", rest, true
}

func assignRoles(n *Name, parts []PartRole) {
	for _, p := range parts {
		for _, w := range strings.Fields(Fold(p.Text)) {
			for i := range n.Tokens {
				if n.Tokens[i].Text == w && n.Tokens[i].Role == RoleUnknown {
					n.Tokens[i].Role = p.Role
					break
				}
			}
		}
	}
}

// matchLegal finds the longest legal form at the end (atEnd) or start of
// words. strict limits it to forms that cannot be ordinary name words.
func matchLegal(words []string, strict, atEnd bool) (LegalForm, int) {
	for k := min(legalMaxWords, len(words)); k >= 1; k-- {
		var seg []string
		if atEnd {
			seg = words[len(words)-k:]
		} else {
			seg = words[:k]
		}
		key := strings.Join(seg, " ")
		lf, ok := legalForms[key]
		if !ok {
			continue
		}
		if strict && k == 1 && ambiguousLegal[key] {
			continue
		}
		return lf, k
	}
	return "", 0
}

// ambiguousLegal are one-word legal forms that are also common name words
// or initials; they count as legal forms only in organisation names.
var ambiguousLegal = set("sa", "as", "ad", "ab", "pt", "co", "kk", "dd", "oy", "ag", "ao", "nv", "bv",
	"est", "company", "limited", "corporation", "xk", "sas", "sci", "kg", "lp", "sal", "sae", "psc",
	"bsc", "qsc", "spa", "sia", "too", "tov", "doo", "ood", "sti", "pjs", "spc", "b", "ltda", "pvt", "pte", "pty")

func hasLegalForm(s string) bool {
	legalOnce.Do(legalInit)
	w := strings.Fields(Fold(s))
	if len(w) == 0 {
		return false
	}
	if _, k := matchLegal(w, true, true); k > 0 {
		return true
	}
	nativeOnce.Do(nativeInit)
	_, ok := nativeForms[strings.Join(w, " ")]
	return ok
}

// splitWords splits on spaces and punctuation, keeping apostrophes inside
// words and Han/kana runs whole.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		if isApostrophe(r) {
			return false
		}
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r))
	})
}

func appendNew(list []string, vals ...string) []string {
	for _, v := range vals {
		dup := false
		for _, x := range list {
			if x == v {
				dup = true
				break
			}
		}
		if !dup && v != "" {
			list = append(list, v)
		}
	}
	return list
}

// joinColumns joins per-syllable renderings into whole words, one per
// romanisation scheme: [[song][jin chin]] → [songjin songchin].
func joinColumns(cols [][]string) []string {
	n := 0
	for _, c := range cols {
		n = max(n, len(c))
	}
	var out []string
	for k := 0; k < n; k++ {
		var b strings.Builder
		for _, c := range cols {
			b.WriteString(c[min(k, len(c)-1)])
		}
		out = appendNew(out, b.String())
	}
	return out
}

func lastKept(drop []bool) int {
	for i := len(drop) - 1; i >= 0; i-- {
		if !drop[i] {
			return i
		}
	}
	return -1
}

// capitalisedFamily returns the indices of the words written in capitals
// when the name also has words in mixed or lower case; nil otherwise.
func capitalisedFamily(words []string) map[int]bool {
	var caps []int
	mixed := false
	for i, w := range words {
		letters, upper := 0, 0
		for _, r := range w {
			if unicode.IsLetter(r) {
				letters++
				if unicode.IsUpper(r) {
					upper++
				}
			}
		}
		switch {
		case letters >= 2 && upper == letters:
			caps = append(caps, i)
		case letters >= 2 && upper < letters:
			mixed = true
		}
	}
	if !mixed || len(caps) == 0 || len(caps) > 2 {
		return nil
	}
	m := map[int]bool{}
	for _, i := range caps {
		m[i] = true
	}
	return m
}

var (
	nativeOnce     sync.Once
	nativeForms    map[string]LegalForm
	nativeMaxWords int
)

func nativeInit() {
	nativeForms = map[string]LegalForm{}
	for k, v := range legalFormsNative {
		f := Fold(k)
		nativeForms[f] = v
		nativeMaxWords = max(nativeMaxWords, strings.Count(f, " ")+1)
	}
}

// nativeLegal finds legal forms written in their own script: a single
// Cyrillic abbreviation anywhere (only as the name's first or last word
// unless org), a phrase at either end, or a CJK suffix or prefix inside a
// word. It returns the form, its text, the words to drop and the words to
// replace by their remainder.
func nativeLegal(words []string, org bool) (LegalForm, string, map[int]bool, map[int]string) {
	nativeOnce.Do(nativeInit)
	var lf LegalForm
	var text string
	drop := map[int]bool{}
	trim := map[int]string{}
	folded := make([]string, len(words))
	for i, w := range words {
		folded[i] = Fold(w)
	}
	kept := func() int { return len(words) - len(drop) }
	// phrases at the end, then at the start
	for _, atEnd := range []bool{true, false} {
		for k := min(nativeMaxWords, len(words)-1); k >= 1; k-- {
			lo, hi := 0, k
			if atEnd {
				lo, hi = len(words)-k, len(words)
			}
			seg := strings.Join(folded[lo:hi], " ")
			f, ok := nativeForms[seg]
			if !ok || ScriptOf(seg) == Latin {
				continue
			}
			overlap := false
			for j := lo; j < hi; j++ {
				overlap = overlap || drop[j]
			}
			if overlap || kept()-k < 1 {
				continue
			}
			for j := lo; j < hi; j++ {
				drop[j] = true
			}
			if lf == "" {
				lf, text = f, strings.Join(words[lo:hi], " ")
			}
			break
		}
	}
	// single Cyrillic abbreviations anywhere in an organisation's name
	if org {
		for i, w := range folded {
			if f, ok := nativeForms[w]; ok && !drop[i] && ScriptOf(w) == Cyrillic && kept() > 1 {
				drop[i] = true
				if lf == "" {
					lf, text = f, words[i]
				}
			}
		}
	}
	// CJK forms inside a word
	for i, w := range words {
		if drop[i] {
			continue
		}
		sc := ScriptOf(w)
		if sc != Han && sc != Japanese && sc != Hangul {
			continue
		}
		for _, x := range legalSuffixesCJK {
			var rest string
			switch {
			case strings.HasSuffix(w, x.s):
				rest = strings.TrimSuffix(w, x.s)
			case strings.HasPrefix(w, x.s):
				rest = strings.TrimPrefix(w, x.s)
			default:
				continue
			}
			if rest == "" {
				if kept() > 1 {
					drop[i] = true
				} else {
					continue
				}
			} else {
				trim[i] = rest
			}
			if lf == "" {
				lf, text = x.lf, x.s
			}
			break
		}
	}
	return lf, text, drop, trim
}

// isPatronymic recognises Slavic and Turkic patronymics by their endings.
func isPatronymic(w string) bool {
	if len(w) < 6 {
		return false
	}
	for _, suf := range []string{"ovich", "evich", "ovna", "evna", "ovitch", "evitch", "ovych", "evych", "ivna", "ichna",
		"ovitj", "ievich", "yevich", "ogly", "oglu", "kyzy", "qizi", "ovic", "evic", "owitsch", "ewitsch", "ovicz"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}
