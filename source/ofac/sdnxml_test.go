package ofac

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/internal/sourcetest"
	"github.com/embargo/embargo/source"
)

func TestSDNXMLGolden(t *testing.T) {
	for _, name := range []string{"sdn", "tempuri"} {
		t.Run(name, func(t *testing.T) {
			f := sourcetest.ReadFile(t, "testdata/sdnxml/"+name+".xml")
			if r := SDNXML.Detect(f.Name, f.Data); r != source.Main {
				t.Fatalf("Detect = %v, want Main", r)
			}
			l, err := SDNXML.Parse([]*source.File{f})
			if err != nil {
				t.Fatal(err)
			}
			sourcetest.Golden(t, "testdata/sdnxml/"+name+".golden.json", l)
		})
	}
}

// TestSDNXMLFixture spells out the fields the golden file carries that
// matter most, so that a careless -update cannot bless a regression.
func TestSDNXMLFixture(t *testing.T) {
	l, err := SDNXML.Parse([]*source.File{sourcetest.ReadFile(t, "testdata/sdnxml/sdn.xml")})
	if err != nil {
		t.Fatal(err)
	}
	if l.ID != "ofac-sdn" || l.Published != "2025-12-31" || l.Declared != 5 || len(l.Entities) != 5 || l.Format != "ofac-sdn-xml" {
		t.Fatalf("list = %+v (%d entities)", l, len(l.Entities))
	}

	p := sourcetest.Find(l, "10001")
	if p.Schema != entity.Person || p.Gender != "male" || p.Caption() != "Ali Hassan AL-EXAMPLE" {
		t.Errorf("10001: schema %s gender %q caption %q", p.Schema, p.Gender, p.Caption())
	}
	wantNames := []entity.Name{
		{Full: "Ali Hassan AL-EXAMPLE", Kind: entity.Primary, Parts: []entity.NamePart{{Type: entity.Given, Value: "Ali Hassan"}, {Type: entity.Family, Value: "AL-EXAMPLE"}}},
		{Full: "ABU EXAMPLE", Kind: entity.Alias},
		{Full: "ABU ALI", Kind: entity.WeakAlias},
		{Full: "Ali HASSANI", Kind: entity.FormerName, Parts: []entity.NamePart{{Type: entity.Given, Value: "Ali"}, {Type: entity.Family, Value: "HASSANI"}}},
		{Full: "Ali Hasan AL-MITHAL", Kind: entity.Alias, Parts: []entity.NamePart{{Type: entity.Given, Value: "Ali Hasan"}, {Type: entity.Family, Value: "AL-MITHAL"}}},
	}
	if !reflect.DeepEqual(p.Names, wantNames) {
		t.Errorf("10001 names:\n got %+v\nwant %+v", p.Names, wantNames)
	}
	var dates []string
	for _, d := range p.BirthDates {
		dates = append(dates, d.String())
	}
	if got := strings.Join(dates, " "); got != "1952-10-07 1952-10 1960/1962 ~1965 1952" {
		t.Errorf("10001 birth dates = %s", got)
	}
	if p.Properties["birthDate"][0] != "unknown" {
		t.Errorf("unparsed DOB not kept: %v", p.Properties)
	}
	wantIDs := []entity.Identifier{
		{Type: entity.Passport, Value: "A12345678", Country: "ir", Label: "Passport"},
		{Type: entity.NationalID, Value: "001-234567-8", Country: "ir", Label: "National ID No."},
		{Type: entity.CryptoAddress, Value: "1ExampLeXbtAddr3ssN0tReaL9zQvW2", Currency: "XBT", Label: "Digital Currency Address - XBT"},
		{Type: entity.Email, Value: "ali.example@example.com", Label: "Email Address"},
		{Type: entity.Passport, Value: "X0000001", Label: "Passport"},
	}
	if !reflect.DeepEqual(p.Identifiers, wantIDs) {
		t.Errorf("10001 identifiers:\n got %+v\nwant %+v", p.Identifiers, wantIDs)
	}
	if got := p.Properties["issuingCountry"]; !reflect.DeepEqual(got, []string{"Atlantis"}) {
		t.Errorf("unknown issuing country = %v", got)
	}
	if !reflect.DeepEqual(p.Nationalities, []string{"ir"}) || !reflect.DeepEqual(p.Citizenships, []string{"iq"}) ||
		!reflect.DeepEqual(p.Properties["nationality"], []string{"Stateless"}) {
		t.Errorf("10001 nationality %v citizenship %v props %v", p.Nationalities, p.Citizenships, p.Properties)
	}
	if !reflect.DeepEqual(p.Positions, []string{"Commander of the Example Brigade"}) || !reflect.DeepEqual(p.BirthPlaces, []string{"Qom, Iran"}) ||
		!reflect.DeepEqual(p.Programs, []string{"SDGT", "IRGC"}) || p.Remarks != "(Linked To: EXAMPLE TRADING CO. LTD.)" {
		t.Errorf("10001 positions %v places %v programs %v remarks %q", p.Positions, p.BirthPlaces, p.Programs, p.Remarks)
	}
	if len(p.Addresses) != 2 || p.Addresses[0] != (entity.Address{
		Full: "No. 12, Example Alley, Vali Asr Street, Tehran, Tehran Province, 1234567890, Iran", Street: "No. 12, Example Alley, Vali Asr Street",
		City: "Tehran", Region: "Tehran Province", PostalCode: "1234567890", Country: "ir",
	}) || p.Addresses[1] != (entity.Address{Full: "Iraq", Country: "iq"}) {
		t.Errorf("10001 addresses = %+v", p.Addresses)
	}
	if !reflect.DeepEqual(p.Sources, []entity.Source{{List: "ofac-sdn", RecordID: "10001"}}) || !reflect.DeepEqual(p.MergeKeys, []string{"ofac:10001"}) {
		t.Errorf("10001 sources %v merge keys %v", p.Sources, p.MergeKeys)
	}

	o := sourcetest.Find(l, "10002")
	if o.Schema != entity.LegalEntity || o.Names[0].Parts != nil || o.Names[2].Kind != entity.FormerName {
		t.Errorf("10002 = %+v", o.Names)
	}
	if o.Identifiers[0] != (entity.Identifier{Type: entity.BIC, Value: "EXAMAEAD", Label: "SWIFT/BIC"}) {
		t.Errorf("10002 BIC = %+v", o.Identifiers[0])
	}
	if got := o.Properties["executiveOrder13662DirectiveDetermination"]; !reflect.DeepEqual(got, []string{"Subject to Directive 2"}) {
		t.Errorf("10002 directive = %v (props %v)", got, o.Properties)
	}
	gazette := false
	for _, id := range o.Identifiers {
		if id == (entity.Identifier{Type: entity.Registration, Value: "00012345", Country: "ru", Label: "Government Gazette Number"}) {
			gazette = true
		}
	}
	if !gazette {
		t.Errorf("10002 Government Gazette Number is not a registration identifier: %+v", o.Identifiers)
	}
	if !reflect.DeepEqual(o.Countries, []string{"hk", "ae", "ps"}) {
		t.Errorf("10002 countries = %v", o.Countries)
	}
	for _, id := range o.Identifiers {
		if id.Value == "Hong Kong" {
			t.Errorf("Nationality of Registration became an identifier: %+v", id)
		}
	}
	if a := o.Addresses[2]; a.Country != "" || a.Full != "Poseidonis, Atlantis" {
		t.Errorf("unknown address country = %+v", a)
	}

	v := sourcetest.Find(l, "10003")
	if v.Schema != entity.Vessel || !reflect.DeepEqual(v.Countries, []string{"pa"}) ||
		v.Identifiers[0] != (entity.Identifier{Type: entity.IMO, Value: "9187629", Label: "Vessel Registration Identification"}) ||
		v.Properties["callSign"][0] != "9HA1234" || v.Properties["flag"][0] != "Panama" || v.Properties["vesselType"][0] != "Crude Oil Tanker" ||
		v.Properties["owner"][0] != "EXAMPLE SHIPPING LINES" || v.Properties["tonnage"][0] != "81,479" || v.Properties["grossRegisteredTonnage"][0] != "150,000" {
		t.Errorf("10003 = %+v", v)
	}

	a := sourcetest.Find(l, "10004")
	if a.Schema != entity.Airplane || a.Properties["model"][0] != "Airbus A310-304" || a.Properties["operator"][0] != "EXAMPLE AIR" ||
		a.Properties["buildDate"][0] != "01 Jan 1990" || len(a.Identifiers) != 3 {
		t.Errorf("10004 = %+v", a)
	}

	w := sourcetest.Find(l, "10005")
	if w.Gender != "female" || w.Names[2].Kind != entity.FormerName || w.BirthDates[0].String() != "~1970" {
		t.Errorf("10005 = %+v", w)
	}

	wantNotes := []string{
		`country "Atlantis" not recognised; kept as text`,
		`country "Stateless" not recognised; kept as text`,
		`date of birth "unknown" not understood; kept as property birthDate`,
	}
	if !reflect.DeepEqual(l.Notes, wantNotes) {
		t.Errorf("notes = %q", l.Notes)
	}

	cons, err := SDNXML.Parse([]*source.File{sourcetest.ReadFile(t, "testdata/sdnxml/tempuri.xml")})
	if err != nil {
		t.Fatal(err)
	}
	if cons.ID != "ofac-cons" || cons.Published != "2019-03-04" || cons.Declared != 3 || len(cons.Entities) != 3 {
		t.Errorf("tempuri list = %+v", cons)
	}
}

