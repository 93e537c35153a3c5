package names

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"PUTIN, Vladimir", "putin vladimir"},
		{"Влади́мир", "владимир"},
		{"Ba'asyir", "baasyir"},
		{"O’Brien-Smith", "obrien smith"},
		{"Łukasz Żółć", "lukasz zolc"},
		{"Straße", "strasse"},
		{"  ＡＢＣ  Co.,Ltd ", "abc co ltd"},
		{"Hồ Chí Minh", "ho chi minh"},
		{"", ""},
		{"---", ""},
		{"a\xffb", "a b"},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestScriptOf(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Script
	}{
		{"Vladimir Putin", Latin},
		{"Владимир Путин", Cyrillic},
		{"Γιώργος", Greek},
		{"محمد علي", Arabic},
		{"דוד", Hebrew},
		{"王秀英", Han},
		{"やまだ 太郎", Japanese},
		{"김민준", Hangul},
		{"Արեն", Armenian},
		{"123", Latin},
	} {
		if got := ScriptOf(tc.in); got != tc.want {
			t.Errorf("ScriptOf(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestLatinize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string // each must be among the renderings
	}{
		// several romanisations at once: BGN/PCGN, ICAO passport, ISO 9, German, French
		{"Юрий", []string{"yuriy", "iurii", "jurij"}},
		{"Владимир", []string{"vladimir", "wladimir"}},
		{"Путин", []string{"putin", "poutin"}},
		{"Хрущёв", []string{"khrushchev", "hrusc" + "ev"}},
		{"Евгений", []string{"yevgeniy", "evgenii"}},
		{"Жуков", []string{"zhukov", "schukow"}},
		{"Влади́мир", []string{"vladimir"}},  // stress mark dropped
		{"Олександр", []string{"oleksandr"}}, // Ukrainian
		{"Γιώργος", []string{"giorgos"}},
		{"Παπαδόπουλος", []string{"papadopoulos"}},
		{"محمد", []string{"mhmd"}},
		{"ﻛﻤﺎل", []string{"kmal"}}, // Arabic presentation forms
		{"王秀英", []string{"wang xiu ying"}},
		{"김민준", []string{"gim min jun", "kim min chun"}},
		{"やまだ", []string{"yamada"}},
		{"Smith", []string{"smith"}},
	} {
		got := Latinize(tc.in)
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("Latinize(%q) = %q, want it to contain %q", tc.in, got, w)
			}
		}
	}
}

func TestLatinizeArabic(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // the first rendering
	}{
		{"عمر", "amr"},              // ع at the start of a word is a vowel
		{"الحوثي", "al huthi"},      // the article apart
		{"عبدالرحمن", "abdul rhmn"}, // "servant of" joined to its article
		{"عبدالله", "abdullah"},
		{"ابوبكر", "abu bkr"},
		{"بن", "bin"},
		{"نواف", "nwaf"},           // و before alif is a consonant
		{"طه", "t'h"},              // ه kept apart from ط: not "th"
		{"خواجه", "khajh"},         // Persian silent و
		{"محمدرضا", "mhmd rda"},    // a compound written as one word
		{"نذیرالله", "ndhirullah"}, // … the way the lists write it
		{"بشارالاسد", "bshar al asd"},
		{"سليــوة", "sliwa"}, // tatweel dropped; و before ة a consonant
	} {
		got := Latinize(tc.in)
		if len(got) == 0 || got[0] != tc.want {
			t.Errorf("Latinize(%q) = %q, want %q first", tc.in, got, tc.want)
		}
	}
	// Persian ی at the end is a (Musa) or i (Heidari)
	if got := Latinize("موسی"); !slices.Contains(got, "musi") || !slices.Contains(got, "musa") {
		t.Errorf("Latinize(موسی) = %q", got)
	}
}

