// Package e2e tests the embargo binary end to end: TestMain builds it once,
// and each test runs `embargo serve` as a subprocess on a free loopback
// port, with its own temporary database, cache and HOME, against a list
// directory assembled from ../shared (symlinks and copies; ../shared is
// never written). Tests talk to it over real HTTP(S) and run its other
// commands (keys, audit) the way an operator would.
//
// Without ../shared every test skips; under CI=true it fails instead.
// PostgreSQL tests use $EMBARGO_TEST_POSTGRES (required under CI=true).
//
// Servers are killed when their test ends, failed or not; a failing test
// prints the tail of the server's log.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/embargo/embargo/internal/shared"
)

var (
	binDir   string // holds the built binaries
	embargo  string // the embargo binary
	loadgen  string // the load generator
	home     string // HOME and cache of every embargo process
	buildErr error  // why the build failed
)

func TestMain(m *testing.M) {
	os.Exit(func() int {
		if _, ok := shared.Root(); !ok {
			return m.Run() // every test skips (or fails under CI) in need
		}
		dir, err := os.MkdirTemp("", "embargo-e2e-bin-")
		if err != nil {
			buildErr = err
			return m.Run()
		}
		defer os.RemoveAll(dir)
		binDir = dir
		home = filepath.Join(dir, "home")
		if err := os.MkdirAll(home, 0o700); err != nil {
			buildErr = err
			return m.Run()
		}
		embargo = filepath.Join(dir, "embargo")
		loadgen = filepath.Join(dir, "loadgen")
		for _, b := range []struct{ out, pkg string }{{embargo, "./cmd/embargo"}, {loadgen, "./internal/loadgen"}} {
			cmd := exec.Command("go", "build", "-o", b.out, b.pkg)
			cmd.Dir = moduleRoot()
			if out, err := cmd.CombinedOutput(); err != nil {
				buildErr = fmt.Errorf("go build -o %s %s: %v\n%s", b.out, b.pkg, err, out)
				break
			}
		}
		return m.Run()
	}())
}

// moduleRoot is the directory holding go.mod: the parent of this package.
func moduleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(file))
}

// need skips without ../shared (fails under CI=true) and fails if the
// binaries did not build.
func need(t *testing.T) {
	t.Helper()
	shared.Dir(t)
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	if embargo == "" {
		t.Fatal("the embargo binary was not built")
	}
}

// currentLists is ../shared/data/lists/current.
func currentLists(t *testing.T) string { return shared.Lists(t, "current") }

// currentUN and archiveUN are the two consecutive UN lists.
func currentUN(t *testing.T) string {
	return shared.Lists(t, "current", "un-2026-02-27", "consolidated.xml")
}

func archiveUN(t *testing.T) string {
	return shared.Lists(t, "archive", "un-2026-01-28", "consolidated.xml")
}

// dataDir assembles a list directory in a temporary folder: every list of
// ../shared/data/lists/current (symlinked, one folder per list as there)
// except the UN list, which is a copy of un in un/consolidated.xml so that
// tests can replace it. With onlyUN the other lists are left out (a small
// data set that loads in a fraction of a second). It returns the
// directory and the path of the UN file.
func dataDir(t *testing.T, un string, onlyUN bool) (dir, unFile string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "lists")
	if !onlyUN {
		cur := currentLists(t)
		ents, err := os.ReadDir(cur)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if !e.IsDir() || strings.HasPrefix(e.Name(), "un-") {
				continue
			}
			files, err := os.ReadDir(filepath.Join(cur, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(dir, e.Name()), 0o755); err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				if err := os.Symlink(filepath.Join(cur, e.Name(), f.Name()), filepath.Join(dir, e.Name(), f.Name())); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	unFile = filepath.Join(dir, "un", "consolidated.xml")
	if err := os.MkdirAll(filepath.Dir(unFile), 0o755); err != nil {
		t.Fatal(err)
	}
	replaceFile(t, unFile, un, 0)
	return dir, unFile
}

// replaceFile atomically replaces dst with a copy of src, cut to its first
// keep bytes when keep > 0 (a truncated download). The new file is written
// beside the list directory, not in it, so a reload never sees it half
// written.
func replaceFile(t *testing.T, dst, src string, keep int) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if keep > 0 && keep < len(b) {
		b = b[:keep]
	}
	tmp, err := os.CreateTemp(filepath.Dir(filepath.Dir(filepath.Dir(dst))), ".replace-*")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tmp.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := tmp.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		t.Fatal(err)
	}
}

