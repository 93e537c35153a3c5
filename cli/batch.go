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
	var size int64 = -1
	if f.input == "-" {
		in = a.stdin
	} else {
		fh, err := os.Open(f.input)
		if err != nil {
			return err
		}
		defer fh.Close()
		if st, err := fh.Stat(); err == nil {
			size = st.Size()
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

	out := a.stdout
	var outFile *os.File
	if f.output != "" && f.output != "-" {
		outFile, err = os.Create(f.output)
		if err != nil {
			return err
		}
		out = outFile
	}

	svc, took, err := a.loadService(screen.DefaultConfig())
	if err != nil {
		if outFile != nil {
			outFile.Close()
			os.Remove(f.output)
		}
		return err
	}
	fmt.Fprintf(a.stderr, "embargo: %d entities from %d lists indexed in %v; dataset %s\n",
		svc.Snapshot.Count(), len(svc.Snapshot.Lists), took.Round(time.Millisecond), svc.Snapshot.Version)

	opt := batch.Options{Workers: f.workers, Threshold: f.threshold, Limit: f.limit,
		IncludeLists: f.includeLists, ExcludeLists: f.excludeLists, NoReasons: f.noReasons}
	if fh, ok := a.stderr.(*os.File); ok && term.IsTerminal(int(fh.Fd())) {
		bar := progressbar.NewOptions64(-1, progressbar.OptionSetWriter(a.stderr), progressbar.OptionSetDescription("screening"),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("rows"),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
		_ = size
		opt.Progress = func(n int) { bar.Set(n) }
		defer bar.Finish()
	}
	start := time.Now()
	st, runErr := batch.Run(a.ctx, svc, rd, out, opt)
	if outFile != nil {
		if err := outFile.Close(); err != nil && runErr == nil {
			runErr = err
		}
	}
	el := time.Since(start)
	rate := float64(st.Rows) / el.Seconds()
	fmt.Fprintf(a.stderr, "embargo: %d rows screened in %v (%.0f rows/s): %d with a match, %d errors\n",
		st.Rows, el.Round(time.Millisecond), rate, st.Matched, st.Errors)
	if runErr != nil {
		return runErr
	}
	if st.Errors > 0 {
		return fmt.Errorf("%d of %d rows could not be screened: see their \"error\" lines", st.Errors, st.Rows)
	}
	if f.failOnMatch && st.Matched > 0 {
		return exitError{ExitMatched}
	}
	return nil
}