func TestSDNXMLBad(t *testing.T) {
	cases := map[string]string{
		"truncated.xml": "unexpected EOF",
		"count.xml":     "Record_Count says 4 entries but the file holds 3 sdnEntry elements",
		"badcount.xml":  `record count "many" is not a number`,
		"unclosed.xml":  "unexpected EOF",
		"mismatch.xml":  "element <lastName> closed by </firstName>",
		"nouid.xml":     "sdnEntry has no uid",
		"utf8.xml":      "invalid UTF-8",
		"root.xml":      "root element <CONSOLIDATED_LIST> is not <sdnList>",
		"empty.xml":     "no XML root element",
	}
	entries, err := os.ReadDir("testdata/sdnxml/bad")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(cases) {
		t.Errorf("%d bad fixtures, %d cases", len(entries), len(cases))
	}
	for name, want := range cases {
		t.Run(name, func(t *testing.T) {
			f := sourcetest.ReadFile(t, "testdata/sdnxml/bad/"+name)
			l, err := SDNXML.Parse([]*source.File{f})
			if err == nil {
				t.Fatalf("no error; list %+v", l)
			}
			var pe *source.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *source.ParseError: %v", err, err)
			}
			if pe.File != f.Path || pe.Line <= 0 && pe.Record == "" {
				t.Errorf("error does not locate the problem: %#v", pe)
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not contain %q", err, want)
			}
		})
	}
	// Errors inside an entry name the entry and its line.
	_, err = SDNXML.Parse([]*source.File{sourcetest.ReadFile(t, "testdata/sdnxml/bad/utf8.xml")})
	if want := "testdata/sdnxml/bad/utf8.xml:49 (sdnEntry #2, after uid 20001)"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q, want prefix %q", err, want)
	}
}