// freeAddr returns a loopback address with a port that was free a moment
// ago (start retries when another process takes it first).
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// env is the environment of every embargo process: no EMBARGO_* setting
// from the caller, and a private HOME and cache so that nothing touches
// the real ones.
func env(home string) []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "EMBARGO_") || k == "HOME" || k == "XDG_CACHE_HOME" {
			continue
		}
		out = append(out, kv)
	}
	return append(out, "HOME="+home, "XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"EMBARGO_CACHE="+filepath.Join(home, "cache"))
}

// cli runs an embargo command to completion (bounded to 2 minutes) and
// returns its stdout, stderr and exit code.
func cli(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runBin(t, embargo, env(home), args...)
}

// runBin runs bin with the environment env (nil: this process's) to
// completion, bounded to 2 minutes, and returns its stdout, stderr and
// exit code. It fails the test if bin cannot be run.
func runBin(t *testing.T, bin string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("%s %s: %v", filepath.Base(bin), strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return o.String(), e.String(), code
}

var keyIDRe = regexp.MustCompile(`created key (key_[0-9A-Za-z]+)`)

// newKey creates an API key with `embargo keys create` and returns its
// secret (the stdout line) and id (from the message on stderr).
func newKey(t *testing.T, db, role string) (secret, id string) {
	t.Helper()
	out, errOut, code := cli(t, "keys", "create", "--role", role, "--name", "e2e-"+role, "--db", db)
	if code != 0 {
		t.Fatalf("keys create --role %s: exit %d: %s", role, code, errOut)
	}
	secret = strings.TrimSpace(out)
	if secret == "" || strings.ContainsAny(secret, " \n") {
		t.Fatalf("keys create printed %q on stdout; want the secret alone", out)
	}
	m := keyIDRe.FindStringSubmatch(errOut)
	if m == nil {
		t.Fatalf("keys create: no key id in %q", errOut)
	}
	return secret, m[1]
}

// sqliteDB returns a fresh SQLite database path.
func sqliteDB(t *testing.T) string { return filepath.Join(t.TempDir(), "embargo.db") }

// server is one running `embargo serve`.
type server struct {
	t       *testing.T
	cmd     *exec.Cmd
	addr    string
	base    string // scheme://addr
	db      string
	data    string
	logPath string
	client  *http.Client
	done    chan struct{} // closed when the process has exited
	state   *os.ProcessState
	waitErr error
}

type serverOpts struct {
	data    string   // --data (required)
	db      string   // --db; default a fresh SQLite file
	args    []string // more flags
	tls     *tls.Config
	noReady bool // do not wait for /readyz
}

// startServer starts `embargo serve` and waits until /readyz answers 200.
// The process is killed when the test ends.
func startServer(t *testing.T, o serverOpts) *server {
	t.Helper()
	if o.db == "" {
		o.db = sqliteDB(t)
	}
	for attempt := 1; ; attempt++ {
		s := launch(t, o)
		if o.noReady {
			return s
		}
		err := s.waitReady(90 * time.Second)
		if err == nil {
			return s
		}
		if attempt < 3 && strings.Contains(s.logTail(20), "address already in use") {
			continue // another process took the port between freeAddr and listen
		}
		t.Fatalf("server did not become ready: %v\n%s", err, s.logTail(40))
	}
}

func launch(t *testing.T, o serverOpts) *server {
	t.Helper()
	s := &server{t: t, addr: freeAddr(t), db: o.db, data: o.data, done: make(chan struct{})}
	scheme := "http"
	tr := &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}
	if o.tls != nil {
		scheme = "https"
		tr.TLSClientConfig = o.tls
	}
	s.base = scheme + "://" + s.addr
	s.client = &http.Client{Transport: tr, Timeout: 60 * time.Second}
	f, err := os.CreateTemp(t.TempDir(), "serve-*.log")
	if err != nil {
		t.Fatal(err)
	}
	s.logPath = f.Name()
	args := append([]string{"serve", "--data", o.data, "--db", o.db, "--addr", s.addr}, o.args...)
	s.cmd = exec.Command(embargo, args...)
	s.cmd.Env = env(home)
	s.cmd.Stdout, s.cmd.Stderr = f, f
	if err := s.cmd.Start(); err != nil {
		f.Close()
		t.Fatal(err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		s.state = s.cmd.ProcessState
		f.Close()
		tr.CloseIdleConnections()
		close(s.done)
	}()
	t.Cleanup(func() {
		s.kill()
		if t.Failed() {
			t.Logf("server %s (%s) exit %v, log tail:\n%s", s.addr, strings.Join(args, " "), s.waitErr, s.logTail(30))
		}
	})
	return s
}

// waitReady polls /readyz until it answers 200.
func (s *server) waitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	c := &http.Client{Transport: s.client.Transport, Timeout: 2 * time.Second}
	for {
		select {
		case <-s.done:
			return fmt.Errorf("embargo serve exited: %v", s.waitErr)
		default:
		}
		resp, err := c.Get(s.base + "/readyz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not ready after %v (last: %v)", timeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pid is the server's process id.
func (s *server) pid() int { return s.cmd.Process.Pid }

// signal sends sig to the server.
func (s *server) signal(sig os.Signal) {
	s.t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.t.Fatalf("signal %v: %v", sig, err)
	}
}

// kill SIGKILLs the server (if it still runs) and waits for it.
func (s *server) kill() {
	select {
	case <-s.done:
		return
	default:
	}
	s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
}

// wait waits for the server to exit and returns its exit code (-1 when
// killed by a signal).
func (s *server) wait(timeout time.Duration) int {
	s.t.Helper()
	select {
	case <-s.done:
	case <-time.After(timeout):
		s.t.Fatalf("server still running %v after it was told to stop\n%s", timeout, s.logTail(20))
	}
	return s.state.ExitCode()
}

// logTail returns the last n lines of the server's log, without the
// readiness probes' noise.
func (s *server) logTail(n int) string {
	b, _ := os.ReadFile(s.logPath)
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if !strings.Contains(l, `"route":"/readyz"`) {
			lines = append(lines, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// reply is an HTTP answer.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) String() string {
	b := r.body
	if len(b) > 600 {
		b = append(b[:600:600], "…"...)
	}
	return fmt.Sprintf("HTTP %d %s", r.status, b)
}

// do sends a request: body may be nil, []byte, string, io.Reader or a
// value sent as JSON; hdr holds header name/value pairs. It fails the test
// if the request gets no answer.
func (s *server) do(t *testing.T, method, path, key string, body any, hdr ...string) reply {
	t.Helper()
	r, err := s.try(method, path, key, body, hdr...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// try is do for other goroutines than the test's: it returns the error.
func (s *server) try(method, path, key string, body any, hdr ...string) (reply, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	case io.Reader:
		rd = b
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return reply{}, err
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, s.base+path, rd)
	if err != nil {
		return reply{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return reply{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{}, fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// decode unmarshals a JSON answer, failing the test if it does not parse.
func decode[T any](t *testing.T, r reply) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("decoding %s: %v", r, err)
	}
	return v
}

// want checks an answer's status and that it is JSON.
func want(t *testing.T, r reply, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("got %s; want HTTP %d", r, status)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") && !strings.HasPrefix(ct, "application/x-ndjson") {
		t.Fatalf("Content-Type %q; want JSON (%s)", ct, r)
	}
}

// wantError checks an error answer: the status, and the JSON shape
// {"error":{"code","message"}} with exactly those fields, the stable code
// and a message for people.
func wantError(t *testing.T, r reply, status int, code string) string {
	t.Helper()
	want(t, r, status)
	var shape map[string]map[string]any
	if err := json.Unmarshal(r.body, &shape); err != nil || len(shape) != 1 || shape["error"] == nil {
		t.Fatalf("error body %s: want {\"error\":{\"code\",\"message\"}} (%v)", r, err)
	}
	e := shape["error"]
	if len(e) != 2 || e["code"] != code {
		t.Fatalf("error %s: want exactly code %q and a message", r, code)
	}
	msg, _ := e["message"].(string)
	if strings.TrimSpace(msg) == "" {
		t.Fatalf("error %s has no message", r)
	}
	return msg
}

// API shapes, written from the documented JSON rather than imported, so a
// renamed field fails here.
type (
	errorInfo struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	hit struct {
		ID          string   `json:"id"`
		Caption     string   `json:"caption"`
		Schema      string   `json:"schema"`
		Datasets    []string `json:"datasets"`
		Score       float64  `json:"score"`
		Match       bool     `json:"match"`
		MatchedName string   `json:"matched_name"`
		Reasons     []struct {
			Feature string  `json:"feature"`
			Effect  float64 `json:"effect"`
		} `json:"reasons"`
	}
	screenResponse struct {
		ScreeningID    string         `json:"screening_id"`
		Ref            string         `json:"ref"`
		Query          map[string]any `json:"query"`
		Hits           []hit          `json:"hits"`
		Matched        bool           `json:"matched"`
		Threshold      float64        `json:"threshold"`
		DatasetVersion string         `json:"dataset_version"`
		Algorithm      string         `json:"algorithm"`
		Versions       map[string]int `json:"versions"`
	}
	readyz struct {
		Status         string `json:"status"`
		DatasetVersion string `json:"dataset_version"`
		Entities       int    `json:"entities"`
	}
	listEntry struct {
		ID        string   `json:"id"`
		Format    string   `json:"format"`
		Version   string   `json:"version"`
		Published string   `json:"published"`
		SHA256    string   `json:"sha256"`
		Entities  int      `json:"entities"`
		Files     []string `json:"files"`
	}
	listChange struct {
		ID      string   `json:"id"`
		Added   []string `json:"added"`
		Removed []string `json:"removed"`
		Status  string   `json:"status"`
	}
	reloadResult struct {
		Accepted       bool         `json:"accepted"`
		Forced         bool         `json:"forced"`
		Reason         string       `json:"reason"`
		DatasetVersion string       `json:"dataset_version"`
		Candidate      string       `json:"candidate_version"`
		Changes        []listChange `json:"changes"`
	}
	reloadRecord struct {
		Accepted       bool   `json:"accepted"`
		Forced         bool   `json:"forced"`
		DatasetVersion string `json:"dataset_version"`
		Reason         string `json:"reason"`
		By             string `json:"by"`
	}
	listsResponse struct {
		Lists          []listEntry    `json:"lists"`
		DatasetVersion string         `json:"dataset_version"`
		Entities       int            `json:"entities"`
		LastReload     *reloadResult  `json:"last_reload"`
		Reloads        []reloadRecord `json:"reloads"`
	}
	screening struct {
		Seq            int64           `json:"seq"`
		ID             string          `json:"id"`
		Time           time.Time       `json:"time"`
		KeyID          string          `json:"key_id"`
		KeyName        string          `json:"key_name"`
		Endpoint       string          `json:"endpoint"`
		Request        json.RawMessage `json:"request"`
		Result         json.RawMessage `json:"result"`
		DatasetVersion string          `json:"dataset_version"`
		Hits           int             `json:"hits"`
		Matches        int             `json:"matches"`
		PrevHash       string          `json:"prev_hash"`
		Hash           string          `json:"hash"`
	}
	screeningsResponse struct {
		Screenings []screening `json:"screenings"`
		NextCursor string      `json:"next_cursor"`
	}
)

// list returns the entry of list id.
func (l listsResponse) list(t *testing.T, id string) listEntry {
	t.Helper()
	for _, e := range l.Lists {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("no list %q in %+v", id, l.Lists)
	return listEntry{}
}

// screen screens one name and returns the answer, which must be 200.
func (s *server) screen(t *testing.T, key string, req any) screenResponse {
	t.Helper()
	r := s.do(t, "POST", "/v1/screen", key, req)
	want(t, r, http.StatusOK)
	return decode[screenResponse](t, r)
}

// ready returns /readyz.
func (s *server) ready(t *testing.T) readyz {
	t.Helper()
	r := s.do(t, "GET", "/readyz", "", nil)
	want(t, r, http.StatusOK)
	return decode[readyz](t, r)
}

// exportIDs runs `embargo audit export` and returns the records' ids in
// chain order.
func exportIDs(t *testing.T, db string) []string {
	t.Helper()
	out, errOut, code := cli(t, "audit", "export", "--db", db)
	if code != 0 {
		t.Fatalf("audit export: exit %d: %s", code, errOut)
	}
	var ids []string
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r struct {
			Seq int64  `json:"seq"`
			ID  string `json:"id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("audit export line %q: %v", sc.Text(), err)
		}
		if r.Seq != int64(len(ids)+1) {
			t.Fatalf("audit export: record %s has seq %d, want %d", r.ID, r.Seq, len(ids)+1)
		}
		ids = append(ids, r.ID)
	}
	return ids
}

// verifyAudit runs `embargo audit verify` and requires exit 0 and "OK".
func verifyAudit(t *testing.T, db string) string {
	t.Helper()
	out, errOut, code := cli(t, "audit", "verify", "--db", db)
	if code != 0 || !strings.Contains(out, "OK") {
		t.Fatalf("audit verify: exit %d\n%s%s", code, out, errOut)
	}
	return out
}
