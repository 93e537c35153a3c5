// Package xmlread holds what the EU and UN XML readers share: sniffing the
// root element for Detect, and the decoding state of one file (positions,
// error wrapping, notes kept once).
package xmlread

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/embargo/embargo/source"
)

// RootElement returns the local name and namespace of the first element in
// head, skipping a BOM, the XML declaration, comments and doctype. It works
// on a prefix of the file and returns "" when no element starts in it.
func RootElement(head []byte) (local, space string) {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) == 0 || head[0] != '<' {
		return "", ""
	}
	d := xml.NewDecoder(bytes.NewReader(head))
	d.Strict = false
	for i := 0; i < 64; i++ {
		tok, err := d.RawToken()
		if err != nil {
			return "", ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Space == "" && a.Name.Local == "xmlns" && se.Name.Space == "" {
					space = a.Value
				}
				if a.Name.Space == "xmlns" && a.Name.Local == se.Name.Space {
					space = a.Value
				}
			}
			return se.Name.Local, space
		}
	}
	return "", ""
}

// Reader is the state of a reader decoding one XML file into List.
type Reader struct {
	File *source.File
	Data []byte       // File.Data without a byte order mark
	Dec  *xml.Decoder // over Data
	List *source.List
	seen map[string]bool // notes already added
}

// Start sets Data and Dec. Offsets stay relative to the data the decoder
// sees; the BOM is three bytes on the first line, so line numbers are
// unaffected.
func (r *Reader) Start() {
	r.Data = bytes.TrimPrefix(r.File.Data, []byte("\xef\xbb\xbf"))
	r.Dec = xml.NewDecoder(bytes.NewReader(r.Data))
}

// Line returns the line of the decoder's position.
func (r *Reader) Line() int { return source.LineAt(r.Data, r.Dec.InputOffset()) }

// ErrAt wraps a decoder error into a ParseError at the decoder's position
// (or the line the syntax error names), for the given record.
func (r *Reader) ErrAt(record string, err error) error {
	line := r.Line()
	var se *xml.SyntaxError
	if errors.As(err, &se) && se.Line > 0 {
		line = se.Line
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || (se != nil && strings.Contains(se.Msg, "unexpected EOF")) {
		return source.Errorf(r.File, line, record, "unexpected end of file (truncated download?): %v", err)
	}
	return source.Errorf(r.File, line, record, "%v", err)
}

// Note records a non-fatal observation once per distinct text.
func (r *Reader) Note(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if r.seen[s] {
		return
	}
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	r.seen[s] = true
	r.List.Notes = append(r.List.Notes, s)
}
