package names

import "strings"

// Respell maps a folded Latin word to its key form, folding romanisation
// differences that carry no meaning for name matching:
//
//	kh → h, ph → f, th → t, gh → g, w → v, q → k, ck → k, x → ks,
//	dzh, dj, zh, j before a consonant → j, sch, tsch → sh, ch,
//	ou, oo → u, ee → i, y between consonants → i,
//	c before a, o, u or a consonant → k,
//	doubled letters once, final -iy, -ii, -yi, -ij, -y → i, final -ey, -ej → ei,
//	final -h after a vowel dropped (Abdullah/Abdulla).
//
// Respell is applied to both sides of a comparison, so it only has to be
// consistent, not linguistically right.
func Respell(w string) string {
	if w == "" {
		return w
	}
	if isDigits(w) {
		return w
	}
	b := []byte(w)
	out := make([]byte, 0, len(b)+2)
	n := len(b)
	at := func(i int) byte {
		if i >= 0 && i < n {
			return b[i]
		}
		return 0
	}
	for i := 0; i < n; i++ {
		c := b[i]
		nx := at(i + 1)
		switch c {
		case 'k':
			if nx == 'h' {
				out = append(out, 'h')
				i++
				continue
			}
		case 'p':
			if nx == 'h' {
				out = append(out, 'f')
				i++
				continue
			}
		case 't':
			if nx == 'h' {
				out = append(out, 't')
				i++
				continue
			}
			if nx == 's' && at(i+2) == 'c' && at(i+3) == 'h' { // tsch
				out = append(out, 'c', 'h')
				i += 3
				continue
			}
			if nx == 'c' && at(i+2) == 'h' { // tch
				out = append(out, 'c', 'h')
				i += 2
				continue
			}
		case 'g':
			if nx == 'h' {
				out = append(out, 'g')
				i++
				continue
			}
		case 'd':
			if nx == 'z' && at(i+2) == 'h' {
				out = append(out, 'j')
				i += 2
				continue
			}
			if nx == 'j' {
				out = append(out, 'j')
				i++
				continue
			}
		case 'z':
			if nx == 'h' {
				out = append(out, 'j')
				i++
				continue
			}
		case 's':
			if nx == 'c' && at(i+2) == 'h' {
				out = append(out, 's', 'h')
				i += 2
				continue
			}
		case 'w':
			c = 'v'
		case 'q':
			c = 'k'
		case 'x':
			out = append(out, 'k', 's')
			continue
		case 'c':
			if nx == 'k' {
				continue // ck → k
			}
			if nx != 'h' && nx != 'e' && nx != 'i' && nx != 'y' && nx != 'z' {
				c = 'k'
			}
		case 'o':
			if nx == 'u' || nx == 'o' {
				out = append(out, 'u')
				i++
				continue
			}
		case 'e':
			if nx == 'e' {
				out = append(out, 'i')
				i++
				continue
			}
		case 'y':
			// y between consonants (or after a consonant at the end) is a vowel
			if i > 0 && !isVowel(at(i-1)) && (i+1 >= n || !isVowel(nx)) {
				c = 'i'
			}
		}
		out = append(out, c)
	}
	// doubled letters once
	j := 0
	for i := 0; i < len(out); i++ {
		if j > 0 && out[j-1] == out[i] && isLetter(out[i]) {
			continue
		}
		out[j] = out[i]
		j++
	}
	out = out[:j]
	s := string(out)
	// endings
	switch {
	case len(s) > 3 && (strings.HasSuffix(s, "iy") || strings.HasSuffix(s, "yi") || strings.HasSuffix(s, "ij")):
		s = s[:len(s)-2] + "i"
	case len(s) > 3 && (strings.HasSuffix(s, "ey") || strings.HasSuffix(s, "ej")):
		s = s[:len(s)-2] + "ei"
	case len(s) > 3 && strings.HasSuffix(s, "i") && s[len(s)-2] == 'i':
		s = s[:len(s)-1]
	case len(s) > 4 && strings.HasSuffix(s, "h") && isVowel(s[len(s)-2]):
		s = s[:len(s)-1]
	}
	return s
}

// Skeleton returns the consonants of a key form, vowels, y and w (v)
// dropped, z written as d, g as k and ch as sh, and repeats collapsed: mohammed → mhmd,
// muhammad → mhmd, morteza → mrtd. It is
// how names written in Arabic or Hebrew, which omit short vowels, are
// compared with Latin spellings.
func Skeleton(w string) string {
	// an abjad rendering keeps h apart from the letter before it (ft'hi);
	// the skeleton folds them as a Latin spelling's would be (fathi → fti)
	r := Respell(strings.ReplaceAll(w, "'", ""))
	out := make([]byte, 0, len(r))
	for i := 0; i < len(r); i++ {
		c := r[i]
		if isVowel(c) || c == 'y' || c == 'v' || !isLetter(c) {
			continue // w (v) too: و is a vowel or a consonant
		}
		if c == 'c' && i+1 < len(r) && r[i+1] == 'h' {
			c = 's' // ch and sh: Chehabi, Shihabi
		}
		if c == 'h' && i > 0 && r[i-1] == 'd' {
			continue // dh as d: Romdhane, Ramadan
		}
		// consonants romanisations swap: ض ذ ظ as d, z or dh (Ramadan,
		// Reza); ق گ as q, k, g or gh (Qasem, Ghasem, Gasmi)
		switch c {
		case 'z':
			c = 'd'
		case 'g', 'j':
			c = 'k' // ج is j and g: Jamal, Gamal, George
		}
		if len(out) > 0 && out[len(out)-1] == c {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
