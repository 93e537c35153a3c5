package un

import (
	"strings"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/source"
	"github.com/embargo/embargo/source/internal/textutil"
)

// record is one INDIVIDUAL or ENTITY element. Elements not listed here are
// ignored by encoding/xml (see the package comment for what each one is).
type record struct {
	DataID        string      `xml:"DATAID"`
	First         string      `xml:"FIRST_NAME"`
	Second        string      `xml:"SECOND_NAME"`
	Third         string      `xml:"THIRD_NAME"`
	Fourth        string      `xml:"FOURTH_NAME"`
	ListType      string      `xml:"UN_LIST_TYPE"`
	Ref           string      `xml:"REFERENCE_NUMBER"`
	ListedOn      string      `xml:"LISTED_ON"`
	Gender        string      `xml:"GENDER"`
	Comments      string      `xml:"COMMENTS1"`
	Original      []string    `xml:"NAME_ORIGINAL_SCRIPT"`
	Titles        []string    `xml:"TITLE>VALUE"`
	Designations  []string    `xml:"DESIGNATION>VALUE"`
	Nationalities []string    `xml:"NATIONALITY>VALUE"`
	Updated       []string    `xml:"LAST_DAY_UPDATED>VALUE"`
	IndAliases    []aliasElem `xml:"INDIVIDUAL_ALIAS"`
	EntAliases    []aliasElem `xml:"ENTITY_ALIAS"`
	IndAddresses  []addrElem  `xml:"INDIVIDUAL_ADDRESS"`
	EntAddresses  []addrElem  `xml:"ENTITY_ADDRESS"`
	Births        []dobElem   `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	Places        []addrElem  `xml:"INDIVIDUAL_PLACE_OF_BIRTH"`
	Documents     []docElem   `xml:"INDIVIDUAL_DOCUMENT"`
}

type aliasElem struct {
	Quality      string `xml:"QUALITY"`
	Name         string `xml:"ALIAS_NAME"`
	Note         string `xml:"NOTE"`
	DateOfBirth  string `xml:"DATE_OF_BIRTH"`
	CityOfBirth  string `xml:"CITY_OF_BIRTH"`
	CountryBirth string `xml:"COUNTRY_OF_BIRTH"`
}

type addrElem struct {
	Street  string `xml:"STREET"`
	City    string `xml:"CITY"`
	State   string `xml:"STATE_PROVINCE"`
	Zip     string `xml:"ZIP_CODE"`
	Country string `xml:"COUNTRY"`
	Note    string `xml:"NOTE"`
}

type dobElem struct {
	Type     string `xml:"TYPE_OF_DATE"`
	Date     string `xml:"DATE"`
	Year     string `xml:"YEAR"`
	FromYear string `xml:"FROM_YEAR"`
	ToYear   string `xml:"TO_YEAR"`
	Note     string `xml:"NOTE"`
}

type docElem struct {
	Type        string `xml:"TYPE_OF_DOCUMENT"`
	Type2       string `xml:"TYPE_OF_DOCUMENT2"`
	Number      string `xml:"NUMBER"`
	Issuing     string `xml:"ISSUING_COUNTRY"`
	CountryOfIs string `xml:"COUNTRY_OF_ISSUE"`
	Note        string `xml:"NOTE"`
	// DATE_OF_ISSUE and CITY_OF_ISSUE are deliberately not read.
}

func (p *parser) convert(r *record, person bool, n int) (*entity.Entity, error) {
	ref := textutil.Clean(r.Ref)
	id := ref
	if id == "" {
		id = textutil.Clean(r.DataID)
	}
	elem := "ENTITY"
	if person {
		elem = "INDIVIDUAL"
	}
	if id == "" {
		return nil, source.Errorf(p.File, p.Line(), p.where(elem, n), "record has neither REFERENCE_NUMBER nor DATAID")
	}
	p.last = id
	e := &entity.Entity{
		Schema:  entity.LegalEntity,
		Sources: []entity.Source{{List: ListID, RecordID: id}},
	}
	if person {
		e.Schema = entity.Person
	}
	if ref != "" {
		e.MergeKeys = []string{"un:" + ref}
	}

	// Primary name: the name fields in the list's order.
	var parts []entity.NamePart
	var words []string
	for _, t := range r.Titles {
		t = textutil.Clean(strings.Trim(textutil.Clean(t), `"“”`))
		if t == "" {
			continue
		}
		e.AddProperty("title", t)
		if person && isHonorific(t) {
			parts = append(parts, entity.NamePart{Type: entity.Title, Value: t})
		} else {
			entity.AddString(&e.Positions, t)
		}
	}
	for _, v := range []string{r.First, r.Second, r.Third, r.Fourth} {
		v = textutil.Clean(v)
		if v == "" {
			continue
		}
		words = append(words, v)
		if person {
			parts = append(parts, entity.NamePart{Type: entity.Other, Value: v})
		}
	}
	if full := strings.Join(words, " "); full != "" {
		if person {
			nm := entity.Name{Full: full, Kind: entity.Primary, Script: textutil.DetectScript(full)}
			if len(words) > 1 || hasTitle(parts) {
				nm.Parts = parts
			}
			e.AddName(nm)
		} else {
			// Entity names sometimes pack two names: "A (X) ; B (Y)".
			for _, n := range splitTop(full, ';') {
				if n = tidyName(n); n != "" {
					e.AddName(entity.Name{Full: n, Kind: entity.Primary, Script: textutil.DetectScript(n)})
				}
			}
		}
	}
	for _, o := range r.Original {
		o = textutil.Clean(o)
		if o == "" {
			continue
		}
		e.AddName(entity.Name{Full: o, Kind: entity.Primary, Script: textutil.DetectScript(o)})
	}

	for _, a := range r.IndAliases {
		p.alias(e, a)
	}
	for _, a := range r.EntAliases {
		p.alias(e, a)
	}
	if len(e.Names) == 0 {
		p.Note("record %s has no name", id)
	}

	if g := strings.ToLower(textutil.Clean(r.Gender)); g == "male" || g == "female" {
		e.Gender = g
	} else if g != "" {
		e.AddProperty("gender", textutil.Clean(r.Gender))
		p.Note("gender %q not recognised; kept in properties", textutil.Clean(r.Gender))
	}
	for _, v := range r.Nationalities {
		v = textutil.Clean(v)
		code, placeholder := countryCode(v)
		switch {
		case code != "":
			entity.AddCountry(&e.Nationalities, code)
		case placeholder:
			// "na" (not available) and the like: no information.
		default:
			e.AddProperty("nationality", v)
			p.Note("nationality %q not recognised as a country; kept in properties", v)
		}
	}
	for _, d := range r.Designations {
		for _, s := range splitEnumeration(textutil.Clean(d)) {
			entity.AddString(&e.Positions, s)
		}
	}
	if lt := textutil.Clean(r.ListType); lt != "" {
		entity.AddString(&e.Programs, lt)
	}
	e.ListedOn = textutil.ISODate(r.ListedOn)
	if e.ListedOn == "" && textutil.Clean(r.ListedOn) != "" {
		e.AddProperty("listingDate", textutil.Clean(r.ListedOn))
		p.Note("listing date %q is not an ISO date; kept in properties", textutil.Clean(r.ListedOn))
	}
	e.Remarks = textutil.Clean(r.Comments)
	var latest string
	for _, u := range r.Updated {
		if d := textutil.ISODate(u); d > latest {
			latest = d
		}
	}
	if latest != "" {
		e.AddProperty("modifiedAt", latest)
	}

	for _, b := range r.Births {
		p.birth(e, b)
	}
	for _, pl := range r.Places {
		if s := placeText(pl); s != "" {
			entity.AddString(&e.BirthPlaces, s)
		}
	}
	for _, d := range r.Documents {
		p.document(e, d)
	}
	for _, a := range r.IndAddresses {
		p.address(e, a)
	}
	for _, a := range r.EntAddresses {
		p.address(e, a)
	}
	return e, nil
}

