package ofac

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/source"
)

// SDNXML reads OFAC's sdnList XML: SDN.XML and CONSOLIDATED.XML, which
// share one schema. Elements are matched on their local names, so every
// default namespace OFAC has used works (the current
// https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML
// and the older http://tempuri.org/sdnList.xsd).
//
// List id: "ofac-cons" when the file name contains "cons" (any case);
// otherwise decided from content: when more than half of the entries carry
// a non-SDN marker (a program named NS-…, CMIC…, FSE…, SSI, or an
// "Executive Order 13662 Directive Determination" id, which only the
// Sectoral Sanctions Identifications list has) the file is the
// Consolidated list, "ofac-cons"; else it is the SDN list, "ofac-sdn".
//
// Published comes from publshInformation/Publish_Date (MM/DD/YYYY), Declared
// from Record_Count; a file whose number of sdnEntry elements differs from
// Record_Count is rejected as truncated or edited. Each sdnEntry becomes
// one entity with RecordID and merge key "ofac:<uid>". Invalid UTF-8 is
// rejected (encoding/xml refuses it) with an error naming the entry.
var SDNXML source.Format = sdnXML{}

type sdnXML struct{}

func (sdnXML) Name() string { return "ofac-sdn-xml" }

// Detect claims a document whose root element is sdnList, in any namespace.
func (sdnXML) Detect(name string, head []byte) source.Role {
	if local, _, ok := sxRootName(head); ok && local == "sdnList" {
		return source.Main
	}
	return source.None
}

type sxPublish struct {
	PublishDate string `xml:"Publish_Date"`
	RecordCount string `xml:"Record_Count"`
}

type sxEntry struct {
	UID           string          `xml:"uid"`
	FirstName     string          `xml:"firstName"`
	LastName      string          `xml:"lastName"`
	Title         string          `xml:"title"`
	SDNType       string          `xml:"sdnType"`
	Remarks       string          `xml:"remarks"`
	Programs      []string        `xml:"programList>program"`
	IDs           []sxID          `xml:"idList>id"`
	AKAs          []sxAKA         `xml:"akaList>aka"`
	Addresses     []sxAddress     `xml:"addressList>address"`
	Nationalities []sxCountryItem `xml:"nationalityList>nationality"`
	Citizenships  []sxCountryItem `xml:"citizenshipList>citizenship"`
	DOBs          []string        `xml:"dateOfBirthList>dateOfBirthItem>dateOfBirth"`
	POBs          []string        `xml:"placeOfBirthList>placeOfBirthItem>placeOfBirth"`
	Vessel        *sxVesselInfo   `xml:"vesselInfo"`
}

type sxID struct {
	IDType    string `xml:"idType"`
	IDNumber  string `xml:"idNumber"`
	IDCountry string `xml:"idCountry"`
}

type sxAKA struct {
	Type      string `xml:"type"`
	Category  string `xml:"category"`
	FirstName string `xml:"firstName"`
	LastName  string `xml:"lastName"`
}

type sxAddress struct {
	Address1        string `xml:"address1"`
	Address2        string `xml:"address2"`
	Address3        string `xml:"address3"`
	City            string `xml:"city"`
	StateOrProvince string `xml:"stateOrProvince"`
	Region          string `xml:"region"`
	PostalCode      string `xml:"postalCode"`
	Country         string `xml:"country"`
}

type sxCountryItem struct {
	Country string `xml:"country"`
}

type sxVesselInfo struct {
	CallSign               string `xml:"callSign"`
	VesselType             string `xml:"vesselType"`
	VesselFlag             string `xml:"vesselFlag"`
	VesselOwner            string `xml:"vesselOwner"`
	Tonnage                string `xml:"tonnage"`
	GrossRegisteredTonnage string `xml:"grossRegisteredTonnage"`
}

