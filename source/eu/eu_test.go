package eu

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/internal/shared"
	"github.com/embargo/embargo/internal/sourcetest"
	"github.com/embargo/embargo/source"
	"github.com/embargo/embargo/source/internal/xmlread"
)

func parseFile(t testing.TB, path string) (*source.List, error) {
	t.Helper()
	return FSF.Parse([]*source.File{sourcetest.ReadFile(t, path)})
}

func TestGolden(t *testing.T) {
	l, err := parseFile(t, "testdata/fsf.xml")
	if err != nil {
		t.Fatal(err)
	}
	sourcetest.Golden(t, "testdata/fsf.golden.json", l)

	// Facts checked by hand, so that a careless -update cannot bless a regression.
	if l.ID != "eu-fsf" || l.Format != "eu-fsf-xml" || l.Published != "2026-03-02" || len(l.Entities) != 3 {
		t.Fatalf("list %q %q %q with %d entities", l.ID, l.Format, l.Published, len(l.Entities))
	}
	p := l.Entities[0]
	if p.Schema != entity.Person || p.Sources[0].RecordID != "901001" || !reflect.DeepEqual(p.MergeKeys, []string{"eu:901001"}) {
		t.Errorf("person header: %s %v %v", p.Schema, p.Sources, p.MergeKeys)
	}
	want := entity.Name{Full: "Aleksandr Viktorovich KOZLOVSKY", Kind: entity.Primary, Script: "Latn", Parts: []entity.NamePart{
		{Type: entity.Title, Value: "Dr"}, {Type: entity.Given, Value: "Aleksandr"}, {Type: entity.Middle, Value: "Viktorovich"}, {Type: entity.Family, Value: "KOZLOVSKY"}}}
	if !reflect.DeepEqual(p.Names[0], want) {
		t.Errorf("primary = %+v", p.Names[0])
	}
	kinds := map[string]entity.Name{}
	for _, n := range p.Names {
		kinds[n.Full] = n
	}
	if n := kinds["Александр Викторович КОЗЛОВСКИЙ"]; n.Kind != entity.Alias || n.Script != "Cyrl" || n.Lang != "ru" {
		t.Errorf("Cyrillic alias = %+v", n)
	}
	if n := kinds["Αλεξάντρ Βίκτοροβιτς ΚΟΖΛΟΦΣΚΙ"]; n.Kind != entity.Alias || n.Script != "Grek" || n.Lang != "el" {
		t.Errorf("Greek alias = %+v", n)
	}
	if kinds["Sasha Kozlovsky"].Kind != entity.WeakAlias || kinds["Aleksandr Kozlovskiy"].Kind != entity.WeakAlias {
		t.Errorf("weak aliases = %+v / %+v", kinds["Sasha Kozlovsky"], kinds["Aleksandr Kozlovskiy"])
	}
	if len(p.BirthDates) != 2 || p.BirthDates[0].String() != "1961-05-14" || p.BirthDates[1].String() != "~1962" {
		t.Errorf("birth dates = %+v", p.BirthDates)
	}
	if !reflect.DeepEqual(p.Citizenships, []string{"ru"}) || p.Gender != "male" || p.ListedOn != "2022-02-25" {
		t.Errorf("citizenship %v gender %q listed %q", p.Citizenships, p.Gender, p.ListedOn)
	}
	if len(p.Identifiers) != 2 || p.Identifiers[0].Type != entity.Passport || p.Identifiers[1].Type != entity.NationalID {
		t.Errorf("identifiers = %+v", p.Identifiers)
	}
	c := l.Entities[1]
	if c.Schema != entity.LegalEntity || c.ListedOn != "2022-06-03" || !reflect.DeepEqual(c.Programs, []string{"RUS", "BLR"}) {
		t.Errorf("enterprise %s listed %q programs %v", c.Schema, c.ListedOn, c.Programs)
	}
	if c.Identifiers[0] != (entity.Identifier{Type: entity.Registration, Value: "1026300001234", Country: "ru", Label: "Registration Number"}) {
		t.Errorf("regnumber = %+v", c.Identifiers[0])
	}
	u := l.Entities[2]
	if !reflect.DeepEqual(u.MergeKeys, []string{"eu:903001", "un:QDi.923"}) {
		t.Errorf("UN-linked merge keys = %v", u.MergeKeys)
	}
	if !reflect.DeepEqual(u.Citizenships, []string{"rs"}) || u.BirthDates[0].ToYear != 1961 {
		t.Errorf("UN-linked: citizenships %v birth dates %+v", u.Citizenships, u.BirthDates)
	}
	if !strings.Contains(strings.Join(l.Notes, "\n"), "KURDISTAN REGION") {
		t.Errorf("notes %q lack the unmapped citizenship", l.Notes)
	}
}

