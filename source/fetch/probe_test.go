package fetch

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"

	"github.com/embargo/embargo/source"
)

// The cache relies on source.Load following a symlink to a directory
// (DIR/current/<id> -> ../versions/<id>/<version>). A loader that recurses
// forever on such a link overflows the stack and kills the whole test binary,
// so the tests probe it once in a child process and fail with a clear
// message instead.

var probe struct {
	once sync.Once
	err  error
}

// requireLoaderFollowsDirLinks fails t when source.Load cannot load a
// directory of symlinks to directories.
func requireLoaderFollowsDirLinks(t *testing.T) {
	t.Helper()
	probe.once.Do(func() {
		dir, err := os.MkdirTemp("", "embargo-fetch-probe-")
		if err != nil {
			probe.err = err
			return
		}
		defer os.RemoveAll(dir)
		if err := os.MkdirAll(filepath.Join(dir, "versions", "v1"), 0o755); err != nil {
			probe.err = err
			return
		}
		if err := os.WriteFile(filepath.Join(dir, "versions", "v1", "list.txt"), list("un-sc", "2026-01-01", 3), 0o644); err != nil {
			probe.err = err
			return
		}
		if err := os.MkdirAll(filepath.Join(dir, "current"), 0o755); err != nil {
			probe.err = err
			return
		}
		if err := os.Symlink(filepath.Join("..", "versions", "v1"), filepath.Join(dir, "current", "un-sc")); err != nil {
			probe.err = err
			return
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestLoaderProbe$", "-test.count=1")
		cmd.Env = append(os.Environ(), "EMBARGO_FETCH_PROBE_DIR="+filepath.Join(dir, "current"))
		out, _ := cmd.CombinedOutput()
		if !strings.Contains(string(out), "PROBE:OK") {
			first, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
			probe.err = fmt.Errorf("source.Load cannot load a directory holding a symlink to a directory "+
				"(child said %q): in source/load.go listFiles, a symlinked directory p must be walked as "+
				"listFiles(p + string(filepath.Separator)), otherwise WalkDir sees the link itself again and recurses forever", first)
		}
	})
	if probe.err != nil {
		t.Fatal(probe.err)
	}
}

// TestLoaderProbe checks that the directory loader follows the cache's
// symlinks; run as a child process, it does the loading.
func TestLoaderProbe(t *testing.T) {
	if dir := os.Getenv("EMBARGO_FETCH_PROBE_DIR"); dir != "" {
		debug.SetMaxStack(64 << 20) // fail fast on runaway recursion
		lists, _, err := source.Load(dir, fakeFormats, source.LoadOptions{})
		if err == nil && len(lists) == 1 && len(lists[0].Entities) == 3 {
			fmt.Println("PROBE:OK")
		} else {
			fmt.Printf("PROBE:FAIL %d lists, %v\n", len(lists), err)
		}
		return
	}
	requireLoaderFollowsDirLinks(t)
}
