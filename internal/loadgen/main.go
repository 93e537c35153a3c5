// Command loadgen drives an embargo server with single screenings
// (POST /v1/screen) and reports throughput, latency percentiles and the
// server's memory. It only targets loopback addresses and always stops by
// itself (at most an hour per step).
//
// Open loop (-rate N): requests are scheduled at exactly N a second from
// the start, whatever the server does, and each latency is measured from
// the request's scheduled time, so a server that falls behind shows it in
// the percentiles instead of slowing the client down (no coordinated
// omission). A request that cannot even be queued because -max-inflight
// requests are outstanding is counted as dropped, which is an error.
//
// Closed loop (-rate 0): -concurrency workers send back to back; latency
// is measured from each send.
//
// Every answer is sent by the server only after its audit record is
// committed, so every latency includes the audit write; the summary also
// gives the server's own audit-append and request-duration histograms
// (scraped from /metrics before and after).
//
//	go run ./internal/loadgen -url http://127.0.0.1:8080 -key $KEY -rate 5000 -duration 60s -warmup 5s
//	go run ./internal/loadgen -key $KEY -rate 3000,4000,5000,6000 -duration 30s -slo-p99 20ms   # max rate within the SLO
//	go run ./internal/loadgen -key $KEY -rate 4000 -duration 5m -pid $(pgrep -n embargo) -sample 10s  # memory over time
//	    -names ../shared/data/names/faker/faker_names_seed20261129.tsv
//
// Exit status: 0 when every request was answered 200, 1 when any failed or
// was dropped, 2 for a usage error.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// maxStep bounds one step: loadgen must stop by itself.
const maxStep = time.Hour

