// Package entity is embargo's vocabulary: the one model every list reader
// produces and every later stage (index, match, screen, store, web) consumes.
//
// The model follows FollowTheMoney (FtM) closely so that entities can be
// exported to and imported from FtM JSON without loss: the schema names are
// FtM's, and Entity.FtM renders the FtM property map. It imports nothing of
// embargo's own.
package entity

import (
	"sort"
	"strings"
	"unicode"
)

// Schema is the kind of a listed party, named as in FollowTheMoney.
type Schema string

// The schemas embargo screens against.
const (
	Person       Schema = "Person"
	Organization Schema = "Organization"
	Company      Schema = "Company"
	LegalEntity  Schema = "LegalEntity"
	Vessel       Schema = "Vessel"
	Airplane     Schema = "Airplane"
	CryptoWallet Schema = "CryptoWallet"
)

// Schemas lists every schema embargo knows, in a fixed order.
var Schemas = []Schema{Person, Organization, Company, LegalEntity, Vessel, Airplane, CryptoWallet}

// ParseSchema returns the schema for s, matched without regard to case and
// accepting the common synonyms used by list owners ("individual", "entity",
// "ship", "aircraft", "wallet"). ok is false for anything else.
func ParseSchema(s string) (Schema, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "person", "individual", "people", "natural person":
		return Person, true
	case "organization", "organisation", "org":
		return Organization, true
	case "company", "enterprise", "business":
		return Company, true
	case "legalentity", "legal entity", "entity", "legal_entity":
		return LegalEntity, true
	case "vessel", "ship", "boat":
		return Vessel, true
	case "airplane", "aircraft", "plane":
		return Airplane, true
	case "cryptowallet", "crypto wallet", "wallet", "crypto":
		return CryptoWallet, true
	}
	return "", false
}

// IsA reports whether s is t or a specialisation of t in the FtM hierarchy
// (Person, Organization, Company, Vessel and Airplane are all LegalEntity or
// Thing descendants; here only the parts that matter for screening).
func (s Schema) IsA(t Schema) bool {
	if s == t {
		return true
	}
	switch t {
	case LegalEntity:
		return s == Person || s == Organization || s == Company
	case Organization:
		return s == Company
	}
	return false
}

// Compatible reports whether a query of schema q may match a listed entity of
// schema l. An empty schema is compatible with everything. LegalEntity is the
// common parent of persons and organisations, so it is compatible with both;
// persons never match organisations, vessels or aircraft.
func Compatible(q, l Schema) bool {
	if q == "" || l == "" || q == l {
		return true
	}
	if q.IsA(l) || l.IsA(q) {
		return true
	}
	// Organization vs Company are siblings through IsA above; vessels and
	// aircraft are often listed by lists that have no such type (as entities).
	org := func(s Schema) bool { return s == Organization || s == Company || s == LegalEntity }
	asset := func(s Schema) bool { return s == Vessel || s == Airplane }
	if (org(q) && asset(l)) || (asset(q) && org(l)) {
		return true
	}
	return false
}

// IsPerson reports whether the schema describes a natural person.
func (s Schema) IsPerson() bool { return s == Person }

// IsOrg reports whether the schema describes an organisation of some kind.
func (s Schema) IsOrg() bool { return s == Organization || s == Company || s == LegalEntity }

// NameKind tells how a list presents a name.
type NameKind uint8

// Name kinds, from strongest to weakest.
const (
	Primary    NameKind = iota // the list's main name for the entity
	Alias                      // a strong (good quality) a.k.a.
	WeakAlias                  // a low-quality a.k.a.: OFAC "weak", UN/UK "Low"
	FormerName                 // f.k.a.
)

var nameKindNames = [...]string{"primary", "alias", "weak_alias", "former_name"}

func (k NameKind) String() string {
	if int(k) < len(nameKindNames) {
		return nameKindNames[k]
	}
	return "unknown"
}

