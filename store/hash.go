package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// HashVersion is the first element of every hashed record; it changes if
// the preimage layout ever does.
//
//	embargo-audit-1: the layout documented in the package doc.
const HashVersion = "embargo-audit-1"

// GenesisHash is the PrevHash of the first record.
var GenesisHash = strings.Repeat("0", 64)

// ComputeHash returns the hex sha256 of the record's preimage: the compact
// JSON array
//
//	["embargo-audit-1", prev_hash, seq, id, time, key_id, key_name,
//	 endpoint, remote_addr, dataset_version, list_versions, algorithm,
//	 threshold, hits, matches, request, result]
//
// encoded as the package documentation describes (the same bytes jq -c
// prints). Request and Result are taken byte for byte as they are, so a
// record read back from the store re-verifies; Hash itself is not covered.
func (s *Screening) ComputeHash() string {
	lv := appendListVersions(nil, s.ListVersions)
	return hashRecord(s, lv, s.Request, s.Result)
}

// hashRecord hashes s with the three JSON fields given as bytes (as stored).
func hashRecord(s *Screening, listVersions, request, result []byte) string {
	b := make([]byte, 0, 256+len(listVersions)+len(request)+len(result))
	b = appendPreimageHead(b, s.PrevHash, s.Seq, s.ID, s.Time)
	b = appendPreimageTail(b, s, listVersions, request, result)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// appendPreimageHead writes the fields the writer assigns.
func appendPreimageHead(b []byte, prev string, seq int64, id string, t time.Time) []byte {
	b = append(b, `["`+HashVersion+`",`...)
	b = appendString(b, prev)
	b = append(b, ',')
	b = strconv.AppendInt(b, seq, 10)
	b = append(b, ',')
	b = appendString(b, id)
	b = append(b, ',')
	b = appendString(b, t.UTC().Format(time.RFC3339Nano))
	return b
}

// appendPreimageTail writes the fields the caller supplies, and the closing bracket.
func appendPreimageTail(b []byte, s *Screening, listVersions, request, result []byte) []byte {
	for _, f := range []string{s.KeyID, s.KeyName, s.Endpoint, s.RemoteAddr, s.DatasetVersion} {
		b = append(b, ',')
		b = appendString(b, f)
	}
	b = append(b, ',')
	b = appendRaw(b, listVersions)
	b = append(b, ',')
	b = appendString(b, s.Algorithm)
	b = append(b, ',')
	b = appendFloat(b, s.Threshold)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(s.Hits), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(s.Matches), 10)
	b = append(b, ',')
	b = appendRaw(b, request)
	b = append(b, ',')
	b = appendRaw(b, result)
	return append(b, ']')
}

func appendRaw(b, raw []byte) []byte {
	if len(raw) == 0 {
		return append(b, "null"...)
	}
	return append(b, raw...)
}

// appendListVersions writes m as a JSON object with keys in byte order
// (as encoding/json and jq -S order them); nil is null.
func appendListVersions(b []byte, m map[string]string) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = appendString(b, m[k])
	}
	return append(b, '}')
}

