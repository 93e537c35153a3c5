package cli

import (
	"fmt"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	"github.com/embargo/embargo/index"
	"github.com/embargo/embargo/match"
	"github.com/embargo/embargo/names"
	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/source/fetch"
	"github.com/spf13/cobra"
)

func (a *app) fetchCmd() *cobra.Command {
	var dir string
	var only, urls []string
	var force, versions bool
	var keep int
	cmd := &cobra.Command{
		Use:   "fetch [--dir DIR] [--list ID] [--force]",
		Short: "Download the current official lists into the local versioned cache",
		Long: `Download the current official lists (OFAC SDN and Consolidated, UN, EU, UK FCDO, US CSL)
into a local cache, keeping every version with its hash and publication date. A download
that fails, is partial, does not parse, or has more than 10% fewer entities than the
current version never replaces it (--force accepts a large drop). 'embargo screen' and
'embargo serve' use this cache when no --data is given.

--url ID=URL fetches a list from another address (a mirror, or a test server).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c := a.cache()
			if dir != "" {
				c.Dir = dir
			}
			remotes, err := selectRemotes(only, urls)
			if err != nil {
				return usagef("%v", err)
			}
			if versions {
				return a.printVersions(c, remotes)
			}
			results := c.Fetch(a.ctx, remotes, fetch.Options{Force: force})
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "LIST\tSTATUS\tPUBLISHED\tENTITIES\tVERSION\tDETAIL")
			failed := 0
			for _, r := range results {
				detail := ""
				if r.Err != nil {
					detail = r.Err.Error()
					failed++
				}
				pub := r.Published
				if pub == "" {
					pub = "-"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", r.ID, r.Status, pub, r.Entities, r.Version, detail)
			}
			tw.Flush()
			if keep > 0 {
				for _, r := range remotes {
					if err := c.Prune(r.ID, keep); err != nil {
						fmt.Fprintf(a.stderr, "embargo: prune %s: %v\n", r.ID, err)
					}
				}
			}
			fmt.Fprintf(a.stdout, "\ncache: %s\n", c.Dir)
			if failed > 0 {
				return fmt.Errorf("%d of %d lists could not be updated; their previous versions (if any) stay current", failed, len(results))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "cache directory (default $EMBARGO_CACHE, else the user cache directory)")
	cmd.Flags().StringArrayVar(&only, "list", nil, "fetch only this list id (repeatable): "+remoteIDs())
	cmd.Flags().StringArrayVar(&urls, "url", nil, "ID=URL: fetch list ID from URL instead of the official address (repeatable)")
	cmd.Flags().BoolVar(&force, "force", false, "accept a new version even if it has far fewer entities")
	cmd.Flags().BoolVar(&versions, "versions", false, "list the cached versions instead of fetching")
	cmd.Flags().IntVar(&keep, "keep", 0, "after fetching, keep only this many versions of each list (0 keeps all)")
	return cmd
}

func remoteIDs() string {
	var ids []string
	for _, r := range fetch.Official {
		ids = append(ids, r.ID)
	}
	return strings.Join(ids, ", ")
}

func selectRemotes(only, urls []string) ([]fetch.Remote, error) {
	byID := map[string]fetch.Remote{}
	var order []string
	for _, r := range fetch.Official {
		byID[r.ID] = r
		order = append(order, r.ID)
	}
	for _, u := range urls {
		id, url, ok := strings.Cut(u, "=")
		if !ok || id == "" || url == "" {
			return nil, fmt.Errorf("--url %q: want ID=URL", u)
		}
		r, known := byID[id]
		if !known {
			r = fetch.Remote{ID: id, Title: id}
			order = append(order, id)
		}
		name := url[strings.LastIndex(url, "/")+1:]
		if i := strings.IndexAny(name, "?#"); i >= 0 {
			name = name[:i]
		}
		if len(r.Files) == 1 && r.Files[0].Name != "" {
			name = r.Files[0].Name
		}
		if name == "" {
			name = id
		}
		r.Files = []fetch.RemoteFile{{Name: name, URL: url}}
		byID[id] = r
	}
	var out []fetch.Remote
	if len(only) == 0 && len(urls) > 0 {
		// --url without --list fetches just those lists
		for _, u := range urls {
			id, _, _ := strings.Cut(u, "=")
			only = append(only, id)
		}
	}
	if len(only) == 0 {
		for _, id := range order {
			out = append(out, byID[id])
		}
		return out, nil
	}
	for _, id := range only {
		r, ok := byID[id]
		if !ok {
			return nil, fmt.Errorf("unknown list %q (known: %s)", id, remoteIDs())
		}
		out = append(out, r)
	}
	return out, nil
}

func (a *app) printVersions(c *fetch.Cache, remotes []fetch.Remote) error {
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LIST\tVERSION\tCURRENT\tPUBLISHED\tENTITIES\tSHA256\tFETCHED")
	for _, r := range remotes {
		vs, err := c.Versions(r.ID)
		if err != nil {
			return err
		}
		for _, v := range vs {
			cur := ""
			if v.Current {
				cur = "*"
			}
			sha := v.SHA256
			if len(sha) > 12 {
				sha = sha[:12]
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.ID, v.Name, cur, v.Published, v.Entities, sha, v.FetchedAt.Format("2006-01-02 15:04:05Z"))
		}
	}
	return tw.Flush()
}

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of embargo and of its matching rules",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			v := "dev"
			if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
				v = bi.Main.Version
			}
			fmt.Fprintf(a.stdout, "embargo %s (algorithm %s; names rules v%d, index v%d, scoring v%d)\n",
				v, screen.Algorithm, names.Version, index.Version, match.Version)
		},
	}
}
