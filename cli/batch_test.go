package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embargo/embargo/cli"
	"github.com/google/go-cmp/cmp"
)

// batchLine is one line of `embargo screen --input`, with its keys in order.
type batchLine struct {
	keys []string
	m    map[string]json.RawMessage
}

func (b batchLine) str(k string) string {
	var s string
	json.Unmarshal(b.m[k], &s)
	return s
}

func (b batchLine) hits(t *testing.T) []hitJSON {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b.m["hits"]))
	dec.DisallowUnknownFields()
	var hs []hitJSON
	if err := dec.Decode(&hs); err != nil {
		t.Fatalf("hits: %v: %s", err, b.m["hits"])
	}
	return hs
}

func decodeBatch(t *testing.T, out string) []batchLine {
	t.Helper()
	var lines []batchLine
	for i, ln := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if ln == "" {
			t.Fatalf("line %d is empty", i+1)
		}
		dec := json.NewDecoder(strings.NewReader(ln))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			t.Fatalf("line %d is not an object: %s", i+1, ln)
		}
		l := batchLine{m: map[string]json.RawMessage{}}
		for dec.More() {
			tok, _ := dec.Token()
			k := tok.(string)
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("line %d: %v", i+1, err)
			}
			if _, dup := l.m[k]; dup {
				t.Errorf("line %d repeats %q", i+1, k)
			}
			l.keys = append(l.keys, k)
			l.m[k] = v
		}
		lines = append(lines, l)
	}
	return lines
}

