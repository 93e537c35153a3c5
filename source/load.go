package source

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// DefaultMaxFileSize bounds a list file after decompression. The largest
// official list (OFAC SDN_ADVANCED.XML) is about 120 MB.
const DefaultMaxFileSize = 1 << 30

// LoadOptions tune Load.
type LoadOptions struct {
	// SkipBad continues past lists that fail to read or parse and reports
	// them in Skipped instead of failing the load.
	SkipBad bool
	// MaxFileSize bounds each file after decompression; 0 means DefaultMaxFileSize.
	MaxFileSize int64
}

// Skipped is a list that failed to load under SkipBad.
type Skipped struct {
	Path string
	Err  error
}

// ignored reports whether a file in a list directory is documentation or
// metadata rather than a list.
func ignored(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return true
	}
	u := strings.ToUpper(name)
	for _, p := range []string{"LICENSE", "LICENCE", "README", "NOTICE", "COPYING", "CHANGELOG"} {
		if strings.HasPrefix(u, p) {
			return true
		}
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".pdf", ".html", ".htm", ".sig", ".asc", ".sha256":
		return true
	}
	return false
}

// unit is one list to parse: its files and the raw bytes they were read from.
type unit struct {
	format Format
	files  []*File
	hashes []string // sha256 of each original file, parallel to origins
	origin []string
}

// Load reads every list at path: a single file or a directory tree. Formats
// are tried in order; the first to claim a file wins.
func Load(path string, formats []Format, opt LoadOptions) ([]*List, []Skipped, error) {
	if opt.MaxFileSize <= 0 {
		opt.MaxFileSize = DefaultMaxFileSize
	}
	paths, err := listFiles(path)
	if err != nil {
		return nil, nil, err
	}
	if len(paths) == 0 {
		return nil, nil, fmt.Errorf("source: no list files under %s", path)
	}
	var skipped []Skipped
	fail := func(p string, err error) error {
		if opt.SkipBad {
			skipped = append(skipped, Skipped{Path: p, Err: err})
			return nil
		}
		return err
	}

	type detected struct {
		file   *File
		format Format
		role   Role
		hash   string
		origin string
	}
	var found []detected
	for _, p := range paths {
		raw, err := readLimited(p, opt.MaxFileSize)
		if err != nil {
			if err := fail(p, err); err != nil {
				return nil, skipped, err
			}
			continue
		}
		sum := sha256.Sum256(raw)
		hash := hex.EncodeToString(sum[:])
		files, err := unwrap(p, raw, opt.MaxFileSize)
		if err != nil {
			if err := fail(p, err); err != nil {
				return nil, skipped, err
			}
			continue
		}
		for _, f := range files {
			fm, role := Detect(formats, f)
			if fm == nil {
				err := &ParseError{File: f.Path, Line: 1, Err: fmt.Errorf("%w (starts %q)", ErrUnrecognised, preview(f.Data))}
				if err := fail(f.Path, err); err != nil {
					return nil, skipped, err
				}
				continue
			}
			found = append(found, detected{file: f, format: fm, role: role, hash: hash, origin: p})
		}
	}

	// Group into units.
	type key struct {
		dir    string
		format string
	}
	var units []*unit
	mains := map[key][]*unit{}
	members := map[key]*unit{}
	var parts []detected
	for _, d := range found {
		k := key{filepath.Dir(d.origin), d.format.Name()}
		switch d.role {
		case Main:
			u := &unit{format: d.format, files: []*File{d.file}, hashes: []string{d.hash}, origin: []string{d.origin}}
			units = append(units, u)
			mains[k] = append(mains[k], u)
		case Member:
			u := members[k]
			if u == nil {
				u = &unit{format: d.format}
				members[k] = u
				units = append(units, u)
			}
			u.files = append(u.files, d.file)
			u.hashes = append(u.hashes, d.hash)
			u.origin = append(u.origin, d.origin)
		case Part:
			parts = append(parts, d)
		}
	}
	for _, d := range parts {
		k := key{filepath.Dir(d.origin), d.format.Name()}
		ms := mains[k]
		if pr, ok := d.format.(Pairer); ok && len(ms) > 1 {
			var mine []*unit
			for _, m := range ms {
				if pr.Pairs(m.files[0].Name, d.file.Name) {
					mine = append(mine, m)
				}
			}
			ms = mine
		}
		if len(ms) != 1 {
			msg := "companion file of format %s has no main file beside it"
			if len(ms) > 1 {
				msg = "companion file of format %s has several main files beside it"
			}
			err := &ParseError{File: d.file.Path, Err: fmt.Errorf(msg, d.format.Name())}
			if err := fail(d.file.Path, err); err != nil {
				return nil, skipped, err
			}
			continue
		}
		u := ms[0]
		u.files = append(u.files, d.file)
		u.hashes = append(u.hashes, d.hash)
		u.origin = append(u.origin, d.origin)
	}

	// Parse units in parallel, keeping their order.
	results := make([]*List, len(units))
	errs := make([]error, len(units))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, u := range units {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			results[i], errs[i] = parseUnit(u)
		}()
	}
	wg.Wait()

	var lists []*List
	for i, u := range units {
		if errs[i] != nil {
			if err := fail(u.files[0].Path, errs[i]); err != nil {
				return nil, skipped, err
			}
			continue
		}
		lists = append(lists, results[i])
	}
	uniqueIDs(lists)
	return lists, skipped, nil
}

