package ofac

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/internal/shared"
	"github.com/embargo/embargo/internal/sourcetest"
	"github.com/embargo/embargo/source"
)

func csvLoad(t testing.TB, path string, formats ...source.Format) []*source.List {
	t.Helper()
	lists, skipped, err := source.Load(path, formats, source.LoadOptions{})
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	if len(skipped) != 0 {
		t.Fatalf("skipped: %v", skipped)
	}
	return lists
}

func TestCSVRealCurrent(t *testing.T) {
	dir := shared.Lists(t, "current", "ofac-sdn-2024-05")
	lists := csvLoad(t, dir, LegacyCSV)
	if len(lists) != 1 {
		t.Fatalf("%d lists, want 1", len(lists))
	}
	l := lists[0]
	if l.ID != "ofac-sdn" || l.Format != "ofac-legacy-csv" || l.Published != "" {
		t.Errorf("list = %q %q published %q", l.ID, l.Format, l.Published)
	}
	if got := len(l.Entities); got != 14965 {
		t.Errorf("%d entities, want 14965", got)
	}
	schemas := map[entity.Schema]int{}
	for _, e := range l.Entities {
		schemas[e.Schema]++
	}
	want := map[entity.Schema]int{entity.Person: 6854, entity.LegalEntity: 6884, entity.Vessel: 851, entity.Airplane: 376}
	for s, n := range want {
		if schemas[s] != n {
			t.Errorf("%d %s, want %d", schemas[s], s, n)
		}
	}

	putin := sourcetest.Find(l, "35096")
	if putin == nil {
		t.Fatal("ent_num 35096 missing")
	}
	if putin.Schema != entity.Person {
		t.Errorf("schema %s", putin.Schema)
	}
	n := putin.Names[0]
	if n.Full != "Vladimir Vladimirovich PUTIN" || n.Kind != entity.Primary || len(n.Parts) != 2 ||
		n.Parts[0] != (entity.NamePart{Type: entity.Given, Value: "Vladimir Vladimirovich"}) ||
		n.Parts[1] != (entity.NamePart{Type: entity.Family, Value: "PUTIN"}) {
		t.Errorf("name %+v", n)
	}
	if len(putin.BirthDates) != 1 || putin.BirthDates[0].String() != "1952-10-07" {
		t.Errorf("birth dates %+v", putin.BirthDates)
	}
	if len(putin.BirthPlaces) != 1 || putin.BirthPlaces[0] != "Leningrad, Russia" {
		t.Errorf("birth places %q", putin.BirthPlaces)
	}
	if len(putin.Nationalities) != 1 || putin.Nationalities[0] != "ru" || len(putin.Citizenships) != 1 || putin.Citizenships[0] != "ru" {
		t.Errorf("nationalities %q citizenships %q", putin.Nationalities, putin.Citizenships)
	}
	if putin.Gender != "male" {
		t.Errorf("gender %q", putin.Gender)
	}
	if len(putin.Programs) != 1 || putin.Programs[0] != "RUSSIA-EO14024" {
		t.Errorf("programs %q", putin.Programs)
	}
	if len(putin.Positions) != 1 || putin.Positions[0] != "President of the Russian Federation" {
		t.Errorf("positions %q", putin.Positions)
	}
	if putin.Sources[0] != (entity.Source{List: "ofac-sdn", RecordID: "35096"}) || len(putin.MergeKeys) != 1 || putin.MergeKeys[0] != "ofac:35096" {
		t.Errorf("sources %+v merge keys %q", putin.Sources, putin.MergeKeys)
	}
	if putin.Remarks == "" {
		t.Error("remarks dropped")
	}

	// BANCO NACIONAL DE CUBA: a weak a.k.a. in the remarks
	bnc := sourcetest.Find(l, "306")
	if bnc == nil || bnc.Schema != entity.LegalEntity || len(bnc.Names) != 2 || bnc.Names[1].Full != "BNC" || bnc.Names[1].Kind != entity.WeakAlias {
		t.Errorf("306 = %+v", bnc)
	}
	// a vessel with its columns
	mar := sourcetest.Find(l, "4238")
	if mar == nil || mar.Schema != entity.Vessel || mar.Properties["callSign"][0] != "CL2192" ||
		mar.Properties["vesselType"][0] != "Tug" || mar.Properties["grossRegisteredTonnage"][0] != "212" ||
		mar.Properties["owner"][0] != "Samir de Navegacion S.A." || len(mar.Countries) != 1 || mar.Countries[0] != "cu" {
		t.Errorf("4238 = %+v", mar)
	}

	// totals of what the remarks gave
	var ids, dobs, aliases, addrs int
	for _, e := range l.Entities {
		ids += len(e.Identifiers)
		dobs += len(e.BirthDates)
		for _, n := range e.Names {
			if n.Kind != entity.Primary {
				aliases++
			}
		}
		addrs += len(e.Addresses)
	}
	t.Logf("identifiers %d, birth dates %d, remark aliases %d, notes %d", ids, dobs, aliases, len(l.Notes))
	for _, n := range l.Notes {
		t.Logf("note: %s", n)
	}
	if ids < 15000 || dobs < 7000 || aliases < 3500 || addrs != 0 {
		t.Errorf("identifiers %d, birth dates %d, aliases %d, addresses %d", ids, dobs, aliases, addrs)
	}
}