func TestBatchCSV(t *testing.T) {
	env(t)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	r := run(t, "screen", "--data", lists, "--input", "testdata/batch/customers.csv", "--output", out, "--workers", "3")
	if r.code != cli.ExitError {
		t.Errorf("exit %d, want %d (rows with errors)", r.code, cli.ExitError)
	}
	if r.stdout != "" {
		t.Errorf("stdout with --output: %q", r.stdout)
	}
	for _, w := range []string{"9 entities from 3 lists indexed", "8 rows screened", "4 with a match, 3 errors",
		`3 of 8 rows could not be screened: see their "error" lines`} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
		}
	}
	// no progress bar: stderr is not a terminal
	if strings.Contains(r.stderr, "\r") || strings.Contains(r.stderr, "screening ") {
		t.Errorf("progress bar on a non-terminal:\n%q", r.stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := decodeBatch(t, string(b))
	if len(lines) != 8 {
		t.Fatalf("%d lines, want 8", len(lines))
	}
	if diff := cmp.Diff([]string{"customer_id", "full_name", "date_of_birth", "nationality", "segment", "row", "matched", "hits"}, lines[0].keys); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
	type want struct {
		match bool
		top   string // id of the first hit, "" for none
		err   string
	}
	wants := []want{
		{true, putinID, ""},
		{false, "", ""},
		{true, "un-sc-kpe.952", ""},
		{false, "", `dob: cannot read "1952-13-45" as a date`},
		{false, "", "line 6: 7 fields, the header has 5"},
		{true, putinID, ""},
		{false, "", "name: a name or an identifier is required"},
		{true, "acme-watchlist-acme-org-1", ""},
	}
	for i, w := range wants {
		l := lines[i]
		if string(l.m["row"]) != strings.TrimSpace(string(rune('1'+i))) {
			t.Errorf("line %d has row %s", i+1, l.m["row"])
		}
		if id := l.str("customer_id"); id != "C00"+string(rune('1'+i)) {
			t.Errorf("line %d is customer %s: output not in input order", i+1, id)
		}
		if w.err != "" {
			if !strings.Contains(l.str("error"), w.err) {
				t.Errorf("line %d error %q, want %q", i+1, l.str("error"), w.err)
			}
			continue
		}
		if _, isErr := l.m["error"]; isErr {
			t.Errorf("line %d: unexpected error %s", i+1, l.m["error"])
			continue
		}
		hs := l.hits(t)
		if (string(l.m["matched"]) == "true") != w.match {
			t.Errorf("line %d matched %s, want %v", i+1, l.m["matched"], w.match)
		}
		if w.top != "" && (len(hs) == 0 || hs[0].ID != w.top) {
			t.Errorf("line %d: hits %+v, want %s first", i+1, hs, w.top)
		}
	}
	if lines[1].str("segment") != "retail" || lines[0].str("full_name") != "Vladimir Putin" {
		t.Errorf("fields not passed through: %v", lines[1].m)
	}
}

func TestBatchTSVAndStdout(t *testing.T) {
	env(t)
	r := ok(t, "screen", "--data", lists, "--input", "testdata/batch/customers.tsv", "--no-reasons")
	lines := decodeBatch(t, r.stdout)
	if len(lines) != 3 {
		t.Fatalf("%d lines", len(lines))
	}
	if hs := lines[0].hits(t); len(hs) == 0 || hs[0].ID != putinID || !hs[0].Match || len(hs[0].Reasons) != 0 {
		t.Errorf("T1: %+v", hs)
	}
	if !bytes.Contains(lines[0].m["hits"], []byte(`"reasons":[]`)) {
		t.Errorf("--no-reasons keeps an empty list: %s", lines[0].m["hits"])
	}
	if lines[1].str("name") != `John O"Neil` || string(lines[1].m["matched"]) != "false" {
		t.Errorf("T2: %v", lines[1].m)
	}
	if hs := lines[2].hits(t); len(hs) == 0 || hs[0].ID != "un-sc-qdi.950" {
		t.Errorf("T3: %+v", hs)
	}
}

func TestBatchJSONLFromStdin(t *testing.T) {
	env(t)
	in, err := os.ReadFile("testdata/batch/customers.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"--input", "testdata/batch/customers.jsonl"},
		{"--input", "-"},                      // detected from the first byte
		{"--input", "-", "--format", "jsonl"}, // or told
	} {
		r := runIn(t, string(in), append([]string{"screen", "--data", lists}, args...)...)
		if r.code != cli.ExitError {
			t.Errorf("%v: exit %d, want 1: %s", args, r.code, r.stderr)
		}
		lines := decodeBatch(t, r.stdout)
		if len(lines) != 6 {
			t.Fatalf("%v: %d lines", args, len(lines))
		}
		if diff := cmp.Diff([]string{"ref", "name", "dob", "meta", "row", "matched", "hits"}, lines[0].keys); diff != "" {
			t.Errorf("keys (-want +got):\n%s", diff)
		}
		if string(lines[0].m["meta"]) != `{"source": "crm", "score": 3}` {
			t.Errorf("nested value not passed through: %s", lines[0].m["meta"])
		}
		if hs := lines[0].hits(t); len(hs) == 0 || hs[0].ID != putinID || !hs[0].Match {
			t.Errorf("J1: %+v", hs)
		}
		if diff := cmp.Diff([]string{"row", "error"}, lines[2].keys); diff != "" || lines[2].str("error") != "line 3: not a JSON object" {
			t.Errorf("J3: %v %v", lines[2].keys, lines[2].m)
		}
		if lines[3].str("ref") != "J4" || lines[3].str("error") != `line 4: field "name": want a string, got a JSON number` {
			t.Errorf("J4: %v", lines[3].m)
		}
		if hs := lines[4].hits(t); len(hs) != 1 || hs[0].ID != vesselID {
			t.Errorf("J5: %+v", hs)
		}
		if hs := lines[5].hits(t); string(lines[5].m["row"]) != "6" || len(hs) == 0 || hs[0].ID != "un-sc-kpe.952" {
			t.Errorf("J6 (after a blank line): row %s hits %+v", lines[5].m["row"], hs)
		}
	}
}

func TestBatchFailOnMatch(t *testing.T) {
	env(t)
	in := "name\nVladimir Putin\n"
	r := runIn(t, in, "screen", "--data", lists, "--input", "-", "--fail-on-match")
	if r.code != cli.ExitMatched {
		t.Errorf("exit %d, want %d", r.code, cli.ExitMatched)
	}
	r = runIn(t, "name\nJane Doe\n", "screen", "--data", lists, "--input", "-", "--fail-on-match")
	if r.code != cli.ExitOK {
		t.Errorf("no match: exit %d", r.code)
	}
	r = runIn(t, in, "screen", "--data", lists, "--input", "-", "--list", "un-sc", "--fail-on-match")
	if r.code != cli.ExitOK {
		t.Errorf("--list un-sc: exit %d %s", r.code, r.stderr)
	}
	r = runIn(t, in, "screen", "--data", lists, "--input", "-", "--list", "unsc")
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, `--list "unsc": no such list`) {
		t.Errorf("--list unsc: exit %d %s", r.code, r.stderr)
	}
}

