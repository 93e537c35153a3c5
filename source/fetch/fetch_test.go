package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/source"
)

// fakeFormat is a tiny list format for tests:
//
//	FAKELIST v1 <list id> <published>
//	one entity name per line
//
// A line starting with "!" is a parse error. Files starting "FAKEPART v1"
// are companions (Part) whose lines add entities to the main file's list.
type fakeFormat struct{}

func (fakeFormat) Name() string { return "fakelist" }

func (fakeFormat) Detect(name string, head []byte) source.Role {
	switch {
	case bytes.HasPrefix(head, []byte("FAKELIST v1 ")):
		return source.Main
	case bytes.HasPrefix(head, []byte("FAKEPART v1")):
		return source.Part
	}
	return source.None
}

func (fakeFormat) Parse(files []*source.File) (*source.List, error) {
	l := &source.List{Format: "fakelist", Title: "Fake list"}
	for fi, f := range files {
		lines := strings.Split(string(f.Data), "\n")
		if fi == 0 {
			hdr := strings.Fields(lines[0])
			if len(hdr) < 3 {
				return nil, source.Errorf(f, 1, "header", "short header")
			}
			l.ID = hdr[2]
			if len(hdr) > 3 {
				l.Published = hdr[3]
			}
		}
		for i, ln := range lines[1:] {
			ln = strings.TrimSpace(ln)
			if ln == "" {
				continue
			}
			if strings.HasPrefix(ln, "!") {
				return nil, source.Errorf(f, i+2, fmt.Sprintf("row %d", i+1), "bad line %q", ln)
			}
			e := &entity.Entity{Schema: entity.Person, Sources: []entity.Source{{List: l.ID, RecordID: fmt.Sprint(i + 1)}}}
			e.AddName(entity.Name{Full: ln, Kind: entity.Primary})
			l.Entities = append(l.Entities, e)
		}
	}
	return l, nil
}

var fakeFormats = []source.Format{fakeFormat{}}

// list renders a fake list file with n entities.
func list(id, published string, n int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "FAKELIST v1 %s %s\n", id, published)
	for i := range n {
		fmt.Fprintf(&b, "Person Number %d\n", i+1)
	}
	return b.Bytes()
}

// server serves files by path. It honours If-None-Match unless ignoreCond;
// mode makes it misbehave.
type server struct {
	*httptest.Server
	mu         sync.Mutex
	files      map[string][]byte
	ignoreCond bool
	mode       string // "", "500", "reset", "short", "chunked", "hang", "304"
	hits       int
	notMod     int
	lastReq    http.Header
}

