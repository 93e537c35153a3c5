package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/embargo/embargo/internal/shared"
)

// TestLoadShort runs the load generator against a server on all current
// lists for about 10 s at a modest fixed rate and checks the outcome, not
// the speed: no request failed, and the audit trail holds exactly one
// record per answered request. (Timings are measured with the same tool
// by hand; see internal/loadgen/README.md.)
func TestLoadShort(t *testing.T) {
	need(t)
	data, _ := dataDir(t, currentUN(t), false)
	db := sqliteDB(t)
	key, _ := newKey(t, db, "screen")
	s := startServer(t, serverOpts{data: data, db: db})

	ids := filepath.Join(t.TempDir(), "ids.txt")
	out, errOut, code := runLoadgen(t, "-url", s.base, "-key", key, "-rate", "200", "-warmup", "1s", "-duration", "9s",
		"-pid", strconv.Itoa(s.pid()), "-sample", "3s", "-ids", ids, "-json",
		"-names", shared.Path(t, "names", "faker", "faker_names_seed20261129.tsv"))
	if code != 0 {
		t.Fatalf("loadgen: exit %d\n%s\n%s", code, errOut, out)
	}
	var res []struct {
		Rate       float64          `json:"target_rate"`
		Sent       int64            `json:"sent"`
		OK         int64            `json:"ok"`
		Errors     int64            `json:"errors"`
		Dropped    int64            `json:"dropped"`
		Statuses   map[string]int64 `json:"statuses"`
		Throughput float64          `json:"throughput"`
		Latency    struct {
			P50, P99 float64
		} `json:"latency_ms"`
		Server *struct {
			AuditAppends float64 `json:"audit_appends"`
			RSSMaxMB     float64 `json:"rss_max_mb"`
		} `json:"server"`
		Samples []json.RawMessage `json:"samples"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res) != 1 {
		t.Fatalf("loadgen -json printed %q (%v)", out, err)
	}
	r := res[0]
	t.Logf("loadgen: %d ok at %.0f/s, p50 %.2f ms, p99 %.2f ms", r.OK, r.Throughput, r.Latency.P50, r.Latency.P99)
	if r.Errors != 0 || r.Dropped != 0 || len(r.Statuses) != 0 || r.OK == 0 || r.Sent != r.OK {
		t.Errorf("loadgen: %+v; want every request answered", r)
	}
	if r.Server == nil || r.Server.RSSMaxMB == 0 || len(r.Samples) == 0 {
		t.Errorf("loadgen reported no server figures or memory samples: %s", out)
	}
	// a fixed rate: the count sent is the rate times the time, give or take
	// the pacer's last tick
	if want := 200 * 9; r.OK < int64(want)*95/100 || r.OK > int64(want)*105/100 {
		t.Errorf("%d requests measured at 200/s for 9 s; want about %d", r.OK, want)
	}

	// the ids file has every answered request (warm-up included) and the
	// audit trail has exactly those
	b, err := os.ReadFile(ids)
	if err != nil {
		t.Fatal(err)
	}
	var answered []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		answered = append(answered, sc.Text())
	}
	if len(answered) < int(r.OK) {
		t.Fatalf("%d ids written for %d answers", len(answered), r.OK)
	}
	verifyAudit(t, db)
	recorded := exportIDs(t, db)
	if len(recorded) != len(answered) {
		t.Errorf("%d audit records for %d answered requests", len(recorded), len(answered))
	}
	in := map[string]bool{}
	for _, id := range recorded {
		in[id] = true
	}
	for _, id := range answered {
		if !in[id] {
			t.Fatalf("answered screening %s is not in the audit trail", id)
		}
	}
}

// TestWrkScript runs internal/loadgen/screen.lua under wrk for 2 s with
// the faker names (a TSV with a header), when wrk is installed (it is not
// on CI machines): every answer must be 200 and recorded.
func TestWrkScript(t *testing.T) {
	need(t)
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		t.Skip("wrk is not installed")
	}
	data, _ := dataDir(t, currentUN(t), true)
	db := sqliteDB(t)
	key, _ := newKey(t, db, "screen")
	s := startServer(t, serverOpts{data: data, db: db})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, wrk, "-t1", "-c4", "-d2s", "--latency", "-s", filepath.Join(moduleRoot(), "internal", "loadgen", "screen.lua"), s.base)
	cmd.Env = append(os.Environ(), "EMBARGO_KEY="+key, "NAMES="+shared.Path(t, "names", "faker", "faker_names_seed20261129.tsv"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("wrk: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`names (\d+); answered (\d+) .* non-200 (\d+), socket errors (\d+)`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("no summary from screen.lua's done():\n%s", out)
	}
	names, _ := strconv.Atoi(m[1])
	answered, _ := strconv.Atoi(m[2])
	if names != 85764 || answered == 0 || m[3] != "0" || m[4] != "0" || strings.Contains(string(out), "HTTP ") {
		t.Errorf("wrk with the faker names:\n%s", out)
	}
	if n := len(exportIDs(t, db)); n < answered {
		t.Errorf("%d audit records for %d answers", n, answered)
	}
}

// runLoadgen runs the load generator to completion and returns its
// stdout, stderr (trimmed) and exit code.
func runLoadgen(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	stdout, stderr, code = runBin(t, loadgen, nil, args...)
	return stdout, strings.TrimSpace(stderr), code
}
