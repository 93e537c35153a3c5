package eval_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/embargo/embargo/eval"
	"github.com/embargo/embargo/internal/shared"
	"github.com/embargo/embargo/internal/testlists"
	"github.com/embargo/embargo/match"
	"github.com/embargo/embargo/screen"
)

// Floors a little under the figures embargo reaches (see the README's
// quality section): a change that makes matching worse fails CI.
const (
	floorRecallTreated   = 0.990 // issue target ≥ 0.99
	floorRecallUntreated = 0.998 // issue target ≥ 0.998
	ceilFPRFaker         = 0.0025
	ceilFPRCompanies     = 0.0025
)

func run(t *testing.T, inputs ...eval.Input) *eval.Report {
	t.Helper()
	svc := testlists.Current(t)
	rep, err := eval.Run(context.Background(), svc, inputs, eval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestQualityFloors(t *testing.T) {
	if testing.Short() {
		t.Skip("screens 100,000 names")
	}
	names := func(rel ...string) string { return shared.Path(t, append([]string{"names"}, rel...)...) }
	rep := run(t,
		eval.Input{Path: names("un-queries", "positives_un_treated.csv"), Positive: true},
		eval.Input{Path: names("un-queries", "positives_un_untreated.csv"), Positive: true},
		eval.Input{Path: names("faker", "faker_names_seed20261129.tsv")},
		eval.Input{Path: names("companies", "nasdaq-listed-symbols.csv"), Label: "nasdaq"},
		eval.Input{Path: names("companies", "nyse-listed.csv"), Label: "nyse"},
		eval.Input{Path: names("companies", "other-listed.csv"), Label: "other"},
	)
	by := rep.By["file"]
	check := func(what string, got, limit float64, above bool) {
		t.Helper()
		if (above && got < limit) || (!above && got > limit) {
			t.Errorf("%s = %.4f, limit %.4f", what, got, limit)
		} else {
			t.Logf("%s = %.4f (limit %.4f)", what, got, limit)
		}
	}
	check("recall, UN treated", by["positives_un_treated.csv"].Recall, floorRecallTreated, true)
	check("recall, UN untreated", by["positives_un_untreated.csv"].Recall, floorRecallUntreated, true)
	check("false-positive rate, faker", by["faker_names_seed20261129.tsv"].FPR, ceilFPRFaker, false)
	companies := by["nasdaq"].FalseAlerts + by["nyse"].FalseAlerts + by["other"].FalseAlerts
	total := by["nasdaq"].Negatives + by["nyse"].Negatives + by["other"].Negatives
	check("false-positive rate, US companies", float64(companies)/float64(total), ceilFPRCompanies, false)
	// rows the data itself gets wrong, refused with an error: three
	// impossible birth dates in the treated UN file (1974-01-32,
	// 1968-13-30, 1948-13-16), and three company rows without a name
	// (a file footer and an empty Company Name)
	for file, want := range map[string]int{"positives_un_treated.csv": 3, "nasdaq": 2, "other": 1} {
		if got := by[file].Errors; got != want {
			t.Errorf("%s: %d rows could not be screened, want %d", file, got, want)
		}
	}
	if rep.Totals.Errors != 6 {
		t.Errorf("%d rows could not be screened, want 6", rep.Totals.Errors)
	}
}

var cyrillic = regexp.MustCompile(`\p{Cyrillic}`)

// TestCyrillicAliases: every person of the EU list whose names include a
// Cyrillic one is found by that Cyrillic name alone as the top hit (ties
// at the top score count: the EU list repeats some people under two
// records).
func TestCyrillicAliases(t *testing.T) {
	path := shared.Lists(t, "current", "eu-fsf-2026-01-28-converted", "eu_fsf.ftm.jsonl")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	type ftm struct {
		ID         string              `json:"id"`
		Schema     string              `json:"schema"`
		Properties map[string][]string `json:"properties"`
	}
	svc := testlists.Current(t)
	people, queries, failed := 0, 0, 0
	dec := json.NewDecoder(bytesReader(data))
	for dec.More() {
		var e ftm
		if err := dec.Decode(&e); err != nil {
			t.Fatal(err)
		}
		if e.Schema != "Person" {
			continue
		}
		counted := false
		for _, n := range append(e.Properties["name"], e.Properties["alias"]...) {
			if !cyrillic.MatchString(n) {
				continue
			}
			if !counted {
				people++
				counted = true
			}
			queries++
			res, err := svc.Screen(screen.Request{Query: match.Query{Names: []string{n}}, Limit: 20})
			if err != nil {
				t.Fatal(err)
			}
			if !topHit(res, e.ID) {
				failed++
				if failed <= 20 {
					var got []string
					for _, h := range res.Hits[:min(3, len(res.Hits))] {
						got = append(got, h.ID+" "+h.Caption)
					}
					t.Errorf("%s: %q does not find it as the top hit: %v", e.ID, n, got)
				}
			}
		}
	}
	t.Logf("%d people, %d Cyrillic names, %d not found as the top hit", people, queries, failed)
	if people < 1000 {
		t.Errorf("only %d people with Cyrillic names: the fixture changed?", people)
	}
}

func topHit(res *screen.Result, id string) bool {
	if len(res.Hits) == 0 || !res.Hits[0].Match {
		return false
	}
	best := res.Hits[0].Score
	for _, h := range res.Hits {
		if h.Score < best {
			break
		}
		for _, s := range h.Entity.Sources {
			if s.List == "eu-fsf" && s.RecordID == id {
				return true
			}
		}
	}
	return false
}

func TestReport(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o644)
		return p
	}
	svc := testlists.Current(t)
	pos := write("pos.csv", "name,dob,expected_id,category\nVladimir Putin,1952-10-07,ofac-sdn:35096,head of state\nPUTIN Vladimir,,35096,head of state\nXyzzy Plugh,,ofac-sdn:35096,nonsense\n")
	neg := write("neg.jsonl", `{"name":"Angela Merkel"}`+"\n"+`{"name":"Joe Biden"}`+"\n")
	rep, err := eval.Run(context.Background(), svc, []eval.Input{{Path: pos, Positive: true}, {Path: neg}}, eval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Totals.Positives != 3 || rep.Totals.Found != 2 || rep.Totals.Negatives != 2 || rep.Totals.FalseAlerts != 0 {
		t.Errorf("totals %+v", rep.Totals)
	}
	if rep.Ranks.WithExpectation != 3 || rep.Ranks.Top1 != 2 || rep.Ranks.Absent != 1 {
		t.Errorf("ranks %+v", rep.Ranks)
	}
	if c := rep.By["category"]["head of state"]; c.Recall != 1 {
		t.Errorf("category breakdown %+v", rep.By["category"])
	}
	if len(rep.Sweep) != 51 || rep.Sweep[0].Threshold != 0.5 || rep.Sweep[50].Threshold != 1 {
		t.Errorf("sweep %d rows", len(rep.Sweep))
	}
	if svg := rep.SVG(); len(svg) < 1000 || string(svg[:4]) != "<svg" {
		t.Errorf("svg %d bytes", len(svg))
	}
}
