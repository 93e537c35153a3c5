package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestHistQuantiles(t *testing.T) {
	var h hist
	var exact []time.Duration
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		// log-uniform from 10 µs to 2 s
		d := time.Duration(float64(10*time.Microsecond) * math.Pow(2e5, r.Float64()))
		h.record(d)
		exact = append(exact, d)
	}
	slices.Sort(exact)
	s := h.take(false)
	for _, q := range []float64{.5, .9, .99, .999} {
		want := exact[int(q*float64(len(exact)))]
		got := s.quantile(q)
		// never below the true value, at most one bucket (1/64) plus 1 µs above
		if got < want-time.Microsecond || float64(got) > float64(want)*(1+1.0/64)+float64(2*time.Microsecond) {
			t.Errorf("q%.3f = %v; exact %v", q, got, want)
		}
	}
	if s.quantile(1) != exact[len(exact)-1] {
		t.Errorf("max %v; want %v", s.quantile(1), exact[len(exact)-1])
	}
	if s.n != uint64(len(exact)) {
		t.Errorf("n %d", s.n)
	}
	// take with reset empties it
	h.take(true)
	if e := h.take(false); e.n != 0 || e.quantile(.5) != 0 {
		t.Errorf("after reset: %d, %v", e.n, e.quantile(.5))
	}
}

func TestBuckets(t *testing.T) {
	// every value falls in a bucket whose bounds hold it, buckets ascend
	prev := -1
	for us := uint64(0); us < 1<<22; us += 1 + us/97 {
		b := bucketOf(us)
		if b < prev {
			t.Fatalf("bucketOf(%d) = %d < %d", us, b, prev)
		}
		prev = b
		if upperOf(b) < us || (b > 0 && upperOf(b-1) >= us) {
			t.Fatalf("%d µs in bucket %d with bounds (%d, %d]", us, b, upperOf(b-1), upperOf(b))
		}
	}
}

func TestReadNames(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, text string
		want       []string
	}{
		{"faker.tsv", "locale\tkind\tname\nru\tperson\tИван Петров\nen\tcompany\tAcme, Inc.\n", []string{"Иван Петров", "Acme, Inc."}},
		{"plain.txt", "Vladimir Putin\n\nJohn Smith\r\n", []string{"Vladimir Putin", "John Smith"}},
		{"header.txt", "name\nVladimir Putin\n", []string{"Vladimir Putin"}},
		{"q.csv", "id,full_name,country\n1,\"Smith, John\",us\n2,Kim Jong Un,kp\n", []string{"Smith, John", "Kim Jong Un"}},
		{"last.csv", "id,whatever\n1,Rosneft\n", []string{"Rosneft"}},
	} {
		p := filepath.Join(dir, c.name)
		if err := os.WriteFile(p, []byte(c.text), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := readNames(p)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	if _, err := readNames(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing file gave no error")
	}
}

func TestRefusesNonLoopback(t *testing.T) {
	for _, u := range []string{"http://192.0.2.1:8080", "http://example.com", "ftp://127.0.0.1/", "http://[2001:db8::1]:80"} {
		var out, errOut bytes.Buffer
		if code := run([]string{"-url", u, "-duration", "1s"}, &out, &errOut); code != 2 {
			t.Errorf("%s: exit %d (%s); want 2", u, code, errOut.String())
		}
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"-duration", "2h"}, &out, &errOut); code != 2 {
		t.Errorf("-duration 2h: exit %d; want 2 (at most an hour)", code)
	}
}

