package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/embargo/embargo/payment"
	"github.com/embargo/embargo/screen"
	"github.com/spf13/cobra"
)

func (a *app) paymentCmd() *cobra.Command {
	var asJSON, failOnHold bool
	var threshold float64
	var embargoFile string
	cmd := &cobra.Command{
		Use:   "payment [--json] FILE|-",
		Short: "Screen a payment message (ISO 20022 pacs.008 / pain.001, SWIFT MT103 / MT202 / MT202COV): pass or hold",
		Long: `Screen every party and agent of a payment message with the right schema (agents as
organisations, an exact BIC of a listed bank is a match), screen its free-text fields
(remittance information, sender-to-receiver information) like documents, and check every
country and address against the embargoed jurisdictions (a dated default list: Cuba, Iran,
North Korea, and the Crimea, Donetsk and Luhansk regions of Ukraine; --embargoes FILE
replaces it). The decision is hold when anything matches, with the message field path of
each hit. A malformed message is an error naming the problem and its position.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkThreshold(threshold); err != nil {
				return err
			}
			emb, err := loadEmbargoes(embargoFile)
			if err != nil {
				return err
			}
			data, err := a.readInput(args[0], payment.MaxSize)
			if err != nil {
				return err
			}
			msg, err := payment.Parse(data)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			svc, _, err := a.loadService(screen.DefaultConfig())
			if err != nil {
				return err
			}
			res, err := svc.ScreenPayment(msg, screen.PaymentOptions{Threshold: threshold, Embargoes: emb})
			if err != nil {
				return err
			}
			if asJSON {
				if err := writeJSON(a.stdout, res, true); err != nil {
					return err
				}
			} else if err := printPayment(a, args[0], res); err != nil {
				return err
			}
			if failOnHold && res.Decision == screen.Hold {
				return exitError{ExitMatched}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "write JSON: {\"decision\", \"message_type\", \"message_id\", \"parties\":[…], …}")
	cmd.Flags().BoolVar(&failOnHold, "fail-on-hold", false, "exit with code 3 when the decision is hold")
	cmd.Flags().Float64Var(&threshold, "threshold", 0, "match threshold (default 0.80)")
	cmd.Flags().StringVar(&embargoFile, "embargoes", "", "JSON file of embargoed jurisdictions (default: the built-in dated list)")
	return cmd
}

// loadEmbargoes reads the --embargoes file; nil (the built-in list) when
// none is given.
func loadEmbargoes(path string) (*screen.Embargoes, error) {
	if path == "" {
		return nil, nil
	}
	e, err := screen.LoadEmbargoes(path)
	if err != nil {
		return nil, usagef("--embargoes: %v", err)
	}
	return &e, nil
}

func printPayment(a *app, name string, res *screen.PaymentResult) error {
	w := a.stdout
	fmt.Fprintf(w, "%s: %s %s — %s\n", name, res.MessageType, res.MessageID, strings.ToUpper(res.Decision))
	for _, r := range res.Reasons {
		fmt.Fprintf(w, "  because %s\n", r)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PATH\tROLE\tNAME\tCOUNTRY\tBIC\tBEST HIT\tSCORE")
	for _, p := range res.Parties {
		best, score := "-", ""
		if len(p.Hits) > 0 {
			h := p.Hits[0]
			best = h.Caption + " (" + h.ID + ")"
			score = fmt.Sprintf("%.3f", h.Score)
			if h.Match {
				score += " MATCH"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Path, p.Role, p.Name, p.Country, p.BIC, best, score)
	}
	return tw.Flush()
}
