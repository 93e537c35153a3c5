package ofac

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/source"
)

// EnhancedXML reads OFAC's enhanced XML (SDN_ENHANCED.XML,
// CONS_ENHANCED.XML; root sanctionsData, namespace …/exports/ENHANCED_XML).
// Elements are matched on their local names.
//
// List id from publicationInfo/filters/sanctionsLists: exactly "Consolidated
// List" → "ofac-cons", exactly "SDN List" → "ofac-sdn", anything else (no
// filter, several lists, another list) → "ofac-enhanced". Published is the
// date of publicationInfo/dataAsOf; the format states no record count, so
// Declared is 0 and truncation is caught by the XML itself (unclosed
// elements). referenceValues resolve country refIds to ISO codes (falling
// back to the country text) and script names to ISO 15924 codes.
//
// Each entity/@id becomes one entity with RecordID and merge key
// "ofac:<id>" (the same uid as in SDN.XML). Names: isPrimary → Primary,
// F.K.A. → FormerName, isLowQuality → WeakAlias, other aliases → Alias; every
// translation becomes a name with its script. Full is "formattedFirstName
// formattedLastName" (OFAC's own casing, natural order, the same text as the
// sdnList firstName/lastName), else the name parts in natural order, else
// formattedFullName; Parts keep the person name parts as listed (Entity,
// Vessel and Aircraft Name parts are whole names and give no parts).
// Invalid UTF-8 is rejected (encoding/xml refuses it) with an error naming
// the entity.
var EnhancedXML source.Format = enhancedXML{}

type enhancedXML struct{}

func (enhancedXML) Name() string { return "ofac-enhanced-xml" }

// Detect claims a document whose root element is sanctionsData.
func (enhancedXML) Detect(name string, head []byte) source.Role {
	if local, _, ok := sxRootName(head); ok && local == "sanctionsData" {
		return source.Main
	}
	return source.None
}

type enhRef struct {
	RefID string `xml:"refId,attr"`
	Text  string `xml:",chardata"`
}

type enhPublication struct {
	DataAsOf string   `xml:"dataAsOf"`
	Lists    []enhRef `xml:"filters>sanctionsLists>sanctionsList"`
}

type enhRefValue struct {
	RefID   string `xml:"refId,attr"`
	Type    string `xml:"type"`
	Value   string `xml:"value"`
	IsoCode string `xml:"isoCode"`
	Code    string `xml:"code"`
}

type enhListing struct {
	RefID         string `xml:"refId,attr"`
	DatePublished string `xml:"datePublished,attr"`
	Text          string `xml:",chardata"`
}

type enhEntity struct {
	ID      string `xml:"id,attr"`
	General struct {
		EntityType enhRef `xml:"entityType"`
		Remarks    string `xml:"remarks"`
	} `xml:"generalInfo"`
	Lists         []enhListing  `xml:"sanctionsLists>sanctionsList"`
	Programs      []enhRef      `xml:"sanctionsPrograms>sanctionsProgram"`
	Types         []enhRef      `xml:"sanctionsTypes>sanctionsType"`
	Authorities   []enhRef      `xml:"legalAuthorities>legalAuthority"`
	Names         []enhName     `xml:"names>name"`
	Addresses     []enhAddress  `xml:"addresses>address"`
	Features      []enhFeature  `xml:"features>feature"`
	Documents     []enhDocument `xml:"identityDocuments>identityDocument"`
	Relationships []enhRelation `xml:"relationships>relationship"`
}

type enhName struct {
	IsPrimary    string           `xml:"isPrimary"`
	AliasType    enhRef           `xml:"aliasType"`
	IsLowQuality string           `xml:"isLowQuality"`
	Translations []enhTranslation `xml:"translations>translation"`
}

type enhTranslation struct {
	Script    enhRef    `xml:"script"`
	FirstName string    `xml:"formattedFirstName"`
	LastName  string    `xml:"formattedLastName"`
	FullName  string    `xml:"formattedFullName"`
	Parts     []enhPart `xml:"nameParts>namePart"`
}

