package screen

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/index"
	"github.com/embargo/embargo/match"
	"github.com/embargo/embargo/names"
	"github.com/embargo/embargo/text"
)

// TextOptions tune ScreenText.
type TextOptions struct {
	Threshold float64     // 0: the default
	Format    text.Format // "" to detect
	Limit     int         // most mentions reported; default 500
}

// Mention is a listed party found in a text. Start and End are code point
// offsets into the (extracted) text; End is exclusive.
type Mention struct {
	Start    int            `json:"start"`
	End      int            `json:"end"`
	Text     string         `json:"text"`
	Sentence string         `json:"sentence"`
	ID       string         `json:"id"`
	Caption  string         `json:"caption"`
	Schema   entity.Schema  `json:"schema"`
	Datasets []string       `json:"datasets"`
	Score    float64        `json:"score"`
	Match    bool           `json:"match"`
	Reasons  []match.Reason `json:"reasons"`
	// Alternatives are the other listed parties the same words match
	// ("Rosneft": the parent and its listed subsidiaries), best first.
	Alternatives []Alternative `json:"alternatives,omitempty"`
}

// Alternative is another listed party a mention matches.
type Alternative struct {
	ID       string   `json:"id"`
	Caption  string   `json:"caption"`
	Datasets []string `json:"datasets"`
	Score    float64  `json:"score"`
	Match    bool     `json:"match"`
}

// TextResult is the answer to ScreenText. Its JSON is the contract of
// `embargo text --json` and POST /v1/text.
type TextResult struct {
	Mentions       []Mention `json:"mentions"`
	DatasetVersion string    `json:"dataset_version"`
	Algorithm      string    `json:"algorithm"`
	Threshold      float64   `json:"threshold"`
	Versions       Versions  `json:"versions"`
	Format         string    `json:"format"`
	Characters     int       `json:"characters"` // length of the screened text
	Text           string    `json:"-"`          // the text the offsets refer to (extracted from HTML)
}

// textStop are capitalised words of running text that are never names on
// their own: they may not start a name mention.
var textStop = map[string]bool{
	"the": true, "a": true, "an": true, "and": true, "or": true, "but": true, "in": true, "on": true, "at": true,
	"of": true, "to": true, "for": true, "with": true, "by": true, "from": true, "as": true, "is": true, "was": true,
	"he": true, "she": true, "it": true, "we": true, "they": true, "i": true, "his": true, "her": true, "their": true,
	"this": true, "that": true, "these": true, "those": true, "there": true, "here": true, "when": true, "while": true,
	"after": true, "before": true, "during": true, "however": true, "but it": true, "if": true, "so": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "president": true, "minister": true, "prime": true,
	"said": true, "says": true, "according": true, "reuters": true, "ap": true, "afp": true, "update": true,
	"let": true, "my": true, "our": true, "your": true, "its": true, "not": true, "no": true, "yes": true, "all": true,
	"fig": true, "see": true, "note": true, "chapter": true, "section": true, "page": true, "table": true, "part": true,
	"book": true, "figure": true, "article": true, "paragraph": true, "annex": true, "appendix": true,
}

// particles may sit between the capitalised words of one name.
var textParticles = map[string]bool{
	"al": true, "el": true, "bin": true, "ben": true, "ibn": true, "bint": true, "abu": true, "abd": true,
	"de": true, "da": true, "del": true, "della": true, "der": true, "di": true, "du": true, "dos": true,
	"das": true, "van": true, "von": true, "la": true, "le": true, "y": true, "ul": true, "ur": true, "ad": true,
}

// textWord is what the screener knows of a word of the text.
type textWord struct {
	analysed bool    // capitalised and not a stop word: a word a name can hold
	anchor   bool    // a rare listed word: a mention may start from it
	country  bool    // a country name or demonym
	terms    []int32 // listed words it is, exactly or by transliteration or equivalence
	compound bool    // one written word that is a whole listed name (김정은, 张伟)
	cjk      bool    // Han, kana or Hangul
	common   bool    // the document also writes it in lower case
	english  bool    // an ordinary English word (focus, glass)
}

// span is a candidate mention: words [from, to] of the document.
type span struct {
	from, to int
}

type found struct {
	sp        span
	run       span // the run of name words it was found in
	nameWords int  // name words matched (al-Najjar and Abdul Karim are one)
	ent       int32
	name      *index.NameEntry
	score     float64
	hit       match.Hit
	single    bool
	lfamily   bool          // the single word matched a listed family name or the last word
	exact     bool          // the single word matched exactly (or by transliteration), not approximately
	lk        *index.Lookup // the lookup the score was computed with, to explain it
}