func newServer(t *testing.T) *server {
	s := &server{files: map[string][]byte{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *server) set(path string, body []byte) {
	s.mu.Lock()
	s.files[path] = body
	s.mu.Unlock()
}

func (s *server) setMode(m string) {
	s.mu.Lock()
	s.mode = m
	s.mu.Unlock()
}

func (s *server) stats() (hits, notMod int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits, s.notMod
}

func etag(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits++
	s.lastReq = r.Header.Clone()
	body, ok := s.files[r.URL.Path]
	mode, ignore := s.mode, s.ignoreCond
	tag := etag(body)
	if ok && mode == "" && !ignore && r.Header.Get("If-None-Match") == tag {
		s.notMod++
		s.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	switch mode {
	case "500":
		http.Error(w, "boom", http.StatusInternalServerError)
		return
	case "304": // a broken server answering 304 to anything
		w.WriteHeader(http.StatusNotModified)
		return
	case "hang":
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		return
	case "reset":
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n", len(body))
		buf.Write(body[:len(body)/2])
		buf.Flush()
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.SetLinger(0) // close with RST
		}
		conn.Close()
		return
	case "short":
		w.Header().Set("Content-Length", fmt.Sprint(len(body)+100))
		w.Write(body)
		return
	case "chunked": // no Content-Length
		half := len(body) / 2
		w.Write(body[:half])
		w.(http.Flusher).Flush()
		w.Write(body[half:])
		return
	}
	w.Header().Set("ETag", tag)
	w.Header().Set("Last-Modified", "Sat, 28 Feb 2026 00:00:00 GMT")
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.Write(body)
}

// clock is a fake clock advancing one minute per reading.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Minute)
	return c.t
}

func newCache(t *testing.T, dir string) *Cache {
	clk := &clock{t: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	return &Cache{
		Dir:     dir,
		Client:  &http.Client{Timeout: 5 * time.Second},
		Formats: fakeFormats,
		Now:     clk.now,
	}
}

func remote(s *server, id string) Remote {
	return Remote{ID: id, Title: "Test " + id, Files: []RemoteFile{{Name: "list.txt", URL: s.URL + "/" + id + "/list.txt"}}}
}

func fetchOne(t *testing.T, c *Cache, r Remote, opt Options) Result {
	t.Helper()
	res := c.Fetch(context.Background(), []Remote{r}, opt)
	if len(res) != 1 {
		t.Fatalf("got %d results, want 1", len(res))
	}
	if res[0].ID != r.ID {
		t.Fatalf("result id %q, want %q", res[0].ID, r.ID)
	}
	return res[0]
}

func wantStatus(t *testing.T, res Result, want Status) {
	t.Helper()
	if res.Status != want {
		t.Fatalf("status %s (err %v), want %s", res.Status, res.Err, want)
	}
	if (res.Err != nil) != (want == Failed || want == Refused) {
		t.Fatalf("status %s with err %v", res.Status, res.Err)
	}
}

// loadCurrent loads DIR/current and returns the entity count per list id.
func loadCurrent(t *testing.T, c *Cache) map[string]int {
	t.Helper()
	requireLoaderFollowsDirLinks(t)
	lists, _, err := source.Load(c.CurrentDir(), c.Formats, source.LoadOptions{})
	if err != nil {
		t.Fatalf("loading current: %v", err)
	}
	out := map[string]int{}
	for _, l := range lists {
		out[l.ID] = len(l.Entities)
	}
	return out
}

func assertNoTmp(t *testing.T, c *Cache) {
	t.Helper()
	ents, _ := os.ReadDir(filepath.Join(c.Dir, "tmp"))
	if len(ents) != 0 {
		t.Errorf("tmp not cleaned: %v", ents)
	}
	cur, _ := os.ReadDir(c.CurrentDir())
	for _, e := range cur {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("stray temporary link %s", e.Name())
		}
	}
}

var versionRe = regexp.MustCompile(`^\d{8}T\d{6}Z-[0-9a-f]{12}$`)

func TestFirstFetch(t *testing.T) {
	s := newServer(t)
	body := list("un-sc", "2026-02-27", 20)
	s.set("/un-sc/list.txt", body)
	c := newCache(t, t.TempDir())
	r := remote(s, "un-sc")

	res := fetchOne(t, c, r, Options{})
	wantStatus(t, res, Updated)
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	if res.SHA256 != hash || res.Entities != 20 || res.Published != "2026-02-27" {
		t.Errorf("result %+v", res)
	}
	if !versionRe.MatchString(res.Version) || !strings.HasSuffix(res.Version, "-"+hash[:12]) {
		t.Errorf("version name %q", res.Version)
	}
	if ua := s.lastReq.Get("User-Agent"); !strings.HasPrefix(ua, "embargo/") || !strings.HasSuffix(ua, " (+sanctions screening)") {
		t.Errorf("User-Agent %q", ua)
	}
	if s.lastReq.Get("If-None-Match") != "" || s.lastReq.Get("If-Modified-Since") != "" {
		t.Errorf("first request was conditional: %v", s.lastReq)
	}

	// The symlink is relative and points at the version.
	link := filepath.Join(c.CurrentDir(), "un-sc")
	target, err := os.Readlink(link)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.IsAbs(target) || target != filepath.Join("..", "versions", "un-sc", res.Version) {
		t.Errorf("link target %q", target)
	}
	got, err := os.ReadFile(filepath.Join(link, "list.txt"))
	if err != nil || !bytes.Equal(got, body) {
		t.Errorf("stored file differs (%v)", err)
	}

	// Metadata.
	m, err := readMeta(filepath.Join(c.Dir, "versions", "un-sc", res.Version))
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != "un-sc" || m.Title != "Test un-sc" || m.Format != "fakelist" || m.Entities != 20 || m.SHA256 != hash ||
		m.Published != "2026-02-27" || !m.FetchedAt.Equal(time.Date(2026, 3, 1, 10, 1, 0, 0, time.UTC)) {
		t.Errorf("meta %+v", m)
	}
	if len(m.Files) != 1 || m.Files[0].Name != "list.txt" || m.Files[0].URL != r.Files[0].URL || m.Files[0].SHA256 != hash ||
		m.Files[0].Size != int64(len(body)) || m.Files[0].ETag != etag(body) || m.Files[0].LastModified == "" {
		t.Errorf("meta files %+v", m.Files)
	}
	if !strings.HasPrefix(res.Version, "20260301T100100Z-") {
		t.Errorf("version %q not named after the fetch time", res.Version)
	}

	// The directory loader sees exactly the list (not the metadata).
	if got := loadCurrent(t, c); len(got) != 1 || got["un-sc"] != 20 {
		t.Errorf("current loads %v", got)
	}
	vs, err := c.Versions("un-sc")
	if err != nil || len(vs) != 1 || !vs[0].Current || vs[0].Name != res.Version {
		t.Errorf("versions %+v %v", vs, err)
	}
	cur, err := c.Current("un-sc")
	if err != nil || cur == nil || cur.Name != res.Version {
		t.Errorf("current %+v %v", cur, err)
	}
	if cur, err := c.Current("eu-fsf"); cur != nil || err != nil {
		t.Errorf("current of an unfetched list: %+v %v", cur, err)
	}
	assertNoTmp(t, c)
}

func TestUnchangedNotModified(t *testing.T) {
	s := newServer(t)
	s.set("/un-sc/list.txt", list("un-sc", "2026-02-27", 5))
	c := newCache(t, t.TempDir())
	r := remote(s, "un-sc")
	first := fetchOne(t, c, r, Options{})
	wantStatus(t, first, Updated)

	res := fetchOne(t, c, r, Options{})
	wantStatus(t, res, Unchanged)
	if _, nm := s.stats(); nm != 1 {
		t.Errorf("server sent %d 304s, want 1", nm)
	}
	if s.lastReq.Get("If-None-Match") == "" || s.lastReq.Get("If-Modified-Since") == "" {
		t.Errorf("second request not conditional: %v", s.lastReq)
	}
	if res.Version != first.Version || res.Entities != 5 || res.Published != "2026-02-27" || res.SHA256 != first.SHA256 {
		t.Errorf("unchanged result %+v, first %+v", res, first)
	}
	vs, _ := c.Versions("un-sc")
	if len(vs) != 1 || vs[0].CheckedAt.IsZero() {
		t.Errorf("versions %+v", vs)
	}
	assertNoTmp(t, c)
}

func TestUnchangedSameHash(t *testing.T) {
	s := newServer(t)
	s.ignoreCond = true
	s.set("/un-sc/list.txt", list("un-sc", "2026-02-27", 5))
	c := newCache(t, t.TempDir())
	r := remote(s, "un-sc")
	first := fetchOne(t, c, r, Options{})
	wantStatus(t, first, Updated)
	res := fetchOne(t, c, r, Options{})
	wantStatus(t, res, Unchanged)
	if hits, nm := s.stats(); hits != 2 || nm != 0 {
		t.Errorf("hits %d, 304s %d", hits, nm)
	}
	if res.Version != first.Version {
		t.Errorf("version %s, want %s", res.Version, first.Version)
	}
	vs, _ := c.Versions("un-sc")
	if len(vs) != 1 || vs[0].CheckedAt.IsZero() {
		t.Errorf("versions %+v", vs)
	}
	assertNoTmp(t, c)
}

// A broken server answering 304 to an unconditional request is a failure.
func TestUnexpectedNotModified(t *testing.T) {
	s := newServer(t)
	s.set("/un-sc/list.txt", list("un-sc", "2026-02-27", 5))
	s.setMode("304")
	c := newCache(t, t.TempDir())
	res := fetchOne(t, c, remote(s, "un-sc"), Options{})
	wantStatus(t, res, Failed)
	if !strings.Contains(res.Err.Error(), "304") {
		t.Errorf("err %v", res.Err)
	}
	if c.HasLists() {
		t.Error("cache has lists after a failed first fetch")
	}
	assertNoTmp(t, c)
}

func TestNewVersion(t *testing.T) {
	s := newServer(t)
	s.set("/un-sc/list.txt", list("un-sc", "2026-01-28", 10))
	c := newCache(t, t.TempDir())
	r := remote(s, "un-sc")
	v1 := fetchOne(t, c, r, Options{})
	wantStatus(t, v1, Updated)

	s.set("/un-sc/list.txt", list("un-sc", "2026-02-27", 12))
	v2 := fetchOne(t, c, r, Options{})
	wantStatus(t, v2, Updated)
	if v2.Version == v1.Version || v2.Entities != 12 || v2.Published != "2026-02-27" {
		t.Errorf("second version %+v", v2)
	}
	vs, err := c.Versions("un-sc")
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions %+v %v", vs, err)
	}
	if vs[0].Name != v2.Version || !vs[0].Current || vs[1].Name != v1.Version || vs[1].Current {
		t.Errorf("versions not newest first / current wrong: %+v", vs)
	}
	if got := loadCurrent(t, c); got["un-sc"] != 12 {
		t.Errorf("current loads %v", got)
	}
	// The old version is still intact.
	if b, err := os.ReadFile(filepath.Join(vs[1].Dir, "list.txt")); err != nil || !bytes.Equal(b, list("un-sc", "2026-01-28", 10)) {
		t.Errorf("old version damaged: %v", err)
	}

	// Roll back, then forward again.
	if err := c.Use("un-sc", v1.Version); err != nil {
		t.Fatal(err)
	}
	if got := loadCurrent(t, c); got["un-sc"] != 10 {
		t.Errorf("after Use current loads %v", got)
	}
	if err := c.Use("un-sc", "20990101T000000Z-000000000000"); err == nil {
		t.Error("Use of a missing version succeeded")
	}
	if err := c.Use("un-sc", "../../x"); err == nil {
		t.Error("Use of a path succeeded")
	}
	assertNoTmp(t, c)
}

