package eu

import (
	"strconv"
	"strings"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/source"
	"github.com/embargo/embargo/source/internal/textutil"
)

// nameAlias is one nameAlias element, read.
type nameAlias struct {
	full   string
	parts  []entity.NamePart
	lang   string
	strong bool
	weak   bool // a remark says "low quality"
}

func (p *parser) convert(ent *node, kids []node) error {
	logicalID := ent.get("logicalId")
	ref := ent.get("euReferenceNumber")
	id := logicalID
	if id == "" {
		id = ref
	}
	if id == "" {
		return source.Errorf(p.File, p.Line(), p.recordName(ent), "sanctionEntity has neither logicalId nor euReferenceNumber")
	}
	e := &entity.Entity{
		Schema:    entity.LegalEntity,
		Sources:   []entity.Source{{List: ListID, RecordID: id}},
		MergeKeys: []string{"eu:" + id},
	}
	if un := ent.get("unitedNationId"); un != "" {
		e.MergeKeys = append(e.MergeKeys, "un:"+un)
		e.AddProperty("unscId", un)
	}
	e.AddProperty("authorityId", ref)
	if d := ent.get("designationDetails"); d != "" {
		e.AddProperty("notes", d)
	}
	if d := ent.get("delistingDate"); d != "" {
		e.AddProperty("endDate", d)
	}
	e.ListedOn = textutil.ISODate(ent.get("designationDate"))

	// The schema first: functions and titles depend on it.
	for i := range kids {
		if kids[i].name == "subjectType" {
			p.subjectType(e, &kids[i])
			break
		}
	}

	var names []nameAlias
	var remarks []string
	earliest := ""
	for i := range kids {
		k := &kids[i]
		switch k.name {
		case "remark":
			remarks = append(remarks, k.remarks...)
		case "regulation":
			entity.AddString(&e.Programs, k.get("programme"))
			if d := textutil.ISODate(k.get("publicationDate")); d != "" && (earliest == "" || d < earliest) {
				earliest = d
			}
			e.AddProperty("regulation", k.get("numberTitle"))
			e.AddProperty("sourceUrl", k.url)
		case "nameAlias":
			if n, ok := p.nameAlias(e, k); ok {
				names = append(names, n)
			}
		case "citizenship":
			code, raw := p.country(k)
			if code != "" {
				entity.AddCountry(&e.Citizenships, code)
			} else if raw != "" {
				e.AddProperty("citizenship", raw)
			}
			p.remarks(e, "citizenship", k)
		case "birthdate":
			p.birthdate(e, k)
		case "identification":
			p.identification(e, k)
		case "address":
			p.address(e, k)
		case "additionalInformation":
			p.additional(e, k)
		}
		for j := range k.subs {
			if k.name != "address" && k.subs[j].name == "additionalInformation" {
				p.additional(e, &k.subs[j])
			}
		}
	}
	if e.ListedOn == "" {
		e.ListedOn = earliest
	}
	e.Remarks = strings.Join(remarks, "\n")

	// Names: the primary first, the others in the list's order.
	primary := -1
	for pass := 0; pass < 3 && primary < 0; pass++ {
		for i, n := range names {
			if (pass == 0 && n.strong && !n.weak && n.lang == "") || (pass == 1 && n.strong && !n.weak) || pass == 2 {
				primary = i
				break
			}
		}
	}
	if primary >= 0 {
		n := names[primary]
		e.AddName(entity.Name{Full: n.full, Kind: entity.Primary, Script: textutil.DetectScript(n.full), Lang: n.lang, Parts: n.parts})
	}
	for i, n := range names {
		if i == primary {
			continue
		}
		kind := entity.Alias
		if !n.strong || n.weak {
			kind = entity.WeakAlias
		}
		e.AddName(entity.Name{Full: n.full, Kind: kind, Script: textutil.DetectScript(n.full), Lang: n.lang, Parts: n.parts})
	}
	if len(e.Names) == 0 {
		p.Note("record %s has no name", id)
	}
	p.List.Entities = append(p.List.Entities, e)
	p.last = id
	return nil
}

