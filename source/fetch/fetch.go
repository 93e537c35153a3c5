// Package fetch downloads the official sanctions lists into a local,
// versioned cache that `embargo screen` and `embargo serve` load when no
// --data directory is given.
//
// # Layout
//
//	DIR/versions/<id>/<YYYYMMDDTHHMMSSZ>-<sha256[:12]>/<file>     the list as published
//	DIR/versions/<id>/<YYYYMMDDTHHMMSSZ>-<sha256[:12]>/_meta.json  what was fetched, when, from where
//	DIR/versions/<id>/<…>/_checked_at                             last time the source was seen unchanged
//	DIR/current/<id> -> ../versions/<id>/<version>                relative symlink, switched atomically
//	DIR/tmp/                                                      downloads in progress
//	DIR/.lock                                                     serialises commits between processes
//
// The metadata files start with "_" so that the directory loader
// (source.Load, which skips names starting with "_" or ".") sees only the
// list files: source.Load(cache.CurrentDir(), …) loads exactly the current
// version of every list.
//
// # Fetching
//
// Fetch checks every remote concurrently. A conditional GET (If-None-Match,
// If-Modified-Since from the current version) answered with 304, or a body
// with the same SHA-256 as the current version, leaves the list unchanged. A
// new body is streamed into DIR/tmp with a size cap and verified by parsing
// it with the configured formats: it must parse, yield at least one entity
// and exactly one list whose ID is the remote's ID. A new version with more
// than 10% fewer entities than the current one, or an older publication date,
// is refused unless Options.Force is set. Only then is the version moved into
// place and the symlink switched. Any failure leaves the previous version
// current and removes the download.
package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/embargo/embargo/source"
)

// Remote is one list as published: an ID equal to the ID the list's reader
// gives it, and the files to download (most lists are one file).
type Remote struct {
	ID    string
	Title string
	Files []RemoteFile
}

// RemoteFile is one file of a remote list, saved under Name in the cache.
type RemoteFile struct {
	Name string // base name in the version directory; decides format detection ties
	URL  string
}

// Official lists the official sources embargo fetches by default (see
// docs/list-formats.md). The IDs are the list IDs their readers produce.
var Official = []Remote{
	{
		ID:    "ofac-sdn",
		Title: "OFAC Specially Designated Nationals and Blocked Persons (SDN) List",
		Files: []RemoteFile{{Name: "SDN.XML", URL: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML"}},
	},
	{
		ID:    "ofac-cons",
		Title: "OFAC Consolidated Sanctions List (non-SDN)",
		Files: []RemoteFile{{Name: "CONSOLIDATED.XML", URL: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONSOLIDATED.XML"}},
	},
	{
		ID:    "un-sc",
		Title: "UN Security Council Consolidated List",
		Files: []RemoteFile{{Name: "consolidated.xml", URL: "https://scsanctions.un.org/resources/xml/en/consolidated.xml"}},
	},
	{
		ID:    "eu-fsf",
		Title: "EU Financial Sanctions Files (consolidated list)",
		Files: []RemoteFile{{Name: "eu_fsf.xml", URL: "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw"}},
	},
	{
		ID:    "uk-fcdo",
		Title: "UK Sanctions List (FCDO)",
		Files: []RemoteFile{{Name: "UK-Sanctions-List.xml", URL: "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml"}},
	},
	{
		ID:    "us-csl",
		Title: "US Consolidated Screening List (trade.gov)",
		Files: []RemoteFile{{Name: "consolidated.csv", URL: "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"}},
	},
}

// AppVersion is embargo's version as sent in the User-Agent header; the
// build or the CLI sets it (-ldflags "-X
// github.com/embargo/embargo/source/fetch.AppVersion=…"), else it comes from
// the module build info.
var AppVersion = buildVersion()

func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "dev"
}

// UserAgent is the User-Agent header sent with every request.
func UserAgent() string { return "embargo/" + AppVersion + " (+sanctions screening)" }

// DefaultMaxBytes caps one downloaded file when Cache.MaxBytes is 0; it is the
// loader's own per-file cap (the largest official file is about 120 MB).
const DefaultMaxBytes = source.DefaultMaxFileSize

// DefaultParallel is how many lists Fetch downloads at once by default.
const DefaultParallel = 4

// MaxDrop is the largest fall in the entity count (as a fraction of the
// current version's count) that Fetch accepts without Options.Force.
const MaxDrop = 0.10

// Cache is a local, versioned store of downloaded lists.
type Cache struct {
	// Dir is the cache root (see DefaultDir). Nothing is written outside it.
	Dir string
	// Client makes the requests; nil means a client with a 30-minute
	// overall timeout and a 60-second response-header timeout.
	Client *http.Client
	// Formats verify downloads (source.Load with these formats).
	Formats []source.Format
	// MaxBytes caps each downloaded file; 0 means DefaultMaxBytes.
	MaxBytes int64
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives progress; nil discards it.
	Log *slog.Logger
}

// DefaultDir is $EMBARGO_CACHE when set, else <user cache dir>/embargo
// (e.g. ~/.cache/embargo on Linux).
func DefaultDir() string {
	if d := os.Getenv("EMBARGO_CACHE"); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "embargo")
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("embargo-cache-%d", os.Getuid()))
}

// CurrentDir is DIR/current: one symlink per list to its current version.
// Load it with source.Load to screen against the current lists.
func (c *Cache) CurrentDir() string { return filepath.Join(c.Dir, "current") }

func (c *Cache) versionsDir(id string) string { return filepath.Join(c.Dir, "versions", id) }
func (c *Cache) tmpDir() string               { return filepath.Join(c.Dir, "tmp") }

func (c *Cache) now() time.Time {
	if c.Now != nil {
		return c.Now().UTC()
	}
	return time.Now().UTC()
}

func (c *Cache) log() *slog.Logger {
	if c.Log != nil {
		return c.Log
	}
	return slog.New(slog.DiscardHandler)
}

func (c *Cache) maxBytes() int64 {
	if c.MaxBytes > 0 {
		return c.MaxBytes
	}
	return DefaultMaxBytes
}

var defaultClient = &http.Client{
	Timeout: 30 * time.Minute,
	Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   30 * time.Second,
		ResponseHeaderTimeout: 60 * time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   4,
	},
}

