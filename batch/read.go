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

	members []member // JSONL: the members of Raw, in order
}

// Get returns a column's value ("" when absent); keys compare without
// regard to case. A JSON value that is not a string is returned as JSON.
func (r *Row) Get(key string) string {
	for _, f := range r.Fields {
		if strings.EqualFold(f.Key, key) {
			return f.Value
		}
	}
	ms := r.members
	if ms == nil && r.Raw != nil {
		ms, _ = objectMembers(r.Raw)
	}
	for _, m := range ms {
		if strings.EqualFold(m.Key, key) {
			switch jsonKind(m.Value) {
			case "string":
				var s string
				json.Unmarshal(m.Value, &s)
				return s
			case "null":
				return ""
			}
			return string(bytes.TrimSpace(m.Value))
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
	"name": "name", "full_name": "name", "fullname": "name", "party_name": "name", "party": "name", "company name": "name", "company_name": "name", "entity_name": "name",
	"names": "names", "alias": "names", "aliases": "names",
	"schema": "schema", "type": "schema",
	"dob": "dob", "date_of_birth": "dob", "birth_date": "dob", "birthdate": "dob",
	"country": "country", "nationality": "country", "citizenship": "country", "countries": "country",
	"id": "id", "identifier": "id", "identifiers": "id", "passport": "id", "ids": "id",
	"gender": "gender", "sex": "gender",
}

// columnFor maps a header or JSON key to the party field it fills, and
// whether the key is that field's own name (which wins over synonyms).
func columnFor(key string) (col string, exact, ok bool) {
	k := strings.ToLower(strings.TrimSpace(key))
	col, ok = columnAliases[k]
	return col, ok && k == col, ok
}

// columnPicker chooses, for each party field, the column that fills it: the
// field's own name wins over synonyms, else the first synonym in the order
// of the header or object. The choice never depends on map order.
type columnPicker struct {
	idx   map[string]int
	exact map[string]bool
}

func newColumnPicker() *columnPicker {
	return &columnPicker{idx: map[string]int{}, exact: map[string]bool{}}
}

func (p *columnPicker) add(i int, key string) {
	col, exact, ok := columnFor(key)
	if !ok {
		return
	}
	if _, have := p.idx[col]; !have || (exact && !p.exact[col]) {
		p.idx[col] = i
		p.exact[col] = exact
	}
}

// MaxLineBytes bounds one input line or record.
const MaxLineBytes = 1 << 20

// NewReader returns a reader for the format.
func NewReader(r io.Reader, f Format) (Reader, error) {
	switch f {
	case JSONL:
		return &jsonlReader{lines: newLineReader(r)}, nil
	case CSV, TSV:
		var src recordSource
		sep := ","
		if f == TSV {
			src = &tsvSource{lines: newLineReader(r)}
			sep = "\t"
		} else {
			br := bufio.NewReader(&lineLimitReader{r: r, max: MaxLineBytes})
			if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
				br.Discard(3)
			}
			cr := csv.NewReader(br)
			cr.FieldsPerRecord = -1
			src = &csvSource{cr: cr}
		}
		header, _, rowErr, err := src.next()
		if err == nil && rowErr != nil {
			err = rowErr
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, errors.New("the input is empty: a header row is required")
			}
			return nil, fmt.Errorf("header row: %w", err)
		}
		t := &tableReader{src: src, header: make([]string, len(header))}
		pick := newColumnPicker()
		used := map[string]bool{}
		next := map[string]int{} // the next suffix to try for a repeated name
		for i, h := range header {
			// repaired first: distinct invalid bytes would all become U+FFFD
			// in the output and repeat a key
			h = strings.TrimSpace(strings.ToValidUTF8(h, "\ufffd"))
			if h == "" {
				h = fmt.Sprintf("column%d", i+1)
			}
			pick.add(i, h)
			// a repeated column name would repeat a key in the output
			key := h
			if used[key] {
				n := max(next[h], 2)
				for key = fmt.Sprintf("%s_%d", h, n); used[key]; key = fmt.Sprintf("%s_%d", h, n) {
					n++
				}
				next[h] = n + 1
			}
			used[key] = true
			t.header[i] = key
		}
		t.col = pick.idx
		if _, ok := t.col["name"]; !ok {
			if _, ok := t.col["id"]; !ok {
				return nil, fmt.Errorf("header row %q has no \"name\" column (nor full_name, party_name or id)", preview(strings.Join(header, sep)))
			}
		}
		return t, nil
	}
	return nil, fmt.Errorf("unknown batch format %q", f)
}

