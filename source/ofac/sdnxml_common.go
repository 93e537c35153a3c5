package ofac

// Helpers shared by the two OFAC XML readers (sdnList and enhanced): root
// sniffing, country and gender mapping, identifier labels, notes.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/source"
)

// List ids and titles shared by the sdnList and enhanced readers.
const (
	sxIDSDN      = "ofac-sdn"
	sxIDCons     = "ofac-cons"
	sxTitleSDN   = "OFAC Specially Designated Nationals and Blocked Persons List (SDN)"
	sxTitleCons  = "OFAC Consolidated Sanctions List (non-SDN lists)"
	sxUTF8BOM    = "\xef\xbb\xbf"
	sxMaxNoteLen = 120
)

// sxStripBOM drops a leading UTF-8 byte order mark. Line numbers are not
// affected (a BOM holds no newline).
func sxStripBOM(b []byte) []byte {
	return bytes.TrimPrefix(b, []byte(sxUTF8BOM))
}

// sxNewDecoder returns a strict decoder over data that also accepts the
// single-byte encodings a hand-saved list may declare.
func sxNewDecoder(data []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = sxCharsetReader
	return d
}

// sxCharsetReader decodes ISO-8859-1, Windows-1252 and US-ASCII documents
// (encoding/xml itself only reads UTF-8).
func sxCharsetReader(label string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1":
		return charmap.ISO8859_1.NewDecoder().Reader(r), nil
	case "windows-1252", "cp1252", "x-cp1252":
		return charmap.Windows1252.NewDecoder().Reader(r), nil
	case "us-ascii", "ascii":
		return r, nil
	}
	return nil, fmt.Errorf("unsupported character encoding %q", label)
}

// sxRootName returns the local name and namespace of the first element of
// an XML document, skipping the declaration, comments, doctype and
// whitespace. ok is false when the head is not XML or text precedes the
// root. head may be cut anywhere after the root start tag.
func sxRootName(head []byte) (local, space string, ok bool) {
	head = bytes.TrimLeft(sxStripBOM(head), " \t\r\n")
	if len(head) == 0 || head[0] != '<' {
		return "", "", false
	}
	d := sxNewDecoder(head)
	for i := 0; i < 64; i++ {
		tok, err := d.RawToken()
		if err != nil {
			return "", "", false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			ns := ""
			for _, a := range t.Attr {
				if a.Name.Space == "" && a.Name.Local == "xmlns" {
					ns = a.Value
				}
			}
			return t.Name.Local, ns, true
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return "", "", false
			}
		case xml.EndElement:
			return "", "", false
		}
	}
	return "", "", false
}

// sxNotes collects List.Notes, each distinct note once.
type sxNotes struct {
	seen map[string]bool
	list []string
}

func (n *sxNotes) add(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if n.seen == nil {
		n.seen = map[string]bool{}
	}
	if n.seen[s] {
		return
	}
	n.seen[s] = true
	n.list = append(n.list, s)
}

// sxShort cuts s for use in a note.
func sxShort(s string) string {
	if len(s) <= sxMaxNoteLen {
		return s
	}
	cut := sxMaxNoteLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// sxClean trims s and collapses runs of white space (OFAC names now and
// then carry double spaces or line breaks).
func sxClean(s string) string {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "  ") && !strings.ContainsAny(s, "\t\r\n\u00a0") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// sxCountry maps an OFAC country text to an ISO code. Besides what
// entity.CountryCode knows it accepts OFAC's "Region: X" form ("Region:
// Gaza" → ps).
func sxCountry(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	c, ok := entity.CountryCode(s)
	if !ok && len(s) > 7 && strings.EqualFold(s[:7], "region:") {
		c, ok = entity.CountryCode(strings.TrimSpace(s[7:]))
	}
	if !ok {
		return "", false
	}
	if cur, dep := sxDeprecatedCodes[c]; dep {
		c = cur
	}
	return c, true
}

// sxDeprecatedCodes maps withdrawn ISO 3166 codes to the current ones.
// entity.CountryCode registers CLDR names of withdrawn regions too, so that
// for example "France" comes back as fx, "Panama" as pz, "Benin" as dy and
// "Burkina Faso" as hv; the readers correct that here.
var sxDeprecatedCodes = map[string]string{
	"fx": "fr", "pz": "pa", "dy": "bj", "hv": "bf", "nq": "aq", "wk": "um", "jt": "um", "mi": "um", "pu": "um",
	"bu": "mm", "dd": "de", "tp": "tl", "zr": "cd", "nh": "vu", "rh": "zw", "vd": "vn", "yd": "ye", "ct": "ki",
	"uk": "gb", "yu": "rs", "cs": "rs", "su": "ru",
}

// sxCountryInto adds the code for text to list; unknown text is kept in
// Properties[key] (when key is set) and noted.
func sxCountryInto(e *entity.Entity, list *[]string, text, key string, notes *sxNotes) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	if c, ok := sxCountry(text); ok {
		entity.AddCountry(list, c)
		return
	}
	if key != "" {
		e.AddProperty(key, text)
	}
	notes.add("country %q not recognised; kept as text", sxShort(text))
}

// sxGender maps OFAC's gender values.
func sxGender(v string) string {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "male", "m":
		return "male"
	case "female", "f":
		return "female"
	}
	return ""
}