func (c *Cache) client() *http.Client {
	if c.Client != nil {
		return c.Client
	}
	return defaultClient
}

// Options tune Fetch.
type Options struct {
	// Force accepts a new version even when its entity count fell by more
	// than MaxDrop or its publication date is older than the current one's.
	Force bool
	// Parallel bounds the lists downloaded at once; 0 means DefaultParallel.
	Parallel int
}

// Status is the outcome of fetching one list.
type Status string

// Fetch outcomes.
const (
	Updated   Status = "updated"   // a new version was stored and made current
	Unchanged Status = "unchanged" // the source has the current version (304 or same hash)
	Failed    Status = "failed"    // download or verification failed; the current version stays
	Refused   Status = "refused"   // the new version failed a guard (entity drop, older date); use Force
)

// Result is the outcome of fetching one list.
//
// For updated and unchanged, Version, Published, Entities and SHA256
// describe the (new) current version. For failed and refused, Version is the
// version that stays current ("" when there is none) and Published,
// Entities and SHA256 describe the download when it got that far.
type Result struct {
	ID        string
	Status    Status
	Version   string
	Published string
	Entities  int
	SHA256    string
	Err       error
}

// Fetch downloads remotes concurrently and stores each new, verified version
// as the current one. It returns one Result per remote, in order; one list's
// failure never affects the others. Concurrent Fetch calls (in one or several
// processes) on the same cache are safe.
func (c *Cache) Fetch(ctx context.Context, remotes []Remote, opt Options) []Result {
	results := make([]Result, len(remotes))
	if c.Dir == "" {
		for i, r := range remotes {
			results[i] = Result{ID: r.ID, Status: Failed, Err: errors.New("fetch: cache directory not set")}
		}
		return results
	}
	c.cleanTmp()
	par := opt.Parallel
	if par <= 0 {
		par = DefaultParallel
	}
	seen := map[string]bool{}
	sem := make(chan struct{}, par)
	var wg sync.WaitGroup
	for i, r := range remotes {
		if seen[r.ID] {
			results[i] = Result{ID: r.ID, Status: Failed, Err: fmt.Errorf("fetch %s: listed twice", r.ID)}
			continue
		}
		seen[r.ID] = true
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				results[i] = Result{ID: r.ID, Status: Failed, Err: fmt.Errorf("fetch %s: %w", r.ID, ctx.Err())}
				return
			}
			res := c.fetchOne(ctx, r, opt)
			lg := c.log().With("list", r.ID, "status", string(res.Status))
			switch res.Status {
			case Failed, Refused:
				res.Err = fmt.Errorf("fetch %s: %w", r.ID, res.Err)
				lg.Warn("list not updated", "current", res.Version, "err", res.Err)
			default:
				lg.Info("list checked", "version", res.Version, "published", res.Published, "entities", res.Entities)
			}
			results[i] = res
		}()
	}
	wg.Wait()
	return results
}

