package eval

import (
	"fmt"
	"testing"

	"github.com/embargo/embargo/dataset"
	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/internal/shared"
	"github.com/embargo/embargo/match"
	"github.com/embargo/embargo/names"
	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/source"
	"github.com/embargo/embargo/source/all"
)

// crossScript screens every listed person's names written in script sc
// against the lists with every name in that script removed: only the
// Latin names are left to find them by, as when a customer's name arrives
// in Arabic and the list has it only in Latin. It returns how many names
// found their person as the top match, and how many were tried.
func crossScript(t *testing.T, sc names.Script) (found, tried int, misses []string) {
	t.Helper()
	dir := shared.Lists(t, "current")
	lists, _, err := source.Load(dir, all.Formats(), source.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	queries := map[*entity.Entity][]string{}
	for _, l := range lists {
		for _, e := range l.Entities {
			if !e.Schema.IsPerson() {
				continue
			}
			kept := e.Names[:0:0]
			for _, n := range e.Names {
				if names.ScriptOf(n.Full) == sc {
					queries[e] = append(queries[e], n.Full)
					continue
				}
				kept = append(kept, n)
			}
			e.Names = kept
		}
	}
	svc, err := screen.New(dataset.Build(lists), screen.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	for e, qs := range queries {
		if len(e.Names) == 0 {
			continue // no Latin name to find it by
		}
		want := e.Sources[0]
		for _, q := range qs {
			tried++
			res, err := svc.Screen(screen.Request{Query: match.Query{Names: []string{q}, Schema: entity.Person}, Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			// found: the person matches, among the first three hits (the
			// same person is often listed separately on several lists)
			ok := false
			for i, h := range res.Hits {
				if i == 3 || !h.Match {
					break
				}
				for _, s := range h.Entity.Sources {
					ok = ok || (s.List == want.List && s.RecordID == want.RecordID)
				}
			}
			if ok {
				found++
			} else if len(misses) < 20 {
				got := "nothing"
				if len(res.Hits) > 0 {
					got = fmt.Sprintf("%s %.3f", res.Hits[0].Caption, res.Hits[0].Score)
				}
				misses = append(misses, q+" → want "+e.Caption()+", got "+got)
			}
		}
	}
	return found, tried, misses
}

// TestArabicToLatin: a listed person's name written in Arabic script
// (names of UN, EU and UK records, Persian and Urdu ones included) finds
// the person when the lists have only Latin spellings of it. The floor is
// a little under what embargo reaches (0.840 at the time of writing); the
// misses are mostly names the Latin spellings write quite differently
// (compounds split otherwise, extra or missing name parts).
func TestArabicToLatin(t *testing.T) {
	found, tried, misses := crossScript(t, names.Arabic)
	rate := float64(found) / float64(max(tried, 1))
	t.Logf("Arabic names: %d of %d find their person by its Latin names (%.1f%%)", found, tried, 100*rate)
	if tried < 1000 {
		t.Errorf("only %d Arabic-script names: the fixture changed?", tried)
	}
	if rate < 0.82 {
		for _, m := range misses {
			t.Log(m)
		}
		t.Errorf("Arabic → Latin recall %.3f, floor 0.82", rate)
	}
}