type config struct {
	base        string // URL without a trailing slash
	key         string
	duration    time.Duration
	warmup      time.Duration
	rates       []float64 // open-loop steps; {0} is closed loop
	concurrency int
	maxInflight int
	timeout     time.Duration
	sample      time.Duration
	pid         int
	limit       int
	names       []string
	idsPath     string
	jsonOut     bool
	slo         time.Duration
	stopOnSLO   bool
	scrape      bool
	insecure    bool
	watch       bool
	clientPID   int
	stderr      io.Writer
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	target := fs.String("url", "http://127.0.0.1:8080", "server base URL (loopback addresses only)")
	key := fs.String("key", os.Getenv("EMBARGO_KEY"), "API key (default $EMBARGO_KEY)")
	duration := fs.Duration("duration", 30*time.Second, "how long each step is measured (at most 1h)")
	warmup := fs.Duration("warmup", 0, "run this long first, at the same rate, without measuring")
	rate := fs.String("rate", "0", "requests a second, open loop; a comma-separated list runs steps in turn; 0: closed loop")
	conc := fs.Int("concurrency", 64, "closed loop: concurrent workers")
	inflight := fs.Int("max-inflight", 1024, "open loop: most outstanding requests; a request beyond them is dropped (an error)")
	timeout := fs.Duration("timeout", 10*time.Second, "per-request timeout")
	sample := fs.Duration("sample", 0, "print interval figures (and the server's RSS and CPU with -pid) this often; default 10s (less for short runs)")
	pid := fs.Int("pid", 0, "server process id: sample its RSS and CPU from /proc")
	limit := fs.Int("limit", 5, "hits asked for per screening")
	namesFile := fs.String("names", "", "names file: one a line, or TSV/CSV with a 'name' column (else the last); default: a built-in mixed set of 20")
	ids := fs.String("ids", "", "write the screening_id of every answered request (warm-up included) to this file")
	jsonOut := fs.Bool("json", false, "print the summary as JSON on stdout (progress goes to stderr)")
	slo := fs.Duration("slo-p99", 20*time.Millisecond, "latency objective for p99: steps are marked against it and the best passing rate is reported")
	stopOnSLO := fs.Bool("stop-on-slo", false, "stop stepping through -rate once a step misses -slo-p99 or has errors")
	scrape := fs.Bool("metrics", true, "scrape the server's /metrics for its audit-append and request histograms and Go heap")
	insecure := fs.Bool("insecure", false, "https: do not verify the certificate (self-signed, loopback)")
	clientPID := fs.Int("client-pid", 0, "with -watch: the load generator's pid (wrk), so its CPU is told apart from other processes'")
	watch := fs.Bool("watch", false, "send nothing: only sample the server (-pid) and the machine for -duration, e.g. beside wrk")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "loadgen: "+format+"\n", a...)
		return 2
	}
	if fs.NArg() > 0 {
		return usage("unexpected arguments %q", fs.Args())
	}
	u, err := url.Parse(*target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usage("-url %q: want http(s)://host:port", *target)
	}
	if !loopback(u.Hostname()) {
		return usage("only loopback addresses are targeted, not %s", u.Host)
	}
	c := &config{base: strings.TrimRight(u.String(), "/"), key: *key, duration: *duration, warmup: *warmup,
		concurrency: *conc, maxInflight: *inflight, timeout: *timeout, sample: *sample, pid: *pid, limit: *limit,
		idsPath: *ids, jsonOut: *jsonOut, slo: *slo, stopOnSLO: *stopOnSLO, scrape: *scrape, insecure: *insecure, watch: *watch, clientPID: *clientPID, stderr: stderr}
	if c.duration <= 0 || c.duration+c.warmup > maxStep || c.warmup < 0 {
		return usage("-duration %v (+ -warmup %v) must be positive and at most %v", c.duration, c.warmup, maxStep)
	}
	for _, f := range strings.Split(*rate, ",") {
		r, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || r < 0 || r > 1e6 {
			return usage("-rate %q: want requests a second (0 to 1e6), comma-separated", *rate)
		}
		c.rates = append(c.rates, r)
	}
	if c.concurrency < 1 || c.maxInflight < 1 {
		return usage("-concurrency and -max-inflight must be at least 1")
	}
	if c.sample == 0 {
		c.sample = min(10*time.Second, max(time.Second, (c.duration+c.warmup)/5))
	}
	if c.pid > 0 {
		if _, err := os.Stat(fmt.Sprintf("/proc/%d/status", c.pid)); err != nil {
			return usage("-pid %d: %v", c.pid, err)
		}
	}
	c.names = builtin
	if *namesFile != "" {
		if c.names, err = readNames(*namesFile); err != nil {
			return usage("%v", err)
		}
	}
	var idw *idWriter
	if c.idsPath != "" {
		f, err := os.Create(c.idsPath)
		if err != nil {
			return usage("%v", err)
		}
		idw = &idWriter{w: bufio.NewWriter(f)}
		defer func() {
			idw.mu.Lock()
			idw.w.Flush()
			idw.mu.Unlock()
			f.Close()
		}()
	}
	progress := stdout
	if c.jsonOut {
		progress = stderr
	}
	var results []*result
	failed := false
	if c.watch {
		c.rates = []float64{0}
	}
	for _, r := range c.rates {
		res := c.step(r, idw, progress)
		results = append(results, res)
		if !c.watch {
			res.print(progress, c)
		} else if s := res.Server; s != nil && s.RSSMaxMB > 0 {
			fmt.Fprintf(progress, "server memory: rss first %.0f MB last %.0f MB max %.0f MB; slope rss %+.1f MB/min heap %+.1f MB/min\n",
				s.RSSFirstMB, s.RSSLastMB, s.RSSMaxMB, s.RSSSlopeMBMin, s.HeapSlopeMBMin)
		}
		if res.Errors > 0 || res.Dropped > 0 {
			failed = true
		}
		if c.stopOnSLO && !res.MeetsSLO {
			break
		}
	}
	if len(results) > 1 {
		printTable(progress, results, c)
	}
	if c.jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(results)
	}
	if failed {
		return 1
	}
	return 0
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

type idWriter struct {
	mu sync.Mutex
	w  *bufio.Writer
}

func (w *idWriter) write(id []byte) {
	w.mu.Lock()
	w.w.Write(id)
	w.w.WriteByte('\n')
	w.mu.Unlock()
}

