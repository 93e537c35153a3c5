package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/embargo/embargo/store"
	"github.com/embargo/embargo/store/storetest"
)

// benchRecord is a realistic screening: a short query and one hit.
func benchRecord(i int) *store.Screening {
	return &store.Screening{
		KeyID: "key_01JWHQ00000000000000000000", KeyName: "web frontend", Endpoint: "/v1/screen", RemoteAddr: "10.1.2.3:51234",
		Request:        json.RawMessage(fmt.Sprintf(`{"name":"Ivan Petrovich Sidorov %d","type":"person","birth_date":"1970-01-01","country":"RU","threshold":0.85}`, i)),
		Result:         json.RawMessage(`[{"id":"us_ofac_sdn-12345","score":0.912,"match":true,"name":"SIDOROV, Ivan Petrovich","reasons":{"tokens":0.71,"birth_date":0.15,"country":0.05}}]`),
		DatasetVersion: "ds-20250601T120000Z-4f2a",
		ListVersions:   map[string]string{"us_ofac_sdn": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "un_sc": "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", "eu_fsf": "fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13"},
		Algorithm:      "match/3 names/5", Threshold: 0.85, Hits: 1, Matches: 1,
	}
}

// benchAppendParallel appends from 64 goroutines and reports appends/s
// and the latency of one Append (p50, p99).
func benchAppendParallel(b *testing.B, url string, opt store.Options) {
	s, err := store.Open(context.Background(), url, opt)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const appenders = 64
	b.SetParallelism(max(1, appenders/runtime.GOMAXPROCS(0)))
	var mu sync.Mutex
	var lat []time.Duration
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		i := 0
		for pb.Next() {
			rec := benchRecord(i)
			i++
			start := time.Now()
			if err := s.Append(context.Background(), rec); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(start))
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
	if len(lat) > 0 {
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
}

func BenchmarkAppendParallel(b *testing.B) {
	modes := []struct {
		name string
		opt  store.Options
	}{
		{"wait=2ms", store.Options{}},
		{"wait=none", store.Options{MaxWait: -1}},
	}
	for _, m := range modes {
		b.Run("sqlite/"+m.name, func(b *testing.B) {
			benchAppendParallel(b, "sqlite:"+b.TempDir()+"/bench.db", m.opt)
		})
	}
	for _, m := range modes {
		b.Run("postgres/"+m.name, func(b *testing.B) {
			benchAppendParallel(b, storetest.PostgresURL(b, storetest.PostgresBase(b)), m.opt)
		})
	}
}

// BenchmarkVerify walks a 20,000-record chain; records/s is what
// `embargo audit verify` can check.
func BenchmarkVerify(b *testing.B) {
	ctx := context.Background()
	s, err := store.Open(ctx, "sqlite:"+b.TempDir()+"/verify.db", store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const n = 20000
	batch := make([]*store.Screening, 0, 500)
	for i := range n {
		batch = append(batch, benchRecord(i))
		if len(batch) == cap(batch) {
			if err := s.AppendBatch(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	b.ResetTimer()
	for b.Loop() {
		rep, err := s.Verify(ctx)
		if err != nil || !rep.OK || rep.Records != n {
			b.Fatalf("%+v, %v", rep, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
}
