package cli_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/embargo/embargo/cli"
	"github.com/embargo/embargo/internal/golden"
	"github.com/google/go-cmp/cmp"
)

// The fixture lists in testdata/lists (hand-written, in the published
// formats):
//
//	sdn.csv                OFAC legacy CSV (no header, -0- empties, CRLF, ^Z):
//	                       35096 PUTIN, Vladimir Vladimirovich (DOB 07 Oct 1952, Russia),
//	                       90001 NORTHERN STAR TRADING LLC, 90002 OCEAN FORTUNE (vessel,
//	                       IMO 9354521), 90003 IVANOV, Sergei Petrovich (DOB 12 Mar 1971)
//	consolidated.xml       UN: QDi.950 KHALID ABDULLAH AL-RASHIDI (Arabic original script),
//	                       KPi.951 PAK YONG SU, KPe.952 GREEN PINE SHIPPING COMPANY
//	watchlist.ftm.jsonl    FtM: Putin with the alias "Владимир Путин" (merges with the OFAC
//	                       record by name and birth date), a crypto wallet, an organisation
const lists = "testdata/lists"

const (
	putinID  = "ofac-sdn-35096"
	ivanovID = "ofac-sdn-90003"
	vesselID = "ofac-sdn-90002"
	walletID = "acme-watchlist-acme-wallet-1"
	wallet   = "bc1qexamplewalletaddr0000000000000000000"
)

type result struct {
	code           int
	stdout, stderr string
}

// env isolates a test from the machine: no $EMBARGO_DATA, and a fresh
// empty fetch cache so nothing reads or writes the real one.
func env(t *testing.T) string {
	t.Helper()
	cache := t.TempDir()
	t.Setenv("EMBARGO_CACHE", cache)
	t.Setenv("EMBARGO_DATA", "")
	return cache
}

// writeFile writes body to name in a fresh temporary directory and
// returns its path.
func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func runIn(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return result{code, out.String(), errb.String()}
}

func run(t *testing.T, args ...string) result {
	t.Helper()
	return runIn(t, "", args...)
}

// ok runs args and fails the test unless the exit code is 0.
func ok(t *testing.T, args ...string) result {
	t.Helper()
	r := run(t, args...)
	if r.code != cli.ExitOK {
		t.Fatalf("embargo %s: exit %d\nstderr: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r
}

// The JSON of `embargo screen --json`, with exactly the keys of the
// contract: the query, hits (id, caption, schema, datasets, score,
// match, reasons), threshold and dataset_version, and the additions the
// implementation documents in ScreenOutput and screen.Hit (algorithm,
// versions, matched_name, name_kind). Decoding with DisallowUnknownFields
// makes any new or renamed key fail the test.
type screenJSON struct {
	Query struct {
		Name    string   `json:"name"`
		Names   []string `json:"names"`
		Schema  string   `json:"schema"`
		DOB     []string `json:"dob"`
		Country []string `json:"country"`
		ID      []string `json:"id"`
		Gender  string   `json:"gender"`
	} `json:"query"`
	Hits           []hitJSON `json:"hits"`
	Threshold      float64   `json:"threshold"`
	DatasetVersion string    `json:"dataset_version"`
	Algorithm      string    `json:"algorithm"`
	Versions       struct {
		Names int `json:"names"`
		Index int `json:"index"`
		Match int `json:"match"`
	} `json:"versions"`
}

type hitJSON struct {
	ID          string       `json:"id"`
	Caption     string       `json:"caption"`
	Schema      string       `json:"schema"`
	Datasets    []string     `json:"datasets"`
	Score       float64      `json:"score"`
	Match       bool         `json:"match"`
	MatchedName string       `json:"matched_name"`
	NameKind    string       `json:"name_kind"`
	Reasons     []reasonJSON `json:"reasons"`
}

// reasonJSON is one reason of a hit. Its keys belong to package match and
// are left open here: the contract is that every hit explains itself with
// named features and their effects.
type reasonJSON struct {
	Feature string  `json:"feature"`
	Effect  float64 `json:"effect"`
	Detail  string  `json:"detail"`
	Query   string  `json:"query"`
	Listed  string  `json:"listed"`
}

func (r *reasonJSON) UnmarshalJSON(b []byte) error {
	type plain reasonJSON // a plain decode: unknown keys allowed
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	for _, k := range []string{"feature", "effect"} {
		if _, ok := m[k]; !ok {
			return fmt.Errorf("a reason without %q: %s", k, b)
		}
	}
	return json.Unmarshal(b, (*plain)(r))
}

// documented keys every hit and the top level must carry (never omitted)
var (
	topKeys = []string{"query", "hits", "threshold", "dataset_version"}
	hitKeys = []string{"id", "caption", "schema", "datasets", "score", "match", "reasons"}
)

func decodeScreen(t *testing.T, out string) screenJSON {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var s screenJSON
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("screen --json output does not fit the contract: %v\n%s", err, out)
	}
	var raw struct {
		Top  map[string]json.RawMessage
		Hits []map[string]json.RawMessage `json:"hits"`
	}
	json.Unmarshal([]byte(out), &raw.Top)
	json.Unmarshal([]byte(out), &raw)
	for _, k := range topKeys {
		if _, ok := raw.Top[k]; !ok {
			t.Errorf("screen --json lacks %q", k)
		}
	}
	if string(raw.Top["hits"]) == "null" {
		t.Errorf("hits is null, want a list")
	}
	for i, h := range raw.Hits {
		for _, k := range hitKeys {
			if _, ok := h[k]; !ok {
				t.Errorf("hit %d lacks %q", i, k)
			}
		}
	}
	for i := 1; i < len(s.Hits); i++ {
		if s.Hits[i].Score > s.Hits[i-1].Score {
			t.Errorf("hits not best first: %v then %v", s.Hits[i-1].Score, s.Hits[i].Score)
		}
	}
	return s
}

func screenJ(t *testing.T, args ...string) screenJSON {
	t.Helper()
	r := ok(t, append([]string{"screen", "--data", lists, "--json"}, args...)...)
	return decodeScreen(t, r.stdout)
}

func hitByID(s screenJSON, id string) *hitJSON {
	for i := range s.Hits {
		if s.Hits[i].ID == id {
			return &s.Hits[i]
		}
	}
	return nil
}

var hex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)
var versionRE = regexp.MustCompile(`^\d{8}-[0-9a-f]{12}$`)

