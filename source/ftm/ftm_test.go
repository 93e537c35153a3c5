package ftm

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

func parse(t *testing.T, name, data string) *source.List {
	t.Helper()
	l, err := JSONL.Parse([]*source.File{{Name: name, Path: name, Data: []byte(data)}})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestGolden(t *testing.T) {
	for _, name := range []string{"watchlist.ftm.jsonl", "opensanctions.ftm.json"} {
		t.Run(name, func(t *testing.T) {
			f := sourcetest.ReadFile(t, filepath.Join("testdata", name))
			if r := JSONL.Detect(f.Name, f.Data); r != source.Main {
				t.Fatalf("Detect = %v, want Main", r)
			}
			l, err := JSONL.Parse([]*source.File{f})
			if err != nil {
				t.Fatal(err)
			}
			base := name[:strings.IndexByte(name, '.')]
			sourcetest.Golden(t, filepath.Join("testdata", base+".golden.json"), l)
		})
	}
}

// TestWatchlistFacts spells out what the golden file must show.
func TestWatchlistFacts(t *testing.T) {
	l, err := JSONL.Parse([]*source.File{sourcetest.ReadFile(t, "testdata/watchlist.ftm.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	if l.ID != "my-watchlist" || l.Published != "2026-01-02" || l.Format != "ftm-jsonl" || l.Declared != 0 {
		t.Errorf("list: %+v", l)
	}
	m := sourcetest.ByRecord(l)
	if len(l.Entities) != 9 || len(m) != 9 {
		t.Fatalf("got %d entities", len(l.Entities))
	}
	p := m["wl-putin"]
	wantNames := []entity.Name{
		{Full: "Vladimir Vladimirovich PUTIN", Kind: entity.Primary, Parts: []entity.NamePart{
			{Type: entity.Title, Value: "President"}, {Type: entity.Given, Value: "Vladimir"},
			{Type: entity.Patronymic, Value: "Vladimirovich"}, {Type: entity.Family, Value: "PUTIN"}}},
		{Full: "Влади́мир Влади́мирович ПУ́ТИН", Kind: entity.Alias},
		{Full: "Vladimir Vladimirovitj PUTIN", Kind: entity.Alias},
		{Full: "VVP", Kind: entity.WeakAlias},
	}
	if !reflect.DeepEqual(p.Names, wantNames) {
		t.Errorf("names:\n got %+v\nwant %+v", p.Names, wantNames)
	}
	if !reflect.DeepEqual(p.MergeKeys, []string{"ftm:wl-putin", "ftm:ofac-35096", "ftm:eu-fsf-135909"}) {
		t.Errorf("merge keys %q", p.MergeKeys)
	}
	if p.ListedOn != "2022-02-24" { // the Sanction's listing date is earlier than createdAt
		t.Errorf("listed on %q", p.ListedOn)
	}
	if !reflect.DeepEqual(p.Programs, []string{"RUSSIA-EO14024", "EU-UKR", "GB-RUS"}) {
		t.Errorf("programs %q", p.Programs)
	}
	if len(p.Addresses) != 1 || p.Addresses[0].Country != "ru" || p.Addresses[0].City != "Moscow" {
		t.Errorf("address %+v", p.Addresses)
	}
	if p.Remarks != "Listed for undermining Ukraine.\nSecond note." || p.Gender != "male" {
		t.Errorf("remarks %q gender %q", p.Remarks, p.Gender)
	}
	if _, ok := p.Properties["title"]; ok {
		t.Errorf("title used in parts must not stay in properties: %v", p.Properties)
	}
	po := m["wl-parts-only"]
	if po.Names[0].Full != "Ivan Ivanovich Examplov" || po.Names[0].Kind != entity.Primary || len(po.Names[0].Parts) != 3 {
		t.Errorf("built name %+v", po.Names)
	}
	if !reflect.DeepEqual(po.Nationalities, []string{"ru"}) || len(po.BirthDates) != 2 || po.BirthDates[0].Month != 5 {
		t.Errorf("parts-only person: %+v", po)
	}
	mf := m["wl-many-firsts"]
	if len(mf.Names[0].Parts) != 0 || len(mf.Properties["firstName"]) != 2 || mf.ListedOn != "2023-05-19" {
		t.Errorf("several first names must not build parts: %+v", mf)
	}
	if !reflect.DeepEqual(mf.Properties["datasets"], []string{"my_watchlist", "other_list"}) {
		t.Errorf("datasets property %v", mf.Properties)
	}
	org := m["wl-org"]
	if org.Schema != entity.Organization || len(org.Names) != 5 || org.Names[2].Full != "Example Holdings (second line)" || org.Names[3].Kind != entity.WeakAlias || org.Names[4].Kind != entity.FormerName {
		t.Errorf("org names %+v", org.Names)
	}
	if !reflect.DeepEqual(org.Countries, []string{"cy", "gb"}) || len(org.Identifiers) != 6 {
		t.Errorf("org %+v", org)
	}
	if m["wl-public"].Schema != entity.Organization {
		t.Errorf("PublicBody → %s", m["wl-public"].Schema)
	}
	w := m["wl-wallet"]
	if w.Schema != entity.CryptoWallet || len(w.Names) != 0 || !reflect.DeepEqual(w.Identifiers, []entity.Identifier{{Type: entity.CryptoAddress, Value: "1ExAmPLEaddr3ssXBT", Currency: "XBT", Label: "publicKey"}}) {
		t.Errorf("wallet %+v", w)
	}
	if v := m["wl-vessel"]; v.Identifiers[0].Type != entity.IMO || !reflect.DeepEqual(v.Countries, []string{"lr"}) {
		t.Errorf("vessel %+v", v)
	}
	for _, want := range []string{`unknown schema "Widget"`, "skipped 1 Position", "skipped 1 Sanction", "skipped 1 Address",
		`nationality "zz"`, `birth date "sometime"`, "entities without any name: 1"} {
		found := false
		for _, n := range l.Notes {
			found = found || strings.Contains(n, want)
		}
		if !found {
			t.Errorf("no note mentioning %s in %q", want, l.Notes)
		}
	}
}

func TestOpenSanctionsFacts(t *testing.T) {
	l, err := JSONL.Parse([]*source.File{sourcetest.ReadFile(t, "testdata/opensanctions.ftm.json")})
	if err != nil {
		t.Fatal(err)
	}
	if l.ID != "test-os" || l.Published != "2024-03-14" {
		t.Errorf("id %q published %q", l.ID, l.Published)
	}
	m := sourcetest.ByRecord(l)
	if len(l.Entities) != 2 {
		t.Fatalf("got %d entities", len(l.Entities))
	}
	p := m["NK-test1"]
	if !reflect.DeepEqual(p.Programs, []string{"US-RUSHAR", "EU-RUS"}) || p.ListedOn != "2022-03-15" {
		t.Errorf("nested sanction not folded: %q %q", p.Programs, p.ListedOn)
	}
	if len(p.Addresses) != 1 || p.Addresses[0].Full != "Lenina 1, Izhevsk" || p.Addresses[0].Country != "ru" {
		t.Errorf("nested address: %+v", p.Addresses)
	}
	if !reflect.DeepEqual(p.Positions, []string{"Governor of Example Oblast"}) {
		t.Errorf("occupancy not folded: %q", p.Positions)
	}
	if want := []entity.Identifier{{Type: entity.Passport, Value: "7512345678", Country: "ru", Label: "Passport"}}; !reflect.DeepEqual(p.Identifiers, want) {
		t.Errorf("passport not folded: %+v", p.Identifiers)
	}
	r := m["NK-test2"]
	if r.Gender != "female" || len(r.BirthDates) != 1 || r.Properties["target"][0] != "false" {
		t.Errorf("plain-string properties: %+v", r)
	}
}

func TestListID(t *testing.T) {
	tests := []struct {
		name, data, id string
	}{
		{"my_watch-list.v2.jsonl", `{"id":"a","schema":"Person","properties":{"name":["A"]}}`, "my-watch-list"},
		{"x.jsonl", `{"id":"a","schema":"Person","properties":{"name":["A"]},"datasets":["eu_fsf"]}`, "eu-fsf"},
		// no dataset on more than half the lines: the file name
		{"cluster.entities.ftm.json", `{"id":"a","schema":"Person","properties":{"name":["A"]},"datasets":["x_one"]}
{"id":"b","schema":"Person","properties":{"name":["B"]},"datasets":["x_two"]}
{"id":"c","schema":"Person","properties":{"name":["C"]},"datasets":["x_three"]}`, "cluster"},
	}
	for _, tt := range tests {
		if l := parse(t, tt.name, tt.data); l.ID != tt.id {
			t.Errorf("%s: id %q, want %q", tt.name, l.ID, tt.id)
		}
	}
}

func TestNameParts(t *testing.T) {
	tests := []struct {
		props string
		full  string // the first name's Full
		parts int    // parts on it
	}{
		{`"name":["Ivan Petrovich Sidorov"],"firstName":["Ivan"],"fatherName":["Petrovich"],"lastName":["Sidorov"]`, "Ivan Petrovich Sidorov", 3},
		// fatherName that is not part of the written name (an Arabic father's full name)
		{`"name":["Faisal Al Saud"],"firstName":["Faisal"],"fatherName":["Abdulaziz bin Abdul Rahman"],"lastName":["Al Saud"]`, "Faisal Al Saud", 2},
		// parts that spell none of the names are not attached, and no name is made up
		{`"name":["Someone Else"],"firstName":["Ivan"],"lastName":["Sidorov"]`, "Someone Else", 0},
		{`"firstName":["Ivan"],"secondName":["Ivanovich"],"lastName":["Sidorov"],"nameSuffix":["Jr."]`, "Ivan Ivanovich Sidorov Jr.", 4},
		{`"name":["IVAN  SIDOROV"],"firstName":["Ivan"],"lastName":["Sidorov"]`, "IVAN  SIDOROV", 2},
		{`"title":["Dr"]`, "", 0},
	}
	for _, tt := range tests {
		l := parse(t, "x.jsonl", `{"id":"a","schema":"Person","properties":{`+tt.props+`}}`)
		e := l.Entities[0]
		if tt.full == "" {
			if len(e.Names) != 0 {
				t.Errorf("%s: names %+v", tt.props, e.Names)
			}
			continue
		}
		if len(e.Names) == 0 || e.Names[0].Full != tt.full || len(e.Names[0].Parts) != tt.parts {
			t.Errorf("%s: names %+v, want %q with %d parts", tt.props, e.Names, tt.full, tt.parts)
		}
	}
}

func TestBad(t *testing.T) {
	tests := map[string]string{
		"truncated.ftm.jsonl":      "truncated file?",
		"notjson.ftm.jsonl":        "invalid JSON",
		"noid.ftm.jsonl":           `no "id"`,
		"noschema.ftm.jsonl":       `no "schema"`,
		"propnumber.ftm.jsonl":     `property "name" is not a list of strings`,
		"propnumberlist.ftm.jsonl": `property "birthDate" is not a list of strings`,
		"propobject.ftm.jsonl":     `property "alias" is not a list of strings`,
		"array.ftm.jsonl":          "not a JSON object",
		"propsarray.ftm.jsonl":     `"properties" is not an object`,
		"datasets.ftm.jsonl":       `"datasets" is not a list of strings`,
		"twoobjects.ftm.jsonl":     "invalid JSON",
		"empty.ftm.jsonl":          "no entity lines",
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "bad", name)
			_, err := JSONL.Parse([]*source.File{sourcetest.ReadFile(t, path)})
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
			if name != "empty.ftm.jsonl" && pe.Line != 2 {
				t.Errorf("line %d, want 2", pe.Line)
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not contain %q", err, want)
			}
		})
	}
	_, err := JSONL.Parse([]*source.File{sourcetest.ReadFile(t, "testdata/bad/propnumberlist.ftm.jsonl")})
	if !strings.Contains(err.Error(), "line 2, id a5") {
		t.Errorf("error %q does not name the entity", err)
	}
}

