// Command loadgen drives an embargo server with screening requests for a
// fixed time and reports throughput and latency percentiles. It targets
// loopback only and stops by itself.
//
//	go run ./internal/loadgen -url http://127.0.0.1:8080 -key $KEY -duration 60s -concurrency 64 \
//	    -names ../shared/data/names/faker/faker_names_seed20261129.tsv
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	target := flag.String("url", "http://127.0.0.1:8080", "server base URL (loopback only)")
	key := flag.String("key", os.Getenv("EMBARGO_KEY"), "API key")
	duration := flag.Duration("duration", 30*time.Second, "how long to run")
	conc := flag.Int("concurrency", 64, "concurrent requests")
	namesFile := flag.String("names", "", "TSV/CSV file whose last column (or 'name' column) holds names; default: a built-in mixed set")
	rate := flag.Int("rate", 0, "target requests per second (0: as fast as possible)")
	sample := flag.Duration("sample", 0, "print throughput and the server's RSS every this often (needs -pid)")
	pid := flag.Int("pid", 0, "server process id, for memory samples")
	out := flag.String("ids", "", "write every answered screening id to this file")
	flag.Parse()

	u, err := url.Parse(*target)
	if err != nil {
		fail(err)
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fail(fmt.Errorf("loadgen only targets loopback addresses, not %s", u.Host))
	}
	names := builtin
	if *namesFile != "" {
		names = readNames(*namesFile)
	}
	bodies := make([][]byte, len(names))
	for i, n := range names {
		bodies[i], _ = json.Marshal(map[string]any{"name": n, "limit": 5})
	}
	tr := &http.Transport{MaxIdleConnsPerHost: *conc * 2, MaxConnsPerHost: *conc * 2, DisableCompression: true}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}

	var ids io.Writer = io.Discard
	var idMu sync.Mutex
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fail(err)
		}
		defer f.Close()
		bw := bufio.NewWriter(f)
		defer bw.Flush()
		ids = bw
	}

	var ok, errs, next atomic.Int64
	lat := make([][]time.Duration, *conc)
	deadline := time.Now().Add(*duration)
	var wg sync.WaitGroup
	start := time.Now()
	stopSample := make(chan struct{})
	if *sample > 0 {
		go func() {
			t := time.NewTicker(*sample)
			defer t.Stop()
			last := int64(0)
			for {
				select {
				case <-stopSample:
					return
				case <-t.C:
					n := ok.Load()
					fmt.Printf("t=%4.0fs rps=%6.0f rss=%s\n", time.Since(start).Seconds(), float64(n-last)/sample.Seconds(), rss(*pid))
					last = n
				}
			}
		}()
	}
	for w := 0; w < *conc; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			// each worker paces itself: together they send -rate a second
			var tick <-chan time.Time
			if *rate > 0 {
				period := time.Duration(float64(time.Second) * float64(*conc) / float64(*rate))
				time.Sleep(time.Duration(w) * period / time.Duration(*conc))
				t := time.NewTicker(period)
				defer t.Stop()
				tick = t.C
			}
			for time.Now().Before(deadline) {
				if tick != nil {
					<-tick
				}
				i := next.Add(1)
				body := bodies[int(i)%len(bodies)]
				req, _ := http.NewRequest("POST", *target+"/v1/screen", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				if *key != "" {
					req.Header.Set("Authorization", "Bearer "+*key)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					errs.Add(1)
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				d := time.Since(t0)
				if resp.StatusCode != 200 {
					errs.Add(1)
					if errs.Load() < 5 {
						fmt.Fprintf(os.Stderr, "HTTP %d: %s\n", resp.StatusCode, b)
					}
					continue
				}
				ok.Add(1)
				lat[w] = append(lat[w], d)
				if *out != "" {
					var r struct {
						ID string `json:"screening_id"`
					}
					json.Unmarshal(b, &r)
					idMu.Lock()
					fmt.Fprintln(ids, r.ID)
					idMu.Unlock()
				}
			}
		}(w)
	}
	wg.Wait()
	close(stopSample)
	el := time.Since(start)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	pct := func(p float64) time.Duration {
		if len(all) == 0 {
			return 0
		}
		return all[min(len(all)-1, int(float64(len(all))*p))]
	}
	fmt.Printf("requests %d ok, %d errors in %v: %.0f/s; latency p50 %v p90 %v p99 %v max %v (client GOMAXPROCS %d)\n",
		ok.Load(), errs.Load(), el.Round(time.Millisecond), float64(ok.Load())/el.Seconds(),
		pct(0.5).Round(10*time.Microsecond), pct(0.9).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond),
		pct(1).Round(10*time.Microsecond), runtime.GOMAXPROCS(0))
	if errs.Load() > 0 {
		os.Exit(1)
	}
}

func rss(pid int) string {
	if pid == 0 {
		return "-"
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "VmRSS:"))
		}
	}
	return "?"
}

func readNames(path string) []string {
	f, err := os.Open(path)
	if err != nil {
		fail(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	col := -1
	for i := 0; sc.Scan(); i++ {
		sep := "\t"
		if !strings.Contains(sc.Text(), "\t") {
			sep = ","
		}
		fs := strings.Split(sc.Text(), sep)
		if i == 0 {
			for j, h := range fs {
				if h == "name" || h == "full_name" {
					col = j
				}
			}
			if col < 0 {
				col = len(fs) - 1
			}
			continue
		}
		if col < len(fs) && strings.TrimSpace(fs[col]) != "" {
			out = append(out, strings.Trim(fs[col], `"`))
		}
	}
	if len(out) == 0 {
		fail(fmt.Errorf("no names in %s", path))
	}
	return out
}

// builtin is a mixed set of 20 names: listed and not, Latin and not.
var builtin = []string{
	"Vladimir Putin", "Владимир Путин", "John Smith", "Maria Garcia", "Bank Melli Iran", "Mohammed Ali",
	"Kim Jong Un", "Rosneft", "Angela Merkel", "Joe Biden", "Ali Khamenei", "Hezbollah", "Abu Bakr al-Baghdadi",
	"王秀英", "Ivan Petrov", "Acme Trading LLC", "Sergei Lavrov", "Ocean Trader", "Jean Dupont", "Abdul Rahman",
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "loadgen:", err)
	os.Exit(2)
}