type enhPart struct {
	Type  enhRef `xml:"type"`
	Value string `xml:"value"`
}

type enhAddress struct {
	Country      enhRef `xml:"country"`
	Translations []struct {
		Script enhRef    `xml:"script"`
		Parts  []enhPart `xml:"addressParts>addressPart"`
	} `xml:"translations>translation"`
}

type enhFeature struct {
	Type       enhRef   `xml:"type"`
	Value      string   `xml:"value"`
	ValueRefID string   `xml:"valueRefId"`
	Date       *enhDate `xml:"valueDate"`
}

type enhDate struct {
	FromDateBegin string `xml:"fromDateBegin"`
	FromDateEnd   string `xml:"fromDateEnd"`
	ToDateBegin   string `xml:"toDateBegin"`
	ToDateEnd     string `xml:"toDateEnd"`
	IsApproximate string `xml:"isApproximate"`
	IsDateRange   string `xml:"isDateRange"`
}

type enhDocument struct {
	Type           enhRef `xml:"type"`
	DocumentNumber string `xml:"documentNumber"`
	IssuingCountry enhRef `xml:"issuingCountry"`
}

type enhRelation struct {
	Type    enhRef `xml:"type"`
	Related struct {
		EntityID string `xml:"entityId,attr"`
		Name     string `xml:",chardata"`
	} `xml:"relatedEntity"`
}

// enhPending is an entity read before the reference values it points to.
type enhPending struct {
	x    enhEntity
	line int
}

type enhParser struct {
	refs  map[string]enhRefValue
	notes sxNotes
}

func (enhancedXML) Parse(files []*source.File) (*source.List, error) {
	if len(files) == 0 {
		return nil, errors.New("ofac-enhanced-xml: no file to parse")
	}
	f := files[0]
	data := sxStripBOM(f.Data)
	d := sxNewDecoder(data)
	lines := &sxLines{data: data}
	p := &enhParser{refs: map[string]enhRefValue{}}

	var (
		root, closed bool
		pub          enhPublication
		n            int
		lastID       string
		pending      []enhPending
		depth        int // 1 inside the root, 2 inside <entities>
	)
	// where names the record being read (in) or the place after the last
	// record read (!in), for error messages.
	where := func(in bool) string {
		switch {
		case in && lastID != "":
			return fmt.Sprintf("entity #%d, after id %s", n, lastID)
		case in:
			return fmt.Sprintf("entity #%d", n)
		case n > 0:
			return fmt.Sprintf("sanctionsData, after entity #%d (id %s)", n, lastID)
		}
		return "sanctionsData"
	}
	for !closed {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, sxXMLError(f, data, d, where(false), err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !root {
				if t.Name.Local != "sanctionsData" {
					return nil, source.Errorf(f, source.LineAt(data, d.InputOffset()), t.Name.Local,
						"root element <%s> is not <sanctionsData>: not an OFAC enhanced XML file", t.Name.Local)
				}
				root, depth = true, 1
				continue
			}
			switch {
			case depth == 1 && t.Name.Local == "publicationInfo":
				if err := d.DecodeElement(&pub, &t); err != nil {
					return nil, sxXMLError(f, data, d, "sanctionsData/publicationInfo", err)
				}
			case depth == 1 && t.Name.Local == "referenceValues":
				var rv struct {
					Values []enhRefValue `xml:"referenceValue"`
				}
				if err := d.DecodeElement(&rv, &t); err != nil {
					return nil, sxXMLError(f, data, d, "sanctionsData/referenceValues", err)
				}
				for _, v := range rv.Values {
					p.refs[strings.TrimSpace(v.RefID)] = v
				}
			case depth == 1 && t.Name.Local == "entities":
				depth = 2
			case depth == 2 && t.Name.Local == "entity":
				n++
				line := lines.at(d.InputOffset())
				var x enhEntity
				if err := d.DecodeElement(&x, &t); err != nil {
					return nil, sxXMLError(f, data, d, where(true), err)
				}
				x.ID = strings.TrimSpace(x.ID)
				if x.ID == "" {
					return nil, source.Errorf(f, line, where(true), "entity has no id attribute")
				}
				lastID = x.ID
				pending = append(pending, enhPending{x: x, line: line})
			default:
				if err := d.Skip(); err != nil {
					return nil, sxXMLError(f, data, d, where(false), err)
				}
			}
		case xml.EndElement:
			// Everything below is decoded or skipped whole: this closes
			// <entities> or the root.
			depth--
			if depth == 0 {
				closed = true
			}
		}
	}
	if !root {
		return nil, source.Errorf(f, 1, "", "no XML root element: empty or not an XML file")
	}
	if !closed {
		return nil, source.Errorf(f, source.LineAt(data, int64(len(data))), where(false), "unexpected EOF: </sanctionsData> missing (truncated file?)")
	}

	l := &source.List{Format: EnhancedXML.Name()}
	l.ID, l.Title = enhListID(pub.Lists)
	if s := strings.TrimSpace(pub.DataAsOf); s != "" {
		if iso, ok := sxISODate(s); ok {
			l.Published = iso
		} else {
			p.notes.add("dataAsOf %q not understood; publication date left empty", sxShort(s))
		}
	}
	seen := map[string]int{}
	l.Entities = make([]*entity.Entity, 0, len(pending))
	for _, pe := range pending {
		if prev, dup := seen[pe.x.ID]; dup {
			p.notes.add("entity id %s appears more than once (lines %d and %d); both kept", pe.x.ID, prev, pe.line)
		} else {
			seen[pe.x.ID] = pe.line
		}
		e := p.entity(&pe.x)
		e.Sources[0].List = l.ID
		l.Entities = append(l.Entities, e)
	}
	l.Notes = p.notes.list
	return l, nil
}

