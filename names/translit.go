package names

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
	"github.com/mozillazg/go-unidecode"
	"golang.org/x/text/unicode/norm"
)

// Latinize returns the Latin renderings of one word written in a non-Latin
// script, folded (lower case, no marks), most common first and without
// repeats. A Latin word comes back folded as the only rendering. Words in
// scripts without a table go through a generic transliteration.
func Latinize(word string) []string {
	word = norm.NFKC.String(word) // also Arabic presentation forms, full-width letters, ligatures
	switch ScriptOf(word) {
	case Latin:
		return nonEmpty(Fold(word))
	case Cyrillic:
		return cyrillic(word)
	case Greek:
		return greek(word)
	case Arabic:
		return arabic(word)
	case Hebrew:
		return hebrew(word)
	case Hangul:
		return hangul(word)
	case Japanese:
		return kana(word)
	case Han:
		return han(word)
	}
	return nonEmpty(Fold(unidecode.Unidecode(word)))
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		dup := false
		for _, o := range out {
			if o == s {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

// dropMarks removes combining marks after canonical decomposition and
// recomposes; keep is consulted for marks that belong to a letter (the
// Cyrillic breve of й, the diaeresis of ё and ї).
func dropMarks(s string, keep func(base, mark rune) bool) string {
	d := []rune(norm.NFD.String(s))
	out := make([]rune, 0, len(d))
	for i, r := range d {
		if unicode.Is(unicode.Mn, r) {
			if keep != nil && i > 0 && keep(d[i-1], r) {
				out = append(out, r)
			}
			continue
		}
		out = append(out, r)
	}
	return norm.NFC.String(string(out))
}

// ---- Cyrillic ----

// cyrScheme maps lower-case Cyrillic letters to Latin. Letters missing from
// a scheme fall back to the BGN/PCGN value.
type cyrScheme struct {
	m map[rune]string
	// yeInitial: е is "ye" at the start of a word and after vowels, ъ, ь
	// (BGN/PCGN); ё likewise "yo"/"ye".
	yeInitial bool
}

var cyrBGN = cyrScheme{yeInitial: true, m: map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh",
	'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	// Ukrainian, Belarusian, Serbian, Macedonian, Kazakh and other letters
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "w", 'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj",
	'ћ': "c", 'џ': "dz", 'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz", 'ә': "a", 'ғ': "gh", 'қ': "q", 'ң': "ng",
	'ө': "o", 'ұ': "u", 'ү': "u", 'һ': "h", 'ҳ': "h", 'ҷ': "j", 'ӣ': "i", 'ӯ': "u", 'ҫ': "s",
}}

// ICAO Doc 9303 (passports since 2013): Iurii, Aleksei, Zhukov.
var cyrICAO = cyrScheme{m: map[rune]string{
	'е': "e", 'ё': "e", 'й': "i", 'х': "kh", 'ц': "ts", 'ъ': "ie", 'ы': "y", 'ю': "iu", 'я': "ia",
	'і': "i", 'ї': "i", 'є': "ie", 'г': "g",
}}

// ISO 9 / scientific, with the diacritics folded: Jurij, Aleksej, Zukov → "z".
var cyrISO = cyrScheme{m: map[rune]string{
	'ж': "z", 'й': "j", 'х': "h", 'ц': "c", 'ч': "c", 'ш': "s", 'щ': "sc", 'ъ': "", 'ы': "y",
	'ь': "", 'ю': "ju", 'я': "ja", 'ё': "e", 'э': "e", 'є': "je", 'ї': "ji",
}}

// German-style: Wladimir, Jurij, Schukow, Tschernow.
var cyrDE = cyrScheme{m: map[rune]string{
	'в': "w", 'ж': "sch", 'з': "s", 'й': "j", 'х': "ch", 'ц': "z", 'ч': "tsch", 'ш': "sch",
	'щ': "schtsch", 'ы': "y", 'ю': "ju", 'я': "ja", 'е': "e", 'ё': "jo", 'э': "e", 'с': "s",
}}

// French-style: Poutine, Iouri, Jirinovski.
var cyrFR = cyrScheme{m: map[rune]string{
	'у': "ou", 'ж': "j", 'й': "i", 'х': "kh", 'ц': "ts", 'ч': "tch", 'ш': "ch", 'щ': "chtch",
	'ю': "iou", 'я': "ia", 'ы': "y", 'е': "e", 'ё': "io",
}}

// Ukrainian official (2010): г = h, и = y, і = i.
var cyrUK = cyrScheme{m: map[rune]string{
	'г': "h", 'и': "y", 'і': "i", 'ї': "i", 'є': "ie", 'й': "i", 'ю': "iu", 'я': "ia", 'х': "kh",
	'ц': "ts", 'щ': "shch",
}}

func isCyrVowel(r rune) bool { return strings.ContainsRune("аеёиоуыэюяіїєъь", r) }

func (s cyrScheme) render(word []rune) string {
	var b strings.Builder
	for i, r := range word {
		if s.yeInitial && (r == 'е' || r == 'ё') && (i == 0 || isCyrVowel(word[i-1])) {
			b.WriteString("ye")
			continue
		}
		if v, ok := s.m[r]; ok {
			b.WriteString(v)
		} else if v, ok := cyrBGN.m[r]; ok {
			b.WriteString(v)
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteString(Fold(string(r)))
		}
	}
	return b.String()
}

func cyrillic(word string) []string {
	w := strings.ToLower(dropMarks(word, func(base, mark rune) bool {
		// keep the breve of й/ў and the diaeresis of ё/ї
		return mark == '\u0306' || (mark == '\u0308' && (base == 'е' || base == 'Е' || base == 'і' || base == 'І'))
	}))
	rs := []rune(w)
	ukr := false
	for _, r := range rs {
		if r == 'і' || r == 'ї' || r == 'є' || r == 'ґ' {
			ukr = true
		}
	}
	out := nonEmpty(cyrBGN.render(rs), cyrICAO.render(rs), cyrISO.render(rs), cyrDE.render(rs), cyrFR.render(rs))
	if ukr {
		out = nonEmpty(append([]string{cyrUK.render(rs)}, out...)...)
	}
	return out
}

// ---- Greek ----

var greekDigraphs = []struct{ g, a, b string }{
	{"ου", "ou", "u"}, {"αι", "ai", "e"}, {"ει", "ei", "i"}, {"οι", "oi", "i"}, {"υι", "yi", "i"},
	{"αυ", "av", "af"}, {"ευ", "ev", "ef"}, {"ηυ", "iv", "if"}, {"μπ", "b", "mp"}, {"ντ", "d", "nt"},
	{"γκ", "g", "gk"}, {"γγ", "ng", "gg"}, {"γχ", "nch", "nkh"}, {"τσ", "ts", "ts"}, {"τζ", "tz", "dz"},
}

var greekLetters = map[rune][2]string{
	'α': {"a", "a"}, 'β': {"v", "b"}, 'γ': {"g", "gh"}, 'δ': {"d", "dh"}, 'ε': {"e", "e"}, 'ζ': {"z", "z"},
	'η': {"i", "e"}, 'θ': {"th", "th"}, 'ι': {"i", "i"}, 'κ': {"k", "k"}, 'λ': {"l", "l"}, 'μ': {"m", "m"},
	'ν': {"n", "n"}, 'ξ': {"x", "ks"}, 'ο': {"o", "o"}, 'π': {"p", "p"}, 'ρ': {"r", "r"}, 'σ': {"s", "s"},
	'ς': {"s", "s"}, 'τ': {"t", "t"}, 'υ': {"y", "i"}, 'φ': {"f", "ph"}, 'χ': {"ch", "kh"}, 'ψ': {"ps", "ps"},
	'ω': {"o", "o"},
}

func greek(word string) []string {
	w := strings.ToLower(dropMarks(word, nil))
	var a, b strings.Builder
	rs := []rune(w)
	for i := 0; i < len(rs); i++ {
		if i+1 < len(rs) {
			pair := string(rs[i : i+2])
			found := false
			for _, d := range greekDigraphs {
				if d.g == pair {
					a.WriteString(d.a)
					b.WriteString(d.b)
					found = true
					break
				}
			}
			if found {
				i++
				continue
			}
		}
		if l, ok := greekLetters[rs[i]]; ok {
			a.WriteString(l[0])
			b.WriteString(l[1])
		} else if unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i]) {
			f := Fold(unidecode.Unidecode(string(rs[i])))
			a.WriteString(f)
			b.WriteString(f)
		}
	}
	return nonEmpty(a.String(), b.String())
}