type listsJSON struct {
	Lists []struct {
		ID        string   `json:"id"`
		Title     string   `json:"title"`
		Format    string   `json:"format"`
		Published string   `json:"published"`
		SHA256    string   `json:"sha256"`
		Files     []string `json:"files"`
		Entities  int      `json:"entities"`
		Declared  int      `json:"declared"`
		Notes     []string `json:"notes"`
	} `json:"lists"`
	Totals struct {
		Lists    int `json:"lists"`
		Records  int `json:"records"`
		Entities int `json:"entities"`
	} `json:"totals"`
	DatasetVersion string `json:"dataset_version"`
}

func decodeLists(t *testing.T, out string) listsJSON {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var l listsJSON
	if err := dec.Decode(&l); err != nil {
		t.Fatalf("lists --json: %v\n%s", err, out)
	}
	return l
}

func TestListsJSON(t *testing.T) {
	env(t)
	r := ok(t, "lists", "--data", lists, "--json")
	golden.Check(t, "testdata/golden/lists.json", []byte(r.stdout))
	l := decodeLists(t, r.stdout)
	type row struct {
		ID, Format, Published string
		Entities              int
	}
	var got []row
	for _, x := range l.Lists {
		got = append(got, row{x.ID, x.Format, x.Published, x.Entities})
		if !hex64.MatchString(x.SHA256) {
			t.Errorf("%s: sha256 %q", x.ID, x.SHA256)
		}
		if len(x.Files) != 1 || !strings.HasPrefix(x.Files[0], lists+"/") {
			t.Errorf("%s: files %v", x.ID, x.Files)
		}
	}
	want := []row{
		{"acme-watchlist", "ftm-jsonl", "2026-01-20", 3},
		{"ofac-sdn", "ofac-legacy-csv", "", 4},
		{"un-sc", "un-sc-xml", "2026-02-27", 3},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lists (-want +got):\n%s", diff)
	}
	// Putin is on two lists and merges into one entity
	if l.Totals.Lists != 3 || l.Totals.Records != 10 || l.Totals.Entities != 9 {
		t.Errorf("totals %+v, want 3 lists, 10 records, 9 entities", l.Totals)
	}
	if !versionRE.MatchString(l.DatasetVersion) || !strings.HasPrefix(l.DatasetVersion, "20260227-") {
		t.Errorf("dataset_version %q: want the newest publication date and a hash", l.DatasetVersion)
	}
	// the sha256 is the hash of the file as it is on disk
	sum := ok(t, "lists", "--data", filepath.Join(lists, "sdn.csv"), "--json")
	one := decodeLists(t, sum.stdout)
	if len(one.Lists) != 1 || one.Lists[0].SHA256 != l.Lists[1].SHA256 {
		t.Errorf("sdn.csv alone: %+v", one.Lists)
	}
	// the same data is the same version, whatever the path
	abs, _ := filepath.Abs(lists)
	if v := decodeLists(t, ok(t, "lists", "--data", abs, "--json").stdout).DatasetVersion; v != l.DatasetVersion {
		t.Errorf("absolute path: version %s, want %s", v, l.DatasetVersion)
	}
}