// result is one step's figures. Durations are in milliseconds in JSON.
type result struct {
	Rate       float64          `json:"target_rate"` // 0: closed loop
	Workers    int              `json:"workers,omitempty"`
	Seconds    float64          `json:"seconds"` // measured window
	Sent       int64            `json:"sent"`
	OK         int64            `json:"ok"`
	Errors     int64            `json:"errors"`
	Dropped    int64            `json:"dropped"`
	Statuses   map[string]int64 `json:"statuses,omitempty"` // failures by HTTP status or transport error
	Throughput float64          `json:"throughput"`         // answered 200 a second
	Latency    percentiles      `json:"latency_ms"`         // from the scheduled send (open loop)
	Service    percentiles      `json:"service_ms"`         // from the actual send
	SendLagP99 float64          `json:"send_lag_p99_ms"`    // how late the pacer sent, p99
	MeetsSLO   bool             `json:"meets_slo"`
	Server     *serverFigures   `json:"server,omitempty"`
	Samples    []sample         `json:"samples,omitempty"`
	ClientCPU  float64          `json:"client_cpu_percent"`
	// OtherCPU is the mean CPU other processes used during the samples:
	// figures taken while it is high measure the machine, not the server.
	OtherCPU  float64 `json:"other_cpu_percent"`
	ServerCPU float64 `json:"server_cpu_percent,omitempty"` // mean over the samples
}

type percentiles struct {
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P99  float64 `json:"p99"`
	P999 float64 `json:"p99_9"`
	Max  float64 `json:"max"`
}

