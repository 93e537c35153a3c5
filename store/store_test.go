package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/embargo/embargo/store"
	"github.com/embargo/embargo/store/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, storetest.SQLiteURL)
}

// ciPostgres is where CI's machine runs PostgreSQL (the go-svc machine
// kind starts it before every session and CI run).
const ciPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// postgresURL is $EMBARGO_TEST_POSTGRES. Without it the PostgreSQL tests
// skip, except under CI=true, where they use ciPostgres and fail if it
// does not answer: CI must test both backends.
func postgresURL(t testing.TB) string {
	url := os.Getenv("EMBARGO_TEST_POSTGRES")
	if url == "" {
		if os.Getenv("CI") != "true" {
			t.Skip("EMBARGO_TEST_POSTGRES is not set (e.g. " + ciPostgres + ")")
		}
		url = ciPostgres
	}
	return url
}

func TestPostgres(t *testing.T) {
	base := postgresURL(t)
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
