// Package source reads official sanctions lists in their published formats.
//
// Each published format lives in a sub-package (ofac, un, eu, uk, csl, ftm)
// that implements Format. This package recognises formats from content
// (Detect), unwraps gzip and zip files, groups the files that make up one list
// (the OFAC legacy CSV set, the OFAC crypto address files), and loads whole
// directories. Errors name the file, the record and the reason.
package source

import (
	"errors"
	"fmt"

	"github.com/embargo/embargo/entity"
)

// ErrUnrecognised is returned for a file no format claims.
var ErrUnrecognised = errors.New("source: unrecognised list format")

// Role is what a format makes of a file.
type Role uint8

const (
	// None: not this format.
	None Role = iota
	// Main: the file is a whole list, or the main file of a list whose
	// companion files (Part) sit in the same directory.
	Main
	// Part: a companion of a Main file of the same format in the same
	// directory (OFAC alt.csv, add.csv, sdn_comments.csv).
	Part
	// Member: one of several files that together form one list; every Member
	// of a format in one directory is parsed together (OFAC's per-currency
	// crypto address files).
	Member
)

// File is one file of a list, already decompressed.
type File struct {
	Name string // base name inside its directory or archive, e.g. "sdn.csv"
	Path string // where it came from, for error messages (archive!member for zip members)
	Data []byte // the contents, decompressed when the file was gzip or zip
}

// Format is one published list format.
type Format interface {
	// Name is the stable format name reported by `embargo lists`, e.g. "ofac-sdn-xml".
	Name() string
	// Detect tells what role the file plays in this format, from its base name
	// and its first bytes (up to 64 KiB, decompressed). It must not rely on
	// the name alone where the content can decide.
	Detect(name string, head []byte) Role
	// Parse reads one list. files[0] is the Main file (or the first Member);
	// the rest are its Parts or the other Members. It returns a *ParseError
	// (or an error wrapping one) naming the file and record on bad input.
	Parse(files []*File) (*List, error)
}

// Pairer is implemented by formats whose directories may hold several main
// files with their own companions (OFAC's sdn.csv with alt.csv, next to
// cons_prim.csv with cons_alt.csv): Pairs reports whether the companion
// file named part belongs to the main file named main.
type Pairer interface {
	Pairs(main, part string) bool
}

// List is one parsed list version.
type List struct {
	// ID identifies the list across versions (ofac-sdn, ofac-cons, un-sc,
	// eu-fsf, uk-ofsi, uk-fcdo, us-csl, ofac-crypto, or a custom FtM dataset
	// name). The loader makes it unique within a load.
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Format    string   `json:"format"`
	Published string   `json:"published,omitempty"` // ISO 8601 date the file states, "" when it states none
	SHA256    string   `json:"sha256"`              // of the file as published; for several files, of their sorted hashes
	Files     []string `json:"files"`
	// Declared is the record count the file itself states (OFAC Record_Count), 0 when none.
	Declared int `json:"declared,omitempty"`
	// Records counts the list's own records (rows grouped into entities,
	// XML entries) before any merging across lists.
	Entities []*entity.Entity `json:"-"`
	// Notes are non-fatal observations worth showing (values that could
	// not be interpreted and were kept as text).
	Notes []string `json:"notes,omitempty"`
}

// ParseError locates a problem in a list file.
type ParseError struct {
	File   string // path of the file
	Line   int    // 1-based line, 0 when unknown
	Record string // the record: an element path, a record id or "row 12"
	Err    error
}

func (e *ParseError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc += fmt.Sprintf(":%d", e.Line)
	}
	if e.Record != "" {
		loc += " (" + e.Record + ")"
	}
	return loc + ": " + e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// Errorf returns a *ParseError for file f at line, naming record.
func Errorf(f *File, line int, record string, format string, args ...any) error {
	return &ParseError{File: f.Path, Line: line, Record: record, Err: fmt.Errorf(format, args...)}
}

// LineAt returns the 1-based line number of byte offset off in data.
func LineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	n := 1
	for _, c := range data[:off] {
		if c == '\n' {
			n++
		}
	}
	return n
}
