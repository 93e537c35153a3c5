// Package match scores a query against listed entities and explains every
// score. It sees only the candidates the index retrieved.
//
// A name score aligns the words of the query name with the words of one
// listed name (best pairs first, each word used once, joined and split
// words allowed), weighs each word by its rarity in the lists, and divides
// the weight matched by the weight matched plus a cost for every word left
// unmatched — a query word nobody listed costs much more than a listed
// middle name or patronymic the query leaves out. Guards keep common words
// from carrying a match. The entity score is the best name score, adjusted
// by the kind of name (weak aliases need corroboration) and by secondary
// evidence: birth dates, countries, gender, identifiers and schema. Every
// step adds a Reason.
package match

import (
	"errors"
	"fmt"
	"strings"
)

// Version identifies the scoring rules; bump with a line here whenever a
// change alters scores.
//
//	1: first release.
const Version = 1

// DefaultThreshold is the score at and above which a hit is a match. It was
// chosen from `embargo eval` over ../shared/data/names: see the README's
// quality section for the sweep it comes from.
const DefaultThreshold = 0.80

// Config holds the scoring weights. The zero value is not useful; start
// from DefaultConfig.
type Config struct {
	Threshold float64 `json:"threshold"`

	// Name alignment costs, as fractions of a word's weight.
	UnmatchedQuery  float64 `json:"unmatched_query"`  // a query word with no partner
	UnmatchedListed float64 `json:"unmatched_listed"` // a listed word with no partner
	UnmatchedMinor  float64 `json:"unmatched_minor"`  // a listed middle name, patronymic, title or particle
	UnmatchedFamily float64 `json:"unmatched_family"` // a listed family name (known from the list's name parts or capitals)
	FamilyBoost     float64 `json:"family_boost"`     // weight multiplier for listed family names
	OrderPenalty    float64 `json:"order_penalty"`    // for words matched in a different order
	LegalFormClash  float64 `json:"legal_form_clash"` // both organisation names carry different legal forms
	NumberClash     float64 `json:"number_clash"`     // factor when numbers in the names differ

	// Guards against common words.
	RareShare     float64 `json:"rare_share"`      // a single matched word must weigh at least this share of the rarest weight
	SingleCap     float64 `json:"single_cap"`      // cap when a match rests on one common word
	GenericCap    float64 `json:"generic_cap"`     // cap when only generic organisation words match
	MinInfoShare  float64 `json:"min_info_share"`  // total matched weight below this share of the rarest weight is discounted
	MinInfoFactor float64 `json:"min_info_factor"` // lowest discount factor

	// Kinds of listed names.
	WeakAlias  float64 `json:"weak_alias"`  // factor for weak aliases (and corroboration is required)
	FormerName float64 `json:"former_name"` // factor for former names

	// Secondary evidence, added to the score.
	DOBExact        float64 `json:"dob_exact"`        // full dates agree
	DOBYear         float64 `json:"dob_year"`         // years agree where one side gives only a year
	DOBNear         float64 `json:"dob_near"`         // within the listed range or one year
	DOBDayClash     float64 `json:"dob_day_clash"`    // same year, different month or day
	DOBYearClash    float64 `json:"dob_year_clash"`   // years differ by two or more
	CountryAgree    float64 `json:"country_agree"`    //
	CountryClash    float64 `json:"country_clash"`    //
	GenderClash     float64 `json:"gender_clash"`     //
	SchemaClash     float64 `json:"schema_clash"`     // a person against an organisation
	IdentifierFloor float64 `json:"identifier_floor"` // score at least this when a strong identifier matches exactly
}

// DefaultConfig returns the weights embargo ships with.
func DefaultConfig() Config {
	return Config{
		Threshold:       DefaultThreshold,
		UnmatchedQuery:  0.8,
		UnmatchedListed: 0.25,
		UnmatchedMinor:  0.08,
		UnmatchedFamily: 0.6,
		FamilyBoost:     1.2,
		OrderPenalty:    0.02,
		LegalFormClash:  0.04,
		NumberClash:     0.5,
		RareShare:       0.6,
		SingleCap:       0.7,
		GenericCap:      0.55,
		MinInfoShare:    0.6,
		MinInfoFactor:   0.8,
		WeakAlias:       0.92,
		FormerName:      0.97,
		DOBExact:        0.06,
		DOBYear:         0.03,
		DOBNear:         0.0,
		DOBDayClash:     -0.10,
		DOBYearClash:    -0.22,
		CountryAgree:    0.03,
		CountryClash:    -0.08,
		GenderClash:     -0.15,
		SchemaClash:     -0.25,
		IdentifierFloor: 0.97,
	}
}

// ErrConfig is wrapped by Validate errors.
var ErrConfig = errors.New("match: invalid config")

// Validate reports every problem with c at once.
func (c Config) Validate() error {
	var errs []string
	in01 := func(name string, v float64) {
		if v < 0 || v > 1 {
			errs = append(errs, fmt.Sprintf("%s = %v, want 0..1", name, v))
		}
	}
	in01("threshold", c.Threshold)
	in01("unmatched_query", c.UnmatchedQuery)
	in01("unmatched_listed", c.UnmatchedListed)
	in01("unmatched_minor", c.UnmatchedMinor)
	in01("unmatched_family", c.UnmatchedFamily)
	in01("single_cap", c.SingleCap)
	in01("generic_cap", c.GenericCap)
	in01("weak_alias", c.WeakAlias)
	in01("former_name", c.FormerName)
	in01("identifier_floor", c.IdentifierFloor)
	in01("number_clash", c.NumberClash)
	in01("min_info_factor", c.MinInfoFactor)
	if c.FamilyBoost < 1 || c.FamilyBoost > 3 {
		errs = append(errs, fmt.Sprintf("family_boost = %v, want 1..3", c.FamilyBoost))
	}
	for name, v := range map[string]float64{"dob_day_clash": c.DOBDayClash, "dob_year_clash": c.DOBYearClash,
		"country_clash": c.CountryClash, "gender_clash": c.GenderClash, "schema_clash": c.SchemaClash} {
		if v > 0 || v < -1 {
			errs = append(errs, fmt.Sprintf("%s = %v, want -1..0", name, v))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%w: %s", ErrConfig, strings.Join(errs, "; "))
	}
	return nil
}