func pcts(s *snapshot) percentiles {
	return percentiles{P50: ms(s.quantile(.5)), P90: ms(s.quantile(.9)), P99: ms(s.quantile(.99)),
		P999: ms(s.quantile(.999)), Max: ms(s.quantile(1))}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// sample is one interval's figures.
type sample struct {
	T          float64 `json:"t"` // seconds since the step started (warm-up included)
	OKPerSec   float64 `json:"ok_per_sec"`
	P50        float64 `json:"p50_ms"`
	P99        float64 `json:"p99_ms"`
	Errors     int64   `json:"errors"`
	RSSMB      float64 `json:"rss_mb,omitempty"`
	HeapMB     float64 `json:"heap_inuse_mb,omitempty"`
	ServerCPU  float64 `json:"server_cpu_percent,omitempty"`
	ClientCPU  float64 `json:"client_cpu_percent"` // loadgen itself, or -client-pid
	OtherCPU   float64 `json:"other_cpu_percent"`  // the machine's busy CPU less the server's and the client's: interference
	Goroutines float64 `json:"goroutines,omitempty"`
}

// serverFigures come from the server's /metrics, as the difference over
// the step.
type serverFigures struct {
	AuditAppends   float64 `json:"audit_appends"`
	AuditMeanMs    float64 `json:"audit_append_mean_ms"`
	AuditP99Ms     float64 `json:"audit_append_p99_bound_ms"` // bucket upper bound
	RequestP99Ms   float64 `json:"request_p99_bound_ms"`      // /v1/screen 200, bucket upper bound
	RSSFirstMB     float64 `json:"rss_first_mb,omitempty"`
	RSSLastMB      float64 `json:"rss_last_mb,omitempty"`
	RSSMaxMB       float64 `json:"rss_max_mb,omitempty"`
	RSSSlopeMBMin  float64 `json:"rss_slope_mb_per_min,omitempty"` // least squares over the samples after warm-up
	HeapSlopeMBMin float64 `json:"heap_slope_mb_per_min,omitempty"`
}

// job is one scheduled request.
type job struct {
	at   time.Time
	i    int
	meas bool // inside the measured window
}

// step runs one rate (0: closed loop) for warm-up + duration.
func (c *config) step(rate float64, idw *idWriter, progress io.Writer) *result {
	bodies := make([][]byte, len(c.names))
	for i, n := range c.names {
		bodies[i], _ = json.Marshal(map[string]any{"name": n, "limit": c.limit})
	}
	workers := c.concurrency
	if rate > 0 {
		workers = c.maxInflight
	}
	tr := &http.Transport{MaxIdleConns: workers, MaxIdleConnsPerHost: workers, DisableCompression: true,
		IdleConnTimeout: time.Minute, TLSClientConfig: &tls.Config{InsecureSkipVerify: c.insecure}}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: c.timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	var lat, svc, lag, ilat hist
	var sent, ok, errs, dropped, iok, ierrs atomic.Int64
	var stMu sync.Mutex
	statuses := map[string]int64{}
	fail := func(what string, body []byte) {
		stMu.Lock()
		statuses[what]++
		n := statuses[what]
		stMu.Unlock()
		if n <= 3 {
			fmt.Fprintf(c.stderr, "loadgen: %s %s\n", what, bytes.TrimSpace(body))
		}
	}
	before := c.scrapeMetrics(client)
	cpu0 := selfCPU()
	start := time.Now()
	measure := start.Add(c.warmup)
	end := measure.Add(c.duration)
	ctx, cancel := context.WithDeadline(context.Background(), end.Add(c.timeout+time.Second))
	defer cancel()

	do := func(j job) {
		i := j.i % len(bodies)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/v1/screen", bytes.NewReader(bodies[i]))
		req.Header.Set("Content-Type", "application/json")
		if c.key != "" {
			req.Header.Set("Authorization", "Bearer "+c.key)
		}
		t0 := time.Now()
		if j.at.IsZero() {
			j.at = t0
		}
		if j.meas {
			sent.Add(1)
		}
		resp, err := client.Do(req)
		var b []byte
		if err == nil {
			b, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		done := time.Now()
		switch {
		case err != nil:
			errs.Add(1)
			ierrs.Add(1)
			what := "transport error"
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				what = "timeout"
			}
			fail(what, []byte(err.Error()))
			return
		case resp.StatusCode != http.StatusOK:
			errs.Add(1)
			ierrs.Add(1)
			fail("HTTP "+strconv.Itoa(resp.StatusCode), b)
			return
		}
		if idw != nil {
			if id := screeningID(b); id != nil {
				idw.write(id)
			} else {
				fail("answer without screening_id", b)
			}
		}
		if !j.meas {
			return
		}
		ok.Add(1)
		iok.Add(1)
		lat.record(done.Sub(j.at))
		ilat.record(done.Sub(j.at))
		svc.record(done.Sub(t0))
	}

	var wg sync.WaitGroup
	if c.watch {
		wg.Go(func() { time.Sleep(time.Until(end)) })
	} else if rate > 0 {
		jobs := make(chan job, workers)
		for range workers {
			wg.Go(func() {
				for j := range jobs {
					do(j)
				}
			})
		}
		wg.Go(func() { // the pacer
			defer close(jobs)
			period := float64(time.Second) / rate
			for i := 0; ; i++ {
				at := start.Add(time.Duration(float64(i) * period))
				if !at.Before(end) {
					return
				}
				if d := time.Until(at); d > 0 {
					time.Sleep(d)
				}
				meas := !at.Before(measure)
				if meas {
					lag.record(time.Since(at))
				}
				select {
				case jobs <- job{at: at, i: i, meas: meas}:
				default:
					dropped.Add(1)
					fail("dropped: -max-inflight outstanding", nil)
				}
			}
		})
	} else {
		var next atomic.Int64
		for range workers {
			wg.Go(func() {
				for {
					now := time.Now()
					if !now.Before(end) {
						return
					}
					do(job{i: int(next.Add(1)), meas: !now.Before(measure)})
				}
			})
		}
	}

	res := &result{Rate: rate, Statuses: statuses}
	if rate == 0 {
		res.Workers = workers
	}
	stopSample := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		if c.sample <= 0 {
			return
		}
		t := time.NewTicker(c.sample)
		defer t.Stop()
		lastCPU, lastT := procCPU(c.pid), time.Now()
		clientCPU := selfCPU
		if c.clientPID > 0 {
			clientCPU = func() float64 { return procCPU(c.clientPID) }
		}
		lastSelf, lastMachine := clientCPU(), machineCPU()
		for {
			select {
			case <-stopSample:
				return
			case now := <-t.C:
				s := sample{T: now.Sub(start).Seconds(), OKPerSec: float64(iok.Swap(0)) / c.sample.Seconds(), Errors: ierrs.Swap(0)}
				snap := ilat.take(true)
				s.P50, s.P99 = ms(snap.quantile(.5)), ms(snap.quantile(.99))
				cpu, self, machine := procCPU(c.pid), clientCPU(), machineCPU()
				secs := now.Sub(lastT).Seconds()
				if c.pid > 0 {
					s.RSSMB = rssMB(c.pid)
					s.ServerCPU = 100 * (cpu - lastCPU) / secs
				}
				s.ClientCPU = 100 * (self - lastSelf) / secs
				s.OtherCPU = max(0, 100*((machine-lastMachine)-(cpu-lastCPU)-(self-lastSelf))/secs)
				lastCPU, lastSelf, lastMachine, lastT = cpu, self, machine, now
				if m := c.scrapeMetrics(client); m != nil {
					s.HeapMB = m["go_memstats_heap_inuse_bytes"] / (1 << 20)
					s.Goroutines = m["go_goroutines"]
				}
				res.Samples = append(res.Samples, s)
				fmt.Fprintf(progress, "t=%5.0fs ok/s %6.0f p50 %6.2fms p99 %6.2fms errors %d | server rss %s heap %s cpu %s goroutines %.0f | client cpu %.0f%% other processes %.0f%%\n",
					s.T, s.OKPerSec, s.P50, s.P99, s.Errors, orDash(s.RSSMB, "%.0f MB"), orDash(s.HeapMB, "%.0f MB"),
					orDash(s.ServerCPU, "%.0f%%"), s.Goroutines, s.ClientCPU, s.OtherCPU)
			}
		}
	}()
	wg.Wait()
	close(stopSample)
	<-sampled
	res.Seconds = c.duration.Seconds()
	res.Sent, res.OK, res.Errors, res.Dropped = sent.Load(), ok.Load(), errs.Load(), dropped.Load()
	res.Throughput = float64(res.OK) / c.duration.Seconds()
	res.Latency, res.Service = pcts(lat.take(false)), pcts(svc.take(false))
	res.SendLagP99 = ms(lag.take(false).quantile(.99))
	if c.watch {
		res.Throughput = 0
	}
	res.MeetsSLO = res.Errors == 0 && res.Dropped == 0 && res.Latency.P99 <= ms(c.slo) && res.OK > 0
	res.ClientCPU = 100 * (selfCPU() - cpu0) / time.Since(start).Seconds()
	if after := c.scrapeMetrics(client); before != nil && after != nil {
		res.Server = serverDiff(before, after)
	}
	if n := float64(len(res.Samples)); n > 0 {
		for _, s := range res.Samples {
			res.OtherCPU += s.OtherCPU / n
			res.ServerCPU += s.ServerCPU / n
		}
	}
	if len(res.Samples) > 0 && c.pid > 0 {
		if res.Server == nil {
			res.Server = &serverFigures{}
		}
		var xs, rss, heap []float64
		for _, s := range res.Samples {
			res.Server.RSSMaxMB = max(res.Server.RSSMaxMB, s.RSSMB)
			if s.T < c.warmup.Seconds() {
				continue
			}
			xs, rss, heap = append(xs, s.T/60), append(rss, s.RSSMB), append(heap, s.HeapMB)
		}
		if len(rss) > 0 {
			res.Server.RSSFirstMB, res.Server.RSSLastMB = rss[0], rss[len(rss)-1]
			res.Server.RSSSlopeMBMin, res.Server.HeapSlopeMBMin = slope(xs, rss), slope(xs, heap)
		}
	}
	return res
}