func TestInvalidUTF8(t *testing.T) {
	l := parse(t, "x.jsonl", "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"BAD \xff NAME\"]}}\n")
	if got := l.Entities[0].Names[0].Full; got != "BAD \uFFFD NAME" {
		t.Errorf("name %q", got)
	}
	if len(l.Notes) != 1 || !strings.Contains(l.Notes[0], "line 1, id a: invalid UTF-8") {
		t.Errorf("notes %q", l.Notes)
	}
}

func TestDetect(t *testing.T) {
	long := `{"id": "x", "schema": "Person", "properties": {"name": ["` + strings.Repeat("A", 70<<10)
	tests := []struct {
		name, head string
		want       source.Role
	}{
		{"a.jsonl", `{"id": "eu-fsf-13", "schema": "Person", "properties": {"name": ["A"]}}` + "\n", source.Main},
		{"a.json", "\xef\xbb\xbf\n  " + `{"schema":"Company","caption":"X","id":"NK-1"}` + "\r\n", source.Main},
		{"a.json", long[:64<<10], source.Main}, // first line longer than the head
		// not FtM JSON lines
		{"a.json", `{"results": [{"id": "1", "name": "X"}]}`, source.None},
		{"a.json", `[{"id": "a", "schema": "Person"}]`, source.None},
		{"a.json", "{\n  \"id\": \"a\",\n  \"schema\": \"Person\"\n}\n", source.None},
		{"a.json", `{"id": "a", "properties": {"schema": "Person"}}`, source.None},
		{"a.json", `{"id": 5, "schema": "Person"}`, source.None},
		{"a.json", `{"id": "a", "schema": ""}`, source.None},
		{"sdn.xml", `<?xml version="1.0" standalone="yes"?><sdnList xmlns="http://tempuri.org/sdnList.xsd">`, source.None},
		{"consolidated.xml", `<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:00">`, source.None},
		{"consolidated.csv", "_id,source,entity_number,type,programs,name,title,addresses\n", source.None},
		{"ConList.csv", "Last Updated,10/04/2025\nName 6,Name 1\n", source.None},
		{"sdn.csv", "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\"\r\n", source.None},
		{"empty", "", source.None},
	}
	for i, tt := range tests {
		if got := JSONL.Detect(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("%d Detect(%s, %.40q) = %v, want %v", i, tt.name, tt.head, got, tt.want)
		}
	}
}