// Snippets of every list format the project reads, for Detect tests.
var sxDetectSamples = map[string]string{
	"sdnList":         `<?xml version="1.0" standalone="yes"?>` + "\n" + `<sdnList xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"><publshInformation>`,
	"sdnList-tempuri": "\ufeff  \r\n<?xml version=\"1.0\"?>\n<!-- comment -->\n<sdnList xmlns=\"http://tempuri.org/sdnList.xsd\">\n<sdnEntry>",
	"sdnList-cut":     `<sdnList><sdnEntry><uid>1</uid><lastN`,
	"enhanced":        `<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<sanctionsData xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML"><publicationInfo>`,
	"advanced":        `<?xml version="1.0" encoding="utf-8"?><Sanctions xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"><DateOfIssue>`,
	"un":              `<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" dateGenerated="2026-02-27T00:00:00"><INDIVIDUALS>`,
	"eu":              `<?xml version="1.0" encoding="UTF-8"?><export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-01-28T10:00:00"><sanctionEntity>`,
	"fcdo":            `<?xml version="1.0" encoding="utf-8"?><Designations><DateGenerated>2026-01-01</DateGenerated><Designation>`,
	"ofac-csv":        "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n",
	"ofsi-csv":        "Last Updated,10/04/2025\r\nName 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script\r\n",
	"csl-csv":         "_id,source,entity_number,type,programs,name,title,addresses\r\n",
	"ftm":             `{"id":"NK-abc","schema":"Person","properties":{"name":["Vladimir Putin"]}}`,
	"crypto":          "0x098B716B8Aaf21512996dC57EB0615e2383E2f96\n",
	"html":            "<!DOCTYPE html><html><head><title>x</title>",
	"empty":           "",
	"text-then-xml":   "hello <sdnList>",
}