func orDash(v float64, format string) string {
	if v == 0 {
		return "-"
	}
	return fmt.Sprintf(format, v)
}

// screeningID finds "screening_id":"…" in an answer without decoding it all.
func screeningID(b []byte) []byte {
	const k = `"screening_id":"`
	i := bytes.Index(b, []byte(k))
	if i < 0 {
		return nil
	}
	b = b[i+len(k):]
	j := bytes.IndexByte(b, '"')
	if j <= 0 {
		return nil
	}
	return b[:j]
}

func (r *result) print(w io.Writer, c *config) {
	mode := fmt.Sprintf("open loop %.0f/s", r.Rate)
	if r.Rate == 0 {
		mode = fmt.Sprintf("closed loop, %d workers", r.Workers)
	}
	fmt.Fprintf(w, "%s, %v (+%v warm-up), %d names: %d ok, %d errors, %d dropped: %.0f/s\n",
		mode, c.duration, c.warmup, len(c.names), r.OK, r.Errors, r.Dropped, r.Throughput)
	from := "from the scheduled send"
	if r.Rate == 0 {
		from = "from the send"
	}
	l := r.Latency
	fmt.Fprintf(w, "  latency (%s, audit write included): p50 %.2fms p90 %.2fms p99 %.2fms p99.9 %.2fms max %.2fms\n", from, l.P50, l.P90, l.P99, l.P999, l.Max)
	if r.Rate > 0 {
		fmt.Fprintf(w, "  service time (from the actual send): p50 %.2fms p99 %.2fms; pacer lag p99 %.2fms\n", r.Service.P50, r.Service.P99, r.SendLagP99)
	}
	if s := r.Server; s != nil {
		if s.AuditAppends > 0 {
			fmt.Fprintf(w, "  server: audit append n=%.0f mean %.2fms p99 ≤ %gms; /v1/screen p99 ≤ %gms\n", s.AuditAppends, s.AuditMeanMs, s.AuditP99Ms, s.RequestP99Ms)
		}
		if s.RSSMaxMB > 0 {
			fmt.Fprintf(w, "  server memory: rss first %.0f MB last %.0f MB max %.0f MB; slope rss %+.1f MB/min heap %+.1f MB/min\n",
				s.RSSFirstMB, s.RSSLastMB, s.RSSMaxMB, s.RSSSlopeMBMin, s.HeapSlopeMBMin)
		}
	}
	slo := "meets"
	if !r.MeetsSLO {
		slo = "MISSES"
	}
	fmt.Fprintf(w, "  %s the objective p99 ≤ %v without errors; CPU: loadgen %.0f%% (GOMAXPROCS %d)", slo, c.slo, r.ClientCPU, runtime.GOMAXPROCS(0))
	if len(r.Samples) > 0 {
		fmt.Fprintf(w, ", server %s, other processes %.0f%%", orDash(r.ServerCPU, "%.0f%%"), r.OtherCPU)
		if r.OtherCPU > 10 {
			fmt.Fprint(w, " (INTERFERENCE: other processes competed for the CPU)")
		}
	}
	fmt.Fprintln(w)
	if len(r.Statuses) > 0 {
		var ks []string
		for k, v := range r.Statuses {
			ks = append(ks, fmt.Sprintf("%s: %d", k, v))
		}
		sort.Strings(ks)
		fmt.Fprintf(w, "  failures: %s\n", strings.Join(ks, ", "))
	}
}

