// Package index builds the in-memory retrieval structures over a dataset
// snapshot and finds candidate names for a query. It never scores: it
// returns which listed names share which words with the query, and how
// similar each shared word is, and leaves ranking to package match.
//
// Every word of every listed name is indexed under each of its key forms
// (one per romanisation; see package names). A query word finds listed
// words by exact key form, by equivalence group (Mohammed/Muhammad/Mohd),
// by consonant skeleton (for Arabic- and Hebrew-script words and vowel
// variants), and by edit distance through a symmetric delete-1 table
// (typos, transpositions). Joined and split words (Abdulrahman / Abdul
// Rahman, Xiuying / Xiu Ying) are found by trying the query's adjacent pairs
// and two-way splits. Word rarity (inverse document frequency over
// entities, with equivalent spellings counted together) weighs the evidence.
package index

import (
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/embargo/embargo/dataset"
	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/names"
)

// Version identifies the index layout and retrieval rules; recorded with
// every screening next to names.Version.
//
//	1: first release.
const Version = 1

// NameEntry is one analysed listed name.
type NameEntry struct {
	Entity int32           // index into Index.Entities
	Kind   entity.NameKind // primary, alias, weak alias, former name
	Name   names.Name      // tokens
	Terms  [][]int32       // per token, the term ids of its key forms
	Weight []float32       // per token, its rarity weight
	Person bool            // the entity is a person
}

type term struct {
	form     string
	sym      uint32
	skel     string
	abjad    bool // only seen in Arabic- or Hebrew-script names
	family   bool // a person's family name (or last word) in some listed name
	whole    bool // a listed name of one word, on its own
	idf      float32
	postings []int32 // name ids, ascending, unique
}

// Index is immutable once built and safe for concurrent use.
type Index struct {
	Snapshot *dataset.Snapshot
	Entities []*entity.Entity
	Names    []NameEntry

	terms    []term
	vocab    map[string]int32
	dels     delTable // hash of a word or a one-letter deletion of it → terms
	skels    map[string][]int32
	syms     map[uint32][]int32
	ids      map[string][]IDRef
	byEnt    [][]int32 // entity → its name ids
	captions []string  // entity → its caption
	maxIDF   float32

	pool   sync.Pool
	tokens *tokenCache // query word → its matches; nil disables
}

// IDRef points from an identifier value to an entity.
type IDRef struct {
	Entity int32
	ID     entity.Identifier
}

// HintFor maps a schema to the name analysis hint.
func HintFor(s entity.Schema) names.Hint {
	switch {
	case s == entity.Person:
		return names.HintPerson
	case s.IsOrg():
		return names.HintOrg
	case s == entity.Vessel || s == entity.Airplane:
		return names.HintThing
	}
	return names.HintUnknown
}

func roleOf(t entity.PartType) names.Role {
	switch t {
	case entity.Given:
		return names.RoleGiven
	case entity.Family:
		return names.RoleFamily
	case entity.Middle:
		return names.RoleMiddle
	case entity.Patronymic:
		return names.RolePatronymic
	}
	return names.RoleUnknown
}