// Detect returns the first format that claims f, and the role it gives it.
func Detect(formats []Format, f *File) (Format, Role) {
	head := f.Data
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	for _, fm := range formats {
		if r := fm.Detect(f.Name, head); r != None {
			return fm, r
		}
	}
	return nil, None
}

func parseUnit(u *unit) (l *List, err error) {
	defer func() {
		if r := recover(); r != nil {
			l, err = nil, &ParseError{File: u.files[0].Path, Err: fmt.Errorf("reader %s panicked: %v", u.format.Name(), r)}
		}
	}()
	l, err = u.format.Parse(u.files)
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			err = &ParseError{File: u.files[0].Path, Err: err}
		}
		return nil, err
	}
	if len(l.Entities) == 0 {
		return nil, &ParseError{File: u.files[0].Path, Err: errors.New("no entities in list: empty or truncated file")}
	}
	if l.Format == "" {
		l.Format = u.format.Name()
	}
	l.Files = nil
	seen := map[string]bool{}
	for _, o := range u.origin {
		if !seen[o] {
			seen[o] = true
			l.Files = append(l.Files, o)
		}
	}
	if len(l.Files) == 1 {
		l.SHA256 = u.hashes[0]
	} else {
		l.SHA256 = combinedHash(u.origin, u.hashes)
	}
	for _, e := range l.Entities {
		for i := range e.Sources {
			if e.Sources[i].List == "" {
				e.Sources[i].List = l.ID
			}
		}
	}
	return l, nil
}

func combinedHash(origins, hashes []string) string {
	lines := make([]string, 0, len(origins))
	seen := map[string]bool{}
	for i := range origins {
		l := filepath.Base(origins[i]) + " " + hashes[i]
		if !seen[l] {
			seen[l] = true
			lines = append(lines, l)
		}
	}
	sort.Strings(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

// uniqueIDs makes list ids unique within one load: a second list with the
// same id gets its publication date (or hash prefix) appended.
func uniqueIDs(lists []*List) {
	seen := map[string]int{}
	for _, l := range lists {
		seen[l.ID]++
	}
	used := map[string]bool{}
	for _, l := range lists {
		if seen[l.ID] == 1 {
			used[l.ID] = true
			continue
		}
		base := l.ID
		id := base
		if used[id] {
			suffix := l.Published
			if suffix == "" {
				suffix = l.SHA256[:8]
			}
			id = base + "@" + suffix
			for n := 2; used[id]; n++ {
				id = fmt.Sprintf("%s@%s-%d", base, suffix, n)
			}
		}
		used[id] = true
		if id != l.ID {
			old := l.ID
			l.ID = id
			for _, e := range l.Entities {
				for i := range e.Sources {
					if e.Sources[i].List == old {
						e.Sources[i].List = id
					}
				}
			}
		}
	}
}

func listFiles(path string) ([]string, error) { return listFilesDepth(path, 0) }

// listFilesDepth walks path, following symlinks to directories (the fetch
// cache links its current versions) up to a small depth, which also stops
// link cycles.
func listFilesDepth(path string, depth int) ([]string, error) {
	if depth > 8 {
		return nil, fmt.Errorf("source: %s: too many levels of symbolic links", path)
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	var out []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("source: %w", err)
		}
		if d.IsDir() {
			if p != path && (strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if ignored(d.Name()) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// follow symlinks to files (the fetch cache links versions)
			st, err := os.Stat(p)
			if err != nil {
				return fmt.Errorf("source: %w", err)
			}
			if st.IsDir() {
				sub, err := listFilesDepth(p+string(filepath.Separator), depth+1)
				if err != nil {
					return err
				}
				out = append(out, sub...)
				return nil
			}
		}
		out = append(out, p)
		return nil
	})
	sort.Strings(out)
	return out, err
}

func readLimited(p string, max int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, &ParseError{File: p, Err: fmt.Errorf("read: %w", err)}
	}
	if int64(len(data)) > max {
		return nil, &ParseError{File: p, Err: fmt.Errorf("file larger than %d bytes", max)}
	}
	return data, nil
}

