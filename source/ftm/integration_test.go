package ftm

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/internal/shared"
	"github.com/embargo/embargo/internal/sourcetest"
	"github.com/embargo/embargo/source"
)

const euFile = "current/eu-fsf-2026-01-28-converted/eu_fsf.ftm.jsonl"

func TestRealEUFSF(t *testing.T) {
	l := sourcetest.LoadOne(t, shared.Lists(t, euFile), JSONL)
	if l.ID != "eu-fsf" || l.Format != "ftm-jsonl" || l.Published != "2026-01-28" || l.SHA256 == "" {
		t.Errorf("list: id %q format %q published %q", l.ID, l.Format, l.Published)
	}
	if len(l.Notes) != 0 {
		t.Errorf("notes: %q", l.Notes)
	}
	schemas := map[entity.Schema]int{}
	ids := map[entity.IDType]int{}
	for _, e := range l.Entities {
		schemas[e.Schema]++
		for _, id := range e.Identifiers {
			ids[id.Type]++
		}
		if len(e.Names) == 0 || e.Names[0].Kind != entity.Primary {
			t.Errorf("%s: no primary name", e.Sources[0].RecordID)
		}
		if _, ok := e.Properties["datasets"]; ok {
			t.Errorf("%s: datasets property on a single-dataset file", e.Sources[0].RecordID)
		}
	}
	if len(l.Entities) != 5795 || schemas[entity.Person] != 4302 || schemas[entity.LegalEntity] != 1493 {
		t.Errorf("got %d entities: %v", len(l.Entities), schemas)
	}
	t.Logf("identifiers: %v", ids)
	if ids[entity.Passport] < 501 || ids[entity.NationalID] < 1396 {
		t.Errorf("identifiers: %v", ids)
	}

	var putin *entity.Entity
	for _, e := range l.Entities {
		if e.Sources[0].RecordID == "eu-fsf-135909" {
			putin = e
		}
	}
	if putin == nil {
		t.Fatal("no eu-fsf-135909")
	}
	if putin.Schema != entity.Person || putin.Sources[0].List != "eu-fsf" {
		t.Errorf("putin: %s %+v", putin.Schema, putin.Sources)
	}
	want := map[string]entity.NameKind{
		"Vladimir Vladimirovitj PUTIN":   entity.Primary,
		"Vladimir Vladimirovich PUTIN":   entity.Alias,
		"Vladimir Vladimirovich POUTINE": entity.Alias,
		"Влади́мир Влади́мирович ПУ́ТИН": entity.Alias,
	}
	if len(putin.Names) != len(want) {
		t.Errorf("putin names %+v", putin.Names)
	}
	for _, n := range putin.Names {
		if k, ok := want[n.Full]; !ok || k != n.Kind {
			t.Errorf("putin name %q kind %s unexpected", n.Full, n.Kind)
		}
	}
	if len(putin.BirthDates) != 1 || putin.BirthDates[0].String() != "1952-10-07" {
		t.Errorf("putin DOB %+v", putin.BirthDates)
	}
	if len(putin.MergeKeys) != 1 || putin.MergeKeys[0] != "ftm:eu-fsf-135909" || putin.Properties["topics"][0] != "sanction" {
		t.Errorf("putin merge keys %q properties %v", putin.MergeKeys, putin.Properties)
	}
}

func TestRealOpenSanctions(t *testing.T) {
	dir := shared.Lists(t, "archive/opensanctions")
	paths, err := filepath.Glob(filepath.Join(dir, "*.ftm.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no files in %s: %v", dir, err)
	}
	type want struct {
		id, published string
		entities      int
		schemas       map[entity.Schema]int
	}
	wants := map[string]want{
		"sa_wiki_peps_v2_2024-03.entities.ftm.json": {"sa-wiki-peps-v2", "2024-03-14", 607, map[entity.Schema]int{entity.Person: 607}},
		"yente_zala_cluster.entities.ftm.json":      {"yente-zala-cluster", "2026-04-29", 17, map[entity.Schema]int{entity.Person: 6, entity.Company: 11}},
	}
	for _, p := range paths {
		name := filepath.Base(p)
		t.Run(name, func(t *testing.T) {
			l := sourcetest.LoadOne(t, p, JSONL)
			schemas := map[entity.Schema]int{}
			for _, e := range l.Entities {
				schemas[e.Schema]++
				if len(e.MergeKeys) == 0 || e.MergeKeys[0] != "ftm:"+e.Sources[0].RecordID {
					t.Errorf("%s: merge keys %q", e.Sources[0].RecordID, e.MergeKeys)
				}
			}
			t.Logf("%s: id %s published %s, %d entities %v, %d notes", name, l.ID, l.Published, len(l.Entities), schemas, len(l.Notes))
			for _, n := range l.Notes {
				t.Logf("  note: %s", n)
			}
			w, ok := wants[name]
			if !ok {
				if len(l.Entities) == 0 {
					t.Errorf("no entities")
				}
				return
			}
			if l.ID != w.id || l.Published != w.published || len(l.Entities) != w.entities {
				t.Errorf("got id %q published %q %d entities; want %q %q %d", l.ID, l.Published, len(l.Entities), w.id, w.published, w.entities)
			}
			for s, n := range w.schemas {
				if schemas[s] != n {
					t.Errorf("%s: %d, want %d", s, schemas[s], n)
				}
			}
		})
	}
}

// TestRealZalaFolding checks that the OpenSanctions cluster export folds its
// Sanction entities into the entities they name.
func TestRealZalaFolding(t *testing.T) {
	l := sourcetest.LoadOne(t, shared.Lists(t, "archive/opensanctions/yente_zala_cluster.entities.ftm.json"), JSONL)
	var zala *entity.Entity
	for _, e := range l.Entities {
		if e.Sources[0].RecordID == "NK-aU5ybkbRFJucf8YMwsJvDw" {
			zala = e
		}
	}
	if zala == nil {
		t.Fatal("no NK-aU5ybkbRFJucf8YMwsJvDw")
	}
	if zala.Schema != entity.Person || len(zala.Programs) < 3 || zala.ListedOn == "" || len(zala.MergeKeys) < 2 {
		t.Errorf("zala: schema %s programs %q listed %q merge keys %d", zala.Schema, zala.Programs, zala.ListedOn, len(zala.MergeKeys))
	}
	hasSkip := false
	for _, n := range l.Notes {
		hasSkip = hasSkip || strings.HasPrefix(n, "skipped 41 Sanction entities")
	}
	if !hasSkip {
		t.Errorf("notes %q", l.Notes)
	}
}

func BenchmarkParseEUFSF(b *testing.B) {
	path := shared.Lists(b, euFile)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	f := &source.File{Name: filepath.Base(path), Path: path, Data: data}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := JSONL.Parse([]*source.File{f}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseOpenSanctionsPEPs(b *testing.B) {
	path := shared.Lists(b, "archive/opensanctions/sa_wiki_peps_v2_2024-03.entities.ftm.json")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	f := &source.File{Name: filepath.Base(path), Path: path, Data: data}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := JSONL.Parse([]*source.File{f}); err != nil {
			b.Fatal(err)
		}
	}
}