// Failures leave the previous version current and loadable.
func TestFailuresKeepCurrent(t *testing.T) {
	good := list("un-sc", "2026-01-28", 100)
	cases := []struct {
		name    string
		mode    string
		body    []byte
		max     int64
		timeout time.Duration
		opt     Options
		status  Status
		errHas  string
	}{
		{name: "server 500", mode: "500", status: Failed, errHas: "500 Internal Server Error"},
		{name: "connection reset mid-body", mode: "reset", body: list("un-sc", "2026-02-27", 100), status: Failed, errHas: "reading body"},
		{name: "Content-Length longer than body", mode: "short", body: list("un-sc", "2026-02-27", 100), status: Failed, errHas: "(truncated)"},
		{name: "oversize with Content-Length", body: list("un-sc", "2026-02-27", 200), max: int64(len(good)) + 100, status: Failed, errHas: "exceeds the"},
		{name: "oversize chunked", mode: "chunked", body: list("un-sc", "2026-02-27", 200), max: int64(len(good)) + 100, status: Failed, errHas: "exceeds the"},
		{name: "timeout", mode: "hang", timeout: 200 * time.Millisecond, status: Failed, errHas: "Timeout"},
		{name: "garbage", body: []byte("<html><body>Service unavailable</body></html>"), status: Failed, errHas: "unrecognised list format"},
		{name: "parse error", body: append(list("un-sc", "2026-02-27", 100), "!broken\n"...), status: Failed, errHas: "bad line"},
		{name: "header only", body: list("un-sc", "2026-02-27", 0), status: Failed, errHas: "no entities"},
		{name: "other list", body: list("eu-fsf", "2026-02-27", 100), status: Failed, errHas: `download is list "eu-fsf"`},
		{name: "drop over 10%", body: list("un-sc", "2026-02-27", 89), status: Refused, errHas: "entity count fell from 100 to 89"},
		{name: "older publication", body: list("un-sc", "2025-12-01", 100), status: Refused, errHas: "older than the current"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t)
			s.set("/un-sc/list.txt", good)
			c := newCache(t, t.TempDir())
			r := remote(s, "un-sc")
			v1 := fetchOne(t, c, r, Options{})
			wantStatus(t, v1, Updated)

			if tc.body != nil {
				s.set("/un-sc/list.txt", tc.body)
			}
			s.setMode(tc.mode)
			c.MaxBytes = tc.max
			if tc.timeout > 0 {
				c.Client = &http.Client{Timeout: tc.timeout}
			}
			start := time.Now()
			res := fetchOne(t, c, r, tc.opt)
			wantStatus(t, res, tc.status)
			if !strings.Contains(res.Err.Error(), tc.errHas) {
				t.Errorf("err %q does not contain %q", res.Err, tc.errHas)
			}
			if !strings.HasPrefix(res.Err.Error(), "fetch un-sc: ") {
				t.Errorf("err %q does not name the list", res.Err)
			}
			if res.Version != v1.Version {
				t.Errorf("result version %q, want the kept %q", res.Version, v1.Version)
			}
			if time.Since(start) > 4*time.Second {
				t.Errorf("took %v", time.Since(start))
			}
			s.setMode("")
			if got := loadCurrent(t, c); len(got) != 1 || got["un-sc"] != 100 {
				t.Errorf("current loads %v after failure", got)
			}
			vs, _ := c.Versions("un-sc")
			if len(vs) != 1 || vs[0].Name != v1.Version || !vs[0].Current {
				t.Errorf("versions %+v", vs)
			}
			assertNoTmp(t, c)
		})
	}
}

