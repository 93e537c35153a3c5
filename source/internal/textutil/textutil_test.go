package textutil

import "testing"

func TestDetectScript(t *testing.T) {
	for in, want := range map[string]string{
		"Vladimir PUTIN": "Latn", "Владимир Путин": "Cyrl", "Βλαντιμίρ Πούτιν": "Grek", "فلاديمير بوتين": "Arab",
		"ולדימיר פוטין": "Hebr", "普京": "Hani", "푸틴": "Hang", "プーチン": "Jpan", "«»": "",
		"ERIC BADEGE": "Latn", "Türkiye": "Latn", "صدام حسين التكريتي": "Arab", "Умаров Доку": "Cyrl",
		"Μέγα Ισλαµικό": "Grek", "華信船務(香港)有限公司": "Hani", "김정은": "Hang", "金正恩 김정은": "Kore",
		"ヤマダ タロウ": "Jpan", "123 - ()": "", "شیر محمد عباس استانکزی": "Arab",
	} {
		if got := DetectScript(in); got != want {
			t.Errorf("DetectScript(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"2026-02-27T00:00:09.554Z": "2026-02-27", "2015-04-07-04:00": "2015-04-07", "2015-4-7": "", "": "", "abcd-ef-gh": "",
	} {
		if got := ISODate(in); got != want {
			t.Errorf("ISODate(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Clean(" Deputy Minister of\n                Finance\t "); got != "Deputy Minister of Finance" {
		t.Errorf("Clean = %q", got)
	}
	if got := JoinNonEmpty(", ", "", "a", "", "b", ""); got != "a, b" {
		t.Errorf("JoinNonEmpty = %q", got)
	}
}
