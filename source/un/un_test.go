package un

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
	"github.com/embargo/embargo/source/internal/xmlread"
)

func parseFile(t testing.TB, path string) (*source.List, error) {
	t.Helper()
	return Consolidated.Parse([]*source.File{sourcetest.ReadFile(t, path)})
}

func TestGolden(t *testing.T) {
	l, err := parseFile(t, "testdata/consolidated.xml")
	if err != nil {
		t.Fatal(err)
	}
	sourcetest.Golden(t, "testdata/consolidated.golden.json", l)

	// A few facts checked by hand as well, so that a careless -update
	// cannot bless a regression.
	if l.ID != "un-sc" || l.Format != "un-sc-xml" || l.Published != "2026-03-14" || l.Declared != 0 {
		t.Errorf("list header = %q %q %q %d", l.ID, l.Format, l.Published, l.Declared)
	}
	if len(l.Entities) != 5 {
		t.Fatalf("got %d entities, want 5", len(l.Entities))
	}
	e := l.Entities[0]
	if got := e.Names[0]; got.Full != "ABDUL WAHID KARIMULLAH ZADRANI" || got.Kind != entity.Primary ||
		len(got.Parts) != 5 || got.Parts[0] != (entity.NamePart{Type: entity.Title, Value: "Mullah"}) ||
		got.Parts[4] != (entity.NamePart{Type: entity.Other, Value: "ZADRANI"}) {
		t.Errorf("primary name = %+v", got)
	}
	if !reflect.DeepEqual(e.Nationalities, []string{"af"}) {
		t.Errorf("nationalities = %v (\"na\" must not become Namibia)", e.Nationalities)
	}
	if e.Sources[0].RecordID != "TAi.901" || !reflect.DeepEqual(e.MergeKeys, []string{"un:TAi.901"}) {
		t.Errorf("sources %v merge keys %v", e.Sources, e.MergeKeys)
	}
	r := l.Entities[1]
	if !reflect.DeepEqual(r.Nationalities, []string{"ru", "tt"}) {
		t.Errorf("nationalities = %v", r.Nationalities)
	}
	if r.ListedOn != "2015-07-01" {
		t.Errorf("listed on %q", r.ListedOn)
	}
	if len(l.Notes) == 0 || !strings.Contains(strings.Join(l.Notes, "\n"), "Atlantis") {
		t.Errorf("notes = %q, want a note on Atlantis", l.Notes)
	}
	if l.Entities[3].Schema != entity.LegalEntity || l.Entities[2].Gender != "female" {
		t.Errorf("schema %s gender %s", l.Entities[3].Schema, l.Entities[2].Gender)
	}
}

func TestBadInput(t *testing.T) {
	cases := []struct{ file, want string }{
		{"truncated.xml", "unexpected end of file"},
		{"unclosed_root.xml", "unexpected end of file"},
		{"wrong_root.xml", "not a UN consolidated list"},
		{"invalid_utf8.xml", "invalid UTF-8"},
		{"no_id.xml", "neither REFERENCE_NUMBER nor DATAID"},
		{"mismatched.xml", "closed by </SECOND_NAME>"},
		{"empty.xml", "no XML element found"},
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
			if pe.File != path {
				t.Errorf("error names file %q, want %q", pe.File, path)
			}
			if pe.Line == 0 && pe.Record == "" {
				t.Errorf("error names neither line nor record: %v", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not contain %q", err, c.want)
			}
		})
	}
	// The record is named: by index and the last good record id.
	_, err := parseFile(t, "testdata/bad/invalid_utf8.xml")
	if err == nil || !strings.Contains(err.Error(), "INDIVIDUAL #2 after QDi.001") || !strings.Contains(err.Error(), ":11") {
		t.Errorf("invalid UTF-8 error does not name line 11 and the record: %v", err)
	}
}

