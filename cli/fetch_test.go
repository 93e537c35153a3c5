package cli_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/embargo/embargo/cli"
)

// listServer serves one file at /consolidated.xml; mode makes it fail.
type listServer struct {
	*httptest.Server
	mu   sync.Mutex
	body []byte
	mode string // "", "500", "truncated"
	hits int
}

func newListServer(t *testing.T, body []byte) *listServer {
	s := &listServer{body: body}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		body, mode := s.body, s.mode
		s.hits++
		s.mu.Unlock()
		if r.URL.Path != "/consolidated.xml" {
			http.NotFound(w, r)
			return
		}
		switch mode {
		case "500":
			http.Error(w, "internal error", http.StatusInternalServerError)
		case "truncated":
			// a well-formed response whose body is a cut-off list
			w.Write(body[:len(body)/2])
		default:
			w.Write(body)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *listServer) set(body []byte, mode string) {
	s.mu.Lock()
	s.body, s.mode = body, mode
	s.mu.Unlock()
}

// fetchRow finds the un-sc row of `embargo fetch` output: LIST STATUS
// PUBLISHED ENTITIES VERSION DETAIL.
func fetchRow(t *testing.T, out string) []string {
	t.Helper()
	for _, ln := range strings.Split(out, "\n") {
		if f := strings.Fields(ln); len(f) >= 5 && f[0] == "un-sc" {
			return f
		}
	}
	t.Fatalf("no un-sc row in:\n%s", out)
	return nil
}

func TestFetch(t *testing.T) {
	env(t)
	xml, err := os.ReadFile("testdata/lists/consolidated.xml")
	if err != nil {
		t.Fatal(err)
	}
	srv := newListServer(t, xml)
	dir := filepath.Join(t.TempDir(), "cache")
	fetch := func(extra ...string) result {
		t.Helper()
		return run(t, append([]string{"fetch", "--dir", dir, "--list", "un-sc", "--url", "un-sc=" + srv.URL + "/consolidated.xml"}, extra...)...)
	}

	// first fetch: a new version
	r := fetch()
	if r.code != cli.ExitOK {
		t.Fatalf("fetch: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	row := fetchRow(t, r.stdout)
	if row[1] != "updated" || row[2] != "2026-02-27" || row[3] != "3" {
		t.Errorf("first fetch: %v", row)
	}
	v1 := row[4]
	if !strings.Contains(r.stdout, "cache: "+dir) {
		t.Errorf("fetch does not say where the cache is:\n%s", r.stdout)
	}

	// same content again: unchanged, same version
	r = fetch()
	if r.code != cli.ExitOK {
		t.Fatalf("second fetch: exit %d %s", r.code, r.stderr)
	}
	if row := fetchRow(t, r.stdout); row[1] != "unchanged" || row[4] != v1 {
		t.Errorf("second fetch: %v, want unchanged %s", row, v1)
	}

	// screen and lists without --data use the cache ($EMBARGO_CACHE or --cache)
	t.Setenv("EMBARGO_CACHE", dir)
	hitsBefore := srv.hits
	s := decodeScreen(t, ok(t, "screen", "--json", "Green Pine Shipping").stdout)
	if len(s.Hits) == 0 || s.Hits[0].ID != "un-sc-kpe.952" || !s.Hits[0].Match {
		t.Errorf("screen from the cache: %+v", s.Hits)
	}
	l := decodeLists(t, ok(t, "lists", "--json").stdout)
	if len(l.Lists) != 1 || l.Lists[0].ID != "un-sc" || l.Lists[0].Entities != 3 || !strings.HasPrefix(l.Lists[0].Files[0], dir) {
		t.Fatalf("lists from the cache: %+v", l.Lists)
	}
	sha1 := l.Lists[0].SHA256
	// an empty $EMBARGO_CACHE, and --cache pointing at the full one
	t.Setenv("EMBARGO_CACHE", t.TempDir())
	l = decodeLists(t, ok(t, "lists", "--json", "--cache", dir).stdout)
	if l.Lists[0].SHA256 != sha1 {
		t.Errorf("--cache: %+v", l.Lists)
	}
	if srv.hits != hitsBefore {
		t.Errorf("screening from a full cache downloaded again")
	}

	// the server fails: non-zero exit, the good copy stays current
	srv.set(xml, "500")
	r = fetch()
	if r.code != cli.ExitError {
		t.Errorf("500: exit %d, want %d", r.code, cli.ExitError)
	}
	if row := fetchRow(t, r.stdout); row[1] != "failed" || !strings.Contains(r.stdout, "500") {
		t.Errorf("500: %v\n%s", row, r.stdout)
	}
	if !strings.Contains(r.stderr, "1 of 1 lists could not be updated; their previous versions (if any) stay current") {
		t.Errorf("500 stderr: %q", r.stderr)
	}
	if l := decodeLists(t, ok(t, "lists", "--json", "--cache", dir).stdout); l.Lists[0].SHA256 != sha1 {
		t.Errorf("after a failed fetch the current list changed: %+v", l.Lists)
	}

	// a partial download does not replace it either
	srv.set(xml, "truncated")
	r = fetch()
	if r.code != cli.ExitError || fetchRow(t, r.stdout)[1] != "failed" {
		t.Errorf("truncated: exit %d\n%s", r.code, r.stdout)
	}
	if l := decodeLists(t, ok(t, "lists", "--json", "--cache", dir).stdout); l.Lists[0].SHA256 != sha1 || l.Lists[0].Entities != 3 {
		t.Errorf("after a partial download the current list changed: %+v", l.Lists)
	}

	// a new publication becomes a second version and the current one
	xml2 := bytes.Replace(xml, []byte(`dateGenerated="2026-02-27T00:00:04.512Z"`), []byte(`dateGenerated="2026-03-06T00:00:02.000Z"`), 1)
	xml2 = bytes.Replace(xml2, []byte("Nampo"), []byte("Chongjin"), 1)
	if bytes.Equal(xml, xml2) {
		t.Fatal("the fixture changed: update the test")
	}
	srv.set(xml2, "")
	r = fetch()
	row = fetchRow(t, r.stdout)
	if r.code != cli.ExitOK || row[1] != "updated" || row[2] != "2026-03-06" || row[4] == v1 {
		t.Errorf("new version: exit %d %v", r.code, row)
	}
	v2 := row[4]
	l = decodeLists(t, ok(t, "lists", "--json", "--cache", dir).stdout)
	if l.Lists[0].SHA256 == sha1 || l.Lists[0].Published != "2026-03-06" {
		t.Errorf("lists after the update: %+v", l.Lists)
	}

	// --versions lists both, the newest current
	r = run(t, "fetch", "--dir", dir, "--list", "un-sc", "--versions")
	if r.code != cli.ExitOK {
		t.Fatalf("--versions: exit %d %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "LIST") {
		t.Fatalf("--versions:\n%s", r.stdout)
	}
	var current []string
	seen := map[string]bool{}
	for _, ln := range lines[1:] {
		f := strings.Fields(ln)
		if f[0] != "un-sc" {
			t.Errorf("--versions line %q", ln)
		}
		seen[f[1]] = true
		if f[2] == "*" {
			current = append(current, f[1])
		}
		if !regexp.MustCompile(`\b2026-0(2-27|3-06)\b.*\b3\b.*\b[0-9a-f]{12}\b`).MatchString(ln) {
			t.Errorf("--versions line %q lacks the date, count or hash", ln)
		}
	}
	if !seen[v1] || !seen[v2] || len(current) != 1 || current[0] != v2 {
		t.Errorf("--versions: want %s and %s, %s current:\n%s", v1, v2, v2, r.stdout)
	}
	// --versions does not download
	before := srv.hits
	run(t, "fetch", "--dir", dir, "--versions", "--list", "un-sc", "--url", "un-sc="+srv.URL+"/consolidated.xml")
	if srv.hits != before {
		t.Error("--versions made a request")
	}

	// --keep 1 prunes the old version
	r = fetch("--keep", "1")
	if r.code != cli.ExitOK {
		t.Fatalf("--keep 1: exit %d %s", r.code, r.stderr)
	}
	r = run(t, "fetch", "--dir", dir, "--list", "un-sc", "--versions")
	if n := strings.Count(strings.TrimSpace(r.stdout), "\n"); n != 1 || !strings.Contains(r.stdout, v2) {
		t.Errorf("after --keep 1:\n%s", r.stdout)
	}
}

func TestFetchNothingYet(t *testing.T) {
	env(t)
	srv := newListServer(t, nil)
	srv.set([]byte("<html>maintenance</html>"), "")
	dir := t.TempDir()
	r := run(t, "fetch", "--dir", dir, "--list", "un-sc", "--url", "un-sc="+srv.URL+"/consolidated.xml")
	if r.code != cli.ExitError || fetchRow(t, r.stdout)[1] != "failed" {
		t.Errorf("unrecognised download: exit %d\n%s", r.code, r.stdout)
	}
	// nothing cached: --versions lists nothing, and no list is current
	r = run(t, "fetch", "--dir", dir, "--list", "un-sc", "--versions")
	if r.code != cli.ExitOK || strings.Count(strings.TrimSpace(r.stdout), "\n") != 0 {
		t.Errorf("--versions of an empty cache: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "current")); len(ents) != 0 {
		t.Errorf("a failed first fetch made a list current: %v", ents)
	}
}