func (p *parser) subjectType(e *entity.Entity, k *node) {
	code, class := k.get("code"), k.get("classificationCode")
	switch {
	case strings.EqualFold(class, "P") || strings.EqualFold(code, "person"):
		e.Schema = entity.Person
	case strings.EqualFold(class, "E") || strings.EqualFold(code, "enterprise"):
		e.Schema = entity.LegalEntity
	default:
		if s, ok := entity.ParseSchema(code); ok {
			e.Schema = s
		} else if code != "" || class != "" {
			p.Note("subjectType %q/%q not recognised; read as LegalEntity", code, class)
		}
	}
}

// nameAlias reads one nameAlias; ok is false when it holds no name (only a
// function or title).
func (p *parser) nameAlias(e *entity.Entity, k *node) (nameAlias, bool) {
	whole := textutil.Clean(k.get("wholeName"))
	first, middle, last := textutil.Clean(k.get("firstName")), textutil.Clean(k.get("middleName")), textutil.Clean(k.get("lastName"))
	var n nameAlias
	n.lang = strings.ToLower(k.get("nameLanguage"))
	switch strings.ToLower(k.get("strong")) {
	case "false", "0", "no":
	default: // "true", or absent: an alias the EU does not mark as weak
		n.strong = true
	}
	for _, t := range splitEnumeration(k.get("title")) {
		e.AddProperty("title", t)
		if e.Schema == entity.Person {
			n.parts = append(n.parts, entity.NamePart{Type: entity.Title, Value: t})
		}
	}
	for _, part := range []struct {
		t entity.PartType
		v string
	}{{entity.Given, first}, {entity.Middle, middle}, {entity.Family, last}} {
		if part.v != "" {
			n.parts = append(n.parts, entity.NamePart{Type: part.t, Value: part.v})
		}
	}
	if first == "" && middle == "" && last == "" {
		n.parts = nil // a title alone says nothing about the name's structure
	}
	n.full = whole
	if n.full == "" {
		n.full = textutil.JoinNonEmpty(" ", first, middle, last)
	}
	if fn := k.get("function"); fn != "" {
		if e.Schema == entity.Person {
			for _, s := range splitEnumeration(fn) {
				entity.AddString(&e.Positions, s)
			}
		} else {
			e.AddProperty("notes", textutil.Clean(fn))
		}
	}
	switch g := strings.ToUpper(k.get("gender")); g {
	case "M", "MALE":
		if e.Gender == "" {
			e.Gender = "male"
		}
	case "F", "FEMALE":
		if e.Gender == "" {
			e.Gender = "female"
		}
	case "":
	default:
		e.AddProperty("gender", g)
	}
	for _, r := range k.remarks {
		l := strings.ToLower(r)
		switch {
		case strings.Contains(l, "low quality"), strings.Contains(l, "lo quality"):
			n.weak = true
		case strings.Contains(l, "good quality"), strings.Contains(l, "high quality"):
		default:
			if n.full != "" {
				e.AddProperty("notes", n.full+": "+r)
			} else {
				e.AddProperty("notes", r)
			}
		}
	}
	return n, n.full != ""
}

// legacyCodes are country codes the EU still uses for states that no longer
// exist, mapped as entity.CountryCode maps their names.
var legacyCodes = map[string]string{"CS": "rs", "YU": "rs", "SU": "ru", "ZR": "cd"}

