package index

import (
	"slices"

	"github.com/embargo/embargo/names"
)

// TermMatch is a listed word (term) matched by a query word.
type TermMatch struct {
	Term int32
	Sim  float32
	How  names.How
}

// QMatch is one query word (or two joined query words) matching a term.
type QMatch struct {
	Q    int8 // query token
	Q2   int8 // second query token when two query words were joined to match it, else -1
	Sim  float32
	How  names.How
	Half int8 // for a split query word: 1 = this term is its first half, 2 = its second; else 0
}

// Lookup is the word-level result of matching one query name against the
// vocabulary: which listed words each query word matches, and how well.
type Lookup struct {
	Query  *names.Name
	Weight []float32 // rarity weight per query token
	// Terms maps a term to the query words that match it.
	Terms map[int32][]QMatch
	// per query token (and joined pair) the matched terms, best first,
	// for candidate retrieval
	groups []group
}

type group struct {
	q, q2   int8
	weight  float32
	matches []TermMatch
}

// Lookup matches every word of q against the vocabulary.
func (ix *Index) Lookup(q *names.Name) *Lookup { return ix.lookup(q, true) }

// LookupExact is Lookup without edit-distance matching: words match listed
// words exactly, after transliteration and respelling, by equivalence or by
// consonant skeleton. Text screening uses it: names in running text are
// rarely misspelt, and there are many of them.
func (ix *Index) LookupExact(q *names.Name) *Lookup { return ix.lookup(q, false) }

func (ix *Index) lookup(q *names.Name, fuzzy bool) *Lookup {
	lk := &Lookup{Query: q, Weight: make([]float32, len(q.Tokens)), Terms: make(map[int32][]QMatch, 8*len(q.Tokens))}
	toks := q.Tokens
	if len(toks) > 120 {
		toks = toks[:120] // int8 indices; names are never this long after Analyze
	}
	for i := range toks {
		t := &toks[i]
		ms := ix.cachedMatches(t, fuzzy)
		w := ix.tokenWeight(t, ms)
		lk.Weight[i] = w
		for _, m := range ms {
			lk.Terms[m.Term] = append(lk.Terms[m.Term], QMatch{Q: int8(i), Q2: -1, Sim: m.Sim, How: m.How})
		}
		if t.Kind == names.Word || t.Kind == names.Number {
			lk.groups = append(lk.groups, group{q: int8(i), q2: -1, weight: w, matches: ms})
		}
		// a joined word in the list, split in the query … no: a query word
		// that the list writes as two words (alrawi / al rawi)
		if t.Kind == names.Word && len(t.Forms[0]) >= 6 {
			ix.splitMatches(lk, int8(i), t, w)
		}
	}
	// two query words the list writes as one (xiu ying / xiuying, abdul rahman / abdulrahman)
	for i := 0; i+1 < len(toks); i++ {
		a, b := &toks[i], &toks[i+1]
		if a.Kind != names.Word && a.Kind != names.Particle || b.Kind != names.Word {
			continue
		}
		joined := a.Forms[0] + b.Forms[0]
		var ms []TermMatch
		if id, ok := ix.vocab[joined]; ok {
			ms = append(ms, TermMatch{Term: id, Sim: names.SimSpelling, How: names.Spelling})
		} else if len(joined) >= 8 && fuzzy {
			ms = ix.fuzzy(joined, ms)
		}
		if len(ms) == 0 {
			continue
		}
		sortTermMatches(ms)
		w := lk.Weight[i] + lk.Weight[i+1]
		for _, m := range ms {
			lk.Terms[m.Term] = append(lk.Terms[m.Term], QMatch{Q: int8(i), Q2: int8(i + 1), Sim: m.Sim, How: m.How})
		}
		lk.groups = append(lk.groups, group{q: int8(i), q2: int8(i + 1), weight: w, matches: ms})
	}
	return lk
}