// Build indexes every name and identifier of the snapshot's entities.
func Build(snap *dataset.Snapshot) *Index {
	ix := &Index{
		Snapshot: snap,
		Entities: snap.Entities,
		vocab:    map[string]int32{},
		syms:     map[uint32][]int32{},
		skels:    map[string][]int32{},
		ids:      map[string][]IDRef{},
		byEnt:    make([][]int32, len(snap.Entities)),
	}

	// Analyse names in parallel; it is most of the build time.
	type job struct {
		ent  int32
		name entity.Name
	}
	var jobs []job
	for i, e := range snap.Entities {
		seen := map[string]bool{}
		for _, n := range e.Names {
			k := names.Fold(n.Full)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			jobs = append(jobs, job{int32(i), n})
		}
	}
	ix.Names = make([]NameEntry, len(jobs))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for j := w; j < len(jobs); j += workers {
				jb := jobs[j]
				e := snap.Entities[jb.ent]
				var parts []names.PartRole
				for _, p := range jb.name.Parts {
					if r := roleOf(p.Type); r != names.RoleUnknown {
						parts = append(parts, names.PartRole{Text: p.Value, Role: r})
					}
				}
				ix.Names[j] = NameEntry{
					Entity: jb.ent,
					Kind:   jb.name.Kind,
					Name:   names.Analyze(jb.name.Full, HintFor(e.Schema), parts...),
					Person: e.Schema == entity.Person,
				}
			}
		}(w)
	}
	wg.Wait()

	// Vocabulary and postings.
	nonAbjad := map[int32]bool{}
	for ni := range ix.Names {
		ne := &ix.Names[ni]
		ix.byEnt[ne.Entity] = append(ix.byEnt[ne.Entity], int32(ni))
		ne.Terms = make([][]int32, len(ne.Name.Tokens))
		for ti, tok := range ne.Name.Tokens {
			for _, f := range tok.Forms {
				id, ok := ix.vocab[f]
				if !ok {
					id = int32(len(ix.terms))
					ix.vocab[f] = id
					ix.terms = append(ix.terms, term{form: f, sym: names.Symbol(f), skel: names.Skeleton(f), abjad: true})
				}
				if !tok.Abjad {
					nonAbjad[id] = true
				}
				ne.Terms[ti] = append(ne.Terms[ti], id)
				if ne.Person && (tok.Role == names.RoleFamily || ti == len(ne.Name.Tokens)-1) {
					ix.terms[id].family = true
				}
				if len(ne.Name.Tokens) == 1 {
					ix.terms[id].whole = true
				}
				p := ix.terms[id].postings
				if len(p) == 0 || p[len(p)-1] != int32(ni) {
					ix.terms[id].postings = append(p, int32(ni))
				}
			}
		}
	}
	for id := range nonAbjad {
		ix.terms[id].abjad = false
	}

	// Rarity: document frequency over entities, equivalent spellings
	// counted as one word.
	df := map[string]int{}
	for ei := range snap.Entities {
		seen := map[string]bool{}
		for _, ni := range ix.byEnt[ei] {
			for _, ts := range ix.Names[ni].Terms {
				for _, t := range ts {
					k := ix.weightKey(t)
					if !seen[k] {
						seen[k] = true
						df[k]++
					}
				}
			}
		}
	}
	n := float64(max(len(snap.Entities), 1))
	ix.maxIDF = float32(math.Log(1 + n/1))
	for i := range ix.terms {
		ix.terms[i].idf = float32(math.Log(1 + n/float64(max(df[ix.weightKey(int32(i))], 1))))
	}
	for ni := range ix.Names {
		ne := &ix.Names[ni]
		ne.Weight = make([]float32, len(ne.Terms))
		for ti, ts := range ne.Terms {
			if len(ts) > 0 {
				ne.Weight[ti] = ix.terms[ts[0]].idf
			}
		}
	}

	// Lookup tables for retrieval.
	var pairs []delPair
	for i, t := range ix.terms {
		id := int32(i)
		if t.sym != 0 {
			ix.syms[t.sym] = append(ix.syms[t.sym], id)
		}
		if t.skel != "" {
			ix.skels[t.skel] = append(ix.skels[t.skel], id)
		}
		if len(t.form) >= 3 && !isDigits(t.form) {
			deleteHashes(t.form, func(h uint64) {
				pairs = append(pairs, delPair{h, id})
			})
		}
	}
	ix.dels = buildDelTable(pairs)

	// Identifiers.
	for ei, e := range snap.Entities {
		for _, id := range e.Identifiers {
			k := NormalizeID(id.Value)
			if len(k) < 4 {
				continue
			}
			ix.ids[k] = append(ix.ids[k], IDRef{Entity: int32(ei), ID: id})
		}
	}
	ix.captions = make([]string, len(snap.Entities))
	for i, e := range snap.Entities {
		ix.captions[i] = e.Caption()
	}
	ix.pool.New = func() any { return newScratch(len(ix.Names)) }
	ix.tokens = newTokenCache()
	return ix
}

