package csl

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

func TestGolden(t *testing.T) {
	for _, name := range []string{"consolidated.csv", "reordered.csv"} {
		t.Run(name, func(t *testing.T) {
			f := sourcetest.ReadFile(t, filepath.Join("testdata", name))
			if r := CSV.Detect(f.Name, f.Data); r != source.Main {
				t.Fatalf("Detect = %v, want Main", r)
			}
			l, err := CSV.Parse([]*source.File{f})
			if err != nil {
				t.Fatal(err)
			}
			base := strings.TrimSuffix(name, filepath.Ext(name))
			sourcetest.Golden(t, filepath.Join("testdata", base+".golden.json"), l)
		})
	}
}

// TestFixtureFacts spells out the traps the golden file covers, so that a
// careless -update cannot hide a regression.
func TestFixtureFacts(t *testing.T) {
	l, err := CSV.Parse([]*source.File{sourcetest.ReadFile(t, "testdata/consolidated.csv")})
	if err != nil {
		t.Fatal(err)
	}
	if l.ID != "us-csl" || l.Format != "us-csl-csv" || l.Published != "" || l.Declared != 0 {
		t.Errorf("list header: %+v", l)
	}
	if len(l.Entities) != 12 {
		t.Fatalf("got %d entities, want 12", len(l.Entities))
	}
	p := l.Entities[0]
	if p.Schema != entity.Person || p.Names[0].Full != "Abdul Karim Hassan AL-EXAMPLE" || p.Gender != "male" {
		t.Errorf("person: %s %q %q", p.Schema, p.Names[0].Full, p.Gender)
	}
	if got := p.Names[3]; got.Full != "Abdul Karim Hassan EXAMPLE Jr." || len(got.Parts) != 3 || got.Parts[2].Type != entity.Other {
		t.Errorf("suffix name: %+v", got)
	}
	wantIDs := []entity.Identifier{
		{Type: entity.Passport, Value: "A1234567", Country: "iq", Label: "Passport"},
		{Type: entity.Passport, Value: "N765432", Country: "sy", Label: "Passport"},
		{Type: entity.NationalID, Value: "19670305001", Country: "iq", Label: "National ID No."},
		{Type: entity.Email, Value: "karim@example.com", Label: "Email Address"},
		{Type: entity.Website, Value: "www.example.org", Label: "Website"},
		{Type: entity.CryptoAddress, Value: "1ExAmPLEaddr3ssXBT", Currency: "XBT", Label: "Digital Currency Address - XBT"},
	}
	if !reflect.DeepEqual(p.Identifiers, wantIDs) {
		t.Errorf("identifiers:\n got %+v\nwant %+v", p.Identifiers, wantIDs)
	}
	if got := p.Properties["secondarySanctionsRisk"]; len(got) != 1 || got[0] != "section 1(b) of Executive Order 13224, as amended by Executive Order 13886" {
		t.Errorf("secondary sanctions risk: %q", got)
	}
	if got := p.Properties["identifierDates"]; len(got) != 2 || got[0] != "Passport A1234567: expires 2014-08-30, issued 2009-08-31" {
		t.Errorf("identifier dates: %q", got)
	}
	if len(p.BirthDates) != 4 || !p.BirthDates[2].Circa || p.BirthDates[3].ToYear != 1962 {
		t.Errorf("birth dates: %+v", p.BirthDates)
	}
	if !reflect.DeepEqual(p.MergeKeys, []string{"ofac:70001"}) {
		t.Errorf("merge keys %v", p.MergeKeys)
	}
	if a := p.Addresses; len(a) != 3 || a[0].Country != "iq" || a[2].Full != "SY" || a[2].Country != "sy" {
		t.Errorf("addresses %+v", a)
	}
	org := l.Entities[1]
	if org.Properties["organizationEstablishedDate"][0] != "2012-04-01" {
		t.Errorf("a date-only number must stay the number: %v", org.Properties)
	}
	vessel := l.Entities[2]
	if vessel.Schema != entity.Vessel || !reflect.DeepEqual(vessel.Countries, []string{"vc"}) || vessel.Identifiers[0].Type != entity.IMO {
		t.Errorf("vessel: %+v", vessel)
	}
	dpl := l.Entities[6]
	if dpl.Schema != entity.LegalEntity || dpl.Names[0].Full != "JOHN Q. EXAMPLE" || len(dpl.MergeKeys) != 0 || dpl.ListedOn != "2015-02-27" {
		t.Errorf("DPL row must stay a LegalEntity with its name as written: %+v", dpl)
	}
	if dpl.Addresses[0].Country != "" {
		t.Errorf("US address without country got %q", dpl.Addresses[0].Country)
	}
	el := l.Entities[7]
	if el.Names[0].Full != "Shenzhen Example Precise Instrument Co. Ltd" || el.Properties["cslList"][0] != "EL" {
		t.Errorf("EL: %+v", el)
	}
	if el.Addresses[1].Country != "hk" {
		t.Errorf("address ending in a country name: %+v", el.Addresses[1])
	}
	for _, want := range []string{`nationality "ZZ"`, `vessel flag "None Identified"`, `date of birth "sometime in spring"`} {
		found := false
		for _, n := range l.Notes {
			found = found || strings.Contains(n, want)
		}
		if !found {
			t.Errorf("no note mentioning %s in %q", want, l.Notes)
		}
	}
}

