package ofac

import (
	"strings"

	"github.com/embargo/embargo/entity"
)

// csvRemarksLimit is the length at which OFAC cuts the Remarks field of
// sdn.csv; the rest continues in sdn_comments.csv.
const csvRemarksLimit = 1000

// csvRemarkStats counts the facts of the remarks: how many the reader
// turned into entity fields and how many it left as text only.
type csvRemarkStats struct {
	Facts      int
	Recognised int
	Unparsed   int
	// Samples of unparsed facts, kept only when Keep is set (tests).
	Keep    bool
	Samples map[string]int
}

// csvNotes collects List notes, once per distinct text.
type csvNotes struct {
	seen  map[string]bool
	notes []string
}

func (n *csvNotes) add(s string) {
	if n.seen == nil {
		n.seen = map[string]bool{}
	}
	if !n.seen[s] {
		n.seen[s] = true
		n.notes = append(n.notes, s)
	}
}

// csvCountry maps a country as OFAC writes it to an ISO code, trying the
// spellings entity.CountryCode does not know: "Trinidad and Tobago" (CLDR
// writes "&"), "St. Vincent and the Grenadines", "Man, Isle of",
// "North Macedonia, The Republic of", "Cote d Ivoire", "Region: Gaza".
func csvCountry(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if c, ok := entity.CountryCode(s); ok {
		return c, true
	}
	t := strings.TrimPrefix(s, "Region: ")
	if a, b, ok := strings.Cut(t, ", "); ok && strings.HasSuffix(b, " of") {
		t = b + " " + a // "Isle of Man", "The Republic of North Macedonia"
	}
	for _, base := range []string{t, strings.TrimPrefix(t, "The ")} {
		for _, r := range csvCountryRewrites {
			if u := r.Replace(base); u != s {
				if c, ok := entity.CountryCode(u); ok {
					return c, true
				}
			}
		}
	}
	return "", false
}

var csvCountryRewrites = []*strings.Replacer{
	strings.NewReplacer(),
	strings.NewReplacer("St. ", "Saint "),
	strings.NewReplacer(" and the ", " and "),
	strings.NewReplacer(" and ", " "),
	strings.NewReplacer(" & ", " and "),
	strings.NewReplacer(" d ", " d'"),
}

// csvRemarks turns the facts of one entity's remarks into entity fields.
type csvRemarks struct {
	notes *csvNotes
	stats *csvRemarkStats
	cache *csvCache
}

// csvCache remembers label and country lookups within one parse: the same
// few hundred labels and countries repeat thousands of times.
type csvCache struct {
	ids       map[string]csvIDKind
	countries map[string]string // "" when not a country
}

type csvIDKind struct {
	t         entity.IDType
	cur, prop string
}

func newCSVCache() *csvCache {
	return &csvCache{ids: map[string]csvIDKind{}, countries: map[string]string{}}
}

func (c *csvCache) idType(label string) (entity.IDType, string, string) {
	if c == nil {
		return csvIDType(label)
	}
	k, ok := c.ids[label]
	if !ok {
		k.t, k.cur, k.prop = csvIDType(label)
		c.ids[label] = k
	}
	return k.t, k.cur, k.prop
}

func (c *csvCache) country(s string) (string, bool) {
	if c == nil {
		return csvCountry(s)
	}
	code, ok := c.countries[s]
	if !ok {
		code, _ = csvCountry(s)
		c.countries[s] = code
	}
	return code, code != ""
}

// parse reads remarks: semicolon-separated facts such as "DOB 07 Oct 1952",
// "POB Leningrad, Russia", "Passport 123 (Russia)", "a.k.a. 'BNC'". title
// is the row's Title, so that a fact repeating it counts as known. When
// cut is set the remarks were cut at OFAC's length limit and their
// continuation is missing: the last fact is then left as text.
func (p *csvRemarks) parse(e *entity.Entity, remarks, title string, cut bool) {
	facts := strings.Split(remarks, ";")
	for i, f := range facts {
		f = strings.TrimSpace(f)
		last := i == len(facts)-1
		if last {
			f = csvTrimFinalPeriod(f)
		}
		if f == "" {
			continue
		}
		p.stats.Facts++
		if last && cut {
			p.unparsed(f)
			continue
		}
		if p.fact(e, f, title) {
			p.stats.Recognised++
		} else {
			p.unparsed(f)
		}
	}
}