func TestValues(t *testing.T) {
	tests := []struct {
		in   string
		vals []string
		objs int
		ok   bool
	}{
		{`["a", " b ", ""]`, []string{"a", "b"}, 0, true},
		{`"a"`, []string{"a"}, 0, true},
		{`null`, nil, 0, true},
		{`[]`, nil, 0, true},
		{`["a", {"id": "x"}, null]`, []string{"a"}, 1, true},
		{`5`, nil, 0, false},
		{`[5]`, nil, 0, false},
		{`{"a": 1}`, nil, 0, false},
		{`true`, nil, 0, false},
	}
	for _, tt := range tests {
		vals, objs, ok := values([]byte(tt.in))
		if ok != tt.ok || len(objs) != tt.objs || (ok && !reflect.DeepEqual(vals, tt.vals) && len(vals)+len(tt.vals) > 0) {
			t.Errorf("values(%s) = %q, %d, %v", tt.in, vals, len(objs), ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/watchlist.ftm.jsonl", "testdata/opensanctions.ftm.json", "testdata/bad/truncated.ftm.jsonl", "testdata/bad/propobject.ftm.jsonl"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"id":"a","schema":"Person","properties":{"sanctions":[{"properties":{"startDate":[5]}}],"addressEntity":["x",{"schema":"Address"}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file := &source.File{Name: "f.jsonl", Path: "f.jsonl", Data: data}
		JSONL.Detect(file.Name, data)
		l, err := JSONL.Parse([]*source.File{file})
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
