package names

// Arabic and Hebrew script write consonants and long vowels (ا و ي, ו י)
// but not short vowels, so a name written in them is compared with a Latin
// spelling by aligning the two: the Latin word may add vowels anywhere (the
// unwritten short vowels), a written long vowel must find a compatible
// Latin vowel (ي: i, e, y; و: u, o, w; ا: any vowel, since alif also
// carries the article and hamza), and consonants must agree, up to the
// substitutions romanisations make (q/k/g, dh/z/d, th/s/t, sh/ch, j/g).

// SimAbjad is the similarity of an Arabic- or Hebrew-script word and a
// Latin spelling that agree in every consonant and written vowel.
const SimAbjad = 0.95

// minAbjad is the lowest abjad similarity reported as a match.
const minAbjad = 0.72

// AbjadSim compares the key form of an Arabic- or Hebrew-script word (its
// rendering, respelled) with the key form of a Latin word, in [0, SimAbjad].
func AbjadSim(abjad, latin string) float64 {
	var ab, lb [40]byte
	a, l := abjadKey(ab[:0], abjad), abjadKey(lb[:0], latin)
	if len(a) == 0 || len(l) == 0 || len(a) >= len(ab) || len(l) >= len(lb) {
		return 0
	}
	cons := 0
	for _, c := range a {
		if !isVowelKey(c) {
			cons++
		}
	}
	if cons == 0 {
		return 0
	}
	// edit distance with the costs above; rows are a, columns l
	const hard = 1.5 // a consonant missing or added, or two unrelated consonants
	n, m := len(a), len(l)
	const max = 40
	if n >= max || m >= max {
		return 0
	}
	// three rolling rows: i-2 (for the digraph step), i-1 and i
	var rows [3][max]float64
	r2, r1, r0 := &rows[0], &rows[1], &rows[2]
	for j := 1; j <= m; j++ {
		r1[j] = r1[j-1] + insLatin(l[j-1], true, hard)
	}
	for i := 1; i <= n; i++ {
		first := i == 1
		r0[0] = r1[0] + delAbjad(a[i-1], first, hard)
		for j := 1; j <= m; j++ {
			best := r1[j-1] + subAbjad(a[i-1], l[j-1], first, hard)
			if v := r1[j] + delAbjad(a[i-1], first, hard); v < best {
				best = v
			}
			if v := r0[j-1] + insLatin(l[j-1], false, hard); v < best {
				best = v
			}
			// two Arabic letters a Latin digraph stands for: إسحاق is
			// Ishaq (s+h, "sh"), الأزهر al-Azhar (z+h, "zh")
			if i >= 2 && a[i-1] == 'h' && digraph(a[i-2]) == l[j-1] {
				if v := r2[j-1] + 0.2; v < best {
					best = v
				}
			}
			r0[j] = best
		}
		r2, r1, r0 = r1, r0, r2
	}
	cost := r1[m]
	if cost >= hard && cons < 4 {
		return 0 // a short name with a consonant wrong is another name
	}
	sim := SimAbjad - 0.8*cost/float64(cons)
	if cons <= 2 {
		// two consonants say little: Gad, Qaeda, Dan, Aden
		sim = min(sim, SimAbjad-0.05) - 0.25*cost
	}
	if sim < minAbjad {
		return 0
	}
	return sim
}

// abjadKey maps a key form onto the alphabet of the alignment: sh and ch
// become 'S', dh 'D'.
func abjadKey(out []byte, s string) []byte {
	if len(s) >= cap(out) {
		return out[:0] // too long to align
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i+1 < len(s) && s[i+1] == 'h' {
			switch c {
			case 's', 'c':
				out = append(out, 'S')
				i++
				continue
			case 'd':
				out = append(out, 'D')
				i++
				continue
			}
		}
		if c < 'a' || c > 'z' {
			continue
		}
		out = append(out, c)
	}
	return out
}

func isVowelKey(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// swapped reports whether two consonants are ones romanisations swap:
// ق ك گ as q, k, g; ج as j or g; ض ذ ظ ز as d, dh, z; ث as th, s, t;
// ش as sh or ch; پ and ب as p, b.
func swapped(a, b byte) bool {
	if a > b {
		a, b = b, a
	}
	switch string([]byte{a, b}) {
	case "gk", "gj", "dz", "Dd", "Dz", "st", "Sc", "bp", "bv", "fp":
		return true
	}
	return false
}

// digraph is the letter a Latin key form has for c followed by h (after
// abjadKey and Respell): sh, zh, dh, th, gh, kh.
func digraph(c byte) byte {
	switch c {
	case 's', 'c':
		return 'S'
	case 'z':
		return 'j'
	case 'd':
		return 'D'
	case 't':
		return 't'
	case 'g':
		return 'g'
	case 'k':
		return 'h'
	}
	return 0
}

// subAbjad is the cost of aligning a letter of the abjad word with a Latin
// letter; first is the abjad word's first letter.
func subAbjad(a, l byte, first bool, hard float64) float64 {
	if a == l {
		return 0
	}
	av, lv := isVowelKey(a), isVowelKey(l)
	switch {
	case av && lv:
		switch a {
		case 'a':
			if first || l == 'e' {
				return 0 // alif at the start carries any vowel; ā is a or e
			}
		case 'i':
			if l == 'e' {
				return 0
			}
		case 'u':
			if l == 'o' {
				return 0
			}
		case 'o':
			if l == 'u' {
				return 0
			}
		}
		if a == 'a' {
			return 0.5
		}
		return 0.8 // ي or و read as another vowel: Husayn is not Hassan
	case av:
		// ي and و as the Latin consonants y and w (v)
		if (a == 'i' && l == 'y') || (a == 'u' && l == 'v') || (a == 'o' && l == 'v') {
			return 0
		}
		return hard
	case lv:
		if (a == 'y' && (l == 'i' || l == 'e')) || (a == 'v' && (l == 'u' || l == 'o')) {
			return 0
		}
		return hard
	case swapped(a, l):
		if a == 'd' || a == 'z' || a == 'D' {
			return 0.2 // ض ذ ظ: d in Arabic, z in Persian (Reza, Ramadan)
		}
		return 0.3
	}
	return hard
}

// delAbjad is the cost of a letter of the abjad word the Latin spelling
// does not write.
func delAbjad(a byte, first bool, hard float64) float64 {
	switch a {
	case 'a', 'e', 'o', 'i', 'u':
		if first {
			return 1.0 // a written initial vowel is pronounced
		}
		if a == 'a' || a == 'e' {
			return 0.5
		}
		return 0.8 // a written long vowel the Latin spelling lacks
	case 'y', 'v':
		return 0.5
	case 'h':
		return 0.3 // ه and ح are often left out (Abdalla, Mohamad)
	}
	return hard
}

// insLatin is the cost of a Latin letter the abjad word does not write;
// before is true before the abjad word's first letter.
func insLatin(l byte, before bool, hard float64) float64 {
	switch l {
	case 'a', 'e', 'i', 'o', 'u':
		if before {
			return 1.2 // Arabic writes a word's first vowel (with alif or ayn)
		}
		return 0 // a short vowel
	case 'y':
		return 0.3
	case 'h':
		return 0.5
	}
	return hard
}
