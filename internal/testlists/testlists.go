// Package testlists loads the real lists of ../shared once per test binary,
// for integration tests and benchmarks.
package testlists

import (
	"sync"
	"testing"

	"github.com/embargo/embargo/dataset"
	"github.com/embargo/embargo/internal/shared"
	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/source"
	"github.com/embargo/embargo/source/all"
)

var (
	once sync.Once
	svc  *screen.Service
	err  error
)

// Current returns a screening service over ../shared/data/lists/current,
// built once; it skips tb without ../shared (and fails under CI=true).
func Current(tb testing.TB) *screen.Service {
	tb.Helper()
	dir := shared.Lists(tb, "current")
	once.Do(func() {
		var lists []*source.List
		lists, _, err = source.Load(dir, all.Formats(), source.LoadOptions{})
		if err != nil {
			return
		}
		svc, err = screen.New(dataset.Build(lists), screen.DefaultConfig())
	})
	if err != nil {
		tb.Fatalf("loading %s: %v", dir, err)
	}
	return svc
}
