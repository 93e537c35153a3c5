package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/embargo/embargo/dataset"
	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/internal/shared"
	"github.com/embargo/embargo/internal/testlists"
	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/source"
	"github.com/google/go-cmp/cmp"
)

var (
	svcOnce sync.Once
	svc     *screen.Service
	svcErr  error
)

// testService screens against two small in-memory lists:
//
//	alpha: Vladimir Vladimirovich PUTIN (Person, born 1952-10-07, ru)
//	       GREEN PINE SHIPPING COMPANY (Organization)
//	beta:  Sergei Petrovich IVANOV (Person, born 1971-03-12)
//	       OCEAN FORTUNE (Vessel, IMO 9354521)
func testService(t testing.TB) *screen.Service {
	t.Helper()
	svcOnce.Do(func() {
		mk := func(list, id string, schema entity.Schema, name string) *entity.Entity {
			e := &entity.Entity{Schema: schema, Sources: []entity.Source{{List: list, RecordID: id}}}
			e.AddName(entity.Name{Full: name, Kind: entity.Primary})
			return e
		}
		putin := mk("alpha", "1", entity.Person, "Vladimir Vladimirovich PUTIN")
		d, _ := entity.ParseDate("1952-10-07")
		putin.AddBirthDate(d)
		putin.Nationalities = []string{"ru"}
		ivanov := mk("beta", "1", entity.Person, "Sergei Petrovich IVANOV")
		d, _ = entity.ParseDate("1971-03-12")
		ivanov.AddBirthDate(d)
		vessel := mk("beta", "2", entity.Vessel, "OCEAN FORTUNE")
		vessel.AddIdentifier(entity.Identifier{Type: entity.IMO, Value: "9354521", Label: "IMO"})
		lists := []*source.List{
			{ID: "alpha", Title: "Alpha", Format: "test", SHA256: strings.Repeat("a", 64), Files: []string{"alpha"},
				Entities: []*entity.Entity{putin, mk("alpha", "2", entity.Organization, "GREEN PINE SHIPPING COMPANY")}},
			{ID: "beta", Title: "Beta", Format: "test", SHA256: strings.Repeat("b", 64), Files: []string{"beta"},
				Entities: []*entity.Entity{ivanov, vessel}},
		}
		svc, svcErr = screen.New(dataset.Build(lists), screen.DefaultConfig())
	})
	if svcErr != nil {
		t.Fatal(svcErr)
	}
	return svc
}

// outLine is one output line, decoded.
type outLine struct {
	keys []string // in output order
	m    map[string]json.RawMessage
}

func (o outLine) str(k string) string {
	var s string
	json.Unmarshal(o.m[k], &s)
	return s
}

func (o outLine) num(k string) int {
	var n int
	json.Unmarshal(o.m[k], &n)
	return n
}

func (o outLine) hits(t *testing.T) []screen.Hit {
	t.Helper()
	var hs []screen.Hit
	if err := json.Unmarshal(o.m["hits"], &hs); err != nil {
		t.Fatalf("hits: %v", err)
	}
	return hs
}

// decodeLines checks that out is JSON lines of objects without repeated
// keys and decodes them.
func decodeLines(t *testing.T, out []byte) []outLine {
	t.Helper()
	var lines []outLine
	for i, ln := range bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n")) {
		if len(ln) == 0 {
			if len(out) == 0 {
				return nil
			}
			t.Fatalf("line %d is empty", i+1)
		}
		ms, err := objectMembers(ln)
		if err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, ln)
		}
		o := outLine{m: map[string]json.RawMessage{}}
		for _, m := range ms {
			if _, dup := o.m[m.Key]; dup {
				t.Errorf("line %d repeats the key %q: %s", i+1, m.Key, ln)
			}
			o.keys = append(o.keys, m.Key)
			o.m[m.Key] = m.Value
		}
		lines = append(lines, o)
	}
	return lines
}

func run(t *testing.T, f Format, input string, opt Options) ([]outLine, Stats, error) {
	t.Helper()
	rd, err := NewReader(strings.NewReader(input), f)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	st, err := Run(context.Background(), testService(t), rd, &out, opt)
	return decodeLines(t, out.Bytes()), st, err
}