func TestListsText(t *testing.T) {
	env(t)
	r := ok(t, "lists", "--data", lists)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 6 {
		t.Fatalf("%d lines:\n%s", len(lines), r.stdout)
	}
	if f := strings.Fields(lines[0]); strings.Join(f, " ") != "ID FORMAT PUBLISHED ENTITIES SHA256 FILE" {
		t.Errorf("header %q", lines[0])
	}
	for i, want := range [][]string{
		{"acme-watchlist", "ftm-jsonl", "2026-01-20", "3"},
		{"ofac-sdn", "ofac-legacy-csv", "-", "4"},
		{"un-sc", "un-sc-xml", "2026-02-27", "3"},
	} {
		f := strings.Fields(lines[1+i])
		if len(f) != 6 || strings.Join(f[:4], " ") != strings.Join(want, " ") || len(f[4]) != 12 {
			t.Errorf("line %d: %q, want %v", i+2, lines[1+i], want)
		}
	}
	if !regexp.MustCompile(`^3 lists, 10 records, 9 entities after merging; dataset version 20260227-[0-9a-f]{12}$`).MatchString(lines[5]) {
		t.Errorf("totals line %q", lines[5])
	}
}

func TestDataFromEnvironment(t *testing.T) {
	env(t)
	t.Setenv("EMBARGO_DATA", lists)
	l := decodeLists(t, ok(t, "lists", "--json").stdout)
	if l.Totals.Lists != 3 {
		t.Errorf("$EMBARGO_DATA: %+v", l.Totals)
	}
	// --data wins over $EMBARGO_DATA
	l = decodeLists(t, ok(t, "lists", "--json", "--data", filepath.Join(lists, "consolidated.xml")).stdout)
	if l.Totals.Lists != 1 || l.Lists[0].ID != "un-sc" {
		t.Errorf("--data over $EMBARGO_DATA: %+v", l.Lists)
	}
}

func TestScreenJSONGolden(t *testing.T) {
	env(t)
	r := ok(t, "screen", "--data", lists, "--json", "--dob", "1952-10-07", "--country", "RU", "PUTIN, Vladimir Vladimirovich")
	golden.Check(t, "testdata/golden/screen_putin.json", []byte(r.stdout))
	decodeScreen(t, r.stdout)
}

func TestScreenPutinSpellings(t *testing.T) {
	env(t)
	for _, name := range []string{"Vladimir Putin", "PUTIN, Vladimir Vladimirovich", "Владимир Путин", "Wladimir Putin", "putin vladimir"} {
		s := screenJ(t, name)
		if len(s.Hits) == 0 || s.Hits[0].ID != putinID || !s.Hits[0].Match {
			t.Errorf("%q: want %s first with match=true, got %+v", name, putinID, s.Hits)
			continue
		}
		h := s.Hits[0]
		if h.Schema != "Person" || h.Caption != "Vladimir Vladimirovich PUTIN" || h.Score < 0.9 || h.Score > 1 {
			t.Errorf("%q: hit %+v", name, h)
		}
		if diff := cmp.Diff([]string{"acme-watchlist", "ofac-sdn"}, h.Datasets); diff != "" {
			t.Errorf("%q: datasets (-want +got):\n%s", name, diff)
		}
		if len(h.Reasons) == 0 || h.Reasons[0].Feature != "name" {
			t.Errorf("%q: reasons %+v", name, h.Reasons)
		}
		if s.Query.Name != name || s.Threshold != 0.8 || !versionRE.MatchString(s.DatasetVersion) || s.Algorithm == "" {
			t.Errorf("%q: query %+v threshold %v version %q", name, s.Query, s.Threshold, s.DatasetVersion)
		}
	}
}

func TestScreenOtherScripts(t *testing.T) {
	env(t)
	for _, tc := range []struct{ name, id string }{
		{"خالد عبد الله الراشدي", "un-sc-qdi.950"},
		{"Khalid al-Rashidi", "un-sc-qdi.950"},
		{"Green Pine Shipping", "un-sc-kpe.952"},
		{"Northern Star Trading", "ofac-sdn-90001"},
		{"Baltic Horizon Logistics", "acme-watchlist-acme-org-1"},
	} {
		s := screenJ(t, tc.name)
		if len(s.Hits) == 0 || s.Hits[0].ID != tc.id || !s.Hits[0].Match {
			t.Errorf("%q: want %s first with match=true, got %+v", tc.name, tc.id, s.Hits)
		}
	}
}

func TestScreenNoMatch(t *testing.T) {
	env(t)
	for _, name := range []string{"Joe Biden", "Angela Merkel", "Maria Garcia Lopez", "Acme Widgets Inc"} {
		s := screenJ(t, name)
		for _, h := range s.Hits {
			if h.Match {
				t.Errorf("%q matched %s (%v)", name, h.ID, h.Score)
			}
		}
		if s.Hits == nil {
			t.Errorf("%q: hits is null", name)
		}
	}
}

