package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/text"
	"github.com/spf13/cobra"
)

// readInput reads FILE or stdin ("-"), refusing more than max bytes.
func (a *app) readInput(path string, max int64) ([]byte, error) {
	var r io.Reader = a.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, max)
	}
	return b, nil
}

func (a *app) textCmd() *cobra.Command {
	var asJSON, failOnMatch bool
	var format string
	var threshold float64
	cmd := &cobra.Command{
		Use:   "text [--json] [--format text|html] FILE|-",
		Short: "Find every listed person, organisation or vessel mentioned in a text or HTML page",
		Long: `Screen a document — a news article, a contract, an e-mail — for mentions of listed parties
in any script, with their character offsets, the sentence they stand in, the listed entity,
the score and the reasons. HTML is recognised (or forced with --format html): scripts,
styles, navigation and other boilerplate are dropped and offsets refer to the extracted
text. A surname alone is linked to a full mention of the same person in the document;
without one it is reported only as a low-confidence mention, never as a match.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkThreshold(threshold); err != nil {
				return err
			}
			var f text.Format
			switch strings.ToLower(format) {
			case "":
			case "text", "txt", "plain":
				f = text.Plain
			case "html", "htm":
				f = text.HTML
			default:
				return usagef("--format %q: want text or html", format)
			}
			doc, err := a.readInput(args[0], text.MaxBytes)
			if err != nil {
				return err
			}
			svc, _, err := a.loadService(screen.DefaultConfig())
			if err != nil {
				return err
			}
			res, err := svc.ScreenText(string(doc), screen.TextOptions{Threshold: threshold, Format: f})
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			matches := 0
			for _, m := range res.Mentions {
				if m.Match {
					matches++
				}
			}
			if asJSON {
				if err := writeJSON(a.stdout, res, true); err != nil {
					return err
				}
			} else if err := printText(a, args[0], res, matches); err != nil {
				return err
			}
			if failOnMatch && matches > 0 {
				return exitError{ExitMatched}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "write JSON: {\"mentions\":[…], \"dataset_version\", …}")
	cmd.Flags().BoolVar(&failOnMatch, "fail-on-match", false, "exit with code 3 when a mention matches")
	cmd.Flags().StringVar(&format, "format", "", "text or html (default: detected)")
	cmd.Flags().Float64Var(&threshold, "threshold", 0, "match threshold (default 0.80)")
	return cmd
}

func printText(a *app, name string, res *screen.TextResult, matches int) error {
	fmt.Fprintf(a.stdout, "%s: %d mention(s), %d match(es) in %d characters (%s); threshold %.2f, dataset %s\n\n",
		name, len(res.Mentions), matches, res.Characters, res.Format, res.Threshold, res.DatasetVersion)
	if len(res.Mentions) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "AT\tTEXT\tSCORE\tMATCH\tID\tCAPTION")
	for _, m := range res.Mentions {
		mm := "no"
		if m.Match {
			mm = "MATCH"
		}
		fmt.Fprintf(tw, "%d-%d\t%s\t%.3f\t%s\t%s\t%s\n", m.Start, m.End, m.Text, m.Score, mm, m.ID, m.Caption)
	}
	return tw.Flush()
}