func TestRunCSV(t *testing.T) {
	in := "customer_id,full_name,date_of_birth,nationality,notes\n" +
		"C1,Vladimir Putin,1952-10-07,RU,vip\n" +
		"C2,Joe Bloggs,,GB,\n" +
		"C3,Sergei Ivanov,1952-13-45,,\n" +
		"C4,Too,Many,Fields,Here,Extra\n" +
		"C5,,,,\n" +
		"C6,Sergei Ivanov,,Narnia,\n" +
		"C7,Green Pine Shipping,,,\n"
	lines, st, err := run(t, CSV, in, Options{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Stats{Rows: 7, Errors: 4, Matched: 2}, st); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	if len(lines) != 7 {
		t.Fatalf("%d lines, want 7", len(lines))
	}
	// the row's own fields first, in input order, then row, matched, hits
	if diff := cmp.Diff([]string{"customer_id", "full_name", "date_of_birth", "nationality", "notes", "row", "matched", "hits"}, lines[0].keys); diff != "" {
		t.Errorf("keys of a screened row (-want +got):\n%s", diff)
	}
	if lines[0].str("customer_id") != "C1" || lines[0].str("notes") != "vip" || lines[0].num("row") != 1 {
		t.Errorf("line 1 fields: %v", lines[0].m)
	}
	hs := lines[0].hits(t)
	if len(hs) == 0 || hs[0].ID != "alpha-1" || !hs[0].Match || len(hs[0].Reasons) == 0 {
		t.Errorf("line 1 hits: %+v", hs)
	}
	if string(lines[0].m["matched"]) != "true" || string(lines[1].m["matched"]) != "false" {
		t.Errorf("matched: %s, %s", lines[0].m["matched"], lines[1].m["matched"])
	}
	if string(lines[1].m["hits"]) != "[]" {
		t.Errorf("no hits is an empty list, got %s", lines[1].m["hits"])
	}
	wantErr := map[int]string{
		3: `dob: cannot read "1952-13-45" as a date (use YYYY-MM-DD, YYYY-MM or YYYY)`,
		4: "line 5: 6 fields, the header has 5",
		5: "name: a name or an identifier is required",
		6: `country: unknown country "Narnia" (use an ISO 3166 code or an English name)`,
	}
	for i, l := range lines {
		if l.num("row") != i+1 || l.str("customer_id") != fmt.Sprintf("C%d", i+1) {
			t.Errorf("line %d is row %d (%s)", i+1, l.num("row"), l.str("customer_id"))
		}
		w, isErr := wantErr[i+1]
		if !isErr {
			continue
		}
		if l.str("error") != w {
			t.Errorf("line %d error %q, want %q", i+1, l.str("error"), w)
		}
		if _, ok := l.m["hits"]; ok {
			t.Errorf("line %d: an error line has no hits", i+1)
		}
		if _, ok := l.m["matched"]; ok {
			t.Errorf("line %d: an error line has no matched", i+1)
		}
		if k := l.keys[len(l.keys)-2:]; k[0] != "row" || k[1] != "error" {
			t.Errorf("line %d ends with %v, want row, error", i+1, k)
		}
	}
	// the long row keeps every field, the extra one under its column number
	if lines[3].str("column6") != "Extra" {
		t.Errorf("long row: %v", lines[3].keys)
	}
	if hs := lines[6].hits(t); len(hs) == 0 || hs[0].ID != "alpha-2" || !hs[0].Match {
		t.Errorf("line 7 hits: %+v", hs)
	}
}

func TestRunJSONL(t *testing.T) {
	in := `{"name": "Vladimir Putin", "customer": {"tier": 1, "tags": ["a", "b"]}, "row": "mine", "hits": 5, "error": null, "matched": "x", "input_row": 7}` + "\n" +
		"[1,2]\n" +
		`{"name": 42, "ref": "r3"}` + "\n" +
		`{}` + "\n" +
		`{"id": "IMO 9354521"}` + "\n"
	lines, st, err := run(t, JSONL, in, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Stats{Rows: 5, Errors: 3, Matched: 2}, st); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	// an input member named like an output key is kept under another name
	wantKeys := []string{"name", "customer", "input_row", "input_hits", "input_error", "input_matched", "input_input_row", "row", "matched", "hits"}
	if diff := cmp.Diff(wantKeys, lines[0].keys); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
	if string(lines[0].m["customer"]) != `{"tier": 1, "tags": ["a", "b"]}` || lines[0].str("input_row") != "mine" || lines[0].num("row") != 1 {
		t.Errorf("values passed through: %v", lines[0].m)
	}
	if diff := cmp.Diff([]string{"row", "error"}, lines[1].keys); diff != "" {
		t.Errorf("a line that is no object (-want +got):\n%s", diff)
	}
	if lines[2].str("ref") != "r3" || lines[2].str("error") != `line 3: field "name": want a string, got a JSON number` {
		t.Errorf("type error line: %v", lines[2].m)
	}
	if lines[3].str("error") != "name: a name or an identifier is required" {
		t.Errorf("empty object: %v", lines[3].m)
	}
	if hs := lines[4].hits(t); len(hs) != 1 || hs[0].ID != "beta-2" || !hs[0].Match {
		t.Errorf("IMO: %+v", hs)
	}
}

func TestRunOptions(t *testing.T) {
	in := "name,dob\nVladimir Putin,\nSergei Ivanov,\n"
	lines, _, err := run(t, CSV, in, Options{NoReasons: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		for _, h := range l.hits(t) {
			if len(h.Reasons) != 0 {
				t.Errorf("NoReasons: %+v", h.Reasons)
			}
		}
		if !bytes.Contains(l.m["hits"], []byte(`"reasons":[]`)) {
			t.Errorf("NoReasons keeps an empty list: %s", l.m["hits"])
		}
	}
	lines, st, _ := run(t, CSV, in, Options{IncludeLists: []string{"beta"}})
	if st.Matched != 1 || len(lines[0].hits(t)) != 0 {
		t.Errorf("IncludeLists beta: stats %+v, Putin hits %s", st, lines[0].m["hits"])
	}
	lines, st, _ = run(t, CSV, in, Options{ExcludeLists: []string{"alpha"}})
	if st.Matched != 1 || len(lines[0].hits(t)) != 0 {
		t.Errorf("ExcludeLists alpha: stats %+v, Putin hits %s", st, lines[0].m["hits"])
	}
	// Sergei Ivanov scores below 1 against Sergei Petrovich IVANOV
	_, st, _ = run(t, CSV, "name\nVladimir Vladimirovich Putin\nSergei Ivanov\n", Options{Threshold: 0.999})
	if st.Matched != 1 {
		t.Errorf("Threshold 0.999: %+v", st)
	}
	two := `{"name":"Vladimir Putin","id":"9354521"}` + "\n"
	lines, _, _ = run(t, JSONL, two, Options{})
	if n := len(lines[0].hits(t)); n != 2 {
		t.Errorf("name and IMO: %d hits, want 2", n)
	}
	lines, _, _ = run(t, JSONL, two, Options{Limit: 1})
	if n := len(lines[0].hits(t)); n != 1 {
		t.Errorf("Limit 1: %d hits", n)
	}
	lines, st, _ = run(t, CSV, in, Options{Limit: 100000})
	if st.Errors != 2 || !strings.Contains(lines[0].str("error"), "limit") {
		t.Errorf("Limit above the maximum is a row error: %+v %v", st, lines[0].m)
	}
}

// seqReader yields n JSON rows, sleeping a little on some so that workers
// finish out of order.
type seqReader struct {
	n, i int
}

func (s *seqReader) Next() (*Row, error) {
	if s.i >= s.n {
		return nil, io.EOF
	}
	s.i++
	name := []string{"Vladimir Putin", "Joe Bloggs", "Sergei Ivanov", "Green Pine Shipping", "Random Person"}[s.i%5]
	raw := fmt.Sprintf(`{"ref":%d,"name":%q}`, s.i, name)
	ms, _ := objectMembers([]byte(raw))
	row := &Row{N: s.i, Line: s.i, Raw: json.RawMessage(raw), members: ms, Party: screen.Party{Name: name}}
	if s.i%7 == 0 {
		row.Err = fmt.Errorf("line %d: synthetic", s.i)
	}
	return row, nil
}

func TestRunOrderManyWorkers(t *testing.T) {
	const n = 2000
	var outs [][]byte
	for _, workers := range []int{1, 3, 16, 0} {
		var out bytes.Buffer
		var progress []int
		var seen []int
		opt := Options{Workers: workers,
			Progress: func(rows int) { progress = append(progress, rows) },
			OnResult: func(row *Row, res *screen.Result, err error) {
				seen = append(seen, row.N)
				if (err == nil) == (res == nil) {
					t.Errorf("row %d: OnResult res %v err %v", row.N, res, err)
				}
			}}
		st, err := Run(context.Background(), testService(t), &seqReader{n: n}, &out, opt)
		if err != nil {
			t.Fatal(err)
		}
		wantErrors, wantMatched := 0, 0
		for i := 1; i <= n; i++ {
			switch {
			case i%7 == 0:
				wantErrors++
			case i%5 == 0 || i%5 == 2 || i%5 == 3: // Putin, Ivanov, Green Pine
				wantMatched++
			}
		}
		if st.Rows != n || st.Errors != wantErrors || st.Matched != wantMatched {
			t.Errorf("workers %d: stats %+v", workers, st)
		}
		lines := decodeLines(t, out.Bytes())
		for i, l := range lines {
			if l.num("row") != i+1 || l.num("ref") != i+1 {
				t.Fatalf("workers %d: line %d is row %d ref %d", workers, i+1, l.num("row"), l.num("ref"))
			}
		}
		for i := range seen {
			if seen[i] != i+1 || progress[i] != i+1 {
				t.Fatalf("workers %d: OnResult/Progress out of order at %d: %d, %d", workers, i, seen[i], progress[i])
			}
		}
		outs = append(outs, out.Bytes())
	}
	for i := 1; i < len(outs); i++ {
		if !bytes.Equal(outs[0], outs[i]) {
			t.Errorf("output %d differs from the single-worker output", i)
		}
	}
}

// blockingReader yields rows until n, then blocks until closed.
type blockingReader struct {
	seqReader
	block chan struct{}
}

func (b *blockingReader) Next() (*Row, error) {
	if b.i >= b.n {
		<-b.block
		return nil, io.EOF
	}
	return b.seqReader.Next()
}

func TestRunCancel(t *testing.T) {
	// cancelled while the reader blocks: Run returns at once
	br := &blockingReader{seqReader: seqReader{n: 10}, block: make(chan struct{})}
	defer close(br.block)
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	done := make(chan struct{})
	var st Stats
	var err error
	go func() {
		st, err = Run(ctx, testService(t), br, &out, Options{Workers: 4, Progress: func(n int) {
			if n == 10 {
				cancel()
			}
		}})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancellation")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if st.Rows != 10 || len(decodeLines(t, out.Bytes())) != 10 {
		t.Errorf("rows written before the cancellation: %+v", st)
	}

	// cancelled in the middle of an endless input: Run stops, and what it
	// wrote is whole lines in order
	ctx, cancel = context.WithCancel(context.Background())
	out.Reset()
	go func() {
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	st, err = Run(ctx, testService(t), &seqReader{n: 1 << 30}, &out, Options{Workers: 4})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("endless input: err = %v", err)
	}
	lines := decodeLines(t, out.Bytes())
	if len(lines) != st.Rows || st.Rows >= 1<<30 {
		t.Errorf("endless input: %d lines, stats %+v", len(lines), st)
	}
	for i, l := range lines {
		if l.num("row") != i+1 {
			t.Fatalf("line %d is row %d", i+1, l.num("row"))
		}
	}

	// already cancelled: nothing is written
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	out.Reset()
	st, err = Run(ctx, testService(t), &seqReader{n: 100}, &out, Options{})
	if !errors.Is(err, context.Canceled) || out.Len() != 0 || st.Rows != 0 {
		t.Errorf("cancelled before: %v, %d bytes, %+v", err, out.Len(), st)
	}
}

// oddReader numbers its rows its own way (here 10, 20, 30…): Run keeps
// their order and their numbers, and does not wait for a row 1.
type oddReader struct{ seqReader }

func (o *oddReader) Next() (*Row, error) {
	row, err := o.seqReader.Next()
	if row != nil {
		row.N *= 10
	}
	return row, err
}

func TestRunReaderNumbering(t *testing.T) {
	var out bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		st, err := Run(context.Background(), testService(t), &oddReader{seqReader{n: 1000}}, &out, Options{Workers: 4})
		if err != nil || st.Rows != 1000 {
			t.Errorf("Run: %+v, %v", st, err)
		}
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Run hangs on rows not numbered 1, 2, 3…")
	}
	for i, l := range decodeLines(t, out.Bytes()) {
		if l.num("row") != 10*(i+1) || l.num("ref") != i+1 {
			t.Fatalf("line %d: row %d ref %d", i+1, l.num("row"), l.num("ref"))
		}
	}
}

type errAfterReader struct {
	seqReader
	err error
}

func (e *errAfterReader) Next() (*Row, error) {
	if e.i >= e.n {
		return nil, e.err
	}
	return e.seqReader.Next()
}

func TestRunReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	var out bytes.Buffer
	st, err := Run(context.Background(), testService(t), &errAfterReader{seqReader{n: 25}, boom}, &out, Options{Workers: 4})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want %v", err, boom)
	}
	if st.Rows != 25 || len(decodeLines(t, out.Bytes())) != 25 {
		t.Errorf("the rows before the error are written: %+v", st)
	}
}