// country reads countryIso2Code / countryDescription. code is the lower-case
// ISO code; raw is the text kept when no code could be found ("" for the
// "00"/"UNKNOWN" placeholder).
func (p *parser) country(k *node) (code, raw string) {
	iso := strings.ToUpper(k.get("countryIso2Code"))
	desc := textutil.Clean(k.get("countryDescription"))
	if strings.EqualFold(desc, "unknown") {
		desc = ""
	}
	if c, ok := legacyCodes[iso]; ok {
		return c, ""
	}
	if iso != "" && iso != "00" {
		if c := strings.ToLower(iso); len(c) == 2 && entity.IsCountryCode(c) {
			return c, ""
		}
	}
	if desc != "" {
		if c, ok := entity.CountryCode(desc); ok {
			return c, ""
		}
	}
	raw = desc
	if raw == "" && iso != "00" {
		raw = iso
	}
	if raw != "" {
		p.Note("country %q not recognised; kept as text", raw)
	}
	return "", raw
}

// countryText is the readable English name of a country for place and
// address texts (the file writes descriptions in capitals: "RUSSIAN
// FEDERATION"); raw when the country is not recognised.
func countryText(code, raw string) string {
	if code != "" {
		return entity.CountryName(code)
	}
	return raw
}

func (p *parser) remarks(e *entity.Entity, what string, k *node) {
	for _, r := range k.remarks {
		e.AddProperty("notes", what+": "+r)
	}
}