// ---- Arabic and Persian ----

// arabicLetters renders each letter; vowels are not written in Arabic, so
// the result is close to a consonant skeleton with long vowels (ا و ي).
var arabicLetters = map[rune]string{
	'ا': "a", 'أ': "a", 'إ': "i", 'آ': "a", 'ٱ': "a", 'ب': "b", 'ت': "t", 'ث': "th", 'ج': "j", 'ح': "h",
	'خ': "kh", 'د': "d", 'ذ': "dh", 'ر': "r", 'ز': "z", 'س': "s", 'ش': "sh", 'ص': "s", 'ض': "d",
	'ط': "t", 'ظ': "z", 'ع': "", 'غ': "gh", 'ف': "f", 'ق': "q", 'ك': "k", 'ل': "l", 'م': "m",
	'ن': "n", 'ه': "h", 'ة': "a", 'و': "w", 'ؤ': "", 'ي': "y", 'ى': "a", 'ئ': "", 'ء': "",
	// Persian, Urdu, Pashto
	'پ': "p", 'چ': "ch", 'ژ': "zh", 'گ': "g", 'ک': "k", 'ی': "y", 'ۀ': "a",
	'ٹ': "t", 'ڈ': "d", 'ڑ': "r", 'ں': "n", 'ے': "e", 'ھ': "h", 'ۃ': "a",
}

