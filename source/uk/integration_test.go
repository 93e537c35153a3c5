package uk

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/internal/shared"
	"github.com/embargo/embargo/internal/sourcetest"
	"github.com/embargo/embargo/source"
)

// The real ConList of 10 April 2025: 18,796 name rows for 4,686 Group IDs.
const (
	realRows   = 18796
	realGroups = 4686
)

func realCSV(tb testing.TB) string {
	return shared.Lists(tb, "current", "uk-ofsi-2025-04-10", "ConList.csv")
}

func realXLSX(tb testing.TB) string {
	return shared.Lists(tb, "archive", "uk-ofsi-2025-04-10-xlsx", "ConList.xlsx")
}

// csvFacts reads the real CSV independently of the reader.
type csvFacts struct {
	rows, nonLatinRows int
	groups             map[string]bool
	rowsByType         map[string]int
	groupType          map[string]string
	nonLatin           map[string][]string // group → non-Latin names
	values             map[string]map[string]bool
}

func readFacts(t *testing.T, path string) csvFacts {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	if _, err := r.Read(); err != nil { // Last Updated
		t.Fatal(err)
	}
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	f := csvFacts{groups: map[string]bool{}, rowsByType: map[string]int{}, groupType: map[string]string{},
		nonLatin: map[string][]string{}, values: map[string]map[string]bool{"Nationality": {}, "Country": {}}}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		f.rows++
		g := rec[col["Group ID"]]
		f.groups[g] = true
		f.rowsByType[rec[col["Group Type"]]]++
		f.groupType[g] = rec[col["Group Type"]]
		if nl := strings.TrimSpace(rec[col["Name Non-Latin Script"]]); nl != "" {
			f.nonLatinRows++
			f.nonLatin[g] = append(f.nonLatin[g], nl)
		}
		for c := range f.values {
			if v := strings.TrimSpace(rec[col[c]]); v != "" {
				f.values[c][v] = true
			}
		}
	}
	return f
}

