package text

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func words(d *Document) []string {
	var out []string
	for _, w := range d.Words {
		out = append(out, w.Text)
	}
	return out
}

func TestSplitWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Vladimir Putin's aide, Yuri Ushakov, said.", []string{"Vladimir", "Putin", "aide", "Yuri", "Ushakov", "said"}},
		{"Abu Bakr al-Baghdadi and O'Neill", []string{"Abu", "Bakr", "al-Baghdadi", "and", "O'Neill"}},
		{"Kim Jong Un's sister and Xi’s aide; it's A's", []string{"Kim", "Jong", "Un", "sister", "and", "Xi", "aide", "it", "A's"}},
		{"Владимир Путин заявил", []string{"Владимир", "Путин", "заявил"}},
		{"Mr. Smith met Dr. Jones", []string{"Mr", "Smith", "met", "Dr", "Jones"}},
		{"  ", nil},
		{"", nil},
	}
	for _, tt := range tests {
		d := Split(tt.in)
		if diff := cmp.Diff(tt.want, words(d)); diff != "" {
			t.Errorf("Split(%q) words (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestSplitOffsetsAndFlags(t *testing.T) {
	in := "Café owner Владимир Путин, said: \"Kim Jong Un\". next one"
	d := Split(in)
	rs := []rune(in)
	for _, w := range d.Words {
		if got := string(rs[w.Start:w.End]); got != w.Text {
			t.Errorf("word %q at %d-%d: runes give %q", w.Text, w.Start, w.End, got)
		}
	}
	if d.Chars != len(rs) {
		t.Errorf("Chars = %d, want %d", d.Chars, len(rs))
	}
	byText := map[string]Word{}
	for _, w := range d.Words {
		byText[w.Text] = w
	}
	for word, want := range map[string]struct{ upper, latin, brk bool }{
		"Café":     {true, true, true},
		"owner":    {false, true, false},
		"Владимир": {true, false, false},
		"said":     {false, true, true}, // after a comma
		"Kim":      {true, true, true},  // after a colon and a quote
		"Jong":     {true, true, false},
		"next":     {false, true, true}, // a new sentence
	} {
		w, ok := byText[word]
		if !ok {
			t.Errorf("no word %q", word)
			continue
		}
		if w.Upper != want.upper || w.Latin != want.latin || w.Break != want.brk {
			t.Errorf("%q: upper %v latin %v break %v, want %v %v %v", word, w.Upper, w.Latin, w.Break, want.upper, want.latin, want.brk)
		}
	}
	if got := d.WordsText(2, 3); got != "Владимир Путин" {
		t.Errorf("WordsText(2,3) = %q", got)
	}
	if d.WordsText(3, 2) != "" || d.WordsText(-1, 0) != "" || d.SentenceText(99) != "" {
		t.Error("out of range spans should be empty")
	}
}

func TestSentences(t *testing.T) {
	d := Split("Mr. Smith went to Washington. He met Gen. Jones! Did he? Yes.\n\nA new paragraph")
	var got []string
	for i := range d.Sentences {
		got = append(got, d.SentenceText(i))
	}
	want := []string{"Mr. Smith went to Washington.", "He met Gen. Jones!", "Did he?", "Yes.", "A new paragraph"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sentences (-want +got):\n%s", diff)
	}
}

func TestSegment(t *testing.T) {
	in := "据报道，张伟昨天说 Kim"
	d := Split(in)
	d.Segment(func(w string) []int {
		if w == "张伟昨天说" {
			return []int{2, 4}
		}
		return nil
	})
	want := []string{"据报道", "张伟", "昨天", "说", "Kim"}
	if diff := cmp.Diff(want, words(d)); diff != "" {
		t.Fatalf("segmented words (-want +got):\n%s", diff)
	}
	rs := []rune(in)
	for i, w := range d.Words {
		if string(rs[w.Start:w.End]) != w.Text {
			t.Errorf("piece %q at %d-%d", w.Text, w.Start, w.End)
		}
		if got := d.WordsText(i, i); got != w.Text {
			t.Errorf("WordsText(%d) = %q, want %q", i, got, w.Text)
		}
	}
	if !d.Words[1].Break || d.Words[2].Break || d.Words[3].Break {
		t.Errorf("break flags: %v %v %v", d.Words[1].Break, d.Words[2].Break, d.Words[3].Break)
	}
	// bad cuts are ignored, not a panic
	d = Split("张伟昨天")
	d.Segment(func(string) []int { return []int{0, 9, 2, 2} })
	if got := strings.Join(words(d), "|"); got != "张伟昨天" && !strings.Contains(got, "张伟") {
		t.Errorf("bad cuts gave %q", got)
	}
}

// Between, WordsText and SentenceText return the text they span, and ""
// for indices out of range or out of order.
func TestSpans(t *testing.T) {
	d := Split("Мы видели PUTIN, Vladimir. Then Kim’s aide left.")
	if got := strings.Join(words(d), "|"); got != "Мы|видели|PUTIN|Vladimir|Then|Kim|aide|left" {
		t.Fatalf("words %q", got)
	}
	for _, tc := range []struct {
		got, want string
	}{
		{d.Between(2, 3), ", "},
		{d.Between(0, 1), " "},
		{d.Between(5, 6), "’s "},
		{d.Between(3, 2), ""},
		{d.Between(2, 2), ""},
		{d.Between(-1, 1), ""},
		{d.Between(7, 8), ""},
		{d.WordsText(2, 3), "PUTIN, Vladimir"},
		{d.WordsText(3, 2), ""},
		{d.WordsText(0, 8), ""},
		{d.SentenceText(0), "Мы видели PUTIN, Vladimir."},
		{d.SentenceText(1), "Then Kim’s aide left."},
		{d.SentenceText(2), ""},
		{d.SentenceText(-1), ""},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestDetect(t *testing.T) {
	for in, want := range map[string]Format{
		"<!DOCTYPE html><html><body>x</body></html>": HTML,
		"\ufeff  <html>":                         HTML,
		"Some text <p>with a paragraph</p>":      HTML,
		"Plain text mentioning a <b> tag":        Plain,
		"Putin said the price cap < 60 dollars.": Plain,
		"":                                       Plain,
	} {
		if got := Detect([]byte(in)); got != want {
			t.Errorf("Detect(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExtractHTML(t *testing.T) {
	in := `<!doctype html><html><head><title>Sanctions  news</title><style>p{color:red}</style>
<script>var name = "Kim Jong Un";</script></head>
<body><header>Site header</header><nav><a href="/">Home</a></nav>
<article><h1>Headline</h1><p>Caf&eacute; owner met <b>Vladimir</b>&nbsp;Putin.</p><p>Second   paragraph<br>new line</p></article>
<footer>Footer text</footer><form><button>Subscribe</button></form></body></html>`
	got, err := ExtractHTML(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := "Sanctions news\nHeadline\nCafé owner met Vladimir Putin.\nSecond paragraph\nnew line"
	if got != want {
		t.Errorf("ExtractHTML:\n got %q\nwant %q", got, want)
	}
	// malformed HTML is read as a browser would
	got, err = ExtractHTML(strings.NewReader("<p>unclosed <b>bold <i>Kim Jong Un"))
	if err != nil || got != "unclosed bold Kim Jong Un" {
		t.Errorf("malformed: %q, %v", got, err)
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"Vladimir Putin's aide", "Mr. Smith. Dr. Who?", "据报道，张伟", "a\u0301b", "\xff\xfe", "'-'", "O'Neill-Smith's"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := Split(s)
		valid := s
		if !utf8.ValidString(s) {
			valid = strings.ToValidUTF8(s, "\uFFFD")
		}
		rs := []rune(valid)
		if d.Chars != len(rs) {
			t.Fatalf("Chars %d, want %d", d.Chars, len(rs))
		}
		prevEnd := 0
		for i, w := range d.Words {
			if w.Start < prevEnd || w.End <= w.Start || w.End > len(rs) {
				t.Fatalf("word %d %q at %d-%d after %d", i, w.Text, w.Start, w.End, prevEnd)
			}
			if string(rs[w.Start:w.End]) != w.Text || d.WordsText(i, i) != w.Text {
				t.Fatalf("word %d %q does not match its offsets", i, w.Text)
			}
			if w.Sentence < 0 || w.Sentence >= len(d.Sentences) {
				t.Fatalf("word %d in sentence %d of %d", i, w.Sentence, len(d.Sentences))
			}
			prevEnd = w.End
		}
	})
}

func FuzzExtractHTML(f *testing.F) {
	for _, s := range []string{"<p>a</p>", "<script>x", "<title>t</title><p>t</p>", "<nav><nav></nav>x", "&amp;&#0;&#xffffff;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := ExtractHTML(strings.NewReader(s))
		if err != nil {
			return
		}
		if strings.Contains(out, "<script") && !strings.Contains(s, "&lt;script") {
			t.Fatalf("script tag in output %q", out)
		}
		Split(out)
	})
}
