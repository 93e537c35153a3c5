package match

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/embargo/embargo/index"
	"github.com/embargo/embargo/names"
)

// pair is a candidate alignment of one or two query words with one or two
// listed words.
type pair struct {
	q, q2 int // q2 = -1 unless two query words are joined
	l, l2 int // l2 = -1 unless two listed words are joined
	sim   float64
	how   names.How
}

// WordMatch explains one aligned pair of words.
type WordMatch struct {
	Query      string  `json:"query"`
	Listed     string  `json:"listed"`
	How        string  `json:"how"`
	Similarity float64 `json:"similarity"`
	Weight     float64 `json:"weight"` // share of the name score this pair carries
}

// NameScore is the result of aligning a query name with a listed name.
type NameScore struct {
	Score           float64     `json:"score"`
	Words           []WordMatch `json:"words"`
	UnmatchedQuery  []string    `json:"unmatched_query,omitempty"`
	UnmatchedListed []string    `json:"unmatched_listed,omitempty"`
	Notes           []Reason    `json:"notes,omitempty"` // guards and penalties applied
	// QMask has bit i set when query token i is matched (tokens past 63
	// are not recorded); LMask likewise for the listed name's tokens.
	QMask, LMask uint64 `json:"-"`
	// matchedInfo is the rarity weight the query words matched carry.
	matchedInfo float64
	matchedQ    int
}

// weights for minor tokens as fractions of a typical word.
const (
	minorWeight   = 0.1
	initialWeight = 0.35
)

// alignment does the work shared by the index path and the pairwise path.
type alignment struct {
	cfg     *Config
	q, l    *names.Name
	qw, lw  []float64
	pairs   []pair
	maxIDF  float64 // the weight of the rarest word, for the guards
	explain bool    // build the word-by-word explanation

	// scratch reused between alignments
	usedQ, usedL []bool
	chosen       []pair
}

// note records a guard or penalty when explaining.
func (a *alignment) note(ns *NameScore, r Reason) {
	if a.explain {
		ns.Notes = append(ns.Notes, r)
	}
}

// minorListed reports whether an unmatched listed word costs little: a
// middle name or patronymic, a title, a particle or an initial.
func minorListed(t *names.Token) bool {
	switch t.Kind {
	case names.Title, names.Particle, names.Initial:
		return true
	}
	return t.Role == names.RoleMiddle || t.Role == names.RolePatronymic
}