func printTable(w io.Writer, rs []*result, c *config) {
	fmt.Fprintf(w, "\n%10s %10s %9s %9s %9s %7s  %s\n", "rate/s", "ok/s", "p50 ms", "p99 ms", "max ms", "errors", "p99 ≤ "+c.slo.String())
	best := 0.0
	for _, r := range rs {
		mark := "no"
		if r.MeetsSLO {
			mark = "yes"
			best = max(best, r.Throughput)
		}
		fmt.Fprintf(w, "%10.0f %10.0f %9.2f %9.2f %9.2f %7d  %s\n", r.Rate, r.Throughput, r.Latency.P50, r.Latency.P99, r.Latency.Max, r.Errors+r.Dropped, mark)
	}
	if best > 0 {
		fmt.Fprintf(w, "highest throughput meeting p99 ≤ %v without errors: %.0f/s\n", c.slo, best)
	} else {
		fmt.Fprintf(w, "no step met p99 ≤ %v without errors\n", c.slo)
	}
}

// slope is the least-squares slope of ys over xs.
func slope(xs, ys []float64) float64 {
	n := float64(len(xs))
	if n < 2 {
		return 0
	}
	var sx, sy, sxx, sxy float64
	for i := range xs {
		sx, sy, sxx, sxy = sx+xs[i], sy+ys[i], sxx+xs[i]*xs[i], sxy+xs[i]*ys[i]
	}
	d := n*sxx - sx*sx
	if d == 0 {
		return 0
	}
	return (n*sxy - sx*sy) / d
}

// rssMB reads a process's resident set size.
func rssMB(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

// procCPU returns a process's user+system CPU seconds from /proc.
func procCPU(pid int) float64 {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// the command name (field 2) may hold spaces: count from the last ')'
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / 100 // USER_HZ is 100 on Linux
}

func selfCPU() float64 { return procCPU(os.Getpid()) }

// machineCPU returns the busy CPU seconds of the whole machine (all
// cores) from /proc/stat: what is neither idle nor waiting for I/O.
func machineCPU() float64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 6 || f[0] != "cpu" {
		return 0
	}
	var busy float64
	for i, x := range f[1:] {
		v, _ := strconv.ParseFloat(x, 64)
		if i != 3 && i != 4 && i < 8 { // idle, iowait; guest time is already in user
			busy += v
		}
	}
	return busy / 100
}

