package match

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/index"
)

// Reason is one named contribution to a score, what an analyst reads.
type Reason struct {
	Feature    string      `json:"feature"` // name, alias_kind, birth_date, country, gender, identifier, schema, legal_form, numbers, word_order, common_words
	Query      string      `json:"query,omitempty"`
	Listed     string      `json:"listed,omitempty"`
	How        string      `json:"how,omitempty"`
	Similarity float64     `json:"similarity,omitempty"`
	Effect     float64     `json:"effect"` // what it changed in the score: the name score itself for "name", else a signed change
	Detail     string      `json:"detail,omitempty"`
	Words      []WordMatch `json:"words,omitempty"`
	Unmatched  []string    `json:"unmatched_query,omitempty"`
	Extra      []string    `json:"unmatched_listed,omitempty"`
}

// Query is a party to screen.
type Query struct {
	Names       []string
	Schema      entity.Schema // "" for any
	BirthDates  []entity.Date
	Countries   []string // ISO 3166-1 alpha-2, lower case
	Gender      string   // male, female or ""
	Identifiers []string
}

// Scorer scores queries against the entities of one index.
type Scorer struct {
	cfg Config
	ix  *index.Index
}

// New returns a scorer; ix may be nil for pairwise comparisons only.
func New(ix *index.Index, cfg Config) (*Scorer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Scorer{cfg: cfg, ix: ix}, nil
}

// Config returns the scorer's configuration.
func (s *Scorer) Config() Config { return s.cfg }

// Index returns the scorer's index (nil for a pairwise scorer).
func (s *Scorer) Index() *index.Index { return s.ix }

// Hit is a scored entity.
type Hit struct {
	Entity    *entity.Entity
	Score     float64
	Match     bool
	Name      string          // the listed name that matched best
	NameKind  entity.NameKind //
	NameScore float64
	Reasons   []Reason
}

// Evidence adjusts a name score with the kind of listed name and the
// secondary evidence the query carries, and decides the match.
// ns is the best name score (nil when only an identifier matched).
func (s *Scorer) Evidence(q *Query, e *entity.Entity, ns *NameScore, name string, kind entity.NameKind, threshold float64) Hit {
	return s.EvidenceInto(nil, q, e, ns, name, kind, threshold)
}