func TestDropGuard(t *testing.T) {
	s := newServer(t)
	s.set("/un-sc/list.txt", list("un-sc", "2026-01-28", 100))
	c := newCache(t, t.TempDir())
	r := remote(s, "un-sc")
	wantStatus(t, fetchOne(t, c, r, Options{}), Updated)

	// Exactly 10% fewer is accepted.
	s.set("/un-sc/list.txt", list("un-sc", "2026-01-29", 90))
	wantStatus(t, fetchOne(t, c, r, Options{}), Updated)

	// 50% fewer is refused, then accepted with Force.
	s.set("/un-sc/list.txt", list("un-sc", "2026-01-30", 45))
	res := fetchOne(t, c, r, Options{})
	wantStatus(t, res, Refused)
	if res.Entities != 45 || res.Published != "2026-01-30" {
		t.Errorf("refused result should describe the download: %+v", res)
	}
	if got := loadCurrent(t, c); got["un-sc"] != 90 {
		t.Errorf("current loads %v", got)
	}
	res = fetchOne(t, c, r, Options{Force: true})
	wantStatus(t, res, Updated)
	if got := loadCurrent(t, c); got["un-sc"] != 45 {
		t.Errorf("after Force current loads %v", got)
	}
	if vs, _ := c.Versions("un-sc"); len(vs) != 3 {
		t.Errorf("%d versions, want 3", len(vs))
	}
}