// arabicWords are words of Arabic names rendered as Latin lists write them:
// the particles (bin, abu, al) and the first half of "servant of" names.
var arabicWords = map[string]string{
	"بن": "bin", "ابن": "ibn", "إبن": "ibn", "بنت": "bint", "ابو": "abu", "أبو": "abu", "ابي": "abi", "أبي": "abi",
	"ام": "umm", "أم": "umm", "ولد": "ould", "زاده": "zadeh", "زادہ": "zadeh", "زاد": "zadeh", "پور": "pour", "آل": "al", "ال": "al", "الله": "allah", "عبد": "abd", "ذو": "dhu", "ذي": "dhi",
	"عبدالله": "abdullah", "عبداللہ": "abdullah", "عبدللہ": "abdullah",
}

func arabic(word string) []string {
	w := dropMarks(word, nil)
	w = strings.ReplaceAll(w, "\u0640", "") // tatweel, a stretching stroke
	if v, ok := arabicWords[w]; ok {
		return []string{v}
	}
	rs := []rune(w)
	// compounds written as one word: محمدرضا, حمدالله, سراج‌الدين, حسنزاده
	if a, b, ok := splitArabicCompound(rs); ok {
		left := arabic(string(a))
		if j, ok := arabicJoinedSuffix[string(b)]; ok && len(left) > 0 {
			return nonEmpty(strings.ReplaceAll(left[0], " ", "") + j)
		}
		right := arabic(string(b))
		if len(left) > 0 && len(right) > 0 {
			return nonEmpty(left[0] + " " + right[0])
		}
	}
	// "servant of" joined to its article: عبدالرحمن → abdul rahman
	if len(rs) >= 6 && string(rs[:5]) == "عبدال" {
		return nonEmpty("abdul " + arabicLetters2(rs[5:], true))
	}
	// the definite article: الحوثي → al huthi (lists write al-Huthi,
	// Al Houthi, Alhouthi; the matcher joins the two when needed)
	if len(rs) >= 4 && rs[0] == 'ا' && rs[1] == 'ل' {
		return arabicAlts("al ", rs[2:])
	}
	// abu joined to the name: ابوبكر → abu bakr
	if len(rs) >= 5 && (string(rs[:3]) == "ابو" || string(rs[:3]) == "أبو") {
		return nonEmpty("abu " + arabicLetters2(rs[3:], true))
	}
	return arabicAlts("", rs)
}

// arabicPrefixes and arabicSuffixes are halves of compound names written
// as one word.
var (
	arabicPrefixes = []string{"محمد", "امیر", "أمير", "امير"}
	arabicSuffixes = []string{"الله", "اللہ", "اللة", "الدين", "الدین", "رضا", "زاده", "زادہ", "زاد", "پور", "علی", "علي"}
)

// arabicJoinedSuffix are the second halves of compounds the Latin lists
// write joined (Nazirullah, Sirajuddin, Hassanzadeh, Zarepour), as they
// write them.
var arabicJoinedSuffix = map[string]string{
	"الله": "ullah", "اللہ": "ullah", "اللة": "ullah", "الدين": "uddin", "الدین": "uddin",
	"زاده": "zadeh", "زادہ": "zadeh", "زاد": "zad", "پور": "pour",
}

// arabicSuffixWord are those second halves written as words of their own.
var arabicSuffixWord = map[string]bool{
	"الله": true, "اللہ": true, "اللة": true, "الدين": true, "الدین": true, "زاده": true, "زادہ": true, "پور": true,
}

