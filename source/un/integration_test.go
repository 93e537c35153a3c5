package un

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/internal/shared"
	"github.com/embargo/embargo/internal/sourcetest"
	"github.com/embargo/embargo/source"
	"github.com/embargo/embargo/source/internal/textutil"
)

func loadReal(t *testing.T, rel ...string) *source.List {
	t.Helper()
	return sourcetest.LoadOne(t, shared.Lists(t, rel...), Consolidated)
}

func TestRealCurrent(t *testing.T) {
	l := loadReal(t, "current", "un-2026-02-27", "consolidated.xml")
	if l.ID != "un-sc" || l.Format != "un-sc-xml" || l.Published != "2026-02-27" {
		t.Errorf("header: id %q format %q published %q", l.ID, l.Format, l.Published)
	}
	schemas := map[entity.Schema]int{}
	for _, e := range l.Entities {
		schemas[e.Schema]++
		if len(e.Names) == 0 {
			t.Errorf("%s has no name", e.Sources[0].RecordID)
		}
		if len(e.MergeKeys) != 1 || e.MergeKeys[0] != "un:"+e.Sources[0].RecordID {
			t.Errorf("%s merge keys %v", e.Sources[0].RecordID, e.MergeKeys)
		}
	}
	if len(l.Entities) != 1003 || schemas[entity.Person] != 730 || schemas[entity.LegalEntity] != 273 {
		t.Errorf("got %d entities %v, want 1003 (730 Person, 273 LegalEntity)", len(l.Entities), schemas)
	}
	if len(l.Notes) != 0 {
		t.Errorf("unexpected notes on the real file: %q", l.Notes)
	}

	recs := sourcetest.ByRecord(l)
	e := recs["CDi.001"]
	if e == nil {
		t.Fatal("CDi.001 missing")
	}
	if e.Caption() != "ERIC BADEGE" || e.Gender != "male" || !reflect.DeepEqual(e.Nationalities, []string{"cd"}) ||
		len(e.BirthDates) != 1 || e.BirthDates[0].Year != 1971 || e.BirthDates[0].Month != 0 ||
		e.ListedOn != "2012-12-31" || !reflect.DeepEqual(e.Programs, []string{"DRC"}) ||
		len(e.Addresses) != 1 || e.Addresses[0].Country != "rw" || !strings.HasPrefix(e.Remarks, "He fled to Rwanda") {
		t.Errorf("CDi.001 = %+v", e)
	}
	if len(e.Names) != 1 || len(e.Names[0].Parts) != 2 || e.Names[0].Parts[1] != (entity.NamePart{Type: entity.Other, Value: "BADEGE"}) {
		t.Errorf("CDi.001 names = %+v (empty alias placeholder must be skipped)", e.Names)
	}

	// Mullah Omar: title out of Full, Arabic original script, three DOBs.
	e = recs["TAi.004"]
	if e.Names[0].Full != "MOHAMMED OMAR GHULAM NABI" || e.Names[0].Parts[0] != (entity.NamePart{Type: entity.Title, Value: "Mullah"}) {
		t.Errorf("TAi.004 primary = %+v", e.Names[0])
	}
	if e.Names[1].Script != "Arab" || e.Names[1].Kind != entity.Primary || len(e.BirthDates) != 3 || !e.BirthDates[0].Circa {
		t.Errorf("TAi.004 = %+v", e)
	}

	// Soleimani: packed Good aliases split, Low ones weak, passport from Iran.
	e = recs["IRi.039"]
	var weak, good int
	for _, n := range e.Names {
		switch n.Kind {
		case entity.WeakAlias:
			weak++
		case entity.Alias:
			good++
		}
		if strings.Contains(n.Full, ";") {
			t.Errorf("IRi.039 unsplit alias %q", n.Full)
		}
	}
	if good != 8 || weak != 3 || len(e.Identifiers) != 1 || e.Identifiers[0] != (entity.Identifier{Type: entity.Passport, Value: "008827", Country: "ir", Label: "Passport"}) {
		t.Errorf("IRi.039: %d good, %d weak aliases, ids %+v", good, weak, e.Identifiers)
	}

	// Doku Umarov: "former Soviet Union" folds into ru; Cyrillic original script.
	e = recs["QDi.290"]
	if !reflect.DeepEqual(e.Nationalities, []string{"ru"}) || e.Names[1].Script != "Cyrl" {
		t.Errorf("QDi.290 nationalities %v names %+v", e.Nationalities, e.Names[:2])
	}

	// SDi.001: nationality "na" is a placeholder, not Namibia.
	if e = recs["SDi.001"]; len(e.Nationalities) != 0 {
		t.Errorf("SDi.001 nationalities = %v", e.Nationalities)
	}

	// Every NATIONALITY value maps to an ISO code, except documented placeholders.
	data, err := os.ReadFile(filepath.Join(shared.Lists(t, "current", "un-2026-02-27"), "consolidated.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var unmapped []string
	for _, chunk := range strings.Split(string(data), "<NATIONALITY>")[1:] {
		chunk = chunk[:strings.Index(chunk, "</NATIONALITY>")]
		for _, v := range strings.Split(chunk, "<VALUE>")[1:] {
			v = textutil.Clean(v[:strings.Index(v, "</VALUE>")])
			if code, placeholder := countryCode(v); code == "" && !placeholder {
				unmapped = append(unmapped, v)
			}
		}
	}
	if len(unmapped) != 0 {
		t.Errorf("NATIONALITY values without an ISO code: %q", unmapped)
	}

	// Names in Arabic script from NAME_ORIGINAL_SCRIPT.
	arabic, cyrillic := 0, 0
	for _, e := range l.Entities {
		for _, n := range e.Names[1:] {
			if n.Kind != entity.Primary {
				continue
			}
			switch n.Script {
			case "Arab":
				arabic++
			case "Cyrl":
				cyrillic++
			}
		}
	}
	if arabic != 366 || cyrillic != 11 {
		t.Errorf("original-script names: %d Arabic, %d Cyrillic; want 366, 11", arabic, cyrillic)
	}

	// Entity: packed Arabic a.k.a. and f.k.a.
	e = recs["QDe.137"]
	var hts, fka bool
	for _, n := range e.Names {
		hts = hts || (n.Full == "هيئة تحرير الشام" && n.Kind == entity.Alias && n.Script == "Arab")
		fka = fka || n.Kind == entity.FormerName
		if n.Full == "original script" {
			t.Errorf("QDe.137 marker kept as a name")
		}
	}
	if e.Schema != entity.LegalEntity || !hts {
		t.Errorf("QDe.137 names = %+v", e.Names)
	}
}

func TestRealArchive(t *testing.T) {
	old := loadReal(t, "archive", "un-2026-01-28", "consolidated.xml")
	if len(old.Entities) != 999 || old.Published != "2026-01-28" {
		t.Errorf("archive: %d entities, published %q; want 999, 2026-01-28", len(old.Entities), old.Published)
	}
	cur := loadReal(t, "current", "un-2026-02-27", "consolidated.xml")
	was := sourcetest.ByRecord(old)
	var added []string
	for id := range sourcetest.ByRecord(cur) {
		if was[id] == nil {
			added = append(added, id)
		}
	}
	if len(added) != 4 {
		t.Errorf("added records %v, want SDi.007–SDi.010", added)
	}
	for _, id := range added {
		if !strings.HasPrefix(id, "SDi.0") {
			t.Errorf("unexpected added record %s", id)
		}
	}
}

func BenchmarkParseCurrent(b *testing.B) {
	path := filepath.Join(shared.Lists(b, "current", "un-2026-02-27"), "consolidated.xml")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	files := []*source.File{{Name: "consolidated.xml", Path: path, Data: data}}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Consolidated.Parse(files); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRealFilesNotClaimed loads every real list in ../shared with only the UN
// format: it must claim exactly the two UN files and no file of another format.
func TestRealFilesNotClaimed(t *testing.T) {
	dir := shared.Lists(t)
	lists, skipped, err := source.Load(dir, []source.Format{Consolidated}, source.LoadOptions{SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(lists) != 2 {
		var files []string
		for _, l := range lists {
			files = append(files, l.Files...)
		}
		t.Errorf("UN format claimed %d files, want 2: %v", len(lists), files)
	}
	for _, s := range skipped {
		if !errors.Is(s.Err, source.ErrUnrecognised) {
			t.Errorf("%s: %v", s.Path, s.Err)
		}
	}
}