func TestAbjadSim(t *testing.T) {
	abj := func(s string) string { return Analyze(s, HintPerson).Tokens[0].Forms[0] }
	lat := func(s string) string { return Respell(Fold(s)) }
	for _, tc := range []struct {
		ar, lat  string
		min, max float64
	}{
		{"خلیل", "khalil", 0.9, SimAbjad},
		{"حقانی", "haqqani", 0.9, SimAbjad},
		{"ملك", "malik", 0.9, SimAbjad},    // short vowels are free
		{"صالح", "salih", 0.85, SimAbjad},  // a final h the Latin drops
		{"رضا", "reza", 0.75, SimAbjad},    // ض as z in Persian
		{"إسحاق", "ishaq", 0.85, SimAbjad}, // s+h as the digraph sh
		{"جمال", "gamal", 0.8, SimAbjad},   // ج as g
		{"محمد", "mahmud", 0.9, SimAbjad},  // short vowels are unknown: the Latin may be either
		{"محمود", "muhammad", 0, 0.8},      // but a written long u is not a
		{"حسين", "hassan", 0, 0.8},         // nor a written long i
		{"عصام", "ibrahim", 0, 0},          // consonants that differ
		{"طلال", "tala", 0, 0},             // a consonant missing in a short name
		{"حميد", "ahmed", 0, 0.8},          // Arabic writes a word's first vowel
		{"عباس", "base", 0, 0.8},           // and pronounces it
		{"كاملي", "jamal", 0, 0},           // k is not j
	} {
		got := AbjadSim(abj(tc.ar), lat(tc.lat))
		if got < tc.min || got > tc.max {
			t.Errorf("AbjadSim(%s → %q, %q) = %.3f, want [%.2f, %.2f]", tc.ar, abj(tc.ar), lat(tc.lat), got, tc.min, tc.max)
		}
	}
	if AbjadSim("", "x") != 0 || AbjadSim("aaa", "aaa") != 0 || AbjadSim(strings.Repeat("b", 50), "b") != 0 {
		t.Error("degenerate inputs should not match")
	}
}

func TestRespell(t *testing.T) {
	// pairs that must meet after respelling
	for _, tc := range [][2]string{
		{"khaled", "haled"},
		{"wladimir", "vladimir"},
		{"yuriy", "yuri"},
		{"yurii", "yuri"},
		{"yury", "yuri"},
		{"dmitriy", "dmitri"},
		{"sergey", "sergei"},
		{"sergej", "sergei"},
		{"alexei", "aleksei"},
		{"mohammed", "mohamed"},
		{"abdullah", "abdulla"},
		{"poutine", "putine"},
		{"tschernow", "chernov"},
		{"dzhamal", "jamal"},
		{"qasim", "kasim"},
		{"nicolas", "nikolas"},
	} {
		if a, b := Respell(tc[0]), Respell(tc[1]); a != b {
			t.Errorf("Respell(%q) = %q, Respell(%q) = %q: want equal", tc[0], a, tc[1], b)
		}
	}
	// and pairs that must stay apart
	for _, tc := range [][2]string{{"bush", "habbash"}, {"ivanov", "ivanova"}, {"lee", "le"}, {"2", "1"}} {
		if a, b := Respell(tc[0]), Respell(tc[1]); a == b {
			t.Errorf("Respell(%q) = Respell(%q) = %q: want different", tc[0], tc[1], a)
		}
	}
}

