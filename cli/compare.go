package cli

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/embargo/embargo/batch"
	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/index"
	"github.com/embargo/embargo/match"
	"github.com/embargo/embargo/names"
	"github.com/embargo/embargo/screen"
	"github.com/spf13/cobra"
)

// CompareOutput is the JSON of `embargo compare --json`.
type CompareOutput struct {
	Name1     string         `json:"name1"`
	Name2     string         `json:"name2"`
	Schema    string         `json:"schema,omitempty"`
	Score     float64        `json:"score"`
	Match     bool           `json:"match"`
	Threshold float64        `json:"threshold"`
	Algorithm string         `json:"algorithm"`
	Reasons   []match.Reason `json:"reasons"`
}

func (a *app) compareCmd() *cobra.Command {
	var schema, pairs string
	var asJSON bool
	var threshold float64
	cmd := &cobra.Command{
		Use:   "compare [--schema S] [--json] NAME1 NAME2 | --pairs FILE.csv",
		Short: "Score two names against each other, with reasons (no lists needed)",
		Long: `Score two names against each other with the same name matching that screening uses,
without lists: every word weighs the same (titles, particles, initials and generic
organisation words weigh less). NAME1 plays the query, NAME2 the listed name.

With --pairs FILE.csv, reads a CSV whose header has "name1", "name2" and optionally
"schema", and writes the same CSV to stdout with "score" and "match" columns added.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkThreshold(threshold); err != nil {
				return err
			}
			if threshold == 0 {
				threshold = match.DefaultThreshold
			}
			sc, err := match.New(nil, match.DefaultConfig())
			if err != nil {
				return err
			}
			if pairs != "" {
				if len(args) > 0 {
					return usagef("give either NAME1 NAME2 or --pairs, not both")
				}
				return a.comparePairs(sc, pairs, schema, threshold)
			}
			if len(args) != 2 {
				return usagef("compare needs exactly two names (quote names with spaces), or --pairs FILE.csv")
			}
			out, err := compareTwo(sc, args[0], args[1], schema, threshold)
			if err != nil {
				return usagef("%v", err)
			}
			if asJSON {
				return writeJSON(a.stdout, out, true)
			}
			m := "no match"
			if out.Match {
				m = "MATCH"
			}
			fmt.Fprintf(a.stdout, "%.3f %s (threshold %.2f)\n", out.Score, m, out.Threshold)
			for _, r := range out.Reasons {
				fmt.Fprintf(a.stdout, "  %s\n", describeReason(r))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&schema, "schema", "", "schema of both names (Person, Company, …)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "write JSON")
	cmd.Flags().StringVar(&pairs, "pairs", "", "CSV file of name pairs (- for stdin)")
	cmd.Flags().Float64Var(&threshold, "threshold", 0, fmt.Sprintf("match threshold (default %.2f)", match.DefaultThreshold))
	return cmd
}

func compareTwo(sc *match.Scorer, n1, n2, schema string, threshold float64) (*CompareOutput, error) {
	var sch entity.Schema
	if schema != "" {
		s, ok := entity.ParseSchema(schema)
		if !ok {
			return nil, fmt.Errorf("unknown schema %q", schema)
		}
		sch = s
	}
	for i, n := range []string{n1, n2} {
		if !utf8.ValidString(n) {
			return nil, fmt.Errorf("name %d is not valid UTF-8", i+1)
		}
		if utf8.RuneCountInString(n) > screen.MaxNameRunes {
			return nil, fmt.Errorf("name %d is longer than %d characters", i+1, screen.MaxNameRunes)
		}
		if names.Fold(n) == "" {
			return nil, fmt.Errorf("name %d has no letters or digits", i+1)
		}
	}
	hint := index.HintFor(sch)
	q, l := names.Analyze(n1, hint), names.Analyze(n2, hint)
	ns := sc.CompareNames(&q, &l)
	h := sc.Evidence(&match.Query{Names: []string{n1}, Schema: sch}, &entity.Entity{Schema: sch}, &ns, n2, entity.Primary, threshold)
	return &CompareOutput{Name1: n1, Name2: n2, Schema: string(sch), Score: h.Score, Match: h.Match,
		Threshold: threshold, Algorithm: screen.Algorithm, Reasons: h.Reasons}, nil
}

func (a *app) comparePairs(sc *match.Scorer, path, schema string, threshold float64) error {
	var in io.Reader = a.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	cr := csv.NewReader(batch.LimitLines(in, batch.MaxLineBytes))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("%s: empty file: a header with name1 and name2 is required", path)
		}
		return fmt.Errorf("%s: header: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	i1, ok1 := col["name1"]
	i2, ok2 := col["name2"]
	if !ok1 || !ok2 {
		return fmt.Errorf("%s: the header must have name1 and name2 columns (has %s)", path, strings.Join(header, ","))
	}
	is, hasSchema := col["schema"]
	cw := csv.NewWriter(a.stdout)
	cw.Write(append(append([]string{}, header...), "score", "match"))
	// every output row has the header's columns, then score and match, so
	// that a short or broken row does not shift the columns after it
	fit := func(rec []string) []string {
		out := make([]string, len(header), len(header)+2)
		copy(out, rec)
		return out
	}
	bad := 0
	fail := func(rec []string, where string, err error) {
		bad++
		fmt.Fprintf(a.stderr, "embargo: %s: %v\n", where, err)
		cw.Write(append(fit(rec), "", "error: "+err.Error()))
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				cw.Flush() // keep the rows compared so far
				return fmt.Errorf("%s: %w", path, err)
			}
			fail(nil, fmt.Sprintf("%s:%d", path, pe.StartLine), pe.Err)
			continue
		}
		ln, _ := cr.FieldPos(0)
		where := fmt.Sprintf("%s:%d", path, ln)
		switch {
		case i1 >= len(rec) || i2 >= len(rec):
			fail(rec, where, errors.New("missing name1 or name2"))
			continue
		case len(rec) > len(header):
			fail(rec, where, fmt.Errorf("%d fields, the header has %d", len(rec), len(header)))
			continue
		}
		s := schema
		if hasSchema && is < len(rec) && rec[is] != "" {
			s = rec[is]
		}
		out, err := compareTwo(sc, rec[i1], rec[i2], s, threshold)
		if err != nil {
			fail(rec, where, err)
			continue
		}
		cw.Write(append(fit(rec), strconv.FormatFloat(out.Score, 'f', 3, 64), strconv.FormatBool(out.Match)))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if bad > 0 {
		return fmt.Errorf("%s: %d rows could not be compared", path, bad)
	}
	return nil
}