// TestCSVRemarkCoverage measures how many remark facts of the real sdn.csv
// the reader understands; run with -v to see the unparsed ones.
func TestCSVRemarkCoverage(t *testing.T) {
	p := filepath.Join(shared.Lists(t, "current", "ofac-sdn-2024-05"), "sdn.csv")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	_, st, err := csvParse([]*source.File{{Name: "sdn.csv", Path: p, Data: data}}, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("remark facts %d: recognised %d (%.1f%%), left as text %d", st.Facts, st.Recognised,
		100*float64(st.Recognised)/float64(st.Facts), st.Unparsed)
	keys := csvSortedKeys(st.Samples)
	for i, k := range keys {
		if i == 1000 {
			break
		}
		t.Logf("%5d  %s", st.Samples[k], k)
	}
	for i, k := range csvSortedKeys(st.Samples) {
		if i == 40 {
			break
		}
		t.Logf("%5d  %s", st.Samples[k], k)
	}
	if st.Recognised*100 < st.Facts*95 {
		t.Errorf("only %d of %d remark facts recognised", st.Recognised, st.Facts)
	}
}

func TestCSVReal2021Set(t *testing.T) {
	dir := shared.Lists(t, "archive", "ofac-sdn-csv-2021-07")
	lists := csvLoad(t, dir, LegacyCSV)
	if len(lists) != 1 {
		t.Fatalf("%d lists, want 1", len(lists))
	}
	l := lists[0]
	if len(l.Files) != 4 {
		t.Errorf("files %q", l.Files)
	}
	if got := len(l.Entities); got != 8976 {
		t.Errorf("%d entities, want 8976", got)
	}
	byNum := map[string]*entity.Entity{}
	var alt, fka, weak, addrs int
	for _, e := range l.Entities {
		byNum[e.Sources[0].RecordID] = e
		for _, n := range e.Names {
			switch n.Kind {
			case entity.Alias:
				alt++
			case entity.FormerName:
				fka++
			case entity.WeakAlias:
				weak++
			}
		}
		addrs += len(e.Addresses)
	}
	t.Logf("names: aliases %d, former names %d, weak aliases (remarks) %d; addresses %d", alt, fka, weak, addrs)
	for _, n := range l.Notes {
		t.Logf("note: %s", n)
	}

	// Every alt.csv row is attached to its entity: read alt.csv with
	// encoding/csv, independently of the reader.
	attached, samePrimary := 0, 0
	for _, r := range csvStdRows(t, filepath.Join(dir, "alt.csv"), 5) {
		e := byNum[r[0]]
		if e == nil {
			t.Fatalf("alt.csv names unknown ent_num %s", r[0])
		}
		want := csvName(r[3], entity.Alias, e.Schema == entity.Person).Full
		found := false
		for _, n := range e.Names {
			if n.Full == want && n.Kind == entity.Primary {
				// OFAC lists a few aliases identical to the primary name:
				// they stay one (primary) name.
				samePrimary++
				found = true
				break
			}
			if n.Full == want && (n.Kind == entity.FormerName) == (r[2] == "fka") {
				found = true
				break
			}
		}
		if found {
			attached++
		} else {
			t.Logf("alias not attached: %q, names %+v", r, e.Names)
		}
	}
	if attached != 11910 || samePrimary != 4 {
		t.Errorf("%d of the alt.csv aliases attached (%d equal to the primary name), want 11910 (4)", attached, samePrimary)
	}
	// Every add.csv row is attached, except those that hold nothing.
	attached, empty := 0, 0
	for _, r := range csvStdRows(t, filepath.Join(dir, "add.csv"), 6) {
		e := byNum[r[0]]
		if e == nil {
			t.Fatalf("add.csv names unknown ent_num %s", r[0])
		}
		if r[2] == "-0- " && r[3] == "-0- " && r[4] == "-0- " {
			empty++
			continue
		}
		for _, a := range e.Addresses {
			if (r[2] == "-0- " || a.Street == r[2]) && (r[3] == "-0- " || a.City == r[3]) {
				attached++
				break
			}
		}
	}
	if attached+empty != 13837 || attached != addrs {
		t.Errorf("%d addresses attached + %d empty rows, want 13837 (entities hold %d)", attached, empty, addrs)
	}
	// remarks continued in sdn_comments.csv are joined and parsed whole
	tian := byNum["28263"]
	if tian == nil || !strings.HasSuffix(tian.Remarks, "Linked To: LAZARUS GROUP.") || tian.Names[len(tian.Names)-1].Full != "snowsjohn" ||
		tian.Properties["linkedTo"][0] != "LAZARUS GROUP" {
		t.Errorf("28263 = %+v", tian)
	}
}

// csvStdRows reads an OFAC CSV file with encoding/csv.
func csvStdRows(t *testing.T, path string, fields int) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimRight(data, "\x1a\r\n")))
	r.FieldsPerRecord = fields
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestCSVDetectRealFiles runs both readers over every real list file: they
// must claim their own files and no other format's.
func TestCSVDetectRealFiles(t *testing.T) {
	root := shared.Lists(t)
	lists, skipped, err := source.Load(root, []source.Format{LegacyCSV, CryptoAddresses}, source.LoadOptions{SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range lists {
		rel, _ := filepath.Rel(root, filepath.Dir(l.Files[0]))
		got = append(got, l.ID+" "+rel)
	}
	sort.Strings(got)
	// the two SDN lists get unique ids from the loader (ofac-sdn, ofac-sdn@…)
	if len(got) != 3 || got[0] != "ofac-crypto archive/ofac-crypto-addresses-2024-09" ||
		!strings.HasPrefix(got[1], "ofac-sdn") || !strings.HasSuffix(got[1], "archive/ofac-sdn-csv-2021-07") ||
		!strings.HasPrefix(got[2], "ofac-sdn") || !strings.HasSuffix(got[2], "current/ofac-sdn-2024-05") {
		t.Errorf("claimed %q", got)
	}
	for _, s := range skipped {
		if !errors.Is(s.Err, source.ErrUnrecognised) {
			t.Errorf("%s: %v", s.Path, s.Err)
		}
	}
	t.Logf("claimed %q; left %d other files", got, len(skipped))
}

// TestCSVRemarkCoverage2021 measures the same on the complete 2021 set,
// whose long remarks are whole thanks to sdn_comments.csv.
func TestCSVRemarkCoverage2021(t *testing.T) {
	dir := shared.Lists(t, "archive", "ofac-sdn-csv-2021-07")
	var files []*source.File
	for _, n := range []string{"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"} {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, &source.File{Name: n, Path: filepath.Join(dir, n), Data: data})
	}
	_, st, err := csvParse(files, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("remark facts %d: recognised %d (%.1f%%), left as text %d", st.Facts, st.Recognised,
		100*float64(st.Recognised)/float64(st.Facts), st.Unparsed)
	for i, k := range csvSortedKeys(st.Samples) {
		if i == 40 {
			break
		}
		t.Logf("%5d  %s", st.Samples[k], k)
	}
	if st.Recognised*100 < st.Facts*95 {
		t.Errorf("only %d of %d remark facts recognised", st.Recognised, st.Facts)
	}
}