func TestBadInput(t *testing.T) {
	cases := []struct{ file, want, record string }{
		{"truncated.xml", "unexpected end of file", "sanctionEntity logicalId=901001"},
		{"wrong_root.xml", "not an EU FSF XML file", "CONSOLIDATED_LIST"},
		{"wrong_namespace.xml", "not an EU FSF XML file", "export"},
		{"invalid_utf8.xml", "invalid UTF-8", "sanctionEntity logicalId=14"},
		{"no_id.xml", "neither logicalId nor euReferenceNumber", "sanctionEntity #2 after logicalId=13"},
		{"mismatched.xml", "closed by </sanctionEntity>", "sanctionEntity logicalId=13"},
		{"empty.xml", "no XML element found", ""},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join("testdata", "bad", c.file)
			_, err := parseFile(t, path)
			if err == nil {
				t.Fatal("no error")
			}
			var pe *source.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *source.ParseError: %v", err, err)
			}
			if pe.File != path || pe.Line == 0 {
				t.Errorf("error names file %q line %d, want %q and a line", pe.File, pe.Line, path)
			}
			if pe.Record != c.record {
				t.Errorf("error names record %q, want %q", pe.Record, c.record)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not contain %q", err, c.want)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	own, err := os.ReadFile("testdata/fsf.xml")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, head string
		want       source.Role
	}{
		{"fsf.xml", string(own), source.Main},
		{"content", "\xef\xbb\xbf\r\n<?xml version=\"1.0\"?>\n<!-- export -->\n<fsd:export xmlns:fsd=\"http://eu.europa.ec/fpi/fsd/export\" generationDate=\"2026-01-01\">", source.Main},
		{"eu.xml", `<export generationDate="2026-01-01"><sanctionEntity logicalId="1">`, source.Main},
		{"eu.xml", `<export generationDate="2026-01-01"><item/></export>`, source.None},
		{"export.xml", `<export xmlns="http://example.com/other"><sanctionEntity/>`, source.None},
		{"consolidated.xml", `<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS>`, source.None},
		{"sdn.xml", `<?xml version="1.0" standalone="yes"?><sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">`, source.None},
		{"UK-Sanctions-List.xml", `<?xml version="1.0" encoding="utf-8"?><Designations><Designation><UniqueID>RUS0001</UniqueID>`, source.None},
		{"fsf.csv", "fileGenerationDate;Entity_LogicalId;Entity_EU_ReferenceNumber;Entity_UnitedNationId;Entity_DesignationDate\n", source.None},
		{"fsf.xml", `{"id":"eu-fsf-123","schema":"Person","properties":{"name":["X"]}}`, source.None},
		{"fsf.xml", "", source.None},
	}
	for _, c := range cases {
		if got := FSF.Detect(c.name, []byte(c.head)); got != c.want {
			t.Errorf("Detect(%q, %.50q) = %v, want %v", c.name, c.head, got, c.want)
		}
	}
}

