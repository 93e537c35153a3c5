package screen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/match"
)

// Strings is a list of strings that also accepts a single string in JSON
// and, from text, several values separated by ";".
type Strings []string

// UnmarshalJSON accepts "a", ["a","b"] or null.
func (s *Strings) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*s = nil
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var one string
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*s = SplitValues(one)
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("want a string or a list of strings")
	}
	*s = many
	return nil
}

// SplitValues splits "a; b" into its non-empty trimmed parts.
func SplitValues(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Party is a party to screen as users write it: in batch files, on the
// command line and in API requests.
type Party struct {
	Name    string  `json:"name,omitempty"`
	Names   Strings `json:"names,omitempty"` // more names (aliases) of the same party
	Schema  string  `json:"schema,omitempty"`
	DOB     Strings `json:"dob,omitempty"`     // birth dates, any precision
	Country Strings `json:"country,omitempty"` // nationality, citizenship, residence or jurisdiction: codes or names
	ID      Strings `json:"id,omitempty"`      // identifiers: passport, national id, IMO, BIC, crypto address…
	Gender  string  `json:"gender,omitempty"`
}

// FieldError names the field of a party that is wrong.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

func (e *FieldError) Unwrap() error { return ErrQuery }

// Query validates the party and turns it into a match query.
func (p *Party) Query() (match.Query, error) {
	var q match.Query
	if n := strings.TrimSpace(p.Name); n != "" {
		q.Names = append(q.Names, n)
	}
	for _, n := range p.Names {
		if n = strings.TrimSpace(n); n != "" {
			q.Names = append(q.Names, n)
		}
	}
	if s := strings.TrimSpace(p.Schema); s != "" {
		sch, ok := entity.ParseSchema(s)
		if !ok {
			return q, &FieldError{"schema", fmt.Sprintf("unknown schema %q (want Person, Organization, Company, LegalEntity, Vessel, Airplane or CryptoWallet)", s)}
		}
		q.Schema = sch
	}
	for _, d := range p.DOB {
		if d = strings.TrimSpace(d); d == "" {
			continue
		}
		dt, ok := entity.ParseDate(d)
		if !ok {
			return q, &FieldError{"dob", fmt.Sprintf("cannot read %q as a date (use YYYY-MM-DD, YYYY-MM or YYYY)", d)}
		}
		q.BirthDates = append(q.BirthDates, dt)
	}
	for _, c := range p.Country {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		code, ok := entity.CountryCode(c)
		if !ok {
			return q, &FieldError{"country", fmt.Sprintf("unknown country %q (use an ISO 3166 code or an English name)", c)}
		}
		q.Countries = append(q.Countries, code)
	}
	for _, id := range p.ID {
		if id = strings.TrimSpace(id); id != "" {
			q.Identifiers = append(q.Identifiers, id)
		}
	}
	switch g := strings.ToLower(strings.TrimSpace(p.Gender)); g {
	case "":
	case "m", "male", "man":
		q.Gender = "male"
	case "f", "female", "woman":
		q.Gender = "female"
	default:
		return q, &FieldError{"gender", fmt.Sprintf("unknown gender %q (want male or female)", p.Gender)}
	}
	if err := ValidateQuery(&q); err != nil {
		field := "name"
		if len(q.Names) == 0 && len(q.Identifiers) == 0 {
			field = "name"
		}
		return q, &FieldError{field, strings.TrimPrefix(err.Error(), ErrQuery.Error()+": ")}
	}
	return q, nil
}
