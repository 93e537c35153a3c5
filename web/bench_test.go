package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/embargo/embargo/store"
)

// BenchmarkScreenHTTP measures POST /v1/screen end to end: parallel
// clients over loopback HTTP, API-key authentication, screening and the
// audit record committed to SQLite before each answer.
//
//	go test -run '^$' -bench ScreenHTTP -benchtime 5s ./web/
func BenchmarkScreenHTTP(b *testing.B) {
	e := newEnv(b, envOpt{})
	names := []string{"Ivan Petrovich Testov", "Northern Star Shipping", "Maria Ficticia", "John Smith", "Kim Chol Sample",
		"Golden Horizon Import Export", "Jean Pierre Exemplaire", "Acme Widgets Limited"}
	bodies := make([][]byte, len(names))
	for i, n := range names {
		bodies[i], _ = json.Marshal(map[string]any{"name": n, "limit": 5})
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, DisableCompression: true}}
	auth := "Bearer " + e.key(store.RoleScreen)
	var next atomic.Int64
	b.SetParallelism(8) // 8 × GOMAXPROCS clients: most of a request's time is the audit commit
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			body := bodies[next.Add(1)%int64(len(bodies))]
			hr, _ := http.NewRequest("POST", e.ts.URL+"/v1/screen", bytes.NewReader(body))
			hr.Header.Set("Content-Type", "application/json")
			hr.Header.Set("Authorization", auth)
			res, err := client.Do(hr)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				b.Errorf("status %d", res.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}