func TestScreenEvidence(t *testing.T) {
	env(t)
	score := func(args ...string) float64 {
		t.Helper()
		s := screenJ(t, append(args, "Sergei Ivanov")...)
		h := hitByID(s, ivanovID)
		if h == nil {
			t.Fatalf("%v: no hit for %s: %+v", args, ivanovID, s.Hits)
		}
		return h.Score
	}
	base := score()
	for _, tc := range []struct {
		args   []string
		effect string // up, down
	}{
		{[]string{"--dob", "1971-03-12"}, "up"},
		{[]string{"--dob", "1971"}, "up"},
		{[]string{"--dob", "1985-06-01"}, "down"},
		{[]string{"--country", "RU"}, "up"},
		{[]string{"--country", "Russia"}, "up"},
		{[]string{"--country", "US"}, "down"},
		{[]string{"--country", "de,ru"}, "up"},
		{[]string{"--id", "750123456"}, "up"},
		{[]string{"--gender", "female"}, "down"},
	} {
		got := score(tc.args...)
		if (tc.effect == "up" && got <= base) || (tc.effect == "down" && got >= base) {
			t.Errorf("%v: score %v, without it %v; want it %s", tc.args, got, base, tc.effect)
		}
	}
	// a birth date far off turns the match off; the right one keeps it
	if s := screenJ(t, "--dob", "1985", "Sergei Ivanov"); hitByID(s, ivanovID).Match {
		t.Errorf("--dob 1985 still matches: %+v", s.Hits[0])
	}
	s := screenJ(t, "--dob", "1971-03-12", "Sergei Ivanov")
	h := hitByID(s, ivanovID)
	found := false
	for _, r := range h.Reasons {
		found = found || r.Feature == "birth_date" || strings.Contains(r.Feature, "dob")
	}
	if !found {
		t.Errorf("--dob gives no birth date reason: %+v", h.Reasons)
	}
	if diff := cmp.Diff([]string{"1971-03-12"}, s.Query.DOB); diff != "" {
		t.Errorf("query dob (-want +got):\n%s", diff)
	}

	// an identifier alone finds the vessel and the wallet
	s = screenJ(t, "--id", "IMO 9354521")
	if len(s.Hits) != 1 || s.Hits[0].ID != vesselID || !s.Hits[0].Match || s.Hits[0].Schema != "Vessel" {
		t.Errorf("--id IMO: %+v", s.Hits)
	}
	s = screenJ(t, "--id", wallet)
	if len(s.Hits) != 1 || s.Hits[0].ID != walletID || s.Hits[0].Schema != "CryptoWallet" || !s.Hits[0].Match {
		t.Errorf("--id wallet: %+v", s.Hits)
	}
	// a person query never matches the vessel
	s = screenJ(t, "--schema", "Person", "--id", "9354521", "Ocean Fortune")
	if hitByID(s, vesselID) != nil {
		t.Errorf("--schema Person found the vessel: %+v", s.Hits)
	}
}

func TestScreenLimitThreshold(t *testing.T) {
	env(t)
	s := screenJ(t, "--id", "9354521", "Vladimir Putin")
	if len(s.Hits) != 2 || s.Hits[0].ID != putinID || s.Hits[1].ID != vesselID {
		t.Fatalf("name and IMO: %+v", s.Hits)
	}
	s = screenJ(t, "--limit", "1", "--id", "9354521", "Vladimir Putin")
	if len(s.Hits) != 1 || s.Hits[0].ID != putinID {
		t.Errorf("--limit 1: %+v", s.Hits)
	}
	s = screenJ(t, "Wladimir Putin")
	sc := s.Hits[0].Score
	if sc >= 1 || sc < 0.8 {
		t.Fatalf("Wladimir Putin scores %v, the test needs a score in [0.8,1)", sc)
	}
	s = screenJ(t, "--threshold", "0.999", "Wladimir Putin")
	if s.Threshold != 0.999 || s.Hits[0].ID != putinID || s.Hits[0].Match || s.Hits[0].Score != sc {
		t.Errorf("--threshold 0.999: threshold %v, hit %+v", s.Threshold, s.Hits[0])
	}
	s = screenJ(t, "--threshold", "0.5", "Wladimir Putin")
	if s.Threshold != 0.5 || !s.Hits[0].Match {
		t.Errorf("--threshold 0.5: %+v", s.Hits)
	}
}

func TestScreenListFilters(t *testing.T) {
	env(t)
	for _, tc := range []struct {
		args []string
		want bool // Putin found
	}{
		{nil, true},
		{[]string{"--list", "ofac-sdn"}, true},
		{[]string{"--list", "acme-watchlist"}, true},
		{[]string{"--list", "un-sc"}, false},
		{[]string{"--list", "un-sc", "--list", "ofac-sdn"}, true},
		{[]string{"--exclude-list", "ofac-sdn"}, true}, // still on the watchlist
		{[]string{"--exclude-list", "ofac-sdn", "--exclude-list", "acme-watchlist"}, false},
		{[]string{"--exclude-list", "un-sc"}, true},
	} {
		s := screenJ(t, append(tc.args, "Vladimir Putin")...)
		if got := hitByID(s, putinID) != nil; got != tc.want {
			t.Errorf("%v: Putin found %v, want %v", tc.args, got, tc.want)
		}
	}
	// a list id that names no loaded list is refused, not read as "no match"
	for _, fl := range []string{"--list", "--exclude-list"} {
		r := run(t, "screen", "--data", lists, fl, "ofac_sdn", "Vladimir Putin")
		if r.code != cli.ExitUsage || !strings.Contains(r.stderr, `"ofac_sdn": no such list is loaded (loaded: acme-watchlist, ofac-sdn, un-sc)`) {
			t.Errorf("%s ofac_sdn: exit %d, stderr %q", fl, r.code, r.stderr)
		}
	}
}