// matchToken finds the terms a query word matches.
func (ix *Index) matchToken(t *names.Token, fuzzy bool) []TermMatch {
	out := make([]TermMatch, 0, 8)
	find := func(id int32) int {
		for k := range out {
			if out[k].Term == id {
				return k
			}
		}
		return -1
	}
	add := func(id int32, sim float32, how names.How) {
		if sim <= 0 {
			return
		}
		if k := find(id); k >= 0 {
			if sim > out[k].Sim {
				out[k].Sim, out[k].How = sim, how
			}
			return
		}
		out = append(out, TermMatch{Term: id, Sim: sim, How: how})
	}
	switch t.Kind {
	case names.Number, names.Particle, names.Title:
		for _, f := range t.Forms {
			if id, ok := ix.vocab[f]; ok {
				add(id, names.SimExact, names.Exact)
			}
		}
		return out
	case names.Initial:
		return nil // initials are compared during scoring
	}
	for k, f := range t.Forms {
		if id, ok := ix.vocab[f]; ok {
			if k == 0 {
				add(id, names.SimExact, names.Exact)
			} else {
				add(id, names.SimSpelling, names.Spelling)
			}
		}
	}
	if t.Sym != 0 {
		for _, id := range ix.syms[t.Sym] {
			add(id, names.SimEquivalent, names.Equivalent)
		}
	}
	// fuzzy, through the delete table
	for _, f := range t.FuzzyForms() {
		if len(f) < 3 || t.NoFuzzy || !fuzzy {
			continue
		}
		deleteHashes(f, func(h uint64) {
			for _, id := range ix.dels.get(h) {
				if k := find(id); k >= 0 && out[k].Sim >= names.SimEquivalent {
					continue
				}
				if ix.terms[id].abjad != t.Abjad {
					continue
				}
				if s := names.FuzzySim(f, ix.terms[id].form); s >= names.MinFuzzy {
					add(id, float32(s), names.Fuzzy)
				}
			}
		})
	}
	// consonant skeletons: across abjad and alphabetic spellings, and for
	// long words that differ in several vowels
	if sk := t.Skel; sk != "" && (t.Abjad || (len(sk) >= 4 && fuzzy)) {
		for _, id := range ix.skels[sk] {
			tm := &ix.terms[id]
			if tm.abjad != t.Abjad {
				if t.Abjad && len(tm.form) > len(t.Forms[0])+4 {
					continue
				}
				tok := names.Token{Text: tm.form, Forms: []string{tm.form}, Skel: tm.skel, Abjad: tm.abjad, Sym: tm.sym}
				if s, how := names.Compare(t, &tok); s > 0 {
					add(id, float32(s), how)
				}
				continue
			}
			if t.NoFuzzy {
				continue
			}
			for _, f := range t.FuzzyForms() {
				if s := names.FuzzySim(f, tm.form); s >= names.MinFuzzy {
					add(id, float32(s), names.Fuzzy)
				}
			}
		}
	}
	return out
}

func (ix *Index) fuzzy(f string, out []TermMatch) []TermMatch {
	seen := map[int32]bool{}
	deleteHashes(f, func(h uint64) {
		for _, id := range ix.dels.get(h) {
			if seen[id] {
				continue
			}
			seen[id] = true
			if s := names.FuzzySim(f, ix.terms[id].form); s >= names.MinFuzzy {
				out = append(out, TermMatch{Term: id, Sim: float32(s), How: names.Fuzzy})
			}
		}
	})
	return out
}

// splitMatches records a query word that the list writes as two words.
func (ix *Index) splitMatches(lk *Lookup, i int8, t *names.Token, w float32) {
	f := t.Forms[0]
	for k := 2; k <= len(f)-3; k++ {
		l, lok := ix.vocab[f[:k]]
		r, rok := ix.vocab[f[k:]]
		if !lok || !rok {
			continue
		}
		lk.Terms[l] = append(lk.Terms[l], QMatch{Q: i, Q2: -1, Sim: names.SimSpelling, How: names.Spelling, Half: 1})
		lk.Terms[r] = append(lk.Terms[r], QMatch{Q: i, Q2: -1, Sim: names.SimSpelling, How: names.Spelling, Half: 2})
		lk.groups = append(lk.groups, group{q: i, q2: -1, weight: w / 2, matches: []TermMatch{{Term: l, Sim: names.SimSpelling, How: names.Spelling}}})
		lk.groups = append(lk.groups, group{q: i, q2: -1, weight: w / 2, matches: []TermMatch{{Term: r, Sim: names.SimSpelling, How: names.Spelling}}})
	}
}