// splitArabicCompound splits a word made of two names: a known first
// half followed by three letters or more, a known second half after two
// letters or more, or a name, the article and a name (بشارالاسد).
func splitArabicCompound(rs []rune) ([]rune, []rune, bool) {
	w := string(rs)
	if strings.HasPrefix(w, "عبد") || strings.HasPrefix(w, "ابو") || strings.HasPrefix(w, "أبو") {
		return nil, nil, false // handled with their article
	}
	for _, p := range arabicPrefixes {
		if pr := []rune(p); strings.HasPrefix(w, p) && len(rs)-len(pr) >= 3 {
			return rs[:len(pr)], rs[len(pr):], true
		}
	}
	for _, sfx := range arabicSuffixes {
		if sr := []rune(sfx); strings.HasSuffix(w, sfx) && len(rs)-len(sr) >= 2 {
			return rs[:len(rs)-len(sr)], rs[len(rs)-len(sr):], true
		}
	}
	for i := 3; i+2+3 <= len(rs); i++ {
		if rs[i] == 'ا' && rs[i+1] == 'ل' {
			return rs[:i], rs[i:], true
		}
	}
	return nil, nil, false
}

// arabicAlts renders a word, twice when Persian writes its last vowel with
// ی, which is a (Musa, Isa) or i (Heidari).
func arabicAlts(prefix string, rs []rune) []string {
	out := nonEmpty(prefix + arabicLetters2(rs, true))
	if n := len(rs); n >= 3 && rs[n-1] == 'ی' {
		if _, vowel := map[rune]bool{'ا': true, 'و': true, 'ی': true}[rs[n-2]]; !vowel {
			alt := append(append([]rune{}, rs[:n-1]...), 'ى')
			out = nonEmpty(append(out, prefix+arabicLetters2(alt, true))...)
		}
	}
	return out
}

// arabicLetters2 renders letters: ع at the start of a word as a (Ali,
// Omar, Abbas) and elsewhere as nothing; و and ي as the vowels u and i
// inside a word unless a vowel letter follows (Nawaf, Bayan).
func arabicLetters2(rs []rune, wordStart bool) string {
	var b strings.Builder
	for i, r := range rs {
		v, ok := arabicLetters[r]
		if !ok {
			if unicode.IsDigit(r) {
				b.WriteString(Fold(string(r)))
			}
			continue
		}
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		vowelNext := next == 'ا' || next == 'ى' || next == 'ة' || next == 'آ'
		switch {
		case r == 'و' && i > 0 && rs[i-1] == 'خ' && next == 'ا':
			continue // Persian خوا is khā: Khajeh, Khamenei's Khwaja
		case r == 'ع' && i == 0 && wordStart:
			v = "a"
		case r == 'و' && i > 0 && !vowelNext:
			v = "u"
		case (r == 'ي' || r == 'ی') && i > 0 && !vowelNext:
			v = "i"
		}
		if v == "h" && i > 0 && strings.ContainsRune("tkscgdzph", lastByte(&b)) {
			// طه is Taha, صحراوي Sahrawi: keep h apart from the letter before
			// it, which would make a digraph (th, sh) of the two
			v = "'h"
		}
		b.WriteString(v)
	}
	return b.String()
}

func lastByte(b *strings.Builder) rune {
	s := b.String()
	if s == "" {
		return 0
	}
	return rune(s[len(s)-1])
}

// ---- Hebrew ----

var hebrewLetters = map[rune]string{
	'א': "a", 'ב': "b", 'ג': "g", 'ד': "d", 'ה': "h", 'ו': "v", 'ז': "z", 'ח': "kh", 'ט': "t",
	'י': "y", 'כ': "k", 'ך': "kh", 'ל': "l", 'מ': "m", 'ם': "m", 'נ': "n", 'ן': "n", 'ס': "s",
	'ע': "", 'פ': "p", 'ף': "f", 'צ': "ts", 'ץ': "ts", 'ק': "k", 'ר': "r", 'ש': "sh", 'ת': "t",
}

func hebrew(word string) []string {
	w := dropMarks(word, nil)
	var b strings.Builder
	rs := []rune(w)
	for i, r := range rs {
		v, ok := hebrewLetters[r]
		if !ok {
			continue
		}
		if r == 'ו' && i > 0 {
			v = "o"
		}
		if r == 'י' && i > 0 {
			v = "i"
		}
		b.WriteString(v)
	}
	return nonEmpty(b.String())
}