func TestScreenFailOnMatch(t *testing.T) {
	env(t)
	r := run(t, "screen", "--data", lists, "--fail-on-match", "Vladimir Putin")
	if r.code != cli.ExitMatched || !strings.Contains(r.stdout, putinID) {
		t.Errorf("match: exit %d, want %d; stdout %q", r.code, cli.ExitMatched, r.stdout)
	}
	r = run(t, "screen", "--data", lists, "--fail-on-match", "--json", "Vladimir Putin")
	if r.code != cli.ExitMatched {
		t.Errorf("--json match: exit %d", r.code)
	}
	decodeScreen(t, r.stdout) // the output is still written
	r = run(t, "screen", "--data", lists, "--fail-on-match", "Joe Biden")
	if r.code != cli.ExitOK {
		t.Errorf("no match: exit %d: %s", r.code, r.stderr)
	}
	r = run(t, "screen", "--data", lists, "Vladimir Putin")
	if r.code != cli.ExitOK {
		t.Errorf("match without --fail-on-match: exit %d", r.code)
	}
}

func TestScreenText(t *testing.T) {
	env(t)
	r := ok(t, "screen", "--data", lists, "Vladimir Putin")
	for _, want := range []string{`"Vladimir Putin": 1 match(es), 1 hit(s) shown; threshold 0.80, dataset 20260227-`,
		"SCORE", putinID, "MATCH", "Vladimir Vladimirovich PUTIN", "acme-watchlist,ofac-sdn", "why " + putinID} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, r.stdout)
		}
	}
	// an identifier-only query is named by its identifier
	r = ok(t, "screen", "--data", lists, "--id", wallet)
	if !strings.HasPrefix(r.stdout, `id "`+wallet+`": 1 match(es)`) {
		t.Errorf("--id only: %q", strings.SplitN(r.stdout, "\n", 2)[0])
	}
	// --name alone is a query too
	r = ok(t, "screen", "--data", lists, "--name", "Vladimir Putin", "--name", "V. V. Putin")
	if !strings.HasPrefix(r.stdout, `"Vladimir Putin; V. V. Putin": 1 match(es)`) {
		t.Errorf("--name only: %q", strings.SplitN(r.stdout, "\n", 2)[0])
	}
	// several words make one name
	r = ok(t, "screen", "--data", lists, "Vladimir", "Putin")
	if !strings.Contains(r.stdout, `"Vladimir Putin": 1 match(es)`) {
		t.Errorf("two arguments: %q", r.stdout)
	}
}

