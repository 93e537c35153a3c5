// Package text prepares documents for screening: it extracts readable text
// from HTML (dropping scripts, styles, navigation and other boilerplate),
// splits text into sentences and words with their character offsets, and
// marks the words that could be part of a name. It knows nothing of the
// lists; package screen does the matching.
//
// Offsets are in Unicode code points (characters) of the plain text, so
// that clients in any language can slice the text they get back.
package text

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// MaxBytes bounds a document.
const MaxBytes = 10 << 20

// ErrTooLarge is returned for documents over MaxBytes.
var ErrTooLarge = errors.New("text: document larger than 10 MB")

// Format of a document.
type Format string

const (
	Plain Format = "text"
	HTML  Format = "html"
)

// Detect guesses whether a document is HTML: it starts (after spaces) with
// a tag or a doctype, or holds common block tags early on.
func Detect(b []byte) Format {
	head := b
	if len(head) > 4096 {
		head = head[:4096]
	}
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	lt := bytes.ToLower(t)
	if bytes.HasPrefix(lt, []byte("<!doctype html")) || bytes.HasPrefix(lt, []byte("<html")) {
		return HTML
	}
	for _, tag := range []string{"<p>", "<p ", "<div", "<body", "<br", "<article", "<span", "<h1", "<h2", "<a href"} {
		if bytes.Contains(lt, []byte(tag)) {
			return HTML
		}
	}
	return Plain
}

// skipped are elements whose content is not part of the readable text.
var skipped = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "svg": true, "math": true,
	"nav": true, "header": true, "footer": true, "aside": true, "form": true, "button": true,
	"iframe": true, "head": true, "select": true, "option": true, "canvas": true, "object": true,
}

// blocks start a new line in the extracted text.
var blocks = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "tr": true, "td": true, "th": true, "table": true, "section": true,
	"article": true, "blockquote": true, "pre": true, "figcaption": true, "figure": true, "dd": true, "dt": true,
	"main": true, "hr": true, "title": true, "caption": true,
}

// ExtractHTML returns the readable text of an HTML document: text nodes
// outside skipped elements (scripts, styles, navigation, headers, footers,
// forms), with a line break at block elements and entities decoded. The
// title is kept as the first line. Malformed HTML is read as browsers do.
func ExtractHTML(r io.Reader) (string, error) {
	z := html.NewTokenizer(io.LimitReader(r, MaxBytes+1))
	var b strings.Builder
	var title string
	depth := 0 // inside skipped elements
	inTitle := false
	newline := func() {
		s := b.String()
		if len(s) > 0 && !strings.HasSuffix(s, "\n") {
			b.WriteByte('\n')
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				return "", err
			}
			out := strings.TrimSpace(b.String())
			if title != "" && !strings.HasPrefix(out, title) {
				out = title + "\n" + out
			}
			if b.Len() > MaxBytes {
				return "", ErrTooLarge
			}
			return out, nil
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if tag == "title" && depth <= 1 {
				inTitle = true
			}
			if skipped[tag] && tt == html.StartTagToken {
				depth++
			}
			if blocks[tag] {
				newline()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if tag == "title" {
				inTitle = false
			}
			if skipped[tag] && depth > 0 {
				depth--
			}
			if blocks[tag] {
				newline()
			}
		case html.TextToken:
			t := string(z.Text())
			if inTitle {
				title = strings.Join(strings.Fields(t), " ")
				continue
			}
			if depth > 0 {
				continue
			}
			// collapse runs of white space as a browser would
			t = collapse(t)
			if t == "" {
				continue
			}
			if s := b.String(); strings.HasSuffix(s, "\n") || len(s) == 0 {
				t = strings.TrimLeft(t, " ")
			}
			b.WriteString(t)
		}
	}
}

func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Word is one word of a text.
type Word struct {
	Text     string // as written, without a possessive ending (a substring of the document)
	Start    int    // code point offset of the first character
	End      int    // code point offset after the last character (of Text)
	Sentence int    // index into the document's sentences
	Upper    bool   // starts with a capital letter, or is in a script without case
	Latin    bool   // Latin letters only
	// Break is true when punctuation other than a hyphen or apostrophe, or
	// a line break, separates this word from the previous one: names do
	// not run across it.
	Break bool

	bstart, bend int // byte offsets
}