func (sdnXML) Parse(files []*source.File) (*source.List, error) {
	if len(files) == 0 {
		return nil, errors.New("ofac-sdn-xml: no file to parse")
	}
	f := files[0]
	data := sxStripBOM(f.Data)
	d := sxNewDecoder(data)
	lines := &sxLines{data: data}

	var (
		root, closed bool
		info         sxPublish
		haveInfo     bool
		infoLine     int
		n, nonSDN    int
		lastUID      string
		notes        sxNotes
		ents         []*entity.Entity
		seen         = map[string]int{}
	)
	// where names the record being read (in) or the place after the last
	// record read (!in), for error messages.
	where := func(in bool) string {
		switch {
		case in && lastUID != "":
			return fmt.Sprintf("sdnEntry #%d, after uid %s", n, lastUID)
		case in:
			return fmt.Sprintf("sdnEntry #%d", n)
		case n > 0:
			return fmt.Sprintf("sdnList, after sdnEntry #%d (uid %s)", n, lastUID)
		}
		return "sdnList"
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
				if t.Name.Local != "sdnList" {
					return nil, source.Errorf(f, source.LineAt(data, d.InputOffset()), t.Name.Local,
						"root element <%s> is not <sdnList>: not an OFAC sdnList XML file", t.Name.Local)
				}
				root = true
				continue
			}
			switch t.Name.Local {
			case "publshInformation", "publishInformation":
				infoLine = lines.at(d.InputOffset())
				if err := d.DecodeElement(&info, &t); err != nil {
					return nil, sxXMLError(f, data, d, "sdnList/"+t.Name.Local, err)
				}
				haveInfo = true
			case "sdnEntry":
				n++
				line := lines.at(d.InputOffset())
				var x sxEntry
				if err := d.DecodeElement(&x, &t); err != nil {
					return nil, sxXMLError(f, data, d, where(true), err)
				}
				uid := strings.TrimSpace(x.UID)
				if uid == "" {
					return nil, source.Errorf(f, line, where(true), "sdnEntry has no uid")
				}
				if prev, dup := seen[uid]; dup {
					notes.add("uid %s appears more than once (lines %d and %d); both kept", uid, prev, line)
				} else {
					seen[uid] = line
				}
				lastUID = uid
				if x.nonSDN() {
					nonSDN++
				}
				ents = append(ents, x.entity(uid, &notes))
			default:
				if err := d.Skip(); err != nil {
					return nil, sxXMLError(f, data, d, "sdnList/"+t.Name.Local, err)
				}
			}
		case xml.EndElement:
			// Children are decoded or skipped whole, so this is </sdnList>.
			closed = true
		}
	}
	if !root {
		return nil, source.Errorf(f, 1, "", "no XML root element: empty or not an XML file")
	}
	if !closed {
		return nil, source.Errorf(f, source.LineAt(data, int64(len(data))), where(false), "unexpected EOF: </sdnList> missing (truncated file?)")
	}

	l := &source.List{Format: SDNXML.Name(), Entities: ents}
	if haveInfo {
		if s := strings.TrimSpace(info.RecordCount); s != "" {
			c, err := strconv.Atoi(s)
			if err != nil || c < 0 {
				return nil, source.Errorf(f, infoLine, "sdnList/publshInformation/Record_Count", "record count %q is not a number", sxShort(s))
			}
			if c != n {
				return nil, source.Errorf(f, source.LineAt(data, d.InputOffset()), "sdnList",
					"Record_Count says %d entries but the file holds %d sdnEntry elements (truncated or edited file)", c, n)
			}
			l.Declared = c
		}
		if s := strings.TrimSpace(info.PublishDate); s != "" {
			if p, ok := sxPublishDate(s); ok {
				l.Published = p
			} else {
				notes.add("Publish_Date %q not understood; publication date left empty", sxShort(s))
			}
		}
	}
	l.ID = sxListID(f.Name, nonSDN, n)
	l.Title = sxTitleSDN
	if l.ID == sxIDCons {
		l.Title = sxTitleCons
	}
	for _, e := range ents {
		e.Sources[0].List = l.ID
	}
	l.Notes = notes.list
	return l, nil
}

// sxListID decides between the SDN and the Consolidated list: the file name
// when it contains "cons", else the content (see SDNXML).
func sxListID(name string, nonSDN, total int) string {
	if strings.Contains(strings.ToLower(name), "cons") {
		return sxIDCons
	}
	if total > 0 && nonSDN*2 > total {
		return sxIDCons
	}
	return sxIDSDN
}

// nonSDN reports whether the entry carries a marker of the non-SDN lists.
func (x *sxEntry) nonSDN() bool {
	for _, p := range x.Programs {
		p = strings.ToUpper(strings.TrimSpace(p))
		if strings.HasPrefix(p, "NS-") || strings.HasPrefix(p, "CMIC") || strings.HasPrefix(p, "FSE") || p == "SSI" {
			return true
		}
	}
	for _, id := range x.IDs {
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(id.IDType)), "executive order 13662 directive determination") {
			return true
		}
	}
	return false
}

// sxPublishDate reads OFAC's MM/DD/YYYY (and, to be safe, ISO) dates.
func sxPublishDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if iso, ok := sxISODate(s); ok {
		return iso, true
	}
	p := strings.Split(s, "/")
	if len(p) != 3 {
		return "", false
	}
	m, d, y := sxAtoi(p[0]), sxAtoi(p[1]), sxAtoi(strings.TrimSpace(p[2]))
	if len(p[2]) != 4 || y < 1000 || m < 1 || m > 12 || d < 1 || d > sxDaysIn(y, m) {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d), true
}

// sxSchema maps sdnType.
func sxSchema(t string) (entity.Schema, bool) {
	switch strings.ToLower(strings.TrimSpace(t)) {
	case "individual":
		return entity.Person, true
	case "entity":
		return entity.LegalEntity, true
	case "vessel":
		return entity.Vessel, true
	case "aircraft":
		return entity.Airplane, true
	}
	return entity.LegalEntity, false
}

