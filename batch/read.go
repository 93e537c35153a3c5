// Package batch reads parties to screen from CSV, TSV and JSON-lines files
// and screens them in parallel, writing one JSON line per input row in
// input order. The CLI (`embargo screen --input`, `embargo eval`) and the
// HTTP NDJSON endpoint share it.
package batch

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/embargo/embargo/screen"
)

// Format of a batch file.
type Format string

const (
	CSV   Format = "csv"
	TSV   Format = "tsv"
	JSONL Format = "jsonl"
)

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "csv":
		return CSV, nil
	case "tsv", "tab":
		return TSV, nil
	case "jsonl", "ndjson", "json":
		return JSONL, nil
	}
	return "", fmt.Errorf("unknown batch format %q (want csv, tsv or jsonl)", s)
}

// FormatFor guesses the format from a file name, then from the first
// bytes: a '{' starts JSON lines, a tab in the first line makes TSV.
func FormatFor(name string, head []byte) Format {
	l := strings.ToLower(name)
	switch {
	case strings.HasSuffix(l, ".jsonl"), strings.HasSuffix(l, ".ndjson"), strings.HasSuffix(l, ".json"):
		return JSONL
	case strings.HasSuffix(l, ".tsv"), strings.HasSuffix(l, ".tab"):
		return TSV
	case strings.HasSuffix(l, ".csv"):
		return CSV
	}
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(h) > 0 && h[0] == '{' {
		return JSONL
	}
	first, _, _ := bytes.Cut(h, []byte("\n"))
	if bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		return TSV
	}
	return CSV
}

// Field is one column of an input row, kept in input order.
type Field struct {
	Key   string
	Value string
}

// Row is one input row.
type Row struct {
	N      int             // 1-based data row number
	Line   int             // line in the file where the row starts
	Fields []Field         // CSV/TSV: the columns
	Raw    json.RawMessage // JSONL: the object as read
	Party  screen.Party    // what to screen
	Err    error           // the row could not be read; Party is not set
}

// Get returns a column's value ("" when absent).
func (r *Row) Get(key string) string {
	for _, f := range r.Fields {
		if strings.EqualFold(f.Key, key) {
			return f.Value
		}
	}
	if r.Raw != nil {
		var m map[string]any
		if json.Unmarshal(r.Raw, &m) == nil {
			if v, ok := m[key]; ok {
				switch x := v.(type) {
				case string:
					return x
				case nil:
					return ""
				default:
					b, _ := json.Marshal(x)
					return string(b)
				}
			}
		}
	}
	return ""
}

// Reader yields rows; Next returns io.EOF at the end. Errors in a row are
// reported in Row.Err, not as Next's error, which is kept for failures that
// end the read (I/O, a missing header).
type Reader interface {
	Next() (*Row, error)
}

// columns understood in CSV/TSV headers and JSON objects, with synonyms.
var columnAliases = map[string]string{
	"name": "name", "full_name": "name", "fullname": "name", "party_name": "name", "party": "name",
	"names": "names", "alias": "names", "aliases": "names",
	"schema": "schema", "type": "schema",
	"dob": "dob", "date_of_birth": "dob", "birth_date": "dob", "birthdate": "dob",
	"country": "country", "nationality": "country", "citizenship": "country", "countries": "country",
	"id": "id", "identifier": "id", "identifiers": "id", "passport": "id", "ids": "id",
	"gender": "gender", "sex": "gender",
}

// MaxLineBytes bounds one input line or record.
const MaxLineBytes = 1 << 20