// sxIMO strips the "IMO " prefix OFAC writes in front of IMO numbers, so
// that the identifier is the bare 7-digit number screening queries carry.
func sxIMO(v string) string {
	u := strings.TrimSpace(v)
	if len(u) > 3 && strings.EqualFold(u[:3], "imo") {
		rest := strings.TrimLeft(u[3:], " :#.")
		if len(rest) == 7 && strings.Trim(rest, "0123456789") == "" {
			return rest
		}
	}
	return u
}

// sxAddDetail files one OFAC labelled value (an sdnList idList/id, an
// enhanced feature or identity document) on e.
//
// A few labels are handled before ofac.IDKind because they are not
// identifiers: Gender; Nationality of Registration (a country: IDKind would
// call it a registration number); Aircraft Model, Aircraft Operator and
// Aircraft Manufacture Date (IDKind calls every aircraft label an "other"
// identifier). Everything else goes through IDKind: identifiers with their
// label, issuing country and currency; non-identifiers as properties.
// country is the ISO code of the issuing country, rawCountry its text as
// listed: an identifier whose country text does not map keeps that text in
// Properties["issuingCountry"]; a property value gets the text appended.
func sxAddDetail(e *entity.Entity, label, value, country, rawCountry string, notes *sxNotes) {
	label = sxClean(label)
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	switch strings.ToLower(label) {
	case "gender":
		if g := sxGender(value); g != "" {
			e.Gender = g
		} else {
			e.AddProperty("gender", value)
			notes.add("gender %q not recognised; kept as property gender", sxShort(value))
		}
		return
	case "nationality of registration":
		sxCountryInto(e, &e.Countries, value, "", notes)
		e.AddProperty("nationalityOfRegistration", value)
		return
	case "aircraft model":
		e.AddProperty("model", value)
		return
	case "aircraft operator":
		e.AddProperty("operator", value)
		return
	case "aircraft manufacture date":
		e.AddProperty("buildDate", value)
		return
	}
	t, cur, prop := IDKind(label)
	if t != "" {
		v := value
		if t == entity.IMO {
			v = sxIMO(v)
		}
		e.AddIdentifier(entity.Identifier{Type: t, Value: v, Country: country, Currency: cur, Label: label})
		if country == "" && strings.TrimSpace(rawCountry) != "" {
			e.AddProperty("issuingCountry", rawCountry)
		}
		if prop != "" {
			e.AddProperty(prop, value)
		}
		return
	}
	prop = sxPropKey(prop, label)
	if rawCountry != "" {
		value += " (" + strings.TrimSpace(rawCountry) + ")"
	}
	e.AddProperty(prop, value)
}

// sxPropKey returns IDKind's property key when it is a clean identifier;
// otherwise (ofacPropKey turns a digit that follows a separator into a
// control character: "Executive Order 13662…" → "executiveOrder\x113662…")
// it rebuilds the key from the label: lower camel case of its letters and
// digits. An empty key becomes "other".
func sxPropKey(prop, label string) string {
	clean := prop != ""
	for i := 0; i < len(prop) && clean; i++ {
		c := prop[i]
		clean = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	if clean {
		return prop
	}
	var b strings.Builder
	up := false
	for _, r := range label {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			if b.Len() == 0 {
				b.WriteRune(unicode.ToLower(r))
			} else if up {
				b.WriteRune(unicode.ToUpper(r))
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
			up = false
		case r >= '0' && r <= '9':
			b.WriteRune(r)
			up = false
		default:
			up = true
		}
	}
	if b.Len() == 0 {
		return "other"
	}
	return b.String()
}

// sxLines turns byte offsets into line numbers incrementally, so that
// recording the line of every record stays linear in the file size.
type sxLines struct {
	data []byte
	off  int64
	line int
}

func (l *sxLines) at(off int64) int {
	if off > int64(len(l.data)) {
		off = int64(len(l.data))
	}
	if off < l.off || l.line == 0 {
		l.off, l.line = 0, 1
	}
	l.line += bytes.Count(l.data[l.off:off], []byte{'\n'})
	l.off = off
	return l.line
}

// sxXMLError turns a decoder error into a *source.ParseError at the
// decoder's position.
func sxXMLError(f *source.File, data []byte, d *xml.Decoder, record string, err error) error {
	line := source.LineAt(data, d.InputOffset())
	if se, ok := err.(*xml.SyntaxError); ok && se.Line > 0 {
		line = se.Line
	}
	return source.Errorf(f, line, record, "%v", err)
}

// sxISODate checks s is YYYY-MM-DD (optionally followed by a time) and
// returns the date part.
func sxISODate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return "", false
	}
	d := s[:10]
	if d[4] != '-' || d[7] != '-' || len(s) > 10 && s[10] != 'T' && s[10] != ' ' {
		return "", false
	}
	y, m, day := sxAtoi(d[:4]), sxAtoi(d[5:7]), sxAtoi(d[8:10])
	if y < 1000 || m < 1 || m > 12 || day < 1 || day > sxDaysIn(y, m) {
		return "", false
	}
	return d, true
}

// sxAtoi parses a short run of ASCII digits; -1 when it is not one.
func sxAtoi(s string) int {
	if s == "" || len(s) > 9 {
		return -1
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func sxDaysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
