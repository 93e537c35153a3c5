// Package shared locates the read-only data folder ../shared next to the
// project checkout, for integration tests and benchmarks.
//
// Tests call Dir (or Path) to get it. When the folder is missing the test is
// skipped with a clear message, except when the environment variable CI is
// "true": there a missing ../shared fails the run.
package shared

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Root returns the absolute path of ../shared relative to the module root,
// or $EMBARGO_SHARED when set, and whether it exists.
func Root() (string, bool) {
	if p := os.Getenv("EMBARGO_SHARED"); p != "" {
		st, err := os.Stat(p)
		return p, err == nil && st.IsDir()
	}
	_, file, _, _ := runtime.Caller(0)
	// file is <root>/internal/shared/shared.go
	root := filepath.Dir(filepath.Dir(filepath.Dir(file)))
	p := filepath.Join(filepath.Dir(root), "shared")
	st, err := os.Stat(p)
	return p, err == nil && st.IsDir()
}

// Dir returns ../shared, skipping tb when it is absent (failing under CI=true).
func Dir(tb testing.TB) string {
	tb.Helper()
	p, ok := Root()
	if !ok {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("../shared is missing at %s: integration tests need it under CI=true", p)
		}
		tb.Skipf("skipping: ../shared not found at %s (integration data; set EMBARGO_SHARED to point elsewhere)", p)
	}
	return p
}

// Path returns a path under ../shared/data, skipping (or failing under CI)
// when it does not exist.
func Path(tb testing.TB, rel ...string) string {
	tb.Helper()
	p := filepath.Join(append([]string{Dir(tb), "data"}, rel...)...)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is missing: %v", p, err)
		}
		tb.Skipf("skipping: %s not found", p)
	}
	return p
}

// Lists returns ../shared/data/lists/<rel>.
func Lists(tb testing.TB, rel ...string) string {
	tb.Helper()
	return Path(tb, append([]string{"lists"}, rel...)...)
}