// ---- Chinese ----

var pinyinArgs = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Style = pinyin.Normal
	a.Fallback = func(r rune, a pinyin.Args) []string { return []string{Fold(unidecode.Unidecode(string(r)))} }
	return a
}()

// han renders Chinese characters as pinyin syllables separated by spaces
// (wang xiu ying); the matcher joins adjacent syllables when the list writes
// them as one word (Xiuying).
func han(word string) []string {
	syl := pinyin.Pinyin(word, pinyinArgs)
	parts := make([]string, 0, len(syl))
	for _, s := range syl {
		if len(s) > 0 && s[0] != "" {
			parts = append(parts, Fold(s[0]))
		}
	}
	return nonEmpty(strings.Join(parts, " "))
}

// ---- Japanese kana (Hepburn) ----

var kanaTable = map[string]string{
	"あ": "a", "い": "i", "う": "u", "え": "e", "お": "o", "か": "ka", "き": "ki", "く": "ku", "け": "ke", "こ": "ko",
	"さ": "sa", "し": "shi", "す": "su", "せ": "se", "そ": "so", "た": "ta", "ち": "chi", "つ": "tsu", "て": "te", "と": "to",
	"な": "na", "に": "ni", "ぬ": "nu", "ね": "ne", "の": "no", "は": "ha", "ひ": "hi", "ふ": "fu", "へ": "he", "ほ": "ho",
	"ま": "ma", "み": "mi", "む": "mu", "め": "me", "も": "mo", "や": "ya", "ゆ": "yu", "よ": "yo",
	"ら": "ra", "り": "ri", "る": "ru", "れ": "re", "ろ": "ro", "わ": "wa", "を": "o", "ん": "n",
	"が": "ga", "ぎ": "gi", "ぐ": "gu", "げ": "ge", "ご": "go", "ざ": "za", "じ": "ji", "ず": "zu", "ぜ": "ze", "ぞ": "zo",
	"だ": "da", "ぢ": "ji", "づ": "zu", "で": "de", "ど": "do", "ば": "ba", "び": "bi", "ぶ": "bu", "べ": "be", "ぼ": "bo",
	"ぱ": "pa", "ぴ": "pi", "ぷ": "pu", "ぺ": "pe", "ぽ": "po",
	"きゃ": "kya", "きゅ": "kyu", "きょ": "kyo", "しゃ": "sha", "しゅ": "shu", "しょ": "sho", "ちゃ": "cha", "ちゅ": "chu",
	"ちょ": "cho", "にゃ": "nya", "にゅ": "nyu", "にょ": "nyo", "ひゃ": "hya", "ひゅ": "hyu", "ひょ": "hyo", "みゃ": "mya",
	"みゅ": "myu", "みょ": "myo", "りゃ": "rya", "りゅ": "ryu", "りょ": "ryo", "ぎゃ": "gya", "ぎゅ": "gyu", "ぎょ": "gyo",
	"じゃ": "ja", "じゅ": "ju", "じょ": "jo", "びゃ": "bya", "びゅ": "byu", "びょ": "byo", "ぴゃ": "pya", "ぴゅ": "pyu", "ぴょ": "pyo",
	"ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o", "ゃ": "ya", "ゅ": "yu", "ょ": "yo", "ゎ": "wa", "ゐ": "i", "ゑ": "e",
	"ゔ": "vu",
}

func kana(word string) []string {
	// katakana → hiragana, then the table; long-vowel marks and small tsu
	// handled; any Han characters go through pinyin (no kanji readings).
	rs := []rune(word)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r >= 0x30A1 && r <= 0x30F6 {
			r -= 0x60
		}
		switch {
		case r == 'ー':
			continue
		case r == 'っ' || r == 'ッ':
			if i+1 < len(rs) {
				n := rs[i+1]
				if n >= 0x30A1 && n <= 0x30F6 {
					n -= 0x60
				}
				if v, ok := kanaTable[string(n)]; ok && v != "" {
					b.WriteByte(v[0])
				}
			}
			continue
		}
		if i+1 < len(rs) {
			n := rs[i+1]
			if n >= 0x30A1 && n <= 0x30F6 {
				n -= 0x60
			}
			if v, ok := kanaTable[string([]rune{r, n})]; ok {
				b.WriteString(v)
				i++
				continue
			}
		}
		if v, ok := kanaTable[string(r)]; ok {
			b.WriteString(v)
			continue
		}
		if unicode.Is(unicode.Han, r) {
			b.WriteString(" " + strings.Join(han(string(r)), " ") + " ")
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteString(Fold(unidecode.Unidecode(string(r))))
		}
	}
	return nonEmpty(strings.Join(strings.Fields(b.String()), " "))
}