// ScreenText finds every mention of a listed person, organisation or
// vessel in a text, in any script: a gazetteer driven by the loaded lists.
// Runs of capitalised words (any word in scripts without case) that hold at
// least one rare listed word are matched against the listed names; the
// mention is the part of the run that matched. A surname alone is linked
// to a full mention of the same listed person elsewhere in the document;
// without one it is reported only as a low-confidence mention, never as a
// match.
func (s *Service) ScreenText(doc string, opt TextOptions) (*TextResult, error) {
	if len(doc) > text.MaxBytes {
		return nil, fmt.Errorf("%w: the document is larger than %d bytes", ErrQuery, text.MaxBytes)
	}
	if !utf8.ValidString(doc) {
		return nil, fmt.Errorf("%w: the document is not valid UTF-8", ErrQuery)
	}
	format := opt.Format
	switch format {
	case "":
		format = text.Detect([]byte(doc))
	case text.Plain, text.HTML:
	default:
		return nil, fmt.Errorf("%w: unknown format %q (want %q or %q)", ErrQuery, format, text.Plain, text.HTML)
	}
	plain := doc
	if format == text.HTML {
		var err error
		if plain, err = text.ExtractHTML(strings.NewReader(doc)); err != nil {
			return nil, fmt.Errorf("%w: reading HTML: %v", ErrQuery, err)
		}
	}
	threshold, err := s.Threshold(Algorithm, opt.Threshold)
	if err != nil {
		return nil, err
	}
	limit := opt.Limit
	if limit <= 0 {
		limit = 500
	}
	d := text.Split(plain)
	d.Segment(s.cutCJK)
	ix := s.Index
	anchorIDF := 0.45 * ix.MaxIDF()

	// words the document also writes in lower case are ordinary words
	// there ("glass", "square", "let"), whatever their capital at the
	// start of a sentence or in old-style prose
	lower := make(map[string]bool, len(d.Words)/8)
	for _, w := range d.Words {
		if !w.Upper && w.Latin {
			lower[w.Text] = true
		}
	}

	// what each distinct word is
	seen := map[string]*textWord{}
	info := make([]*textWord, len(d.Words))
	for i, w := range d.Words {
		key := w.Text
		tw := seen[key]
		if tw == nil {
			tw = &textWord{}
			seen[key] = tw
			low := strings.ToLower(w.Text)
			stop := textStop[low] || romanNumeral(w.Text)
			tw.common = lower[low]
			tw.english = w.Latin && englishWord(low)
			switch names.ScriptOf(w.Text) {
			case names.Han, names.Japanese, names.Hangul:
				tw.cjk = true
			}
			if w.Upper && !stop {
				tw.analysed = true
				ci := s.words.get(w.Text, func() cachedWord {
					var c cachedWord
					if _, ok := entity.CountryCode(w.Text); ok && utf8.RuneCountInString(w.Text) > 2 {
						c.country = true
					}
					// acronyms of one to three capitals are never anchors (UN, EU, USA)
					acronym := utf8.RuneCountInString(w.Text) <= 3 && strings.ToUpper(w.Text) == w.Text && w.Latin
					if !c.country && !acronym {
						c.terms = s.wordTerms(w.Text)
						c.compound = s.compoundName(w.Text)
					}
					return c
				})
				tw.country, tw.terms, tw.compound = ci.country, ci.terms, ci.compound
				for _, t := range tw.terms {
					if ix.IDF(t) >= anchorIDF {
						tw.anchor = true
					}
				}
			}
		}
		info[i] = tw
	}

	// runs of name words holding an anchor
	var runs []span
	for i := 0; i < len(d.Words); {
		if !info[i].analysed {
			i++
			continue
		}
		if info[i].cjk {
			// Chinese, Japanese and Korean names are written as one word
			// (张伟, 김정은; cut out of unsegmented text by cutCJK): one
			// word is one run, matched when it is a whole listed name
			if info[i].compound {
				runs = append(runs, span{i, i})
			}
			i++
			continue
		}
		j := i
		for j+1 < len(d.Words) && j+1-i < 8 {
			nw := d.Words[j+1]
			if nw.Break || nw.Sentence != d.Words[j].Sentence || info[j+1].cjk {
				break
			}
			if info[j+1].analysed {
				j++
				continue
			}
			// a particle between two name words: "Abu Bakr al Baghdadi"
			if textParticles[strings.ToLower(nw.Text)] && j+2 < len(d.Words) && info[j+2].analysed && !d.Words[j+2].Break {
				j += 2
				continue
			}
			break
		}
		// trim countries and demonyms at the edges: "Russian President Putin"
		from, to := i, j
		for from <= to && info[from].country {
			from++
		}
		for to >= from && info[to].country {
			to--
		}
		has, allCommon := false, true
		for k := from; k <= to; k++ {
			has = has || info[k].anchor
			allCommon = allCommon && info[k].common
		}
		// a capitalised English word alone ("Focus", "Square") is a
		// sentence start or a heading, not a one-word name
		lone := from == to && (info[from].english || info[from].common)
		if has && !allCommon && !lone {
			runs = append(runs, span{from, to})
		}
		i = j + 1
	}

	// match every run against the listed names
	// Only runs that can hold a listed name are matched: two of their words
	// in one listed name, or a word that is a listed name by itself. Runs
	// of one word wait for the second pass.
	var multi, single []span
	hits := map[int32]uint16{}
	for _, r := range runs {
		if r.from == r.to && !info[r.from].compound {
			single = append(single, r)
			continue
		}
		if s.runHasCompound(info, r) || s.runCanMatch(info, r, anchorIDF, hits) {
			multi = append(multi, r)
		}
	}
	all := s.matchRuns(d, multi, threshold)
	// "PUTIN, Vladimir Vladimirovich": a surname, a comma and given names,
	// as lists and official texts write names
	for _, r1 := range runs {
		j := r1.to + 1
		if r1.to-r1.from > 2 || j >= len(d.Words) || d.Words[j].Sentence != d.Words[r1.to].Sentence ||
			!info[j].analysed || info[j].cjk || strings.TrimSpace(d.Between(r1.to, j)) != "," {
			continue
		}
		r2 := span{j, j}
		for r2.to+1 < len(d.Words) && r2.to-r2.from < 3 && !d.Words[r2.to+1].Break && info[r2.to+1].analysed {
			r2.to++
		}
		all = append(all, s.matchInverted(d, r1, r2, threshold)...)
	}
	// single words: a surname linking to a full mention, a one-word listed
	// name (Hezbollah), or a rare listed surname (a low-confidence mention)
	fullTerms := map[int32]bool{}
	for _, f := range all {
		if f.hit.Match && !f.single {
			for _, ts := range f.name.Terms {
				for _, t := range ts {
					fullTerms[t] = true
				}
			}
		}
	}
	var singles []span
	for _, r := range single {
		for _, t := range info[r.from].terms {
			if fullTerms[t] || ix.WholeTerm(t) || (ix.FamilyTerm(t) && ix.DF(t) <= rareSurnameDF) {
				singles = append(singles, r)
				break
			}
		}
	}
	all = append(all, s.matchRuns(d, singles, threshold)...)

	// a word alone that is an ordinary word of English or of this
	// document ("Focus", "Object-glass") is not a one-word name
	ordinary := func(i int) bool {
		if info[i].english || info[i].common {
			return true
		}
		w := d.Words[i].Text
		if !d.Words[i].Latin || !strings.ContainsRune(w, '-') {
			return false
		}
		for _, p := range strings.Split(strings.ToLower(w), "-") {
			if p != "" && !englishWord(p) && !lower[p] {
				return false
			}
		}
		return true
	}
	// a word that could be part of a person's name (not a title, a
	// country, an acronym or a stop word)
	nameWord := func(i int) bool {
		w := d.Words[i].Text
		// a capital and then small letters: in text written in capitals
		// (payment messages, headlines) the case tells nothing
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r) && strings.ToUpper(w) != w && info[i].analysed && !info[i].country && !textTitles[strings.ToLower(w)]
	}
	return s.textResult(d, plain, format, threshold, limit, all, ordinary, nameWord), nil
}

