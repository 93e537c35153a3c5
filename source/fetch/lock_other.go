//go:build !unix

package fetch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// staleLock is the age after which a lock file is taken to be left by a
// crashed process: the lock only guards short commits (rename, symlink).
const staleLock = 2 * time.Minute

// lock takes the cache's exclusive lock by creating DIR/.lock with O_EXCL,
// waiting until it is free or ctx is done, and breaking a lock older than
// staleLock. The returned function releases it.
func (c *Cache) lock(ctx context.Context) (func(), error) {
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return nil, err
	}
	p := filepath.Join(c.Dir, ".lock")
	for {
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			fmt.Fprintf(f, "%d %s\n", os.Getpid(), time.Now().UTC().Format(time.RFC3339))
			f.Close()
			return func() { os.Remove(p) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("cache lock: %w", err)
		}
		if st, err := os.Stat(p); err == nil && time.Since(st.ModTime()) > staleLock {
			os.Remove(p)
			continue
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for the cache lock: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
