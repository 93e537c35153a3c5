// Package eval measures screening quality on labelled data: positives
// (queries that should match, optionally with the entity they should find)
// and negatives (queries that should not match). It reports recall,
// precision, the false-positive rate and the rank of the expected entity,
// broken down by file, schema, script and category, with a threshold sweep
// and a chart — what compliance teams need to document and tune their
// thresholds.
package eval

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/embargo/embargo/batch"
	"github.com/embargo/embargo/dataset"
	"github.com/embargo/embargo/names"
	"github.com/embargo/embargo/screen"
)

// Input is one labelled file in a batch format.
type Input struct {
	Path     string
	Positive bool         // rows should match; false: rows should not match
	Format   batch.Format // "" to detect
	Label    string       // name in the report; default the file's base name
}

// Options tune Run.
type Options struct {
	Threshold      float64 // 0: the service's default for the algorithm
	Algorithm      string
	ExpectColumn   string // column with the expected entity or list record id; default: expected_id, expect, entity_id
	CategoryColumn string // default: category
	Workers        int
	Progress       func(rows int)
}

// Outcome is the result for one labelled row.
type Outcome struct {
	File     string
	Positive bool
	Row      int
	Name     string
	Schema   string
	Script   string
	Category string
	Expect   []string
	Best     float64 // best hit score, 0 for none
	Expected float64 // best score of an expected entity (positives with expectations)
	Rank     int     // rank of the first expected entity among the hits, 0 when absent
	Err      string
}

// found reports whether a positive is found at threshold t.
func (o *Outcome) found(t float64) bool {
	if len(o.Expect) > 0 {
		return o.Expected >= t
	}
	return o.Best >= t
}

// alert reports whether the row raises any alert at t.
func (o *Outcome) alert(t float64) bool { return o.Best >= t }

// Metrics summarise outcomes at one threshold.
type Metrics struct {
	Positives   int     `json:"positives"`
	Negatives   int     `json:"negatives"`
	Found       int     `json:"found"`        // positives matched (to the expected entity when one is given)
	Missed      int     `json:"missed"`       // positives not matched
	WrongMatch  int     `json:"wrong_match"`  // positives that matched only other entities
	FalseAlerts int     `json:"false_alerts"` // negatives with any match
	Errors      int     `json:"errors"`       // rows that could not be screened
	Recall      float64 `json:"recall"`       // found / positives
	Precision   float64 `json:"precision"`    // found / (found + wrong matches + false alerts)
	FPR         float64 `json:"fpr"`          // false alerts / negatives
	F1          float64 `json:"f1"`
}

// SweepRow is one threshold of the sweep.
type SweepRow struct {
	Threshold float64 `json:"threshold"`
	Metrics
}

// Ranks describes where the expected entity ranks among the hits.
type Ranks struct {
	WithExpectation int     `json:"with_expectation"`
	Top1            int     `json:"top1"`
	Top3            int     `json:"top3"`
	Top10           int     `json:"top10"`
	Absent          int     `json:"absent"`
	MRR             float64 `json:"mrr"` // mean reciprocal rank
}

// Report is the evaluation result.
type Report struct {
	Threshold      float64                       `json:"threshold"`
	Algorithm      string                        `json:"algorithm"`
	DatasetVersion string                        `json:"dataset_version"`
	Versions       screen.Versions               `json:"versions"`
	Totals         Metrics                       `json:"totals"`
	By             map[string]map[string]Metrics `json:"by"` // "file", "schema", "script", "category" → value → metrics
	Ranks          Ranks                         `json:"ranks"`
	Sweep          []SweepRow                    `json:"sweep"`
	Outcomes       []Outcome                     `json:"-"`
}

// Run screens every row of every input and measures.
func Run(ctx context.Context, svc *screen.Service, inputs []Input, opt Options) (*Report, error) {
	if len(inputs) == 0 {
		return nil, fmt.Errorf("eval: no input files")
	}
	expectCols := []string{"expected_id", "expect", "entity_id", "expected"}
	if opt.ExpectColumn != "" {
		expectCols = []string{opt.ExpectColumn}
	}
	catCol := opt.CategoryColumn
	if catCol == "" {
		catCol = "category"
	}
	rep := &Report{By: map[string]map[string]Metrics{}}
	var mu sync.Mutex
	done := 0
	for _, in := range inputs {
		label := in.Label
		if label == "" {
			label = baseName(in.Path)
		}
		f, err := os.Open(in.Path)
		if err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
		format := in.Format
		if format == "" {
			head := make([]byte, 4096)
			n, _ := io.ReadFull(f, head)
			format = batch.FormatFor(in.Path, head[:n])
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				f.Close()
				return nil, err
			}
		}
		rd, err := batch.NewReader(f, format)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("eval: %s: %w", in.Path, err)
		}
		bo := batch.Options{Workers: opt.Workers, Threshold: opt.Threshold, Limit: 10, Algorithm: opt.Algorithm, NoReasons: true}
		bo.OnResult = func(row *batch.Row, res *screen.Result, err error) {
			o := Outcome{File: label, Positive: in.Positive, Row: row.N, Name: row.Party.Name, Schema: row.Party.Schema,
				Script: string(names.ScriptOf(row.Party.Name)), Category: row.Get(catCol)}
			if o.Schema == "" {
				o.Schema = "(none)"
			}
			for _, c := range expectCols {
				if v := row.Get(c); v != "" {
					o.Expect = screen.SplitValues(v)
					break
				}
			}
			if err != nil {
				o.Err = err.Error()
			} else {
				if rep.Algorithm == "" {
					rep.Algorithm, rep.DatasetVersion, rep.Versions, rep.Threshold = res.Algorithm, res.DatasetVersion, res.Versions, res.Threshold
				}
				for i, h := range res.Hits {
					o.Best = math.Max(o.Best, h.Score)
					if len(o.Expect) > 0 && expected(&h, o.Expect) {
						o.Expected = math.Max(o.Expected, h.Score)
						if o.Rank == 0 {
							o.Rank = i + 1
						}
					}
				}
			}
			mu.Lock()
			rep.Outcomes = append(rep.Outcomes, o)
			done++
			if opt.Progress != nil {
				opt.Progress(done)
			}
			mu.Unlock()
		}
		_, err = batch.Run(ctx, svc, rd, io.Discard, bo)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("eval: %s: %w", in.Path, err)
		}
	}
	if rep.Threshold == 0 {
		rep.Threshold = opt.Threshold
	}
	rep.compute()
	return rep, nil
}

