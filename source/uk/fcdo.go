package uk

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/ianaindex"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/source"
)

// The FCDO UK Sanctions List XML, as published at
// https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml:
//
//	<Designations>
//	  <DateGenerated>20/08/2026</DateGenerated>
//	  <Designation>
//	    <LastUpdated/> <DateDesignated/> <UniqueID>RUS0001</UniqueID> <OFSIGroupID/>
//	    <UNReferenceNumber/> <Names><Name><Name1/>…<Name6/><NameType/><AliasStrength/></Name></Names>
//	    <NonLatinNames><NonLatinName><NameNonLatinScript/><NonLatinScriptType/><NonLatinScriptLanguage/></NonLatinName></NonLatinNames>
//	    <Titles><Title/></Titles> <RegimeName/> <IndividualEntityShip/> <DesignationSource/>
//	    <SanctionsImposed>Asset freeze|Travel Ban</SanctionsImposed> <SanctionsImposedIndicators/>
//	    <OtherInformation/> <UKStatementofReasons/>
//	    <Addresses><Address><AddressLine1/>…<AddressLine6/><AddressPostalCode/><AddressCountry/></Address></Addresses>
//	    <PhoneNumbers><PhoneNumber/></PhoneNumbers> <EmailAddresses><EmailAddress/></EmailAddresses> <Websites><Website/></Websites>
//	    <IndividualDetails><Individual><DOBs><DOB>dd/mm/1960</DOB></DOBs> <Nationalities><Nationality/></Nationalities>
//	      <PassportDetails><Passport><PassportNumber/><PassportAdditionalInformation/></Passport></PassportDetails>
//	      <NationalIdentifierDetails><NationalIdentifier><NationalIdentifierNumber/><NationalIdentifierAdditionalInformation/></NationalIdentifier></NationalIdentifierDetails>
//	      <Positions><Position/></Positions> <Genders><Gender/></Genders>
//	      <BirthDetails><Location><TownOfBirth/><CountryOfBirth/></Location></BirthDetails></Individual></IndividualDetails>
//	    <EntityDetails><Entity><TypeOfEntities><TypeOfEntity/></TypeOfEntities> <BusinessRegistrationNumbers><BusinessRegistrationNumber/></BusinessRegistrationNumbers>
//	      <ParentCompanies><ParentCompany/></ParentCompanies> <Subsidiaries><Subsidiary/></Subsidiaries></Entity></EntityDetails>
//	    <ShipDetails><Ship><IMONumbers><IMONumber/></IMONumbers> <CurrentOwnerOperators><CurrentOwnerOperator/></CurrentOwnerOperators>
//	      <CurrentBelievedFlagOfShips><CurrentBelievedFlagOfShip/></CurrentBelievedFlagOfShips> <PreviousFlags><PreviousFlag/></PreviousFlags>
//	      <TypeOfShipDetails><TypeOfShip/></TypeOfShipDetails> <TonnageOfShipDetails><TonnageOfShip/></TonnageOfShipDetails>
//	      <LengthOfShipDetails><LengthOfShip/></LengthOfShipDetails> <YearsBuilt><YearBuilt/></YearsBuilt></Ship></ShipDetails>
//	  </Designation>
//	</Designations>
//
// No real file is available to the project. The element names were checked
// against the OpenSanctions crawler (github.com/opensanctions/opensanctions,
// datasets/gb/fcdo_sanctions/crawler.py, which reads the official file) and
// against third-party parsers and test fragments of the real list found in
// public code (Designations/DateGenerated root, OFSIGroupID, AliasStrength,
// PassportDetails/Passport/PassportNumber, NationalIdentifierDetails,
// Genders/Gender, EntityDetails, ShipDetails). The reader keys on element
// local names wherever they are nested and ignores elements it does not
// know, so added or regrouped elements do not break it.

type fcdoXML struct{}

func (fcdoXML) Name() string { return "uk-fcdo-xml" }

// Detect claims XML whose root element is <Designations>.
func (fcdoXML) Detect(name string, head []byte) source.Role {
	if rootName(head) == "Designations" {
		return source.Main
	}
	return source.None
}