func TestSDNXMLDetect(t *testing.T) {
	for name, head := range sxDetectSamples {
		want := source.None
		if strings.HasPrefix(name, "sdnList") {
			want = source.Main
		}
		if got := SDNXML.Detect("list.xml", []byte(head)); got != want {
			t.Errorf("%s: Detect = %v, want %v", name, got, want)
		}
	}
	// The name never decides: a CSV named SDN.XML is refused.
	if got := SDNXML.Detect("SDN.XML", []byte(sxDetectSamples["ofac-csv"])); got != source.None {
		t.Errorf("CSV named SDN.XML: Detect = %v", got)
	}
	// Its own fixtures, through the loader with every OFAC XML format.
	for _, p := range []string{"testdata/sdnxml/sdn.xml", "testdata/sdnxml/tempuri.xml"} {
		lists, _, err := source.Load(p, []source.Format{EnhancedXML, SDNXML}, source.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(lists) != 1 || lists[0].Format != "ofac-sdn-xml" || lists[0].SHA256 == "" {
			t.Errorf("%s: loaded %+v", p, lists)
		}
	}
}

func TestSDNXMLHelpers(t *testing.T) {
	t.Run("publishDate", func(t *testing.T) {
		for in, want := range map[string]string{
			"01/08/2026": "2026-01-08", "1/8/2026": "2026-01-08", "12/31/2025": "2025-12-31", " 02/29/2024 ": "2024-02-29",
			"2026-01-08": "2026-01-08", "2026-01-08T00:00:00": "2026-01-08",
			"02/29/2025": "", "13/01/2026": "", "01/08/26": "", "08 Jan 2026": "", "": "", "//": "", "1/2/3/4": "",
		} {
			got, ok := sxPublishDate(in)
			if got != want || ok != (want != "") {
				t.Errorf("sxPublishDate(%q) = %q, %v; want %q", in, got, ok, want)
			}
		}
	})
	t.Run("listID", func(t *testing.T) {
		for _, c := range []struct {
			name          string
			nonSDN, total int
			want          string
		}{
			{"CONSOLIDATED.XML", 0, 10, "ofac-cons"},
			{"cons_prim.xml", 0, 10, "ofac-cons"},
			{"SDN.XML", 0, 18000, "ofac-sdn"},
			{"SDN.XML", 40, 18000, "ofac-sdn"},
			{"list.xml", 440, 442, "ofac-cons"},
			{"list.xml", 5, 10, "ofac-sdn"},
			{"list.xml", 6, 10, "ofac-cons"},
			{"list.xml", 0, 0, "ofac-sdn"},
		} {
			if got := sxListID(c.name, c.nonSDN, c.total); got != c.want {
				t.Errorf("sxListID(%q, %d, %d) = %q, want %q", c.name, c.nonSDN, c.total, got, c.want)
			}
		}
	})
	t.Run("nonSDN", func(t *testing.T) {
		for _, c := range []struct {
			x    sxEntry
			want bool
		}{
			{sxEntry{Programs: []string{"NS-PLC"}}, true},
			{sxEntry{Programs: []string{"CMIC-EO13959"}}, true},
			{sxEntry{Programs: []string{"FSE-IR"}}, true},
			{sxEntry{Programs: []string{"UKRAINE-EO13662"}, IDs: []sxID{{IDType: "Executive Order 13662 Directive Determination -"}}}, true},
			{sxEntry{Programs: []string{"UKRAINE-EO13662", "RUSSIA-EO14024"}}, false},
			{sxEntry{Programs: []string{"SDGT"}}, false},
			{sxEntry{}, false},
		} {
			if got := c.x.nonSDN(); got != c.want {
				t.Errorf("nonSDN(%+v) = %v", c.x, got)
			}
		}
	})
	t.Run("akaKind", func(t *testing.T) {
		for _, c := range []struct {
			typ, cat string
			want     entity.NameKind
		}{
			{"a.k.a.", "strong", entity.Alias},
			{"a.k.a.", "weak", entity.WeakAlias},
			{"A.K.A.", "Weak", entity.WeakAlias},
			{"f.k.a.", "strong", entity.FormerName},
			{"f.k.a.", "weak", entity.FormerName},
			{"n.k.a.", "strong", entity.Alias},
			{"", "", entity.Alias},
		} {
			if got := sxAKAKind(c.typ, c.cat); got != c.want {
				t.Errorf("sxAKAKind(%q, %q) = %v, want %v", c.typ, c.cat, got, c.want)
			}
		}
	})
	t.Run("name", func(t *testing.T) {
		for _, c := range []struct {
			schema      entity.Schema
			first, last string
			want        entity.Name
		}{
			{entity.Person, "Vladimir Vladimirovich", "PUTIN", entity.Name{Full: "Vladimir Vladimirovich PUTIN", Parts: []entity.NamePart{{Type: entity.Given, Value: "Vladimir Vladimirovich"}, {Type: entity.Family, Value: "PUTIN"}}}},
			{entity.Person, " Ali \n Hassan ", "AL-EXAMPLE", entity.Name{Full: "Ali Hassan AL-EXAMPLE", Parts: []entity.NamePart{{Type: entity.Given, Value: "Ali Hassan"}, {Type: entity.Family, Value: "AL-EXAMPLE"}}}},
			{entity.Person, "", "ABU ALI", entity.Name{Full: "ABU ALI"}},
			{entity.Person, "Ali", "", entity.Name{Full: "Ali", Parts: []entity.NamePart{{Type: entity.Given, Value: "Ali"}}}},
			{entity.LegalEntity, "", "VTB BANK", entity.Name{Full: "VTB BANK"}},
			{entity.Vessel, "", "EXAMPLE STAR", entity.Name{Full: "EXAMPLE STAR"}},
			{entity.Person, "", "", entity.Name{}},
		} {
			if got := sxName(c.schema, c.first, c.last, entity.Primary); !reflect.DeepEqual(got, c.want) {
				t.Errorf("sxName(%s, %q, %q) = %+v, want %+v", c.schema, c.first, c.last, got, c.want)
			}
		}
	})
	t.Run("country", func(t *testing.T) {
		for in, want := range map[string]string{
			"Russia": "ru", "Palestinian": "ps", "Region: Gaza": "ps", "region: Crimea": "ua", "Virgin Islands, British": "vg",
			"Burma": "mm", "Korea, North": "kp", "France": "fr", "Panama": "pa", "Benin": "bj", "Atlantis": "", "Region:": "", "": "",
		} {
			got, ok := sxCountry(in)
			if got != want || ok != (want != "") {
				t.Errorf("sxCountry(%q) = %q, %v; want %q", in, got, ok, want)
			}
		}
	})
	t.Run("imo", func(t *testing.T) {
		for in, want := range map[string]string{
			"IMO 9187629": "9187629", "imo9187629": "9187629", "IMO: 9187629": "9187629", "9187629": "9187629",
			"IMO 91876": "IMO 91876", "IMO ABCDEFG": "IMO ABCDEFG", "IM": "IM",
		} {
			if got := sxIMO(in); got != want {
				t.Errorf("sxIMO(%q) = %q, want %q", in, got, want)
			}
		}
	})
	t.Run("propKey", func(t *testing.T) {
		for _, c := range []struct{ label, want string }{
			{"Executive Order 13662 Directive Determination -", "executiveOrder13662DirectiveDetermination"},
			{"Secondary sanctions risk:", "secondarySanctionsRisk"},
			{"Listing Date (EO 14024 Directive 2):", "listingDateEo14024Directive2"},
			{"Listing Date (CMIC)", "listingDateCmic"},
			{"---", "other"},
			{"", "other"},
		} {
			_, _, prop := IDKind(c.label)
			if got := sxPropKey(prop, c.label); got != c.want {
				t.Errorf("sxPropKey(%q) = %q, want %q", c.label, got, c.want)
			}
		}
	})
	t.Run("detail", func(t *testing.T) {
		var notes sxNotes
		e := &entity.Entity{}
		sxAddDetail(e, "Gender", "Male", "", "", &notes)
		sxAddDetail(e, "Nationality of Registration", "Hong Kong", "", "", &notes)
		sxAddDetail(e, "Digital Currency Address - ETH", "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", "", "", &notes)
		sxAddDetail(e, "Website", "www.example.test", "", "", &notes)
		sxAddDetail(e, "Passport", "A123", "", "Atlantis", &notes)
		sxAddDetail(e, "Passport", "", "ir", "Iran", &notes)
		sxAddDetail(e, "Target Type", "Financial Institution", "", "", &notes)
		sxAddDetail(e, "Gender", "Unknown", "", "", &notes)
		want := &entity.Entity{
			Gender:    "male",
			Countries: []string{"hk"},
			Identifiers: []entity.Identifier{
				{Type: entity.CryptoAddress, Value: "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", Currency: "ETH", Label: "Digital Currency Address - ETH"},
				{Type: entity.Website, Value: "www.example.test", Label: "Website"},
				{Type: entity.Passport, Value: "A123", Label: "Passport"},
			},
			Properties: map[string][]string{
				"nationalityOfRegistration": {"Hong Kong"}, "website": {"www.example.test"}, "issuingCountry": {"Atlantis"},
				"targetType": {"Financial Institution"}, "gender": {"Unknown"},
			},
		}
		if !reflect.DeepEqual(e, want) {
			t.Errorf("got  %+v\nwant %+v", e, want)
		}
		if len(notes.list) != 1 {
			t.Errorf("notes = %q", notes.list)
		}
	})
	t.Run("rootName", func(t *testing.T) {
		for _, c := range []struct{ in, local, space string }{
			{`<sdnList xmlns="http://tempuri.org/sdnList.xsd">`, "sdnList", "http://tempuri.org/sdnList.xsd"},
			{"\ufeff<?xml version=\"1.0\"?><!DOCTYPE x><!-- c --><a:sdnList xmlns:a=\"u\">", "sdnList", ""},
			{"<sdnList", "", ""},
			{"{}", "", ""},
			{"", "", ""},
		} {
			local, space, _ := sxRootName([]byte(c.in))
			if local != c.local || space != c.space {
				t.Errorf("sxRootName(%q) = %q, %q; want %q, %q", c.in, local, space, c.local, c.space)
			}
		}
	})
	t.Run("clean", func(t *testing.T) {
		for in, want := range map[string]string{"  a  b\t c\n": "a b c", "a b": "a b", "a\u00a0b": "a b", "": ""} {
			if got := sxClean(in); got != want {
				t.Errorf("sxClean(%q) = %q, want %q", in, got, want)
			}
		}
	})
	t.Run("lines", func(t *testing.T) {
		data := []byte("a\nb\nc\nd")
		l := &sxLines{data: data}
		for _, off := range []int64{0, 2, 5, 3, 7, 100} {
			if got, want := l.at(off), source.LineAt(data, off); got != want {
				t.Errorf("at(%d) = %d, want %d", off, got, want)
			}
		}
	})
}

func FuzzSDNXML(f *testing.F) {
	for _, dir := range []string{"testdata/sdnxml", "testdata/sdnxml/bad"} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, s := range sxDetectSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		SDNXML.Detect("SDN.XML", data)
		file := &source.File{Name: "SDN.XML", Path: "fuzz/SDN.XML", Data: data}
		l, err := SDNXML.Parse([]*source.File{file})
		if err != nil {
			var pe *source.ParseError
			if !errors.As(err, &pe) || pe.File != file.Path {
				t.Fatalf("error is not a ParseError naming the file: %v", err)
			}
			return
		}
		if l.Declared != 0 && l.Declared != len(l.Entities) {
			t.Fatalf("declared %d, read %d", l.Declared, len(l.Entities))
		}
		for _, e := range l.Entities {
			if len(e.Sources) != 1 || e.Sources[0].RecordID == "" || e.Sources[0].List != l.ID {
				t.Fatalf("bad sources %+v", e.Sources)
			}
		}
	})
}