func TestUsageErrors(t *testing.T) {
	env(t)
	long := strings.Repeat("a", 10000)
	longWords := strings.Repeat("Vladimir Putin ", 700)
	for _, tc := range []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"no name", []string{"screen"}, "screen needs a NAME"},
		{"threshold above 1", []string{"screen", "--threshold", "2", "x"}, "--threshold 2: want a number in (0,1]"},
		{"threshold negative", []string{"screen", "--threshold", "-0.5", "x"}, "--threshold -0.5"},
		{"threshold NaN", []string{"screen", "--threshold", "NaN", "x"}, "--threshold NaN"},
		{"threshold text", []string{"screen", "--threshold", "high", "x"}, `invalid argument "high" for "--threshold"`},
		{"limit negative", []string{"screen", "--limit", "-1", "x"}, "--limit -1"},
		{"limit too big", []string{"screen", "--limit", "100000", "x"}, "--limit 100000: want a number from 1 to 500"},
		{"unknown flag", []string{"screen", "--bogus", "x"}, "unknown flag: --bogus"},
		{"unknown command", []string{"sceen", "x"}, "unknown command"},
		{"bad dob", []string{"screen", "--dob", "yesterday", "x"}, `dob: cannot read "yesterday" as a date`},
		{"impossible dob", []string{"screen", "--dob", "1952-13-45", "x"}, `dob: cannot read "1952-13-45" as a date`},
		{"dob Feb 30", []string{"screen", "--dob", "2023-02-30", "x"}, `dob: cannot read "2023-02-30"`},
		{"bad country", []string{"screen", "--country", "Narnia", "x"}, `country: unknown country "Narnia"`},
		{"bad country in a list", []string{"screen", "--country", "RU,Narnia", "x"}, `unknown country "Narnia"`},
		{"bad schema", []string{"screen", "--schema", "Dragon", "x"}, `schema: unknown schema "Dragon"`},
		{"bad gender", []string{"screen", "--gender", "alien", "x"}, `unknown gender "alien"`},
		{"invalid UTF-8", []string{"screen", "Vladimir \xff\xfe Putin"}, "name 1 is not valid UTF-8"},
		{"10,000 characters", []string{"screen", long}, "name 1 is longer than 400 characters"},
		{"10,000 characters in words", []string{"screen", longWords}, "longer than 400 characters"},
		{"no letters", []string{"screen", "!!! ..."}, "name 1 has no letters or digits"},
		{"only spaces", []string{"screen", "   "}, "a name or an identifier is required"},
		{"long id", []string{"screen", "--id", long}, "identifier 1"},
		{"name and input", []string{"screen", "--input", "x.csv", "Putin"}, "either NAME or --input"},
		{"party flags with input", []string{"screen", "--input", "x.csv", "--dob", "1952"}, "--dob describes a single party"},
		{"lists takes no argument", []string{"lists", "extra"}, "unknown command"},
		{"compare one name", []string{"compare", "Putin"}, "compare needs exactly two names"},
		{"compare three names", []string{"compare", "a", "b", "c"}, "compare needs exactly two names"},
		{"compare bad schema", []string{"compare", "--schema", "Dragon", "a", "b"}, `unknown schema "Dragon"`},
		{"compare NaN", []string{"compare", "--threshold", "NaN", "a", "b"}, "--threshold NaN"},
		{"compare invalid UTF-8", []string{"compare", "a\xff", "b"}, "name 1 is not valid UTF-8"},
		{"compare long", []string{"compare", "a", long}, "name 2 is longer than 400 characters"},
		{"compare empty", []string{"compare", "", "b"}, "name 1 has no letters or digits"},
		{"compare pairs and names", []string{"compare", "--pairs", "p.csv", "a"}, "either NAME1 NAME2 or --pairs"},
		{"fetch unknown list", []string{"fetch", "--list", "nope"}, `unknown list "nope"`},
		{"fetch bad url", []string{"fetch", "--url", "nourl"}, `--url "nourl": want ID=URL`},
		{"batch bad format", []string{"screen", "--input", "-", "--format", "xlsx"}, "unknown batch format"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, append(append([]string{}, tc.args[:1]...), append([]string{"--data", lists}, tc.args[1:]...)...)...)
			if tc.args[0] == "sceen" {
				r = run(t, tc.args...)
			}
			if r.code != cli.ExitUsage {
				t.Errorf("exit %d, want %d; stderr %q", r.code, cli.ExitUsage, r.stderr)
			}
			if !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr %q lacks %q", r.stderr, tc.want)
			}
			oneLine := strings.Count(r.stderr, "\n") == 1 || tc.args[0] == "sceen" // cobra adds "Did you mean"
			if !strings.HasPrefix(r.stderr, "embargo: ") || !oneLine {
				t.Errorf("want one clear line, got %q", r.stderr)
			}
			if len(r.stderr) > 1000 {
				t.Errorf("the error repeats the input: %d bytes", len(r.stderr))
			}
			if r.stdout != "" {
				t.Errorf("stdout %q", r.stdout)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	env(t)
	for _, tc := range []struct {
		name, data string
		want       []string
	}{
		{"missing dir", "testdata/no-such-dir", []string{"testdata/no-such-dir", "no such file or directory"}},
		{"unrecognised file", "testdata/bad/notes.txt", []string{"testdata/bad/notes.txt:1", "unrecognised list format", "--skip-bad-lists"}},
		{"truncated XML", "testdata/bad/truncated.xml", []string{"testdata/bad/truncated.xml:", "unexpected end of file", "--skip-bad-lists"}},
		{"bad dir", "testdata/bad", []string{"testdata/bad/", "--skip-bad-lists"}},
		{"empty dir", t.TempDir(), []string{"no list files under"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, args := range [][]string{
				{"lists", "--data", tc.data},
				{"screen", "--data", tc.data, "Vladimir Putin"},
				{"screen", "--data", tc.data, "--input", filepath.Join("testdata", "batch", "customers.csv")},
			} {
				r := run(t, args...)
				if r.code != cli.ExitError {
					t.Errorf("%v: exit %d, want %d", args, r.code, cli.ExitError)
				}
				for _, w := range tc.want {
					if !strings.Contains(r.stderr, w) {
						t.Errorf("%v: stderr %q lacks %q", args, r.stderr, w)
					}
				}
				if r.stdout != "" {
					t.Errorf("%v: stdout %q", args, r.stdout)
				}
			}
		})
	}
	// no hint to skip a list when there is nothing to skip
	r := run(t, "lists", "--data", "testdata/no-such-dir", "--skip-bad-lists")
	if r.code != cli.ExitError || strings.Contains(r.stderr, "use --skip-bad-lists") {
		t.Errorf("missing dir with --skip-bad-lists: %d %q", r.code, r.stderr)
	}
}

