package match

import (
	"fmt"
	"strings"

	"github.com/embargo/embargo/names"
)

// OFACThreshold is the default threshold of the OFAC algorithm. OFAC
// recommends none; 0.85 is where users of its Sanctions List Search
// commonly set the slider.
const OFACThreshold = 0.85

// OFACResult explains an OFAC-style score.
type OFACResult struct {
	Score     float64
	Whole     float64 // Jaro–Winkler of the whole strings (best word order)
	Composite float64 // mean over query parts of the best part score
	Parts     []OFACPart
}

// OFACPart is one query part's best listed part.
type OFACPart struct {
	Query, Listed      string
	JaroWinkler        float64
	SoundexQ, SoundexL string
	Score              float64
}

// OFACScore scores a query name against a listed name the way OFAC's FAQ
// 249 describes its Sanctions List Search: candidates must share a first
// letter and be at least 50% similar by edit distance; the score is the
// higher of the Jaro–Winkler similarity of the whole names and a composite
// of per-part scores, each part compared with every listed part by
// Jaro–Winkler and Soundex (here: half Jaro–Winkler, half Soundex
// agreement; the FAQ does not give the weights). Names are folded to ASCII
// but not transliterated, as in OFAC's tool: a Cyrillic query finds
// nothing. ok is false when the pre-filter rejects the pair.
func OFACScore(query, listed string) (r OFACResult, ok bool) {
	q := strings.Fields(names.Fold(query))
	l := strings.Fields(names.Fold(listed))
	if len(q) == 0 || len(l) == 0 || !ascii(q) || !ascii(l) {
		return r, false
	}
	// the listed name as written and, for "LAST, First", in reading order
	orders := [][]string{l}
	if last, first, found := strings.Cut(listed, ","); found && strings.TrimSpace(first) != "" {
		re := strings.Fields(names.Fold(first + " " + last))
		if len(re) > 0 {
			orders = append(orders, re)
		}
	}
	qs := strings.Join(q, " ")
	// pre-filter: a shared first letter, and at least 50% similar
	letter := false
	for _, o := range orders {
		if o[0][0] == q[0][0] || o[len(o)-1][0] == q[0][0] {
			letter = true
		}
	}
	sim := 0.0
	for _, o := range orders {
		ls := strings.Join(o, " ")
		d := float64(names.OSA(qs, ls, 10*max(len(qs), len(ls)))) / 10
		sim = max(sim, 1-d/float64(max(len(qs), len(ls))))
	}
	if !letter || sim < 0.5 {
		return r, false
	}
	for _, o := range orders {
		r.Whole = max(r.Whole, names.JaroWinkler(qs, strings.Join(o, " ")))
	}
	for _, qp := range q {
		best := OFACPart{Query: qp, SoundexQ: names.Soundex(qp)}
		for _, lp := range l {
			jw := names.JaroWinkler(qp, lp)
			sx := names.Soundex(lp)
			s := 0.5 * jw
			if sx == best.SoundexQ && sx != "" {
				s += 0.5
			}
			if s > best.Score {
				best.Listed, best.JaroWinkler, best.SoundexL, best.Score = lp, jw, sx, s
			}
		}
		r.Parts = append(r.Parts, best)
		r.Composite += best.Score
	}
	r.Composite /= float64(len(q))
	r.Score = max(r.Whole, r.Composite)
	return r, true
}

func ascii(words []string) bool {
	for _, w := range words {
		for i := 0; i < len(w); i++ {
			if w[i] >= 0x80 {
				return false
			}
		}
	}
	return true
}

// Reason renders the explanation of an OFAC score.
func (r OFACResult) Reason(listed string) Reason {
	var parts []string
	for _, p := range r.Parts {
		parts = append(parts, fmt.Sprintf("%s~%s (Jaro-Winkler %.2f, Soundex %s/%s)", p.Query, p.Listed, p.JaroWinkler, p.SoundexQ, p.SoundexL))
	}
	return Reason{Feature: "ofac_name", Listed: listed, Effect: round3(r.Score),
		Detail: fmt.Sprintf("whole-name Jaro-Winkler %.3f, part composite %.3f: %s", r.Whole, r.Composite, strings.Join(parts, ", "))}
}