func TestBatchInputErrors(t *testing.T) {
	env(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"missing file", []string{"--input", filepath.Join(dir, "nope.csv")}, cli.ExitError, "nope.csv: no such file"},
		{"no name column", []string{"--input", writeFile(t, "noname.csv", "customer,dob\nA,1\n")}, cli.ExitError, `noname.csv: header row "customer,dob" has no "name" column`},
		{"empty file", []string{"--input", writeFile(t, "empty.csv", "")}, cli.ExitError, "empty.csv: the input is empty: a header row is required"},
		{"runaway line", []string{"--input", writeFile(t, "long.csv", "name\nok\n"+strings.Repeat("x", 2<<20)+"\n")}, cli.ExitError, "long.csv: line 3: longer than 1048576 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, append([]string{"screen", "--data", lists}, tc.args...)...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, tc.code, tc.want)
			}
		})
	}

	// a JSON line over the limit is an error line; the run goes on
	p := writeFile(t, "long.jsonl", `{"name":"Jane Doe"}`+"\n"+`{"name":"`+strings.Repeat("y", 2<<20)+`"}`+"\n"+`{"name":"Vladimir Putin"}`+"\n")
	r := run(t, "screen", "--data", lists, "--input", p)
	lines := decodeBatch(t, r.stdout)
	if r.code != cli.ExitError || len(lines) != 3 || lines[1].str("error") != "line 2: longer than 1048576 bytes" || string(lines[2].m["matched"]) != "true" {
		t.Errorf("long JSON line: exit %d, %d lines, %q", r.code, len(lines), r.stderr)
	}

	// invalid UTF-8 in a row is that row's error
	p = writeFile(t, "utf8.csv", "name,ref\nBad \xff Name,1\nVladimir Putin,2\n")
	r = run(t, "screen", "--data", lists, "--input", p)
	lines = decodeBatch(t, r.stdout)
	if len(lines) != 2 || lines[0].str("error") != `line 2: column "name": invalid UTF-8` || lines[1].str("ref") != "2" {
		t.Errorf("invalid UTF-8: %q", r.stdout)
	}

	// --output must not be the input: it would be truncated before reading
	p = writeFile(t, "same.csv", "name\nVladimir Putin\n")
	r = run(t, "screen", "--data", lists, "--input", p, "--output", p)
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "is the input file") {
		t.Errorf("same file: exit %d %q", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(p); string(b) != "name\nVladimir Putin\n" {
		t.Errorf("the input was changed: %q", b)
	}

	// a failed load leaves an existing output file alone
	outp := writeFile(t, "out.jsonl", "previous results\n")
	r = run(t, "screen", "--data", "testdata/bad", "--input", "testdata/batch/customers.csv", "--output", outp)
	if r.code != cli.ExitError {
		t.Errorf("bad lists: exit %d", r.code)
	}
	if b, _ := os.ReadFile(outp); string(b) != "previous results\n" {
		t.Errorf("output after a failed load: %q", b)
	}
	// an output that cannot be created
	r = run(t, "screen", "--data", lists, "--input", "testdata/batch/customers.csv", "--output", filepath.Join(dir, "no", "such", "dir", "out.jsonl"))
	if r.code != cli.ExitError || !strings.Contains(r.stderr, "out.jsonl") {
		t.Errorf("bad output path: exit %d %q", r.code, r.stderr)
	}
}
