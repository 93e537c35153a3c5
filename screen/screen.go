// Package screen is the one screening service every front end uses (CLI,
// HTTP API, text and payment screening): it takes a party, finds candidates
// in the index, scores them with package match, applies the threshold, list
// filters and limits, and returns ranked, explained hits stamped with the
// dataset and algorithm versions.
package screen

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/embargo/embargo/dataset"
	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/index"
	"github.com/embargo/embargo/match"
	"github.com/embargo/embargo/names"
)

// Algorithm names the default scoring.
const Algorithm = "embargo-v1"

// AlgorithmOFAC names the reproduction of OFAC's Sanctions List Search
// scoring (FAQ 249): Jaro–Winkler and Soundex on names only.
const AlgorithmOFAC = "ofac-faq249"

// Algorithms lists the algorithms a request may ask for, with their
// short names.
var Algorithms = map[string]string{"": Algorithm, "embargo": Algorithm, Algorithm: Algorithm, "ofac": AlgorithmOFAC, AlgorithmOFAC: AlgorithmOFAC}

// Errors returned for bad queries; they wrap ErrQuery.
var (
	ErrQuery = errors.New("screen: invalid query")
)

// Config tunes the service.
type Config struct {
	Match          match.Config
	Limit          int     // hits returned when a request does not say; default 10
	MaxLimit       int     // the most hits a request may ask for; default 500
	MinScore       float64 // hits below this score are not returned; default 0.5
	CandidateNames int     // listed names scored per query name; default 150
	MinCover       float32 // share of the query's weight a candidate must share; default 0.4
}

// DefaultConfig returns the shipped configuration.
func DefaultConfig() Config {
	return Config{Match: match.DefaultConfig(), Limit: 10, MaxLimit: 500, MinScore: 0.5, CandidateNames: 150, MinCover: 0.4}
}

// Validate reports every problem at once.
func (c Config) Validate() error {
	var errs []string
	if err := c.Match.Validate(); err != nil {
		errs = append(errs, err.Error())
	}
	if c.Limit < 1 || c.MaxLimit < c.Limit {
		errs = append(errs, fmt.Sprintf("limit %d must be ≥ 1 and ≤ max_limit %d", c.Limit, c.MaxLimit))
	}
	if c.MinScore < 0 || c.MinScore > 1 {
		errs = append(errs, fmt.Sprintf("min_score %v, want 0..1", c.MinScore))
	}
	if c.CandidateNames < 1 {
		errs = append(errs, "candidate_names must be ≥ 1")
	}
	if len(errs) > 0 {
		return fmt.Errorf("screen: invalid config: %s", strings.Join(errs, "; "))
	}
	return nil
}

// Service screens parties against one snapshot. It is immutable and safe
// for concurrent use; a list reload builds a new Service.
type Service struct {
	Snapshot *dataset.Snapshot
	Index    *index.Index
	scorer   *match.Scorer
	cfg      Config
	words    wordCache // text screening's knowledge of words
	cjk      cjkNames  // listed names in Han and kana, built on first use
}

// New indexes the snapshot and returns a service over it.
func New(snap *dataset.Snapshot, cfg Config) (*Service, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ix := index.Build(snap)
	sc, err := match.New(ix, cfg.Match)
	if err != nil {
		return nil, err
	}
	return &Service{Snapshot: snap, Index: ix, scorer: sc, cfg: cfg}, nil
}

// Config returns the service configuration.
func (s *Service) Config() Config { return s.cfg }

// Scorer returns the service's scorer.
func (s *Service) Scorer() *match.Scorer { return s.scorer }

// Request is one screening request.
type Request struct {
	Query        match.Query
	Threshold    float64 // 0 means the configured default
	Limit        int     // 0 means the configured default
	IncludeLists []string
	ExcludeLists []string
	ExcludeIDs   []string
	Algorithm    string // "" or "embargo" for the default, "ofac" for OFAC's own scoring
}

// Hit is one ranked, explained result. Its JSON is part of the CLI and API
// contract.
type Hit struct {
	ID          string         `json:"id"`
	Caption     string         `json:"caption"`
	Schema      entity.Schema  `json:"schema"`
	Datasets    []string       `json:"datasets"`
	Score       float64        `json:"score"`
	Match       bool           `json:"match"`
	MatchedName string         `json:"matched_name,omitempty"`
	NameKind    string         `json:"name_kind,omitempty"`
	Reasons     []match.Reason `json:"reasons"`
	Entity      *entity.Entity `json:"-"`
}

