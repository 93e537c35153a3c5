package names

// JaroWinkler returns the Jaro–Winkler similarity of a and b (bytes), in
// [0,1], with the standard prefix scale 0.1 over at most 4 characters.
func JaroWinkler(a, b string) float64 {
	if a == b {
		if a == "" {
			return 0
		}
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	window := max(la, lb)/2 - 1
	if window < 0 {
		window = 0
	}
	var ma, mb [256]bool
	var bufA, bufB []bool
	if la <= 256 && lb <= 256 {
		bufA, bufB = ma[:la], mb[:lb]
	} else {
		bufA, bufB = make([]bool, la), make([]bool, lb)
	}
	matches := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb-1, i+window)
		for j := lo; j <= hi; j++ {
			if bufB[j] || a[i] != b[j] {
				continue
			}
			bufA[i], bufB[j] = true, true
			matches++
			break
		}
	}
	if matches == 0 {
		return 0
	}
	trans, j := 0, 0
	for i := 0; i < la; i++ {
		if !bufA[i] {
			continue
		}
		for !bufB[j] {
			j++
		}
		if a[i] != b[j] {
			trans++
		}
		j++
	}
	m := float64(matches)
	jaro := (m/float64(la) + m/float64(lb) + (m-float64(trans)/2)/m) / 3
	prefix := 0
	for i := 0; i < min(4, la, lb) && a[i] == b[i]; i++ {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}

// Soundex returns the American Soundex code of a folded Latin word
// (letter and three digits), or "" for a word without letters.
func Soundex(w string) string {
	code := func(c byte) byte {
		switch c {
		case 'b', 'f', 'p', 'v':
			return '1'
		case 'c', 'g', 'j', 'k', 'q', 's', 'x', 'z':
			return '2'
		case 'd', 't':
			return '3'
		case 'l':
			return '4'
		case 'm', 'n':
			return '5'
		case 'r':
			return '6'
		case 'h', 'w':
			return 'h' // does not separate equal codes
		}
		return 0 // vowels and y separate equal codes
	}
	out := make([]byte, 0, 4)
	var last byte
	for i := 0; i < len(w) && len(out) < 4; i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c < 'a' || c > 'z' {
			continue
		}
		k := code(c)
		if len(out) == 0 {
			out = append(out, c-'a'+'A')
			last = k
			continue
		}
		switch {
		case k == 'h':
			continue
		case k == 0:
			last = 0
		case k != last:
			out = append(out, k)
			last = k
		}
	}
	if len(out) == 0 {
		return ""
	}
	for len(out) < 4 {
		out = append(out, '0')
	}
	return string(out)
}