// fetchOne downloads, verifies and commits one remote.
func (c *Cache) fetchOne(ctx context.Context, r Remote, opt Options) (res Result) {
	res = Result{ID: r.ID, Status: Failed}
	if err := validRemote(r); err != nil {
		res.Err = err
		return res
	}
	cur, err := c.current(r.ID)
	if err != nil {
		c.log().Warn("current version unreadable; fetching afresh", "list", r.ID, "err", err)
		cur = nil
	}
	if cur != nil {
		res.Version = cur.Name
	}
	if err := os.MkdirAll(c.tmpDir(), 0o755); err != nil {
		res.Err = err
		return res
	}
	tmp, err := os.MkdirTemp(c.tmpDir(), r.ID+"-")
	if err != nil {
		res.Err = err
		return res
	}
	defer os.RemoveAll(tmp) // a no-op once the directory has been moved into place

	// Download every file.
	files := make([]FileMeta, len(r.Files))
	notModified := 0
	for i, rf := range r.Files {
		var prev *FileMeta
		prevPath := ""
		if cur != nil {
			for j := range cur.Files {
				if cur.Files[j].Name == rf.Name && cur.Files[j].URL == rf.URL {
					prev = &cur.Files[j]
					prevPath = filepath.Join(cur.Dir, rf.Name)
				}
			}
		}
		fm, nm, err := c.download(ctx, rf, prev, prevPath, filepath.Join(tmp, rf.Name))
		if err != nil {
			res.Err = err
			return res
		}
		if nm {
			notModified++
		}
		files[i] = fm
	}
	sum := listHash(files)
	if cur != nil && ((notModified == len(r.Files) && len(cur.Files) == len(r.Files)) || sum == cur.SHA256) {
		return c.markUnchanged(ctx, r.ID, cur, files, notModified == len(r.Files))
	}

	// Verify: the download must parse into exactly this one list.
	lists, _, err := source.Load(tmp, c.Formats, source.LoadOptions{})
	if err != nil {
		res.Err = fmt.Errorf("downloaded file does not parse: %w", err)
		return res
	}
	if len(lists) != 1 {
		ids := make([]string, len(lists))
		for i, l := range lists {
			ids[i] = l.ID
		}
		res.Err = fmt.Errorf("download holds %d lists (%s), want exactly one (%s)", len(lists), strings.Join(ids, ", "), r.ID)
		return res
	}
	l := lists[0]
	res.Published, res.Entities, res.SHA256 = l.Published, len(l.Entities), sum
	if l.ID != r.ID {
		res.Err = fmt.Errorf("download is list %q (format %s), want %q", l.ID, l.Format, r.ID)
		return res
	}
	if len(l.Entities) == 0 {
		res.Err = errors.New("download holds no entities")
		return res
	}

	fetched := c.now()
	meta := Meta{
		ID:        r.ID,
		Title:     r.Title,
		Files:     files,
		FetchedAt: fetched,
		Published: l.Published,
		Format:    l.Format,
		Entities:  len(l.Entities),
		SHA256:    sum,
	}
	if meta.Title == "" {
		meta.Title = l.Title
	}
	if err := writeJSON(filepath.Join(tmp, metaFile), meta); err != nil {
		res.Err = err
		return res
	}
	return c.commit(ctx, r.ID, tmp, meta, opt, res)
}