func (p *parser) birthdate(e *entity.Entity, k *node) {
	circa := strings.EqualFold(k.get("circa"), "true")
	cal := strings.ToUpper(k.get("calendarType"))
	var d entity.Date
	ok := false
	if b := k.get("birthdate"); b != "" {
		d, ok = entity.ParseDate(b)
	}
	if !ok {
		y := atoi(k.get("year"))
		from, to := atoi(k.get("yearRangeFrom")), atoi(k.get("yearRangeTo"))
		switch {
		case y > 0:
			d = entity.Date{Year: y, Month: atoiRange(first(k.get("monthOfYear"), k.get("month")), 1, 12)}
			if d.Month > 0 {
				d.Day = atoiRange(first(k.get("dayOfMonth"), k.get("day")), 1, 31)
			}
			d.Raw = d.String()
			ok = true
		case from > 0 || to > 0:
			if from == 0 {
				from = to
			}
			if to == 0 {
				to = from
			}
			d = entity.Date{Year: from, ToYear: to}
			if to <= from {
				d.ToYear = 0
			}
			d.Raw = strconv.Itoa(from) + " to " + strconv.Itoa(to)
			ok = true
		}
	}
	if ok {
		if cal != "" && cal != "GREGORIAN" {
			// A year of another calendar is not comparable; keep the text.
			e.AddProperty("birthDate", d.Raw+" ("+strings.ToLower(cal)+" calendar)")
			p.Note("birth date in the %s calendar kept as text", strings.ToLower(cal))
		} else {
			d.Circa = d.Circa || circa
			e.AddBirthDate(d)
		}
	}
	code, raw := p.country(k)
	place := textutil.JoinNonEmpty(", ", textutil.Clean(k.get("city")), textutil.Clean(k.get("place")), textutil.Clean(k.get("region")), textutil.Clean(k.get("zipCode")), countryText(code, raw))
	if place != "" {
		entity.AddString(&e.BirthPlaces, place)
	}
	p.remarks(e, "birth", k)
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func atoi(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func atoiRange(s string, lo, hi int) int {
	n := atoi(s)
	if n < lo || n > hi {
		return 0
	}
	return n
}

// idTypes maps identificationTypeCode values to identifier types.
var idTypes = map[string]entity.IDType{
	"passport":   entity.Passport,
	"id":         entity.NationalID,
	"nrn":        entity.NationalID,
	"ssn":        entity.NationalID,
	"tax":        entity.TaxID,
	"fiscalcode": entity.TaxID,
	"inn":        entity.TaxID,
	"regnumber":  entity.Registration,
	"tradelic":   entity.Registration,
	"swiftbic":   entity.BIC,
	"bic":        entity.BIC,
	"imo":        entity.IMO,
	"email":      entity.Email,
	"website":    entity.Website,
	"phone":      entity.Phone,
	// birthcert, nationcert, travelcardid, electionid, residentperm,
	// drivinglicence, other and anything new: entity.OtherID
}

func (p *parser) identification(e *entity.Entity, k *node) {
	code := k.get("identificationTypeCode")
	typ, ok := idTypes[strings.ToLower(code)]
	if !ok {
		typ = entity.OtherID
	}
	label := textutil.Clean(k.get("identificationTypeDescription"))
	if label == "" {
		label = code
	}
	number, latin := textutil.Clean(k.get("number")), textutil.Clean(k.get("latinNumber"))
	if number == "" {
		number, latin = latin, ""
	}
	c, raw := p.country(k)
	if number == "" {
		for _, r := range k.remarks {
			e.AddProperty("notes", textutil.JoinNonEmpty(" ", label, raw)+": "+r)
		}
		return
	}
	e.AddIdentifier(entity.Identifier{Type: typ, Value: number, Country: c, Label: label})
	if latin != "" && latin != number {
		e.AddIdentifier(entity.Identifier{Type: typ, Value: latin, Country: c, Label: label})
	}
	if raw != "" {
		e.AddProperty("notes", "document "+number+" issued by "+raw)
	}
	if v := textutil.Clean(k.get("issuedBy")); v != "" {
		e.AddProperty("notes", "document "+number+" issued by "+v)
	}
	if v := textutil.Clean(k.get("nameOnDocument")); v != "" {
		e.AddProperty("notes", "document "+number+" in the name of "+v)
	}
	if strings.EqualFold(k.get("knownFalse"), "true") {
		e.AddProperty("notes", "document "+number+" is known to be false")
	}
	for _, r := range k.remarks {
		e.AddProperty("notes", "document "+number+": "+r)
	}
}

// contactTypes maps address contactInfo keys to identifier types.
var contactTypes = map[string]entity.IDType{
	"PHONE": entity.Phone, "FAX": entity.Phone, "EMAIL": entity.Email, "WEB": entity.Website,
}

func (p *parser) address(e *entity.Entity, k *node) {
	street, poBox := textutil.Clean(k.get("street")), textutil.Clean(k.get("poBox"))
	city, zip, region, place := textutil.Clean(k.get("city")), textutil.Clean(k.get("zipCode")), textutil.Clean(k.get("region")), textutil.Clean(k.get("place"))
	code, raw := p.country(k)
	full := textutil.JoinNonEmpty(", ", street, poBox, place, city, zip, region, countryText(code, raw))
	if full != "" {
		addr := entity.Address{Full: full, Street: textutil.JoinNonEmpty(", ", street, poBox), City: city, Region: region, PostalCode: zip, Country: code}
		dup := false
		for _, x := range e.Addresses {
			dup = dup || x == addr
		}
		if !dup {
			e.Addresses = append(e.Addresses, addr)
		}
	}
	for i := range k.subs {
		s := &k.subs[i]
		if s.name != "contactInfo" {
			p.additional(e, s)
			continue
		}
		key, value := strings.ToUpper(s.get("key")), textutil.Clean(s.get("value"))
		t, ok := contactTypes[key]
		if !ok {
			if value != "" {
				e.AddProperty("notes", textutil.JoinNonEmpty(": ", strings.ToLower(key), value))
			}
			continue
		}
		for _, v := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ';' }) {
			e.AddIdentifier(entity.Identifier{Type: t, Value: strings.TrimSpace(v), Label: key})
		}
	}
	p.remarks(e, textutil.JoinNonEmpty(" ", "address", full), k)
}

// additional keeps an additionalInformation key/value pair as a note.
func (p *parser) additional(e *entity.Entity, k *node) {
	if s := textutil.JoinNonEmpty(": ", textutil.Clean(k.get("key")), textutil.Clean(k.get("value"))); s != "" {
		e.AddProperty("notes", s)
	}
	for _, r := range k.remarks {
		e.AddProperty("notes", r)
	}
}