func TestSDNXMLEncoding(t *testing.T) {
	doc := func(enc, name string) []byte {
		return []byte(`<?xml version="1.0" encoding="` + enc + `"?>` + "\n<sdnList>\n<publshInformation><Publish_Date>01/02/2020</Publish_Date><Record_Count>1</Record_Count></publshInformation>\n" +
			"<sdnEntry><uid>1</uid><lastName>" + name + "</lastName><sdnType>Entity</sdnType></sdnEntry>\n</sdnList>\n")
	}
	for _, c := range []struct{ enc, name, want string }{
		{"ISO-8859-1", "CAF\xc9 \xabEXAMPLE\xbb", "CAFÉ «EXAMPLE»"},
		{"windows-1252", "CAF\xc9 \x93EXAMPLE\x94", "CAFÉ “EXAMPLE”"},
		{"UTF-8", "CAFÉ EXAMPLE", "CAFÉ EXAMPLE"},
		{"us-ascii", "CAFE EXAMPLE", "CAFE EXAMPLE"},
	} {
		data := doc(c.enc, c.name)
		if SDNXML.Detect("x.xml", data) != source.Main {
			t.Errorf("%s: not detected", c.enc)
		}
		l, err := SDNXML.Parse([]*source.File{{Name: "x.xml", Path: "x.xml", Data: data}})
		if err != nil {
			t.Errorf("%s: %v", c.enc, err)
			continue
		}
		if got := l.Entities[0].Names[0].Full; got != c.want {
			t.Errorf("%s: name %q, want %q", c.enc, got, c.want)
		}
	}
	_, err := SDNXML.Parse([]*source.File{{Name: "x.xml", Path: "x.xml", Data: doc("EBCDIC", "X")}})
	var pe *source.ParseError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), `unsupported character encoding "EBCDIC"`) || pe.Line != 1 {
		t.Errorf("EBCDIC: %v", err)
	}
}