// commit moves a verified download into place and makes it current, under
// the cache lock, after re-checking against the (possibly changed) current
// version.
func (c *Cache) commit(ctx context.Context, id, tmp string, meta Meta, opt Options, res Result) Result {
	unlock, err := c.lock(ctx)
	if err != nil {
		res.Err = err
		return res
	}
	defer unlock()
	cur, err := c.current(id)
	if err != nil {
		cur = nil
	}
	res.Version = ""
	if cur != nil {
		res.Version = cur.Name
		if cur.SHA256 == meta.SHA256 {
			// Another fetch stored the same content meanwhile.
			return Result{ID: id, Status: Unchanged, Version: cur.Name, Published: cur.Published, Entities: cur.Entities, SHA256: cur.SHA256}
		}
		if !opt.Force {
			if float64(meta.Entities) < float64(cur.Entities)*(1-MaxDrop) {
				res.Status = Refused
				res.Err = fmt.Errorf("entity count fell from %d to %d (%.1f%%, more than %.0f%%): keeping version %s; use --force to accept",
					cur.Entities, meta.Entities, 100*float64(meta.Entities-cur.Entities)/float64(cur.Entities), MaxDrop*100, cur.Name)
				return res
			}
			if meta.Published != "" && cur.Published != "" && meta.Published < cur.Published {
				res.Status = Refused
				res.Err = fmt.Errorf("download is published %s, older than the current version's %s: keeping version %s; use --force to accept",
					meta.Published, cur.Published, cur.Name)
				return res
			}
		}
	}
	name := meta.FetchedAt.Format("20060102T150405Z") + "-" + meta.SHA256[:12]
	vdir := c.versionsDir(id)
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		res.Err = err
		return res
	}
	target := filepath.Join(vdir, name)
	if err := os.Rename(tmp, target); err != nil {
		// Only possible when a version of the same second and hash exists:
		// it holds the same bytes, so make it current.
		if m, merr := readMeta(target); merr != nil || m.SHA256 != meta.SHA256 {
			res.Err = fmt.Errorf("storing version: %w", err)
			return res
		}
	}
	if err := c.switchCurrent(id, name); err != nil {
		res.Err = err
		return res
	}
	return Result{ID: id, Status: Updated, Version: name, Published: meta.Published, Entities: meta.Entities, SHA256: meta.SHA256}
}

// markUnchanged records the check time (and new validators, when the server
// sent different ones for the same bytes) in the current version.
func (c *Cache) markUnchanged(ctx context.Context, id string, cur *Version, files []FileMeta, notModified bool) Result {
	res := Result{ID: id, Status: Unchanged, Version: cur.Name, Published: cur.Published, Entities: cur.Entities, SHA256: cur.SHA256}
	unlock, err := c.lock(ctx)
	if err != nil {
		// The list is unchanged whether or not the check time is recorded.
		c.log().Warn("could not record check time", "list", id, "err", err)
		return res
	}
	defer unlock()
	now, err := c.current(id)
	if err != nil || now == nil || now.Name != cur.Name {
		return res // switched meanwhile; nothing to record on the old version
	}
	if !notModified && validatorsChanged(cur.Files, files) {
		m := cur.Meta
		m.Files = files
		if err := writeJSON(filepath.Join(cur.Dir, metaFile), m); err != nil {
			c.log().Warn("could not update validators", "list", id, "err", err)
		}
	}
	if err := writeFileAtomic(filepath.Join(cur.Dir, checkedFile), []byte(c.now().Format(time.RFC3339Nano)+"\n")); err != nil {
		c.log().Warn("could not record check time", "list", id, "err", err)
	}
	return res
}

func validatorsChanged(old, new []FileMeta) bool {
	if len(old) != len(new) {
		return true
	}
	for i := range old {
		if old[i].ETag != new[i].ETag || old[i].LastModified != new[i].LastModified || old[i].URL != new[i].URL {
			return true
		}
	}
	return false
}