// sxName builds a name from OFAC's firstName/lastName. Persons read
// "First LAST" with Given and Family parts when the list split the name
// (firstName present); a name given in lastName alone is not split, so it
// gets no parts. Other schemas only use lastName, as OFAC does.
func sxName(schema entity.Schema, first, last string, kind entity.NameKind) entity.Name {
	first, last = sxClean(first), sxClean(last)
	n := entity.Name{Kind: kind}
	switch {
	case first != "" && last != "":
		n.Full = first + " " + last
	case first != "":
		n.Full = first
	default:
		n.Full = last
	}
	if schema == entity.Person && first != "" {
		n.Parts = append(n.Parts, entity.NamePart{Type: entity.Given, Value: first})
		if last != "" {
			n.Parts = append(n.Parts, entity.NamePart{Type: entity.Family, Value: last})
		}
	}
	return n
}

// sxAKAKind maps aka type and category: f.k.a. → FormerName, weak →
// WeakAlias, everything else (a.k.a., n.k.a.) → Alias.
func sxAKAKind(typ, category string) entity.NameKind {
	if strings.EqualFold(strings.TrimSpace(typ), "f.k.a.") {
		return entity.FormerName
	}
	if strings.EqualFold(strings.TrimSpace(category), "weak") {
		return entity.WeakAlias
	}
	return entity.Alias
}

func (x *sxEntry) entity(uid string, notes *sxNotes) *entity.Entity {
	schema, ok := sxSchema(x.SDNType)
	if !ok {
		notes.add("sdnType %q not recognised; read as LegalEntity", sxShort(x.SDNType))
	}
	e := &entity.Entity{
		Schema:    schema,
		Sources:   []entity.Source{{RecordID: uid}},
		MergeKeys: []string{"ofac:" + uid},
	}
	e.AddName(sxName(schema, x.FirstName, x.LastName, entity.Primary))
	if len(e.Names) == 0 {
		notes.add("uid %s has no primary name", uid)
	}
	for _, a := range x.AKAs {
		e.AddName(sxName(schema, a.FirstName, a.LastName, sxAKAKind(a.Type, a.Category)))
	}
	entity.AddString(&e.Positions, sxClean(x.Title))
	for _, p := range x.Programs {
		entity.AddString(&e.Programs, p)
	}
	for _, id := range x.IDs {
		code, text := "", strings.TrimSpace(id.IDCountry)
		if text != "" {
			var ok bool
			if code, ok = sxCountry(text); !ok {
				notes.add("country %q not recognised; kept as text", sxShort(text))
			}
		}
		sxAddDetail(e, id.IDType, id.IDNumber, code, text, notes)
	}
	for _, a := range x.Addresses {
		if ad, ok := sxMakeAddress(a, notes); ok {
			e.Addresses = append(e.Addresses, ad)
			entity.AddCountry(&e.Countries, ad.Country)
		}
	}
	for _, c := range x.Nationalities {
		sxCountryInto(e, &e.Nationalities, c.Country, "nationality", notes)
	}
	for _, c := range x.Citizenships {
		sxCountryInto(e, &e.Citizenships, c.Country, "citizenship", notes)
	}
	for _, s := range x.DOBs {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if dt, ok := entity.ParseDate(s); ok {
			e.AddBirthDate(dt)
		} else {
			e.AddProperty("birthDate", s)
			notes.add("date of birth %q not understood; kept as property birthDate", sxShort(s))
		}
	}
	for _, p := range x.POBs {
		entity.AddString(&e.BirthPlaces, sxClean(p))
	}
	if v := x.Vessel; v != nil {
		e.AddProperty("callSign", v.CallSign)
		e.AddProperty("vesselType", v.VesselType)
		if flag := strings.TrimSpace(v.VesselFlag); flag != "" {
			sxCountryInto(e, &e.Countries, flag, "", notes)
			e.AddProperty("flag", flag)
		}
		e.AddProperty("owner", v.VesselOwner)
		e.AddProperty("tonnage", v.Tonnage)
		e.AddProperty("grossRegisteredTonnage", v.GrossRegisteredTonnage)
	}
	e.Remarks = strings.TrimSpace(x.Remarks)
	return e
}

// sxMakeAddress renders an sdnList address; ok is false when it is empty.
// The country text stays in Full whether or not it maps to a code.
func sxMakeAddress(a sxAddress, notes *sxNotes) (entity.Address, bool) {
	var ad entity.Address
	ad.Street = sxJoin(", ", a.Address1, a.Address2, a.Address3)
	ad.City = sxClean(a.City)
	ad.Region = sxJoin(", ", a.StateOrProvince, a.Region)
	ad.PostalCode = sxClean(a.PostalCode)
	country := sxClean(a.Country)
	ad.Full = sxJoin(", ", ad.Street, ad.City, ad.Region, ad.PostalCode, country)
	if ad.Full == "" {
		return ad, false
	}
	if country != "" {
		if c, ok := sxCountry(country); ok {
			ad.Country = c
		} else {
			notes.add("country %q not recognised; kept as text", sxShort(country))
		}
	}
	return ad, true
}

// sxJoin joins the non-empty cleaned parts.
func sxJoin(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = sxClean(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
