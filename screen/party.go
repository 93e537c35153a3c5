package screen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

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
			return q, &FieldError{"schema", fmt.Sprintf("unknown schema %s (want Person, Organization, Company, LegalEntity, Vessel, Airplane or CryptoWallet)", quote(s))}
		}
		q.Schema = sch
	}
	for _, d := range p.DOB {
		if d = strings.TrimSpace(d); d == "" {
			continue
		}
		dt, ok := entity.ParseDate(d)
		if !ok || !plausibleDate(d) {
			return q, &FieldError{"dob", fmt.Sprintf("cannot read %s as a date (use YYYY-MM-DD, YYYY-MM or YYYY)", quote(d))}
		}
		q.BirthDates = append(q.BirthDates, dt)
	}
	for _, c := range p.Country {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		code, ok := entity.CountryCode(c)
		if !ok {
			return q, &FieldError{"country", fmt.Sprintf("unknown country %s (use an ISO 3166 code or an English name)", quote(c))}
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
		return q, &FieldError{"gender", fmt.Sprintf("unknown gender %s (want male or female)", quote(p.Gender))}
	}
	if err := ValidateQuery(&q); err != nil {
		// names are checked first: when they pass, an identifier failed
		field := "name"
		if len(q.Identifiers) > 0 && (len(q.Names) == 0 || ValidateQuery(&match.Query{Names: q.Names}) == nil) {
			field = "id"
		}
		return q, &FieldError{field, strings.TrimPrefix(err.Error(), ErrQuery.Error()+": ")}
	}
	return q, nil
}

// plausibleDate rejects birth dates written as numbers that are not a date:
// "1952-13-45", "2023-02-30", "31/02/1990". The date reader is lenient, as
// list files need, and would read such a query as a bare year; a query is
// better refused. Other forms ("circa 1960", "7 Oct 1952") are left to it.
func plausibleDate(s string) bool {
	digits := func(t string) bool {
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return false
			}
		}
		return t != ""
	}
	// ISO shapes: YYYY-…
	if len(s) > 4 && s[4] == '-' && digits(s[:4]) {
		rest := s[5:]
		switch {
		case len(rest) <= 2 && digits(rest): // YYYY-MM
			m, _ := strconv.Atoi(rest)
			return m >= 1 && m <= 12
		case len(rest) == 4 && digits(rest): // YYYY-YYYY
			return rest >= s[:4]
		}
		// YYYY-MM-DD, also unpadded (1969-7-16)
		if m, d, ok := strings.Cut(rest, "-"); ok && digits(m) && digits(d) && len(m) <= 2 && len(d) <= 2 {
			_, err := time.Parse("2006-1-2", s[:4]+"-"+strings.TrimLeft(m, "0")+"-"+strings.TrimLeft(d, "0"))
			return err == nil
		}
		return false
	}
	// DD/MM/YYYY and DD.MM.YYYY, 00 for an unknown day or month
	for _, sep := range []string{"/", "."} {
		f := strings.Split(s, sep)
		if len(f) != 3 {
			continue
		}
		if !digits(f[0]) || !digits(f[1]) || len(f[0]) > 2 || len(f[1]) > 2 || len(f[2]) != 4 || !digits(f[2]) {
			continue
		}
		day, _ := strconv.Atoi(f[0])
		mon, _ := strconv.Atoi(f[1])
		if mon > 12 || day > 31 {
			return false
		}
		if day > 0 && mon > 0 {
			_, err := time.Parse("2006-1-2", fmt.Sprintf("%s-%d-%d", f[2], mon, day))
			return err == nil
		}
		return true
	}
	return true
}

// quote quotes a user's value for an error message, cut to 60 characters.
func quote(s string) string {
	if r := []rune(s); len(r) > 60 {
		return strconv.Quote(string(r[:60])) + "…"
	}
	return strconv.Quote(s)
}