func TestContextCancel(t *testing.T) {
	s := newServer(t)
	s.set("/un-sc/list.txt", list("un-sc", "2026-01-28", 10))
	s.set("/eu-fsf/list.txt", list("eu-fsf", "2026-01-28", 10))
	s.setMode("hang")
	c := newCache(t, t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	res := c.Fetch(ctx, []Remote{remote(s, "un-sc"), remote(s, "eu-fsf")}, Options{Parallel: 1})
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("cancel took %v", d)
	}
	for _, r := range res {
		wantStatus(t, r, Failed)
		if !errors.Is(r.Err, context.Canceled) {
			t.Errorf("%s: err %v is not context.Canceled", r.ID, r.Err)
		}
	}
	if c.HasLists() {
		t.Error("lists stored after cancel")
	}
	assertNoTmp(t, c)
}

// One list failing never affects the others.
func TestIndependentLists(t *testing.T) {
	s := newServer(t)
	s.set("/un-sc/list.txt", list("un-sc", "2026-01-28", 10))
	s.set("/eu-fsf/list.txt", []byte("garbage"))
	s.set("/uk-fcdo/list.txt", list("uk-fcdo", "2026-01-28", 7))
	c := newCache(t, t.TempDir())
	remotes := []Remote{remote(s, "un-sc"), remote(s, "eu-fsf"), remote(s, "uk-fcdo"), {ID: "us-csl", Files: []RemoteFile{{Name: "x.csv", URL: s.URL + "/missing"}}}}
	res := c.Fetch(context.Background(), remotes, Options{Parallel: 2})
	want := []Status{Updated, Failed, Updated, Failed}
	for i, r := range res {
		if r.ID != remotes[i].ID || r.Status != want[i] {
			t.Errorf("result %d: %s %s (%v), want %s %s", i, r.ID, r.Status, r.Err, remotes[i].ID, want[i])
		}
	}
	if !strings.Contains(res[3].Err.Error(), "404") {
		t.Errorf("missing file err %v", res[3].Err)
	}
	if got := loadCurrent(t, c); len(got) != 2 || got["un-sc"] != 10 || got["uk-fcdo"] != 7 {
		t.Errorf("current loads %v", got)
	}
	assertNoTmp(t, c)
}