// preview shortens text quoted in an error message.
func preview(s string) string {
	const max = 200
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// LimitLines returns a reader of r that fails with an error naming the line
// when a line grows past max bytes, so that input without line breaks
// cannot exhaust the memory of a reader that buffers whole records.
func LimitLines(r io.Reader, max int) io.Reader { return &lineLimitReader{r: r, max: max} }

// lineLimitReader implements LimitLines.
type lineLimitReader struct {
	r    io.Reader
	max  int
	cur  int // bytes in the current line so far
	line int // completed lines
	err  error
}

func (l *lineLimitReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	b := p[:n]
	off := 0
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		seg := len(b)
		if i >= 0 {
			seg = i
		}
		if l.cur+seg > l.max {
			l.err = fmt.Errorf("line %d: longer than %d bytes", l.line+1, l.max)
			return off + (l.max - l.cur), l.err
		}
		if i < 0 {
			l.cur += seg
			break
		}
		l.cur = 0
		l.line++
		off += i + 1
		b = b[i+1:]
	}
	return n, err
}

type tableReader struct {
	src    recordSource
	header []string
	col    map[string]int
	n      int
}

// recordSource yields the records of a table: rowErr for a record that
// cannot be read (the next one can), err for the end (io.EOF) or a failure
// that ends the read.
type recordSource interface {
	next() (rec []string, line int, rowErr, err error)
}

type csvSource struct{ cr *csv.Reader }

func (c *csvSource) next() ([]string, int, error, error) {
	rec, err := c.cr.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, pe.StartLine, fmt.Errorf("line %d: %v", pe.StartLine, pe.Err), nil
		}
		return nil, 0, nil, err
	}
	line, _ := c.cr.FieldPos(0) // a record read without error has at least one field
	return rec, line, nil, nil
}

// tsvSource reads tab-separated values one line per record. A field is
// unquoted only when it is wholly quoted ("a ""b"" c"); any other quote is
// text, so that a name such as "Ali" Baba or an unbalanced quote never
// swallows the rows after it, as CSV quoting rules would.
type tsvSource struct{ lines *lineReader }

func (t *tsvSource) next() ([]string, int, error, error) {
	for {
		raw, tooLong, err := t.lines.next()
		if err != nil {
			return nil, 0, nil, err
		}
		line := t.lines.line
		if tooLong {
			return nil, line, fmt.Errorf("line %d: longer than %d bytes", line, MaxLineBytes), nil
		}
		raw = bytes.TrimRight(raw, "\r\n")
		if len(raw) == 0 {
			continue // blank lines are skipped, as in CSV
		}
		fields := strings.Split(string(raw), "\t")
		for i, f := range fields {
			fields[i] = tsvUnquote(f)
		}
		return fields, line, nil, nil
	}
}

func tsvUnquote(f string) string {
	if len(f) < 2 || f[0] != '"' || f[len(f)-1] != '"' {
		return f
	}
	inner := f[1 : len(f)-1]
	if strings.Count(inner, `"`) != 2*strings.Count(inner, `""`) {
		return f // a lone quote inside: not a quoted field
	}
	return strings.ReplaceAll(inner, `""`, `"`)
}

