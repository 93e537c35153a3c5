package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/embargo/embargo/batch"
	"github.com/embargo/embargo/screen"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

func (a *app) screenBatch(f *screenFlags) error {
	if err := f.validate(); err != nil {
		return err
	}
	var in io.Reader
	if f.input == "-" {
		in = a.stdin
	} else {
		fh, err := os.Open(f.input)
		if err != nil {
			return err
		}
		defer fh.Close()
		if f.output != "" && f.output != "-" {
			ist, err1 := fh.Stat()
			ost, err2 := os.Stat(f.output)
			if err1 == nil && err2 == nil && os.SameFile(ist, ost) {
				return usagef("--output %s is the input file: it would be overwritten before it is read", f.output)
			}
		}
		in = fh
	}
	br := bufio.NewReaderSize(in, 64<<10)
	var format batch.Format
	if f.format != "" {
		var err error
		if format, err = batch.ParseFormat(f.format); err != nil {
			return usagef("%v", err)
		}
	} else {
		head, _ := br.Peek(4096)
		format = batch.FormatFor(f.input, head)
	}
	rd, err := batch.NewReader(br, format)
	if err != nil {
		return fmt.Errorf("%s: %w", f.input, err)
	}

	svc, took, err := a.loadService(screen.DefaultConfig())
	if err != nil {
		return err
	}
	if err := checkLists(svc, f.includeLists, f.excludeLists); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "embargo: %d entities from %d lists indexed in %v; dataset %s\n",
		svc.Snapshot.Count(), len(svc.Snapshot.Lists), took.Round(time.Millisecond), svc.Snapshot.Version)

	// the output is created only once the lists have loaded, so that a
	// failed load leaves an existing file alone
	out := a.stdout
	var outFile *os.File
	if f.output != "" && f.output != "-" {
		outFile, err = os.Create(f.output)
		if err != nil {
			return err
		}
		out = outFile
	}

	opt := batch.Options{Workers: f.workers, Threshold: f.threshold, Limit: f.limit,
		IncludeLists: f.includeLists, ExcludeLists: f.excludeLists, NoReasons: f.noReasons, Algorithm: f.algorithm}
	var bar *progressbar.ProgressBar
	if fh, ok := a.stderr.(*os.File); ok && term.IsTerminal(int(fh.Fd())) {
		bar = progressbar.NewOptions64(-1, progressbar.OptionSetWriter(a.stderr), progressbar.OptionSetDescription("screening"),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("rows"),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
		opt.Progress = func(n int) { bar.Set(n) }
	}
	start := time.Now()
	st, runErr := batch.Run(a.ctx, svc, rd, out, opt)
	if outFile != nil {
		if err := outFile.Close(); err != nil && runErr == nil {
			runErr = err
		}
	}
	if bar != nil {
		bar.Finish() // clears the bar before the summary line
	}
	el := time.Since(start)
	rate := 0.0
	if el > 0 {
		rate = float64(st.Rows) / el.Seconds()
	}
	fmt.Fprintf(a.stderr, "embargo: %d rows screened in %v (%.0f rows/s): %d with a match, %d errors\n",
		st.Rows, el.Round(time.Millisecond), rate, st.Matched, st.Errors)
	if runErr != nil {
		return fmt.Errorf("screening %s: %w", f.input, runErr)
	}
	if st.Errors > 0 {
		return fmt.Errorf("%d of %d rows could not be screened: see their \"error\" lines", st.Errors, st.Rows)
	}
	if f.failOnMatch && st.Matched > 0 {
		return exitError{ExitMatched}
	}
	return nil
}