// tokenWeight is a query word's rarity: that of the listed word it matches
// best, or of a word seen once when it matches nothing.
func (ix *Index) tokenWeight(t *names.Token, ms []TermMatch) float32 {
	switch t.Kind {
	case names.Particle, names.Title:
		return 0.1 * ix.typicalIDF()
	case names.Initial:
		return 0.35 * ix.typicalIDF()
	}
	if len(ms) == 0 {
		if t.Kind == names.Number {
			return ix.typicalIDF()
		}
		return ix.unknownIDF()
	}
	best := ms[0]
	if best.How == names.Fuzzy || best.How == names.Skeletal {
		// a misspelt word: as rare as the word it resembles, but never
		// rarer than an unknown word
		return ix.terms[best.Term].idf
	}
	return ix.terms[best.Term].idf
}

// unknownIDF is the weight of a word no list uses: as rare as a word used
// by two entities (a typo of a common word should not weigh like a unique
// surname).
func (ix *Index) unknownIDF() float32 { return ix.maxIDF * 0.93 }

// typicalIDF is the weight of a word of average rarity.
func (ix *Index) typicalIDF() float32 { return ix.maxIDF * 0.5 }

// Candidate is a listed name that shares words with the query.
type Candidate struct {
	Name  int32
	Cover float32 // share of the query's weight its words match, roughly
}

type scratch struct {
	acc     []float32
	mark    []int32
	stamp   int32
	touched []int32
	out     []Candidate // reused: a common name has thousands of candidates
}

func newScratch(n int) *scratch {
	return &scratch{acc: make([]float32, n), mark: make([]int32, n)}
}

// Candidates returns up to limit listed names sharing the most weighted
// words with the looked-up query, best first, keeping only those covering
// at least minCover of the query's weight.
func (ix *Index) Candidates(lk *Lookup, limit int, minCover float32) []Candidate {
	var total float32
	for i, t := range lk.Query.Tokens {
		if i < len(lk.Weight) && (t.Kind == names.Word || t.Kind == names.Number) {
			total += lk.Weight[i]
		}
	}
	if total == 0 {
		return nil
	}
	sc := ix.pool.Get().(*scratch)
	defer ix.pool.Put(sc)
	for _, g := range lk.groups {
		sc.stamp++
		if sc.stamp == 1<<31-1 {
			for i := range sc.mark {
				sc.mark[i] = 0
			}
			sc.stamp = 1
		}
		st := sc.stamp
		for _, m := range g.matches {
			contrib := m.Sim * g.weight
			for _, n := range ix.terms[m.Term].postings {
				if sc.mark[n] == st {
					continue
				}
				sc.mark[n] = st
				if sc.acc[n] == 0 {
					sc.touched = append(sc.touched, n)
				}
				sc.acc[n] += contrib
			}
		}
	}
	out := sc.out[:0]
	for _, n := range sc.touched {
		c := sc.acc[n] / total
		sc.acc[n] = 0
		if c > 1 {
			c = 1 // joined pairs can count a word twice
		}
		if c >= minCover {
			out = append(out, Candidate{Name: n, Cover: c})
		}
	}
	sc.touched = sc.touched[:0]
	if limit > 0 && len(out) > 4*limit {
		// keep the best limit without sorting them all: partition around
		// a cover threshold found by selection
		out = topK(out, limit, better)
	}
	slices.SortFunc(out, better)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	res := slices.Clone(out)
	sc.out = out[:0]
	return res
}

// better orders candidates by cover, best first, then by name id.
func better(a, b Candidate) int {
	if a.Cover != b.Cover {
		if a.Cover > b.Cover {
			return -1
		}
		return 1
	}
	return int(a.Name - b.Name)
}

// topK moves the k best candidates to the front (quickselect) and returns
// them, unsorted.
func topK(c []Candidate, k int, cmp func(a, b Candidate) int) []Candidate {
	lo, hi := 0, len(c)-1
	for lo < hi {
		p := c[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for cmp(c[i], p) < 0 {
				i++
			}
			for cmp(c[j], p) > 0 {
				j--
			}
			if i <= j {
				c[i], c[j] = c[j], c[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return c[:k]
		}
	}
	return c[:k]
}

// Term returns the term id of a key form.
func (ix *Index) Term(form string) (int32, bool) {
	id, ok := ix.vocab[form]
	return id, ok
}

// Postings returns the listed names (ids into Names) that have a term.
func (ix *Index) Postings(t int32) []int32 { return ix.terms[t].postings }

// SymbolTerms returns the terms of an equivalence group.
func (ix *Index) SymbolTerms(sym uint32) []int32 { return ix.syms[sym] }