// Caption returns an entity's display name, computed once.
func (ix *Index) Caption(ent int32) string { return ix.captions[ent] }

func (ix *Index) weightKey(t int32) string {
	if s := ix.terms[t].sym; s != 0 {
		return "\x00" + string(rune(s))
	}
	return ix.terms[t].form
}

// deleteHashes calls f with the FNV-1a hash of the word and of every
// variant of it with one letter deleted (the symmetric delete table: two
// words within one edit, or one swap, share a variant). Hashing instead of
// building strings keeps lookups allocation-free and the table's keys
// small; a colliding hash only adds a candidate that FuzzySim rejects.
func deleteHashes(w string, f func(uint64)) {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint64(w[i])) * prime
	}
	f(h)
	prefix := uint64(offset)
	for i := 0; i < len(w); i++ {
		if i == 0 || w[i] != w[i-1] {
			h := prefix
			for j := i + 1; j < len(w); j++ {
				h = (h ^ uint64(w[j])) * prime
			}
			f(h)
		}
		prefix = (prefix ^ uint64(w[i])) * prime
	}
}

// NormalizeID reduces an identifier to upper-case letters and digits, so
// that "AB 123-456/7" and "ab1234567" compare equal.
func NormalizeID(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		}
	}
	return b.String()
}

// IDKeys returns the normalised forms under which a query identifier is
// looked up: the whole value, and for a value written with its type in
// front ("IMO 9187629", "MMSI 273…") the part after the label.
func IDKeys(value string) []string {
	k := NormalizeID(value)
	keys := []string{k}
	for _, p := range []string{"IMO", "MMSI", "BIC", "SWIFT", "LEI", "INN", "OGRN", "PASSPORT", "NO"} {
		if strings.HasPrefix(k, p) && len(k)-len(p) >= 5 {
			keys = append(keys, k[len(p):])
		}
	}
	return keys
}

// LookupID returns the entities carrying an identifier equal to value after
// normalisation.
func (ix *Index) LookupID(value string) []IDRef {
	var out []IDRef
	for _, k := range IDKeys(value) {
		out = append(out, ix.ids[k]...)
	}
	return out
}

// EntityNames returns the name ids of an entity.
func (ix *Index) EntityNames(ent int32) []int32 { return ix.byEnt[ent] }

// TermForm returns the key form of a term.
func (ix *Index) TermForm(t int32) string { return ix.terms[t].form }

// IDF returns the rarity weight of a term.
func (ix *Index) IDF(t int32) float32 { return ix.terms[t].idf }

// MaxIDF is the weight of a word seen in one entity only; words never seen
// in any list weigh the same.
func (ix *Index) MaxIDF() float32 { return ix.maxIDF }

// Stats summarises the index.
type Stats struct {
	Entities int `json:"entities"`
	Names    int `json:"names"`
	Terms    int `json:"terms"`
	IDs      int `json:"identifiers"`
}

// Stats returns the index size.
func (ix *Index) Stats() Stats {
	return Stats{Entities: len(ix.Entities), Names: len(ix.Names), Terms: len(ix.terms), IDs: len(ix.ids)}
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// sortTermMatches orders matches best first.
func sortTermMatches(m []TermMatch) {
	sort.Slice(m, func(i, j int) bool {
		if m[i].Sim != m[j].Sim {
			return m[i].Sim > m[j].Sim
		}
		return m[i].Term < m[j].Term
	})
}

// FamilyTerm reports whether a term is a person's family name (or the last
// word of a person's name) in some listed name.
func (ix *Index) FamilyTerm(t int32) bool { return ix.terms[t].family }

// WholeTerm reports whether a term is by itself a listed name.
func (ix *Index) WholeTerm(t int32) bool { return ix.terms[t].whole }

// DF returns how many listed names have a term.
func (ix *Index) DF(t int32) int { return len(ix.terms[t].postings) }