// enhListID maps the publication filter to the list id and title.
func enhListID(lists []enhRef) (id, title string) {
	var names []string
	for _, r := range lists {
		if s := sxClean(r.Text); s != "" {
			names = append(names, s)
		}
	}
	if len(names) == 1 {
		switch strings.ToLower(names[0]) {
		case "consolidated list":
			return sxIDCons, sxTitleCons
		case "sdn list":
			return sxIDSDN, sxTitleSDN
		}
	}
	if len(names) == 0 {
		return "ofac-enhanced", "OFAC sanctions lists (enhanced XML)"
	}
	return "ofac-enhanced", "OFAC sanctions lists (enhanced XML): " + strings.Join(names, ", ")
}

// country resolves a country reference to an ISO code: the reference
// value's isoCode, else the text (of the element or the reference value).
// Unknown countries are noted; text is what the list wrote.
func (p *enhParser) country(refID, text string) (code, label string) {
	text = sxClean(text)
	if rv, ok := p.refs[strings.TrimSpace(refID)]; ok {
		if text == "" {
			text = sxClean(rv.Value)
		}
		if iso := strings.ToLower(strings.TrimSpace(rv.IsoCode)); iso != "" && entity.IsCountryCode(iso) {
			return iso, text
		}
	}
	if text == "" {
		return "", ""
	}
	if c, ok := sxCountry(text); ok {
		return c, text
	}
	p.notes.add("country %q not recognised; kept as text", sxShort(text))
	return "", text
}

func enhTrue(s string) bool { return strings.EqualFold(strings.TrimSpace(s), "true") }

