package screen_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/embargo/embargo/internal/testlists"
	"github.com/embargo/embargo/payment"
	"github.com/embargo/embargo/screen"
)

// TestTextRealLists screens the news articles against the real lists:
// every mention of Putin (as written, in Cyrillic, with Russian case
// endings, by surname alone) is found, and nobody else in the articles
// (a French president, Kremlin aides, analysts, journalists) matches.
func TestTextRealLists(t *testing.T) {
	svc := testlists.Current(t)
	for file, want := range map[string]int{"call.txt": 7, "call_cyrillic.txt": 7, "call_ru.txt": 4} {
		b, err := os.ReadFile(filepath.Join("testdata/text", file))
		if err != nil {
			t.Fatal(err)
		}
		res, err := svc.ScreenText(string(b), screen.TextOptions{})
		if err != nil {
			t.Fatal(err)
		}
		checkOffsets(t, res)
		var putin int
		for _, m := range res.Mentions {
			if !m.Match {
				continue
			}
			if !strings.Contains(m.Caption, "PUTIN") || m.Caption == "" {
				t.Errorf("%s: %q at %d matched %s (%s)", file, m.Text, m.Start, m.Caption, m.ID)
				continue
			}
			putin++
		}
		if putin != want {
			t.Errorf("%s: Putin matched %d times, want %d", file, putin, want)
		}
	}
}

// TestTextRealListsOtherScripts: listed people named in Arabic and
// Russian news sentences, among words a script without capitals does not
// set apart.
func TestTextRealListsOtherScripts(t *testing.T) {
	svc := testlists.Current(t)
	for _, tc := range []struct{ doc, mention, caption string }{
		{"قال زعيم الحوثيين عبد الملك الحوثي في كلمة متلفزة إن الهجمات ستستمر، فيما دعا وزير الخارجية الأمريكي إلى التهدئة.", "عبد الملك الحوثي", "Huthi"},
		{"В пятницу Владимир Путин провёл совещание с членами Совета безопасности.", "Владимир Путин", "PUTIN"},
		{"The Treasury designated PUTIN, Vladimir Vladimirovich in 2022.", "PUTIN, Vladimir Vladimirovich", "PUTIN"},
	} {
		res, err := svc.ScreenText(tc.doc, screen.TextOptions{})
		if err != nil {
			t.Fatal(err)
		}
		checkOffsets(t, res)
		ok := false
		for _, m := range res.Mentions {
			ok = ok || (m.Match && m.Text == tc.mention && strings.Contains(strings.ToUpper(m.Caption), strings.ToUpper(tc.caption)))
		}
		if !ok {
			t.Errorf("%q: want %q matching %s; got %+v", tc.doc, tc.mention, tc.caption, res.Mentions)
		}
	}
}

// TestPaymentRealLists screens the sample payment messages against the
// real lists.
func TestPaymentRealLists(t *testing.T) {
	svc := testlists.Current(t)
	for file, want := range map[string]struct {
		decision string
		reason   string
	}{
		"pacs008_listed_creditor.xml":  {screen.Hold, `creditor "Sovkomflot PJSC"`},
		"pacs008_innocent.xml":         {screen.Pass, ""},
		"mt103_listed_beneficiary.fin": {screen.Hold, "matches Vladimir Vladimirovich PUTIN"},
		"mt103_innocent.fin":           {screen.Pass, ""},
		"mt103_crimea.fin":             {screen.Hold, "address in Crimea"},
	} {
		b, err := os.ReadFile(filepath.Join("testdata/payment", file))
		if err != nil {
			t.Fatal(err)
		}
		m, err := payment.Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		res, err := svc.ScreenPayment(m, screen.PaymentOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Decision != want.decision || !strings.Contains(strings.Join(res.Reasons, "\n"), want.reason) {
			t.Errorf("%s: %s %q, want %s with %q", file, res.Decision, res.Reasons, want.decision, want.reason)
		}
	}
}

// opticks returns Newton's Opticks (1730, from Project Gutenberg), shipped
// with Go as $GOROOT/src/testdata/Isaac.Newton-Opticks.txt, or skips.
func opticks(tb testing.TB) string {
	tb.Helper()
	prose, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "src", "testdata", "Isaac.Newton-Opticks.txt"))
	if err != nil {
		tb.Skipf("no public-domain corpus in this Go installation: %v", err)
	}
	return string(prose)
}

// TestTextPrecision screens public-domain prose (Newton's Opticks, shipped
// with Go) that names no listed party: capitalised nouns, headings and
// figure labels must not come out as matches. What remains is an
// organisation whose name is the planet the book discusses ("Saturn").
func TestTextPrecision(t *testing.T) {
	svc := testlists.Current(t)
	res, err := svc.ScreenText(opticks(t), screen.TextOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var matched []string
	for _, m := range res.Mentions {
		if m.Match {
			matched = append(matched, m.Text+" → "+m.Caption)
		}
	}
	t.Logf("%d mentions, %d matches in %d characters: %q", len(res.Mentions), len(matched), res.Characters, matched)
	for _, m := range matched {
		if !strings.HasPrefix(m, "Saturn →") {
			t.Errorf("false match in the Opticks: %s", m)
		}
	}
	if len(res.Mentions) > 20 {
		t.Errorf("%d mentions in a text that names no listed party", len(res.Mentions))
	}
}

// TestTextPrecisionNews screens 256 KB of generated news that names
// only people and companies of the faker set (customers, not listed
// parties) in 8 locales. A customer's name can be a listed name too (the
// same collisions name screening has, 0.2% of these names); the parties
// matched must stay as rare, and nothing else may match.
func TestTextPrecisionNews(t *testing.T) {
	svc := testlists.Current(t)
	doc, inserted := newsCorpusNames(t, 256<<10, false)
	res, err := svc.ScreenText(doc, screen.TextOptions{})
	if err != nil {
		t.Fatal(err)
	}
	parties := map[string]bool{}
	var matched []string
	for _, m := range res.Mentions {
		if m.Match {
			parties[m.ID] = true
			matched = append(matched, m.Text+" → "+m.Caption)
		}
	}
	t.Logf("%d names put in, %d mentions, %d matches of %d listed parties: %q", inserted, len(res.Mentions), len(matched), len(parties), matched)
	if limit := inserted / 200; len(parties) > limit {
		t.Errorf("%d listed parties matched by %d customer names, want at most %d (0.5%%)", len(parties), inserted, limit)
	}
}