func TestLoad(t *testing.T) {
	lists, _, err := source.Load("testdata/fsf.xml", []source.Format{FSF}, source.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(lists) != 1 || len(lists[0].Entities) != 3 || lists[0].SHA256 == "" {
		t.Fatalf("Load: %+v", lists)
	}
}

// TestRealFilesNotClaimed checks that no real list file of another format in
// ../shared is taken for an FSF file (no real FSF XML is carried there).
func TestRealFilesNotClaimed(t *testing.T) {
	dir := shared.Lists(t)
	lists, skipped, err := source.Load(dir, []source.Format{FSF}, source.LoadOptions{SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(lists) != 0 {
		t.Errorf("FSF claimed %d real files of other formats, e.g. %v", len(lists), lists[0].Files)
	}
	for _, s := range skipped {
		if !errors.Is(s.Err, source.ErrUnrecognised) {
			t.Errorf("%s: %v", s.Path, s.Err)
		}
	}
}

func TestBirthdate(t *testing.T) {
	attrs := func(kv ...string) *node {
		n := &node{}
		for i := 0; i+1 < len(kv); i += 2 {
			n.attr = append(n.attr, xmlAttr(kv[i], kv[i+1]))
		}
		return n
	}
	cases := []struct {
		in   *node
		want []entity.Date
	}{
		{attrs("birthdate", "1952-10-07", "dayOfMonth", "7", "monthOfYear", "10", "year", "1952"), []entity.Date{{Year: 1952, Month: 10, Day: 7, Raw: "1952-10-07"}}},
		{attrs("year", "1965", "monthOfYear", "3"), []entity.Date{{Year: 1965, Month: 3, Raw: "1965-03"}}},
		{attrs("year", "1965", "month", "3", "day", "9"), []entity.Date{{Year: 1965, Month: 3, Day: 9, Raw: "1965-03-09"}}},
		{attrs("year", "1962", "circa", "true"), []entity.Date{{Year: 1962, Circa: true, Raw: "1962"}}},
		{attrs("yearRangeFrom", "1958", "yearRangeTo", "1961"), []entity.Date{{Year: 1958, ToYear: 1961, Raw: "1958 to 1961"}}},
		{attrs("yearRangeFrom", "1958"), []entity.Date{{Year: 1958, Raw: "1958 to 1958"}}},
		{attrs("year", "1377", "calendarType", "ISLAMIC"), nil},
		{attrs("birthdate", "", "year", "", "city", "Minsk"), nil},
		{attrs("year", "abc"), nil},
	}
	for _, c := range cases {
		p := &parser{Reader: xmlread.Reader{List: &source.List{}}}
		e := &entity.Entity{}
		p.birthdate(e, c.in)
		if !reflect.DeepEqual(e.BirthDates, c.want) {
			t.Errorf("birthdate(%v) = %+v, want %+v", c.in.attr, e.BirthDates, c.want)
		}
	}
}

func TestHelpers(t *testing.T) {
	enum := map[string][]string{
		"(a) Mullah, (b) Maulavi":                        {"Mullah", "Maulavi"},
		"a) Minister of Defence b) Head of Intelligence": {"Minister of Defence", "Head of Intelligence"},
		"Former President":                               {"Former President"},
		"":                                               nil,
	}
	for in, want := range enum {
		if got := splitEnumeration(in); !reflect.DeepEqual(got, want) {
			t.Errorf("splitEnumeration(%q) = %q, want %q", in, got, want)
		}
	}
	p := &parser{Reader: xmlread.Reader{List: &source.List{}}}
	for _, c := range []struct{ iso, desc, code, raw string }{
		{"RU", "RUSSIAN FEDERATION", "ru", ""},
		{"00", "UNKNOWN", "", ""},
		{"CS", "SERBIA AND MONTENEGRO", "rs", ""},
		{"", "Iran (Islamic Republic of)", "ir", ""},
		{"ZZ", "", "", "ZZ"},
		{"", "ATLANTIS", "", "ATLANTIS"},
	} {
		n := &node{attr: []xmlAttrT{xmlAttr("countryIso2Code", c.iso), xmlAttr("countryDescription", c.desc)}}
		code, raw := p.country(n)
		if code != c.code || raw != c.raw {
			t.Errorf("country(%q, %q) = %q, %q; want %q, %q", c.iso, c.desc, code, raw, c.code, c.raw)
		}
	}
}

// bigFixture builds an FSF file of n entities shaped like the real export
// (about 4 KiB per entity, regulationSummary on every child), for the
// benchmark: the real file is not carried in ../shared.
func bigFixture(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-03-02T18:05:11.917+01:00" globalFileId="188231">` + "\n")
	const sum = `<regulationSummary regulationType="amendment" publicationDate="2022-02-25" numberTitle="2022/332 (OJ L53)" publicationUrl="https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=uriserv%3AOJ.L_.2022.053.01.0001.01.ENG"/>`
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `<sanctionEntity designationDate="2022-02-25" designationDetails="" unitedNationId="" euReferenceNumber="EU.%d.1" logicalId="%d">`, i, 100000+i)
		b.WriteString(`<remark>Member of the board of a listed company.</remark>`)
		b.WriteString(`<regulation regulationType="amendment" organisationType="council" publicationDate="2022-02-25" entryIntoForceDate="2022-02-25" numberTitle="2022/332 (OJ L53)" programme="UKR" logicalId="149145"><publicationUrl>https://eur-lex.europa.eu/eli/reg_impl/2022/332/oj</publicationUrl></regulation>`)
		if i%3 == 0 {
			b.WriteString(`<subjectType code="enterprise" classificationCode="E"/>`)
		} else {
			b.WriteString(`<subjectType code="person" classificationCode="P"/>`)
		}
		for j, nm := range []struct{ whole, lang string }{
			{fmt.Sprintf("Ivan Petrovich SIDOROV %d", i), ""}, {fmt.Sprintf("Иван Петрович СИДОРОВ %d", i), "RU"},
			{fmt.Sprintf("Ιβάν Πέτροβιτς ΣΙΝΤΟΡΟΦ %d", i), "EL"}, {fmt.Sprintf("Ivan Petrovitj SIDOROV %d", i), "SV"},
			{fmt.Sprintf("Iwan Petrowitsch SIDOROW %d", i), "DE"},
		} {
			fmt.Fprintf(&b, `<nameAlias firstName="" middleName="" lastName="" wholeName="%s" function="Deputy Minister" gender="M" title="" nameLanguage="%s" strong="true" regulationLanguage="en" logicalId="%d">%s</nameAlias>`, nm.whole, nm.lang, i*10+j, sum)
		}
		b.WriteString(`<citizenship region="" countryIso2Code="RU" countryDescription="RUSSIAN FEDERATION" regulationLanguage="en" logicalId="1">` + sum + `</citizenship>`)
		b.WriteString(`<birthdate circa="false" calendarType="GREGORIAN" city="Moscow" zipCode="" birthdate="1961-05-14" dayOfMonth="14" monthOfYear="5" year="1961" region="" place="" countryIso2Code="RU" countryDescription="RUSSIAN FEDERATION" regulationLanguage="en" logicalId="1">` + sum + `</birthdate>`)
		fmt.Fprintf(&b, `<identification diplomatic="false" knownExpired="false" knownFalse="false" reportedLost="false" revokedByIssuer="false" issuedBy="" latinNumber="" nameOnDocument="" number="7%08d" region="" countryIso2Code="RU" countryDescription="RUSSIAN FEDERATION" identificationTypeCode="passport" identificationTypeDescription="National passport" regulationLanguage="en" logicalId="1">%s</identification>`, i, sum)
		b.WriteString(`<address city="Moscow" street="Tverskaya 1" poBox="" zipCode="125009" region="" place="" asAtListingTime="false" countryIso2Code="RU" countryDescription="RUSSIAN FEDERATION" regulationLanguage="en" logicalId="1">` + sum + `</address>`)
		b.WriteString("</sanctionEntity>\n")
	}
	b.WriteString("</export>\n")
	return b.Bytes()
}

func TestBigFixture(t *testing.T) {
	data := bigFixture(50)
	l, err := FSF.Parse([]*source.File{{Name: "big.xml", Path: "big.xml", Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entities) != 50 || len(l.Entities[1].Names) != 5 || l.Entities[1].Names[0].Lang != "" || l.Entities[0].Schema != entity.LegalEntity {
		t.Errorf("big fixture: %d entities, first %+v", len(l.Entities), l.Entities[1].Names)
	}
}

// BenchmarkParseLarge parses a generated file the size of the real export
// (about 6,000 entities, 25 MB).
func BenchmarkParseLarge(b *testing.B) {
	data := bigFixture(6000)
	files := []*source.File{{Name: "big.xml", Path: "big.xml", Data: data}}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := FSF.Parse(files); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/fsf.xml", "testdata/bad/truncated.xml", "testdata/bad/no_id.xml", "testdata/bad/mismatched.xml"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(bigFixture(2))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := FSF.Parse([]*source.File{{Name: "f.xml", Path: "f.xml", Data: data}})
		if err != nil {
			var pe *source.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error is not a *source.ParseError: %v", err)
			}
			return
		}
		for _, e := range l.Entities {
			if len(e.Sources) != 1 || e.Sources[0].RecordID == "" {
				t.Fatalf("entity without record id: %+v", e)
			}
		}
	})
}

type xmlAttrT = xml.Attr

func xmlAttr(k, v string) xml.Attr { return xml.Attr{Name: xml.Name{Local: k}, Value: v} }
