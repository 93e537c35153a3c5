package source_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/source"
)

// fakeFormat reads "FAKE <id>" files with one name per line; "PART" files
// are companions adding one more name each; "MEMBER" files are grouped.
type fakeFormat struct{}

func (fakeFormat) Name() string { return "fake" }

func (fakeFormat) Detect(name string, head []byte) source.Role {
	switch {
	case bytes.HasPrefix(head, []byte("FAKE ")):
		return source.Main
	case bytes.HasPrefix(head, []byte("PART\n")):
		return source.Part
	case bytes.HasPrefix(head, []byte("MEMBER\n")):
		return source.Member
	}
	return source.None
}

func (fakeFormat) Parse(files []*source.File) (*source.List, error) {
	first := files[0]
	id := "fake-members"
	lines := strings.Split(string(first.Data), "\n")
	if strings.HasPrefix(lines[0], "FAKE ") {
		id = strings.TrimPrefix(lines[0], "FAKE ")
	}
	l := &source.List{ID: id, Title: "fake", Published: "2026-01-01"}
	for _, f := range files {
		for n, line := range strings.Split(string(f.Data), "\n")[1:] {
			if line == "" {
				continue
			}
			if line == "BAD" {
				return nil, source.Errorf(f, n+2, fmt.Sprintf("row %d", n+1), "bad row")
			}
			if line == "PANIC" {
				panic("reader bug")
			}
			e := &entity.Entity{Schema: entity.Person, Sources: []entity.Source{{RecordID: fmt.Sprint(len(l.Entities))}}}
			e.AddName(entity.Name{Full: line})
			l.Entities = append(l.Entities, e)
		}
	}
	return l, nil
}

var formats = []source.Format{fakeFormat{}}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadDirectory(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a/list.txt", "FAKE one\nAlice\nBob\n")
	write(t, dir, "a/extra.txt", "PART\nCarol\n")
	write(t, dir, "b/list.txt", "FAKE one\nDave\n") // same id: made unique
	write(t, dir, "c/m1.txt", "MEMBER\nErin\n")
	write(t, dir, "c/m2.txt", "MEMBER\nFrank\n")
	write(t, dir, "c/LICENSE", "MIT")
	write(t, dir, "c/README.md", "docs")
	write(t, dir, ".hidden/x.txt", "garbage")
	lists, skipped, err := source.Load(dir, formats, source.LoadOptions{})
	if err != nil || len(skipped) > 0 {
		t.Fatalf("Load: %v %v", err, skipped)
	}
	got := map[string]int{}
	for _, l := range lists {
		got[l.ID] = len(l.Entities)
		if len(l.SHA256) != 64 {
			t.Errorf("%s: sha256 %q", l.ID, l.SHA256)
		}
		for _, e := range l.Entities {
			if e.Sources[0].List != l.ID {
				t.Errorf("%s: source list %q", l.ID, e.Sources[0].List)
			}
		}
	}
	want := map[string]int{"one": 3, "one@2026-01-01": 1, "fake-members": 2}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("lists = %v, want %v", got, want)
	}
}

func TestLoadCompressed(t *testing.T) {
	dir := t.TempDir()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("FAKE gz\nAlice\n"))
	zw.Close()
	write(t, dir, "list.txt.gz", gz.String())
	var zb bytes.Buffer
	z := zip.NewWriter(&zb)
	w, _ := z.Create("inner.txt")
	w.Write([]byte("FAKE zipped\nBob\n"))
	z.Close()
	write(t, dir, "list.zip", zb.String())
	lists, _, err := source.Load(dir, formats, source.LoadOptions{})
	if err != nil || len(lists) != 2 {
		t.Fatalf("Load: %v, %d lists", err, len(lists))
	}
	// a truncated gzip names the file
	write(t, dir, "broken.gz", gz.String()[:gz.Len()/2])
	_, _, err = source.Load(dir, formats, source.LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "broken.gz") {
		t.Errorf("truncated gzip: %v", err)
	}
	// a size limit
	if _, _, err := source.Load(filepath.Join(dir, "list.zip"), formats, source.LoadOptions{MaxFileSize: 10}); err == nil {
		t.Error("size limit not applied")
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, content, want string
	}{
		{"unrecognised", "x.csv", "a,b,c\n1,2,3\n", "unrecognised list format"},
		{"bad row", "l.txt", "FAKE x\nAlice\nBAD\n", "l.txt:3 (row 2): bad row"},
		{"empty list", "l.txt", "FAKE x\n", "no entities"},
		{"reader panic", "l.txt", "FAKE x\nPANIC\n", "panicked"},
		{"orphan part", "p.txt", "PART\nAlice\n", "no main file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "ok/good.txt", "FAKE good\nAlice\n")
			write(t, dir, "bad/"+tc.file, tc.content)
			_, _, err := source.Load(dir, formats, source.LoadOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.file) {
				t.Fatalf("err = %v, want %q naming %s", err, tc.want, tc.file)
			}
			var pe *source.ParseError
			if !errors.As(err, &pe) {
				t.Errorf("err %T is not a *ParseError", err)
			}
			lists, skipped, err := source.Load(dir, formats, source.LoadOptions{SkipBad: true})
			if err != nil || len(lists) != 1 || len(skipped) != 1 {
				t.Errorf("SkipBad: %v, %d lists, %v", err, len(lists), skipped)
			}
		})
	}
	if _, _, err := source.Load(filepath.Join(t.TempDir(), "missing"), formats, source.LoadOptions{}); err == nil {
		t.Error("missing path loaded")
	}
	if _, _, err := source.Load(t.TempDir(), formats, source.LoadOptions{}); err == nil {
		t.Error("empty directory loaded")
	}
}

func TestLoadSymlinks(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "versions/one/v1/list.txt", "FAKE one\nAlice\n")
	if err := os.MkdirAll(filepath.Join(dir, "current"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../versions/one/v1", filepath.Join(dir, "current", "one")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	os.Symlink("..", filepath.Join(dir, "current", "loop")) // a cycle must not hang
	lists, _, err := source.Load(filepath.Join(dir, "current"), formats, source.LoadOptions{SkipBad: true})
	if err != nil && !strings.Contains(err.Error(), "symbolic links") {
		t.Fatalf("Load: %v", err)
	}
	if err == nil && len(lists) == 0 {
		t.Fatal("no lists through the symlink")
	}
}

func TestLineAt(t *testing.T) {
	data := []byte("a\nb\nc")
	for off, want := range map[int64]int{0: 1, 2: 2, 4: 3, 99: 3} {
		if got := source.LineAt(data, off); got != want {
			t.Errorf("LineAt(%d) = %d, want %d", off, got, want)
		}
	}
}