func hasTitle(parts []entity.NamePart) bool {
	for _, p := range parts {
		if p.Type == entity.Title {
			return true
		}
	}
	return false
}

// alias adds the names of one INDIVIDUAL_ALIAS / ENTITY_ALIAS element.
func (p *parser) alias(e *entity.Entity, a aliasElem) {
	name := textutil.Clean(a.Name)
	note := textutil.Clean(a.Note)
	kind := aliasKind(textutil.Clean(a.Quality))
	for _, n := range splitAliasName(name) {
		e.AddName(entity.Name{Full: n, Kind: kind, Script: textutil.DetectScript(n)})
	}
	if note != "" {
		if names, ok := noteNames(note); ok {
			for _, n := range names {
				e.AddName(entity.Name{Full: n, Kind: kind, Script: textutil.DetectScript(n)})
			}
		} else if name != "" {
			e.AddProperty("notes", name+": "+note)
		} else {
			e.AddProperty("notes", note)
		}
	}
	if dob := textutil.Clean(a.DateOfBirth); dob != "" {
		if d, ok := entity.ParseDate(dob); ok {
			e.AddBirthDate(d)
		} else {
			e.AddProperty("notes", "date of birth: "+dob)
		}
	}
	if pl := textutil.JoinNonEmpty(", ", textutil.Clean(a.CityOfBirth), textutil.Clean(a.CountryBirth)); pl != "" {
		entity.AddString(&e.BirthPlaces, pl)
	}
}