// rootName returns the local name of the first element of an XML head,
// skipping a BOM, white space, the declaration, comments and a DOCTYPE.
func rootName(head []byte) string {
	b := trimHead(head)
	for len(b) > 0 {
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			i := bytes.Index(b, []byte("?>"))
			if i < 0 {
				return ""
			}
			b = b[i+2:]
		case bytes.HasPrefix(b, []byte("<!--")):
			i := bytes.Index(b, []byte("-->"))
			if i < 0 {
				return ""
			}
			b = b[i+3:]
		case bytes.HasPrefix(b, []byte("<!")):
			i := bytes.IndexByte(b, '>')
			if i < 0 {
				return ""
			}
			b = b[i+1:]
		case b[0] == '<':
			b = b[1:]
			end := bytes.IndexAny(b, " \t\r\n/>")
			if end < 0 {
				return ""
			}
			n := string(b[:end])
			if i := strings.LastIndexByte(n, ':'); i >= 0 {
				n = n[i+1:]
			}
			return n
		default:
			return ""
		}
		b = bytes.TrimLeft(b, " \t\r\n")
	}
	return ""
}

// node is a generic XML element: the reader walks designations by element
// names so that unknown or regrouped elements do no harm.
type node struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
	Nodes   []node `xml:",any"`
}

func (n *node) child(name string) *node {
	for i := range n.Nodes {
		if n.Nodes[i].XMLName.Local == name {
			return &n.Nodes[i]
		}
	}
	return nil
}

// text returns the trimmed text of the first child with the given name.
func (n *node) text(name string) string {
	if c := n.child(name); c != nil {
		return clean(c.Text)
	}
	return ""
}

// index maps element names to every descendant of that name, in document
// order, so that a designation is walked once.
type index map[string][]*node

func (n *node) index() index {
	idx := index{}
	var walk func(*node)
	walk = func(n *node) {
		for i := range n.Nodes {
			c := &n.Nodes[i]
			idx[c.XMLName.Local] = append(idx[c.XMLName.Local], c)
			walk(c)
		}
	}
	walk(n)
	return idx
}

// each calls fn for every descendant with the given name.
func (idx index) each(name string, fn func(*node)) {
	for _, c := range idx[name] {
		fn(c)
	}
}

func (fcdoXML) Parse(files []*source.File) (*source.List, error) {
	f := files[0]
	dec := xml.NewDecoder(bytes.NewReader(f.Data))
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		enc, err := ianaindex.IANA.Encoding(label)
		if err != nil || enc == nil {
			return nil, fmt.Errorf("unsupported encoding %q", label)
		}
		return enc.NewDecoder().Reader(in), nil
	}
	p := &fcdoParser{file: f, byID: map[string]*entity.Entity{}}
	l := &source.List{ID: ListFCDO, Title: "UK Sanctions List (FCDO)", Format: fcdoXML{}.Name()}
	lineAt := func() int { return source.LineAt(f.Data, dec.InputOffset()) }
	xmlErr := func(err error, record string) error {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		var se *xml.SyntaxError
		if errors.As(err, &se) && strings.Contains(se.Msg, "unexpected EOF") {
			return source.Errorf(f, se.Line, record, "unexpected EOF: truncated file")
		}
		return source.Errorf(f, lineAt(), record, "%v", err)
	}

	depth := 0
	rootSeen, rootClosed := false, false
	count := 0
	for {
		off := dec.InputOffset() // a line number is only worked out on error
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, xmlErr(err, fmt.Sprintf("Designations/Designation[%d]", count+1))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				if rootSeen {
					return nil, source.Errorf(f, source.LineAt(f.Data, off), t.Name.Local, "second root element")
				}
				if t.Name.Local != "Designations" {
					return nil, source.Errorf(f, source.LineAt(f.Data, off), t.Name.Local, "root element <%s>, want <Designations>", t.Name.Local)
				}
				rootSeen = true
				depth++
				continue
			}
			switch t.Name.Local {
			case "DateGenerated":
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					return nil, xmlErr(err, "Designations/DateGenerated")
				}
				if l.Published = isoDate(s); l.Published == "" && clean(s) != "" {
					p.notes.add("DateGenerated %q not understood; publication date left unset", clean(s))
				}
			case "Designation":
				count++
				var n node
				if err := dec.DecodeElement(&n, &t); err != nil {
					return nil, xmlErr(err, fmt.Sprintf("Designations/Designation[%d]", count))
				}
				if err := p.designation(&n, off, count); err != nil {
					return nil, err
				}
			default:
				if err := dec.Skip(); err != nil {
					return nil, xmlErr(err, "Designations/"+t.Name.Local)
				}
			}
		case xml.EndElement:
			depth--
			if depth == 0 {
				rootClosed = true
			}
		}
	}
	if !rootSeen {
		return nil, source.Errorf(f, 1, "", "no <Designations> root element")
	}
	if !rootClosed {
		return nil, source.Errorf(f, lineAt(), "Designations", "unexpected EOF: truncated file")
	}
	if len(p.order) == 0 {
		return nil, source.Errorf(f, lineAt(), "Designations", "no designations")
	}
	for _, e := range p.order {
		sortNames(e)
	}
	l.Entities = p.order
	l.Notes = p.notes.list
	return l, nil
}