// matchRuns matches runs of words; the same run of words (a name repeated
// in an article) is matched once.
func (s *Service) matchRuns(d *text.Document, runs []span, threshold float64) []found {
	var all []found
	memo := map[string][]found{}
	for _, r := range runs {
		var kb strings.Builder
		for k := r.from; k <= r.to; k++ {
			kb.WriteString(d.Words[k].Text)
			kb.WriteByte(0)
		}
		key := kb.String()
		rel, ok := memo[key]
		if !ok {
			rel = s.matchRun(d, r, threshold)
			for i := range rel {
				rel[i].sp.from -= r.from
				rel[i].sp.to -= r.from
			}
			memo[key] = rel
		}
		for _, f := range rel {
			f.sp.from += r.from
			f.sp.to += r.from
			f.run = r
			all = append(all, f)
		}
	}
	return all
}

func (s *Service) textResult(d *text.Document, plain string, format text.Format, threshold float64, limit int, all []found, ordinary, nameWord func(int) bool) *TextResult {
	// a single word links to a full mention of the same entity
	full := map[int32]*found{}
	for i := range all {
		f := &all[i]
		if !f.single && f.hit.Match {
			if b := full[f.ent]; b == nil || f.score > b.score {
				full[f.ent] = f
			}
		}
	}
	// words inside a matching mention of several words
	covered := map[int]bool{}
	for i := range all {
		if f := &all[i]; !f.single && f.hit.Match && f.sp.to > f.sp.from {
			for k := f.sp.from; k <= f.sp.to; k++ {
				covered[k] = true
			}
		}
	}
	// partOfName: a one-word match inside a longer run of name words that
	// nothing explains is a part of someone's name (Daniel in "Daniel
	// Lebsack" is not the company DANIEL)
	partOfName := func(f *found) bool {
		if f.nameWords > 1 && f.sp.from != f.sp.to {
			return false
		}
		for k := f.run.from; k <= f.run.to; k++ {
			if k != f.sp.from && !covered[k] && nameWord(k) {
				return true
			}
		}
		return false
	}
	res := &TextResult{DatasetVersion: s.Snapshot.Version, Algorithm: Algorithm, Threshold: threshold,
		Versions: CurrentVersions(), Format: string(format), Characters: d.Chars, Text: plain, Mentions: []Mention{}}
	// non-matches are shown only when close: an analyst reading an article
	// must not wade through near-misses
	floor := max(s.cfg.MinScore, threshold-0.15)
	bySpan := map[span][]*found{}
	var order []span
	for i := range all {
		f := &all[i]
		if _, ok := bySpan[f.sp]; !ok {
			order = append(order, f.sp)
		}
		bySpan[f.sp] = append(bySpan[f.sp], f)
	}
	// maxTo[w] is the furthest end of a matched span starting at word w
	maxTo := map[int]int{}
	for _, sp := range order {
		for _, f := range bySpan[sp] {
			if !f.single && f.hit.Match {
				if t, ok := maxTo[sp.from]; !ok || sp.to > t {
					maxTo[sp.from] = sp.to
				}
				break
			}
		}
	}
	inside := func(sp span) bool {
		// spans are at most 8 words, so a covering span starts close by
		for from := sp.from; from >= 0 && from > sp.from-9; from-- {
			if to, ok := maxTo[from]; ok && to >= sp.to && (span{from, to}) != sp {
				return true
			}
		}
		return false
	}
	alternative := func(f *found, h match.Hit) {
		m := &res.Mentions[len(res.Mentions)-1]
		if len(m.Alternatives) >= 10 {
			return
		}
		e := s.Index.Entities[f.ent]
		m.Alternatives = append(m.Alternatives, Alternative{ID: e.ID, Caption: s.Index.Caption(f.ent), Datasets: e.Lists(), Score: h.Score, Match: h.Match})
	}
	emit := func(f *found, h match.Hit) {
		// explain only what is reported
		full := s.scorer.ScoreIndexed(f.lk, f.name, true)
		x := s.scorer.Evidence(&match.Query{}, s.Index.Entities[f.ent], &full, f.name.Name.Original, f.name.Kind, threshold)
		h.Reasons = append(x.Reasons, h.Reasons[len(f.hit.Reasons):]...)
		e := s.Index.Entities[f.ent]
		start, end := d.Words[f.sp.from].Start, d.Words[f.sp.to].End
		res.Mentions = append(res.Mentions, Mention{Start: start, End: end, Text: d.WordsText(f.sp.from, f.sp.to),
			Sentence: d.SentenceText(d.Words[f.sp.from].Sentence), ID: e.ID, Caption: s.Index.Caption(f.ent), Schema: e.Schema,
			Datasets: e.Lists(), Score: h.Score, Match: h.Match, Reasons: h.Reasons})
	}
	for _, sp := range order {
		if inside(sp) {
			continue // a part of a longer name that matched
		}
		fs := bySpan[sp]
		lone := sp.from == sp.to && ordinary(sp.from)
		if !fs[0].single {
			if lone {
				continue
			}
			// one mention, with the other parties the words match as
			// alternatives
			shown := 0
			for _, f := range fs {
				if partOfName(f) {
					continue
				}
				if f.hit.Match || (f.hit.Score >= floor && shown == 0) {
					if shown == 0 {
						emit(f, f.hit)
					} else {
						alternative(f, f.hit)
					}
					shown++
				}
			}
			continue
		}
		// one word: linked to a full mention, else at most one
		// low-confidence mention of an exactly matching surname
		linked := false
		for _, f := range fs {
			if ref := full[f.ent]; ref != nil && f.lfamily && f.exact && s.Index.Entities[f.ent].Schema.IsPerson() {
				h := f.hit
				h.Score, h.Match = ref.hit.Score, true
				h.Reasons = append(h.Reasons, match.Reason{Feature: "coreference", Listed: ref.hit.Name,
					Detail: fmt.Sprintf("the same party as the full mention %q at character %d", d.WordsText(ref.sp.from, ref.sp.to), d.Words[ref.sp.from].Start)})
				if linked {
					alternative(f, h)
				} else {
					emit(f, h)
				}
				linked = true
			}
		}
		if linked {
			continue
		}
		for _, f := range fs {
			if lone || utf8.RuneCountInString(d.Words[sp.from].Text) < 3 || !f.lfamily || !f.exact || f.hit.Score < s.cfg.MinScore {
				continue
			}
			h := f.hit
			capped := min(h.Score, 0.5)
			h.Reasons = append(h.Reasons, match.Reason{Feature: "single_word", Effect: round3(capped - h.Score),
				Detail: "only a surname, and no full mention of this party in the document: low confidence, never a match"})
			h.Score, h.Match = capped, false
			emit(f, h)
			break
		}
	}
	sort.SliceStable(res.Mentions, func(i, j int) bool {
		a, b := res.Mentions[i], res.Mentions[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.Score > b.Score
	})
	if len(res.Mentions) > limit {
		res.Mentions = res.Mentions[:limit]
	}
	return res
}

// textTitles are words before names that are not names.
var textTitles = map[string]bool{"ceo": true, "chairman": true, "director": true, "general": true, "colonel": true, "sheikh": true,
	"king": true, "prince": true, "emir": true, "ayatollah": true, "senator": true, "governor": true, "mayor": true, "judge": true,
	"secretary": true, "spokesman": true, "spokeswoman": true, "chief": true, "deputy": true, "commander": true, "leader": true}

// namePrefixes are Arabic name words that make a name with the next one.
var namePrefixes = map[string]bool{"abdul": true, "abd": true, "abu": true, "umm": true, "bin": true, "ibn": true, "bint": true, "ould": true}

// lettersOf returns the letters and digits of s (S.S.K. → SSK).
func lettersOf(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// romanNumeral reports whether a word is a Roman numeral in capitals
// (VIII, XIV): chapter and figure numbers, never names.
func romanNumeral(w string) bool {
	if len(w) < 2 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if !strings.ContainsRune("IVXLCDM", rune(w[i])) {
			return false
		}
	}
	return true
}

// rareSurnameDF: a surname alone is reported (with low confidence) only
// when at most this many listed names carry it.
const rareSurnameDF = 12

// wordTerms returns the listed words a word of the text is: its key forms
// (and those of its stem, for Cyrillic words with a case ending) that are
// listed words, and the listed words equivalent to it.
func (s *Service) wordTerms(word string) []int32 {
	var out []int32
	add := func(t int32) {
		for _, x := range out {
			if x == t {
				return
			}
		}
		out = append(out, t)
	}
	for _, w := range wordVariants(word) {
		for _, tok := range names.Analyze(w, names.HintUnknown).Tokens {
			if tok.Kind != names.Word || utf8.RuneCountInString(tok.Text) < 2 {
				continue
			}
			for _, f := range tok.Forms {
				if t, ok := s.Index.Term(f); ok {
					add(t)
				}
			}
			if tok.Sym != 0 {
				for _, t := range s.Index.SymbolTerms(tok.Sym) {
					add(t)
				}
			}
		}
	}
	return out
}

// runCanMatch reports whether two words of a run, one of them rare,
// appear in one listed name, or a word of it is a listed name by itself.
// Only the rare words' names are collected, then the other words probe
// them.
func (s *Service) runCanMatch(info []*textWord, r span, minIDF float32, hits map[int32]uint16) bool {
	clear(hits)
	for k := r.from; k <= r.to && k-r.from < 16; k++ {
		bit := uint16(1) << (k - r.from)
		for _, t := range info[k].terms {
			if s.Index.WholeTerm(t) {
				return true
			}
			if s.Index.IDF(t) < minIDF {
				continue
			}
			for _, n := range s.Index.Postings(t) {
				m := hits[n]
				if m != 0 && m&bit == 0 {
					return true
				}
				hits[n] = m | bit
			}
		}
	}
	if len(hits) == 0 {
		return false
	}
	for k := r.from; k <= r.to && k-r.from < 16; k++ {
		bit := uint16(1) << (k - r.from)
		for _, t := range info[k].terms {
			if s.Index.IDF(t) >= minIDF {
				continue
			}
			for _, n := range s.Index.Postings(t) {
				if m, ok := hits[n]; ok && m&^bit != 0 {
					return true
				}
			}
		}
	}
	return false
}

// sameWord reports whether the one matched word of q is the listed word
// with terms lt as written (one of its key forms), not merely similar.
func (s *Service) sameWord(q *names.Name, lt []int32) bool {
	for _, tok := range q.Tokens {
		for _, f := range tok.Forms {
			t, ok := s.Index.Term(f)
			if !ok {
				continue
			}
			for _, x := range lt {
				if x == t {
					return true
				}
			}
		}
	}
	return false
}

func (s *Service) runHasCompound(info []*textWord, r span) bool {
	for k := r.from; k <= r.to; k++ {
		if info[k].compound {
			return true
		}
	}
	return false
}

// cyrEndings are Russian and Ukrainian case endings of names, longest first.
var cyrEndings = []string{"ыми", "ими", "ого", "ому", "его", "ему", "ым", "им", "ом", "ем", "ой", "ей", "ою", "ую", "юю", "ах", "ях", "а", "я", "у", "ю", "е", "ы", "и"}

// hangulParticles are Korean particles written onto the word before them
// (김정은이, 김정은의), longest first.
var hangulParticles = []string{"에게서", "으로서", "께서", "에게", "한테", "으로", "에서", "이나", "이다", "이며", "이는", "이가", "이", "가", "은", "는", "을", "를", "의", "에", "와", "과", "도", "로", "만"}

// wordVariants returns the word and, for Cyrillic words, the word without
// a case ending; for Hangul words, the word without a particle.
func wordVariants(w string) []string {
	out := []string{w}
	switch names.ScriptOf(w) {
	case names.Hangul:
		for _, p := range hangulParticles {
			if strings.HasSuffix(w, p) && utf8.RuneCountInString(w)-utf8.RuneCountInString(p) >= 2 {
				return append(out, strings.TrimSuffix(w, p))
			}
		}
		return out
	case names.Cyrillic:
	default:
		return out
	}
	if utf8.RuneCountInString(w) < 5 {
		return out
	}
	lw := strings.ToLower(w)
	for _, e := range cyrEndings {
		if strings.HasSuffix(lw, e) && utf8.RuneCountInString(lw)-utf8.RuneCountInString(e) >= 3 {
			rs := []rune(w)
			out = append(out, string(rs[:len(rs)-utf8.RuneCountInString(e)]))
			break
		}
	}
	return out
}

// matchRun matches the words of one run against the listed names and
// returns the mentions it holds.
func (s *Service) matchRun(d *text.Document, r span, threshold float64) []found {
	var words []string
	for k := r.from; k <= r.to; k++ {
		words = append(words, d.Words[k].Text)
	}
	words = s.stripCases(words)
	cjkWord := false
	if r.from == r.to {
		// a listed Japanese name written without its space (河合昭) is
		// analysed as listed (河合 昭): kanji are read as Japanese then
		if o, ok := s.cjkNameSet().names[words[0]]; ok {
			words, cjkWord = strings.Fields(o), true
		}
	}
	q, wordOf := names.AnalyzeWords(words, names.HintUnknown)
	if cjkWord {
		clear(wordOf) // every token is of the one word of the run
	}
	if len(q.Tokens) == 0 {
		return nil
	}
	lk := s.Index.LookupExact(&q)
	cands := s.Index.Candidates(lk, 12, 0.15)
	bestBySpan := map[span]map[int32]*found{}
	type subLk struct {
		lk *index.Lookup
		q  names.Name
	}
	subLookups := map[[2]int]*subLk{}
	subLookup := func(a, b int) *subLk {
		k := [2]int{a, b}
		if x := subLookups[k]; x != nil {
			return x
		}
		x := &subLk{}
		x.q, _ = names.AnalyzeWords(words[a:b+1], names.HintUnknown)
		x.lk = s.Index.LookupExact(&x.q)
		subLookups[k] = x
		return x
	}
	var out []found
	for _, c := range cands {
		ne := &s.Index.Names[c.Name]
		ns := s.scorer.ScoreIndexed(lk, ne, false)
		if ns.QMask == 0 || ns.Score <= 0 {
			continue
		}
		lo, hi := bits.TrailingZeros64(ns.QMask), 63-bits.LeadingZeros64(ns.QMask)
		if lo >= len(wordOf) || hi >= len(wordOf) {
			continue
		}
		sp := span{r.from + wordOf[lo], r.from + wordOf[hi]}
		// score the matched part on its own, so that words around the name
		// (titles, other names in the run) do not count against it
		sub, subQ := lk, &q
		if wordOf[lo] != 0 || wordOf[hi] != wordOf[len(wordOf)-1] {
			sl := subLookup(wordOf[lo], wordOf[hi])
			sub, subQ = sl.lk, &sl.q
			ns = s.scorer.ScoreIndexed(sub, ne, false)
		}
		// and without a word at either end when that scores better: in a
		// script without capitals the run is a whole clause, and the
		// alignment may have started on a word before the name
		// (الحوثيين عبد الملك الحوثي: "the Houthis' Abdulmalik al-Houthi")
		for a, b := wordOf[lo], wordOf[hi]; b > a; {
			improved := false
			for _, c := range [][2]int{{a + 1, b}, {a, b - 1}} {
				sl := subLookup(c[0], c[1])
				if x := s.scorer.ScoreIndexed(sl.lk, ne, false); x.Score > ns.Score+0.01 {
					ns, sub, subQ = x, sl.lk, &sl.q
					a, b = c[0], c[1]
					sp = span{r.from + a, r.from + b}
					improved = true
					break
				}
			}
			if !improved {
				break
			}
		}
		if ns.Score <= 0 {
			continue
		}
		eff := ns.Score * kindFactor(&s.cfg.Match, ne.Kind)
		m := bestBySpan[sp]
		if m == nil {
			m = map[int32]*found{}
			bestBySpan[sp] = m
		}
		if f := m[ne.Entity]; f != nil && f.score >= eff {
			continue
		}
		// one name word (al-Najjar and Abdul Karim are one: the article and
		// "servant of" make no name of their own)
		nameWords := 0
		for qm := ns.QMask; qm != 0; qm &= qm - 1 {
			if i := bits.TrailingZeros64(qm); i < len(subQ.Tokens) && subQ.Tokens[i].Kind == names.Word && !namePrefixes[subQ.Tokens[i].Text] {
				nameWords++
			}
		}
		single := (bits.OnesCount64(ns.QMask) == 1 && sp.from == sp.to) || (nameWords == 1 && sp.to-sp.from <= 1)
		f := &found{sp: sp, ent: ne.Entity, name: ne, score: eff, single: single, nameWords: nameWords}
		if single {
			// which listed word did it match: a family name or the last word?
			j := 63 - bits.LeadingZeros64(ns.LMask) // the last listed word matched
			if j >= 0 && j < len(ne.Name.Tokens) {
				t := ne.Name.Tokens[j]
				f.lfamily = t.Role == names.RoleFamily || j == len(ne.Name.Tokens)-1
				f.exact = s.sameWord(subQ, ne.Terms[j])
				// a listed name of one word (an organisation such as Hezbollah)
				// is a full mention when matched exactly
				if len(ne.Name.Tokens) == 1 && !s.Index.Entities[ne.Entity].Schema.IsPerson() && ns.Score >= 0.97 {
					// a short one-word name is an acronym: written as the
					// list writes it (LeT, RMK), not any word of its letters
					if o := lettersOf(ne.Name.Original); utf8.RuneCountInString(ne.Name.Tokens[0].Text) <= 4 &&
						(names.ScriptOf(words[0]) != names.ScriptOf(o) ||
							((o == strings.ToUpper(o) || lettersOf(words[0]) != o) && strings.ToUpper(words[0]) != words[0])) {
						continue
					}
					f.single = false
				}
			}
		}
		f.lk = sub
		f.hit = s.scorer.Evidence(&match.Query{}, s.Index.Entities[ne.Entity], &ns, ne.Name.Original, ne.Kind, threshold)
		m[ne.Entity] = f
	}
	for _, m := range bestBySpan {
		for _, f := range m {
			out = append(out, *f)
		}
	}
	// per span, keep the best entities (ties kept), and drop spans inside a
	// longer span that matched the same entity better
	sortFound(out)
	var kept []found
	for _, f := range out {
		dominated := false
		for _, k := range kept {
			if k.ent == f.ent && k.sp.from <= f.sp.from && f.sp.to <= k.sp.to {
				dominated = true
				break
			}
			// another entity already matched this exact span clearly better
			if k.sp == f.sp && k.hit.Match && !f.hit.Match {
				dominated = true
				break
			}
		}
		if !dominated {
			kept = append(kept, f)
		}
		if len(kept) >= 20 {
			break
		}
	}
	return kept
}

// matchInverted matches "Surname, Given names" (runs r1 and r2 either side
// of a comma) as "Given names Surname"; a listed name must match words of
// both runs, and the mention is both runs with the comma.
func (s *Service) matchInverted(d *text.Document, r1, r2 span, threshold float64) []found {
	var words []string
	for k := r2.from; k <= r2.to; k++ {
		words = append(words, d.Words[k].Text)
	}
	given := len(words)
	for k := r1.from; k <= r1.to; k++ {
		words = append(words, d.Words[k].Text)
	}
	words = s.stripCases(words)
	q, wordOf := names.AnalyzeWords(words, names.HintPerson)
	if len(q.Tokens) < 2 {
		return nil
	}
	lk := s.Index.LookupExact(&q)
	best := map[int32]*found{}
	for _, c := range s.Index.Candidates(lk, 12, 0.15) {
		ne := &s.Index.Names[c.Name]
		ns := s.scorer.ScoreIndexed(lk, ne, false)
		if ns.Score <= 0 {
			continue
		}
		// words of both sides of the comma
		var fromGiven, fromFamily bool
		for i := 0; i < len(wordOf) && i < 64; i++ {
			if ns.QMask&(1<<i) != 0 {
				fromGiven = fromGiven || wordOf[i] < given
				fromFamily = fromFamily || wordOf[i] >= given
			}
		}
		if !fromGiven || !fromFamily {
			continue
		}
		eff := ns.Score * kindFactor(&s.cfg.Match, ne.Kind)
		if f := best[ne.Entity]; f != nil && f.score >= eff {
			continue
		}
		f := &found{sp: span{r1.from, r2.to}, run: span{r1.from, r2.to}, ent: ne.Entity, name: ne, score: eff, lk: lk}
		f.hit = s.scorer.Evidence(&match.Query{}, s.Index.Entities[ne.Entity], &ns, ne.Name.Original, ne.Kind, threshold)
		best[ne.Entity] = f
	}
	var out []found
	for _, f := range best {
		out = append(out, *f)
	}
	sortFound(out)
	return out
}

// sortFound orders mentions found in one run by score, best first, then
// by entity, then the longer span first (so that an equal match inside it
// is the one dropped), then by position: a total order, so the answer
// never depends on map iteration.
func sortFound(out []found) {
	slices.SortFunc(out, func(a, b found) int {
		if c := cmp.Compare(b.hit.Score, a.hit.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(a.ent, b.ent); c != 0 {
			return c
		}
		if c := cmp.Compare(b.sp.to-b.sp.from, a.sp.to-a.sp.from); c != 0 {
			return c
		}
		return cmp.Compare(a.sp.from, b.sp.from)
	})
}

// stripCases replaces Cyrillic words by their stem when a case ending
// hides a listed word (Владимиром Путиным → Владимир Путин); words listed
// as they are written (Путина, a surname of its own) are kept.
func (s *Service) stripCases(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = w
		vs := wordVariants(w)
		if len(vs) > 1 && !s.listedWord(w) && s.listedWord(vs[1]) {
			out[i] = vs[1]
		}
	}
	return out
}

// listedWord reports whether every word of w (김정은 is two: gim,
// jeongeun) is a listed word.
func (s *Service) listedWord(w string) bool {
	n := 0
	for _, t := range names.Analyze(w, names.HintUnknown).Tokens {
		if t.Kind != names.Word {
			continue
		}
		listed := false
		for _, f := range t.Forms {
			if _, ok := s.Index.Term(f); ok {
				listed = true
				break
			}
		}
		if !listed {
			return false
		}
		n++
	}
	return n > 0
}

// compoundName reports whether a word written without spaces in a script
// that writes names so (Han, kana, Hangul) is two or more listed words:
// a whole name, which is matched as a run of words is.
func (s *Service) compoundName(w string) bool {
	switch names.ScriptOf(w) {
	case names.Han, names.Japanese, names.Hangul:
	default:
		return false
	}
	if _, ok := s.cjkNameSet().names[w]; ok {
		return true
	}
	for _, v := range wordVariants(w) {
		words := 0
		for _, t := range names.Analyze(v, names.HintUnknown).Tokens {
			if t.Kind == names.Word {
				words++
			}
		}
		if words >= 2 && s.listedWord(v) {
			return true
		}
	}
	return false
}

// cjkNames holds the listed names written in Han or kana, without spaces,
// to find them inside unsegmented Chinese and Japanese text.
type cjkNames struct {
	once   sync.Once
	names  map[string]string // without spaces → as listed
	maxLen int               // in runes
}

func (s *Service) cjkNameSet() *cjkNames {
	c := &s.cjk
	c.once.Do(func() {
		c.names = map[string]string{}
		for i := range s.Index.Names {
			o := s.Index.Names[i].Name.Original
			if sc := names.ScriptOf(o); sc != names.Han && sc != names.Japanese {
				continue
			}
			k := strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) || r == '·' || r == '・' || r == '.' {
					return -1
				}
				return r
			}, o)
			if n := utf8.RuneCountInString(k); n >= 2 {
				c.names[k] = o
				c.maxLen = max(c.maxLen, n)
			}
		}
	})
	return c
}