func (p *csvRemarks) unparsed(f string) {
	p.stats.Unparsed++
	if p.stats.Keep {
		if p.stats.Samples == nil {
			p.stats.Samples = map[string]int{}
		}
		p.stats.Samples[f]++
	}
}

// csvTrimFinalPeriod drops the period OFAC puts after the last fact, but
// not one that ends an abbreviation such as "S.A." or "C.V." (OFAC then
// writes no second period).
func csvTrimFinalPeriod(f string) string {
	n := len(f)
	if n == 0 || f[n-1] != '.' {
		return f
	}
	if n >= 3 && f[n-3] == '.' && csvIsLetter(f[n-2]) {
		return f
	}
	return strings.TrimSpace(f[:n-1])
}

func csvIsLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// fact handles one fact and reports whether it was understood.
func (p *csvRemarks) fact(e *entity.Entity, f, title string) bool {
	if title != "" && f == title {
		return true // already in Positions
	}
	g := f
	if len(g) > 5 && (g[:5] == "alt. " || g[:5] == "Alt. ") {
		g = strings.TrimSpace(g[5:])
	}
	switch {
	case strings.HasPrefix(g, "DOB "):
		d, ok := csvParseDate(g[4:])
		if ok {
			e.AddBirthDate(d)
		}
		return ok
	case strings.HasPrefix(g, "POB "):
		entity.AddString(&e.BirthPlaces, g[4:])
		return true
	case strings.HasPrefix(g, "nationality "):
		return p.country(&e.Nationalities, g[len("nationality "):], "nationality")
	case strings.HasPrefix(g, "ethnicity "):
		e.AddProperty("ethnicity", g[len("ethnicity "):])
		return true
	case strings.HasPrefix(g, "citizen "):
		return p.country(&e.Citizenships, g[len("citizen "):], "citizenship")
	case strings.HasPrefix(g, "Gender "):
		switch strings.ToLower(strings.TrimSpace(g[len("Gender "):])) {
		case "male":
			e.Gender = "male"
		case "female":
			e.Gender = "female"
		default:
			return false
		}
		return true
	case strings.HasPrefix(g, "a.k.a. "):
		return p.names(e, g[len("a.k.a. "):], csvRemarkAliasKind)
	case strings.HasPrefix(g, "n.k.a. "):
		return p.names(e, g[len("n.k.a. "):], csvRemarkAliasKind)
	case strings.HasPrefix(g, "f.k.a. "):
		return p.names(e, g[len("f.k.a. "):], entity.FormerName)
	case strings.HasPrefix(g, "Linked To: "):
		v := strings.TrimSpace(g[len("Linked To: "):])
		e.AddProperty("linkedTo", v)
		return v != ""
	case strings.HasPrefix(g, "Digital Currency Address - "):
		cur, addr, _ := strings.Cut(strings.TrimSpace(g[len("Digital Currency Address - "):]), " ")
		addr = strings.TrimSpace(addr)
		if cur == "" || addr == "" || strings.Contains(addr, " ") {
			return false
		}
		label := "Digital Currency Address - " + cur
		t, c, _ := p.cache.idType(label)
		e.AddIdentifier(entity.Identifier{Type: t, Value: addr, Currency: c, Label: label})
		return true
	}
	if label, rest, ok := csvFindLabel(g); ok {
		if key, isProp := csvPropLabels[label]; isProp {
			return p.property(e, label, key, rest)
		}
		return p.identifier(e, label, rest)
	}
	// "Executive Order 13662 Directive Determination - Subject to Directive 1"
	if strings.HasPrefix(g, "Executive Order ") {
		if l, v, ok := strings.Cut(g, " - "); ok {
			return p.property(e, l+" -", "", v)
		}
	}
	// "Listing Date (EO 14024 Directive 2): 24 Feb 2022", "CAATSA Section
	// 235 Information: …": a short label before a colon is a property.
	if l, v, ok := strings.Cut(g, ": "); ok && csvLooksLikeLabel(l) {
		return p.property(e, l+":", "", v)
	}
	// An unknown label in front of a number with an issuing country:
	// "Trademark number 38266997 (China)".
	if l, rest, ok := csvSplitAtNumber(g); ok {
		if t, _, _ := p.cache.idType(l); t != "" {
			return p.identifier(e, l, rest)
		}
		if v, ctext := csvIDValue(rest); v != "" && ctext != "" {
			if _, ok := p.cache.country(ctext); ok {
				return p.identifier(e, l, rest)
			}
		}
	}
	return false
}