// aliasKind maps QUALITY to a name kind. Individuals use Good/Low, entities
// a.k.a./f.k.a.; an alias without a quality is an ordinary a.k.a.
func aliasKind(q string) entity.NameKind {
	switch strings.ToLower(strings.TrimSpace(q)) {
	case "low":
		return entity.WeakAlias
	case "f.k.a.", "fka", "f.k.a":
		return entity.FormerName
	}
	return entity.Alias
}

// birth adds one INDIVIDUAL_DATE_OF_BIRTH element.
func (p *parser) birth(e *entity.Entity, b dobElem) {
	typ := strings.ToUpper(textutil.Clean(b.Type))
	date, year, from, to, note := textutil.Clean(b.Date), textutil.Clean(b.Year), textutil.Clean(b.FromYear), textutil.Clean(b.ToYear), textutil.Clean(b.Note)
	circa := typ == "APPROXIMATELY" || strings.EqualFold(note, "approximately")
	noteUsed := strings.EqualFold(note, "approximately")
	var d entity.Date
	var ok bool
	switch {
	case date != "":
		d, ok = entity.ParseDate(date)
	case from != "" || to != "":
		if from == "" {
			from = to
		}
		if to == "" {
			to = from
		}
		d, ok = entity.ParseDate(from + " to " + to)
		if !ok {
			d, ok = entity.ParseDate(from)
		}
	case year != "":
		// "Sep." completing a YEAR: read both together.
		if note != "" && !noteUsed {
			if d2, ok2 := entity.ParseDate(note + " " + year); ok2 && d2.Month > 0 {
				d, ok, noteUsed = d2, true, true
			}
		}
		if !ok {
			d, ok = entity.ParseDate(year)
		}
	case note != "" && !noteUsed:
		d, ok = parseLooseDate(note)
		noteUsed = ok
	}
	if ok {
		d.Circa = d.Circa || circa
		e.AddBirthDate(d)
	} else if raw := textutil.JoinNonEmpty(" ", date, year, from, to); raw != "" {
		e.AddProperty("birthDate", raw)
		p.Note("birth date %q not recognised; kept in properties", raw)
	}
	if note != "" && !noteUsed {
		e.AddProperty("notes", "date of birth: "+note)
	}
}

// parseLooseDate reads a date from a free-text note: entity.ParseDate, or
// else the single four-digit year it contains ("Between Aug. and Sep. 1977").
func parseLooseDate(s string) (entity.Date, bool) {
	if d, ok := entity.ParseDate(s); ok {
		return d, true
	}
	var found entity.Date
	n := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		if len(w) != 4 {
			continue
		}
		if d, ok := entity.ParseDate(w); ok {
			found = d
			n++
		}
	}
	if n == 1 {
		found.Raw = s
		return found, true
	}
	return entity.Date{Raw: s}, false
}

// placeText renders a place of birth as one line.
func placeText(a addrElem) string {
	s := textutil.JoinNonEmpty(", ", textutil.Clean(a.Street), textutil.Clean(a.City), textutil.Clean(a.State), textutil.Clean(a.Zip), textutil.Clean(a.Country))
	if n := textutil.Clean(a.Note); n != "" {
		if s == "" {
			return n
		}
		return s + " (" + n + ")"
	}
	return s
}

// address adds one INDIVIDUAL_ADDRESS / ENTITY_ADDRESS element.
func (p *parser) address(e *entity.Entity, a addrElem) {
	street, city, state, zip, country := textutil.Clean(a.Street), textutil.Clean(a.City), textutil.Clean(a.State), textutil.Clean(a.Zip), textutil.Clean(a.Country)
	note := textutil.Clean(a.Note)
	full := textutil.JoinNonEmpty(", ", street, city, state, zip, country)
	if full == "" {
		// Some addresses are written only in NOTE ("Branch Office 2:
		// Peshawar, Khyber Paktunkhwa Province, Pakistan").
		if note != "" {
			addAddress(e, entity.Address{Full: note})
		}
		return
	}
	addr := entity.Address{Full: full, Street: street, City: city, Region: state, PostalCode: zip}
	if country != "" {
		code, placeholder := countryCode(country)
		if code != "" {
			addr.Country = code
		} else if !placeholder {
			p.Note("address country %q not recognised; kept in the address text", country)
		}
	}
	addAddress(e, addr)
	if note != "" {
		e.AddProperty("notes", "address "+full+": "+note)
	}
}

// addAddress appends addr unless an equal address is there.
func addAddress(e *entity.Entity, addr entity.Address) {
	for _, x := range e.Addresses {
		if x == addr {
			return
		}
	}
	e.Addresses = append(e.Addresses, addr)
}