// download GETs one file into dst. With prev (the same file in the current
// version) it sends conditional headers; on 304 it links the current file to
// dst and reports notModified.
func (c *Cache) download(ctx context.Context, rf RemoteFile, prev *FileMeta, prevPath, dst string) (fm FileMeta, notModified bool, err error) {
	fm = FileMeta{Name: rf.Name, URL: rf.URL}
	fail := func(format string, args ...any) (FileMeta, bool, error) {
		return fm, false, fmt.Errorf("GET %s: %s", rf.URL, fmt.Sprintf(format, args...))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rf.URL, nil)
	if err != nil {
		return fail("%v", err)
	}
	req.Header.Set("User-Agent", UserAgent())
	conditional := false
	if prev != nil {
		if prev.ETag != "" {
			req.Header.Set("If-None-Match", prev.ETag)
			conditional = true
		}
		if prev.LastModified != "" {
			req.Header.Set("If-Modified-Since", prev.LastModified)
			conditional = true
		}
	}
	resp, err := c.client().Do(req)
	if err != nil {
		return fm, false, fmt.Errorf("GET %s: %w", rf.URL, unwrapURLError(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		if !conditional {
			return fail("304 Not Modified to an unconditional request")
		}
		if err := linkOrCopy(prevPath, dst); err != nil {
			return fail("reusing unchanged file: %v", err)
		}
		return *prev, true, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fail("%s", resp.Status)
	}
	max := c.maxBytes()
	if resp.ContentLength > max {
		return fail("Content-Length %d exceeds the %d-byte limit", resp.ContentLength, max)
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fail("%v", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(resp.Body, max+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) && resp.ContentLength >= 0:
		return fail("body ended after %d of %d bytes (truncated)", n, resp.ContentLength)
	case err != nil:
		return fm, false, fmt.Errorf("GET %s: reading body after %d bytes: %w", rf.URL, n, unwrapURLError(err))
	case n > max:
		return fail("body exceeds the %d-byte limit", max)
	case resp.ContentLength >= 0 && n != resp.ContentLength:
		return fail("body is %d bytes, Content-Length says %d (truncated)", n, resp.ContentLength)
	case n == 0:
		return fail("empty body")
	}
	fm.SHA256 = hex.EncodeToString(h.Sum(nil))
	fm.Size = n
	fm.ETag = resp.Header.Get("ETag")
	fm.LastModified = resp.Header.Get("Last-Modified")
	return fm, false, nil
}

// unwrapURLError drops the *url.Error wrapper, whose message repeats the
// method and URL; errors.Is still sees what it wrapped.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// listHash is the list's SHA-256: of its file for one file, else of the
// sorted "name sha256" lines (the same value source.Load reports).
func listHash(files []FileMeta) string {
	if len(files) == 1 {
		return files[0].SHA256
	}
	lines := make([]string, len(files))
	for i, f := range files {
		lines[i] = f.Name + " " + f.SHA256
	}
	sort.Strings(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

func validRemote(r Remote) error {
	if !validName(r.ID) {
		return fmt.Errorf("invalid list id %q (letters, digits, '.', '_', '-'; starting with a letter or digit)", r.ID)
	}
	if len(r.Files) == 0 {
		return errors.New("no files to download")
	}
	seen := map[string]bool{}
	for _, f := range r.Files {
		if !validName(f.Name) || strings.EqualFold(f.Name, metaFile) || strings.EqualFold(f.Name, checkedFile) {
			return fmt.Errorf("invalid file name %q", f.Name)
		}
		if seen[strings.ToLower(f.Name)] {
			return fmt.Errorf("file name %q listed twice", f.Name)
		}
		seen[strings.ToLower(f.Name)] = true
		if !strings.HasPrefix(f.URL, "https://") && !strings.HasPrefix(f.URL, "http://") {
			return fmt.Errorf("file %s: URL %q is not http(s)", f.Name, f.URL)
		}
	}
	return nil
}

// validName accepts a plain base name that the loader does not ignore:
// letters, digits, '.', '_', '-', starting with a letter or digit.
func validName(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case i > 0 && (r == '.' || r == '_' || r == '-'):
		default:
			return false
		}
	}
	return true
}

// cleanTmp removes downloads abandoned by crashed processes (older than a
// day; live downloads are far younger).
func (c *Cache) cleanTmp() {
	ents, err := os.ReadDir(c.tmpDir())
	if err != nil {
		return
	}
	cutoff := time.Now().Add(-24 * time.Hour)
	for _, e := range ents {
		if info, err := e.Info(); err == nil && info.ModTime().Before(cutoff) {
			os.RemoveAll(filepath.Join(c.tmpDir(), e.Name()))
		}
	}
}