func (t *tableReader) Next() (*Row, error) {
	rec, line, rowErr, err := t.src.next()
	if err != nil {
		return nil, err // io.EOF at the end
	}
	if rowErr != nil {
		t.n++
		return &Row{N: t.n, Line: line, Err: rowErr}, nil
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
	for i, v := range rec {
		if !utf8.ValidString(v) {
			row.Err = fmt.Errorf("line %d: column %q: invalid UTF-8", line, t.header[i])
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

// lineReader reads lines of at most MaxLineBytes; a longer line is skipped
// to its end and reported, so that the lines after it can still be read.
type lineReader struct {
	br   *bufio.Reader
	buf  []byte
	line int // the number of the line last returned
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next line with its line ending, without a BOM on the
// first line, or tooLong for an over-long line.
func (l *lineReader) next() (line []byte, tooLong bool, err error) {
	l.buf = l.buf[:0]
	for {
		chunk, err := l.br.ReadSlice('\n')
		if !tooLong {
			if len(l.buf)+len(chunk) > MaxLineBytes+2 { // +2: the line's own \r\n
				tooLong = true
				l.buf = l.buf[:0]
			} else {
				l.buf = append(l.buf, chunk...)
			}
		}
		switch {
		case err == nil:
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && (len(l.buf) > 0 || tooLong):
		default:
			return nil, false, err
		}
		l.line++
		if l.line == 1 {
			l.buf = bytes.TrimPrefix(l.buf, []byte("\xef\xbb\xbf"))
		}
		if len(bytes.TrimRight(l.buf, "\r\n")) > MaxLineBytes {
			tooLong = true
			l.buf = l.buf[:0]
		}
		return l.buf, tooLong, nil
	}
}

type jsonlReader struct {
	lines *lineReader
	n     int
}

func (j *jsonlReader) Next() (*Row, error) {
	for {
		raw, tooLong, err := j.lines.next()
		if err != nil {
			return nil, err // io.EOF at the end
		}
		line := j.lines.line
		b := bytes.TrimSpace(raw)
		if len(b) == 0 && !tooLong {
			continue
		}
		j.n++
		row := &Row{N: j.n, Line: line}
		if tooLong {
			row.Err = fmt.Errorf("line %d: longer than %d bytes", line, MaxLineBytes)
			return row, nil
		}
		if !utf8.Valid(b) {
			row.Err = fmt.Errorf("line %d: invalid UTF-8", line)
			return row, nil
		}
		if b[0] != '{' {
			row.Err = fmt.Errorf("line %d: not a JSON object", line)
			return row, nil
		}
		members, err := objectMembers(b)
		if err != nil {
			row.Err = fmt.Errorf("line %d: invalid JSON: %v", line, err)
			return row, nil
		}
		row.Raw = append(json.RawMessage(nil), b...)
		row.members = members
		if err := partyFromMembers(&row.Party, members); err != nil {
			row.Err = fmt.Errorf("line %d: %v", line, err)
		}
		return row, nil
	}
}

// member is one member of a JSON object, in input order.
type member struct {
	Key   string
	Value json.RawMessage
}

// objectMembers splits a JSON object into its members, in order.
func objectMembers(b []byte) ([]member, error) {
	if !json.Valid(b) {
		var v any
		err := json.Unmarshal(b, &v)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("%v (at byte %d)", se, se.Offset)
		}
		if err == nil {
			err = errors.New("syntax error")
		}
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	var ms []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		ms = append(ms, member{Key: key, Value: v})
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, err
	}
	return ms, nil
}

// partyFromMembers fills p from the members that name party fields; an
// error names the member whose value has the wrong type.
func partyFromMembers(p *screen.Party, ms []member) error {
	pick := newColumnPicker()
	for i, m := range ms {
		pick.add(i, m.Key)
	}
	// decode in a fixed order so that the first error reported is stable
	for _, col := range []string{"name", "names", "schema", "dob", "country", "id", "gender"} {
		i, ok := pick.idx[col]
		if !ok {
			continue
		}
		m := ms[i]
		var err error
		switch col {
		case "name":
			err = jsonString(m, &p.Name)
		case "schema":
			err = jsonString(m, &p.Schema)
		case "gender":
			err = jsonString(m, &p.Gender)
		case "names":
			err = jsonStrings(m, &p.Names)
		case "dob":
			err = jsonStrings(m, &p.DOB)
		case "country":
			err = jsonStrings(m, &p.Country)
		case "id":
			err = jsonStrings(m, &p.ID)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// jsonKind names the JSON type of a value for error messages.
func jsonKind(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "nothing"
	}
	switch v[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

func jsonString(m member, dst *string) error {
	switch jsonKind(m.Value) {
	case "null":
		*dst = ""
		return nil
	case "string":
		return json.Unmarshal(m.Value, dst)
	}
	return fmt.Errorf("field %q: want a string, got a JSON %s", m.Key, jsonKind(m.Value))
}

func jsonStrings(m member, dst *screen.Strings) error {
	k := jsonKind(m.Value)
	if k == "string" || k == "null" || k == "array" {
		var s screen.Strings
		if err := json.Unmarshal(m.Value, &s); err == nil {
			*dst = s
			return nil
		}
		if k == "array" {
			return fmt.Errorf("field %q: want a string or a list of strings, got an array with other values", m.Key)
		}
	}
	return fmt.Errorf("field %q: want a string or a list of strings, got a JSON %s", m.Key, k)
}