// MarshalText renders the kind as its stable lower-case name.
func (k NameKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText parses a kind rendered by MarshalText.
func (k *NameKind) UnmarshalText(b []byte) error {
	for i, n := range nameKindNames {
		if n == string(b) {
			*k = NameKind(i)
			return nil
		}
	}
	*k = Alias
	return nil
}

// PartType names a part of a person's name as a list gives it.
type PartType string

// Name part types. Lists differ in what they separate; readers keep what
// the list gives and never guess.
const (
	Given      PartType = "given"
	Middle     PartType = "middle"
	Family     PartType = "family"
	Patronymic PartType = "patronymic"
	Title      PartType = "title"
	Other      PartType = "other"
)

// NamePart is one structured part of a name.
type NamePart struct {
	Type  PartType `json:"type"`
	Value string   `json:"value"`
}

// Name is one name of an entity as the list gives it.
type Name struct {
	Full   string     `json:"full"`
	Kind   NameKind   `json:"kind"`
	Script string     `json:"script,omitempty"` // ISO 15924 code, e.g. Latn, Cyrl, Arab
	Lang   string     `json:"lang,omitempty"`   // language when the list says, e.g. ru
	Parts  []NamePart `json:"parts,omitempty"`
}

// Date is a date as a list gives it: a full date, a month, a year, or a
// range of years, possibly approximate. Zero fields are unknown.
type Date struct {
	Year   int    `json:"year,omitempty"`
	Month  int    `json:"month,omitempty"`
	Day    int    `json:"day,omitempty"`
	ToYear int    `json:"to_year,omitempty"` // for ranges "1960 to 1962"; 0 when not a range
	Circa  bool   `json:"circa,omitempty"`
	Raw    string `json:"raw,omitempty"` // the text as listed
}

// IsZero reports whether nothing at all is known.
func (d Date) IsZero() bool { return d.Year == 0 && d.Month == 0 && d.Day == 0 }

// YearRange returns the first and last year the date can fall in, widened by
// one year either side when approximate.
func (d Date) YearRange() (lo, hi int) {
	lo, hi = d.Year, d.Year
	if d.ToYear > d.Year {
		hi = d.ToYear
	}
	if d.Circa {
		lo, hi = lo-1, hi+1
	}
	return lo, hi
}

// String renders the date in ISO 8601 to the precision known; ranges as
// "1960/1962"; approximate dates with a "~" prefix.
func (d Date) String() string {
	if d.IsZero() {
		return d.Raw
	}
	var b strings.Builder
	if d.Circa {
		b.WriteByte('~')
	}
	b.WriteString(pad(d.Year, 4))
	if d.ToYear > d.Year {
		b.WriteByte('/')
		b.WriteString(pad(d.ToYear, 4))
		return b.String()
	}
	if d.Month > 0 {
		b.WriteByte('-')
		b.WriteString(pad(d.Month, 2))
		if d.Day > 0 {
			b.WriteByte('-')
			b.WriteString(pad(d.Day, 2))
		}
	}
	return b.String()
}

func pad(n, w int) string {
	s := itoa(n)
	for len(s) < w {
		s = "0" + s
	}
	return s
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// IDType is the kind of an identifier.
type IDType string

// Identifier types. Exact matches on the strong ones (passport, national id,
// tax id, IMO, MMSI, BIC, LEI, crypto address) are evidence on their own.
const (
	Passport      IDType = "passport"
	NationalID    IDType = "national_id"
	TaxID         IDType = "tax_id"
	Registration  IDType = "registration"
	IMO           IDType = "imo"
	MMSI          IDType = "mmsi"
	BIC           IDType = "bic"
	LEI           IDType = "lei"
	CryptoAddress IDType = "crypto_address"
	ISIN          IDType = "isin"
	Email         IDType = "email"
	Website       IDType = "website"
	Phone         IDType = "phone"
	OtherID       IDType = "other"
)

// Strong reports whether an exact match on this identifier type is enough
// evidence on its own.
func (t IDType) Strong() bool {
	switch t {
	case Passport, NationalID, TaxID, Registration, IMO, MMSI, BIC, LEI, CryptoAddress, ISIN:
		return true
	}
	return false
}

// Identifier is a document or registry number.
type Identifier struct {
	Type     IDType `json:"type"`
	Value    string `json:"value"`
	Country  string `json:"country,omitempty"`  // ISO 3166-1 alpha-2 of the issuer, when given
	Currency string `json:"currency,omitempty"` // for crypto addresses: XBT, ETH, …
	Label    string `json:"label,omitempty"`    // the list's own label, e.g. "Passport", "Tax ID No."
}

// Address is a postal address; Full is always set when anything is known.
type Address struct {
	Full       string `json:"full"`
	Street     string `json:"street,omitempty"`
	City       string `json:"city,omitempty"`
	Region     string `json:"region,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country,omitempty"` // ISO 3166-1 alpha-2
}

// Source names a list record an entity came from.
type Source struct {
	List     string `json:"list"`      // the list id, e.g. ofac-sdn
	RecordID string `json:"record_id"` // the record's own id in that list, e.g. 35096 or QDi.001
}

// Entity is one listed party. A reader produces one Entity per list record;
// the dataset merges records that the lists themselves say are the same party
// (shared OFAC uid, UN reference number) into one Entity with several Sources.
type Entity struct {
	ID     string `json:"id"`
	Schema Schema `json:"schema"`
	Names  []Name `json:"names"`

	Gender        string       `json:"gender,omitempty"` // male, female, or empty
	BirthDates    []Date       `json:"birth_dates,omitempty"`
	BirthPlaces   []string     `json:"birth_places,omitempty"`
	Nationalities []string     `json:"nationalities,omitempty"` // ISO 3166-1 alpha-2, lower case as in FtM
	Citizenships  []string     `json:"citizenships,omitempty"`
	Countries     []string     `json:"countries,omitempty"` // residence, jurisdiction, flag, address countries
	Identifiers   []Identifier `json:"identifiers,omitempty"`
	Addresses     []Address    `json:"addresses,omitempty"`
	Programs      []string     `json:"programs,omitempty"`
	ListedOn      string       `json:"listed_on,omitempty"` // ISO date of the first listing when known
	Positions     []string     `json:"positions,omitempty"` // titles, functions, designations
	Remarks       string       `json:"remarks,omitempty"`
	// Properties keeps anything else the list says, by FtM-like property name
	// (vesselType, flag, callSign, tonnage, website, …).
	Properties map[string][]string `json:"properties,omitempty"`

	Sources []Source `json:"sources"`
	// MergeKeys are identities shared across lists, such as "ofac:35096" or
	// "un:QDi.001"; entities sharing a key are the same party.
	MergeKeys []string `json:"merge_keys,omitempty"`
}

// Caption is the display name: the first primary name written in Latin
// letters, else the first primary name, else the first name.
func (e *Entity) Caption() string {
	first := ""
	for _, n := range e.Names {
		if n.Kind == Primary && n.Full != "" {
			if latinText(n.Full) {
				return n.Full
			}
			if first == "" {
				first = n.Full
			}
		}
	}
	// a non-Latin primary name (ПАО "Промсвязьбанк") is captioned by a
	// Latin alias when there is one: captions are read by analysts
	// everywhere
	for _, n := range e.Names {
		if first != "" && n.Kind == Alias && n.Full != "" && latinText(n.Full) {
			return n.Full
		}
	}
	if first != "" {
		return first
	}
	if len(e.Names) > 0 {
		return e.Names[0].Full
	}
	if len(e.Identifiers) > 0 {
		return e.Identifiers[0].Value
	}
	return e.ID
}

// Lists returns the distinct list ids the entity came from, sorted.
func (e *Entity) Lists() []string {
	var out []string
	for _, s := range e.Sources {
		out = appendUnique(out, s.List)
	}
	sort.Strings(out)
	return out
}

// AllCountries returns every country code attached to the entity:
// nationalities, citizenships, countries and address countries.
func (e *Entity) AllCountries() []string {
	var out []string
	for _, l := range [][]string{e.Nationalities, e.Citizenships, e.Countries} {
		for _, c := range l {
			out = appendUnique(out, c)
		}
	}
	for _, a := range e.Addresses {
		if a.Country != "" {
			out = appendUnique(out, a.Country)
		}
	}
	return out
}

// AddName appends a name unless the same text with the same kind is there
// already; a name listed again with a stronger kind upgrades the kind.
func (e *Entity) AddName(n Name) {
	n.Full = strings.TrimSpace(n.Full)
	if n.Full == "" {
		return
	}
	for i := range e.Names {
		if e.Names[i].Full == n.Full {
			if n.Kind < e.Names[i].Kind {
				e.Names[i].Kind = n.Kind
			}
			if len(e.Names[i].Parts) == 0 {
				e.Names[i].Parts = n.Parts
			}
			return
		}
	}
	e.Names = append(e.Names, n)
}

// AddProperty appends a value to a free property, skipping empty and
// repeated values.
func (e *Entity) AddProperty(key, value string) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	if e.Properties == nil {
		e.Properties = map[string][]string{}
	}
	e.Properties[key] = appendUnique(e.Properties[key], value)
}

// AddIdentifier appends an identifier unless the same type and value is there.
func (e *Entity) AddIdentifier(id Identifier) {
	id.Value = strings.TrimSpace(id.Value)
	if id.Value == "" {
		return
	}
	for _, x := range e.Identifiers {
		if x.Type == id.Type && x.Value == id.Value {
			return
		}
	}
	e.Identifiers = append(e.Identifiers, id)
}

// AddBirthDate appends a birth date unless an equal one is there.
func (e *Entity) AddBirthDate(d Date) {
	if d.IsZero() {
		return
	}
	for _, x := range e.BirthDates {
		if x.Year == d.Year && x.Month == d.Month && x.Day == d.Day && x.ToYear == d.ToYear && x.Circa == d.Circa {
			return
		}
	}
	e.BirthDates = append(e.BirthDates, d)
}

// AddCountry appends an ISO code to the given slice pointer unless present.
// Empty codes are skipped.
func AddCountry(list *[]string, code string) {
	if code == "" {
		return
	}
	*list = appendUnique(*list, code)
}

// AddString appends s to list unless empty or present.
func AddString(list *[]string, s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	*list = appendUnique(*list, s)
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// latinText reports whether most letters of s are Latin.
func latinText(s string) bool {
	latin, other := 0, 0
	for _, r := range s {
		switch {
		case r < 0x250 && unicode.IsLetter(r):
			latin++
		case unicode.IsLetter(r):
			other++
		}
	}
	return latin >= other
}