// expected reports whether a hit is one of the expected entities: by
// entity id, by the id of one of its list records, or by a record's own
// id in its list.
func expected(h *screen.Hit, expect []string) bool {
	for _, x := range expect {
		if strings.EqualFold(x, h.ID) {
			return true
		}
		if h.Entity == nil {
			continue
		}
		for _, src := range h.Entity.Sources {
			if strings.EqualFold(x, dataset.RecordID(src)) || strings.EqualFold(x, src.RecordID) ||
				strings.EqualFold(x, src.List+":"+src.RecordID) {
				return true
			}
		}
	}
	return false
}

func (r *Report) compute() {
	sort.SliceStable(r.Outcomes, func(i, j int) bool {
		if r.Outcomes[i].File != r.Outcomes[j].File {
			return r.Outcomes[i].File < r.Outcomes[j].File
		}
		return r.Outcomes[i].Row < r.Outcomes[j].Row
	})
	r.Totals = metrics(r.Outcomes, r.Threshold)
	groups := map[string]func(*Outcome) string{
		"file":     func(o *Outcome) string { return o.File },
		"schema":   func(o *Outcome) string { return o.Schema },
		"script":   func(o *Outcome) string { return o.Script },
		"category": func(o *Outcome) string { return o.Category },
	}
	for g, key := range groups {
		parts := map[string][]Outcome{}
		for _, o := range r.Outcomes {
			k := key(&o)
			if k == "" {
				continue
			}
			parts[k] = append(parts[k], o)
		}
		if len(parts) == 0 || (g == "category" && len(parts) == 0) {
			continue
		}
		r.By[g] = map[string]Metrics{}
		for k, os := range parts {
			r.By[g][k] = metrics(os, r.Threshold)
		}
	}
	for t := 0.50; t <= 1.0001; t += 0.01 {
		t = math.Round(t*100) / 100
		r.Sweep = append(r.Sweep, SweepRow{Threshold: t, Metrics: metrics(r.Outcomes, t)})
	}
	for _, o := range r.Outcomes {
		if !o.Positive || len(o.Expect) == 0 || o.Err != "" {
			continue
		}
		r.Ranks.WithExpectation++
		switch {
		case o.Rank == 0:
			r.Ranks.Absent++
		default:
			r.Ranks.MRR += 1 / float64(o.Rank)
			if o.Rank <= 10 {
				r.Ranks.Top10++
			}
			if o.Rank <= 3 {
				r.Ranks.Top3++
			}
			if o.Rank == 1 {
				r.Ranks.Top1++
			}
		}
	}
	if r.Ranks.WithExpectation > 0 {
		r.Ranks.MRR = round4(r.Ranks.MRR / float64(r.Ranks.WithExpectation))
	}
}

func metrics(os []Outcome, t float64) Metrics {
	var m Metrics
	for i := range os {
		o := &os[i]
		if o.Err != "" {
			m.Errors++
		}
		if o.Positive {
			m.Positives++
			switch {
			case o.found(t):
				m.Found++
			case o.alert(t):
				m.WrongMatch++
				m.Missed++
			default:
				m.Missed++
			}
		} else {
			m.Negatives++
			if o.alert(t) {
				m.FalseAlerts++
			}
		}
	}
	if m.Positives > 0 {
		m.Recall = round4(float64(m.Found) / float64(m.Positives))
	}
	if m.Negatives > 0 {
		m.FPR = round4(float64(m.FalseAlerts) / float64(m.Negatives))
	}
	if alerts := m.Found + m.WrongMatch + m.FalseAlerts; alerts > 0 {
		m.Precision = round4(float64(m.Found) / float64(alerts))
	}
	if m.Precision+m.Recall > 0 {
		m.F1 = round4(2 * m.Precision * m.Recall / (m.Precision + m.Recall))
	}
	return m
}

func round4(f float64) float64 { return math.Round(f*10000) / 10000 }

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