// Sentence is a span of the text.
type Sentence struct {
	Start, End   int // code point offsets
	bstart, bend int
}

// Document is a text split into words and sentences.
type Document struct {
	Text      string
	Chars     int // code points
	Words     []Word
	Sentences []Sentence
}

// SentenceText returns the text of sentence i, trimmed.
func (d *Document) SentenceText(i int) string {
	if i < 0 || i >= len(d.Sentences) {
		return ""
	}
	s := d.Sentences[i]
	return strings.TrimSpace(d.Text[s.bstart:s.bend])
}

// WordsText returns the text from the start of word i to the end of word j.
func (d *Document) WordsText(i, j int) string {
	if i < 0 || j >= len(d.Words) || i > j {
		return ""
	}
	return d.Text[d.Words[i].bstart:d.Words[j].bend]
}

// abbreviations end in a dot without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "jr": true, "sr": true, "gen": true,
	"col": true, "lt": true, "sgt": true, "capt": true, "maj": true, "rev": true, "hon": true, "no": true, "vs": true,
	"etc": true, "inc": true, "ltd": true, "co": true, "corp": true, "u": true, "s": true, "e": true, "g": true, "i": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true, "gov": true, "sen": true, "rep": true, "pres": true, "dept": true, "mt": true,
}

// Split tokenises a text into words and sentences. Invalid UTF-8 is
// replaced. Possessive endings ('s, ’s) are kept out of words. Words are
// substrings of the text: splitting allocates little.
func Split(s string) *Document {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	d := &Document{Text: s, Words: make([]Word, 0, len(s)/7+8)}
	sp := &splitter{d: d, s: s}
	sp.run()
	return d
}

type splitter struct {
	d          *Document
	s          string
	sentStart  int // rune offset
	sentBStart int // byte offset
	lineStart  int // rune offset of the current line
}

// at decodes the rune at byte offset b.
func (sp *splitter) at(b int) (rune, int) {
	if b >= len(sp.s) {
		return 0, 0
	}
	c := sp.s[b]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(sp.s[b:])
}

func (sp *splitter) run() {
	d, s := sp.d, sp.s
	brk := true
	b, ri := 0, 0 // byte and rune offsets
	for b < len(s) {
		r, n := sp.at(b)
		if !isWordRune(r) {
			switch {
			case r == '\n':
				brk = true
				nr, _ := sp.at(b + n)
				if nr == '\n' || ri-sp.lineStart < 100 {
					sp.endSentence(ri+1, b+n)
				}
				sp.lineStart = ri + 1
			case r == '.' || r == '!' || r == '?' || r == '。' || r == '！' || r == '？' || r == '؟':
				brk = true
				if r != '.' || !sp.abbrevBefore(b) {
					// the sentence ends after any closing quotes
					eb, er := b+n, ri+1
					for eb < len(s) {
						q, qn := sp.at(eb)
						if !strings.ContainsRune("\"'”’»)]", q) {
							break
						}
						eb += qn
						er++
					}
					sp.endSentence(er, eb)
				}
			case r == '-' || r == '‐' || r == '\'' || r == '’' || unicode.IsSpace(r):
				// hyphens and apostrophes join name parts; spaces do not break names
			default:
				brk = true // commas, colons, quotes, brackets …
			}
			b += n
			ri++
			continue
		}
		// a word: letters and digits, with inner hyphens and apostrophes
		wb, wr := b, ri
		eb, er := b, ri
		for eb < len(s) {
			c, cn := sp.at(eb)
			if isWordRune(c) {
				eb += cn
				er++
				continue
			}
			if (c == '\'' || c == '’' || c == '-') && eb > wb {
				nc, _ := sp.at(eb + cn)
				if isWordRune(nc) {
					eb += cn
					er++
					continue
				}
			}
			break
		}
		w := Word{Start: wr, End: er, bstart: wb, bend: eb, Sentence: len(d.Sentences), Break: brk}
		// possessive: Putin's, Putin’s
		txt := s[wb:eb]
		for _, suf := range []string{"'s", "’s", "'S", "’S"} {
			if len(txt) >= len(suf)+2 && strings.HasSuffix(txt, suf) {
				w.bend = eb - len(suf)
				w.End = er - 2
				break
			}
		}
		w.Text = s[w.bstart:w.bend]
		first, _ := sp.at(wb)
		w.Upper = unicode.IsUpper(first) || unicode.IsTitle(first) || (unicode.IsLetter(first) && !unicode.IsLower(first) && !unicode.IsUpper(first))
		w.Latin = true
		for i := 0; i < len(w.Text); i++ {
			if w.Text[i] >= 0x80 {
				for _, c := range w.Text {
					if unicode.IsLetter(c) && c >= 0x250 {
						w.Latin = false
						break
					}
				}
				break
			}
		}
		d.Words = append(d.Words, w)
		brk = false
		b, ri = eb, er
	}
	d.Chars = ri
	sp.endSentence(ri, len(s))
}