func (p *enhParser) entity(x *enhEntity) *entity.Entity {
	schema, ok := sxSchema(x.General.EntityType.Text)
	if !ok {
		p.notes.add("entityType %q not recognised; read as LegalEntity", sxShort(x.General.EntityType.Text))
	}
	e := &entity.Entity{
		Schema:    schema,
		Sources:   []entity.Source{{RecordID: x.ID}},
		MergeKeys: []string{"ofac:" + x.ID},
	}
	for _, nm := range x.Names {
		kind := entity.Alias
		switch {
		case enhTrue(nm.IsPrimary):
			kind = entity.Primary
		case strings.EqualFold(strings.TrimSpace(nm.AliasType.Text), "F.K.A."):
			kind = entity.FormerName
		case enhTrue(nm.IsLowQuality):
			kind = entity.WeakAlias
		}
		for _, tr := range nm.Translations {
			e.AddName(p.name(schema, kind, &tr))
		}
	}
	hasPrimary := false
	for _, nm := range e.Names {
		hasPrimary = hasPrimary || nm.Kind == entity.Primary
	}
	if !hasPrimary {
		p.notes.add("entity %s has no primary name", x.ID)
	}
	for _, r := range x.Programs {
		entity.AddString(&e.Programs, r.Text)
	}
	for _, r := range x.Lists {
		e.AddProperty("sanctionsList", sxClean(r.Text))
		if d, ok := sxISODate(r.DatePublished); ok && (e.ListedOn == "" || d < e.ListedOn) {
			e.ListedOn = d
		}
	}
	for _, r := range x.Types {
		e.AddProperty("sanctionsType", sxClean(r.Text))
	}
	for _, r := range x.Authorities {
		e.AddProperty("legalAuthority", sxClean(r.Text))
	}
	for _, a := range x.Addresses {
		p.addresses(e, &a)
	}
	for _, ft := range x.Features {
		p.feature(e, &ft)
	}
	for _, doc := range x.Documents {
		code, text := "", ""
		if doc.IssuingCountry.RefID != "" || strings.TrimSpace(doc.IssuingCountry.Text) != "" {
			code, text = p.country(doc.IssuingCountry.RefID, doc.IssuingCountry.Text)
		}
		sxAddDetail(e, doc.Type.Text, doc.DocumentNumber, code, text, &p.notes)
	}
	for _, r := range x.Relationships {
		name := sxClean(r.Related.Name)
		if name == "" {
			continue
		}
		v := name
		if t := sxClean(r.Type.Text); t != "" {
			v = t + ": " + name
		}
		if id := strings.TrimSpace(r.Related.EntityID); id != "" {
			v += " (ofac:" + id + ")"
		}
		e.AddProperty("relationship", v)
	}
	e.Remarks = strings.TrimSpace(x.General.Remarks)
	return e
}

// enhPartType maps a name part type; whole is true for the parts that
// hold a whole (non-person) name.
func enhPartType(t string) (pt entity.PartType, whole bool) {
	switch strings.ToLower(sxClean(t)) {
	case "last name":
		return entity.Family, false
	case "first name":
		return entity.Given, false
	case "middle name":
		return entity.Middle, false
	case "patronymic":
		return entity.Patronymic, false
	case "entity name", "vessel name", "aircraft name":
		return "", true
	}
	// Maiden Name, Matronymic, Nickname and anything new.
	return entity.Other, false
}

// enhPartOrder is the natural reading order of person name parts.
var enhPartOrder = []entity.PartType{entity.Given, entity.Middle, entity.Patronymic, entity.Other, entity.Family}

func (p *enhParser) name(schema entity.Schema, kind entity.NameKind, tr *enhTranslation) entity.Name {
	n := entity.Name{Kind: kind, Script: p.script(tr.Script)}
	var wholes []string
	for _, part := range tr.Parts {
		v := sxClean(part.Value)
		if v == "" {
			continue
		}
		pt, whole := enhPartType(part.Type.Text)
		if whole {
			wholes = append(wholes, v)
			continue
		}
		n.Parts = append(n.Parts, entity.NamePart{Type: pt, Value: v})
	}
	first, last := sxClean(tr.FirstName), sxClean(tr.LastName)
	switch {
	case first != "" || last != "":
		n.Full = sxJoin(" ", first, last)
	case len(n.Parts) > 0:
		var words []string
		for _, t := range enhPartOrder {
			for _, part := range n.Parts {
				if part.Type == t {
					words = append(words, part.Value)
				}
			}
		}
		n.Full = strings.Join(words, " ")
	case len(wholes) > 0:
		n.Full = strings.Join(wholes, " ")
	default:
		n.Full = sxClean(tr.FullName)
	}
	return n
}