func (a *alignment) run() NameScore {
	ps := a.pairs
	slices.SortStableFunc(ps, func(x, y pair) int {
		if x.sim != y.sim {
			if x.sim > y.sim {
				return -1
			}
			return 1
		}
		// prefer one-to-one pairs, then earlier words
		if sx, sy := btoi(x.q2 >= 0)+btoi(x.l2 >= 0), btoi(y.q2 >= 0)+btoi(y.l2 >= 0); sx != sy {
			return sx - sy
		}
		if x.q != y.q {
			return x.q - y.q
		}
		return x.l - y.l
	})
	a.usedQ = grow(a.usedQ, len(a.q.Tokens))
	a.usedL = grow(a.usedL, len(a.l.Tokens))
	usedQ, usedL := a.usedQ, a.usedL
	chosen := a.chosen[:0]
	for _, p := range ps {
		if usedQ[p.q] || usedL[p.l] || (p.q2 >= 0 && usedQ[p.q2]) || (p.l2 >= 0 && usedL[p.l2]) {
			continue
		}
		usedQ[p.q] = true
		usedL[p.l] = true
		if p.q2 >= 0 {
			usedQ[p.q2] = true
		}
		if p.l2 >= 0 {
			usedL[p.l2] = true
		}
		chosen = append(chosen, p)
	}

	var ns NameScore
	var num, den float64
	a.chosen = chosen
	var contribs []float64
	if a.explain {
		contribs = make([]float64, len(chosen))
	}
	for k, p := range chosen {
		wq := a.qw[p.q]
		if p.q2 >= 0 {
			wq += a.qw[p.q2]
		}
		wl := a.lw[p.l]
		if p.l2 >= 0 {
			wl += a.lw[p.l2]
		}
		pw := (wq + wl) / 2
		num += p.sim * pw
		den += pw
		if contribs != nil {
			contribs[k] = p.sim * pw
		}
		qt := a.q.Tokens[p.q]
		if qt.Kind == names.Word || qt.Kind == names.Number {
			ns.matchedInfo += p.sim * wq
			ns.matchedQ++
		}
		for _, i := range [2]int{p.q, p.q2} {
			if i >= 0 && i < 64 {
				ns.QMask |= 1 << i
			}
		}
		for _, j := range [2]int{p.l, p.l2} {
			if j >= 0 && j < 64 {
				ns.LMask |= 1 << j
			}
		}
	}
	qWords := 0
	for i, t := range a.q.Tokens {
		if t.Kind == names.Word || t.Kind == names.Number {
			qWords++
		}
		if usedQ[i] {
			continue
		}
		cost := a.cfg.UnmatchedQuery
		if t.Kind == names.Title || t.Kind == names.Particle {
			cost = a.cfg.UnmatchedMinor
		}
		den += cost * a.qw[i]
		if a.explain {
			ns.UnmatchedQuery = append(ns.UnmatchedQuery, t.Text)
		}
	}
	extraWords := 0 // distinctive listed words the query does not have
	otherWords := 0 // listed words the query does not have, generic ones too
	for j := range a.l.Tokens {
		if usedL[j] {
			continue
		}
		if a.l.Tokens[j].Kind == names.Word {
			otherWords++
		}
		t := &a.l.Tokens[j]
		cost := a.cfg.UnmatchedListed
		switch {
		case t.Kind == names.Number:
			cost = a.cfg.UnmatchedQuery // MARGARITA 1 is not MARGARITA
		case t.Role == names.RoleFamily:
			cost = a.cfg.UnmatchedFamily
		case minorListed(t):
			cost = a.cfg.UnmatchedMinor
		}
		den += cost * a.lw[j]
		if a.explain {
			ns.UnmatchedListed = append(ns.UnmatchedListed, t.Text)
		}
		if t.Kind == names.Word && !t.Org && t.Role != names.RoleMiddle && t.Role != names.RolePatronymic {
			extraWords++
		}
	}
	if den == 0 || len(chosen) == 0 {
		return ns
	}
	score := num / den
	for k, p := range chosen {
		if !a.explain {
			break
		}
		ns.Words = append(ns.Words, WordMatch{
			Query:      joinText(a.q, p.q, p.q2),
			Listed:     joinText(a.l, p.l, p.l2),
			How:        p.how.String(),
			Similarity: round3(p.sim),
			Weight:     round3(contribs[k] / den),
		})
	}

	// order: words matched in another order (reversed given and family
	// names) rank a little lower, but still match.
	if len(chosen) > 1 {
		inv, tot := 0, 0
		for x := 0; x < len(chosen); x++ {
			for y := x + 1; y < len(chosen); y++ {
				tot++
				if (chosen[x].q < chosen[y].q) != (chosen[x].l < chosen[y].l) {
					inv++
				}
			}
		}
		if inv > 0 {
			pen := a.cfg.OrderPenalty * float64(inv) / float64(tot)
			score -= pen
			a.note(&ns, Reason{Feature: "word_order", Effect: -round3(pen), Detail: "words matched in a different order"})
		}
	}

	// numbers must agree: Bank 1 is not Bank 2
	qNums, lNums := numbers(a.q), numbers(a.l)
	if len(qNums) > 0 && len(lNums) > 0 && !sameSet(qNums, lNums) {
		f := a.cfg.NumberClash
		a.note(&ns, Reason{Feature: "numbers", Effect: -round3(score * (1 - f)),
			Query: strings.Join(qNums, " "), Listed: strings.Join(lNums, " "), Detail: "the numbers in the names differ"})
		score *= f
	}

	// legal forms are compared as forms
	if a.q.Legal != "" && a.l.Legal != "" {
		if a.q.Legal != a.l.Legal {
			score -= a.cfg.LegalFormClash
			a.note(&ns, Reason{Feature: "legal_form", Query: a.q.LegalText, Listed: a.l.LegalText,
				Effect: -a.cfg.LegalFormClash, Detail: "different legal forms (" + string(a.q.Legal) + " vs " + string(a.l.Legal) + ")"})
		} else {
			a.note(&ns, Reason{Feature: "legal_form", Query: a.q.LegalText, Listed: a.l.LegalText,
				Detail: "same legal form (" + string(a.q.Legal) + ")"})
		}
	}

	// common words must not carry a match
	generic := true
	for _, p := range chosen {
		t := a.q.Tokens[p.q]
		if (t.Kind == names.Word || t.Kind == names.Number) && !t.Org {
			generic = false
		}
	}
	if generic && score > a.cfg.GenericCap {
		a.note(&ns, Reason{Feature: "common_words", Effect: -round3(score - a.cfg.GenericCap),
			Detail: "only generic organisation words match"})
		score = a.cfg.GenericCap
	}
	// a one-word query must match that word closely (a typo of a one-word
	// name is just another name), and a one-word query against a listed name
	// with more distinctive words says too little on its own
	if qWords == 1 && len(chosen) == 1 && score > a.cfg.SingleCap {
		detail := ""
		switch {
		case chosen[0].how == names.Fuzzy || chosen[0].how == names.Skeletal:
			detail = "a one-word name that matches only approximately"
		case extraWords > 0:
			detail = "a one-word name against a listed name with more words"
		case otherWords > 0 && utf8.RuneCountInString(a.q.Tokens[chosen[0].q].Text) <= 2:
			detail = "a name of one or two letters against a listed name with more words"
		}
		if detail != "" {
			a.note(&ns, Reason{Feature: "common_words", Effect: -round3(score - a.cfg.SingleCap), Detail: detail})
			score = a.cfg.SingleCap
		}
	}
	if a.maxIDF > 0 {
		if ns.matchedQ <= 1 && ns.matchedInfo < a.cfg.RareShare*a.maxIDF && score > a.cfg.SingleCap {
			a.note(&ns, Reason{Feature: "common_words", Effect: -round3(score - a.cfg.SingleCap),
				Detail: "the match rests on a single common word"})
			score = a.cfg.SingleCap
		} else if min := a.cfg.MinInfoShare * a.maxIDF; ns.matchedInfo < min {
			f := a.cfg.MinInfoFactor + (1-a.cfg.MinInfoFactor)*ns.matchedInfo/min
			a.note(&ns, Reason{Feature: "common_words", Effect: -round3(score * (1 - f)),
				Detail: "the matching words are common in the lists"})
			score *= f
		}
	}
	if score < 0 {
		score = 0
	}
	ns.Score = math.Min(score, 1)
	return ns
}