func (sp *splitter) endSentence(end, bend int) {
	d := sp.d
	if bend > len(sp.s) {
		bend = len(sp.s)
	}
	if bend <= sp.sentBStart {
		return
	}
	if strings.TrimSpace(sp.s[sp.sentBStart:bend]) != "" {
		d.Sentences = append(d.Sentences, Sentence{Start: sp.sentStart, End: end, bstart: sp.sentBStart, bend: bend})
		// the words of this sentence
		for k := len(d.Words) - 1; k >= 0 && d.Words[k].bstart >= sp.sentBStart; k-- {
			d.Words[k].Sentence = len(d.Sentences) - 1
		}
	}
	sp.sentStart, sp.sentBStart = end, bend
}

func (sp *splitter) abbrevBefore(dot int) bool {
	d := sp.d
	if len(d.Words) == 0 {
		return false
	}
	w := d.Words[len(d.Words)-1]
	if w.bend != dot {
		return false
	}
	if len(w.Text) <= 5 && abbreviations[strings.ToLower(w.Text)] {
		return true
	}
	// single capital letters are initials: "Vladimir V. Putin"
	return utf8.RuneCountInString(w.Text) == 1 && w.Upper
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// Segment splits words of scripts written without spaces (Chinese,
// Japanese) at the rune positions cut returns for them (positions strictly
// inside the word, ascending); other words are kept. The pieces after the
// first do not break a name: they are written together.
func (d *Document) Segment(cut func(word string) []int) {
	var out []Word
	for i, w := range d.Words {
		cuts := cut(w.Text)
		if len(cuts) == 0 {
			if out != nil {
				out = append(out, w)
			}
			continue
		}
		if out == nil {
			out = make([]Word, 0, len(d.Words)+2*len(cuts))
			out = append(out, d.Words[:i]...)
		}
		prev, pb := 0, 0
		rs := []rune(w.Text)
		for k := 0; k <= len(cuts); k++ {
			end := len(rs)
			if k < len(cuts) {
				end = cuts[k]
			}
			if end <= prev || end > len(rs) {
				continue
			}
			nb := pb + len(string(rs[prev:end]))
			piece := w
			piece.Text = w.Text[pb:nb]
			piece.Start, piece.End = w.Start+prev, w.Start+end
			piece.bstart, piece.bend = w.bstart+pb, w.bstart+nb
			piece.Break = w.Break && prev == 0
			out = append(out, piece)
			prev, pb = end, nb
		}
	}
	if out != nil {
		d.Words = out
	}
}

// Between returns the text between the end of word i and the start of
// word j (i < j), e.g. ", " in "PUTIN, Vladimir".
func (d *Document) Between(i, j int) string {
	if i < 0 || j >= len(d.Words) || i >= j {
		return ""
	}
	return d.Text[d.Words[i].bend:d.Words[j].bstart]
}