type fcdoParser struct {
	file  *source.File
	byID  map[string]*entity.Entity
	order []*entity.Entity
	notes noteSet
}

// designation turns one <Designation> into an entity (merging a repeated
// Unique ID into the first).
func (p *fcdoParser) designation(n *node, off int64, index int) error {
	idx := n.index()
	uid := n.text("UniqueID")
	if uid == "" {
		return source.Errorf(p.file, source.LineAt(p.file.Data, off), fmt.Sprintf("Designations/Designation[%d]", index), "designation without UniqueID")
	}
	e := p.byID[uid]
	if e == nil {
		schema, ok := groupSchema(n.text("IndividualEntityShip"))
		if !ok {
			p.notes.add("unknown IndividualEntityShip %q read as an entity", n.text("IndividualEntityShip"))
		}
		e = &entity.Entity{
			Schema:    schema,
			Sources:   []entity.Source{{List: ListFCDO, RecordID: uid}},
			MergeKeys: []string{"uk:" + uid},
		}
		p.byID[uid] = e
		p.order = append(p.order, e)
	} else {
		p.notes.add("Unique ID %s listed more than once; designations merged", uid)
	}

	if v := n.text("UNReferenceNumber"); v != "" {
		refs, bad, rest := refHead(v, true)
		for _, r := range refs {
			e.MergeKeys = appendUnique(e.MergeKeys, "un:"+r)
		}
		if bad != "" || rest != "" {
			e.AddProperty("unReference", v)
			p.notes.add("%s: UN reference %q is not only reference numbers; kept in properties", uid, v)
		}
	}
	e.AddProperty("ofsiGroupID", n.text("OFSIGroupID"))
	if v := n.text("DateDesignated"); v != "" {
		if iso := isoDate(v); iso == "" {
			p.notes.add("%s: DateDesignated %q not understood", uid, v)
		} else if e.ListedOn == "" || iso < e.ListedOn {
			e.ListedOn = iso
		}
	}
	if iso := isoDate(n.text("LastUpdated")); iso != "" {
		e.AddProperty("modifiedAt", iso)
	}
	idx.each("RegimeName", func(c *node) { entity.AddString(&e.Programs, clean(c.Text)) })
	e.AddProperty("designationSource", n.text("DesignationSource"))
	for _, s := range strings.Split(n.text("SanctionsImposed"), "|") {
		e.AddProperty("sanctionsImposed", s)
	}

	// Names: titles first, as they go into every person name's parts.
	var titles []string
	idx.each("Title", func(c *node) {
		for _, t := range splitNumbered(c.Text) {
			if t != "" {
				titles = appendUnique(titles, t)
			}
		}
	})
	if e.Schema != entity.Person {
		for _, t := range titles {
			e.AddProperty("title", t)
		}
	}
	idx.each("Name", func(c *node) {
		if len(c.Nodes) == 0 {
			return
		}
		p.name(e, c, titles)
	})
	idx.each("NonLatinName", func(c *node) {
		if v := c.text("NameNonLatinScript"); v != "" {
			e.AddName(nonLatinName(v, c.text("NonLatinScriptType"), c.text("NonLatinScriptLanguage"), entity.Alias, &p.notes))
		}
	})
	if len(e.Names) > 0 {
		hasPrimary := false
		for _, nm := range e.Names {
			hasPrimary = hasPrimary || nm.Kind == entity.Primary
		}
		if !hasPrimary {
			e.Names[0].Kind = entity.Primary
		}
	}

	p.details(e, idx, uid)

	var remarks []string
	if e.Remarks != "" {
		remarks = append(remarks, e.Remarks)
	}
	idx.each("OtherInformation", func(c *node) {
		if v := clean(c.Text); v != "" {
			remarks = appendUnique(remarks, v)
		}
	})
	idx.each("UKStatementofReasons", func(c *node) {
		if v := clean(c.Text); v != "" {
			remarks = appendUnique(remarks, "UK Statement of Reasons: "+v)
		}
	})
	e.Remarks = strings.Join(remarks, "\n")
	return nil
}

