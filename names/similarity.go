package names

// How tells how two tokens were found to match.
type How uint8

const (
	NoMatch       How = iota
	Exact             // the same word
	Spelling          // the same after transliteration or respelling (Khaled/Haled, Путин/Putin)
	Equivalent        // the same name in another language or short form (Yuri/Georgiy no; Mohammed/Mohd yes)
	Fuzzy             // within a small edit distance (typo, one letter)
	Skeletal          // the same consonants: an Arabic- or Hebrew-script word and a Latin spelling
	InitialOf         // an initial and a word starting with it
	NumberDiffers     // two different numbers: evidence against
)

var howNames = [...]string{"none", "exact", "spelling", "equivalent", "fuzzy", "skeleton", "initial", "number_differs"}

func (h How) String() string { return howNames[h] }

// MarshalText renders How as its name.
func (h How) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// Similarity levels per kind of match. Tuned with `embargo eval`.
const (
	SimExact      = 1.0
	SimSpelling   = 0.97
	SimEquivalent = 0.92
	SimInitial    = 0.6
	SimSkeleton   = 0.78
	// MinFuzzy is the lowest fuzzy similarity that counts as a match.
	MinFuzzy = 0.7
)

// Compare returns how similar two tokens are, in [0,1], and how they match.
// Titles and particles compare like words; the scorer weighs them down.
func Compare(a, b *Token) (float64, How) {
	if a.Kind == Number || b.Kind == Number {
		if a.Kind == Number && b.Kind == Number {
			if a.Forms[0] == b.Forms[0] {
				return SimExact, Exact
			}
			return 0, NumberDiffers
		}
		return 0, NoMatch
	}
	if a.Kind == Initial || b.Kind == Initial {
		ai, bi := a.Text, b.Text
		if ai == "" || bi == "" {
			return 0, NoMatch
		}
		if a.Kind == Initial && b.Kind == Initial {
			if ai == bi {
				return SimExact, Exact
			}
			return 0, NoMatch
		}
		if ai[0] == bi[0] {
			return SimInitial, InitialOf
		}
		return 0, NoMatch
	}
	if a.Text == b.Text {
		return SimExact, Exact
	}
	for _, fa := range a.Forms {
		for _, fb := range b.Forms {
			if fa == fb {
				return SimSpelling, Spelling
			}
		}
	}
	if a.Sym != 0 && a.Sym == b.Sym {
		return SimEquivalent, Equivalent
	}
	if a.Abjad != b.Abjad {
		ab, lt := a, b
		if !ab.Abjad {
			ab, lt = b, a
		}
		// the skeleton alone only for words too long to align
		sim, how := 0.0, NoMatch
		if len(ab.Forms[0]) > 30 {
			sim, how = skeletal(a.Skel, b.Skel)
		}
		for k, af := range ab.Forms {
			if k == 2 {
				break
			}
			for i, lf := range lt.Forms {
				if i == 3 {
					break
				}
				if s := AbjadSim(af, lf); s > sim {
					sim, how = s, Skeletal
				}
			}
		}
		return sim, how
	}
	if a.NoFuzzy || b.NoFuzzy {
		return 0, NoMatch
	}
	best := 0.0
	for _, fa := range a.FuzzyForms() {
		for _, fb := range b.Forms {
			if s := FuzzySim(fa, fb); s > best {
				best = s
			}
		}
	}
	if best >= MinFuzzy {
		return best, Fuzzy
	}
	return 0, NoMatch
}

// FuzzyForms are the forms of a token compared by edit distance with every
// form of another: the primary key form and the word as written. Comparing
// every romanisation of one side with every romanisation of the other would
// find some near pair for too many unrelated names.
func (t *Token) FuzzyForms() []string {
	if len(t.Forms) <= 2 {
		return t.Forms
	}
	return []string{t.Forms[0], t.Forms[len(t.Forms)-1]}
}

func skeletal(a, b string) (float64, How) {
	if a == "" || b == "" {
		return 0, NoMatch
	}
	if a == b {
		return SimSkeleton, Skeletal
	}
	if len(a) >= 4 && len(b) >= 4 {
		if d := OSA(a, b, 10); d <= 10 {
			return SimSkeleton * (1 - 1/float64(max(len(a), len(b)))), Skeletal
		}
	}
	return 0, NoMatch
}

// FuzzySim compares two key forms by a weighted optimal string alignment
// distance: an insertion, deletion or substitution costs 1, swapping two
// adjacent letters 0.6 (the commonest typo). The distance allowed grows with
// length: a swap from 3 letters, one edit from 4, two from 8, three from 12;
// shorter words must match exactly. Different first letters cost another
// half edit, unless the first two letters were swapped. The similarity is
// 1 - FuzzySlope·cost/length, so one edit in a short name weighs more than
// in a long one.
func FuzzySim(a, b string) float64 {
	l := max(len(a), len(b))
	maxD := 0
	switch {
	case l >= 12:
		maxD = 30
	case l >= 8:
		maxD = 20
	case l >= 4:
		maxD = 10
	case l == 3:
		maxD = 6
	}
	if maxD == 0 {
		return 0
	}
	if d := (len(a) - len(b)) * 10; d > maxD || -d > maxD {
		return 0
	}
	d := OSA(a, b, maxD)
	if d > maxD {
		return 0
	}
	cost := float64(d) / 10
	if a[0] != b[0] && !(len(a) > 1 && len(b) > 1 && a[0] == b[1] && a[1] == b[0]) {
		cost += 0.5
	}
	s := 1 - FuzzySlope*cost/float64(l)
	if s < 0 {
		return 0
	}
	return s
}

// FuzzySlope scales the cost of edits into similarity.
const FuzzySlope = 1.25

// OSA returns the weighted optimal string alignment distance between a and
// b in tenths of an edit (insertion, deletion, substitution 10; adjacent
// transposition 6), or limit+1 as soon as it is known to exceed limit.
func OSA(a, b string, limit int) int {
	if a == b {
		return 0
	}
	la, lb := len(a), len(b)
	if la == 0 {
		return lb * 10
	}
	if lb == 0 {
		return la * 10
	}
	if la > 64 || lb > 64 {
		return max(la, lb) * 10
	}
	var buf [3][65]int
	prev2, prev, cur := buf[0][:lb+1], buf[1][:lb+1], buf[2][:lb+1]
	for j := 0; j <= lb; j++ {
		prev[j] = j * 10
	}
	prevMin := 0
	for i := 1; i <= la; i++ {
		cur[0] = i * 10
		rowMin := cur[0]
		for j := 1; j <= lb; j++ {
			cost := 10
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j] + 10
			if x := cur[j-1] + 10; x < v {
				v = x
			}
			if x := prev[j-1] + cost; x < v {
				v = x
			}
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] && a[i-1] != a[i-2] {
				if x := prev2[j-2] + 6; x < v {
					v = x
				}
			}
			cur[j] = v
			if v < rowMin {
				rowMin = v
			}
		}
		// a transposition jumps a row, so both rows must exceed the limit
		if rowMin > limit && prevMin > limit {
			return limit + 1
		}
		prevMin = rowMin
		prev2, prev, cur = prev, cur, prev2
	}
	if prev[lb] > limit {
		return limit + 1
	}
	return prev[lb]
}
