package batch

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"runtime"
	"sync"

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
	// Progress, when set, is called after each row is written.
	Progress func(rows int)
	// OnResult, when set, sees every screened row (for evaluation).
	OnResult func(row *Row, res *screen.Result, err error)
}

// Stats summarise a run.
type Stats struct {
	Rows    int `json:"rows"`
	Errors  int `json:"errors"`
	Matched int `json:"matched"` // rows with at least one match
}

type result struct {
	row  *Row
	line []byte
	err  error
	res  *screen.Result
}

// Run screens every row of r with svc and writes one JSON line per row to
// w, in input order. Rows that cannot be read or screened get an "error"
// line; the run continues. The returned error is for failures that stop
// the run (reading the input, writing the output, cancellation).
func Run(ctx context.Context, svc *screen.Service, r Reader, w io.Writer, opt Options) (Stats, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *Row, workers*4)
	results := make(chan result, workers*4)
	var readErr error
	go func() {
		defer close(jobs)
		for {
			row, err := r.Next()
			if err != nil {
				if err != io.EOF {
					readErr = err
				}
				return
			}
			select {
			case jobs <- row:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for row := range jobs {
				res := screenRow(svc, row, &opt)
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
	for res := range results {
		pending[res.row.N] = res
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			st.Rows++
			if p.err != nil {
				st.Errors++
			} else if anyMatch(p.res) {
				st.Matched++
			}
			if opt.OnResult != nil {
				opt.OnResult(p.row, p.res, p.err)
			}
			if writeErr == nil {
				if _, err := bw.Write(p.line); err != nil {
					writeErr = err
					cancel()
				}
			}
			if opt.Progress != nil {
				opt.Progress(st.Rows)
			}
		}
	}
	if err := bw.Flush(); err != nil && writeErr == nil {
		writeErr = err
	}
	if writeErr != nil {
		return st, writeErr
	}
	if readErr != nil {
		return st, readErr
	}
	return st, ctx.Err()
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
	out := result{row: row}
	if row.Err != nil {
		out.err = row.Err
		out.line = encodeLine(row, nil, row.Err)
		return out
	}
	var q match.Query
	q, out.err = row.Party.Query()
	if out.err == nil {
		out.res, out.err = svc.Screen(screen.Request{Query: q, Threshold: opt.Threshold, Limit: opt.Limit,
			IncludeLists: opt.IncludeLists, ExcludeLists: opt.ExcludeLists})
	}
	if out.err == nil && opt.NoReasons {
		for i := range out.res.Hits {
			out.res.Hits[i].Reasons = []match.Reason{}
		}
	}
	out.line = encodeLine(row, out.res, out.err)
	return out
}

// encodeLine writes the row's own fields, then row, matched and hits (or
// error), as one JSON object and a newline.
func encodeLine(row *Row, res *screen.Result, err error) []byte {
	var b bytes.Buffer
	if row.Raw != nil {
		raw := bytes.TrimSpace(row.Raw)
		b.Write(raw[:len(raw)-1]) // without the closing brace
		if len(bytes.TrimSpace(raw[1:len(raw)-1])) > 0 {
			b.WriteByte(',')
		}
	} else {
		b.WriteByte('{')
		for _, f := range row.Fields {
			writeKV(&b, f.Key, f.Value)
			b.WriteByte(',')
		}
	}
	writeKV(&b, "row", row.N)
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

func writeKV(b *bytes.Buffer, k string, v any) {
	kb, _ := json.Marshal(k)
	b.Write(kb)
	b.WriteByte(':')
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	// Encode appends a newline
	if n := b.Len(); n > 0 && b.Bytes()[n-1] == '\n' {
		b.Truncate(n - 1)
	}
}
