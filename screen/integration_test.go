package screen_test

import (
	"os"
	"path/filepath"
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