// Result is the answer to a Request.
type Result struct {
	Hits           []Hit   `json:"hits"`
	Threshold      float64 `json:"threshold"`
	DatasetVersion string  `json:"dataset_version"`
	Algorithm      string  `json:"algorithm"`
	// Versions of the rules that produced the scores, for reproducibility.
	Versions Versions `json:"versions"`
}

// Versions of the name rules, index and scorer.
type Versions struct {
	Names int `json:"names"`
	Index int `json:"index"`
	Match int `json:"match"`
}

// CurrentVersions returns the versions compiled into this binary.
func CurrentVersions() Versions {
	return Versions{Names: names.Version, Index: index.Version, Match: match.Version}
}

// MaxNameRunes bounds a query name.
const MaxNameRunes = names.MaxRunes

// ValidateQuery checks a query before screening; the error names the field.
func ValidateQuery(q *match.Query) error {
	if len(q.Names) == 0 && len(q.Identifiers) == 0 {
		return fmt.Errorf("%w: a name or an identifier is required", ErrQuery)
	}
	for i, n := range q.Names {
		if !utf8.ValidString(n) {
			return fmt.Errorf("%w: name %d is not valid UTF-8", ErrQuery, i+1)
		}
		if utf8.RuneCountInString(n) > MaxNameRunes {
			return fmt.Errorf("%w: name %d is longer than %d characters", ErrQuery, i+1, MaxNameRunes)
		}
		if names.Fold(n) == "" {
			return fmt.Errorf("%w: name %d has no letters or digits", ErrQuery, i+1)
		}
	}
	for i, id := range q.Identifiers {
		if !utf8.ValidString(id) || len(id) > 200 {
			return fmt.Errorf("%w: identifier %d is not valid UTF-8 or longer than 200 bytes", ErrQuery, i+1)
		}
	}
	if q.Schema != "" {
		if _, ok := entity.ParseSchema(string(q.Schema)); !ok {
			return fmt.Errorf("%w: unknown schema %q", ErrQuery, q.Schema)
		}
	}
	return nil
}

// maxNamesPerEntity bounds the names of one entity scored per query name.
const maxNamesPerEntity = 3

type cand struct {
	ns   match.NameScore
	name *index.NameEntry
	lk   *index.Lookup
	eff  float64 // name score after the kind factor, for picking the best name
}

// screenScratch is Screen's working memory, recycled: a common name has a
// hundred candidates, a large struct each.
type screenScratch struct {
	cands  []cand
	best   map[int32]int32 // entity → index in cands
	scored map[int32]int8  // entity → names scored, per query name
	seen   map[int32]bool  // entities weighed with their evidence
}

var scratchPool = sync.Pool{New: func() any {
	return &screenScratch{best: map[int32]int32{}, scored: map[int32]int8{}, seen: map[int32]bool{}}
}}

// maxEvidence bounds what secondary evidence other than an identifier
// can add to a name score: a name scoring below MinScore-maxEvidence is
// not worth weighing.
const maxEvidence = 0.2