// scrapeMetrics reads the server's /metrics into name{labels} → value;
// nil when scraping is off or fails.
func (c *config) scrapeMetrics(client *http.Client) map[string]float64 {
	if !c.scrape {
		return nil
	}
	resp, err := client.Get(c.base + "/metrics")
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		return nil
	}
	m := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || l[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(l, ' ')
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(l[i+1:], 64)
		if err != nil {
			continue
		}
		m[l[:i]] = v
	}
	return m
}

// serverDiff turns two scrapes into the step's server figures.
func serverDiff(a, b map[string]float64) *serverFigures {
	d := func(k string) float64 { return b[k] - a[k] }
	s := &serverFigures{AuditAppends: d("embargo_audit_append_duration_seconds_count")}
	if s.AuditAppends > 0 {
		s.AuditMeanMs = 1000 * d("embargo_audit_append_duration_seconds_sum") / s.AuditAppends
	}
	s.AuditP99Ms = histBound(a, b, "embargo_audit_append_duration_seconds_bucket{", "", .99)
	s.RequestP99Ms = histBound(a, b, "embargo_http_request_duration_seconds_bucket{", `code="200",route="/v1/screen",`, .99)
	return s
}

// histBound returns the upper bound (ms) of the Prometheus histogram
// bucket holding quantile q of the observations between two scrapes.
func histBound(a, b map[string]float64, prefix, labels string, q float64) float64 {
	type bk struct{ le, n float64 }
	var bs []bk
	for k, v := range b {
		rest, ok := strings.CutPrefix(k, prefix+labels+`le="`)
		if !ok {
			continue
		}
		les := strings.TrimSuffix(rest, `"}`)
		le, err := strconv.ParseFloat(les, 64)
		if les == "+Inf" {
			le, err = 1e308, nil
		}
		if err != nil {
			continue
		}
		bs = append(bs, bk{le, v - a[k]})
	}
	if len(bs) == 0 {
		return 0
	}
	sort.Slice(bs, func(i, j int) bool { return bs[i].le < bs[j].le })
	total := bs[len(bs)-1].n
	if total <= 0 {
		return 0
	}
	for _, x := range bs {
		if x.n >= q*total {
			if x.le >= 1e308 {
				return -1 // beyond the last bucket
			}
			return x.le * 1000
		}
	}
	return -1
}

// readNames reads a names file: one name a line, or a TSV/CSV whose
// header has a "name" (or "full_name") column, else the last column.
func readNames(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	lines := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	sep := ""
	switch {
	case strings.Contains(lines[0], "\t"):
		sep = "\t"
	case strings.Contains(lines[0], ","):
		sep = ","
	}
	var out []string
	if sep == "" { // one name a line; a lone "name" header is skipped
		for i, l := range lines {
			if l = strings.TrimSpace(l); l != "" && !(i == 0 && strings.EqualFold(l, "name")) {
				out = append(out, l)
			}
		}
	} else {
		var rows [][]string
		if sep == "," {
			r := csv.NewReader(bytes.NewReader(b))
			r.FieldsPerRecord, r.LazyQuotes = -1, true
			if rows, err = r.ReadAll(); err != nil {
				return nil, fmt.Errorf("%s: %v", path, err)
			}
		} else {
			for _, l := range lines {
				rows = append(rows, strings.Split(l, "\t"))
			}
		}
		col := len(rows[0]) - 1
		for j, h := range rows[0] {
			if h = strings.ToLower(strings.TrimSpace(h)); h == "name" || h == "full_name" {
				col = j
			}
		}
		for _, r := range rows[1:] {
			if col < len(r) && strings.TrimSpace(r[col]) != "" {
				out = append(out, strings.TrimSpace(r[col]))
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no names in %s", path)
	}
	return out, nil
}

// builtin is a mixed set of 20 names: listed and not, Latin and not.
var builtin = []string{
	"Vladimir Putin", "Владимир Путин", "John Smith", "Maria Garcia", "Bank Melli Iran", "Mohammed Ali",
	"Kim Jong Un", "Rosneft", "Angela Merkel", "Joe Biden", "Ali Khamenei", "Hezbollah", "Abu Bakr al-Baghdadi",
	"王秀英", "Ivan Petrov", "Acme Trading LLC", "Sergei Lavrov", "Ocean Trader", "Jean Dupont", "Abdul Rahman",
}