func TestParseID(t *testing.T) {
	tests := []struct {
		in   string
		want idItem
		ok   bool
	}{
		{"CA, BC166787, Passport", idItem{Country: "CA", Number: "BC166787", Type: "Passport"}, true},
		{"JO, 2014-08-30, 2009-08-31, K475336, Passport", idItem{Country: "JO", Dates: []string{"2014-08-30", "2009-08-31"}, Number: "K475336", Type: "Passport"}, true},
		{"2004-02-05, 1999-06-23, G025057, Passport", idItem{Dates: []string{"2004-02-05", "1999-06-23"}, Number: "G025057", Type: "Passport"}, true},
		{"MM, 2017-01-16, 110364903, Registration Number", idItem{Country: "MM", Dates: []string{"2017-01-16"}, Number: "110364903", Type: "Registration Number"}, true},
		{"Male, Gender", idItem{Number: "Male", Type: "Gender"}, true},
		{"Subject to Secondary Sanctions, Additional Sanctions Information -", idItem{Number: "Subject to Secondary Sanctions", Type: "Additional Sanctions Information -"}, true},
		{"section 1(b) of Executive Order 13224, as amended by Executive Order 13886, Secondary sanctions risk:",
			idItem{Number: "section 1(b) of Executive Order 13224, as amended by Executive Order 13886", Type: "Secondary sanctions risk:"}, true},
		{"2021-06-03, Listing Date (CMIC)", idItem{Number: "2021-06-03", Type: "Listing Date (CMIC)"}, true},
		{"RU, Nationality of Registration", idItem{Number: "RU", Type: "Nationality of Registration"}, true},
		{"IMO 8898831, Vessel Registration Identification", idItem{Number: "IMO 8898831", Type: "Vessel Registration Identification"}, true},
		{"Passport", idItem{}, false},
		{", Passport", idItem{Type: "Passport"}, false},
	}
	for _, tt := range tests {
		got, ok := parseID(tt.in)
		if ok != tt.ok || (ok && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("parseID(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMakeName(t *testing.T) {
	tests := []struct {
		in     string
		person bool
		full   string
		parts  int
	}{
		{"PUTIN, Vladimir Vladimirovich", true, "Vladimir Vladimirovich PUTIN", 2},
		{"DELOS REYES, Feliciano Semborio, Jr.", true, "Feliciano Semborio DELOS REYES Jr.", 3},
		{"KNOWLES, JR., Samuel", true, "Samuel KNOWLES JR.", 3},
		{"MARUF, Taha, Muhyi al-Din", true, "Taha Muhyi al-Din MARUF", 2},
		{"SANTOSO", true, "SANTOSO", 0},
		{"ABU KARIM", true, "ABU KARIM", 0},
		{"ETC GROUP, LTD.", false, "ETC GROUP, LTD.", 0},
		{", Ahmad", true, ", Ahmad", 0},
	}
	for _, tt := range tests {
		n := makeName(tt.in, entity.Primary, tt.person)
		if n.Full != tt.full || len(n.Parts) != tt.parts {
			t.Errorf("makeName(%q) = %q with %d parts; want %q with %d", tt.in, n.Full, len(n.Parts), tt.full, tt.parts)
		}
	}
}

func TestListCode(t *testing.T) {
	tests := map[string]string{
		"Specially Designated Nationals (SDN) - Treasury Department":                              "SDN",
		"Entity List (EL) - Bureau of Industry and Security":                                      "EL",
		"Military End User (MEU) List - Bureau of Industry and Security":                          "MEU",
		"Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department":                   "NS-MBS",
		"Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department": "CMIC",
		"Some New List": "Some New List",
	}
	for in, want := range tests {
		if got := listCode(in); got != want {
			t.Errorf("listCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseAddress(t *testing.T) {
	tests := []struct{ in, country string }{
		{"Basrah, IQ", "iq"},
		{"SY", "sy"},
		{"2948 PEASE DRIVE, APT. 201, ROCKY RIVER, OH, 44116", ""},
		{"No. 97-1 Dongyuan Road, Suzhou, Jiangsu, China, CN", "cn"},
		{"Flat 3, Kowloon, Hong Kong", "hk"},
		{"c/o AGROESPINAL S.A.", ""},
		{"Somewhere, XX", ""},
	}
	for _, tt := range tests {
		if got := parseAddress(tt.in); got.Country != tt.country || got.Full != tt.in {
			t.Errorf("parseAddress(%q) = %+v, want country %q", tt.in, got, tt.country)
		}
	}
}

func TestBad(t *testing.T) {
	tests := map[string]string{
		"truncated.csv":  "broken quoting",
		"fieldcount.csv": "wrong number of fields",
		"noname.csv":     `no "name" column`,
		"headeronly.csv": "no rows after the header",
		"barequote.csv":  "bare quote",
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "bad", name)
			_, err := CSV.Parse([]*source.File{sourcetest.ReadFile(t, path)})
			if err == nil {
				t.Fatal("no error")
			}
			var pe *source.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *source.ParseError: %v", err, err)
			}
			if pe.File != path || pe.Line == 0 || pe.Record == "" {
				t.Errorf("error does not locate the problem: %+v", pe)
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not contain %q", err, want)
			}
		})
	}
	// the error names the record when the row has an id
	_, err := CSV.Parse([]*source.File{sourcetest.ReadFile(t, "testdata/bad/fieldcount.csv")})
	if !strings.Contains(err.Error(), "row 1, id 70001") {
		t.Errorf("error %q does not name the record", err)
	}
}

func TestInvalidUTF8(t *testing.T) {
	data := "_id,source,name,alt_names,entity_number\n1,Specially Designated Nationals (SDN) - Treasury Department,BAD \xff NAME,,1\n"
	l, err := CSV.Parse([]*source.File{{Name: "x.csv", Path: "x.csv", Data: []byte(data)}})
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Entities[0].Names[0].Full; got != "BAD \uFFFD NAME" {
		t.Errorf("name %q", got)
	}
	if len(l.Notes) != 1 || !strings.Contains(l.Notes[0], "row 1, id 1: invalid UTF-8") {
		t.Errorf("notes %q", l.Notes)
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, head string
		want       source.Role
	}{
		{"consolidated.csv", "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n", source.Main},
		{"x.csv", "\xef\xbb\xbf\r\nid,name,source,alt_names,entity_number\r\n1,A,SDN,,1\r\n", source.Main},
		{"consolidated.tsv", "_id\tsource\tentity_number\ttype\tname\talt_names\tids\n", source.Main},
		// other formats
		{"sdn.csv", "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", source.None},
		{"ConList.csv", "Last Updated,10/04/2025\nName 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,DOB,Town of Birth,Country of Birth,Nationality,Passport Number,Group ID\n", source.None},
		{"SDN.XML", "<?xml version=\"1.0\" standalone=\"yes\"?>\n<sdnList xmlns=\"http://tempuri.org/sdnList.xsd\">", source.None},
		{"consolidated.xml", "<CONSOLIDATED_LIST dateGenerated=\"2026-02-27T00:00:00\">", source.None},
		{"x.ftm.json", `{"id": "eu-fsf-13", "schema": "Person", "properties": {"name": ["A"]}}` + "\n", source.None},
		{"names.csv", "name,source\nJohn,crm\n", source.None},
		{"empty.csv", "", source.None},
		{"addresses.txt", "0x1234abcd\n0x5678\n", source.None},
	}
	for _, tt := range tests {
		if got := CSV.Detect(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("Detect(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/consolidated.csv", "testdata/reordered.csv", "testdata/bad/truncated.csv", "testdata/bad/fieldcount.csv"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("name,source,ids\nA,B,\"x, y; , ; ,,\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file := &source.File{Name: "f.csv", Path: "f.csv", Data: data}
		CSV.Detect(file.Name, data)
		l, err := CSV.Parse([]*source.File{file})
		if err != nil {
			var pe *source.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *source.ParseError: %v", err, err)
			}
			return
		}
		for _, e := range l.Entities {
			if len(e.Sources) != 1 || e.Sources[0].RecordID == "" {
				t.Fatalf("entity without a record id: %+v", e)
			}
		}
	})
}

func TestPropKey(t *testing.T) {
	tests := map[string]string{
		"Executive Order 13662 Directive Determination -": "executiveOrder13662DirectiveDetermination",
		"Listing Date (EO 14024 Directive 2):":            "listingDateEo14024Directive2",
		"Secondary sanctions risk:":                       "secondarySanctionsRisk",
		"Aircraft Model":                                  "aircraftModel",
	}
	for in, want := range tests {
		if got := propKey(in); got != want {
			t.Errorf("propKey(%q) = %q, want %q", in, got, want)
		}
	}
}
