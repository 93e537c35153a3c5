package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/embargo/embargo/dataset"
	"github.com/embargo/embargo/source"
	"github.com/embargo/embargo/source/all"
	"github.com/embargo/embargo/store"
	"github.com/embargo/embargo/store/storetest"
)

// The test lists are two small FollowTheMoney files in testdata/lists:
// web-sanctions (20 records) and web-pep (5 records; wp-1 is the same
// person as ws-p1, so the two merge). Variants for reload tests are made
// from them in a temporary directory.

const (
	listSanctions = "web-sanctions"
	listPEP       = "web-pep"
	baseEntities  = 24 // merged
	idTestov      = "web-pep-wp-1"
	idSeaPhantom  = "web-sanctions-ws-v1"
	idTradingCo   = "web-sanctions-ws-c1"
)

// addedRecord is a person the "grown" variant adds to web-sanctions.
const addedRecord = `{"id":"ws-p10","schema":"Person","properties":{"name":["Boris Newlisted Examplov"],"birthDate":["1977-07-07"],"nationality":["ru"]},"datasets":["web_sanctions"],"last_change":"2026-02-01T09:00:00"}`

// listVariant writes a variant of the test lists and returns its directory:
//
//	base     testdata/lists as is
//	grown    web-sanctions with one more record (accepted)
//	shrunk   web-sanctions with 16 of its 20 records (-20%: refused unless forced)
//	missing  web-sanctions gone (refused unless forced)
//	broken   web-sanctions cut off in the middle of its last line (never accepted)
func listVariant(t testing.TB, variant string) string {
	t.Helper()
	if variant == "base" {
		return "testdata/lists"
	}
	sanctions, err := os.ReadFile("testdata/lists/sanctions.ftm.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	pep, err := os.ReadFile("testdata/lists/pep.ftm.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSuffix(string(sanctions), "\n"), "\n")
	switch variant {
	case "grown":
		sanctions = append(sanctions, addedRecord+"\n"...)
	case "shrunk":
		sanctions = []byte(strings.Join(lines[:16], ""))
	case "missing":
		sanctions = nil
	case "broken":
		sanctions = sanctions[:len(sanctions)-len(lines[len(lines)-1])/2]
	default:
		t.Fatalf("no list variant %q", variant)
	}
	dir := t.TempDir()
	if sanctions != nil {
		if err := os.WriteFile(filepath.Join(dir, "sanctions.ftm.jsonl"), sanctions, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "pep.ftm.jsonl"), pep, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// lists is the Load function of a test server: it reads the directory set
// with use, or fails with the error set with fail; hold makes it wait.
type lists struct {
	mu    sync.Mutex
	dir   string
	err   error
	hold  chan struct{}
	calls atomic.Int32
}

func (l *lists) use(dir string) {
	l.mu.Lock()
	l.dir, l.err = dir, nil
	l.mu.Unlock()
}

func (l *lists) fail(err error) {
	l.mu.Lock()
	l.err = err
	l.mu.Unlock()
}

func (l *lists) Load(ctx context.Context) (*dataset.Snapshot, error) {
	l.calls.Add(1)
	l.mu.Lock()
	dir, err, hold := l.dir, l.err, l.hold
	l.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if err != nil {
		return nil, err
	}
	ls, _, err := source.Load(dir, all.Formats(), source.LoadOptions{})
	if err != nil {
		return nil, err
	}
	return dataset.Build(ls), nil
}

// backend opens a fresh store for one test.
type backend struct {
	name string
	url  func(t testing.TB) string
}

func sqliteBackend() backend {
	return backend{"sqlite", func(t testing.TB) string { return "sqlite:" + filepath.Join(t.TempDir(), "embargo.db") }}
}

// postgresBackend is PostgreSQL at storetest.PostgresBase (skips without
// $EMBARGO_TEST_POSTGRES outside CI), each test on a fresh schema.
func postgresBackend(t *testing.T) backend {
	base := storetest.PostgresBase(t)
	return backend{"postgres", func(t testing.TB) string { return storetest.PostgresURL(t, base) }}
}

// env is a server on a real store, serving the test lists through
// httptest, with an API key of each role; its client checks every request
// and answer against openapi.json.
type env struct {
	t      testing.TB
	srv    *Server
	ts     *httptest.Server
	st     *store.DB
	lists  *lists
	keys   map[store.Role]string // secrets
	keyIDs map[store.Role]string
	client *http.Client
	logs   *syncBuffer

	mu   sync.Mutex
	ids  []string            // screening ids answered, in order, for the audit check
	hits map[string][]hitKey // and their hits
}

type envOpt struct {
	backend backend
	cfg     Config // Load and Logger are set by newEnv
	noLoad  bool   // do not load the lists before serving
}

func newEnv(t testing.TB, o envOpt) *env {
	t.Helper()
	if o.backend.url == nil {
		o.backend = sqliteBackend()
	}
	ctx := context.Background()
	st, err := store.Open(ctx, o.backend.url(t), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &env{t: t, st: st, lists: &lists{dir: "testdata/lists"}, keys: map[store.Role]string{}, keyIDs: map[store.Role]string{},
		logs: &syncBuffer{}, hits: map[string][]hitKey{}}
	cfg := o.cfg
	cfg.Load = e.lists.Load
	cfg.Logger = slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if cfg.RateLimit == 0 {
		cfg.RateLimit = -1
	}
	e.srv, err = New(cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []store.Role{store.RoleScreen, store.RoleReview, store.RoleAdmin} {
		k, secret, err := st.CreateKey(ctx, "test-"+string(r), r)
		if err != nil {
			t.Fatal(err)
		}
		e.keys[r], e.keyIDs[r] = secret, k.ID
	}
	if !o.noLoad {
		if err := e.srv.Load(ctx); err != nil {
			t.Fatal(err)
		}
	}
	e.ts = httptest.NewServer(e.srv.Handler())
	t.Cleanup(e.ts.Close)
	e.client = &http.Client{Transport: &checkingTransport{tb: t, c: newChecker(t, e.ts.URL, cfg.NoAuth), base: e.ts.Client().Transport}}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", e.logs.String())
		}
	})
	return e
}

// syncBuffer is a log destination safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// req is one request.
type req struct {
	method, path string
	body         any // string or []byte as is; anything else as JSON
	ctype        string
	key          string // the Authorization header's value: a secret (sent as Bearer) or "scheme value"
	doc          docExpect
}

// resp is an answer, read whole.
type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r *resp) String() string { return http.StatusText(r.status) + " " + clip(r.body) }