// cutCJK cuts a Chinese or Japanese word around the listed names written
// in it: 中国的张伟说 → 中国的 | 张伟 | 说. The longest listed name at each
// position wins.
func (s *Service) cutCJK(w string) []int {
	if len(w) < 6 { // two CJK characters are six bytes: too short to cut
		return nil
	}
	cjk := false
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 0xE3 && c <= 0xED { // lead bytes of kana, Han and Hangul
			cjk = true
			break
		}
	}
	if !cjk {
		return nil
	}
	switch names.ScriptOf(w) {
	case names.Han, names.Japanese:
	default:
		return nil
	}
	c := s.cjkNameSet()
	if len(c.names) == 0 {
		return nil
	}
	rs := []rune(w)
	var cuts []int
	for i := 0; i < len(rs)-1; {
		l := min(c.maxLen, len(rs)-i)
		for ; l >= 2; l-- {
			if _, ok := c.names[string(rs[i:i+l])]; ok {
				break
			}
		}
		if l < 2 {
			i++
			continue
		}
		if i > 0 && (len(cuts) == 0 || cuts[len(cuts)-1] != i) {
			cuts = append(cuts, i)
		}
		if i+l < len(rs) {
			cuts = append(cuts, i+l)
		}
		i += l
	}
	return cuts
}

// round3 rounds to three decimals, as package match rounds scores.
func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

// cachedWord is what text screening learns of a word; it depends only on
// the index, so the service keeps it across documents.
type cachedWord struct {
	terms    []int32
	country  bool
	compound bool
}

// wordCache is a bounded cache of words seen in texts.
type wordCache struct {
	mu sync.RWMutex
	m  map[string]cachedWord
}

const wordCacheSize = 200000

func (c *wordCache) get(w string, compute func() cachedWord) cachedWord {
	c.mu.RLock()
	v, ok := c.m[w]
	c.mu.RUnlock()
	if ok {
		return v
	}
	v = compute()
	c.mu.Lock()
	if c.m == nil || len(c.m) >= wordCacheSize {
		c.m = make(map[string]cachedWord, 1024)
	}
	c.m[strings.Clone(w)] = v
	c.mu.Unlock()
	return v
}
