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

func TestEnhancedGolden(t *testing.T) {
	f := sourcetest.ReadFile(t, "testdata/enhanced/sdn_enhanced.xml")
	if r := EnhancedXML.Detect(f.Name, f.Data); r != source.Main {
		t.Fatalf("Detect = %v, want Main", r)
	}
	l, err := EnhancedXML.Parse([]*source.File{f})
	if err != nil {
		t.Fatal(err)
	}
	sourcetest.Golden(t, "testdata/enhanced/sdn_enhanced.golden.json", l)
}

// TestEnhancedFixture checks the key fields of the fixture field by field.
func TestEnhancedFixture(t *testing.T) {
	l, err := EnhancedXML.Parse([]*source.File{sourcetest.ReadFile(t, "testdata/enhanced/sdn_enhanced.xml")})
	if err != nil {
		t.Fatal(err)
	}
	if l.ID != "ofac-sdn" || l.Published != "2025-12-31" || l.Declared != 0 || len(l.Entities) != 5 || l.Format != "ofac-enhanced-xml" {
		t.Fatalf("list = %+v (%d entities)", l, len(l.Entities))
	}

	p := sourcetest.Find(l, "30001")
	wantNames := []entity.Name{
		{Full: "Ali Hassan AL-EXAMPLE", Kind: entity.Primary, Script: "Latn", Parts: []entity.NamePart{
			{Type: entity.Family, Value: "Al-Example"}, {Type: entity.Given, Value: "Ali"}, {Type: entity.Middle, Value: "Hassan"}}},
		{Full: "علي حسن المثال", Kind: entity.Primary, Script: "Arab", Parts: []entity.NamePart{
			{Type: entity.Family, Value: "المثال"}, {Type: entity.Given, Value: "علي"}, {Type: entity.Middle, Value: "حسن"}}},
		{Full: "ABU ALI", Kind: entity.WeakAlias, Script: "Latn", Parts: []entity.NamePart{{Type: entity.Other, Value: "Abu Ali"}}},
		{Full: "Ali HASSANI", Kind: entity.FormerName, Script: "Latn", Parts: []entity.NamePart{
			{Type: entity.Family, Value: "HASSANI"}, {Type: entity.Given, Value: "Ali"}}},
		{Full: "ABU EXAMPLE", Kind: entity.Alias, Script: "Latn"},
		{Full: "Ali Hasan AL-MITHAL", Kind: entity.Alias, Script: "Latn"},
	}
	if !reflect.DeepEqual(p.Names, wantNames) {
		t.Errorf("30001 names:\n got %+v\nwant %+v", p.Names, wantNames)
	}
	var dates []string
	for _, d := range p.BirthDates {
		dates = append(dates, d.String())
	}
	if got := strings.Join(dates, " "); got != "1952-10-07 1952-10 1960/1962 ~1965" {
		t.Errorf("30001 birth dates = %s", got)
	}
	if p.Schema != entity.Person || p.Gender != "male" || p.ListedOn != "2010-03-02" ||
		!reflect.DeepEqual(p.Nationalities, []string{"ir"}) || !reflect.DeepEqual(p.Citizenships, []string{"iq"}) ||
		!reflect.DeepEqual(p.Properties["nationality"], []string{"Atlantis"}) ||
		!reflect.DeepEqual(p.BirthPlaces, []string{"Qom, Iran"}) || !reflect.DeepEqual(p.Positions, []string{"Commander of the Example Brigade"}) ||
		!reflect.DeepEqual(p.Programs, []string{"SDGT", "IRGC"}) || p.Remarks != "(Linked To: EXAMPLE TRADING CO. LTD.)" {
		t.Errorf("30001 = %+v", p)
	}
	wantIDs := []entity.Identifier{
		{Type: entity.CryptoAddress, Value: "1ExampLeXbtAddr3ssN0tReaL9zQvW2", Currency: "XBT", Label: "Digital Currency Address - XBT"},
		{Type: entity.Email, Value: "ali.example@example.com", Label: "Email Address"},
		{Type: entity.Phone, Value: "+98 21 1234 5678", Label: "Phone Number"},
		{Type: entity.Passport, Value: "A12345678", Country: "ir", Label: "Passport"},
		{Type: entity.NationalID, Value: "001-234567-8", Country: "ir", Label: "National ID No."},
		{Type: entity.Passport, Value: "X0000001", Label: "Passport"},
	}
	if !reflect.DeepEqual(p.Identifiers, wantIDs) {
		t.Errorf("30001 identifiers:\n got %+v\nwant %+v", p.Identifiers, wantIDs)
	}
	wantAddr := []entity.Address{
		{Full: "No. 12, Example Alley, Vali Asr Street, Tehran, Tehran Province, 1234567890, Iran", Street: "No. 12, Example Alley, Vali Asr Street",
			City: "Tehran", Region: "Tehran Province", PostalCode: "1234567890", Country: "ir"},
		{Full: "Iraq", Country: "iq"},
	}
	if !reflect.DeepEqual(p.Addresses, wantAddr) {
		t.Errorf("30001 addresses = %+v", p.Addresses)
	}
	if got := p.Properties["relationship"]; !reflect.DeepEqual(got, []string{"Acting for or on behalf of: EXAMPLE TRADING CO. LTD. (ofac:30002)"}) {
		t.Errorf("30001 relationship = %v", got)
	}
	if !reflect.DeepEqual(p.Sources, []entity.Source{{List: "ofac-sdn", RecordID: "30001"}}) || !reflect.DeepEqual(p.MergeKeys, []string{"ofac:30001"}) {
		t.Errorf("30001 sources %v merge keys %v", p.Sources, p.MergeKeys)
	}

	o := sourcetest.Find(l, "30002")
	if o.Schema != entity.LegalEntity || len(o.Names) != 3 || o.Names[0].Full != "EXAMPLE TRADING CO. LTD." || o.Names[0].Parts != nil ||
		!reflect.DeepEqual(o.Names[1], entity.Name{Full: "示例贸易有限公司", Kind: entity.Primary, Script: "Hans"}) || o.Names[2].Kind != entity.FormerName {
		t.Errorf("30002 names = %+v", o.Names)
	}
	if !reflect.DeepEqual(o.Countries, []string{"ae", "ps"}) || o.Addresses[1] != (entity.Address{Full: "Gaza, Region: Gaza", Region: "Gaza", Country: "ps"}) {
		t.Errorf("30002 countries %v addresses %+v", o.Countries, o.Addresses)
	}
	if o.Identifiers[0] != (entity.Identifier{Type: entity.BIC, Value: "EXAMAEAD", Label: "SWIFT/BIC"}) ||
		!reflect.DeepEqual(o.Properties["executiveOrder13662DirectiveDetermination"], []string{"Subject to Directive 2"}) ||
		o.Properties["governmentGazetteNumber"] != nil ||
		!reflect.DeepEqual(o.Properties["organizationEstablishedDate"], []string{"01 Jan 2001"}) {
		t.Errorf("30002 = %+v", o)
	}

	v := sourcetest.Find(l, "30003")
	if v.Schema != entity.Vessel || !reflect.DeepEqual(v.Countries, []string{"pa"}) || v.Names[1].Full != "STAR OF EXAMPLE" ||
		v.Identifiers[0] != (entity.Identifier{Type: entity.IMO, Value: "9187629", Label: "Vessel Registration Identification"}) ||
		v.Identifiers[1] != (entity.Identifier{Type: entity.MMSI, Value: "572469210", Label: "MMSI"}) ||
		v.Properties["callSign"][0] != "9HA1234" || v.Properties["flag"][0] != "Panama" || v.Properties["vesselType"][0] != "Crude Oil Tanker" ||
		v.Properties["owner"][0] != "EXAMPLE SHIPPING LINES" || v.Properties["tonnage"][0] != "81,479" ||
		v.Properties["grossRegisteredTonnage"][0] != "150,000" || v.Properties["pastFlags"][0] != "Iran" || v.Properties["buildDate"][0] != "1999" {
		t.Errorf("30003 = %+v", v)
	}

	a := sourcetest.Find(l, "30004")
	if a.Schema != entity.Airplane || a.Caption() != "EP-ABC" || a.Properties["model"][0] != "Airbus A310-304" ||
		a.Properties["operator"][0] != "EXAMPLE AIR" || len(a.Identifiers) != 3 {
		t.Errorf("30004 = %+v", a)
	}

	w := sourcetest.Find(l, "30005")
	if w.Gender != "female" || !reflect.DeepEqual(w.Nationalities, []string{"ru"}) || len(w.BirthDates) != 2 ||
		w.BirthDates[0].String() != "~1970" || w.BirthDates[1] != (entity.Date{Year: 1970, Raw: "1970"}) {
		t.Errorf("30005 = %+v", w)
	}
	if !reflect.DeepEqual(w.Names[1], entity.Name{Full: "Ирина Ивановна ПРИМЕРОВА", Kind: entity.Primary, Script: "Cyrl", Parts: []entity.NamePart{
		{Type: entity.Family, Value: "Примерова"}, {Type: entity.Given, Value: "Ирина"}, {Type: entity.Patronymic, Value: "Ивановна"}}}) ||
		!reflect.DeepEqual(w.Names[0].Parts, []entity.NamePart{{Type: entity.Family, Value: "EXAMPLOVA"}, {Type: entity.Given, Value: "Irina"}, {Type: entity.Patronymic, Value: "Ivanovna"}}) ||
		w.Names[2].Full != "Irina SMIRNOVA" || w.Names[2].Kind != entity.FormerName {
		t.Errorf("30005 names = %+v", w.Names)
	}
	if want := []string{`country "Atlantis" not recognised; kept as text`}; !reflect.DeepEqual(l.Notes, want) {
		t.Errorf("notes = %q", l.Notes)
	}
}

