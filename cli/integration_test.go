package cli_test

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embargo/embargo/cli"
	"github.com/embargo/embargo/internal/shared"
	"github.com/google/go-cmp/cmp"
)

// Integration tests against the real lists in ../shared/data/lists. They
// skip when ../shared is missing, and fail then under CI=true.

func TestIntegrationListsCurrent(t *testing.T) {
	env(t)
	current := shared.Lists(t, "current")
	l := decodeLists(t, ok(t, "lists", "--data", current, "--json").stdout)
	got := map[string]int{}
	for _, x := range l.Lists {
		got[x.ID] = x.Entities
		if !hex64.MatchString(x.SHA256) || len(x.Files) == 0 {
			t.Errorf("%s: sha256 %q files %v", x.ID, x.SHA256, x.Files)
		}
	}
	want := map[string]int{"un-sc": 1003, "ofac-cons": 442, "ofac-sdn": 14965, "uk-ofsi": 4686, "eu-fsf": 5795}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lists (-want +got):\n%s", diff)
	}
	records := 0
	for _, n := range want {
		records += n
	}
	if l.Totals.Lists != 5 || l.Totals.Records != records || l.Totals.Entities <= 0 || l.Totals.Entities >= records {
		t.Errorf("totals %+v: want 5 lists, %d records, fewer entities after merging", l.Totals, records)
	}
	if !versionRE.MatchString(l.DatasetVersion) {
		t.Errorf("dataset_version %q", l.DatasetVersion)
	}
}

func TestIntegrationScreen(t *testing.T) {
	env(t)
	current := shared.Lists(t, "current")
	for _, name := range []string{"Vladimir Putin", "PUTIN, Vladimir Vladimirovich", "Владимир Путин", "Wladimir Putin"} {
		r := ok(t, "screen", "--data", current, "--json", name)
		s := decodeScreen(t, r.stdout)
		if len(s.Hits) == 0 {
			t.Errorf("%q: no hits", name)
			continue
		}
		h := s.Hits[0]
		if h.ID != putinID || !h.Match || h.Schema != "Person" || !strings.Contains(strings.ToUpper(h.Caption), "PUTIN") {
			t.Errorf("%q: first hit %s %q (%v, match %v), want %s with match=true", name, h.ID, h.Caption, h.Score, h.Match, putinID)
		}
		for _, other := range s.Hits[1:] {
			if other.Match {
				t.Errorf("%q: a second match %s %q (%v)", name, other.ID, other.Caption, other.Score)
			}
		}
	}
	// the names that must not match, in one batch run (one load of the lists)
	r := runIn(t, "name\nJoe Biden\nAngela Merkel\n", "screen", "--data", current, "--input", "-", "--format", "csv")
	if r.code != cli.ExitOK {
		t.Fatalf("batch: exit %d: %s", r.code, r.stderr)
	}
	lines := decodeBatch(t, r.stdout)
	if len(lines) != 2 {
		t.Fatalf("batch: %d lines", len(lines))
	}
	for _, l := range lines {
		for _, h := range l.hits(t) {
			if h.Match {
				t.Errorf("%q matched %s %q (%v)", l.str("name"), h.ID, h.Caption, h.Score)
			}
		}
	}
}

// notAList are files in ../shared/data/lists that are not a list on their
// own: a licence, and the OFAC legacy CSV companions, which need their
// sdn.csv beside them. Loaded alone they must fail with an error naming
// them; in their folder they load (or are ignored) with it.
var notAList = map[string]string{
	"LICENSE.tooling-MIT": "unrecognised list format",
	"add.csv":             "companion file",
	"alt.csv":             "companion file",
	"sdn_comments.csv":    "companion file",
}

// Every file and folder under ../shared/data/lists, and the whole tree,
// loads with `embargo lists --json`.
func TestIntegrationLoadEverything(t *testing.T) {
	root := shared.Lists(t)
	var paths []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 10 {
		t.Fatalf("only %d paths under %s", len(paths), root)
	}
	for _, p := range paths {
		rel, _ := filepath.Rel(root, p)
		t.Run(rel, func(t *testing.T) {
			// --data is given: the fetch cache is never read, so the subtests
			// can share the environment and run in parallel
			t.Parallel()
			r := run(t, "lists", "--data", p, "--json")
			if why, bad := notAList[filepath.Base(p)]; bad {
				if r.code != cli.ExitError || !strings.Contains(r.stderr, p) || !strings.Contains(r.stderr, why) {
					t.Errorf("exit %d, stderr %q; want 1 and an error naming the file (%s)", r.code, r.stderr, why)
				}
				return
			}
			if r.code != cli.ExitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if r.stderr != "" {
				t.Errorf("stderr: %s", r.stderr)
			}
			l := decodeLists(t, r.stdout)
			if len(l.Lists) == 0 || l.Totals.Entities == 0 {
				t.Errorf("nothing loaded: %+v", l.Totals)
			}
			for _, x := range l.Lists {
				if x.Entities == 0 || !hex64.MatchString(x.SHA256) {
					t.Errorf("%s: %d entities, sha256 %q", x.ID, x.Entities, x.SHA256)
				}
			}
		})
	}
}
