package batch

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/embargo/embargo/match"
	"github.com/embargo/embargo/screen"
)

// Options tune Run.
type Options struct {
	Workers      int // 0 means GOMAXPROCS
	Threshold    float64
	Limit        int
	IncludeLists []string
	ExcludeLists []string
	NoReasons    bool
	Algorithm    string // "" or "embargo" for the default, "ofac" for OFAC's scoring
	// Progress, when set, is called after each row is written.
	Progress func(rows int)
	// OnResult, when set, sees every screened row (for evaluation).
	OnResult func(row *Row, res *screen.Result, err error)
	// Before, when set, runs for every row after it is screened and before
	// its line is written, on the worker that screened it (so it may block,
	// e.g. to make an audit record durable). The fields it returns are
	// added to the line; an error stops the run.
	Before func(row *Row, res *screen.Result, err error) ([]Field, error)
	// Flush, when set, is called after written lines have been handed to
	// the writer, every FlushEvery while there are any, and at the end: a
	// stream's client sees its lines without waiting for the end.
	Flush func()
}

// FlushEvery is how long written lines may wait in Run's buffer.
const FlushEvery = 100 * time.Millisecond

// Stats summarise a run.
type Stats struct {
	Rows    int `json:"rows"`
	Errors  int `json:"errors"`
	Matched int `json:"matched"` // rows with at least one match
}

type job struct {
	seq int // 1, 2, 3… in reading order, whatever the reader's numbering
	row *Row
}

type result struct {
	seq   int
	row   *Row
	line  []byte
	err   error
	res   *screen.Result
	fatal error // from Options.Before: stops the run
}

// window bounds the rows read ahead of the next row to write, per worker,
// so that one slow row cannot make Run hold the whole input in memory.
const window = 64