// name adds one <Name>: Name1..Name6 in reading order, name type and alias
// strength.
func (p *fcdoParser) name(e *entity.Entity, c *node, titles []string) {
	var parts [6]string
	for i := range parts {
		parts[i] = collapse(c.text(fmt.Sprintf("Name%d", i+1)))
	}
	nm, ok := conListName(e.Schema, parts, titles)
	if !ok {
		// a whole name in one element
		for _, tag := range []string{"Name", "FullName", "WholeName"} {
			if v := collapse(c.text(tag)); v != "" {
				nm, ok = entity.Name{Full: v}, true
				break
			}
		}
		if !ok {
			return
		}
	}
	nm.Kind = aliasKind(c.text("NameType"), c.text("AliasStrength"), &p.notes)
	e.AddName(nm)
}

// details reads individual, entity and ship details, addresses and contacts
// wherever they sit in the designation.
func (p *fcdoParser) details(e *entity.Entity, idx index, uid string) {
	idx.each("DOB", func(c *node) {
		v := clean(c.Text)
		if v == "" {
			return
		}
		if d, ok := parseDate(v); ok {
			e.AddBirthDate(d)
		} else {
			e.AddProperty("birthDateText", v)
			p.notes.add("%s: date of birth %q not understood; kept in properties", uid, v)
		}
	})
	idx.each("Nationality", func(c *node) {
		codes, unknown := countries(c.Text)
		for _, code := range codes {
			entity.AddCountry(&e.Nationalities, code)
		}
		for _, u := range unknown {
			e.AddProperty("nationalityText", u)
			p.notes.add("unmapped nationality %q kept as text", u)
		}
	})
	doc := func(c *node, t entity.IDType, numTag, infoTag, label string) {
		for _, id := range documents(c.text(numTag), c.text(infoTag), t, label) {
			e.AddIdentifier(id)
		}
	}
	idx.each("Passport", func(c *node) { doc(c, entity.Passport, "PassportNumber", "PassportAdditionalInformation", "Passport") })
	idx.each("NationalIdentifier", func(c *node) {
		doc(c, entity.NationalID, "NationalIdentifierNumber", "NationalIdentifierAdditionalInformation", "National Identifier")
	})
	idx.each("Position", func(c *node) {
		for _, s := range splitNumbered(c.Text) {
			entity.AddString(&e.Positions, s)
		}
	})
	idx.each("Gender", func(c *node) {
		if g := gender(c.Text); g != "" {
			if e.Gender == "" {
				e.Gender = g
			}
		} else if v := clean(c.Text); v != "" {
			e.AddProperty("gender", v)
			p.notes.add("unknown gender %q kept in properties", v)
		}
	})
	idx.each("Location", func(c *node) {
		for _, bp := range birthPlaces(c.text("TownOfBirth"), c.text("CountryOfBirth")) {
			entity.AddString(&e.BirthPlaces, bp)
		}
	})
	idx.each("Address", func(c *node) {
		var a [8]string
		has := false
		for i, tag := range []string{"AddressLine1", "AddressLine2", "AddressLine3", "AddressLine4", "AddressLine5", "AddressLine6", "AddressPostalCode", "AddressCountry"} {
			a[i] = collapse(c.text(tag))
			has = has || a[i] != ""
		}
		if has {
			addAddress(e, a, &p.notes)
		}
	})
	idx.each("PhoneNumber", func(c *node) {
		for _, ph := range splitPhones(c.Text) {
			e.AddIdentifier(entity.Identifier{Type: entity.Phone, Value: ph, Label: "Phone number"})
		}
	})
	for _, tag := range []string{"EmailAddress", "Website"} {
		idx.each(tag, func(c *node) {
			emails, sites := splitContacts(c.Text)
			for _, m := range emails {
				e.AddIdentifier(entity.Identifier{Type: entity.Email, Value: m, Label: "Email address"})
			}
			if tag == "Website" {
				for _, w := range sites {
					e.AddIdentifier(entity.Identifier{Type: entity.Website, Value: w, Label: "Website"})
				}
			}
		})
	}
	// entity details
	props := []struct{ tag, prop string }{
		{"TypeOfEntity", "legalForm"}, {"ParentCompany", "parent"}, {"Subsidiary", "subsidiaries"},
		{"CurrentOwnerOperator", "owner"}, {"TypeOfShip", "vesselType"}, {"TonnageOfShip", "tonnage"},
		{"LengthOfShip", "length"}, {"YearBuilt", "buildDate"}, {"CallSign", "callSign"},
	}
	for _, pr := range props {
		idx.each(pr.tag, func(c *node) {
			for _, s := range splitNumbered(c.Text) {
				e.AddProperty(pr.prop, s)
			}
		})
	}
	idx.each("BusinessRegistrationNumber", func(c *node) {
		for _, id := range regNumbers(c.Text, "Business registration number") {
			e.AddIdentifier(id)
		}
	})
	idx.each("IMONumber", func(c *node) {
		v := clean(c.Text)
		if imo := imoNumber(v); imo != "" {
			e.AddIdentifier(entity.Identifier{Type: entity.IMO, Value: imo, Label: "IMO number"})
		} else if v != "" {
			e.AddProperty("imoNumberText", v)
			p.notes.add("%s: IMO number %q is not a number; kept in properties", uid, v)
		}
	})
	idx.each("HullIdentificationNumber", func(c *node) {
		e.AddIdentifier(entity.Identifier{Type: entity.Registration, Value: clean(c.Text), Label: "Hull identification number (HIN)"})
	})
	flag := func(tag, prop string) {
		idx.each(tag, func(c *node) {
			codes, unknown := countries(c.Text)
			for _, code := range codes {
				e.AddProperty(prop, code)
				if prop == "flag" {
					entity.AddCountry(&e.Countries, code)
				}
			}
			for _, u := range unknown {
				e.AddProperty(prop, u)
				p.notes.add("unmapped %s country %q kept as text", prop, u)
			}
		})
	}
	flag("CurrentBelievedFlagOfShip", "flag")
	flag("PreviousFlag", "pastFlags")
}

// addAddress appends an address from six lines, a postal code and a country,
// unless the same text is there already.
func addAddress(e *entity.Entity, a [8]string, notes *noteSet) {
	var full []string
	for _, s := range a {
		if s != "" {
			full = append(full, s)
		}
	}
	ad := entity.Address{Full: strings.Join(full, ", "), PostalCode: a[6]}
	if a[7] != "" {
		if code, ok := countryCode(a[7]); ok {
			ad.Country = code
		} else {
			notes.add("unmapped address country %q kept in the address text", a[7])
		}
	}
	for _, x := range e.Addresses {
		if x.Full == ad.Full {
			return
		}
	}
	e.Addresses = append(e.Addresses, ad)
}
