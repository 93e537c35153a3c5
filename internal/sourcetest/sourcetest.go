// Package sourcetest holds the helpers that the tests of the list readers
// under source/ share: reading a fixture, checking a golden file, loading a
// real list and finding records. Only tests import it.
package sourcetest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/internal/golden"
	"github.com/embargo/embargo/source"
)

// ReadFile reads the file at path as the loader would hand it to Parse,
// failing tb when it cannot be read.
func ReadFile(tb testing.TB, path string) *source.File {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return &source.File{Name: filepath.Base(path), Path: path, Data: data}
}

// Golden checks l and its entities against the golden JSON file at path
// (rewritten under -update, see internal/golden).
func Golden(tb testing.TB, path string, l *source.List) {
	tb.Helper()
	golden.JSON(tb, path, struct {
		List     *source.List
		Entities []*entity.Entity
	}{l, l.Entities})
}

// LoadOne loads path with formats and returns the one list read, failing tb
// on an error, a skipped file or any other number of lists.
func LoadOne(tb testing.TB, path string, formats ...source.Format) *source.List {
	tb.Helper()
	lists, skipped, err := source.Load(path, formats, source.LoadOptions{})
	if err != nil {
		tb.Fatalf("Load(%s): %v", path, err)
	}
	if len(skipped) != 0 || len(lists) != 1 {
		tb.Fatalf("Load(%s): %d lists, skipped %v", path, len(lists), skipped)
	}
	return lists[0]
}

// Find returns the entity of l whose first source has recordID, or nil.
func Find(l *source.List, recordID string) *entity.Entity {
	for _, e := range l.Entities {
		if len(e.Sources) > 0 && e.Sources[0].RecordID == recordID {
			return e
		}
	}
	return nil
}

// ByRecord maps the record id of each entity's first source to the entity.
func ByRecord(l *source.List) map[string]*entity.Entity {
	m := make(map[string]*entity.Entity, len(l.Entities))
	for _, e := range l.Entities {
		m[e.Sources[0].RecordID] = e
	}
	return m
}
