package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/embargo/embargo/dataset"
	"github.com/spf13/cobra"
)

// ListsOutput is the JSON of `embargo lists --json`.
type ListsOutput struct {
	Lists          []dataset.ListInfo `json:"lists"`
	Totals         ListsTotals        `json:"totals"`
	DatasetVersion string             `json:"dataset_version"`
}

// ListsTotals sums the loaded lists.
type ListsTotals struct {
	Lists    int `json:"lists"`
	Records  int `json:"records"`  // list records, as read
	Entities int `json:"entities"` // entities after merging records of the same party across lists
}

func (a *app) listsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "lists",
		Short: "Show the loaded lists: id, format, publication date, content hash and entity count",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			snap, err := a.loadSnapshot()
			if err != nil {
				return err
			}
			out := ListsOutput{
				Lists:          snap.Lists,
				Totals:         ListsTotals{Lists: len(snap.Lists), Records: snap.RecordCount(), Entities: snap.Count()},
				DatasetVersion: snap.Version,
			}
			if asJSON {
				return writeJSON(a.stdout, out, true)
			}
			return printLists(a.stdout, out)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "write JSON")
	return cmd
}

func printLists(w io.Writer, out ListsOutput) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tFORMAT\tPUBLISHED\tENTITIES\tSHA256\tFILE")
	for _, l := range out.Lists {
		pub := l.Published
		if pub == "" {
			pub = "-"
		}
		file := ""
		if len(l.Files) > 0 {
			file = l.Files[0]
			if len(l.Files) > 1 {
				file += fmt.Sprintf(" (+%d)", len(l.Files)-1)
			}
		}
		sha := l.SHA256
		if len(sha) > 12 {
			sha = sha[:12]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", l.ID, l.Format, pub, l.Records, sha, file)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%d lists, %d records, %d entities after merging; dataset version %s\n",
		out.Totals.Lists, out.Totals.Records, out.Totals.Entities, out.DatasetVersion)
	return err
}

func writeJSON(w io.Writer, v any, indent bool) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	return enc.Encode(v)
}
