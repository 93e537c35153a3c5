package index

import (
	"slices"
	"testing"

	"github.com/embargo/embargo/dataset"
	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/names"
	"github.com/embargo/embargo/source"
)

func build(t *testing.T, listed ...string) *Index {
	t.Helper()
	var ents []*entity.Entity
	for i, n := range listed {
		e := &entity.Entity{Schema: entity.Person, Sources: []entity.Source{{List: "t", RecordID: string(rune('a' + i))}}}
		e.AddName(entity.Name{Full: n})
		ents = append(ents, e)
	}
	ents[0].AddIdentifier(entity.Identifier{Type: entity.IMO, Value: "9187629"})
	return Build(dataset.Build([]*source.List{{ID: "t", SHA256: "0", Entities: ents}}))
}

// matched returns the forms of the terms a query word matches, and how.
func matched(ix *Index, q string) map[string]names.How {
	n := names.Analyze(q, names.HintPerson)
	lk := ix.Lookup(&n)
	out := map[string]names.How{}
	for t, ms := range lk.Terms {
		for _, m := range ms {
			if m.Q == 0 && m.Q2 < 0 && m.Half == 0 {
				out[ix.TermForm(t)] = m.How
			}
		}
	}
	return out
}

func TestLookup(t *testing.T) {
	ix := build(t, "Vladimir PUTIN", "Mohammed ATTA", "Abdulrahman KHALID", "Xiuying WANG", "محمد جواد", "Yuri GAGARIN", "Haled OMAR")
	for _, tc := range []struct {
		query, term string
		how         names.How
	}{
		{"putin", "putin", names.Exact},
		{"Путин", "putin", names.Exact},
		{"puitn", "putin", names.Fuzzy}, // transposition through the delete table
		{"pupin", "putin", names.Fuzzy},
		{"muhammad", "mohamed", names.Equivalent},
		{"iurii", "yuri", names.Equivalent},
		{"khaled", "haled", names.Exact},     // respelt the same: kh → h
		{"mohammad", "mhmd", names.Skeletal}, // a Latin spelling finds the Arabic-script name
	} {
		got := matched(ix, tc.query)
		if how, ok := got[tc.term]; !ok || how != tc.how {
			t.Errorf("%q: matches %v, want %s by %s", tc.query, got, tc.term, tc.how)
		}
	}
	// split and joined words
	n := names.Analyze("Xiu Ying Wang", names.HintPerson)
	lk := ix.Lookup(&n)
	if c := ix.Candidates(lk, 10, 0.3); len(c) == 0 || ix.Entities[ix.Names[c[0].Name].Entity].Caption() != "Xiuying WANG" {
		t.Errorf("joined words: candidates %+v", c)
	}
	n = names.Analyze("Abdul Rahman Khalid", names.HintPerson)
	lk = ix.Lookup(&n)
	if c := ix.Candidates(lk, 10, 0.3); len(c) == 0 || ix.Entities[ix.Names[c[0].Name].Entity].Caption() != "Abdulrahman KHALID" {
		t.Errorf("split words: candidates %+v", c)
	}
}

func TestCandidatesRanking(t *testing.T) {
	ix := build(t, "Vladimir PUTIN", "Vladimir IVANOV", "Vladimir PETROV", "Igor PUTIN")
	n := names.Analyze("Vladimir Putin", names.HintPerson)
	c := ix.Candidates(ix.Lookup(&n), 10, 0.3)
	if len(c) < 2 || ix.Entities[ix.Names[c[0].Name].Entity].Caption() != "Vladimir PUTIN" || c[0].Cover < 0.99 {
		t.Fatalf("candidates %+v", c)
	}
	// the rare word weighs more than the common one
	var igor, ivanov float32
	for _, x := range c {
		switch ix.Entities[ix.Names[x.Name].Entity].Caption() {
		case "Igor PUTIN":
			igor = x.Cover
		case "Vladimir IVANOV":
			ivanov = x.Cover
		}
	}
	if igor <= ivanov {
		t.Errorf("sharing the rare surname (%.2f) should cover more than the common given name (%.2f)", igor, ivanov)
	}
	if got := ix.Candidates(ix.Lookup(&n), 1, 0.3); len(got) != 1 {
		t.Errorf("limit: %d", len(got))
	}
}

func TestIdentifiers(t *testing.T) {
	ix := build(t, "OCEAN TRADER")
	for _, q := range []string{"9187629", "IMO 9187629", "imo9187629", "9187-629"} {
		if refs := ix.LookupID(q); len(refs) != 1 {
			t.Errorf("LookupID(%q) = %v", q, refs)
		}
	}
	if refs := ix.LookupID("9187628"); len(refs) != 0 {
		t.Errorf("wrong number found: %v", refs)
	}
	if got := IDKeys("IMO 9187629"); !slices.Contains(got, "9187629") {
		t.Errorf("IDKeys = %v", got)
	}
	if s := ix.Stats(); s.Entities != 1 || s.IDs != 1 {
		t.Errorf("stats %+v", s)
	}
}