// unwrap decompresses gzip and zip files; other files come back as they are.
func unwrap(p string, raw []byte, max int64) ([]*File, error) {
	name := filepath.Base(p)
	switch {
	case bytes.HasPrefix(raw, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, &ParseError{File: p, Err: fmt.Errorf("gzip: %w", err)}
		}
		data, err := io.ReadAll(io.LimitReader(zr, max+1))
		if err != nil {
			return nil, &ParseError{File: p, Err: fmt.Errorf("gzip: %w (truncated download?)", err)}
		}
		if int64(len(data)) > max {
			return nil, &ParseError{File: p, Err: fmt.Errorf("gzip: decompresses to more than %d bytes", max)}
		}
		inner := strings.TrimSuffix(strings.TrimSuffix(name, ".gz"), ".GZ")
		return []*File{{Name: inner, Path: p, Data: data}}, nil
	case bytes.HasPrefix(raw, []byte("PK\x03\x04")) && !isOOXML(raw):
		zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
		if err != nil {
			return nil, &ParseError{File: p, Err: fmt.Errorf("zip: %w (truncated download?)", err)}
		}
		var out []*File
		for _, zf := range zr.File {
			if zf.FileInfo().IsDir() || ignored(filepath.Base(zf.Name)) {
				continue
			}
			if int64(zf.UncompressedSize64) > max {
				return nil, &ParseError{File: p + "!" + zf.Name, Err: fmt.Errorf("zip member larger than %d bytes", max)}
			}
			rc, err := zf.Open()
			if err != nil {
				return nil, &ParseError{File: p + "!" + zf.Name, Err: fmt.Errorf("zip: %w", err)}
			}
			data, err := io.ReadAll(io.LimitReader(rc, max+1))
			rc.Close()
			if err != nil {
				return nil, &ParseError{File: p + "!" + zf.Name, Err: fmt.Errorf("zip: %w (truncated download?)", err)}
			}
			if int64(len(data)) > max {
				return nil, &ParseError{File: p + "!" + zf.Name, Err: fmt.Errorf("zip member larger than %d bytes", max)}
			}
			out = append(out, &File{Name: filepath.Base(zf.Name), Path: p + "!" + zf.Name, Data: data})
		}
		if len(out) == 0 {
			return nil, &ParseError{File: p, Err: errors.New("zip: no files inside")}
		}
		return out, nil
	}
	return []*File{{Name: name, Path: p, Data: raw}}, nil
}

// isOOXML reports whether a zip is an Office Open XML document (xlsx),
// which readers open themselves rather than being unpacked here.
func isOOXML(raw []byte) bool {
	head := raw
	if len(head) > 4096 {
		head = head[:4096]
	}
	return bytes.Contains(head, []byte("[Content_Types].xml")) || bytes.Contains(head, []byte("xl/"))
}

func preview(b []byte) string {
	if len(b) > 40 {
		b = b[:40]
	}
	return string(b)
}
