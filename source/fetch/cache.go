package fetch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Metadata files in a version directory. They start with "_" so that
// source.Load skips them.
const (
	metaFile    = "_meta.json"
	checkedFile = "_checked_at"
)

// Meta describes one stored version (DIR/versions/<id>/<version>/_meta.json).
type Meta struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Files     []FileMeta `json:"files"`
	FetchedAt time.Time  `json:"fetched_at"`
	Published string     `json:"published,omitempty"` // from the list's own content
	Format    string     `json:"format"`
	Entities  int        `json:"entities"`
	SHA256    string     `json:"sha256"` // of the file, or of the sorted "name sha256" lines for several
}

// FileMeta describes one downloaded file and the validators the server sent.
type FileMeta struct {
	Name         string `json:"name"`
	URL          string `json:"url"`
	SHA256       string `json:"sha256"`
	Size         int64  `json:"size"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// Version is one stored version of a list.
type Version struct {
	Meta
	Name      string    `json:"version"` // <YYYYMMDDTHHMMSSZ>-<sha256[:12]>
	Dir       string    `json:"dir"`
	Current   bool      `json:"current"`
	CheckedAt time.Time `json:"checked_at,omitzero"` // last time the source was found unchanged
}

// Current returns the current version of list id, or nil when there is none.
func (c *Cache) Current(id string) (*Version, error) {
	if !validName(id) {
		return nil, fmt.Errorf("invalid list id %q", id)
	}
	return c.current(id)
}

func (c *Cache) current(id string) (*Version, error) {
	name, err := c.currentName(id)
	if err != nil || name == "" {
		return nil, err
	}
	v, err := c.readVersion(id, name)
	if err != nil {
		return nil, err
	}
	v.Current = true
	return v, nil
}

// currentName is the version DIR/current/<id> points to, "" when none.
func (c *Cache) currentName(id string) (string, error) {
	target, err := os.Readlink(filepath.Join(c.CurrentDir(), id))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("current version of %s: %w", id, err)
	}
	name := filepath.Base(target)
	if filepath.Clean(target) != linkTarget(id, name) {
		return "", fmt.Errorf("current version of %s: link points to %s, outside the cache's versions", id, target)
	}
	return name, nil
}

// linkTarget is the relative target of DIR/current/<id>.
func linkTarget(id, name string) string { return filepath.Join("..", "versions", id, name) }

func (c *Cache) readVersion(id, name string) (*Version, error) {
	dir := filepath.Join(c.versionsDir(id), name)
	m, err := readMeta(dir)
	if err != nil {
		return nil, err
	}
	if m.ID != id {
		return nil, fmt.Errorf("%s: metadata names list %q", dir, m.ID)
	}
	v := &Version{Meta: *m, Name: name, Dir: dir}
	if b, err := os.ReadFile(filepath.Join(dir, checkedFile)); err == nil {
		if t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(string(b))); err == nil {
			v.CheckedAt = t
		}
	}
	return v, nil
}

func readMeta(dir string) (*Meta, error) {
	b, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		return nil, err
	}
	var m Meta
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, metaFile), err)
	}
	return &m, nil
}

// Versions lists the stored versions of list id, newest first, marking the
// current one. It returns no versions and no error for a list never fetched.
func (c *Cache) Versions(id string) ([]Version, error) {
	if !validName(id) {
		return nil, fmt.Errorf("invalid list id %q", id)
	}
	ents, err := os.ReadDir(c.versionsDir(id))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	cur, _ := c.currentName(id)
	var out []Version
	for _, e := range ents {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		v, err := c.readVersion(id, e.Name())
		if err != nil {
			c.log().Warn("skipping unreadable version", "list", id, "version", e.Name(), "err", err)
			continue
		}
		v.Current = v.Name == cur
		out = append(out, *v)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].FetchedAt.Equal(out[j].FetchedAt) {
			return out[i].FetchedAt.After(out[j].FetchedAt)
		}
		return out[i].Name > out[j].Name
	})
	return out, nil
}

// Prune deletes all but the newest keep versions of list id (of every list
// when id is ""). The current version is never deleted.
func (c *Cache) Prune(id string, keep int) error {
	if keep < 0 {
		return fmt.Errorf("prune: keep must be ≥ 0, got %d", keep)
	}
	ids := []string{id}
	if id == "" {
		ents, err := os.ReadDir(filepath.Join(c.Dir, "versions"))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		ids = ids[:0]
		for _, e := range ents {
			if e.IsDir() && validName(e.Name()) {
				ids = append(ids, e.Name())
			}
		}
	}
	unlock, err := c.lock(context.Background())
	if err != nil {
		return err
	}
	defer unlock()
	var errs []error
	for _, id := range ids {
		vs, err := c.Versions(id)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for i, v := range vs {
			if i < keep || v.Current {
				continue
			}
			if err := os.RemoveAll(v.Dir); err != nil {
				errs = append(errs, err)
				continue
			}
			c.log().Info("pruned version", "list", id, "version", v.Name)
		}
	}
	return errors.Join(errs...)
}

// Use makes a stored version current again (a rollback).
func (c *Cache) Use(id, version string) error {
	if !validName(id) || !validName(version) {
		return fmt.Errorf("invalid list id or version %q %q", id, version)
	}
	unlock, err := c.lock(context.Background())
	if err != nil {
		return err
	}
	defer unlock()
	if _, err := c.readVersion(id, version); err != nil {
		return fmt.Errorf("use %s %s: %w", id, version, err)
	}
	return c.switchCurrent(id, version)
}

// switchCurrent points DIR/current/<id> at version name, atomically: a new
// symlink is made beside it and renamed over it. The caller holds the lock.
func (c *Cache) switchCurrent(id, name string) error {
	dir := c.CurrentDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(dir, fmt.Sprintf(".%s.%d.%d.tmp", id, os.Getpid(), time.Now().UnixNano()))
	if err := os.Symlink(linkTarget(id, name), tmp); err != nil {
		return fmt.Errorf("switching %s to %s: %w", id, name, err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, id)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("switching %s to %s: %w", id, name, err)
	}
	return nil
}

// HasLists reports whether DIR/current holds at least one list.
func (c *Cache) HasLists() bool {
	ents, err := os.ReadDir(c.CurrentDir())
	if err != nil {
		return false
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if st, err := os.Stat(filepath.Join(c.CurrentDir(), e.Name())); err == nil && st.IsDir() {
			return true
		}
	}
	return false
}

// Ensure fetches remotes when the cache holds no list yet (first use), so
// that screening works on a fresh machine with internet access. It does
// nothing when DIR/current holds any list. It fails only when no list could
// be fetched; lists that failed while others succeeded are logged.
func (c *Cache) Ensure(ctx context.Context, remotes []Remote) error {
	if c.HasLists() {
		return nil
	}
	if len(remotes) == 0 {
		return errors.New("no lists in cache and none to fetch; use --data DIR for local files")
	}
	c.log().Info("no lists in cache: fetching the official lists", "dir", c.Dir, "lists", len(remotes))
	var failed []string
	ok := 0
	for _, r := range c.Fetch(ctx, remotes, Options{}) {
		switch r.Status {
		case Updated, Unchanged:
			ok++
		default:
			failed = append(failed, r.Err.Error())
		}
	}
	if ok == 0 || !c.HasLists() {
		return fmt.Errorf("no lists in cache and fetching failed: %s; use --data DIR for local files", strings.Join(failed, "; "))
	}
	return nil
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(b, '\n'))
}

// writeFileAtomic writes a hidden temporary file beside path and renames it
// over path.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// linkOrCopy hard-links src to dst (versions are never modified in place),
// copying when linking is impossible.
func linkOrCopy(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
