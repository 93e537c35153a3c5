package cli

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/embargo/embargo/match"
	"github.com/embargo/embargo/screen"
	"github.com/spf13/cobra"
)

// ScreenOutput is the JSON of `embargo screen --json`: a stable contract.
type ScreenOutput struct {
	Query          screen.Party    `json:"query"`
	Hits           []screen.Hit    `json:"hits"`
	Threshold      float64         `json:"threshold"`
	DatasetVersion string          `json:"dataset_version"`
	Algorithm      string          `json:"algorithm"`
	Versions       screen.Versions `json:"versions"`
}

type screenFlags struct {
	party        screen.Party
	names        []string
	dobs         []string
	countries    []string
	ids          []string
	threshold    float64
	limit        int
	asJSON       bool
	failOnMatch  bool
	includeLists []string
	excludeLists []string
	input        string
	output       string
	format       string
	noReasons    bool
	workers      int
	algorithm    string
}

func (a *app) screenCmd() *cobra.Command {
	var f screenFlags
	cmd := &cobra.Command{
		Use:   "screen [flags] NAME",
		Short: "Screen a party (or a batch file with --input) against the lists",
		Long: `Screen one party by name, with optional secondary evidence, or a batch file.

A single party: embargo screen [--schema S] [--dob D] [--country CC] [--id X] NAME
prints the hits best first; --json prints one object (a stable contract, see README).

A batch: embargo screen --input FILE [--output FILE] reads CSV or TSV (a header row with a
"name" column and optional "schema", "dob", "country", "id", "gender"; other columns are
passed through) or JSON lines (objects with the same keys), and writes one JSON line per
input row, in input order: the row's own fields plus "row", "matched" and "hits". A row
that cannot be screened gets an "error" instead, the run continues, and the exit code is 1.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.input != "" {
				if len(args) > 0 {
					return usagef("give either NAME or --input, not both")
				}
				for _, fl := range []string{"name", "schema", "dob", "country", "id", "gender"} {
					if cmd.Flags().Changed(fl) {
						return usagef("--%s describes a single party: with --input, put it in a column of the file", fl)
					}
				}
				return a.screenBatch(&f)
			}
			if len(args) == 0 && len(f.names) == 0 && len(f.ids) == 0 {
				return usagef("screen needs a NAME (or --id, or --input FILE)")
			}
			return a.screenOne(&f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.party.Schema, "schema", "", "Person, Organization, Company, LegalEntity, Vessel, Airplane or CryptoWallet")
	fl.StringArrayVar(&f.names, "name", nil, "another name of the same party (repeatable)")
	fl.StringArrayVar(&f.dobs, "dob", nil, "birth date: YYYY-MM-DD, YYYY-MM or YYYY (repeatable)")
	fl.StringArrayVar(&f.countries, "country", nil, "nationality or country: ISO code or name (repeatable)")
	fl.StringArrayVar(&f.ids, "id", nil, "identifier: passport, national id, IMO, BIC, crypto address… (repeatable)")
	fl.StringVar(&f.party.Gender, "gender", "", "male or female")
	fl.Float64Var(&f.threshold, "threshold", 0, fmt.Sprintf("match threshold in (0,1] (default %.2f)", match.DefaultThreshold))
	fl.IntVar(&f.limit, "limit", 0, "most hits to return (default 10)")
	fl.BoolVar(&f.asJSON, "json", false, "write JSON")
	fl.BoolVar(&f.failOnMatch, "fail-on-match", false, "exit with code 3 when any hit is a match")
	fl.StringArrayVar(&f.includeLists, "list", nil, "screen only against this list id (repeatable)")
	fl.StringArrayVar(&f.excludeLists, "exclude-list", nil, "do not screen against this list id (repeatable)")
	fl.StringVar(&f.input, "input", "", "batch input file (CSV, TSV or JSON lines; - for stdin)")
	fl.StringVar(&f.output, "output", "", "batch output file (default stdout)")
	fl.StringVar(&f.format, "format", "", "batch input format: csv, tsv or jsonl (default: from the file)")
	fl.BoolVar(&f.noReasons, "no-reasons", false, "batch: leave the reasons out of the hits")
	fl.IntVar(&f.workers, "workers", 0, "batch: screening goroutines (default: the number of CPUs)")
	fl.StringVar(&f.algorithm, "algorithm", "", "embargo (default) or ofac: OFAC's own Sanctions List Search scoring, to compare with what the regulator's tool shows")
	return cmd
}

func (f *screenFlags) validate() error {
	if err := checkThreshold(f.threshold); err != nil {
		return err
	}
	if max := screen.DefaultConfig().MaxLimit; f.limit < 0 || f.limit > max {
		return usagef("--limit %d: want a number from 1 to %d", f.limit, max)
	}
	if f.workers < 0 {
		return usagef("--workers %d: want a positive number", f.workers)
	}
	if _, ok := screen.Algorithms[f.algorithm]; !ok {
		return usagef("--algorithm %q: want embargo or ofac", f.algorithm)
	}
	return nil
}

// checkThreshold accepts 0 (the default) and numbers in (0,1]; NaN, which
// compares false with everything, would otherwise pass and never match.
func checkThreshold(t float64) error {
	if math.IsNaN(t) || t < 0 || t > 1 {
		return usagef("--threshold %v: want a number in (0,1]", t)
	}
	return nil
}

// checkLists refuses --list and --exclude-list ids that name no loaded
// list: a mistyped id would otherwise screen against nothing and report no
// match.
func checkLists(svc *screen.Service, include, exclude []string) error {
	known := map[string]bool{}
	var ids []string
	for _, l := range svc.Snapshot.Lists {
		known[l.ID] = true
		ids = append(ids, l.ID)
	}
	for _, set := range []struct {
		flag string
		ids  []string
	}{{"--list", include}, {"--exclude-list", exclude}} {
		for _, id := range set.ids {
			if !known[id] {
				return usagef("%s %q: no such list is loaded (loaded: %s)", set.flag, id, strings.Join(ids, ", "))
			}
		}
	}
	return nil
}

func (a *app) screenOne(f *screenFlags, args []string) error {
	if err := f.validate(); err != nil {
		return err
	}
	p := f.party
	p.Name = strings.Join(args, " ")
	p.Names = f.names
	p.DOB = f.dobs
	p.Country = splitAll(f.countries)
	p.ID = f.ids
	q, err := p.Query()
	if err != nil {
		return usagef("%v", err)
	}
	svc, _, err := a.loadService(screen.DefaultConfig())
	if err != nil {
		return err
	}
	if err := checkLists(svc, f.includeLists, f.excludeLists); err != nil {
		return err
	}
	res, err := svc.Screen(screen.Request{Query: q, Threshold: f.threshold, Limit: f.limit,
		IncludeLists: f.includeLists, ExcludeLists: f.excludeLists, Algorithm: f.algorithm})
	if err != nil {
		return usagef("%v", err)
	}
	if f.asJSON {
		err = writeJSON(a.stdout, ScreenOutput{Query: p, Hits: res.Hits, Threshold: res.Threshold,
			DatasetVersion: res.DatasetVersion, Algorithm: res.Algorithm, Versions: res.Versions}, true)
	} else {
		err = printHits(a.stdout, &p, res)
	}
	if err != nil {
		return err
	}
	if f.failOnMatch {
		for _, h := range res.Hits {
			if h.Match {
				return exitError{ExitMatched}
			}
		}
	}
	return nil
}

func splitAll(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func printHits(w io.Writer, p *screen.Party, res *screen.Result) error {
	matches := 0
	for _, h := range res.Hits {
		if h.Match {
			matches++
		}
	}
	fmt.Fprintf(w, "%s: %d match(es), %d hit(s) shown; threshold %.2f, dataset %s\n\n", queryLabel(p), matches, len(res.Hits), res.Threshold, res.DatasetVersion)
	if len(res.Hits) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCORE\tMATCH\tID\tSCHEMA\tCAPTION\tLISTS\tMATCHED NAME")
	for _, h := range res.Hits {
		m := "no"
		if h.Match {
			m = "MATCH"
		}
		fmt.Fprintf(tw, "%.3f\t%s\t%s\t%s\t%s\t%s\t%s\n", h.Score, m, h.ID, h.Schema, h.Caption, strings.Join(h.Datasets, ","), h.MatchedName)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	for i, h := range res.Hits {
		if !h.Match && i > 0 {
			break
		}
		fmt.Fprintf(w, "why %s (%.3f):\n", h.ID, h.Score)
		for _, r := range h.Reasons {
			fmt.Fprintf(w, "  %s\n", describeReason(r))
		}
	}
	return nil
}

// queryLabel names the query in the text output: its name, else its other
// names or identifiers.
func queryLabel(p *screen.Party) string {
	switch {
	case strings.TrimSpace(p.Name) != "":
		return strconv.Quote(p.Name)
	case len(p.Names) > 0:
		return strconv.Quote(strings.Join(p.Names, "; "))
	case len(p.ID) > 0:
		return "id " + strconv.Quote(strings.Join(p.ID, "; "))
	}
	return `""`
}

func describeReason(r match.Reason) string {
	switch r.Feature {
	case "name":
		var parts []string
		for _, wm := range r.Words {
			parts = append(parts, fmt.Sprintf("%s~%s (%s %.2f)", wm.Query, wm.Listed, wm.How, wm.Similarity))
		}
		s := fmt.Sprintf("name %.3f against %q: %s", r.Effect, r.Listed, strings.Join(parts, ", "))
		if len(r.Unmatched) > 0 {
			s += "; not in the listed name: " + strings.Join(r.Unmatched, " ")
		}
		if len(r.Extra) > 0 {
			s += "; not in the query: " + strings.Join(r.Extra, " ")
		}
		return s
	}
	s := fmt.Sprintf("%s %+.3f: %s", r.Feature, r.Effect, r.Detail)
	if r.Query != "" || r.Listed != "" {
		s += fmt.Sprintf(" (query %q, listed %q)", r.Query, r.Listed)
	}
	return s
}