func TestEnhancedBad(t *testing.T) {
	cases := map[string]string{
		"truncated.xml": "unexpected EOF",
		"unclosed.xml":  "unexpected EOF",
		"mismatch.xml":  "element <namePart> closed by </nameParts>",
		"noid.xml":      "entity has no id attribute",
		"utf8.xml":      "invalid UTF-8",
		"root.xml":      "root element <Sanctions> is not <sanctionsData>",
		"text.xml":      "no XML root element",
	}
	entries, err := os.ReadDir("testdata/enhanced/bad")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(cases) {
		t.Errorf("%d bad fixtures, %d cases", len(entries), len(cases))
	}
	for name, want := range cases {
		t.Run(name, func(t *testing.T) {
			f := sourcetest.ReadFile(t, "testdata/enhanced/bad/"+name)
			l, err := EnhancedXML.Parse([]*source.File{f})
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
	_, err = EnhancedXML.Parse([]*source.File{sourcetest.ReadFile(t, "testdata/enhanced/bad/utf8.xml")})
	if want := "(entity #3, after id 30002): XML syntax error on line"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name the entity (%q)", err, want)
	}
}

func TestEnhancedDetect(t *testing.T) {
	for name, head := range sxDetectSamples {
		want := source.None
		if name == "enhanced" {
			want = source.Main
		}
		if got := EnhancedXML.Detect("CONS_ENHANCED.XML", []byte(head)); got != want {
			t.Errorf("%s: Detect = %v, want %v", name, got, want)
		}
	}
	lists, _, err := source.Load("testdata/enhanced/sdn_enhanced.xml", []source.Format{SDNXML, EnhancedXML}, source.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(lists) != 1 || lists[0].Format != "ofac-enhanced-xml" || len(lists[0].Entities) != 5 {
		t.Errorf("loaded %+v", lists)
	}
}

func TestEnhancedHelpers(t *testing.T) {
	t.Run("birthDate", func(t *testing.T) {
		vd := func(from, to string, approx, rng bool) *enhDate {
			b := func(v bool) string {
				if v {
					return "true"
				}
				return "false"
			}
			return &enhDate{FromDateBegin: from, FromDateEnd: from, ToDateBegin: to, ToDateEnd: to, IsApproximate: b(approx), IsDateRange: b(rng)}
		}
		for _, c := range []struct {
			value string
			vd    *enhDate
			want  entity.Date
			ok    bool
		}{
			{"07 Oct 1952", vd("1952-10-07", "1952-10-07", false, false), entity.Date{Year: 1952, Month: 10, Day: 7, Raw: "07 Oct 1952"}, true},
			{"Feb 1960", vd("1960-02-01", "1960-02-29", false, false), entity.Date{Year: 1960, Month: 2, Raw: "Feb 1960"}, true},
			{"Feb 1961", vd("1961-02-01", "1961-02-28", false, false), entity.Date{Year: 1961, Month: 2, Raw: "Feb 1961"}, true},
			{"1962", vd("1962-01-01", "1962-12-31", false, false), entity.Date{Year: 1962, Raw: "1962"}, true},
			{"1960 to 1962", vd("1960-01-01", "1962-12-31", false, true), entity.Date{Year: 1960, ToYear: 1962, Raw: "1960 to 1962"}, true},
			{"circa 1965", vd("1965-01-01", "1965-12-31", true, false), entity.Date{Year: 1965, Circa: true, Raw: "circa 1965"}, true},
			{"circa 1965", vd("1965-01-01", "1965-12-31", false, false), entity.Date{Year: 1965, Circa: true, Raw: "circa 1965"}, true},
			{"1965", vd("1965-01-01", "1965-12-31", true, false), entity.Date{Year: 1965, Circa: true, Raw: "1965"}, true},
			// Odd bounds: the value text decides, else the years of the bounds.
			{"Oct 1952", vd("1952-10-03", "1952-10-20", false, false), entity.Date{Year: 1952, Month: 10, Raw: "Oct 1952"}, true},
			{"", vd("1969-07-01", "1970-06-30", false, false), entity.Date{Year: 1969, ToYear: 1970}, true},
			// Missing or broken bounds.
			{"12 Feb 1961", nil, entity.Date{Year: 1961, Month: 2, Day: 12, Raw: "12 Feb 1961"}, true},
			{"12 Feb 1961", &enhDate{FromDateBegin: "bad"}, entity.Date{Year: 1961, Month: 2, Day: 12, Raw: "12 Feb 1961"}, true},
			{"1970", &enhDate{FromDateBegin: "1970-01-01", ToDateBegin: "1970-12-31"}, entity.Date{Year: 1970, Raw: "1970"}, true},
			{"1970", &enhDate{FromDateEnd: "1970-03-04"}, entity.Date{Year: 1970, Month: 3, Day: 4, Raw: "1970"}, true},
			{"unknown", &enhDate{}, entity.Date{Raw: "unknown"}, false},
		} {
			got, ok := enhBirthDate(c.value, c.vd)
			if got != c.want || ok != c.ok {
				t.Errorf("enhBirthDate(%q, %+v) = %+v, %v; want %+v, %v", c.value, c.vd, got, ok, c.want, c.ok)
			}
		}
	})
	t.Run("listID", func(t *testing.T) {
		for _, c := range []struct {
			lists []string
			id    string
		}{
			{[]string{"Consolidated List"}, "ofac-cons"},
			{[]string{" SDN List "}, "ofac-sdn"},
			{[]string{"SDN List", "Consolidated List"}, "ofac-enhanced"},
			{[]string{"Non-SDN CMIC List"}, "ofac-enhanced"},
			{nil, "ofac-enhanced"},
		} {
			var refs []enhRef
			for _, s := range c.lists {
				refs = append(refs, enhRef{Text: s})
			}
			if id, title := enhListID(refs); id != c.id || title == "" {
				t.Errorf("enhListID(%q) = %q, %q; want %q", c.lists, id, title, c.id)
			}
		}
	})
	t.Run("script", func(t *testing.T) {
		p := &enhParser{refs: map[string]enhRefValue{
			"1": {Value: "Latin", Code: "Latin"}, "2": {Value: "Cyrillic", Code: "Cyrl"}, "3": {Value: "Runic", Code: "Runr"}, "4": {Value: "Klingon", Code: "Klingon"},
		}}
		for _, c := range []struct {
			ref  enhRef
			want string
		}{
			{enhRef{RefID: "1", Text: "Latin"}, "Latn"},
			{enhRef{RefID: "2"}, "Cyrl"},
			{enhRef{Text: "Chinese Simplified"}, "Hans"},
			{enhRef{Text: "Hebrew"}, "Hebr"},
			{enhRef{Text: "Japanese"}, "Jpan"},
			{enhRef{Text: "Korean"}, "Kore"},
			{enhRef{RefID: "3"}, "Runr"},
			{enhRef{RefID: "4"}, ""},
			{enhRef{}, ""},
		} {
			if got := p.script(c.ref); got != c.want {
				t.Errorf("script(%+v) = %q, want %q", c.ref, got, c.want)
			}
		}
		if len(p.notes.list) != 1 {
			t.Errorf("notes = %q", p.notes.list)
		}
	})
	t.Run("partType", func(t *testing.T) {
		for in, want := range map[string]entity.PartType{
			"Last Name": entity.Family, "First Name": entity.Given, "Middle Name": entity.Middle, "Patronymic": entity.Patronymic,
			"Maiden Name": entity.Other, "Matronymic": entity.Other, "Nickname": entity.Other, "Entity Name": "", "Vessel Name": "", "Aircraft Name": "",
		} {
			if got, _ := enhPartType(in); got != want {
				t.Errorf("enhPartType(%q) = %q, want %q", in, got, want)
			}
		}
	})
	t.Run("name", func(t *testing.T) {
		p := &enhParser{}
		for _, c := range []struct {
			tr   enhTranslation
			want string
		}{
			{enhTranslation{FirstName: "Michel Joseph", LastName: "MARTELLY", FullName: "MARTELLY, Michel Joseph"}, "Michel Joseph MARTELLY"},
			{enhTranslation{Parts: []enhPart{{enhRef{Text: "Last Name"}, "Martelly"}, {enhRef{Text: "Middle Name"}, "Joseph"}, {enhRef{Text: "First Name"}, "Michel"}}}, "Michel Joseph Martelly"},
			{enhTranslation{Parts: []enhPart{{enhRef{Text: "Last Name"}, "PUTIN"}, {enhRef{Text: "Patronymic"}, "Vladimirovich"}, {enhRef{Text: "First Name"}, "Vladimir"}}}, "Vladimir Vladimirovich PUTIN"},
			{enhTranslation{Parts: []enhPart{{enhRef{Text: "Entity Name"}, "Банк ВТБ ПАО"}}}, "Банк ВТБ ПАО"},
			{enhTranslation{FullName: "ABU EXAMPLE"}, "ABU EXAMPLE"},
			{enhTranslation{}, ""},
		} {
			if got := p.name(entity.Person, entity.Alias, &c.tr); got.Full != c.want {
				t.Errorf("name(%+v).Full = %q, want %q", c.tr, got.Full, c.want)
			}
		}
	})
}

func FuzzEnhanced(f *testing.F) {
	for _, dir := range []string{"testdata/enhanced", "testdata/enhanced/bad"} {
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
		EnhancedXML.Detect("SDN_ENHANCED.XML", data)
		file := &source.File{Name: "SDN_ENHANCED.XML", Path: "fuzz/SDN_ENHANCED.XML", Data: data}
		l, err := EnhancedXML.Parse([]*source.File{file})
		if err != nil {
			var pe *source.ParseError
			if !errors.As(err, &pe) || pe.File != file.Path {
				t.Fatalf("error is not a ParseError naming the file: %v", err)
			}
			return
		}
		for _, e := range l.Entities {
			if len(e.Sources) != 1 || e.Sources[0].RecordID == "" || e.Sources[0].List != l.ID {
				t.Fatalf("bad sources %+v", e.Sources)
			}
		}
	})
}
