package ofac

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// csvEmpty is OFAC's placeholder for an empty field, written "-0- " with a
// trailing space in every file seen so far.
const csvEmpty = "-0-"

// csvEOF is the DOS end-of-file byte OFAC appends to every legacy CSV file.
const csvEOF = 0x1A

// csvText holds one legacy CSV file as a string, with the BOM and the final
// 0x1A byte removed, plus what was learned while cleaning it.
type csvText struct {
	s          string
	hadEOF     bool // the file ended with the 0x1A marker
	badUTF8    int  // invalid UTF-8 sequences replaced with U+FFFD
	badUTF8Ln  int  // line of the first one
	bomSkipped bool
}

// csvClean prepares a legacy CSV file for scanning. Invalid UTF-8 is
// repaired with U+FFFD (the caller adds a List note): the real files are
// plain ASCII, and one stray byte in a name should not lose the whole list.
func csvClean(data []byte) csvText {
	var t csvText
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		data = data[3:]
		t.bomSkipped = true
	}
	end := len(data)
	for end > 0 && csvIsSpace(data[end-1]) {
		end--
	}
	if end > 0 && data[end-1] == csvEOF {
		t.hadEOF = true
		data = data[:end-1]
	}
	if !utf8.Valid(data) {
		line := 1
		for i := 0; i < len(data); {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				t.badUTF8++
				if t.badUTF8Ln == 0 {
					t.badUTF8Ln = line
				}
			} else if r == '\n' {
				line++
			}
			i += n
		}
		t.s = strings.ToValidUTF8(string(data), "\uFFFD")
		return t
	}
	t.s = string(data)
	return t
}

func csvIsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// csvScanner reads the records of one OFAC legacy CSV file. OFAC writes a
// strict dialect: the record number (and alt_num/add_num) unquoted, every
// other non-empty value in double quotes, empty values as -0-, CRLF line
// ends. The scanner accepts standard CSV ("" escapes, LF line ends) and
// reports anything else as broken quoting.
type csvScanner struct {
	s      string
	pos    int
	line   int // line of the next byte to read
	fields []string
	quoted []bool
	start  int // line the current record starts on
	err    error
}

func newCSVScanner(s string) *csvScanner { return &csvScanner{s: s, line: 1} }

// next reads the next record into sc.fields (placeholders -0- become "")
// and reports whether there was one. Blank lines are skipped. After false,
// sc.err tells whether the file was malformed.
func (sc *csvScanner) next() bool {
	sc.fields = sc.fields[:0]
	sc.quoted = sc.quoted[:0]
	s := sc.s
	// skip blank lines
	for sc.pos < len(s) && (s[sc.pos] == '\r' || s[sc.pos] == '\n') {
		if s[sc.pos] == '\n' {
			sc.line++
		}
		sc.pos++
	}
	if sc.pos >= len(s) {
		return false
	}
	sc.start = sc.line
	for {
		// one field
		for sc.pos < len(s) && s[sc.pos] == ' ' {
			sc.pos++
		}
		if sc.pos < len(s) && s[sc.pos] == '"' {
			v, ok := sc.quotedField()
			if !ok {
				return false
			}
			sc.fields = append(sc.fields, v)
			sc.quoted = append(sc.quoted, true)
		} else {
			i := sc.pos
			for i < len(s) && s[i] != ',' && s[i] != '\n' && s[i] != '\r' {
				if s[i] == '"' {
					sc.err = fmt.Errorf("broken quoting: quote inside unquoted field %d", len(sc.fields)+1)
					return false
				}
				i++
			}
			v := strings.TrimSpace(s[sc.pos:i])
			if v == csvEmpty {
				v = ""
			}
			sc.fields = append(sc.fields, v)
			sc.quoted = append(sc.quoted, false)
			sc.pos = i
		}
		// separator
		if sc.pos >= len(s) {
			return true
		}
		switch s[sc.pos] {
		case ',':
			sc.pos++
			continue
		case '\r':
			sc.pos++
			if sc.pos < len(s) && s[sc.pos] == '\n' {
				sc.pos++
			}
			sc.line++
			return true
		case '\n':
			sc.pos++
			sc.line++
			return true
		}
		sc.err = fmt.Errorf("broken quoting: unexpected %q after field %d", s[sc.pos], len(sc.fields))
		return false
	}
}

// quotedField reads a field starting at the opening quote.
func (sc *csvScanner) quotedField() (string, bool) {
	s := sc.s
	i := sc.pos + 1
	var b strings.Builder
	escaped := false
	from := i
	for {
		j := strings.IndexByte(s[i:], '"')
		if j < 0 {
			sc.err = fmt.Errorf("unterminated quoted field %d (file truncated?)", len(sc.fields)+1)
			sc.line += strings.Count(s[from:], "\n")
			return "", false
		}
		i += j
		if i+1 < len(s) && s[i+1] == '"' {
			if !escaped {
				escaped = true
				b.Grow(len(s[from:i]) + 16)
			}
			b.WriteString(s[from : i+1])
			i += 2
			from = i
			continue
		}
		break
	}
	var v string
	if escaped {
		b.WriteString(s[from:i])
		v = b.String()
	} else {
		v = s[from:i]
	}
	if n := strings.Count(s[sc.pos:i], "\n"); n > 0 {
		sc.line += n
	}
	sc.pos = i + 1
	// spaces may follow the closing quote before the separator
	for sc.pos < len(s) && s[sc.pos] == ' ' {
		sc.pos++
	}
	if v == csvEmpty || v == csvEmpty+" " {
		v = ""
	}
	return v, true
}