func TestSkipBadLists(t *testing.T) {
	env(t)
	dir := t.TempDir()
	for _, src := range []string{"testdata/lists/sdn.csv", "testdata/lists/watchlist.ftm.jsonl", "testdata/bad/truncated.xml", "testdata/bad/notes.txt"} {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(src)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := run(t, "lists", "--data", dir, "--json")
	if r.code != cli.ExitError || !strings.Contains(r.stderr, "use --skip-bad-lists") {
		t.Fatalf("without --skip-bad-lists: exit %d %q", r.code, r.stderr)
	}
	r = run(t, "lists", "--data", dir, "--json", "--skip-bad-lists")
	if r.code != cli.ExitOK {
		t.Fatalf("--skip-bad-lists: exit %d %q", r.code, r.stderr)
	}
	l := decodeLists(t, r.stdout)
	if l.Totals.Lists != 2 {
		t.Errorf("lists %+v", l.Lists)
	}
	for _, f := range []string{"truncated.xml", "notes.txt"} {
		if !regexp.MustCompile(`WARNING: embargo: SKIPPED \S*` + regexp.QuoteMeta(f) + `: `).MatchString(r.stderr) {
			t.Errorf("no loud warning naming %s:\n%s", f, r.stderr)
		}
	}
	if strings.Count(r.stderr, "WARNING: screening continues WITHOUT this list") != 2 {
		t.Errorf("warnings:\n%s", r.stderr)
	}
	// screening goes on without the bad lists, and says so
	r = run(t, "screen", "--data", dir, "--skip-bad-lists", "--json", "Vladimir Putin")
	if r.code != cli.ExitOK || !strings.Contains(r.stderr, "SKIPPED") {
		t.Fatalf("screen --skip-bad-lists: exit %d %q", r.code, r.stderr)
	}
	if s := decodeScreen(t, r.stdout); len(s.Hits) == 0 || s.Hits[0].ID != putinID {
		t.Errorf("hits %+v", s.Hits)
	}
	// every list bad: still an error
	r = run(t, "lists", "--data", "testdata/bad", "--skip-bad-lists")
	if r.code != cli.ExitError || !strings.Contains(r.stderr, "no list could be loaded from testdata/bad") || !strings.Contains(r.stderr, "SKIPPED") {
		t.Errorf("all bad: exit %d %q", r.code, r.stderr)
	}
}

func TestCompare(t *testing.T) {
	env(t)
	r := ok(t, "compare", "Vladimir Putin", "PUTIN, Vladimir Vladimirovich")
	if !regexp.MustCompile(`^0\.\d{3} MATCH \(threshold 0\.80\)\n  name `).MatchString(r.stdout) {
		t.Errorf("text: %q", r.stdout)
	}
	r = ok(t, "compare", "Joe Biden", "Vladimir Putin")
	if !strings.Contains(r.stdout, "no match") {
		t.Errorf("text no match: %q", r.stdout)
	}
	r = ok(t, "compare", "--json", "--schema", "person", "Wladimir Putin", "Vladimir Putin")
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	var c struct {
		Name1     string            `json:"name1"`
		Name2     string            `json:"name2"`
		Schema    string            `json:"schema"`
		Score     float64           `json:"score"`
		Match     bool              `json:"match"`
		Threshold float64           `json:"threshold"`
		Algorithm string            `json:"algorithm"`
		Reasons   []json.RawMessage `json:"reasons"`
	}
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("compare --json: %v\n%s", err, r.stdout)
	}
	if c.Name1 != "Wladimir Putin" || c.Name2 != "Vladimir Putin" || c.Schema != "Person" || !c.Match ||
		c.Score < 0.9 || c.Score >= 1 || c.Threshold != 0.8 || len(c.Reasons) == 0 {
		t.Errorf("compare --json: %+v", c)
	}
	// the threshold decides the match
	r = ok(t, "compare", "--json", "--threshold", "0.999", "Wladimir Putin", "Vladimir Putin")
	json.Unmarshal([]byte(r.stdout), &c)
	if c.Match || c.Threshold != 0.999 {
		t.Errorf("--threshold 0.999: %+v", c)
	}
	// compare needs no lists, and does not fetch them
	cache := env(t)
	ok(t, "compare", "a b", "a b")
	if ents, _ := os.ReadDir(cache); len(ents) != 0 {
		t.Errorf("compare touched the cache: %v", ents)
	}
}