// A list of several files: a 304 on one file reuses it, and the list hash
// matches the loader's.
func TestMultiFile(t *testing.T) {
	s := newServer(t)
	s.set("/ofac-sdn/main.txt", list("ofac-sdn", "2026-01-28", 10))
	s.set("/ofac-sdn/part.txt", []byte("FAKEPART v1\nExtra One\nExtra Two\n"))
	c := newCache(t, t.TempDir())
	r := Remote{ID: "ofac-sdn", Files: []RemoteFile{
		{Name: "main.txt", URL: s.URL + "/ofac-sdn/main.txt"},
		{Name: "part.txt", URL: s.URL + "/ofac-sdn/part.txt"},
	}}
	v1 := fetchOne(t, c, r, Options{})
	wantStatus(t, v1, Updated)
	if v1.Entities != 12 {
		t.Errorf("entities %d, want 12", v1.Entities)
	}
	lists, _, err := source.Load(c.CurrentDir(), c.Formats, source.LoadOptions{})
	if err != nil || len(lists) != 1 || lists[0].SHA256 != v1.SHA256 {
		t.Fatalf("loader hash %v (err %v), fetch hash %s", lists, err, v1.SHA256)
	}

	wantStatus(t, fetchOne(t, c, r, Options{}), Unchanged)
	if _, nm := s.stats(); nm != 2 {
		t.Errorf("%d 304s, want 2", nm)
	}

	// Only the main file changes: the part is answered with 304 and reused.
	s.set("/ofac-sdn/main.txt", list("ofac-sdn", "2026-02-27", 11))
	v2 := fetchOne(t, c, r, Options{})
	wantStatus(t, v2, Updated)
	if _, nm := s.stats(); nm != 3 {
		t.Errorf("%d 304s, want 3", nm)
	}
	if got := loadCurrent(t, c); got["ofac-sdn"] != 13 {
		t.Errorf("current loads %v", got)
	}
	cur, _ := c.Current("ofac-sdn")
	if len(cur.Files) != 2 || cur.Files[1].ETag == "" || cur.Files[1].SHA256 == "" {
		t.Errorf("reused file lost its metadata: %+v", cur.Files)
	}
	vs, _ := c.Versions("ofac-sdn")
	if len(vs) != 2 {
		t.Fatalf("%d versions", len(vs))
	}
	for _, v := range vs {
		if b, err := os.ReadFile(filepath.Join(v.Dir, "part.txt")); err != nil || !strings.HasPrefix(string(b), "FAKEPART") {
			t.Errorf("%s: part.txt %v", v.Name, err)
		}
	}

	// Two main files of the same list make two lists: refused at verification.
	s.set("/ofac-sdn/part.txt", list("ofac-sdn", "2026-02-27", 3))
	res := fetchOne(t, c, r, Options{})
	wantStatus(t, res, Failed)
	if !strings.Contains(res.Err.Error(), "want exactly one") {
		t.Errorf("err %v", res.Err)
	}
}

func TestPrune(t *testing.T) {
	s := newServer(t)
	c := newCache(t, t.TempDir())
	r := remote(s, "un-sc")
	var names []string
	for i := range 4 {
		s.set("/un-sc/list.txt", list("un-sc", fmt.Sprintf("2026-01-0%d", i+1), 10+i))
		res := fetchOne(t, c, r, Options{})
		wantStatus(t, res, Updated)
		names = append(names, res.Version)
	}
	// Roll back to the oldest: Prune must keep it although it is not among the newest.
	if err := c.Use("un-sc", names[0]); err != nil {
		t.Fatal(err)
	}
	if err := c.Prune("un-sc", 2); err != nil {
		t.Fatal(err)
	}
	vs, _ := c.Versions("un-sc")
	var got []string
	for _, v := range vs {
		got = append(got, v.Name)
	}
	if want := []string{names[3], names[2], names[0]}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after Prune(2): %v, want %v", got, want)
	}
	if err := c.Prune("", 0); err != nil {
		t.Fatal(err)
	}
	vs, _ = c.Versions("un-sc")
	if len(vs) != 1 || vs[0].Name != names[0] || !vs[0].Current {
		t.Errorf("after Prune(0): %+v", vs)
	}
	if got := loadCurrent(t, c); got["un-sc"] != 10 {
		t.Errorf("current loads %v", got)
	}
	if err := c.Prune("un-sc", -1); err == nil {
		t.Error("Prune(-1) succeeded")
	}
	if err := c.Prune("never-fetched", 1); err != nil {
		t.Errorf("Prune of an unknown list: %v", err)
	}
}