func TestRealConListCSV(t *testing.T) {
	path := realCSV(t)
	facts := readFacts(t, path)
	if facts.rows != realRows || len(facts.groups) != realGroups || facts.nonLatinRows != 3990 {
		t.Fatalf("the real file changed: %d rows, %d groups, %d non-Latin rows", facts.rows, len(facts.groups), facts.nonLatinRows)
	}
	if want := map[string]int{"Individual": 13691, "Entity": 5024, "Ship": 81}; !reflect.DeepEqual(facts.rowsByType, want) {
		t.Fatalf("rows by group type %v", facts.rowsByType)
	}

	l := sourcetest.LoadOne(t, path, Formats...)
	if l.ID != "uk-ofsi" || l.Format != "uk-ofsi-csv" || l.Published != "2025-04-10" || len(l.SHA256) != 64 {
		t.Errorf("list: %s %s %s %s", l.ID, l.Format, l.Published, l.SHA256)
	}
	if len(l.Entities) != realGroups {
		t.Fatalf("%d entities, want one per Group ID (%d)", len(l.Entities), realGroups)
	}
	bySchema := map[entity.Schema]int{}
	wantSchema := map[string]entity.Schema{"Individual": entity.Person, "Entity": entity.LegalEntity, "Ship": entity.Vessel}
	by := map[string]*entity.Entity{}
	for _, e := range l.Entities {
		bySchema[e.Schema]++
		id := e.Sources[0].RecordID
		by[id] = e
		if !facts.groups[id] {
			t.Errorf("entity for unknown group %s", id)
		}
		if e.Schema != wantSchema[facts.groupType[id]] {
			t.Errorf("%s: schema %s for group type %s", id, e.Schema, facts.groupType[id])
		}
		if len(e.Names) == 0 || e.Names[0].Kind != entity.Primary {
			t.Errorf("%s: no primary name first: %+v", id, e.Names)
		}
		// every non-Latin name of the group is kept, with a script
		for _, nl := range facts.nonLatin[id] {
			if !hasName(e, collapse(nl)) {
				t.Errorf("%s: non-Latin name %q lost", id, nl)
			}
		}
		for _, n := range e.Names {
			if n.Full != strings.TrimSpace(n.Full) || n.Full == "" {
				t.Errorf("%s: bad name %q", id, n.Full)
			}
		}
	}
	t.Logf("entities by schema: %v", bySchema)
	if want := map[entity.Schema]int{entity.Person: 3662, entity.LegalEntity: 1009, entity.Vessel: 15}; !reflect.DeepEqual(bySchema, want) {
		t.Errorf("entities by schema %v, want %v", bySchema, want)
	}

	// A known record, field by field.
	ab := by["14241"]
	if ab == nil {
		t.Fatal("group 14241 missing")
	}
	if ab.Schema != entity.Person || ab.Caption() != "Khizri Magomedovich ABAKAROV" {
		t.Errorf("14241: %s %q", ab.Schema, ab.Caption())
	}
	want := entity.Name{Full: "Khizri Magomedovich ABAKAROV", Kind: entity.Primary, Parts: []entity.NamePart{
		{Type: entity.Given, Value: "Khizri"}, {Type: entity.Middle, Value: "Magomedovich"}, {Type: entity.Family, Value: "ABAKAROV"}}}
	if !reflect.DeepEqual(ab.Names[0], want) {
		t.Errorf("14241 name %+v", ab.Names[0])
	}
	cyr := findName(ab, "Хизри Магомедович Абакаров")
	if cyr == nil || cyr.Script != "Cyrl" {
		t.Errorf("14241 Cyrillic name: %+v", cyr)
	}
	if got := dates(ab.BirthDates); !reflect.DeepEqual(got, []string{"1960-06-28"}) {
		t.Errorf("14241 DOB %v", got)
	}
	if !reflect.DeepEqual(ab.MergeKeys, []string{"uk:RUS0296"}) || ab.Gender != "male" ||
		!reflect.DeepEqual(ab.Nationalities, []string{"ru"}) || ab.ListedOn != "2022-03-11" ||
		!reflect.DeepEqual(ab.Programs, []string{"Russia"}) || !reflect.DeepEqual(ab.BirthPlaces, []string{"Yuzhno Sakhalinsk, Russia"}) {
		t.Errorf("14241: %+v", ab)
	}
	if !strings.Contains(ab.Remarks, "UK Statement of Reasons: Member of the State Duma") {
		t.Errorf("14241 remarks %q", ab.Remarks)
	}

	// UN-derived listings carry both keys.
	un := 0
	for _, e := range l.Entities {
		for _, k := range e.MergeKeys {
			if strings.HasPrefix(k, "un:") {
				un++
				break
			}
		}
	}
	if un < 500 {
		t.Errorf("only %d entities with a UN reference", un)
	}

	// Every Nationality and Country value maps to ISO codes or is noted.
	var unmapped []string
	for c, vals := range facts.values {
		for v := range vals {
			codes, unknown := countries(v)
			if c == "Country" {
				if _, ok := countryCode(v); ok {
					continue
				}
				unknown = []string{v}
			} else if len(codes) > 0 && len(unknown) == 0 {
				continue
			}
			for _, u := range unknown {
				unmapped = append(unmapped, c+": "+u)
				if !hasNote(l, u) {
					t.Errorf("%s value %q neither mapped nor noted", c, u)
				}
			}
		}
	}
	sort.Strings(unmapped)
	t.Logf("unmapped country values: %q", unmapped)
	if len(unmapped) > 5 {
		t.Errorf("%d unmapped country values: %q", len(unmapped), unmapped)
	}
	t.Logf("notes: %q", l.Notes)
}

func hasName(e *entity.Entity, full string) bool { return findName(e, full) != nil }

func findName(e *entity.Entity, full string) *entity.Name {
	for i := range e.Names {
		if e.Names[i].Full == full {
			return &e.Names[i]
		}
	}
	return nil
}