// ---- Korean ----

var (
	hangulInitRR  = []string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	hangulInitMR  = []string{"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch", "k", "t", "p", "h"}
	hangulVowelRR = []string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	hangulVowelMR = []string{"a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i"}
	hangulFinRR   = []string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
	hangulFinMR   = []string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
)

// koreanSurnames lists the common romanisations of the most frequent
// surnames, which do not follow the syllable rules (이 Lee/Yi/Ri).
var koreanSurnames = map[rune][]string{
	'김': {"kim", "gim"}, '이': {"lee", "yi", "ri", "rhee", "i"}, '리': {"ri", "lee", "li"}, '박': {"park", "pak", "bak"},
	'최': {"choi", "choe", "chey"}, '정': {"jung", "jeong", "chung", "chong"}, '강': {"kang", "gang"},
	'조': {"cho", "jo"}, '윤': {"yoon", "yun"}, '장': {"jang", "chang"}, '임': {"lim", "im", "rim"},
	'림': {"rim", "lim"}, '한': {"han"}, '오': {"oh", "o"}, '서': {"seo", "suh", "so"}, '신': {"shin", "sin"},
	'권': {"kwon", "gwon"}, '황': {"hwang"}, '안': {"ahn", "an"}, '송': {"song"}, '류': {"ryu", "yoo", "yu"},
	'유': {"yoo", "yu", "ryu"}, '홍': {"hong"}, '전': {"jeon", "chon", "jun"}, '고': {"ko", "go"},
	'문': {"moon", "mun"}, '손': {"son", "sohn"}, '양': {"yang", "ryang"}, '량': {"ryang", "yang"},
	'배': {"bae", "pae"}, '백': {"baek", "paek", "paik"}, '허': {"heo", "ho", "huh"}, '남': {"nam"},
	'노': {"noh", "no", "ro"}, '로': {"ro", "no"}, '하': {"ha"}, '곽': {"kwak"}, '성': {"sung", "song"},
	'차': {"cha"}, '주': {"joo", "ju", "chu"}, '우': {"woo", "u"}, '구': {"koo", "ku", "gu"},
	'민': {"min"}, '나': {"na", "ra"}, '라': {"ra", "na"}, '진': {"jin", "chin"}, '지': {"ji", "chi"},
	'엄': {"eom", "um", "om"}, '채': {"chae"}, '원': {"won"}, '천': {"cheon", "chon"}, '방': {"bang", "pang"},
	'공': {"kong", "gong"}, '현': {"hyun", "hyon"}, '함': {"ham"}, '변': {"byun", "pyon"},
	'염': {"yeom", "yom"}, '여': {"yeo", "yo"}, '추': {"choo", "chu"}, '도': {"do", "to"},
	'석': {"seok", "sok"}, '선': {"sun", "son"}, '설': {"seol", "sol"}, '길': {"gil", "kil"},
	'연': {"yeon", "yon"}, '명': {"myung", "myong"}, '기': {"ki", "gi"}, '반': {"ban", "pan"},
	'왕': {"wang"}, '금': {"geum", "kum"}, '육': {"yook", "yuk"}, '경': {"kyung", "kyong", "gyeong"},
	'용': {"yong", "ryong"}, '태': {"tae", "thae"}, '탁': {"tak"}, '국': {"kook", "kuk"},
}

func hangul(word string) []string {
	var rr, mr []string
	var first rune
	for _, r := range word {
		if r < 0xAC00 || r > 0xD7A3 {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				f := Fold(unidecode.Unidecode(string(r)))
				rr = append(rr, f)
				mr = append(mr, f)
			}
			continue
		}
		if first == 0 {
			first = r
		}
		s := int(r - 0xAC00)
		l, v, t := s/(21*28), (s%(21*28))/28, s%28
		rr = append(rr, hangulInitRR[l]+hangulVowelRR[v]+hangulFinRR[t])
		mr = append(mr, hangulInitMR[l]+hangulVowelMR[v]+hangulFinMR[t])
	}
	return nonEmpty(strings.Join(rr, " "), strings.Join(mr, " "))
}

// KoreanSurnameForms returns the customary romanisations of a Hangul
// syllable used as a surname, or nil.
func KoreanSurnameForms(syllable rune) []string { return koreanSurnames[syllable] }