// Run screens every row of r with svc and writes one JSON line per row to
// w, in input order. Rows that cannot be read or screened get an "error"
// line; the run continues. The returned error is for failures that stop
// the run (reading the input, writing the output, cancellation).
//
// When ctx is cancelled Run returns promptly with ctx.Err(), even while r
// blocks in Next; the goroutine reading r then ends at r's next row.
func Run(ctx context.Context, svc *screen.Service, r Reader, w io.Writer, opt Options) (Stats, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan job, workers*4)
	results := make(chan result, workers*4)
	tokens := make(chan struct{}, workers*window) // rows read and not yet written
	readDone := make(chan error, 1)
	go func() {
		defer close(jobs)
		for seq := 1; ; seq++ {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				readDone <- nil
				return
			}
			row, err := r.Next()
			if err != nil {
				if err == io.EOF {
					err = nil
				}
				readDone <- err
				return
			}
			select {
			case jobs <- job{seq, row}:
			case <-ctx.Done():
				readDone <- nil
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				var j job
				var ok bool
				select {
				case j, ok = <-jobs:
					if !ok {
						return
					}
				case <-ctx.Done():
					return
				}
				res := screenRow(svc, j.row, &opt)
				res.seq = j.seq
				select {
				case results <- res:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	bw := bufio.NewWriterSize(w, 256<<10)
	var st Stats
	pending := map[int]result{}
	next := 1
	var writeErr error
	dirty := false // lines written since the last flush
	flush := func() {
		dirty = false
		if err := bw.Flush(); err != nil && writeErr == nil {
			writeErr = err
			cancel()
		}
		if opt.Flush != nil {
			opt.Flush()
		}
	}
	tick := time.NewTicker(FlushEvery)
	defer tick.Stop()
	for {
		var res result
		var ok bool
		select {
		case res, ok = <-results:
		case <-tick.C:
			if dirty {
				flush() // lines wait at most FlushEvery, however slow the input
			}
			continue
		}
		if !ok {
			break
		}
		pending[res.seq] = res
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-tokens
			if ctx.Err() != nil {
				continue // cancelled: write nothing more
			}
			st.Rows++
			if p.err != nil {
				st.Errors++
			} else if anyMatch(p.res) {
				st.Matched++
			}
			if p.fatal != nil {
				writeErr = p.fatal
				cancel()
				continue
			}
			if opt.OnResult != nil {
				opt.OnResult(p.row, p.res, p.err)
			}
			if _, err := bw.Write(p.line); err != nil {
				writeErr = err
				cancel()
				continue
			}
			dirty = true
			if opt.Progress != nil {
				opt.Progress(st.Rows)
			}
		}
	}
	flush()
	if writeErr != nil {
		return st, writeErr
	}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	// Not cancelled: the reader has finished (jobs was closed before every
	// worker returned), so readDone holds its outcome.
	return st, <-readDone
}

func anyMatch(r *screen.Result) bool {
	if r == nil {
		return false
	}
	for _, h := range r.Hits {
		if h.Match {
			return true
		}
	}
	return false
}

func screenRow(svc *screen.Service, row *Row, opt *Options) result {
	out := result{row: row, err: row.Err}
	if out.err == nil {
		var q match.Query
		q, out.err = row.Party.Query()
		if out.err == nil {
			out.res, out.err = svc.Screen(screen.Request{Query: q, Threshold: opt.Threshold, Limit: opt.Limit, Algorithm: opt.Algorithm,
				IncludeLists: opt.IncludeLists, ExcludeLists: opt.ExcludeLists})
		}
	}
	if out.err == nil && opt.NoReasons {
		for i := range out.res.Hits {
			out.res.Hits[i].Reasons = []match.Reason{}
		}
	}
	var extra []Field
	if opt.Before != nil {
		extra, out.fatal = opt.Before(row, out.res, out.err)
	}
	out.line = encodeLine(row, out.res, out.err, extra...)
	return out
}

// reserved are the keys Run adds to every output line. An input field with
// one of these names is written as "input_<name>" so that no key repeats.
var reserved = map[string]bool{"row": true, "matched": true, "hits": true, "error": true, "screening_id": true}

// outKey returns the output key for an input field, avoiding the keys Run
// adds and the keys already written.
func outKey(k string, used map[string]bool) string {
	for reserved[k] || used[k] {
		k = "input_" + k
	}
	used[k] = true
	return k
}

// encodeLine writes the row's own fields, then row, the extra fields (from
// Options.Before), and matched and hits (or error), as one JSON object and
// a newline.
func encodeLine(row *Row, res *screen.Result, err error, extra ...Field) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	used := map[string]bool{}
	ms := row.members
	if ms == nil && row.Raw != nil {
		ms, _ = objectMembers(row.Raw)
	}
	if ms != nil {
		for _, m := range ms {
			writeKey(&b, outKey(m.Key, used))
			b.Write(bytes.TrimSpace(m.Value))
			b.WriteByte(',')
		}
	} else {
		for _, f := range row.Fields {
			writeKV(&b, outKey(f.Key, used), f.Value)
			b.WriteByte(',')
		}
	}
	writeKV(&b, "row", row.N)
	for _, f := range extra {
		b.WriteByte(',')
		writeKV(&b, f.Key, f.Value)
	}
	if err != nil {
		b.WriteByte(',')
		writeKV(&b, "error", err.Error())
	} else {
		b.WriteByte(',')
		writeKV(&b, "matched", anyMatch(res))
		b.WriteByte(',')
		writeKV(&b, "hits", res.Hits)
	}
	b.WriteString("}\n")
	return b.Bytes()
}

func writeKey(b *bytes.Buffer, k string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(k)
	b.Truncate(b.Len() - 1) // Encode appends a newline
	b.WriteByte(':')
}

func writeKV(b *bytes.Buffer, k string, v any) {
	writeKey(b, k)
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	// Encode appends a newline
	if n := b.Len(); n > 0 && b.Bytes()[n-1] == '\n' {
		b.Truncate(n - 1)
	}
}