// errCode returns the error code of an error answer.
func (r *resp) errCode() string {
	var eb ErrorBody
	json.Unmarshal(r.body, &eb)
	return eb.Error.Code
}

func (r *resp) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %s: %v", clip(r.body), err)
	}
}

// key returns the Authorization value for a role's key.
func (e *env) key(r store.Role) string { return e.keys[r] }

func (e *env) do(r req) *resp {
	e.t.Helper()
	res, err := e.send(context.Background(), r)
	if err != nil {
		e.t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	return res
}

func (e *env) send(ctx context.Context, r req) (*resp, error) {
	var body io.Reader
	switch b := r.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	case io.Reader:
		body = b
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(j)
	}
	hr, err := http.NewRequestWithContext(withDoc(ctx, r.doc), r.method, e.ts.URL+r.path, body)
	if err != nil {
		return nil, err
	}
	if r.body != nil {
		ct := r.ctype
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	if r.key != "" {
		if strings.Contains(r.key, " ") {
			hr.Header.Set("Authorization", r.key)
		} else {
			hr.Header.Set("Authorization", "Bearer "+r.key)
		}
	}
	res, err := e.client.Do(hr)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	return &resp{status: res.StatusCode, header: res.Header, body: b}, nil
}

// want sends r and checks the status (and, for errors, the code).
func (e *env) want(r req, status int, code string) *resp {
	e.t.Helper()
	res := e.do(r)
	if res.status != status {
		e.t.Fatalf("%s %s: got %s, want %d %s", r.method, r.path, res, status, code)
	}
	if code != "" {
		if got := res.errCode(); got != code {
			e.t.Fatalf("%s %s: error code %q, want %q: %s", r.method, r.path, got, code, res)
		}
	}
	if status >= 400 && !strings.HasPrefix(res.header.Get("Content-Type"), "application/json") {
		e.t.Errorf("%s %s: error with Content-Type %q", r.method, r.path, res.header.Get("Content-Type"))
	}
	return res
}

// hitKey is what the audit must show of an answered hit.
type hitKey struct {
	ID    string  `json:"id"`
	Score float64 `json:"score"`
	Match bool    `json:"match"`
}

// answered notes a screening answered with its hits (anything that
// marshals to a list of objects with id, score and match), for checkAudit.
func (e *env) answered(id string, hits any) {
	e.t.Helper()
	if id == "" {
		e.t.Errorf("an answered screening has no screening_id")
		return
	}
	b, _ := json.Marshal(hits)
	var hs []hitKey
	if err := json.Unmarshal(b, &hs); err != nil {
		e.t.Fatalf("hits %s: %v", b, err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, dup := e.hits[id]; dup {
		e.t.Errorf("screening id %s answered twice", id)
	}
	e.ids = append(e.ids, id)
	e.hits[id] = hs
}

// answeredLines notes the screened lines of an NDJSON answer.
func (e *env) answeredLines(body []byte) {
	e.t.Helper()
	for _, l := range bytes.Split(bytes.TrimSpace(body), []byte("\n")) {
		var x struct {
			ScreeningID string          `json:"screening_id"`
			Hits        json.RawMessage `json:"hits"`
		}
		json.Unmarshal(l, &x)
		if x.ScreeningID != "" {
			e.answered(x.ScreeningID, x.Hits)
		}
	}
}

// screen posts one party and returns the answer.
func (e *env) screen(body any) *ScreenResponse {
	e.t.Helper()
	res := e.want(req{method: "POST", path: "/v1/screen", body: body, key: e.key(store.RoleScreen)}, 200, "")
	var out ScreenResponse
	res.decode(e.t, &out)
	e.answered(out.ScreeningID, out.Hits)
	return &out
}

// waitFor polls cond until it holds or a few seconds pass.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

var errBoom = errors.New("the list server is down")
