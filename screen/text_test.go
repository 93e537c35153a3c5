package screen_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/text"
)

// checkOffsets verifies that every mention's offsets point at its text.
func checkOffsets(t *testing.T, res *screen.TextResult) {
	t.Helper()
	runes := []rune(res.Text)
	for _, m := range res.Mentions {
		if m.Start < 0 || m.End > len(runes) || m.Start >= m.End {
			t.Errorf("mention %q: offsets %d-%d outside 0-%d", m.Text, m.Start, m.End, len(runes))
			continue
		}
		if got := string(runes[m.Start:m.End]); got != m.Text {
			t.Errorf("mention at %d-%d: text %q, offsets point at %q", m.Start, m.End, m.Text, got)
		}
		if !strings.Contains(m.Sentence, m.Text) {
			t.Errorf("mention %q: sentence %q does not contain it", m.Text, m.Sentence)
		}
	}
	if res.Characters != len(runes) {
		t.Errorf("characters = %d, text has %d", res.Characters, len(runes))
	}
}

func matched(res *screen.TextResult) map[string][]string {
	out := map[string][]string{}
	for _, m := range res.Mentions {
		if m.Match {
			out[m.ID] = append(out[m.ID], m.Text)
		}
	}
	return out
}

func TestScreenTextArticle(t *testing.T) {
	svc := fixture(t)
	for _, file := range []string{"call.txt", "call_cyrillic.txt"} {
		t.Run(file, func(t *testing.T) {
			b, err := os.ReadFile("testdata/text/" + file)
			if err != nil {
				t.Fatal(err)
			}
			res, err := svc.ScreenText(string(b), screen.TextOptions{})
			if err != nil {
				t.Fatal(err)
			}
			checkOffsets(t, res)
			m := matched(res)
			// one full mention, six later surname-only mentions linked to it
			if len(m["test-putin"]) != 7 {
				t.Errorf("Putin matched %d times (%q), want 7", len(m["test-putin"]), m["test-putin"])
			}
			if len(m) != 1 {
				t.Errorf("matches %v, want Putin only", m)
			}
			if res.Format != string(text.Plain) {
				t.Errorf("format %q", res.Format)
			}
		})
	}
}

func TestScreenTextCases(t *testing.T) {
	svc := fixture(t)
	tests := []struct {
		name, text string
		format     text.Format
		want       []string // ids matched, in order of first mention
		weak       int      // low-confidence (non-matching) mentions of listed entities expected at least
	}{
		{"plain", "Yesterday Kim Jong Un inspected a missile site.", "", []string{"test-kim"}, 0},
		{"hangul", "조선중앙통신에 따르면 김정은 위원장이 현장을 방문했다.", "", []string{"test-kim"}, 0},
		{"hangul with particle", "김정은이 현지지도를 했다.", "", []string{"test-kim"}, 0},
		{"chinese unsegmented", "据新华社报道，张伟昨天在北京表示反对。", "", []string{"test-zhang"}, 0},
		{"chinese without listed name", "据新华社报道，王芳昨天在北京表示反对。", "", nil, 0},
		{"surname, given names", "The Treasury designated PUTIN, Vladimir Vladimirovich and IVANOVA, Yuliya on Friday.", "", []string{"test-putin", "test-ivanova"}, 0},
		{"surname, comma, not a name", "In Moscow, Vladimir said nothing.", "", nil, 0},
		{"organisation", "Shares of Rosneft fell after the announcement. Bank Melli Iran declined to comment.", "", []string{"test-rosneft", "test-melli"}, 0},
		{"no listed party", "Olga Petrova and George Smith met the Trading Standards officers in Leeds.", "", nil, 0},
		{"surname alone", "Ivanova said the figures were wrong.", "", nil, 1},
		{"surname with full mention", "Yuliya Ivanova arrived late. Ivanova said the figures were wrong.", "", []string{"test-ivanova"}, 0},
		{"lower case words", "the islam of yusuf ali is not a name here", "", nil, 0},
		{"html", `<html><head><title>t</title><script>var x = "Kim Jong Un";</script></head><body><nav>Home | Khalid Sheikh Mohammed</nav><p>President <b>Vladimir</b> Putin said.</p></body></html>`, text.HTML, []string{"test-putin"}, 0},
		{"empty", "", "", nil, 0},
		{"punctuation only", "…— ?!", "", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := svc.ScreenText(tt.text, screen.TextOptions{Format: tt.format})
			if err != nil {
				t.Fatal(err)
			}
			checkOffsets(t, res)
			var got []string
			weak := 0
			for _, m := range res.Mentions {
				if !m.Match {
					weak++
					continue
				}
				if len(got) == 0 || got[len(got)-1] != m.ID {
					got = append(got, m.ID)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("matched %v, want %v; mentions %+v", got, tt.want, res.Mentions)
			}
			if weak < tt.weak {
				t.Errorf("%d low-confidence mentions, want at least %d", weak, tt.weak)
			}
		})
	}
}