func TestSkeleton(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"mohammed", "mhmd"},
		{"muhammad", "mhmd"},
		{"ahmed", "hmd"},
		{"omar", "mr"},
	} {
		if got := Skeleton(tc.in); got != tc.want {
			t.Errorf("Skeleton(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// an Arabic-script name and its Latin spelling share a skeleton
	ar := Analyze("محمد", HintPerson).Tokens[0]
	if ar.Skel != Skeleton("muhammad") {
		t.Errorf("skeleton of محمد = %q, of Muhammad = %q", ar.Skel, Skeleton("muhammad"))
	}
}

type tok struct {
	text string
	kind TokenKind
	role Role
}

func tokensOf(n Name) []tok {
	var out []tok
	for _, t := range n.Tokens {
		out = append(out, tok{t.Text, t.Kind, t.Role})
	}
	return out
}

func TestAnalyze(t *testing.T) {
	for _, tc := range []struct {
		in    string
		hint  Hint
		want  []tok
		legal LegalForm
	}{
		{"PUTIN, Vladimir Vladimirovich", HintPerson,
			[]tok{{"vladimir", Word, RoleUnknown}, {"vladimirovich", Word, RolePatronymic}, {"putin", Word, RoleFamily}}, ""},
		{"Vladimir Vladimirovich PUTIN", HintUnknown,
			[]tok{{"vladimir", Word, RoleUnknown}, {"vladimirovich", Word, RolePatronymic}, {"putin", Word, RoleFamily}}, ""},
		{"Dr. Jaydon Legros", HintUnknown, []tok{{"dr", Title, 0}, {"jaydon", Word, 0}, {"legros", Word, 0}}, ""},
		{"Abd al-Rahman bin Umayr", HintPerson,
			[]tok{{"abd", Word, 0}, {"al", Particle, 0}, {"rahman", Word, 0}, {"bin", Particle, 0}, {"umayr", Word, 0}}, ""},
		{"ABDURRAHMAN", HintPerson, []tok{{"abdul", Word, 0}, {"rahman", Word, 0}}, ""},
		{"ABDULLAH", HintPerson, []tok{{"abdullah", Word, 0}}, ""},
		{"Frau Aurora De", HintUnknown, []tok{{"frau", Title, 0}, {"aurora", Word, 0}, {"de", Word, 0}}, ""},
		{"Ivanov I.I.", HintUnknown, []tok{{"ivanov", Word, 0}, {"i", Initial, 0}, {"i", Initial, 0}}, ""},
		{"Bank 1", HintOrg, []tok{{"bank", Word, 0}, {"1", Number, 0}}, ""},
		// legal forms, compared as forms, not words
		{"ООО Ромашка", HintUnknown, []tok{{"romashka", Word, 0}}, "llc"},
		{"Romashka LLC", HintUnknown, []tok{{"romashka", Word, 0}}, "llc"},
		{"OOO Romashka", HintOrg, []tok{{"romashka", Word, 0}}, "llc"},
		{"Public Joint Stock Company Rosneft", HintOrg, []tok{{"rosneft", Word, 0}}, "jsc"},
		{"ПАО Роснефть", HintOrg, []tok{{"rosneft", Word, 0}}, "jsc"},
		{"Siemens AG", HintOrg, []tok{{"siemens", Word, 0}}, "jsc"},
		{"Siemens GmbH", HintUnknown, []tok{{"siemens", Word, 0}}, "llc"},
		{"ANGLO-CARIBBEAN CO., LTD.", HintOrg, []tok{{"anglo", Word, 0}, {"caribbean", Word, 0}}, "ltd"},
		{"قهرمانی شرکت با مسئولیت محدود", HintUnknown, []tok{{"qhrmani", Word, 0}}, "llc"},
		{"华为技术有限公司", HintUnknown, []tok{{"hua", Word, 0}, {"weijishu", Word, 0}}, "ltd"},
		// a person named like a legal form keeps the word
		{"Sa Ad", HintPerson, []tok{{"sa", Word, 0}, {"ad", Word, 0}}, ""},
		// Chinese and Korean: surname, then the given name as one word
		{"王秀英", HintPerson, []tok{{"wang", Word, 0}, {"xiuying", Word, 0}}, ""},
		{"김민준", HintPerson, []tok{{"gim", Word, 0}, {"minjun", Word, 0}}, ""},
		{"오주영", HintPerson, []tok{{"o", Word, 0}, {"juyeong", Word, 0}}, ""},
		// Japanese kanji names are kept as written, not read as Chinese
		{"河合 昭", HintPerson, []tok{{"河合", Word, 0}, {"昭", Word, 0}}, ""},
	} {
		n := Analyze(tc.in, tc.hint)
		if got := tokensOf(n); !slices.Equal(got, tc.want) {
			t.Errorf("Analyze(%q) tokens = %v, want %v", tc.in, got, tc.want)
		}
		if n.Legal != tc.legal {
			t.Errorf("Analyze(%q) legal form = %q, want %q", tc.in, n.Legal, tc.legal)
		}
	}
}

func TestAnalyzeCyrillicForms(t *testing.T) {
	n := Analyze("Юрий Гагарин", HintPerson)
	if len(n.Tokens) != 2 {
		t.Fatalf("tokens = %v", tokensOf(n))
	}
	// Yuri, Yury, Iurii and Jurij are all in reach of the first token
	for _, spelling := range []string{"Yuri", "Yury", "Iurii", "Jurij", "Yuriy"} {
		q := Analyze(spelling, HintPerson).Tokens[0]
		if s, how := Compare(&q, &n.Tokens[0]); s < SimEquivalent {
			t.Errorf("Compare(%s, Юрий) = %v (%s), want ≥ %v", spelling, s, how, SimEquivalent)
		}
	}
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		a, b    string
		how     How
		min     float64
		max     float64
		comment string
	}{
		{"putin", "putin", Exact, 1, 1, ""},
		{"Путин", "putin", Exact, 1, 1, "transliterated text equals"},
		{"khaled", "haled", Spelling, SimSpelling, SimSpelling, ""},
		{"Mohammed", "Mohd", Equivalent, SimEquivalent, SimEquivalent, "equivalence table"},
		{"Yusuf", "Joseph", Equivalent, SimEquivalent, SimEquivalent, ""},
		{"attiiqullah", "attiqullah", Spelling, SimSpelling, SimSpelling, "doubled letters"},
		{"innocnet", "innocent", Fuzzy, 0.8, 0.95, "transposition"},
		{"sko", "sok", Fuzzy, 0.7, 0.8, "transposition in a short word"},
		{"baid", "abid", Fuzzy, 0.7, 0.85, "transposed first letters cost no extra"},
		{"schneider", "schnieder", Fuzzy, 0.85, 0.95, ""},
		{"bush", "habbash", NoMatch, 0, 0, "the George Habbash problem"},
		{"ivan", "ivana", Fuzzy, 0.7, 0.8, ""},
		{"li", "lu", NoMatch, 0, 0, "short words must match exactly"},
		{"xiu", "xiuying", NoMatch, 0, 0, ""},
	} {
		a, b := Analyze(tc.a, HintPerson).Tokens[0], Analyze(tc.b, HintPerson).Tokens[0]
		s, how := Compare(&a, &b)
		if how != tc.how || s < tc.min || s > tc.max {
			t.Errorf("Compare(%q, %q) = %.3f %s, want %s in [%.2f, %.2f] %s", tc.a, tc.b, s, how, tc.how, tc.min, tc.max, tc.comment)
		}
	}
	// numbers must agree
	a, b := Analyze("Bank 1", HintOrg).Tokens[1], Analyze("Bank 2", HintOrg).Tokens[1]
	if s, how := Compare(&a, &b); s != 0 || how != NumberDiffers {
		t.Errorf("Compare(1, 2) = %v %s, want 0 number_differs", s, how)
	}
	// initials
	a, b = Analyze("V Putin", HintPerson).Tokens[0], Analyze("Vladimir", HintPerson).Tokens[0]
	if s, how := Compare(&a, &b); how != InitialOf || s != SimInitial {
		t.Errorf("Compare(V, Vladimir) = %v %s", s, how)
	}
	// Chinese syllables are not compared by edit distance
	a, b = Analyze("王秀英", HintPerson).Tokens[1], Analyze("Wang Xiuyang", HintPerson).Tokens[1]
	if s, _ := Compare(&a, &b); s != 0 {
		t.Errorf("Compare(xiuying, xiuyang) = %v, want 0 for pinyin", s)
	}
}

func TestOSA(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 30}, {"abc", "abc", 0}, {"abc", "abd", 10}, {"abc", "acb", 6},
		{"kitten", "sitting", 30}, {"ca", "abc", 30}, // restricted: no edits inside a swap
	} {
		if got := OSA(tc.a, tc.b, 100); got != tc.want {
			t.Errorf("OSA(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	if got := OSA("abcdef", "uvwxyz", 10); got != 11 {
		t.Errorf("OSA with limit = %d, want limit+1", got)
	}
}

func TestSymbols(t *testing.T) {
	same := [][]string{
		{"mohammed", "muhammad", "mohamed", "mohd", "magomed"},
		{"aleksandr", "alexander", "oleksandr"},
		{"yuri", "iurii", "jurij"},
		{"hussein", "husayn", "hossein"},
	}
	for _, g := range same {
		first := Symbol(Respell(g[0]))
		if first == 0 {
			t.Errorf("%s has no symbol", g[0])
			continue
		}
		for _, m := range g[1:] {
			if s := Symbol(Respell(m)); s != first {
				t.Errorf("Symbol(%s) = %d, Symbol(%s) = %d", m, s, g[0], first)
			}
		}
	}
	if Symbol(Respell("george")) == Symbol(Respell("yuri")) {
		t.Error("George and Yuri must not be equivalent")
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"PUTIN, Vladimir Vladimirovich", "Влади́мир ПУ́ТИН", "محمد علي", "王秀英", "김민준",
		"ООО Ромашка", "Abd al-Rahman", "河合 昭", "\xff\xfe", strings.Repeat("a ", 500), "ﻛﻤﺎل", "A, B, C", ","} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Analyze(s, HintUnknown)
		m := Analyze(s, HintUnknown)
		if len(n.Tokens) != len(m.Tokens) {
			t.Fatalf("Analyze(%q) is not deterministic", s)
		}
		for _, tk := range n.Tokens {
			if len(tk.Forms) == 0 || tk.Forms[0] == "" {
				t.Fatalf("Analyze(%q): token %+v without forms", s, tk)
			}
			if !utf8.ValidString(tk.Text) {
				t.Fatalf("Analyze(%q): invalid UTF-8 token %q", s, tk.Text)
			}
			Compare(&tk, &n.Tokens[0])
		}
	})
}

