package payment

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// node is one XML element. The tree keeps only what screening reads:
// local names, trimmed text and positions.
type node struct {
	name  string
	space string
	text  string
	kids  []*node
	line  int
	col   int
	off   int64
	idx   int  // occurrence among siblings of the same name, from 0
	multi bool // a sibling has the same name

	buf    []byte         // character data while the element is open
	counts map[string]int // name counts once there are many children
}

func (n *node) child(name string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// get follows a slash-separated chain of child names and returns the text
// of the last, or "".
func (n *node) get(chain string) string {
	for chain != "" {
		var name string
		name, chain, _ = strings.Cut(chain, "/")
		n = n.child(name)
		if n == nil {
			return ""
		}
	}
	return n.text
}

func (n *node) add(k *node) {
	if len(n.kids) >= 16 && n.counts == nil {
		n.counts = make(map[string]int, len(n.kids)*2)
		for _, x := range n.kids {
			n.counts[x.name]++
		}
	}
	if n.counts != nil {
		k.idx = n.counts[k.name]
		n.counts[k.name]++
	} else {
		for i := len(n.kids) - 1; i >= 0; i-- {
			if n.kids[i].name == k.name {
				k.idx = n.kids[i].idx + 1
				break
			}
		}
	}
	n.kids = append(n.kids, k)
}

// close finishes an element: trims its text and marks repeated children.
func (n *node) close() {
	n.text = strings.TrimSpace(string(n.buf))
	n.buf = nil
	n.counts = nil
	var repeated map[string]bool
	for _, k := range n.kids {
		if k.idx > 0 {
			if repeated == nil {
				repeated = map[string]bool{}
			}
			repeated[k.name] = true
		}
	}
	if repeated != nil {
		for _, k := range n.kids {
			k.multi = repeated[k.name]
		}
	}
}

// indexed lists elements that the ISO 20022 schemas allow to repeat: their
// path segments always carry an index, so that a path does not change when
// a second occurrence is added. Othr repeats only inside OrgId and PrvtId.
var indexed = map[string]bool{
	"CdtTrfTxInf": true, "PmtInf": true, "Ustrd": true, "Strd": true, "AdrLine": true,
	"InstrForCdtrAgt": true, "InstrForNxtAgt": true, "RgltryRptg": true, "Dtls": true, "Inf": true,
	"AddtlRmtInf": true, "RfrdDocInf": true, "RltdRmtInf": true,
}

// seg returns the path segment of k, a child of parent.
func seg(parent, k *node) string {
	if k.multi || indexed[k.name] || (k.name == "Othr" && parent != nil && (parent.name == "OrgId" || parent.name == "PrvtId")) {
		return k.name + "[" + strconv.Itoa(k.idx) + "]"
	}
	return k.name
}

func join(path, s string) string {
	if path == "" {
		return s
	}
	return path + "/" + s
}

// xmlTree decodes data into a list of top-level elements. DTDs and entity
// declarations are refused before decoding.
func xmlTree(data []byte, format string) ([]*node, error) {
	if i := directive(data); i >= 0 {
		line, col := lineCol(data, i)
		return nil, &ParseError{Format: format, Line: line, Column: col, Offset: int64(i),
			Err: fmt.Errorf("%w: %q", ErrEntity, string(data[i:min(i+9, len(data))]))}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true // no Entity map, no AutoClose: only the five predefined entities
	var stack []*node
	var roots []*node
	// openPath names the open elements, from Document or AppHdr when the
	// message sits in an envelope, as the paths of parties do.
	openPath := func() string {
		start := 0
		for i := 0; i < len(stack) && i < 2; i++ {
			if stack[i].name == "Document" || stack[i].name == "AppHdr" {
				start = i
			}
		}
		var p string
		for i := start; i < len(stack); i++ {
			var parent *node
			if i > 0 {
				parent = stack[i-1]
			}
			p = join(p, seg(parent, stack[i]))
		}
		return p
	}
	for {
		off := d.InputOffset()
		line, col := d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			if len(stack) > 0 {
				l, c := d.InputPos()
				return nil, &ParseError{Format: format, Line: l, Column: c, Offset: d.InputOffset(), Path: openPath(),
					Err: fmt.Errorf("%w: unexpected EOF, <%s> not closed", ErrSyntax, stack[len(stack)-1].name)}
			}
			break
		}
		if err != nil {
			l, c := d.InputPos()
			var se *xml.SyntaxError
			msg := err.Error()
			if errors.As(err, &se) {
				msg = se.Msg
			}
			return nil, &ParseError{Format: format, Line: l, Column: c, Offset: d.InputOffset(), Path: openPath(),
				Err: fmt.Errorf("%w: %s", ErrSyntax, msg)}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxDepth {
				return nil, &ParseError{Format: format, Line: line, Column: col, Offset: off, Path: openPath(),
					Err: fmt.Errorf("%w: elements nested more than %d deep", ErrSyntax, maxDepth)}
			}
			n := &node{name: t.Name.Local, space: t.Name.Space, line: line, col: col, off: off}
			if len(stack) == 0 {
				roots = append(roots, n)
			} else {
				stack[len(stack)-1].add(n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack[len(stack)-1].close()
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.buf = append(top.buf, t...)
				break
			}
			text := []byte(t)
			if off == 0 {
				text = bytes.TrimPrefix(text, bom)
			}
			if !onlySpace(text) {
				return nil, &ParseError{Format: format, Line: line, Column: col, Offset: off,
					Err: fmt.Errorf("%w: text outside the root element", ErrSyntax)}
			}
		case xml.Directive:
			return nil, &ParseError{Format: format, Line: line, Column: col, Offset: off, Path: openPath(),
				Err: fmt.Errorf("%w: <!%s", ErrEntity, firstWord(t))}
		}
	}
	if len(roots) == 0 {
		return nil, &ParseError{Format: format, Line: 1, Column: 1,
			Err: fmt.Errorf("%w: no XML element", ErrSyntax)}
	}
	return roots, nil
}

var bom = []byte("\xef\xbb\xbf")

func onlySpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// directive returns the offset of the first "<!DOCTYPE" or "<!ENTITY"
// (any case) in data, or -1.
func directive(data []byte) int {
	i := 0
	for {
		j := bytes.Index(data[i:], []byte("<!"))
		if j < 0 {
			return -1
		}
		j += i
		rest := data[j+2:]
		if hasPrefixFold(rest, "DOCTYPE") || hasPrefixFold(rest, "ENTITY") {
			return j
		}
		i = j + 2
	}
}

func hasPrefixFold(b []byte, p string) bool {
	return len(b) >= len(p) && strings.EqualFold(string(b[:len(p)]), p)
}

func firstWord(b []byte) string {
	s := string(b)
	if i := strings.IndexAny(s, " \t\r\n["); i >= 0 {
		s = s[:i]
	}
	if len(s) > 20 {
		s = s[:20]
	}
	return s
}