// enhScripts maps OFAC's script names to ISO 15924 codes (OFAC's own
// reference codes are not all ISO: "Latin", "Hebrew", "Japanese", "Korean").
var enhScripts = map[string]string{
	"latin": "Latn", "cyrillic": "Cyrl", "arabic": "Arab", "armenian": "Armn",
	"chinese simplified": "Hans", "chinese traditional": "Hant", "chinese": "Hani",
	"georgian": "Geor", "greek": "Grek", "hangul": "Hang", "korean": "Kore",
	"hebrew": "Hebr", "japanese": "Jpan", "thai": "Thai", "devanagari": "Deva",
	"burmese": "Mymr", "myanmar": "Mymr", "khmer": "Khmr", "lao": "Laoo",
	"bengali": "Beng", "tamil": "Taml", "ethiopic": "Ethi", "persian": "Arab",
}

func (p *enhParser) script(r enhRef) string {
	name := sxClean(r.Text)
	code := ""
	if rv, ok := p.refs[strings.TrimSpace(r.RefID)]; ok {
		if name == "" {
			name = sxClean(rv.Value)
		}
		code = strings.TrimSpace(rv.Code)
	}
	if c, ok := enhScripts[strings.ToLower(name)]; ok {
		return c
	}
	if enhISO15924(code) {
		return code
	}
	if name != "" {
		p.notes.add("script %q not recognised; names kept without a script code", sxShort(name))
	}
	return ""
}