// Concurrent Fetch calls, from one or several Cache values on the same
// directory, store one version per content and never corrupt the cache.
func TestConcurrentFetch(t *testing.T) {
	s := newServer(t)
	s.ignoreCond = true
	s.set("/un-sc/list.txt", list("un-sc", "2026-01-28", 50))
	s.set("/eu-fsf/list.txt", list("eu-fsf", "2026-01-28", 40))
	dir := t.TempDir()
	remotes := []Remote{remote(s, "un-sc"), remote(s, "eu-fsf")}
	shared := newCache(t, dir)

	run := func() map[Status]int {
		var mu sync.Mutex
		count := map[Status]int{}
		var wg sync.WaitGroup
		for i := range 8 {
			c := shared
			if i%2 == 1 {
				c = newCache(t, dir)
			}
			wg.Go(func() {
				for _, r := range c.Fetch(context.Background(), remotes, Options{}) {
					if r.Err != nil {
						t.Errorf("%s: %v", r.ID, r.Err)
					}
					mu.Lock()
					count[r.Status]++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		return count
	}
	if got := run(); got[Updated] != 2 || got[Unchanged] != 14 {
		t.Errorf("first round: %v, want 2 updated and 14 unchanged", got)
	}
	s.set("/un-sc/list.txt", list("un-sc", "2026-02-27", 51))
	if got := run(); got[Updated] != 1 || got[Unchanged] != 15 {
		t.Errorf("second round: %v, want 1 updated and 15 unchanged", got)
	}
	if got := loadCurrent(t, shared); got["un-sc"] != 51 || got["eu-fsf"] != 40 {
		t.Errorf("current loads %v", got)
	}
	for id, n := range map[string]int{"un-sc": 2, "eu-fsf": 1} {
		if vs, err := shared.Versions(id); err != nil || len(vs) != n {
			t.Errorf("%s: %d versions (%v), want %d", id, len(vs), err, n)
		}
	}
	assertNoTmp(t, shared)
}

func TestEnsure(t *testing.T) {
	s := newServer(t)
	s.set("/un-sc/list.txt", list("un-sc", "2026-01-28", 10))
	c := newCache(t, t.TempDir())
	if c.HasLists() {
		t.Fatal("fresh cache has lists")
	}
	if err := c.Ensure(context.Background(), []Remote{remote(s, "un-sc"), remote(s, "eu-fsf")}); err != nil {
		t.Fatal(err)
	}
	if got := loadCurrent(t, c); got["un-sc"] != 10 {
		t.Errorf("current loads %v", got)
	}
	hits, _ := s.stats()
	if err := c.Ensure(context.Background(), []Remote{remote(s, "un-sc")}); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.stats(); h != hits {
		t.Errorf("Ensure on a filled cache made %d requests", h-hits)
	}

	// Nothing can be fetched: a clear error.
	s.setMode("500")
	c2 := newCache(t, t.TempDir())
	err := c2.Ensure(context.Background(), []Remote{remote(s, "un-sc")})
	if err == nil || !strings.Contains(err.Error(), "no lists in cache and fetching failed: fetch un-sc: ") ||
		!strings.Contains(err.Error(), "500") || !strings.HasSuffix(err.Error(), "; use --data DIR for local files") {
		t.Errorf("Ensure error %v", err)
	}
	if err := c2.Ensure(context.Background(), nil); err == nil {
		t.Error("Ensure with no remotes on an empty cache succeeded")
	}
}

// Invalid ids and file names never write outside the cache.
func TestInvalidRemotes(t *testing.T) {
	s := newServer(t)
	s.set("/x", list("x", "2026-01-01", 1))
	root := t.TempDir()
	c := newCache(t, filepath.Join(root, "cache"))
	bad := []Remote{
		{ID: "../evil", Files: []RemoteFile{{Name: "x", URL: s.URL + "/x"}}},
		{ID: "a/b", Files: []RemoteFile{{Name: "x", URL: s.URL + "/x"}}},
		{ID: ".hidden", Files: []RemoteFile{{Name: "x", URL: s.URL + "/x"}}},
		{ID: "ok1", Files: []RemoteFile{{Name: "../../escape", URL: s.URL + "/x"}}},
		{ID: "ok2", Files: []RemoteFile{{Name: "_meta.json", URL: s.URL + "/x"}}},
		{ID: "ok3", Files: []RemoteFile{{Name: "x", URL: "file:///etc/passwd"}}},
		{ID: "ok4"},
		{ID: "ok5", Files: []RemoteFile{{Name: "x", URL: s.URL + "/x"}, {Name: "X", URL: s.URL + "/x"}}},
		{ID: "", Files: []RemoteFile{{Name: "x", URL: s.URL + "/x"}}},
	}
	for _, r := range c.Fetch(context.Background(), bad, Options{}) {
		if r.Status != Failed {
			t.Errorf("%q: %s", r.ID, r.Status)
		}
	}
	if hits, _ := s.stats(); hits != 0 {
		t.Errorf("%d requests for invalid remotes", hits)
	}
	ents, _ := os.ReadDir(root)
	if len(ents) > 1 {
		t.Errorf("wrote outside the cache: %v", ents)
	}
	dup := c.Fetch(context.Background(), []Remote{remote(s, "x"), remote(s, "x")}, Options{})
	if dup[1].Status != Failed || !strings.Contains(dup[1].Err.Error(), "listed twice") {
		t.Errorf("duplicate remote: %+v", dup[1])
	}
	if _, err := c.Versions("../x"); err == nil {
		t.Error("Versions accepted a path")
	}
	if res := (&Cache{}).Fetch(context.Background(), []Remote{remote(s, "x")}, Options{}); res[0].Status != Failed {
		t.Error("Fetch without a directory succeeded")
	}
}

func TestOfficial(t *testing.T) {
	want := []string{"ofac-sdn", "ofac-cons", "un-sc", "eu-fsf", "uk-fcdo", "us-csl"}
	if len(Official) != len(want) {
		t.Fatalf("%d official lists, want %d", len(Official), len(want))
	}
	for i, r := range Official {
		if r.ID != want[i] {
			t.Errorf("Official[%d].ID = %q, want %q", i, r.ID, want[i])
		}
		if err := validRemote(r); err != nil {
			t.Errorf("%s: %v", r.ID, err)
		}
		if r.Title == "" {
			t.Errorf("%s: no title", r.ID)
		}
		for _, f := range r.Files {
			if !strings.HasPrefix(f.URL, "https://") {
				t.Errorf("%s: %s is not https", r.ID, f.URL)
			}
		}
	}
	if Official[3].Files[0].Name != "eu_fsf.xml" || !strings.Contains(Official[3].Files[0].URL, "xmlFullSanctionsList_1_1") {
		t.Errorf("eu-fsf remote %+v", Official[3])
	}
}

func TestDefaultDir(t *testing.T) {
	t.Setenv("EMBARGO_CACHE", "/some/where")
	if d := DefaultDir(); d != "/some/where" {
		t.Errorf("DefaultDir() = %q", d)
	}
	t.Setenv("EMBARGO_CACHE", "")
	t.Setenv("XDG_CACHE_HOME", "/xdg")
	t.Setenv("HOME", "/home/u")
	if d := DefaultDir(); filepath.Base(d) != "embargo" {
		t.Errorf("DefaultDir() = %q", d)
	}
	c := &Cache{Dir: "/c"}
	if c.CurrentDir() != filepath.Join("/c", "current") {
		t.Errorf("CurrentDir() = %q", c.CurrentDir())
	}
}

// Several processes fetching into one cache at once: the file lock lets
// exactly one store the version.
func TestConcurrentProcesses(t *testing.T) {
	if dir := os.Getenv("EMBARGO_FETCH_CHILD_DIR"); dir != "" {
		c := newCache(t, dir)
		r := Remote{ID: "un-sc", Files: []RemoteFile{{Name: "list.txt", URL: os.Getenv("EMBARGO_FETCH_CHILD_URL")}}}
		res := fetchOne(t, c, r, Options{})
		fmt.Printf("STATUS:%s\n", res.Status)
		return
	}
	if testing.Short() {
		t.Skip("spawns processes")
	}
	s := newServer(t)
	s.ignoreCond = true
	s.set("/un-sc/list.txt", list("un-sc", "2026-01-28", 30))
	dir := t.TempDir()
	const n = 4
	outs := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestConcurrentProcesses$", "-test.count=1")
			cmd.Env = append(os.Environ(), "EMBARGO_FETCH_CHILD_DIR="+dir, "EMBARGO_FETCH_CHILD_URL="+s.URL+"/un-sc/list.txt")
			outs[i], errs[i] = cmd.CombinedOutput()
		})
	}
	wg.Wait()
	count := map[string]int{}
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("child %d: %v\n%s", i, errs[i], outs[i])
		}
		for _, ln := range strings.Split(string(outs[i]), "\n") {
			if st, ok := strings.CutPrefix(ln, "STATUS:"); ok {
				count[st]++
			}
		}
	}
	if count["updated"] != 1 || count["unchanged"] != n-1 {
		t.Errorf("statuses %v, want 1 updated and %d unchanged", count, n-1)
	}
	c := newCache(t, dir)
	if got := loadCurrent(t, c); got["un-sc"] != 30 {
		t.Errorf("current loads %v", got)
	}
	if vs, _ := c.Versions("un-sc"); len(vs) != 1 {
		t.Errorf("%d versions, want 1", len(vs))
	}
	assertNoTmp(t, c)
}
