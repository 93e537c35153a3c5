package store

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestCanonicalJSON(t *testing.T) {
	tests := []struct {
		in, want string // want "" means an error
	}{
		{``, `null`},
		{"  \n", `null`},
		{`null`, `null`},
		{` { "b" : 1 , "a" : [ true , false , null ] } `, `{"b":1,"a":[true,false,null]}`},
		{`{"a":1,"a":2}`, `{"a":1,"a":2}`},                  // keys as given, duplicates kept
		{`[1.50, 1e2, -0, 0.1e-3]`, `[1.50,1e2,-0,0.1e-3]`}, // numbers as written
		{`"\u00e9\u003c\/\u2028\ud83d\ude00"`, "\"é</\u2028😀\""},
		{`"\u0000\u001f\u007f\t\n"`, `"\u0000\u001f\u007f\t\n"`},
		{`{"a":{"b":{"c":[[],{}]}}}`, `{"a":{"b":{"c":[[],{}]}}}`},
		{`{"a":`, ``},
		{`[1,]`, ``},
		{`{} {}`, ``},
		{`{"a" 1}`, ``},
		{`nope`, ``},
		{`'single'`, ``},
	}
	for _, tt := range tests {
		got, err := canonicalJSON([]byte(tt.in))
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("canonicalJSON(%q) = %s, want an error", tt.in, got)
		case tt.want != "" && (err != nil || string(got) != tt.want):
			t.Errorf("canonicalJSON(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
		if err == nil && !json.Valid(got) {
			t.Errorf("canonicalJSON(%q) = %s: not valid JSON", tt.in, got)
		}
	}
}

// TestCanonicalFastPath: input already canonical is recognised, and
// nothing else is.
func TestCanonicalFastPath(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{`{"a":[1,2.50,"x"],"b":null}`, true},
		{"\"é</\u2028\"", true},
		{`"\u0000\u001f\u007f\b\t"`, true},
		{`{"a": 1}`, false},
		{` 1`, false},
		{`"\/"`, false},
		{`"\u00e9"`, false},
		{`"\u0008"`, false},
		{`"\u001F"`, false},
		{"\"\x7f\"", false},
		{"\"\xff\"", false},
		{`{"a":`, false},
	}
	for _, tt := range tests {
		if got := isCanonical([]byte(tt.in)); got != tt.want {
			t.Errorf("isCanonical(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// FuzzCanonicalJSON: canonical output is valid JSON, canonical again
// unchanged, and the fast path never disagrees with the slow one.
func FuzzCanonicalJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.50,"x"],"b":null}`, ` { "z" : "\u00e9\/" } `, `"\u0000\u007f"`, `[1e2,-0,true]`, `"\ud800"`, "\"\xff\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := canonicalJSON(src)
		if err != nil {
			if json.Valid(src) {
				t.Fatalf("valid JSON %q refused: %v", src, err)
			}
			return
		}
		if !json.Valid(out) {
			t.Fatalf("canonicalJSON(%q) = %q: invalid", src, out)
		}
		if len(bytes.TrimSpace(src)) > 0 {
			slow, err := recanonicalise(src)
			if err != nil || !bytes.Equal(slow, out) {
				t.Fatalf("fast %q, slow %q (%v) for %q", out, slow, err, src)
			}
		}
		if !isCanonical(out) {
			t.Fatalf("output %q of %q not recognised as canonical", out, src)
		}
		again, err := canonicalJSON(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("not idempotent: %q -> %q -> %q (%v)", src, out, again, err)
		}
	})
}

func TestAppendFloat(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"}, {1, "1"}, {0.85, "0.85"}, {0.1, "0.1"}, {0.0001, "0.0001"}, {0.00001, "1e-05"},
		{1e-7, "1e-07"}, {2.5e-5, "2.5e-05"}, {1234567, "1234567"}, {12345678901234568, "12345678901234568"},
		{1e15, "1000000000000000"}, {1e16, "1e+16"}, {1.5e16, "15000000000000000"}, {1.23e17, "123000000000000000"},
		{1e17, "1e+17"}, {1e21, "1e+21"}, {-2.5e-7, "-2.5e-07"}, {-1e16, "-1e+16"}, {math.Copysign(0, -1), "-0"}, {0.30000000000000004, "0.30000000000000004"},
	}
	for _, tt := range tests {
		if got := string(appendFloat(nil, tt.in)); got != tt.want {
			t.Errorf("appendFloat(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestEncodingMatchesJQ: strings and numbers are written byte for byte as
// jq -c writes them, which is what makes the auditor's recipe work.
func TestEncodingMatchesJQ(t *testing.T) {
	jq, err := exec.LookPath("jq")
	if err != nil {
		t.Skip("jq not installed")
	}
	strs := []string{"", "plain", "quote\" back\\ slash/", "\x00\x01\x08\x09\x0a\x0b\x0c\x0d\x1b\x1f\x7f", "é ü ß 中文 😀",
		"\u2028\u2029 <>&", "\uFFFD\uFFFE\uFFFF", "tab\there", "Смирнов", "ـ؀"}
	nums := []float64{0, 1, 0.85, 0.1, 1e-5, 1e-7, 2.5e-5, 1234567, 1e15, 1e16, 1.5e16, 1.23e17, 1e17, 1e21,
		0.30000000000000004, 123.456, 5e-324, -2.5e-7, -1e16, 123456789012345678, math.MaxFloat64}
	var out []byte
	out = append(out, '[')
	for i, s := range strs {
		if i > 0 {
			out = append(out, ',')
		}
		out = appendString(out, s)
	}
	for _, f := range nums {
		out = append(out, ',')
		out = appendFloat(out, f)
	}
	out = append(out, ']')
	// Feed jq the same values as encoding/json writes them.
	var vals []any
	for _, s := range strs {
		vals = append(vals, s)
	}
	for _, f := range nums {
		vals = append(vals, f)
	}
	in, _ := json.Marshal(vals)
	cmd := exec.Command(jq, "-c", ".")
	cmd.Stdin = bytes.NewReader(in)
	want, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := string(out); got != strings.TrimSuffix(string(want), "\n") {
		t.Errorf("our encoding differs from jq's:\n ours %q\n jq   %q", got, want)
	}
}

// TestComputeHashGolden pins the hash layout: if this changes, every
// stored chain stops verifying, so bump HashVersion instead.
func TestComputeHashGolden(t *testing.T) {
	s := Screening{
		Seq: 7, ID: "scr_01JQ0000000000000000000000", Time: time.Date(2025, 6, 1, 12, 0, 0, 123456000, time.UTC),
		KeyID: "key_1", KeyName: "web", Endpoint: "/v1/screen", RemoteAddr: "10.0.0.1:443",
		Request:        json.RawMessage(`{"name":"Ivan Petrov","country":"RU"}`),
		Result:         json.RawMessage(`[{"id":"ofac-1","score":0.93,"match":true,"name":"PETROV, Ivan"}]`),
		DatasetVersion: "ds-20250601", ListVersions: map[string]string{"us_ofac_sdn": "aa", "un_sc": "bb"},
		Algorithm: "match/3 names/5", Threshold: 0.85, Hits: 1, Matches: 1, PrevHash: GenesisHash,
	}
	pre := appendPreimageHead(nil, s.PrevHash, s.Seq, s.ID, s.Time)
	pre = appendPreimageTail(pre, &s, appendListVersions(nil, s.ListVersions), s.Request, s.Result)
	wantPre := `["embargo-audit-1","0000000000000000000000000000000000000000000000000000000000000000",7,"scr_01JQ0000000000000000000000","2025-06-01T12:00:00.123456Z","key_1","web","/v1/screen","10.0.0.1:443","ds-20250601",{"un_sc":"bb","us_ofac_sdn":"aa"},"match/3 names/5",0.85,1,1,{"name":"Ivan Petrov","country":"RU"},[{"id":"ofac-1","score":0.93,"match":true,"name":"PETROV, Ivan"}]]`
	if string(pre) != wantPre {
		t.Errorf("preimage\n got %s\nwant %s", pre, wantPre)
	}
	const want = "78a12562cf2d503fa254943ba24ca05f0f10a938c28b9d0091aa3fdf34a5cb95"
	if got := s.ComputeHash(); got != want {
		t.Errorf("ComputeHash = %s, want %s", got, want)
	}
}

// TestAuditorRecipe runs the shell recipe from the package documentation
// on an export and checks it finds every hash and link.
func TestAuditorRecipe(t *testing.T) {
	for _, tool := range []string{"bash", "jq", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skip(tool + " not installed")
		}
	}
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, filepath.Join(dir, "a.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	recs := []*Screening{
		{KeyID: "key_1", KeyName: "web <frontend>", Endpoint: "/v1/screen", RemoteAddr: "[::1]:5000",
			Request:      json.RawMessage(`{"name":"Jos\u00e9 \"Pepe\" D\u00edaz","dob":"1970"}`),
			Result:       json.RawMessage(`[{"id":"eu-9","score":0.9134,"reasons":{"token":0.6,"dob":0.3134}}]`),
			ListVersions: map[string]string{"eu_fsf": "0f", "un_sc": "a1"}, DatasetVersion: "ds-1",
			Algorithm: "match/3", Threshold: 0.85, Hits: 1, Matches: 1},
		{Endpoint: "/match/default", Request: json.RawMessage(`{"name":"Смирнов\tИван"}`), Result: json.RawMessage(`[]`), Threshold: 1e-5},
		{Endpoint: "cli:screen", Threshold: 0.7},
	}
	for _, r := range recs {
		if err := s.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	export := filepath.Join(dir, "audit.jsonl")
	f, err := os.Create(export)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Export(ctx, time.Time{}, f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	cmd := exec.Command("bash", "-c", auditorRecipe)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "all 3 hashes match") || !strings.Contains(string(out), "chain links match") {
		t.Errorf("recipe: %v\n%s", err, out)
	}
}

// auditorRecipe is the recipe in doc.go, verbatim.
const auditorRecipe = `set -euo pipefail
jq -c '["embargo-audit-1", .prev_hash, .seq, .id, .time, .key_id, .key_name,
        .endpoint, .remote_addr, .dataset_version, .list_versions, .algorithm,
        .threshold, .hits, .matches, .request, .result]' audit.jsonl |
  while IFS= read -r pre; do printf '%s' "$pre" | sha256sum | cut -c1-64; done > computed.txt
jq -r .hash audit.jsonl | diff - computed.txt && echo "all $(wc -l < computed.txt) hashes match"
diff <(jq -r .prev_hash audit.jsonl | tail -n +2) <(jq -r .hash audit.jsonl | head -n -1) && echo "chain links match"
`

func TestIDGen(t *testing.T) {
	g := newIDGen()
	g.rand = func(b []byte) {
		for i := range b {
			b[i] = 0xff
		}
	}
	t0 := time.UnixMilli(1_700_000_000_000)
	a := g.next(t0)
	b := g.next(t0)                       // same millisecond: counts up
	c := g.next(t0.Add(-time.Second))     // clock went back: still counts up
	d := g.next(t0.Add(time.Millisecond)) // later: fresh random
	if !(a < b && b < c && c < d) {
		t.Errorf("IDs not increasing: %s %s %s %s", a, b, c, d)
	}
	for _, id := range []string{a, b, c, d} {
		if len(id) != 26 || strings.Trim(id, crockford) != "" {
			t.Errorf("ID %q: want 26 Crockford base32 characters", id)
		}
	}
	if got, want := encodeULID(0, 0, 0), strings.Repeat("0", 26); got != want {
		t.Errorf("encodeULID(0) = %s", got)
	}
	if got, want := encodeULID(1<<48-1, 0xffff, math.MaxUint64), "7"+strings.Repeat("Z", 25); got != want {
		t.Errorf("encodeULID(max) = %s, want %s", got, want)
	}
	// The time prefix is the ULID one: 10 characters of milliseconds.
	if got := encodeULID(1_700_000_000_000, 0, 0)[:10]; got != "01HF7YAT00" {
		t.Errorf("time prefix = %s", got)
	}
}

func TestParseURL(t *testing.T) {
	tests := []struct {
		in, driver, dsnPrefix string
		memory                bool
	}{
		{"postgres://u@h/db?sslmode=disable", "pgx", "postgres://u@h/db?sslmode=disable", false},
		{"postgresql://u@h/db", "pgx", "postgresql://u@h/db", false},
		{"sqlite:/var/lib/embargo.db", "sqlite", "/var/lib/embargo.db?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)", false},
		{"sqlite:///var/lib/embargo.db", "sqlite", "/var/lib/embargo.db?", false},
		{"file:rel/a.db", "sqlite", "rel/a.db?", false},
		{"embargo.db", "sqlite", "embargo.db?", false},
		{"sqlite::memory:", "sqlite", ":memory:?", true},
		{"a.db?_pragma=foreign_keys(1)", "sqlite", "a.db?", false},
	}
	for _, tt := range tests {
		d, driver, dsn, err := parseURL(tt.in, Options{})
		if err != nil || driver != tt.driver || !strings.HasPrefix(dsn, tt.dsnPrefix) || d.memory != tt.memory {
			t.Errorf("parseURL(%q) = %s %q memory=%v, %v", tt.in, driver, dsn, d != nil && d.memory, err)
		}
	}
	if _, _, dsn, _ := parseURL("a.db?_pragma=foreign_keys(1)", Options{FullSync: true}); !strings.Contains(dsn, "synchronous(FULL)") || !strings.HasSuffix(dsn, "&_pragma=foreign_keys(1)") {
		t.Errorf("FullSync and extra parameters: %q", dsn)
	}
	for _, bad := range []string{"", "  ", "sqlite:", "postgres://%zz"} {
		if _, _, _, err := parseURL(bad, Options{}); err == nil {
			t.Errorf("parseURL(%q) succeeded", bad)
		}
	}
}

func TestDollarPlaceholders(t *testing.T) {
	if got := dollarPlaceholders(`SELECT a FROM t WHERE b = ? AND c IN (?, ?)`); got != `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)` {
		t.Errorf("got %s", got)
	}
}

func TestOptionsValidate(t *testing.T) {
	if err := (Options{}).Validate(); err != nil {
		t.Errorf("zero Options: %v", err)
	}
	err := Options{MaxBatch: -1, MaxWait: time.Hour}.Validate()
	if err == nil || !strings.Contains(err.Error(), "MaxBatch") || !strings.Contains(err.Error(), "MaxWait") {
		t.Errorf("Validate = %v, want both problems", err)
	}
	if _, err := Open(context.Background(), ":memory:", Options{MaxBatch: -1}); err == nil {
		t.Error("Open accepted bad Options")
	}
}

// isCanonicalRef is the first isCanonical (json.Valid, then a scan of the
// strings), kept to check the one-pass scanner against.
func isCanonicalRef(src []byte) bool {
	if !json.Valid(src) || !utf8.Valid(src) {
		return false
	}
	in := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if !in {
			switch c {
			case ' ', '\t', '\n', '\r':
				return false
			case '"':
				in = true
			}
			continue
		}
		switch c {
		case '"':
			in = false
		case 0x7f:
			return false
		case '\\':
			i++ // json.Valid guarantees a complete escape
			switch src[i] {
			case '"', '\\', 'b', 'f', 'n', 'r', 't':
			case 'u':
				// Only \u00xx (lower-case) for a control character
				// without a short form, or DEL.
				if !canonicalU(src[i+1 : i+5]) {
					return false
				}
				i += 4
			default: // \/
				return false
			}
		}
	}
	return true
}

// FuzzIsCanonical: the one-pass scanner agrees with json.Valid plus the
// string rules.
func FuzzIsCanonical(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.50,"x"],"b":null}`, `{"a":1}`, `[]`, `{}`, `"\u0000\u007f"`, `[1e2,-0,true]`, `-01`, `1.`, `1e`, `[1,]`, `{"a"}`, `"\ud800"`, "\"\xff\"", `"\u00e9"`, `tru`, `[[[[`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if got, want := isCanonical(src), isCanonicalRef(src); got != want {
			t.Fatalf("isCanonical(%q) = %v, reference %v", src, got, want)
		}
	})
}