func joinText(n *names.Name, i, j int) string {
	if j < 0 {
		return n.Tokens[i].Text
	}
	return n.Tokens[i].Text + " " + n.Tokens[j].Text
}

func numbers(n *names.Name) []string {
	var out []string
	for _, t := range n.Tokens {
		if t.Kind == names.Number {
			out = append(out, t.Forms[0])
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	m := map[string]bool{}
	for _, x := range a {
		m[x] = true
	}
	for _, x := range b {
		if !m[x] {
			return false
		}
	}
	return len(a) == len(b) || len(m) == len(b)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

// ---- the index path ----

// ScoreIndexed aligns a looked-up query with one listed name of the index.
// With explain false only the score is computed, which is all candidate
// ranking needs; hits are then explained with explain true.
func (s *Scorer) ScoreIndexed(lk *index.Lookup, ne *index.NameEntry, explain bool) NameScore {
	q, l := lk.Query, &ne.Name
	a := alignPool.Get().(*alignment)
	defer alignPool.Put(a)
	*a = alignment{cfg: &s.cfg, q: q, l: l, maxIDF: float64(s.ix.MaxIDF()), explain: explain,
		qw: a.qw[:0], lw: a.lw[:0], pairs: a.pairs[:0], usedQ: a.usedQ[:0], usedL: a.usedL[:0], chosen: a.chosen[:0]}
	typical := 0.5 * a.maxIDF
	a.qw = grow(a.qw, len(q.Tokens))
	for i := range q.Tokens {
		if i < len(lk.Weight) {
			a.qw[i] = float64(lk.Weight[i])
		}
	}
	a.lw = grow(a.lw, len(l.Tokens))
	for j := range l.Tokens {
		t := &l.Tokens[j]
		w := float64(ne.Weight[j])
		switch t.Kind {
		case names.Title, names.Particle:
			w = minorWeight * typical
		case names.Initial:
			w = initialWeight * typical
		}
		if t.Role == names.RoleFamily {
			w *= s.cfg.FamilyBoost
		}
		a.lw[j] = w
	}
	// pairs from the term table
	add := func(p pair) {
		for k := range a.pairs {
			x := &a.pairs[k]
			if x.q == p.q && x.q2 == p.q2 && x.l == p.l && x.l2 == p.l2 {
				if p.sim > x.sim {
					*x = p
				}
				return
			}
		}
		a.pairs = append(a.pairs, p)
	}
	for j, terms := range ne.Terms {
		lt := &l.Tokens[j]
		for _, t := range terms {
			for _, m := range lk.Terms[t] {
				sim, how := float64(m.Sim), m.How
				qi := int(m.Q)
				if qi >= len(q.Tokens) {
					continue
				}
				if m.Half != 0 {
					// a split query word: needs the other half next to it
					other := j + 1
					if m.Half == 2 {
						other = j - 1
					}
					if other < 0 || other >= len(ne.Terms) || !hasHalf(lk, ne.Terms[other], m.Q, 3-m.Half) {
						continue
					}
					lo := min(j, other)
					add(pair{q: qi, q2: -1, l: lo, l2: lo + 1, sim: sim, how: how})
					continue
				}
				if m.Q2 < 0 && (how == names.Exact || how == names.Spelling) {
					if q.Tokens[qi].Text == lt.Text {
						sim, how = names.SimExact, names.Exact
					} else {
						sim, how = names.SimSpelling, names.Spelling
					}
				}
				add(pair{q: qi, q2: int(m.Q2), l: j, l2: -1, sim: sim, how: how})
			}
		}
	}
	s.addInitials(a, add)
	if weak := a.weakQuery(); weak != nil {
		s.addListedJoins(a, add, weak)
		s.addDoubleJoins(a, add, weak)
	}
	return a.run()
}

var alignPool = sync.Pool{New: func() any { return new(alignment) }}

// grow returns b resized to n zeroed elements, reusing its array.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	b = b[:n]
	clear(b)
	return b
}

func hasHalf(lk *index.Lookup, terms []int32, q int8, half int8) bool {
	for _, t := range terms {
		for _, m := range lk.Terms[t] {
			if m.Q == q && m.Half == half {
				return true
			}
		}
	}
	return false
}

// addInitials pairs initials with words starting with the same letter.
func (s *Scorer) addInitials(a *alignment, add func(pair)) {
	for i := range a.q.Tokens {
		qt := &a.q.Tokens[i]
		for j := range a.l.Tokens {
			lt := &a.l.Tokens[j]
			if qt.Kind != names.Initial && lt.Kind != names.Initial {
				continue
			}
			if sim, how := names.Compare(qt, lt); sim > 0 {
				add(pair{q: i, q2: -1, l: j, l2: -1, sim: sim, how: how})
			}
		}
	}
}

// addDoubleJoins pairs two adjacent query words with two adjacent listed
// words when they spell the same once joined (arefullaha ref / arefullah
// aref, myongc hin / myong chin).
func (s *Scorer) addDoubleJoins(a *alignment, add func(pair), weak []bool) {
	if len(a.q.Tokens) < 2 || len(a.l.Tokens) < 2 {
		return
	}
	for i := 0; i+1 < len(a.q.Tokens); i++ {
		q1, q2 := &a.q.Tokens[i], &a.q.Tokens[i+1]
		if q1.Kind != names.Word || q2.Kind != names.Word || (!weak[i] && !weak[i+1]) {
			continue
		}
		qj := q1.Forms[0] + q2.Forms[0]
		for j := 0; j+1 < len(a.l.Tokens); j++ {
			l1, l2 := &a.l.Tokens[j], &a.l.Tokens[j+1]
			if l1.Kind != names.Word || l2.Kind != names.Word {
				continue
			}
			if q1.Forms[0] == l1.Forms[0] && q2.Forms[0] == l2.Forms[0] {
				continue // plain pairs already
			}
			// only spellings that start and end alike can be the same
			// once joined; test that before joining
			lf1, lf2 := l1.Forms[0], l2.Forms[0]
			if d := len(qj) - len(lf1) - len(lf2); d > 3 || d < -3 || lf1 == "" || lf2 == "" ||
				qj[0] != lf1[0] || qj[len(qj)-1] != lf2[len(lf2)-1] {
				continue
			}
			lj := lf1 + lf2
			if qj == lj {
				add(pair{q: i, q2: i + 1, l: j, l2: j + 1, sim: names.SimSpelling, how: names.Spelling})
			} else if sim := names.FuzzySim(qj, lj); sim >= 0.85 {
				add(pair{q: i, q2: i + 1, l: j, l2: j + 1, sim: sim, how: names.Fuzzy})
			}
		}
	}
}

// addListedJoins pairs a query word with two adjacent listed words written
// together in the query (alrawi / al rawi), which the term table only finds
// when both halves are listed words of their own.
func (s *Scorer) addListedJoins(a *alignment, add func(pair), weak []bool) {
	if len(a.l.Tokens) < 2 {
		return
	}
	for i := range a.q.Tokens {
		qt := &a.q.Tokens[i]
		if qt.Kind != names.Word || len(qt.Forms[0]) < 5 || !weak[i] {
			continue
		}
		for j := 0; j+1 < len(a.l.Tokens); j++ {
			l1, l2 := &a.l.Tokens[j], &a.l.Tokens[j+1]
			if l2.Kind != names.Word || (l1.Kind != names.Word && l1.Kind != names.Particle) {
				continue
			}
			qf, lf1, lf2 := qt.Forms[0], l1.Forms[0], l2.Forms[0]
			if d := len(lf1) + len(lf2) - len(qf); d > 3 || d < -3 || lf1 == "" || lf2 == "" ||
				qf[0] != lf1[0] || qf[len(qf)-1] != lf2[len(lf2)-1] {
				continue
			}
			joined := lf1 + lf2
			if joined == qt.Forms[0] {
				add(pair{q: i, q2: -1, l: j, l2: j + 1, sim: names.SimSpelling, how: names.Spelling})
			} else if sim := names.FuzzySim(qt.Forms[0], joined); sim >= names.MinFuzzy {
				add(pair{q: i, q2: -1, l: j, l2: j + 1, sim: sim, how: names.Fuzzy})
			}
		}
	}
}

// ---- the pairwise path (no index) ----

// CompareNames scores two names without an index: every word weighs the
// same, except titles, particles, initials and generic organisation words.
func (s *Scorer) CompareNames(q, l *names.Name) NameScore {
	a := alignment{cfg: &s.cfg, q: q, l: l, explain: true}
	if s.ix != nil {
		a.maxIDF = float64(s.ix.MaxIDF())
	}
	weight := func(t *names.Token) float64 {
		switch {
		case t.Kind == names.Title || t.Kind == names.Particle:
			return minorWeight
		case t.Kind == names.Initial:
			return initialWeight
		case t.Org:
			return 0.3
		}
		return 1
	}
	for i := range q.Tokens {
		a.qw = append(a.qw, weight(&q.Tokens[i]))
	}
	for j := range l.Tokens {
		w := weight(&l.Tokens[j])
		if l.Tokens[j].Role == names.RoleFamily {
			w *= s.cfg.FamilyBoost
		}
		a.lw = append(a.lw, w)
	}
	add := func(p pair) { a.pairs = append(a.pairs, p) }
	for i := range q.Tokens {
		for j := range l.Tokens {
			qt, lt := &q.Tokens[i], &l.Tokens[j]
			if qt.Kind == names.Initial || lt.Kind == names.Initial {
				continue // addInitials
			}
			if sim, how := names.Compare(qt, lt); sim > 0 {
				add(pair{q: i, q2: -1, l: j, l2: -1, sim: sim, how: how})
			}
		}
	}
	// joined query words against one listed word
	for i := 0; i+1 < len(q.Tokens); i++ {
		joined := q.Tokens[i].Forms[0] + q.Tokens[i+1].Forms[0]
		for j := range l.Tokens {
			lf := l.Tokens[j].Forms[0]
			if joined == lf {
				add(pair{q: i, q2: i + 1, l: j, l2: -1, sim: names.SimSpelling, how: names.Spelling})
			} else if sim := names.FuzzySim(joined, lf); sim >= names.MinFuzzy {
				add(pair{q: i, q2: i + 1, l: j, l2: -1, sim: sim, how: names.Fuzzy})
			}
		}
	}
	s.addInitials(&a, add)
	if weak := a.weakQuery(); weak != nil {
		s.addListedJoins(&a, add, weak)
		s.addDoubleJoins(&a, add, weak)
	}
	return a.run()
}

// weakQuery marks the query words without a close partner yet (best
// similarity under 0.95); joined-word pairs are only tried for those. It
// returns nil when every word has one.
func (a *alignment) weakQuery() []bool {
	best := make([]float64, len(a.q.Tokens))
	for _, p := range a.pairs {
		best[p.q] = max(best[p.q], p.sim)
		if p.q2 >= 0 {
			best[p.q2] = max(best[p.q2], p.sim)
		}
	}
	var weak []bool
	for i, b := range best {
		if b < 0.95 && a.q.Tokens[i].Kind == names.Word {
			if weak == nil {
				weak = make([]bool, len(best))
			}
			weak[i] = true
		}
	}
	return weak
}