// fakeServer answers /v1/screen with a screening id, and /metrics.
func fakeServer(t *testing.T, delay time.Duration, status int) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/metrics":
			fmt.Fprintf(w, "embargo_audit_append_duration_seconds_count %d\nembargo_audit_append_duration_seconds_sum %g\n", n.Load(), float64(n.Load())*0.001)
			fmt.Fprintf(w, "embargo_audit_append_duration_seconds_bucket{le=\"0.002\"} %d\nembargo_audit_append_duration_seconds_bucket{le=\"+Inf\"} %d\n", n.Load(), n.Load())
			fmt.Fprint(w, "go_memstats_heap_inuse_bytes 1.048576e+08\ngo_goroutines 12\n")
		case "/v1/screen":
			var q struct{ Name string }
			b, _ := io.ReadAll(r.Body)
			if json.Unmarshal(b, &q) != nil || q.Name == "" || r.Header.Get("Authorization") != "Bearer k" {
				http.Error(w, "bad", 400)
				return
			}
			time.Sleep(delay)
			i := n.Add(1)
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"screening_id":"scr_%d","hits":[]}`, i)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// TestOpenLoopPacing: at a fixed rate the requests are sent at that rate
// even when each takes longer than the interval between them.
func TestOpenLoopPacing(t *testing.T) {
	srv, n := fakeServer(t, 20*time.Millisecond, 200)
	ids := filepath.Join(t.TempDir(), "ids")
	var out, errOut bytes.Buffer
	code := run([]string{"-url", srv.URL, "-key", "k", "-rate", "500", "-duration", "2s", "-warmup", "500ms", "-ids", ids, "-json",
		"-pid", fmt.Sprint(os.Getpid()), "-sample", "500ms"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var res []result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || len(res) != 1 {
		t.Fatalf("%s: %v", out.String(), err)
	}
	r := res[0]
	if r.OK < 950 || r.OK > 1010 || r.Errors+r.Dropped != 0 {
		t.Errorf("500/s for 2 s: %d ok, %d errors, %d dropped; want about 1000", r.OK, r.Errors, r.Dropped)
	}
	if r.Latency.P50 < 20 || r.Latency.P99 > 500 {
		t.Errorf("latency %+v; want about 20 ms", r.Latency)
	}
	if r.Server == nil || r.Server.AuditAppends < 950 || r.Server.AuditMeanMs != 1 || r.Server.AuditP99Ms != 2 {
		t.Errorf("server figures %+v", r.Server)
	}
	if len(r.Samples) < 4 || r.Samples[len(r.Samples)-1].RSSMB == 0 || r.Samples[0].HeapMB != 100 {
		t.Errorf("samples %+v", r.Samples)
	}
	b, _ := os.ReadFile(ids)
	if got := strings.Count(string(b), "\n"); int64(got) != n.Load() || !strings.HasPrefix(string(b), "scr_") {
		t.Errorf("%d ids written for %d answers", got, n.Load())
	}
}

func TestClosedLoopAndErrors(t *testing.T) {
	srv, _ := fakeServer(t, 0, 503)
	var out, errOut bytes.Buffer
	code := run([]string{"-url", srv.URL, "-key", "k", "-concurrency", "4", "-duration", "300ms", "-json"}, &out, &errOut)
	if code != 1 {
		t.Errorf("answers 503: exit %d; want 1", code)
	}
	var res []result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || len(res) != 1 || res[0].Errors == 0 || res[0].Statuses["HTTP 503"] == 0 {
		t.Errorf("%s (%v)", out.String(), err)
	}
	// steps with -stop-on-slo stop at the first that misses
	srv2, _ := fakeServer(t, 30*time.Millisecond, 200)
	out.Reset()
	code = run([]string{"-url", srv2.URL, "-key", "k", "-rate", "50,100", "-duration", "300ms", "-slo-p99", "5ms", "-stop-on-slo", "-json"}, &out, &errOut)
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || code != 0 || len(res) != 1 || res[0].MeetsSLO {
		t.Errorf("stop-on-slo: exit %d, %s (%v)", code, out.String(), err)
	}
}

func TestScreeningID(t *testing.T) {
	if id := screeningID([]byte(`{"screening_id":"scr_01ABC","hits":[]}`)); string(id) != "scr_01ABC" {
		t.Errorf("%q", id)
	}
	if id := screeningID([]byte(`{"error":{}}`)); id != nil {
		t.Errorf("%q", id)
	}
}

func TestHistBound(t *testing.T) {
	a := map[string]float64{`x_bucket{le="0.001"}`: 10, `x_bucket{le="0.01"}`: 10, `x_bucket{le="+Inf"}`: 10}
	b := map[string]float64{`x_bucket{le="0.001"}`: 100, `x_bucket{le="0.01"}`: 1009, `x_bucket{le="+Inf"}`: 1010}
	// 1000 new observations: 90 ≤ 1 ms, 999 ≤ 10 ms, 1000 in all
	if got := histBound(a, b, "x_bucket{", "", .99); got != 10 {
		t.Errorf("p99 bound %v; want 10 ms", got)
	}
	if got := histBound(a, b, "x_bucket{", "", .05); got != 1 {
		t.Errorf("p5 bound %v; want 1 ms", got)
	}
}
