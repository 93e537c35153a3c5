package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/embargo/embargo/store"
	"github.com/embargo/embargo/store/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, storetest.SQLiteURL)
}

func TestPostgres(t *testing.T) {
	base := storetest.PostgresBase(t)
	storetest.Run(t, func(t *testing.T) string { return storetest.PostgresURL(t, base) })
}

// TestSQLiteCheckpoint: with automatic checkpoints off, the background
// checkpointer copies the WAL back, and Close leaves it empty.
func TestSQLiteCheckpoint(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ckpt.db")
	s, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		if err := s.Append(ctx, &store.Screening{Request: json.RawMessage(fmt.Sprintf(`{"i":%d}`, i))}); err != nil {
			t.Fatal(err)
		}
	}
	var mode string
	if err := s.SQL().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("WAL holds %d bytes after Close, want 0", fi.Size())
	}
	s, err = store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if rep, err := s.Verify(ctx); err != nil || !rep.OK || rep.Records != 200 {
		t.Errorf("after checkpoint and reopen: %+v, %v", rep, err)
	}
}

// TestSQLiteWALBounded: under a steady stream of appends, with the writer
// always busy, the WAL file stays bounded (it is restarted past
// WALRestartFrames) instead of growing with every record.
func TestSQLiteWALBounded(t *testing.T) {
	defer func(old int64) { *store.WALRestartFrames = old }(*store.WALRestartFrames)
	*store.WALRestartFrames = 256 // 1 MiB of 4 KiB pages
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "wal.db")
	s, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const recordSize, total = 20 << 10, 120 << 20 // 6,144 records
	result := json.RawMessage(`[{"id":"x","reasons":"` + strings.Repeat("r", recordSize) + `"}]`)
	var wg sync.WaitGroup
	var written atomic.Int64
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for written.Add(1) <= total/recordSize {
				if err := s.Append(ctx, &store.Screening{Request: json.RawMessage(`{"name":"x"}`), Result: result}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	var maxWAL int64
	for {
		if fi, err := os.Stat(path + "-wal"); err == nil {
			maxWAL = max(maxWAL, fi.Size())
		}
		select {
		case <-done:
			t.Logf("%d MB of records, largest WAL %d MB", total>>20, maxWAL>>20)
			// never started over, the WAL would hold all of it
			if maxWAL > total/2 {
				t.Errorf("the WAL reached %d MB for %d MB of records; want it bounded", maxWAL>>20, total>>20)
			}
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
}