// country adds the code for text to list, or notes the text.
func (p *csvRemarks) country(list *[]string, text, what string) bool {
	text = strings.TrimSpace(text)
	if text == "" {
		return false
	}
	if c, ok := p.cache.country(text); ok {
		entity.AddCountry(list, c)
		return true
	}
	p.notes.add("unrecognised " + what + " " + csvQuote(text) + " kept in remarks")
	return false
}

// names adds the quoted names of an a.k.a./f.k.a./n.k.a. fact:
// "'BNC'" or "'ABU-AL-KARKH', 'Yusuf'".
func (p *csvRemarks) names(e *entity.Entity, v string, kind entity.NameKind) bool {
	v = strings.TrimSpace(v)
	if len(v) < 3 || v[0] != '\'' || v[len(v)-1] != '\'' {
		return false
	}
	for _, n := range strings.Split(v[1:len(v)-1], "', '") {
		if n = strings.TrimSpace(n); n != "" {
			e.AddName(csvName(n, kind, e.Schema == entity.Person))
		}
	}
	return true
}

// property stores a labelled value in Properties.
func (p *csvRemarks) property(e *entity.Entity, label, key, v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return false
	}
	if key == "" {
		_, _, prop := IDKind(label)
		key = csvSafeKey(prop, label)
		if key == "" {
			key = csvPropKey(label)
		}
	}
	switch key {
	case "flag", "pastFlags", "jurisdiction":
		if csvUnknownCountry(v) {
			return true // OFAC's "None Identified": nothing to record
		}
		c, ok := p.cache.country(v)
		if !ok {
			p.notes.add("unrecognised country " + csvQuote(v) + " (" + label + ") kept as text")
			e.AddProperty(key, v)
			return true
		}
		if key != "pastFlags" {
			entity.AddCountry(&e.Countries, c)
		}
		e.AddProperty(key, c)
		return true
	}
	if strings.Contains(key, "Date") {
		// buildDate, organizationEstablishedDate, listingDate…: ISO when read
		if d, ok := csvParseDate(v); ok {
			v = d.String()
		}
	}
	e.AddProperty(key, v)
	return true
}

// identifier stores "<label> <value> (<country>) issued … expires …".
func (p *csvRemarks) identifier(e *entity.Entity, label, rest string) bool {
	v, ctext := csvIDValue(rest)
	if v == "" || strings.Count(v, " ") > 5 {
		return false
	}
	t, cur, prop := p.cache.idType(label)
	if t == entity.Phone {
		// "(971) (4) (3248000)": the brackets are part of the number
		v, ctext = strings.TrimSpace(rest), ""
	}
	if strings.HasPrefix(v, "IMO ") && csvDigits(v[4:]) {
		// "Vessel Registration Identification IMO 9187629",
		// "Identification Number IMO 5342883" (IMO company number)
		t, v = entity.IMO, v[4:]
	}
	if t == "" {
		if prop == "" {
			return false
		}
		e.AddProperty(prop, rest)
		return true
	}
	id := entity.Identifier{Type: t, Value: v, Currency: cur, Label: label}
	if ctext != "" {
		if c, ok := p.cache.country(ctext); ok {
			id.Country = c
		} else {
			p.notes.add("unrecognised issuing country " + csvQuote(ctext) + " (" + label + ") kept in remarks")
		}
	}
	e.AddIdentifier(id)
	if prop != "" {
		e.AddProperty(prop, v)
	}
	switch label {
	case "Aircraft Manufacturer's Serial Number (MSN)", "Aircraft Manufacturer’s Serial Number (MSN)":
		e.AddProperty("serialNumber", v)
	case "Aircraft Tail Number":
		e.AddProperty("registrationNumber", v)
	}
	return true
}