// TestRealConListXLSX: the official XLSX gives the same entities as the CSV.
func TestRealConListXLSX(t *testing.T) {
	xpath := realXLSX(t)
	cl := sourcetest.LoadOne(t, realCSV(t), Formats...)
	xl := sourcetest.LoadOne(t, xpath, Formats...)
	if xl.ID != "uk-ofsi" || xl.Format != "uk-ofsi-xlsx" || xl.Published != "2025-04-10" {
		t.Errorf("xlsx list: %s %s %s", xl.ID, xl.Format, xl.Published)
	}
	if len(xl.Entities) != len(cl.Entities) {
		t.Fatalf("xlsx %d entities, csv %d", len(xl.Entities), len(cl.Entities))
	}
	byID := map[string]*entity.Entity{}
	for _, e := range cl.Entities {
		byID[e.Sources[0].RecordID] = e
	}
	diff := 0
	for _, x := range xl.Entities {
		id := x.Sources[0].RecordID
		c := byID[id]
		if c == nil {
			t.Errorf("group %s only in the XLSX", id)
			continue
		}
		if !reflect.DeepEqual(x.Names, c.Names) || !reflect.DeepEqual(x.BirthDates, c.BirthDates) {
			if diff++; diff < 5 {
				t.Errorf("group %s differs:\nxlsx %+v %v\ncsv  %+v %v", id, x.Names, x.BirthDates, c.Names, c.BirthDates)
			}
		}
		if !reflect.DeepEqual(x, c) && diff < 5 {
			diff++
			t.Errorf("group %s: entities differ", id)
		}
	}
	// The real workbook is recognised from its first 64 KiB, whatever its name.
	data, err := os.ReadFile(xpath)
	if err != nil {
		t.Fatal(err)
	}
	if r := ConListXLSX.Detect("download.bin", head(data)); r != source.Main {
		t.Errorf("real workbook not detected from content (role %d)", r)
	}
	for _, fm := range []source.Format{ConListCSV, FCDOXML} {
		if fm.Detect(filepath.Base(xpath), head(data)) != source.None {
			t.Errorf("%s claims the workbook", fm.Name())
		}
	}
}

func BenchmarkParseConListCSV(b *testing.B) {
	path := realCSV(b)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	f := &source.File{Name: "ConList.csv", Path: path, Data: data}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ConListCSV.Parse([]*source.File{f}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseConListXLSX(b *testing.B) {
	path := realXLSX(b)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	f := &source.File{Name: "ConList.xlsx", Path: path, Data: data}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ConListXLSX.Parse([]*source.File{f}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseFCDO parses a synthetic list the size of the real one
// (about 5,000 designations) made of the fixture's designations.
func BenchmarkParseFCDO(b *testing.B) {
	fixture, err := os.ReadFile("testdata/fcdo.xml")
	if err != nil {
		b.Fatal(err)
	}
	start := bytes.Index(fixture, []byte("<Designation>"))
	end := bytes.LastIndex(fixture, []byte("</Designation>")) + len("</Designation>")
	var buf bytes.Buffer
	buf.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Designations><DateGenerated>20/08/2026</DateGenerated>\n")
	for i := 0; i < 1250; i++ {
		block := bytes.ReplaceAll(fixture[start:end], []byte("</UniqueID>"), []byte("-"+strconv.Itoa(i)+"</UniqueID>"))
		buf.Write(block)
	}
	buf.WriteString("</Designations>\n")
	data := buf.Bytes()
	f := &source.File{Name: "fcdo.xml", Path: "synthetic.xml", Data: data}
	l, err := FCDOXML.Parse([]*source.File{f})
	if err != nil || len(l.Entities) != 5000 {
		b.Fatalf("%v, %d entities", err, len(l.Entities))
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := FCDOXML.Parse([]*source.File{f}); err != nil {
			b.Fatal(err)
		}
	}
}