// appendString writes s as a JSON string the way jq does: \" \\ \b \f \n
// \r \t, other control characters and DEL as \u00xx (lower-case hex),
// everything else — '/', '<', U+2028, all non-ASCII — as raw UTF-8.
// Invalid UTF-8 bytes become U+FFFD.
func appendString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"':
				b = append(b, '\\', '"')
			case c == '\\':
				b = append(b, '\\', '\\')
			case c == '\b':
				b = append(b, '\\', 'b')
			case c == '\f':
				b = append(b, '\\', 'f')
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == 0x7f:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// appendFloat writes f as jq prints a number (David Gay's g_fmt): the
// shortest decimal digits that read back as f; in exponent form (1e-05,
// 2.5e+16: sign and at least two exponent digits) when the decimal
// exponent is below -4 or at least 15 more than the number of digits,
// plain otherwise (1234567, 0.0001, 15000000000000000).
func appendFloat(b []byte, f float64) []byte {
	e := strconv.AppendFloat(nil, f, 'e', -1, 64) // [-]d[.ddd]e±XX
	i := bytes.IndexByte(e, 'e')
	exp, _ := strconv.Atoi(string(e[i+1:]))
	digits := i
	if e[0] == '-' {
		digits--
	}
	if digits > 1 {
		digits-- // the point
	}
	if exp < -4 || exp >= digits+15 {
		return append(b, e...)
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

// canonicalJSON re-encodes one JSON value: no insignificant whitespace,
// object members in the order given (duplicates kept), numbers exactly as
// written, strings re-escaped by appendString. Empty input is null.
func canonicalJSON(src []byte) ([]byte, error) {
	if len(bytes.TrimSpace(src)) == 0 {
		return []byte("null"), nil
	}
	if isCanonical(src) {
		return bytes.Clone(src), nil // the caller may reuse its buffer
	}
	return recanonicalise(src)
}

// isCanonical reports whether src is valid JSON already in the form
// canonicalJSON writes, so it can be kept as is (the common case: JSON
// our own code wrote). A UTF-8 check, then one scan of the grammar, no
// allocation: every audit record goes through it.
func isCanonical(src []byte) bool {
	if !utf8.Valid(src) {
		return false
	}
	c := canonScanner{src: src}
	return c.value(0) && c.i == len(src)
}

// canonScanner checks the JSON grammar (RFC 8259) without whitespace,
// with strings escaped as appendString escapes them.
type canonScanner struct {
	src []byte
	i   int
}

const maxCanonDepth = 10000 // encoding/json's nesting limit

func (c *canonScanner) value(depth int) bool {
	if c.i >= len(c.src) || depth > maxCanonDepth {
		return false
	}
	switch b := c.src[c.i]; {
	case b == '{':
		return c.seq('}', func() bool {
			if c.i >= len(c.src) || c.src[c.i] != '"' || !c.str() || c.i >= len(c.src) || c.src[c.i] != ':' {
				return false
			}
			c.i++
			return c.value(depth + 1)
		})
	case b == '[':
		return c.seq(']', func() bool { return c.value(depth + 1) })
	case b == '"':
		return c.str()
	case b == 't':
		return c.lit("true")
	case b == 'f':
		return c.lit("false")
	case b == 'n':
		return c.lit("null")
	case b == '-' || ('0' <= b && b <= '9'):
		return c.num()
	}
	return false
}

// seq checks an object or array from its opening bracket: members
// separated by commas up to end, nothing between them.
func (c *canonScanner) seq(end byte, member func() bool) bool {
	c.i++
	if c.i < len(c.src) && c.src[c.i] == end {
		c.i++
		return true
	}
	for {
		if !member() || c.i >= len(c.src) {
			return false
		}
		switch c.src[c.i] {
		case ',':
			c.i++
		case end:
			c.i++
			return true
		default:
			return false
		}
	}
}

func (c *canonScanner) lit(w string) bool {
	if len(c.src)-c.i < len(w) || string(c.src[c.i:c.i+len(w)]) != w {
		return false
	}
	c.i += len(w)
	return true
}

// num checks -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (c *canonScanner) num() bool {
	s, i := c.src, c.i
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() bool {
		j := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i > j
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case !digits():
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	c.i = i
	return true
}

// str checks a string starting at the opening quote and moves past it.
func (c *canonScanner) str() bool {
	s := c.src
	for i := c.i + 1; i < len(s); i++ {
		switch b := s[i]; {
		case b == '"':
			c.i = i + 1
			return true
		case b < 0x20 || b == 0x7f:
			return false // a raw control character: invalid, or DEL unescaped
		case b == '\\':
			if i+1 >= len(s) {
				return false
			}
			i++
			switch s[i] {
			case '"', '\\', 'b', 'f', 'n', 'r', 't':
			case 'u':
				// Only \u00xx (lower-case) for a control character
				// without a short form, or DEL.
				if i+4 >= len(s) {
					return false
				}
				if !canonicalU(s[i+1 : i+5]) {
					return false
				}
				i += 4
			default: // \/ or not an escape
				return false
			}
		}
	}
	return false
}

// canonicalU reports whether the four hex digits of a \u escape are as
// appendString writes them: \u00xx, lower case, only for a control
// character without a short form, or DEL.
func canonicalU(h []byte) bool {
	if h[0] != '0' || h[1] != '0' || !isLowerHex(h[2]) || !isLowerHex(h[3]) {
		return false
	}
	switch v := unhex(h[2])<<4 | unhex(h[3]); {
	case v == '\b', v == '\f', v == '\n', v == '\r', v == '\t':
		return false
	case v >= 0x20 && v != 0x7f:
		return false
	}
	return true
}

func isLowerHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' }

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'a' + 10
}

// recanonicalise is canonicalJSON's slow path: decode and re-encode.
func recanonicalise(src []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	type level struct {
		object bool
		n      int // tokens written at this level
	}
	out := make([]byte, 0, len(src))
	var stack []level
	sep := func() {
		if len(stack) == 0 {
			return
		}
		top := &stack[len(stack)-1]
		switch {
		case top.object && top.n%2 == 1:
			out = append(out, ':')
		case top.n > 0:
			out = append(out, ',')
		}
		top.n++
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("invalid JSON: %w", err)
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				sep()
				stack = append(stack, level{object: v == '{'})
				out = append(out, byte(v))
			default:
				stack = stack[:len(stack)-1]
				out = append(out, byte(v))
			}
		case string:
			sep()
			out = appendString(out, v)
		case json.Number:
			sep()
			out = append(out, v...)
		case bool:
			sep()
			out = strconv.AppendBool(out, v)
		case nil:
			sep()
			out = append(out, "null"...)
		}
		if len(stack) == 0 {
			break
		}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("invalid JSON: data after the value")
	}
	return out, nil
}

// cleanString makes s storable and hashable the same way on both
// backends: invalid UTF-8 and NUL (PostgreSQL text refuses it) become U+FFFD.
func cleanString(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == 0 || (r == utf8.RuneError && size == 1) {
			b.WriteString("\uFFFD")
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// validFloat rejects what JSON cannot carry.
func validFloat(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