type failWriter struct {
	n     int // bytes accepted before failing
	wrote int
}

var errWrite = errors.New("disk full")

func (f *failWriter) Write(p []byte) (int, error) {
	if f.wrote+len(p) > f.n {
		return 0, errWrite
	}
	f.wrote += len(p)
	return len(p), nil
}

func TestRunWriteError(t *testing.T) {
	// an endless input must not keep Run going once the output is broken
	done := make(chan error, 1)
	go func() {
		_, err := Run(context.Background(), testService(t), &seqReader{n: 1 << 30}, &failWriter{n: 1000}, Options{Workers: 4})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, errWrite) {
			t.Errorf("err = %v, want %v", err, errWrite)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not stop after a write error")
	}
}

func TestRunEmpty(t *testing.T) {
	lines, st, err := run(t, CSV, "name,dob\n", Options{})
	if err != nil || len(lines) != 0 || st != (Stats{}) {
		t.Errorf("header only: %v %v %+v", err, lines, st)
	}
}

// BenchmarkRun screens the generated customer names of ../shared against
// the current lists and reports the throughput in rows per second.
func BenchmarkRun(b *testing.B) {
	path := shared.Path(b, "names", "faker", "faker_names_seed20261129.tsv")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	s := testlists.Current(b)
	rows := 0
	b.ResetTimer()
	for b.Loop() {
		rd, err := NewReader(bytes.NewReader(data), TSV)
		if err != nil {
			b.Fatal(err)
		}
		st, err := Run(context.Background(), s, rd, io.Discard, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if st.Errors > st.Rows/100 {
			b.Fatalf("%d of %d rows failed", st.Errors, st.Rows)
		}
		rows += st.Rows
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(rows), "ns/row")
}

// syncWriter is a buffer safe to read while Run writes to it.
type syncWriter struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) lines() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return bytes.Count(w.b.Bytes(), []byte("\n"))
}

