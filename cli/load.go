package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/embargo/embargo/dataset"
	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/source"
	"github.com/embargo/embargo/source/all"
	"github.com/embargo/embargo/source/fetch"
)

// dataDir returns where lists are loaded from: --data, $EMBARGO_DATA, or
// the fetch cache (fetching the official lists when it is empty).
func (a *app) dataDir() (string, error) {
	if a.data != "" {
		return a.data, nil
	}
	if d := a.getenv("EMBARGO_DATA"); d != "" {
		return d, nil
	}
	c := a.cache()
	if !c.HasLists() {
		// the first download takes a while: say what is happening
		fmt.Fprintf(a.stderr, "embargo: no lists in the cache %s yet: fetching the official lists (or use --data DIR for local files)\n", c.Dir)
	}
	if err := c.Ensure(a.ctx, fetch.Official); err != nil {
		return "", err
	}
	return c.CurrentDir(), nil
}

func (a *app) cache() *fetch.Cache {
	dir := a.cacheDir
	if dir == "" {
		dir = fetch.DefaultDir() // honours $EMBARGO_CACHE
	}
	return &fetch.Cache{Dir: dir, Formats: all.Formats()}
}

// loadSnapshot reads and merges every list.
func (a *app) loadSnapshot() (*dataset.Snapshot, error) {
	dir, err := a.dataDir()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(dir); err != nil {
		// nothing to skip: the hint below would mislead
		return nil, fmt.Errorf("loading lists: %w", err)
	}
	lists, skipped, err := source.Load(dir, all.Formats(), source.LoadOptions{SkipBad: a.skipBadLists})
	if err != nil {
		if a.skipBadLists {
			return nil, fmt.Errorf("loading lists from %s: %w", dir, err)
		}
		return nil, fmt.Errorf("loading lists from %s: %w (use --skip-bad-lists to continue without it)", dir, err)
	}
	for _, s := range skipped {
		fmt.Fprintf(a.stderr, "WARNING: embargo: SKIPPED %s: %v\nWARNING: screening continues WITHOUT this list\n", s.Path, s.Err)
	}
	if len(lists) == 0 {
		return nil, fmt.Errorf("no list could be loaded from %s", dir)
	}
	return dataset.Build(lists), nil
}

// loadService loads the lists and builds the screening service.
func (a *app) loadService(cfg screen.Config) (*screen.Service, time.Duration, error) {
	start := time.Now()
	snap, err := a.loadSnapshot()
	if err != nil {
		return nil, 0, err
	}
	svc, err := screen.New(snap, cfg)
	if err != nil {
		return nil, 0, err
	}
	return svc, time.Since(start), nil
}