// Screen screens one party.
func (s *Service) Screen(r Request) (*Result, error) {
	if err := ValidateQuery(&r.Query); err != nil {
		return nil, err
	}
	alg, ok := Algorithms[r.Algorithm]
	if !ok {
		return nil, fmt.Errorf("%w: unknown algorithm %q (want embargo or ofac)", ErrQuery, r.Algorithm)
	}
	threshold, err := s.Threshold(alg, r.Threshold)
	if err != nil {
		return nil, err
	}
	limit := r.Limit
	if limit <= 0 {
		limit = s.cfg.Limit
	}
	if limit > s.cfg.MaxLimit {
		return nil, fmt.Errorf("%w: limit %d is above the maximum %d", ErrQuery, limit, s.cfg.MaxLimit)
	}
	if r.Query.Schema != "" {
		sch, _ := entity.ParseSchema(string(r.Query.Schema))
		r.Query.Schema = sch
	}
	if alg == AlgorithmOFAC {
		return s.screenOFAC(&r, threshold, limit), nil
	}
	// identifiers: an exact one is evidence enough, whatever the name
	idEnts := map[int32]bool{}
	for _, id := range r.Query.Identifiers {
		for _, ref := range s.Index.LookupID(id) {
			if s.admissible(&r, ref.Entity) {
				idEnts[ref.Entity] = true
			}
		}
	}
	hint := index.HintFor(r.Query.Schema)
	sc := scratchPool.Get().(*screenScratch)
	cands := sc.cands[:0] // the best name of each entity
	best, scored, seen := sc.best, sc.scored, sc.seen
	defer func() {
		clear(cands) // drop the references for the collector
		sc.cands = cands[:0]
		clear(best)
		clear(scored)
		clear(seen)
		scratchPool.Put(sc)
	}()
	for _, qn := range r.Query.Names {
		an := names.Analyze(qn, hint)
		if len(an.Tokens) == 0 {
			continue
		}
		if r.Query.Schema == "" && an.Legal != "" {
			// a name with a legal form is an organisation's
			r.Query.Schema = entity.Organization
		}
		lk := s.Index.Lookup(&an)
		cs := s.Index.Candidates(lk, s.cfg.CandidateNames, s.cfg.MinCover)
		clear(scored)
		for _, c := range cs {
			ne := &s.Index.Names[c.Name]
			// the names of an entity that cover the query best are scored;
			// its other aliases rarely score higher and cost time
			if scored[ne.Entity] >= maxNamesPerEntity {
				continue
			}
			scored[ne.Entity]++
			if !s.admissible(&r, ne.Entity) {
				continue
			}
			ns := s.scorer.ScoreIndexed(lk, ne, false)
			if ns.Score <= 0 || (ns.Score+maxEvidence < s.cfg.MinScore && !idEnts[ne.Entity]) {
				continue // evidence cannot lift it to a reportable score
			}
			eff := ns.Score * kindFactor(&s.cfg.Match, ne.Kind)
			if b, ok := best[ne.Entity]; !ok {
				best[ne.Entity] = int32(len(cands))
				cands = append(cands, cand{ns: ns, name: ne, lk: lk, eff: eff})
			} else if eff > cands[b].eff {
				cands[b] = cand{ns: ns, name: ne, lk: lk, eff: eff}
			}
		}
	}
	// score every candidate with its evidence, then explain only the ones
	// reported: a common name has a hundred candidates and five are shown
	type scoredEnt struct {
		ent   int32
		c     *cand
		score float64
		id    string
	}
	var pre []scoredEnt
	var reasons []match.Reason // reused: only the score is kept here
	consider := func(ent int32, c *cand) {
		if seen[ent] {
			return
		}
		seen[ent] = true
		e := s.Index.Entities[ent]
		var h match.Hit
		if c != nil {
			h = s.scorer.EvidenceInto(reasons, &r.Query, e, &c.ns, c.name.Name.Original, c.name.Kind, threshold)
		} else {
			h = s.scorer.EvidenceInto(reasons, &r.Query, e, nil, "", entity.Primary, threshold)
		}
		reasons = h.Reasons
		if h.Score < s.cfg.MinScore && !h.Match {
			return
		}
		pre = append(pre, scoredEnt{ent: ent, c: c, score: h.Score, id: e.ID})
	}
	for ent, b := range best {
		consider(ent, &cands[b])
	}
	for ent := range idEnts {
		if b, ok := best[ent]; ok {
			consider(ent, &cands[b])
		} else {
			consider(ent, nil)
		}
	}
	slices.SortFunc(pre, func(a, b scoredEnt) int { return rank(a.score, a.id, b.score, b.id) })
	if len(pre) > limit {
		pre = pre[:limit]
	}
	hits := make([]Hit, 0, len(pre))
	for _, p := range pre {
		e := s.Index.Entities[p.ent]
		var h match.Hit
		if p.c != nil {
			ns := s.scorer.ScoreIndexed(p.c.lk, p.c.name, true)
			h = s.scorer.Evidence(&r.Query, e, &ns, p.c.name.Name.Original, p.c.name.Kind, threshold)
		} else {
			h = s.scorer.Evidence(&r.Query, e, nil, "", entity.Primary, threshold)
		}
		hit := Hit{
			ID: e.ID, Caption: s.Index.Caption(p.ent), Schema: e.Schema, Datasets: e.Lists(), Score: h.Score, Match: h.Match,
			MatchedName: h.Name, Reasons: h.Reasons, Entity: e,
		}
		if h.Name != "" {
			hit.NameKind = h.NameKind.String()
		}
		hits = append(hits, hit)
	}
	// already ranked: explaining a name does not change its score
	return s.result(hits, threshold, Algorithm), nil
}

// Threshold is the threshold a request for algorithm alg (Algorithm or
// AlgorithmOFAC) works with: t, or the algorithm's default when t is 0 or
// less; above 1 is an error.
func (s *Service) Threshold(alg string, t float64) (float64, error) {
	if t <= 0 {
		t = s.cfg.Match.Threshold
		if alg == AlgorithmOFAC {
			t = match.OFACThreshold
		}
	}
	if t > 1 {
		return 0, fmt.Errorf("%w: threshold %v is above 1", ErrQuery, t)
	}
	return t, nil
}