func TestRunFlushesWhileInputIsOpen(t *testing.T) {
	// a stream's rows must reach the client while the client is still
	// sending: the first line is written long before the input ends
	pr, pw := io.Pipe()
	defer pw.Close()
	rd, err := NewReader(pr, JSONL)
	if err != nil {
		t.Fatal(err)
	}
	out := &syncWriter{}
	flushes := make(chan struct{}, 100)
	done := make(chan error, 1)
	go func() {
		_, err := Run(context.Background(), testService(t), rd, out, Options{Workers: 2, Flush: func() {
			select {
			case flushes <- struct{}{}:
			default:
			}
		}})
		done <- err
	}()
	if _, err := io.WriteString(pw, "{\"name\": \"Vladimir Putin\"}\n"); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(10 * time.Second)
	for out.lines() < 1 {
		select {
		case <-flushes:
		case <-deadline:
			t.Fatal("the first line was not written while the input stayed open")
		}
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if out.lines() != 1 {
		t.Errorf("%d lines", out.lines())
	}
}

func TestRunBefore(t *testing.T) {
	in := `{"name": "Vladimir Putin", "screening_id": "mine"}` + "\n" +
		"[1]\n" +
		`{"name": "stop here"}` + "\n" +
		`{"name": "never written"}` + "\n"
	boom := errors.New("audit store down")
	var seen []string
	lines, _, err := run(t, JSONL, in, Options{Workers: 2, Before: func(row *Row, res *screen.Result, err error) ([]Field, error) {
		if row.Get("name") == "stop here" {
			return nil, boom
		}
		return []Field{{Key: "screening_id", Value: fmt.Sprint("s", row.N)}}, nil
	}, OnResult: func(row *Row, _ *screen.Result, _ error) {
		seen = append(seen, fmt.Sprint(row.N))
	}})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want %v", err, boom)
	}
	// the rows before the failing one are written with the added field
	// (an error row too), nothing from it on
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2", len(lines))
	}
	if diff := cmp.Diff([]string{"name", "input_screening_id", "row", "screening_id", "matched", "hits"}, lines[0].keys); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
	if lines[0].str("input_screening_id") != "mine" || lines[0].str("screening_id") != "s1" {
		t.Errorf("first line: %v", lines[0].m)
	}
	if diff := cmp.Diff([]string{"row", "screening_id", "error"}, lines[1].keys); diff != "" {
		t.Errorf("error row keys (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"1", "2"}, seen); diff != "" {
		t.Errorf("OnResult (-want +got):\n%s", diff)
	}
}