func BenchmarkAnalyze(b *testing.B) {
	in := []string{"PUTIN, Vladimir Vladimirovich", "Влади́мир Влади́мирович ПУ́ТИН", "Abd al-Rahman bin 'Umayr al-Nu'aymi",
		"ООО Ромашка", "王秀英", "BANK MELLI IRAN"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		Analyze(in[i%len(in)], HintUnknown)
		i++
	}
}

func TestJaroWinkler(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"martha", "marhta", 0.961},
		{"dwayne", "duane", 0.840},
		{"dixon", "dicksonx", 0.813},
		{"abc", "abc", 1},
		{"abc", "xyz", 0},
		{"", "abc", 0},
	} {
		if got := JaroWinkler(tc.a, tc.b); got < tc.want-0.001 || got > tc.want+0.001 {
			t.Errorf("JaroWinkler(%q, %q) = %.3f, want %.3f", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestSoundex(t *testing.T) {
	for in, want := range map[string]string{
		"robert": "R163", "rupert": "R163", "rubin": "R150", "ashcraft": "A261", "ashcroft": "A261",
		"tymczak": "T522", "pfister": "P236", "honeyman": "H555", "putin": "P350", "": "",
	} {
		if got := Soundex(in); got != want {
			t.Errorf("Soundex(%q) = %q, want %q", in, got, want)
		}
	}
}