// rank orders hits by score, best first, then by id: the order of every
// ranked answer.
func rank(aScore float64, aID string, bScore float64, bID string) int {
	if c := cmp.Compare(bScore, aScore); c != 0 {
		return c
	}
	return strings.Compare(aID, bID)
}

// result wraps hits, already ranked and cut to the limit.
func (s *Service) result(hits []Hit, threshold float64, alg string) *Result {
	if hits == nil {
		hits = []Hit{}
	}
	return &Result{Hits: hits, Threshold: threshold, DatasetVersion: s.Snapshot.Version, Algorithm: alg, Versions: CurrentVersions()}
}

// screenOFAC scores the candidates the index finds with OFAC's own
// algorithm: names only, no transliteration, no secondary evidence except
// exact identifiers (which OFAC's tool matches by characters).
func (s *Service) screenOFAC(r *Request, threshold float64, limit int) *Result {
	type best struct {
		res  match.OFACResult
		name string
	}
	found := map[int32]*best{}
	for _, qn := range r.Query.Names {
		an := names.Analyze(qn, index.HintFor(r.Query.Schema))
		if len(an.Tokens) == 0 {
			continue
		}
		lk := s.Index.Lookup(&an)
		for _, c := range s.Index.Candidates(lk, 2*s.cfg.CandidateNames, s.cfg.MinCover/2) {
			ne := &s.Index.Names[c.Name]
			if !s.admissible(r, ne.Entity) {
				continue
			}
			res, ok := match.OFACScore(qn, ne.Name.Original)
			if !ok {
				continue
			}
			if b := found[ne.Entity]; b == nil || res.Score > b.res.Score {
				found[ne.Entity] = &best{res: res, name: ne.Name.Original}
			}
		}
	}
	ids := map[int32]string{}
	for _, id := range r.Query.Identifiers {
		for _, ref := range s.Index.LookupID(id) {
			if s.admissible(r, ref.Entity) {
				ids[ref.Entity] = ref.ID.Value
			}
		}
	}
	var hits []Hit
	add := func(ent int32, score float64, name string, reasons []match.Reason) {
		e := s.Index.Entities[ent]
		score = round3(score)
		if score < s.cfg.MinScore {
			return
		}
		hits = append(hits, Hit{ID: e.ID, Caption: s.Index.Caption(ent), Schema: e.Schema, Datasets: e.Lists(), Score: score,
			Match: score >= threshold, MatchedName: name, Reasons: reasons, Entity: e})
	}
	for ent, b := range found {
		reasons := []match.Reason{b.res.Reason(b.name)}
		score := b.res.Score
		if v, ok := ids[ent]; ok {
			score = 1
			reasons = append(reasons, match.Reason{Feature: "identifier", Listed: v, Effect: 1, Detail: "identifier matches exactly"})
			delete(ids, ent)
		}
		add(ent, score, b.name, reasons)
	}
	for ent, v := range ids {
		add(ent, 1, "", []match.Reason{{Feature: "identifier", Listed: v, Effect: 1, Detail: "identifier matches exactly"}})
	}
	slices.SortFunc(hits, func(a, b Hit) int { return rank(a.Score, a.ID, b.Score, b.ID) })
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return s.result(hits, threshold, AlgorithmOFAC)
}

func kindFactor(c *match.Config, k entity.NameKind) float64 {
	switch k {
	case entity.WeakAlias:
		return c.WeakAlias
	case entity.FormerName:
		return c.FormerName
	}
	return 1
}

// admissible applies the schema and list filters of a request.
func (s *Service) admissible(r *Request, ent int32) bool {
	e := s.Index.Entities[ent]
	if q := r.Query.Schema; q != "" && e.Schema != "" {
		// persons never match vessels or aircraft, and vice versa
		qa := q == entity.Vessel || q == entity.Airplane
		la := e.Schema == entity.Vessel || e.Schema == entity.Airplane
		if (q == entity.Person && la) || (qa && e.Schema == entity.Person) {
			return false
		}
		if q == entity.CryptoWallet && e.Schema != entity.CryptoWallet {
			return false
		}
	}
	if len(r.IncludeLists) > 0 {
		ok := false
		for _, src := range e.Sources {
			for _, l := range r.IncludeLists {
				if src.List == l {
					ok = true
				}
			}
		}
		if !ok {
			return false
		}
	}
	if len(r.ExcludeLists) > 0 {
		all := true
		for _, src := range e.Sources {
			excluded := false
			for _, l := range r.ExcludeLists {
				if src.List == l {
					excluded = true
				}
			}
			if !excluded {
				all = false
			}
		}
		if all {
			return false
		}
	}
	for _, id := range r.ExcludeIDs {
		if strings.EqualFold(id, e.ID) {
			return false
		}
	}
	return true
}