// EvidenceInto is Evidence with the reasons appended to buf[:0], for a
// caller that scores many candidates and keeps few: it reuses buf, and
// the Hit's Reasons share its array.
func (s *Scorer) EvidenceInto(buf []Reason, q *Query, e *entity.Entity, ns *NameScore, name string, kind entity.NameKind, threshold float64) Hit {
	h := Hit{Entity: e, Name: name, NameKind: kind, Reasons: buf[:0]}
	score := 0.0
	if ns != nil {
		score = ns.Score
		h.NameScore = round3(ns.Score)
		h.Reasons = append(h.Reasons, Reason{Feature: "name", Listed: name, Effect: round3(ns.Score),
			Detail: "name similarity", Words: ns.Words, Unmatched: ns.UnmatchedQuery, Extra: ns.UnmatchedListed})
		h.Reasons = append(h.Reasons, ns.Notes...)
	}
	switch kind {
	case entity.WeakAlias:
		d := score * (1 - s.cfg.WeakAlias)
		score -= d
		h.Reasons = append(h.Reasons, Reason{Feature: "alias_kind", Listed: name, Effect: -round3(d), Detail: "weak alias: low-quality a.k.a., needs corroboration"})
	case entity.FormerName:
		d := score * (1 - s.cfg.FormerName)
		score -= d
		h.Reasons = append(h.Reasons, Reason{Feature: "alias_kind", Listed: name, Effect: -round3(d), Detail: "former name"})
	}
	corroborated := false

	// schema
	if q.Schema != "" && e.Schema != "" {
		qp, lp := q.Schema == entity.Person, e.Schema == entity.Person
		qa, la := q.Schema == entity.Vessel || q.Schema == entity.Airplane, e.Schema == entity.Vessel || e.Schema == entity.Airplane
		detail := ""
		switch {
		case qp != lp && !qa && !la:
			detail = "a person is not an organisation"
		case q.Schema.IsOrg() && la, qa && e.Schema.IsOrg():
			detail = "an organisation is not a vessel or aircraft"
		}
		if detail != "" {
			score += s.cfg.SchemaClash
			h.Reasons = append(h.Reasons, Reason{Feature: "schema", Query: string(q.Schema), Listed: string(e.Schema), Effect: s.cfg.SchemaClash, Detail: detail})
		}
	}

	// birth dates, for persons
	if len(q.BirthDates) > 0 && len(e.BirthDates) > 0 && e.Schema != entity.Vessel && e.Schema != entity.Airplane {
		eff, detail, qd, ld := s.dobEffect(q.BirthDates, e.BirthDates)
		score += eff
		if eff > 0 {
			corroborated = true
		}
		h.Reasons = append(h.Reasons, Reason{Feature: "birth_date", Query: qd, Listed: ld, Effect: eff, Detail: detail})
	}

	// countries
	if len(q.Countries) > 0 {
		if lc := e.AllCountries(); len(lc) > 0 {
			agree := ""
			for _, c := range q.Countries {
				for _, x := range lc {
					if c == x {
						agree = c
					}
				}
			}
			if agree != "" {
				score += s.cfg.CountryAgree
				corroborated = true
				h.Reasons = append(h.Reasons, Reason{Feature: "country", Query: agree, Listed: agree, Effect: s.cfg.CountryAgree, Detail: "country agrees"})
			} else {
				score += s.cfg.CountryClash
				h.Reasons = append(h.Reasons, Reason{Feature: "country", Query: strings.Join(q.Countries, ","), Listed: strings.Join(lc, ","), Effect: s.cfg.CountryClash, Detail: "no listed country agrees"})
			}
		}
	}

	// gender
	if q.Gender != "" && e.Gender != "" && q.Gender != e.Gender {
		score += s.cfg.GenderClash
		h.Reasons = append(h.Reasons, Reason{Feature: "gender", Query: q.Gender, Listed: e.Gender, Effect: s.cfg.GenderClash, Detail: "gender differs"})
	}

	// weak aliases need corroboration
	if kind == entity.WeakAlias && !corroborated && score >= threshold {
		d := score - (threshold - 0.01)
		score -= d
		h.Reasons = append(h.Reasons, Reason{Feature: "alias_kind", Listed: name, Effect: -round3(d), Detail: "only a weak alias matches and nothing corroborates it"})
	}

	// identifiers: an exact match is evidence on its own
	for _, qi := range q.Identifiers {
		keys := index.IDKeys(qi)
		if len(keys[0]) < 4 {
			continue
		}
		for _, id := range e.Identifiers {
			if !slices.Contains(keys, index.NormalizeID(id.Value)) {
				continue
			}
			strong := id.Type.Strong()
			before := score
			if strong && score < s.cfg.IdentifierFloor {
				score = s.cfg.IdentifierFloor
			} else if !strong {
				score += 0.05
			}
			h.Reasons = append(h.Reasons, Reason{Feature: "identifier", Query: qi, Listed: id.Value, How: string(id.Type),
				Effect: round3(score - before), Detail: fmt.Sprintf("%s %s matches exactly", idLabel(id), id.Value)})
			goto idsDone
		}
	}
idsDone:
	score = math.Max(0, math.Min(1, score))
	h.Score = round3(score)
	h.Match = h.Score >= threshold
	return h
}

func idLabel(id entity.Identifier) string {
	if id.Label != "" {
		return id.Label
	}
	return strings.ReplaceAll(string(id.Type), "_", " ")
}

// dobEffect compares the query's birth dates with the listed ones and
// returns the best (highest) effect.
func (s *Scorer) dobEffect(qs, ls []entity.Date) (float64, string, string, string) {
	best := math.Inf(-1)
	var detail, qd, ld string
	for _, q := range qs {
		for _, l := range ls {
			eff, d := s.compareDates(q, l)
			if eff > best {
				best, detail, qd, ld = eff, d, q.String(), l.String()
			}
		}
	}
	return best, detail, qd, ld
}

func (s *Scorer) compareDates(q, l entity.Date) (float64, string) {
	llo, lhi := l.YearRange()
	qlo, qhi := q.YearRange()
	overlap := qlo <= lhi && llo <= qhi
	if !overlap {
		gap := min(abs(qlo-lhi), abs(llo-qhi))
		if gap <= 1 {
			return s.cfg.DOBDayClash / 2, "birth years one apart"
		}
		return s.cfg.DOBYearClash, fmt.Sprintf("birth years %d apart", gap)
	}
	exactYears := !q.Circa && !l.Circa && q.ToYear == 0 && l.ToYear == 0
	if !exactYears {
		return s.cfg.DOBNear, "birth year within the listed range"
	}
	if q.Month > 0 && l.Month > 0 {
		if q.Month != l.Month {
			return s.cfg.DOBDayClash, "same birth year, different month"
		}
		if q.Day > 0 && l.Day > 0 {
			if q.Day != l.Day {
				return s.cfg.DOBDayClash, "same birth year and month, different day"
			}
			return s.cfg.DOBExact, "birth date agrees"
		}
	}
	return s.cfg.DOBYear, "birth year agrees"
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