func TestScreenTextHTMLOffsets(t *testing.T) {
	svc := fixture(t)
	doc := `<p>Caf&eacute; owner met <i>Kim&nbsp;Jong Un</i> — twice.</p>`
	res, err := svc.ScreenText(doc, screen.TextOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != string(text.HTML) {
		t.Fatalf("format %q, want html detected", res.Format)
	}
	checkOffsets(t, res)
	if strings.Contains(res.Text, "<") || !strings.Contains(res.Text, "Café") {
		t.Errorf("extracted text %q", res.Text)
	}
	if m := matched(res); len(m["test-kim"]) != 1 {
		t.Errorf("matches %v", m)
	}
}

func TestScreenTextBadInput(t *testing.T) {
	svc := fixture(t)
	for name, tc := range map[string]struct {
		text string
		opt  screen.TextOptions
	}{
		"invalid utf-8":     {"Kim Jong Un \xff\xfe", screen.TextOptions{}},
		"threshold above 1": {"Kim Jong Un", screen.TextOptions{Threshold: 1.5}},
		"unknown format":    {"Kim Jong Un", screen.TextOptions{Format: "pdf"}},
		"too large":         {strings.Repeat("Kim Jong Un ", text.MaxBytes/12+1), screen.TextOptions{}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := svc.ScreenText(tc.text, tc.opt)
			if !errors.Is(err, screen.ErrQuery) {
				t.Errorf("err = %v, want a query error", err)
			}
		})
	}
}

func TestScreenTextLimit(t *testing.T) {
	svc := fixture(t)
	doc := strings.Repeat("Kim Jong Un spoke. ", 50)
	res, err := svc.ScreenText(doc, screen.TextOptions{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Mentions) != 10 {
		t.Errorf("%d mentions with limit 10", len(res.Mentions))
	}
}

func FuzzScreenText(f *testing.F) {
	svc := fixture(f)
	for _, s := range []string{"Kim Jong Un", "<p>Putin</p>", "Владимир Путин", "Ivanova. Ivanova", "\xff", "A\u0301B C"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		res, err := svc.ScreenText(s, screen.TextOptions{})
		if !utf8.ValidString(s) {
			if err == nil {
				t.Fatal("invalid UTF-8 accepted")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		checkOffsets(t, res)
	})
}

func TestScreenTextAlternatives(t *testing.T) {
	svc := fixture(t)
	res, err := svc.ScreenText("Shares of Rosneft fell.", screen.TextOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// one mention of the words, the parent first and its listed subsidiary
	// as an alternative
	if len(res.Mentions) != 1 {
		t.Fatalf("%d mentions: %+v", len(res.Mentions), res.Mentions)
	}
	m := res.Mentions[0]
	if m.ID != "test-rosneft" || len(m.Alternatives) != 1 || m.Alternatives[0].ID != "test-rosneft-trading" || m.Alternatives[0].Score > m.Score {
		t.Errorf("mention %+v", m)
	}
}
