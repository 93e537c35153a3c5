package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/embargo/embargo/batch"
	"github.com/embargo/embargo/eval"
	"github.com/embargo/embargo/screen"
	"github.com/spf13/cobra"
)

type evalFlags struct {
	positives, negatives []string
	threshold            float64
	algorithm            string
	expectColumn         string
	categoryColumn       string
	format               string
	asJSON               bool
	svg                  string
	minRecall, maxFPR    float64
	workers              int
}

func (a *app) evalCmd() *cobra.Command {
	var f evalFlags
	cmd := &cobra.Command{
		Use:   "eval --positives FILE [--negatives FILE] [flags]",
		Short: "Measure recall, precision and false alerts on labelled names",
		Long: `Screen labelled files and measure the matching: recall (positives found), precision,
false-positive rate (negatives with any match) and the rank of the expected entity, broken
down by file, schema, script and category, with a threshold sweep and a chart.

Files use the batch formats (CSV, TSV with a header, or JSON lines): a name column
(name or full_name) and optionally schema, dob, country, id. A positive row may name the
entity it should find in an "expected_id" column (an entity id such as ofac-sdn-35096, a
list record id, or list:record); without it a positive counts as found when anything
matches. A "category" column adds a breakdown.

--min-recall and --max-fpr turn the run into a check: the exit code is 1 when the
figures are worse, which is how CI guards against matching regressions.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runEval(&f) },
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.positives, "positives", nil, "file of queries that should match (repeatable)")
	fl.StringArrayVar(&f.negatives, "negatives", nil, "file of queries that should not match (repeatable)")
	fl.Float64Var(&f.threshold, "threshold", 0, "match threshold (default: the algorithm's)")
	fl.StringVar(&f.algorithm, "algorithm", "", "embargo (default) or ofac")
	fl.StringVar(&f.expectColumn, "expect-column", "", "column naming the expected entity (default expected_id, expect or entity_id)")
	fl.StringVar(&f.categoryColumn, "category-column", "", "column to break results down by (default category)")
	fl.StringVar(&f.format, "format", "", "input format for every file: csv, tsv or jsonl (default: from each file)")
	fl.BoolVar(&f.asJSON, "json", false, "write the report as JSON")
	fl.StringVar(&f.svg, "svg", "", "write recall/FPR-by-threshold and ROC charts to this SVG file")
	fl.Float64Var(&f.minRecall, "min-recall", 0, "fail (exit 1) when recall is below this")
	fl.Float64Var(&f.maxFPR, "max-fpr", 0, "fail (exit 1) when the false-positive rate is above this")
	fl.IntVar(&f.workers, "workers", 0, "screening goroutines (default: the number of CPUs)")
	return cmd
}

func (a *app) runEval(f *evalFlags) error {
	if len(f.positives)+len(f.negatives) == 0 {
		return usagef("eval needs --positives and/or --negatives files")
	}
	if f.threshold < 0 || f.threshold > 1 || f.minRecall < 0 || f.minRecall > 1 || f.maxFPR < 0 || f.maxFPR > 1 {
		return usagef("--threshold, --min-recall and --max-fpr take numbers in [0,1]")
	}
	if _, ok := screen.Algorithms[f.algorithm]; !ok {
		return usagef("--algorithm %q: want embargo or ofac", f.algorithm)
	}
	var format batch.Format
	if f.format != "" {
		var err error
		if format, err = batch.ParseFormat(f.format); err != nil {
			return usagef("%v", err)
		}
	}
	var inputs []eval.Input
	for _, p := range f.positives {
		inputs = append(inputs, eval.Input{Path: p, Positive: true, Format: format})
	}
	for _, p := range f.negatives {
		inputs = append(inputs, eval.Input{Path: p, Format: format})
	}
	for _, in := range inputs {
		if _, err := os.Stat(in.Path); err != nil {
			return err
		}
	}
	svc, took, err := a.loadService(screen.DefaultConfig())
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "embargo: %d entities from %d lists indexed in %v\n", svc.Snapshot.Count(), len(svc.Snapshot.Lists), took.Round(time.Millisecond))
	start := time.Now()
	rep, err := eval.Run(a.ctx, svc, inputs, eval.Options{Threshold: f.threshold, Algorithm: f.algorithm,
		ExpectColumn: f.expectColumn, CategoryColumn: f.categoryColumn, Workers: f.workers})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "embargo: %d rows screened in %v\n", len(rep.Outcomes), time.Since(start).Round(time.Millisecond))
	if f.svg != "" {
		if err := os.WriteFile(f.svg, rep.SVG(), 0o644); err != nil {
			return err
		}
	}
	if f.asJSON {
		err = writeJSON(a.stdout, rep, true)
	} else {
		err = rep.WriteText(a.stdout)
	}
	if err != nil {
		return err
	}
	var fails []string
	if f.minRecall > 0 && rep.Totals.Positives > 0 && rep.Totals.Recall < f.minRecall {
		fails = append(fails, fmt.Sprintf("recall %.4f is below %.4f", rep.Totals.Recall, f.minRecall))
	}
	if f.maxFPR > 0 && rep.Totals.Negatives > 0 && rep.Totals.FPR > f.maxFPR {
		fails = append(fails, fmt.Sprintf("false-positive rate %.4f is above %.4f", rep.Totals.FPR, f.maxFPR))
	}
	if rep.Totals.Errors > 0 {
		fails = append(fails, fmt.Sprintf("%d rows could not be screened", rep.Totals.Errors))
	}
	if len(fails) > 0 {
		return fmt.Errorf("eval: %v", fails)
	}
	return nil
}