// csvIDValue splits "<value> (<country>) issued <date> expires <date>" into
// the value and the country text (the last parenthesised group).
func csvIDValue(rest string) (value, country string) {
	v := rest
	for _, cut := range []string{" issued ", " expires ", ", issued", " expired ", " issued by "} {
		if i := strings.Index(v, cut); i >= 0 {
			v = v[:i]
		}
	}
	v = strings.TrimRight(strings.TrimSpace(v), ",")
	if strings.HasSuffix(v, ")") {
		if i := strings.LastIndex(v, " ("); i > 0 {
			country = strings.TrimSpace(v[i+2 : len(v)-1])
			v = strings.TrimRight(strings.TrimSpace(v[:i]), ",")
		}
	}
	return strings.TrimSpace(v), country
}

// csvSplitAtNumber splits "Trademark number 38266997 (China)" before the
// first word holding a digit, when the words before it look like a label.
func csvSplitAtNumber(f string) (label, rest string, ok bool) {
	i := 0
	for i < len(f) {
		j := strings.IndexByte(f[i:], ' ')
		w := f[i:]
		if j >= 0 {
			w = f[i : i+j]
		}
		if strings.ContainsAny(w, "0123456789") {
			if i == 0 {
				return "", "", false
			}
			label = strings.TrimSpace(f[:i])
			return label, f[i:], csvLooksLikeLabel(label)
		}
		if j < 0 {
			break
		}
		i += j + 1
	}
	return "", "", false
}

// csvLooksLikeLabel: 1–8 words, starting with an upper-case letter, no comma.
func csvLooksLikeLabel(l string) bool {
	if l == "" || !(l[0] >= 'A' && l[0] <= 'Z') || strings.Contains(l, ",") {
		return false
	}
	return strings.Count(l, " ") < 8
}

func csvDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// csvParseDate reads OFAC dates: "07 Oct 1952", "Oct 1952", "1952",
// "circa 1960", "1960 to 1962", "01 Jan 1960 to 31 Dec 1962",
// "circa 1960-1962". A range of full dates keeps its years (and the month
// when both ends share it).
func csvParseDate(s string) (entity.Date, bool) {
	s = strings.TrimSpace(s)
	if a, b, ok := strings.Cut(s, " to "); ok {
		da, oka := entity.ParseDate(a)
		db, okb := entity.ParseDate(b)
		if oka && okb && da.ToYear == 0 && db.ToYear == 0 && db.Year >= da.Year {
			d := entity.Date{Year: da.Year, Circa: da.Circa, Raw: s}
			switch {
			case db.Year > da.Year:
				d.ToYear = db.Year
			case da.Month == db.Month && da.Day == db.Day:
				d.Month, d.Day = da.Month, da.Day
			case da.Month == db.Month:
				d.Month = da.Month
			}
			return d, true
		}
	}
	return entity.ParseDate(s)
}

// csvName builds a name; person names "LAST, First Middle[, Jr.]" are put
// in reading order with their parts.
func csvName(n string, kind entity.NameKind, person bool) entity.Name {
	n = strings.TrimSpace(n)
	if !person {
		return entity.Name{Full: n, Kind: kind}
	}
	last, first, ok := strings.Cut(n, ",")
	last, first = strings.TrimSpace(last), strings.TrimSpace(first)
	switch {
	case !ok:
		return entity.Name{Full: n, Kind: kind}
	case first == "" && last == "":
		return entity.Name{Full: n, Kind: kind}
	case first == "":
		return entity.Name{Full: last, Kind: kind, Parts: []entity.NamePart{{Type: entity.Family, Value: last}}}
	case last == "":
		return entity.Name{Full: first, Kind: kind, Parts: []entity.NamePart{{Type: entity.Given, Value: first}}}
	}
	var suffix string
	if g, s, ok := strings.Cut(first, ","); ok {
		first, suffix = strings.TrimSpace(g), strings.TrimSpace(s)
	}
	full := strings.TrimSpace(first + " " + last)
	var parts []entity.NamePart
	if first != "" {
		parts = append(parts, entity.NamePart{Type: entity.Given, Value: first})
	}
	parts = append(parts, entity.NamePart{Type: entity.Family, Value: last})
	if suffix != "" {
		full += " " + suffix
		parts = append(parts, entity.NamePart{Type: entity.Other, Value: suffix})
	}
	return entity.Name{Full: full, Kind: kind, Parts: parts}
}

// csvUnknownCountry reports OFAC's placeholders for an unknown country.
func csvUnknownCountry(s string) bool {
	return strings.EqualFold(s, "None Identified") || strings.EqualFold(s, "undetermined")
}

func csvQuote(s string) string { return "\"" + s + "\"" }