// NewReader returns a reader for the format.
func NewReader(r io.Reader, f Format) (Reader, error) {
	switch f {
	case JSONL:
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), MaxLineBytes)
		return &jsonlReader{sc: sc}, nil
	case CSV, TSV:
		br := bufio.NewReader(r)
		if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
			br.Discard(3)
		}
		cr := csv.NewReader(br)
		if f == TSV {
			cr.Comma = '\t'
			cr.LazyQuotes = true
		}
		cr.FieldsPerRecord = -1
		header, err := cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, errors.New("the input is empty: a header row is required")
			}
			return nil, fmt.Errorf("header row: %w", err)
		}
		t := &tableReader{cr: cr, header: header, col: map[string]int{}}
		for i, h := range header {
			h = strings.TrimSpace(h)
			t.header[i] = h
			if c, ok := columnAliases[strings.ToLower(h)]; ok {
				if _, dup := t.col[c]; !dup {
					t.col[c] = i
				}
			}
		}
		if _, ok := t.col["name"]; !ok {
			if _, ok := t.col["id"]; !ok {
				return nil, fmt.Errorf("header row %q has no \"name\" column", strings.Join(header, string(cr.Comma)))
			}
		}
		return t, nil
	}
	return nil, fmt.Errorf("unknown batch format %q", f)
}

type tableReader struct {
	cr     *csv.Reader
	header []string
	col    map[string]int
	n      int
}

func (t *tableReader) Next() (*Row, error) {
	rec, err := t.cr.Read()
	line, _ := t.cr.FieldPos(0)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			t.n++
			return &Row{N: t.n, Line: pe.StartLine, Err: fmt.Errorf("line %d: %v", pe.StartLine, pe.Err)}, nil
		}
		return nil, err
	}
	t.n++
	row := &Row{N: t.n, Line: line}
	for i, v := range rec {
		key := fmt.Sprintf("column%d", i+1)
		if i < len(t.header) {
			key = t.header[i]
		}
		row.Fields = append(row.Fields, Field{Key: key, Value: v})
	}
	if len(rec) != len(t.header) {
		row.Err = fmt.Errorf("line %d: %d fields, the header has %d", line, len(rec), len(t.header))
		return row, nil
	}
	for _, v := range rec {
		if !utf8.ValidString(v) {
			row.Err = fmt.Errorf("line %d: invalid UTF-8", line)
			return row, nil
		}
	}
	get := func(c string) string {
		if i, ok := t.col[c]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	row.Party = screen.Party{
		Name:    get("name"),
		Names:   screen.SplitValues(get("names")),
		Schema:  get("schema"),
		DOB:     screen.SplitValues(get("dob")),
		Country: screen.SplitValues(get("country")),
		ID:      screen.SplitValues(get("id")),
		Gender:  get("gender"),
	}
	return row, nil
}

type jsonlReader struct {
	sc   *bufio.Scanner
	n    int
	line int
}

func (j *jsonlReader) Next() (*Row, error) {
	for j.sc.Scan() {
		j.line++
		b := bytes.TrimSpace(j.sc.Bytes())
		if len(b) == 0 {
			continue
		}
		j.n++
		row := &Row{N: j.n, Line: j.line}
		if !utf8.Valid(b) {
			row.Err = fmt.Errorf("line %d: invalid UTF-8", j.line)
			return row, nil
		}
		if b[0] != '{' || !json.Valid(b) {
			row.Err = fmt.Errorf("line %d: not a JSON object", j.line)
			return row, nil
		}
		row.Raw = append(json.RawMessage(nil), b...)
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			row.Err = fmt.Errorf("line %d: %v", j.line, err)
			return row, nil
		}
		// accept the column synonyms in JSON too
		norm := map[string]json.RawMessage{}
		for k, v := range m {
			if c, ok := columnAliases[strings.ToLower(k)]; ok {
				if _, dup := norm[c]; !dup || c == k {
					norm[c] = v
				}
			}
		}
		nb, _ := json.Marshal(norm)
		if err := json.Unmarshal(nb, &row.Party); err != nil {
			row.Err = fmt.Errorf("line %d: %v", j.line, fieldMsg(err))
			return row, nil
		}
		return row, nil
	}
	if err := j.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("line %d: longer than %d bytes", j.line+1, MaxLineBytes)
		}
		return nil, err
	}
	return nil, io.EOF
}

func fieldMsg(err error) string {
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) {
		return fmt.Sprintf("field %q: want %s, got a JSON %s", ute.Field, ute.Type, ute.Value)
	}
	return err.Error()
}