func TestDetect(t *testing.T) {
	own, err := os.ReadFile("testdata/consolidated.xml")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		head string
		want source.Role
	}{
		{"consolidated.xml", string(own), source.Main},
		{"un.xml", "\xef\xbb\xbf\n  <?xml version=\"1.0\"?><!-- c --><CONSOLIDATED_LIST dateGenerated=\"2026-01-01\">", source.Main},
		{"sdn.xml", `<?xml version="1.0" standalone="yes"?><sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"><publshInformation>`, source.None},
		{"eu.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-01-28T10:00:00.000+01:00" globalFileId="1"><sanctionEntity>`, source.None},
		{"UK-Sanctions-List.xml", `<?xml version="1.0" encoding="utf-8"?><Designations><Designation>`, source.None},
		{"ConList.csv", "Last Updated,10/04/2025\nName 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script\n", source.None},
		{"consolidated.csv", "_id,source,entity_number,type,programs,name,title,addresses\n", source.None},
		{"consolidated.xml", `{"id":"NK-123","schema":"Person","properties":{"name":["X"]}}`, source.None},
		{"consolidated.xml", "", source.None},
		{"consolidated.xml", "CONSOLIDATED_LIST", source.None},
	}
	for _, c := range cases {
		if got := Consolidated.Detect(c.name, []byte(c.head)); got != c.want {
			t.Errorf("Detect(%q, %.40q) = %v, want %v", c.name, c.head, got, c.want)
		}
	}
}

func TestLoad(t *testing.T) {
	lists, _, err := source.Load("testdata/consolidated.xml", []source.Format{Consolidated}, source.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(lists) != 1 || len(lists[0].Entities) != 5 || lists[0].SHA256 == "" {
		t.Fatalf("Load: %d lists", len(lists))
	}
}

func TestSplitAliasName(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Abu Ali", []string{"Abu Ali"}},
		{"Qasim Soleimani; Qasem Sulaimani;  Kasim Soleimani", []string{"Qasim Soleimani", "Qasem Sulaimani", "Kasim Soleimani"}},
		{"حسن غول (Hassan Ghul; Hassan Gul; Hasan Gul)", []string{"حسن غول", "Hassan Ghul", "Hassan Gul", "Hasan Gul"}},
		{"Akhter Mohmad son of Noor Mohmad (اختر محمد ولد نور محمد ),", []string{"Akhter Mohmad son of Noor Mohmad", "اختر محمد ولد نور محمد"}},
		{"Hay’at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script); Hayat Tahrir al-Sham)", []string{"Hay’at Tahrir al-Sham (HTS)", "هيئة تحرير الشام", "Hayat Tahrir al-Sham"}},
		{"Amir Khazmat (original script: Амир Хазмат)", []string{"Amir Khazmat", "Амир Хазмат"}},
		{"Mohammed Sabet; Mohammad Sabet b) M. Javad Kareemi Sabet", []string{"Mohammed Sabet", "Mohammad Sabet", "M. Javad Kareemi Sabet"}},
		{"Hilarion Santos, III (third)", []string{"Hilarion Santos, III (third)"}},
		{`"HASSAN, Sheikh"`, []string{"HASSAN, Sheikh"}},
		{") Abdelrahman Juhan", []string{"Abdelrahman Juhan"}},
		{"Abdul Rahman S.", []string{"Abdul Rahman S."}},
		{" ; ", nil},
	}
	for _, c := range cases {
		if got := splitAliasName(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("splitAliasName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNoteNames(t *testing.T) {
	cases := []struct {
		in       string
		want     []string
		consumed bool
	}{
		{"original script: Абу Банат", []string{"Абу Банат"}, true},
		{"Previously listed as. In Arabic: رياض محمد", []string{"رياض محمد"}, false},
		{"in Arabic script: شركة الكوثر", []string{"شركة الكوثر"}, true},
		{"Yunis al-Mauritani; Younis al-Mauritani; Sheikh Yunis al-Mauritani", []string{"Yunis al-Mauritani", "Younis al-Mauritani", "Sheikh Yunis al-Mauritani"}, true},
		{"Passport number: B0515260; DOB: 1948", nil, false},
		{"(Abu Du’a; Abu Duaa’) prominently known by this nom de guerre", nil, false},
		{"previously listed as", nil, false},
		{"nom de guerre", nil, false},
	}
	for _, c := range cases {
		got, consumed := noteNames(c.in)
		if !reflect.DeepEqual(got, c.want) || consumed != c.consumed {
			t.Errorf("noteNames(%q) = %q %v, want %q %v", c.in, got, consumed, c.want, c.consumed)
		}
	}
}

func TestSplitDocNumber(t *testing.T) {
	cases := []struct{ in, value, prefix string }{
		{"OB 0243318", "OB 0243318", ""},
		{"96 03 464086", "96 03 464086", ""},
		{"CAR diplomatic passport no. D00000898", "D00000898", "CAR diplomatic passport no."},
		{"Russian passport number 8208 No. 555627", "8208 555627", "Russian passport number"},
		{"Social Security Number 423-31-3021 (US)", "423-31-3021", "Social Security Number (US)"},
		{"Diplomatic Passport: Z30321794", "Z30321794", "Diplomatic Passport:"},
		{"Provisional passport No.: 28642163", "28642163", "Provisional passport No.:"},
		{"Laissez-passer no. N°235/MISPAT/DIRCAB", "N°235/MISPAT/DIRCAB", "Laissez-passer no."},
		{"No34409/129", "No34409/129", ""},
		{"number: 12345", "number: 12345", ""},
		{"passport number unknown", "passport number unknown", ""},
	}
	for _, c := range cases {
		v, p := splitDocNumber(c.in)
		if v != c.value || p != c.prefix {
			t.Errorf("splitDocNumber(%q) = %q, %q; want %q, %q", c.in, v, p, c.value, c.prefix)
		}
	}
}

func TestDocumentType(t *testing.T) {
	cases := []struct {
		typ, typ2, prefix string
		want              entity.IDType
	}{
		{"Passport", "", "", entity.Passport},
		{"Numéro de passeport", "", "", entity.Passport},
		{"Número de pasaporte", "", "", entity.Passport},
		{"National Identification Number", "", "", entity.NationalID},
		{"National Identification Number", "national passport", "", entity.Passport},
		{"National Identification Number", "Birth certificate", "", entity.OtherID},
		{"National Identification Number", "Italian Fiscal Code:", "", entity.TaxID},
		{"National Identification Number", "United States Social Security Number:", "", entity.NationalID},
		{"National Identification Number", "", "Counterfeit Danish driving licence number", entity.OtherID},
		{"Passport", "number:", "", entity.Passport},
		{"Travel card", "", "", entity.OtherID},
	}
	for _, c := range cases {
		if got := documentType(c.typ, c.typ2, c.prefix); got != c.want {
			t.Errorf("documentType(%q, %q, %q) = %s, want %s", c.typ, c.typ2, c.prefix, got, c.want)
		}
	}
}

func TestCountryCode(t *testing.T) {
	cases := []struct {
		in          string
		code        string
		placeholder bool
	}{
		{"Democratic People's Republic of Korea", "kp", false},
		{"Iran (Islamic Republic of)", "ir", false},
		{"Türkiye", "tr", false},
		{"na", "", true},
		{"NA", "", true},
		{"", "", true},
		{"former Soviet Union", "ru", false},
		{"Trinidad and Tobago", "tt", false},
		{"China, Hong Kong Special Administrative Region", "hk", false},
		{"United Kingdom of Great Britain and Northern Ireland", "gb", false},
		{"Congo", "cg", false},
		{"Atlantis", "", false},
	}
	for _, c := range cases {
		code, ph := countryCode(c.in)
		if code != c.code || ph != c.placeholder {
			t.Errorf("countryCode(%q) = %q %v, want %q %v", c.in, code, ph, c.code, c.placeholder)
		}
	}
}

func TestBirthDates(t *testing.T) {
	cases := []struct {
		in   dobElem
		want []entity.Date
		note string
	}{
		{dobElem{Type: "EXACT", Date: "1963-03-04"}, []entity.Date{{Year: 1963, Month: 3, Day: 4, Raw: "1963-03-04"}}, ""},
		{dobElem{Type: "EXACT", Year: "1971"}, []entity.Date{{Year: 1971, Raw: "1971"}}, ""},
		{dobElem{Type: "APPROXIMATELY", Year: "1966"}, []entity.Date{{Year: 1966, Circa: true, Raw: "1966"}}, ""},
		{dobElem{Type: "BETWEEN", FromYear: "1973", ToYear: "1974"}, []entity.Date{{Year: 1973, ToYear: 1974, Raw: "1973 to 1974"}}, ""},
		{dobElem{Type: "BETWEEN", FromYear: "1955", ToYear: "1958", Note: "Approximately"}, []entity.Date{{Year: 1955, ToYear: 1958, Circa: true, Raw: "1955 to 1958"}}, ""},
		{dobElem{Type: "EXACT", Note: "Nov. 1973"}, []entity.Date{{Year: 1973, Month: 11, Raw: "Nov. 1973"}}, ""},
		{dobElem{Type: "EXACT", Year: "1958", Note: "Sep."}, []entity.Date{{Year: 1958, Month: 9, Raw: "Sep. 1958"}}, ""},
		{dobElem{Type: "EXACT", Note: "Between Aug. and Sep. 1977"}, []entity.Date{{Year: 1977, Raw: "Between Aug. and Sep. 1977"}}, ""},
		{dobElem{Type: "APPROXIMATELY", Note: "30-35 years old"}, nil, "date of birth: 30-35 years old"},
		{dobElem{Type: "EXACT", Note: "24/06/1402 (Hijri Calendar)"}, nil, "date of birth: 24/06/1402 (Hijri Calendar)"},
		{dobElem{Type: "EXACT", Date: "1979-03-03", Note: "from false passport"}, []entity.Date{{Year: 1979, Month: 3, Day: 3, Raw: "1979-03-03"}}, "date of birth: from false passport"},
		{dobElem{}, nil, ""},
	}
	for _, c := range cases {
		p := &parser{Reader: xmlread.Reader{List: &source.List{}}}
		e := &entity.Entity{}
		p.birth(e, c.in)
		if !reflect.DeepEqual(e.BirthDates, c.want) {
			t.Errorf("birth(%+v) = %+v, want %+v", c.in, e.BirthDates, c.want)
		}
		var note string
		if n := e.Properties["notes"]; len(n) > 0 {
			note = n[0]
		}
		if note != c.note {
			t.Errorf("birth(%+v) note = %q, want %q", c.in, note, c.note)
		}
	}
}

func TestHelpers(t *testing.T) {
	for in, want := range map[string]bool{
		"Mullah": true, "Major General": true, "Dr.": true, "Lieutenant general": true,
		"Former Head of State Central African Republic": false, "Secretary General (as at mid-2014)": false,
		"Manager of Al Nasr Detention Center in Zawiyah": false, "Head of Intelligence": false,
	} {
		if got := isHonorific(in); got != want {
			t.Errorf("isHonorific(%q) = %v", in, got)
		}
	}
	enum := []struct {
		in   string
		want []string
	}{
		{"a) Minister of Planning b) Minister of Higher Education", []string{"Minister of Planning", "Minister of Higher Education"}},
		{"(a) Mullah, (b) Maulavi", []string{"Mullah,", "Maulavi"}},
		{"Chief of Staff", []string{"Chief of Staff"}},
		{"", nil},
	}
	for _, c := range enum {
		if got := splitEnumeration(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("splitEnumeration(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/consolidated.xml", "testdata/bad/truncated.xml", "testdata/bad/mismatched.xml", "testdata/bad/no_id.xml"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><REFERENCE_NUMBER>X</REFERENCE_NUMBER><INDIVIDUAL_ALIAS><ALIAS_NAME>a (b; (c) d</ALIAS_NAME></INDIVIDUAL_ALIAS></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Consolidated.Parse([]*source.File{{Name: "f.xml", Path: "f.xml", Data: data}})
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