// enhISO15924 reports whether s looks like an ISO 15924 code (Xxxx).
func enhISO15924(s string) bool {
	if len(s) != 4 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < 4; i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func (p *enhParser) addresses(e *entity.Entity, a *enhAddress) {
	code, ctext := "", ""
	if a.Country.RefID != "" || strings.TrimSpace(a.Country.Text) != "" {
		code, ctext = p.country(a.Country.RefID, a.Country.Text)
	}
	added := false
	for _, tr := range a.Translations {
		var ad entity.Address
		var street, region []string
		for _, part := range tr.Parts {
			v := sxClean(part.Value)
			if v == "" {
				continue
			}
			switch strings.ToUpper(sxClean(part.Type.Text)) {
			case "ADDRESS1", "ADDRESS2", "ADDRESS3":
				street = append(street, v)
			case "CITY":
				ad.City = sxJoin(", ", ad.City, v)
			case "STATE/PROVINCE", "REGION":
				region = append(region, v)
			case "POSTAL CODE":
				ad.PostalCode = sxJoin(", ", ad.PostalCode, v)
			default:
				street = append(street, v)
				p.notes.add("address part type %q not recognised; kept in the street", sxShort(part.Type.Text))
			}
		}
		ad.Street = strings.Join(street, ", ")
		ad.Region = strings.Join(region, ", ")
		ad.Full = sxJoin(", ", ad.Street, ad.City, ad.Region, ad.PostalCode)
		if ad.Full == "" {
			continue
		}
		ad.Full = sxJoin(", ", ad.Full, ctext)
		ad.Country = code
		e.Addresses = append(e.Addresses, ad)
		added = true
	}
	if !added && ctext != "" {
		e.Addresses = append(e.Addresses, entity.Address{Full: ctext, Country: code})
	}
	entity.AddCountry(&e.Countries, code)
}

// feature files one entity feature.
func (p *enhParser) feature(e *entity.Entity, ft *enhFeature) {
	label := sxClean(ft.Type.Text)
	value := strings.TrimSpace(ft.Value)
	switch strings.ToLower(label) {
	case "birthdate":
		if dt, ok := enhBirthDate(value, ft.Date); ok {
			e.AddBirthDate(dt)
		} else if value != "" {
			e.AddProperty("birthDate", value)
			p.notes.add("date of birth %q not understood; kept as property birthDate", sxShort(value))
		}
	case "place of birth":
		entity.AddString(&e.BirthPlaces, sxClean(value))
	case "nationality country":
		p.countryFeature(e, &e.Nationalities, ft, "nationality")
	case "citizenship country":
		p.countryFeature(e, &e.Citizenships, ft, "citizenship")
	case "vessel flag":
		p.countryFeature(e, &e.Countries, ft, "")
		e.AddProperty("flag", p.featureText(ft))
	case "other vessel flag", "former vessel flag":
		e.AddProperty("pastFlags", p.featureText(ft))
	case "vessel call sign", "other vessel call sign":
		e.AddProperty("callSign", value)
	case "vessel type", "other vessel type":
		e.AddProperty("vesselType", p.featureText(ft))
	case "vessel owner":
		e.AddProperty("owner", value)
	case "vessel tonnage":
		e.AddProperty("tonnage", value)
	case "vessel gross registered tonnage":
		e.AddProperty("grossRegisteredTonnage", value)
	case "vessel year of build":
		e.AddProperty("buildDate", value)
	case "title":
		entity.AddString(&e.Positions, sxClean(value))
	case "nationality of registration":
		code, text := p.country(ft.ValueRefID, value)
		entity.AddCountry(&e.Countries, code)
		e.AddProperty("nationalityOfRegistration", text)
	default:
		sxAddDetail(e, label, p.featureText(ft), "", "", &p.notes)
	}
}

// featureText is the feature's value, or the text of the reference value
// it points to when the value itself is empty.
func (p *enhParser) featureText(ft *enhFeature) string {
	if v := strings.TrimSpace(ft.Value); v != "" {
		return v
	}
	if rv, ok := p.refs[strings.TrimSpace(ft.ValueRefID)]; ok {
		return strings.TrimSpace(rv.Value)
	}
	return ""
}

func (p *enhParser) countryFeature(e *entity.Entity, list *[]string, ft *enhFeature, key string) {
	code, text := p.country(ft.ValueRefID, ft.Value)
	if code != "" {
		entity.AddCountry(list, code)
	} else if key != "" {
		e.AddProperty(key, text)
	}
}

// enhBirthDate reads a Birthdate feature. The valueDate bounds give the
// precision: one day → a full date; the first to the last day of a month →
// a month; 1 Jan to 31 Dec of one year → a year; 1 Jan of one year to 31
// Dec of a later one → a year range. isApproximate (or a "circa" value)
// marks it approximate. Bounds that fit none of these fall back to the
// value text, then to the years of the bounds.
func enhBirthDate(value string, vd *enhDate) (entity.Date, bool) {
	if vd == nil {
		return entity.ParseDate(value)
	}
	from := vd.FromDateBegin
	if _, ok := sxISODate(from); !ok {
		from = vd.FromDateEnd
	}
	to := vd.ToDateEnd
	if _, ok := sxISODate(to); !ok {
		to = vd.ToDateBegin
	}
	fy, fm, fd, okf := enhYMD(from)
	ty, tm, td, okt := enhYMD(to)
	if !okf {
		return entity.ParseDate(value)
	}
	if !okt {
		ty, tm, td = fy, fm, fd
	}
	textDate, textOK := entity.ParseDate(value)
	d := entity.Date{Raw: strings.TrimSpace(value), Circa: enhTrue(vd.IsApproximate) || textOK && textDate.Circa}
	switch {
	case fy == ty && fm == tm && fd == td:
		d.Year, d.Month, d.Day = fy, fm, fd
	case fy == ty && fm == tm && fd == 1 && td == sxDaysIn(ty, tm):
		d.Year, d.Month = fy, fm
	case fm == 1 && fd == 1 && tm == 12 && td == 31 && ty >= fy:
		d.Year = fy
		if ty > fy {
			d.ToYear = ty
		}
	case textOK:
		textDate.Circa = d.Circa
		return textDate, true
	default:
		d.Year = fy
		if ty > fy {
			d.ToYear = ty
		}
	}
	return d, true
}

func enhYMD(s string) (y, m, d int, ok bool) {
	iso, ok := sxISODate(s)
	if !ok {
		return 0, 0, 0, false
	}
	return sxAtoi(iso[:4]), sxAtoi(iso[5:7]), sxAtoi(iso[8:10]), true
}