func TestComparePairs(t *testing.T) {
	env(t)
	in := "name1,name2,schema,note\n" +
		"Vladimir Putin,\"PUTIN, Vladimir Vladimirovich\",Person,first\n" +
		"Joe Biden,Angela Merkel,,second\n" +
		",Empty,,third\n" +
		"Bad Schema,Bad Schema,Dragon,fourth\n" +
		"short\n" +
		"Acme Ltd,ACME Limited,Company,sixth\n" +
		"a,b,Person,x,extra\n" +
		"Last Pair,Last Pair,,\n"
	path := writeFile(t, "pairs.csv", in)
	for _, src := range []struct{ arg, stdin string }{{path, ""}, {"-", in}} {
		r := runIn(t, src.stdin, "compare", "--pairs", src.arg)
		if r.code != cli.ExitError {
			t.Errorf("exit %d, want %d (bad rows)", r.code, cli.ExitError)
		}
		recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		if err != nil {
			t.Fatalf("output is not CSV with a fixed column count: %v\n%s", err, r.stdout)
		}
		if diff := cmp.Diff([]string{"name1", "name2", "schema", "note", "score", "match"}, recs[0]); diff != "" {
			t.Errorf("header (-want +got):\n%s", diff)
		}
		if len(recs) != 9 {
			t.Fatalf("%d output rows, want 9 (header and every input row)", len(recs))
		}
		type res struct{ Note, Score, Match string }
		var got []res
		for _, rec := range recs[1:] {
			got = append(got, res{rec[3], rec[4], rec[5]})
		}
		want := []res{
			{"first", "0.963", "true"},
			{"second", "0.000", "false"},
			{"third", "", "error: name 1 has no letters or digits"},
			{"fourth", "", `error: unknown schema "Dragon"`},
			{"", "", "error: missing name1 or name2"},
			{"sixth", "1.000", "true"},
			{"x", "", "error: 5 fields, the header has 4"},
			{"", "1.000", "true"},
		}
		// scores come from the matcher: check their shape, not their digits
		for i := range got {
			if want[i].Score != "" && got[i].Score != "" {
				if !regexp.MustCompile(`^[01]\.\d{3}$`).MatchString(got[i].Score) {
					t.Errorf("row %d score %q", i+1, got[i].Score)
				}
				got[i].Score = want[i].Score
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("rows (-want +got):\n%s", diff)
		}
		for _, w := range []string{":4: name 1 has no letters or digits", ":5: unknown schema", ":6: missing name1 or name2", ":8: 5 fields", "4 rows could not be compared"} {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
			}
		}
	}

	// a broken quote keeps its place in the output
	r := runIn(t, "name1,name2\na\"b,c\nx,x\n", "compare", "--pairs", "-")
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(recs) != 3 || !strings.HasPrefix(recs[1][3], "error: ") || recs[2][3] != "true" {
		t.Errorf("bare quote: %v %q", err, r.stdout)
	}
	if r.code != cli.ExitError || !strings.Contains(r.stderr, "-:2: ") {
		t.Errorf("bare quote: exit %d %q", r.code, r.stderr)
	}

	// all good: exit 0
	r = runIn(t, "\ufeffName1,NAME2\nVladimir Putin,Putin Vladimir\n", "compare", "--pairs", "-")
	if r.code != cli.ExitOK || !strings.HasSuffix(r.stdout, ",true\n") {
		t.Errorf("good pairs: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	for _, tc := range []struct{ in, want string }{
		{"", "empty file: a header with name1 and name2 is required"},
		{"a,b\n1,2\n", "the header must have name1 and name2 columns (has a,b)"},
	} {
		r = runIn(t, tc.in, "compare", "--pairs", "-")
		if r.code != cli.ExitError || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q: exit %d %q", tc.in, r.code, r.stderr)
		}
	}
	// a runaway line stops the run, after the rows before it
	r = runIn(t, "name1,name2\na,a\n"+strings.Repeat("x", 2<<20)+",y\n", "compare", "--pairs", "-")
	if r.code != cli.ExitError || !strings.Contains(r.stderr, "-: line 3: longer than 1048576 bytes") || !strings.HasSuffix(r.stdout, "a,a,1.000,true\n") {
		t.Errorf("runaway line: exit %d, stdout %.200q, stderr %.200q", r.code, r.stdout, r.stderr)
	}
	r = run(t, "compare", "--pairs", filepath.Join(t.TempDir(), "missing.csv"))
	if r.code != cli.ExitError || !strings.Contains(r.stderr, "missing.csv") {
		t.Errorf("missing file: exit %d %q", r.code, r.stderr)
	}
}

func TestVersion(t *testing.T) {
	env(t)
	r := ok(t, "version")
	if !regexp.MustCompile(`^embargo \S+ \(algorithm embargo-v1; names rules v\d+, index v\d+, scoring v\d+\)\n$`).MatchString(r.stdout) {
		t.Errorf("version: %q", r.stdout)
	}
	if r := run(t, "version", "extra"); r.code != cli.ExitUsage {
		t.Errorf("version extra: exit %d", r.code)
	}
}

func TestHelp(t *testing.T) {
	env(t)
	r := ok(t, "--help")
	for _, cmd := range []string{"lists", "screen", "compare", "fetch", "version"} {
		if !strings.Contains(r.stdout, cmd) {
			t.Errorf("help lacks %s", cmd)
		}
	}
	r = ok(t, "screen", "--help")
	for _, fl := range []string{"--data", "--schema", "--dob", "--country", "--id", "--threshold", "--limit", "--json", "--input", "--output", "--fail-on-match", "--skip-bad-lists"} {
		if !strings.Contains(r.stdout, fl) {
			t.Errorf("screen help lacks %s", fl)
		}
	}
}
