package web

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/embargo/embargo/dataset"
)

// Unit tests of the parts the HTTP tests reach only in part.

func TestConfigValidate(t *testing.T) {
	load := func(context.Context) (*dataset.Snapshot, error) { return nil, nil }
	if _, err := New(Config{Load: load}, nil); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	// every problem is reported at once
	_, err := New(Config{MaxBody: 100, MaxBatch: 200000, MaxDrop: 2}, nil)
	if err == nil {
		t.Fatal("a bad config was accepted")
	}
	for _, want := range []string{"MaxBody", "MaxBatch", "MaxDrop", "no Load"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	if _, err := New(Config{Load: load, MaxBody: 4096, MaxBatchBody: 2048}, nil); err == nil || !strings.Contains(err.Error(), "MaxBatchBody") {
		t.Errorf("MaxBatchBody below MaxBody: %v", err)
	}
}

func TestConfigDefaults(t *testing.T) {
	var c Config
	c.defaults()
	if c.RateLimit != DefaultRateLimit || c.RateBurst != 2*DefaultRateLimit || c.MaxBody != DefaultMaxBody || c.MaxBatch != DefaultMaxBatch ||
		c.RequestTimeout != DefaultRequestTimeout || c.MaxInFlight != DefaultMaxInFlight || c.MaxDrop != dataset.DefaultMaxDrop || c.Logger == nil {
		t.Errorf("defaults: %+v", c)
	}
	// set values are kept; a burst defaults to twice the rate set
	c = Config{RateLimit: 5, MaxInFlight: -1, RequestTimeout: time.Second}
	c.defaults()
	if c.RateLimit != 5 || c.RateBurst != 10 || c.MaxInFlight != -1 || c.RequestTimeout != time.Second {
		t.Errorf("set values: %+v", c)
	}
}

func TestScreenOptionsInherit(t *testing.T) {
	batch := ScreenOptions{Threshold: 0.7, Limit: 3, Algorithm: "ofac", Lists: []string{"a"}, ExcludeLists: []string{"b"}, ExcludeIDs: []string{"x"}}
	var unset ScreenOptions
	unset.inherit(batch)
	if !reflect.DeepEqual(unset, batch) {
		t.Errorf("nothing set: %+v, want the batch's %+v", unset, batch)
	}
	own := ScreenOptions{Threshold: 0.9, Limit: 1, Algorithm: "embargo", Lists: []string{"c"}, ExcludeLists: []string{"d"}, ExcludeIDs: []string{"y"}}
	got := own
	got.inherit(batch)
	if !reflect.DeepEqual(got, own) {
		t.Errorf("all set: %+v, want its own %+v", got, own)
	}
	// the options are promoted: the JSON of a party and of a batch is flat
	var q BatchRequest
	if err := unmarshal([]byte(`{"threshold":0.7,"lists":["a"],"parties":[{"name":"x","limit":2}]}`), &q, true); err != nil {
		t.Fatal(err)
	}
	if q.Threshold != 0.7 || len(q.Lists) != 1 || q.Parties[0].Limit != 2 {
		t.Errorf("decoded %+v", q)
	}
}

func TestYenteProps(t *testing.T) {
	raw := map[string]json.RawMessage{
		"name":           json.RawMessage(`["Ivan Testov", null]`),
		"alias":          json.RawMessage(`"Vanya"`),
		"imoNumber":      json.RawMessage(`9123456`),
		"ownershipAsset": json.RawMessage(`[{"schema":"Vessel","properties":{"name":["Sea Phantom"]}}]`),
	}
	got, bad := yenteProps(raw)
	want := map[string][]string{"name": {"Ivan Testov"}, "alias": {"Vanya"}, "imoNumber": {"9123456"}, "ownershipAsset": {"Sea Phantom"}}
	if bad != "" || !reflect.DeepEqual(got, want) {
		t.Errorf("yenteProps = %v %q, want %v", got, bad, want)
	}
	// an object that is not an entity with names contributes nothing
	if got, bad := yenteProps(map[string]json.RawMessage{"owner": json.RawMessage(`{"a":1}`)}); bad != "" || len(got) != 0 {
		t.Errorf("owner {\"a\":1}: %v %q", got, bad)
	}
	for _, v := range []string{`[true]`, `[[1]]`, `"x`} {
		if _, bad := yenteProps(map[string]json.RawMessage{"name": json.RawMessage(v)}); !strings.HasPrefix(bad, "properties.name: ") {
			t.Errorf("name %s: %q, want an error naming the property", v, bad)
		}
	}
}

func TestLooksJSON(t *testing.T) {
	for in, want := range map[string]bool{
		`{"message": "x"}`:     true,
		" \n{ \"ref\": 1}":     true,
		`{}`:                   true,
		`{1:F01DEUTDEFFAXXX0}`: false,
		`<Document/>`:          false,
		"":                     false,
		`{`:                    false,
		"{\n:20:REF\n-}":       false,
	} {
		if got := looksJSON([]byte(in)); got != want {
			t.Errorf("looksJSON(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestSummarise(t *testing.T) {
	var ids []string
	for i := range 25 {
		ids = append(ids, fmt.Sprint(i))
	}
	in := []dataset.ListChange{{Added: ids, Removed: ids[:20]}}
	out := summarise(in)
	if a := out[0].Added; len(a) != 21 || a[19] != "19" || a[20] != "… 5 more" {
		t.Errorf("added %v", a)
	}
	if r := out[0].Removed; len(r) != 20 {
		t.Errorf("20 removed are kept as is: %v", r)
	}
	if len(in[0].Added) != 25 || in[0].Added[20] != "20" {
		t.Errorf("summarise changed its input: %v", in[0].Added)
	}
}

func TestLimiter(t *testing.T) {
	var none *limiter
	if ok, _ := none.allow("k", 1e9); !ok {
		t.Error("no limiter refused")
	}
	l := &limiter{rate: 1, burst: 2, buckets: map[string]*bucket{}}
	for i := range 2 {
		if ok, _ := l.allow("k", 1); !ok {
			t.Fatalf("request %d within the burst refused", i)
		}
	}
	ok, wait := l.allow("k", 1)
	if ok || wait <= 0 || wait > time.Second {
		t.Errorf("past the burst: %v, wait %v", ok, wait)
	}
	if ok, _ := l.allow("other", 2); !ok {
		t.Error("another key shares the bucket")
	}
	if ok, _ := l.allow("new", 3); ok {
		t.Error("a batch larger than the burst was allowed")
	}
}
