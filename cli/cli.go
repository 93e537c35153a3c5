// Package cli implements the embargo command line. It is the only place
// that reads flags and environment variables and wires the packages
// together; cmd/embargo only calls Run.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitError   = 1 // the command failed: bad input, unreadable lists, I/O
	ExitUsage   = 2 // the command line is wrong
	ExitMatched = 3 // screen --fail-on-match found a match
)

// usageError marks errors in the command line itself.
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// exitError carries a specific exit code without a message of its own.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// app holds what every command shares.
type app struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string

	// global flags
	data         string
	cacheDir     string
	skipBadLists bool
}

// Run executes the command line args (without the program name) and
// returns the process exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	return a.run(args)
}

func (a *app) run(args []string) int {
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	err := root.ExecuteContext(a.ctx)
	if err == nil {
		return ExitOK
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintf(a.stderr, "embargo: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		return ExitUsage
	}
	return ExitError
}

func isCobraUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument",
		"invalid argument", "accepts ", "requires at least", "requires at most", "required flag"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "embargo",
		Short: "Sanctions screening: every official list in, ranked and explained matches out",
		Long: `embargo screens people, companies, vessels and crypto wallets against the official
sanctions lists (OFAC, EU, UK, UN and the US Consolidated Screening List).

Lists come from --data DIR (or $EMBARGO_DATA): a directory of list files in their
published formats, recognised from their content. Without it, embargo uses its cache of
the official lists (see 'embargo fetch'), downloading them on first use.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&a.data, "data", "", "directory or file of list files (default $EMBARGO_DATA, else the fetch cache)")
	root.PersistentFlags().StringVar(&a.cacheDir, "cache", "", "fetch cache directory (default $EMBARGO_CACHE, else the user cache directory)")
	root.PersistentFlags().BoolVar(&a.skipBadLists, "skip-bad-lists", false, "continue when a list fails to load, with a warning naming it")
	root.AddCommand(a.listsCmd(), a.screenCmd(), a.compareCmd(), a.evalCmd(), a.textCmd(), a.paymentCmd(), a.fetchCmd(), a.serveCmd(), a.keysCmd(), a.auditCmd(), a.versionCmd())
	root.CompletionOptions.DisableDefaultCmd = true
	return root
}
