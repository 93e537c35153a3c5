package ofac

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/internal/shared"
	"github.com/embargo/embargo/internal/sourcetest"
	"github.com/embargo/embargo/source"
)

func TestCryptoGolden(t *testing.T) {
	lists := csvLoad(t, filepath.Join("testdata", "crypto", "set"), CryptoAddresses)
	if len(lists) != 1 {
		t.Fatalf("%d lists", len(lists))
	}
	l := lists[0]
	l.SHA256 = ""
	sourcetest.Golden(t, filepath.Join("testdata", "crypto", "set.golden.json"), l)

	if l.ID != "ofac-crypto" || l.Format != "ofac-crypto-txt" || l.Published != "" || len(l.Files) != 5 {
		t.Errorf("list %q %q %q files %q", l.ID, l.Format, l.Published, l.Files)
	}
	// 3 XBT (one listed twice), 2 ETH, 1 USDT, 1 XMR, none in the empty ZEC file
	if len(l.Entities) != 7 {
		t.Fatalf("%d entities, want 7", len(l.Entities))
	}
	e := l.Entities[0] // ETH comes first: files are read in name order
	want := entity.Identifier{Type: entity.CryptoAddress, Value: "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", Currency: "ETH"}
	if e.Schema != entity.CryptoWallet || len(e.Names) != 0 || len(e.Identifiers) != 1 || e.Identifiers[0] != want ||
		e.Sources[0] != (entity.Source{List: "ofac-crypto", RecordID: "ETH:0x098B716B8Aaf21512996dC57EB0615e2383E2f96"}) ||
		e.Properties["currency"][0] != "ETH" || e.Caption() != want.Value {
		t.Errorf("entity %+v", e)
	}
	if len(l.Notes) != 1 || !strings.Contains(l.Notes[0], "listed twice (line 5)") {
		t.Errorf("notes %q", l.Notes)
	}
}

func TestCryptoDetect(t *testing.T) {
	addr := "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h\n"
	for _, tc := range []struct {
		name, head string
		want       source.Role
	}{
		{"sanctioned_addresses_XBT.txt", addr, source.Member},
		{"sanctioned_addresses_ETH.txt", "\xEF\xBB\xBF0x098B716B8Aaf21512996dC57EB0615e2383E2f96\r\n", source.Member},
		{"sanctioned_addresses_ZEC.txt", "", source.Member},
		{"addresses.txt", addr, source.None},
		{"sanctioned_addresses_.txt", addr, source.None},
		{"sanctioned_addresses_XBT.csv", addr, source.None},
		{"sanctioned_addresses_XBT.txt", "MIT License\n", source.None},
		{"sanctioned_addresses_XBT.txt", `<?xml version="1.0"?><sdnList>`, source.None},
		{"sanctioned_addresses_XBT.txt", `{"id":"x","schema":"CryptoWallet"}`, source.None},
		{"sanctioned_addresses_XBT.txt", "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\"\r\n", source.None},
		{"sdn.csv", "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", source.None},
	} {
		if got := CryptoAddresses.Detect(tc.name, []byte(tc.head)); got != tc.want {
			t.Errorf("Detect(%s, %.30q) = %v, want %v", tc.name, tc.head, got, tc.want)
		}
	}
	// the CSV reader leaves the address files alone, and the other way round
	if got := LegacyCSV.Detect("sanctioned_addresses_XBT.txt", []byte(addr)); got != source.None {
		t.Errorf("LegacyCSV claims an address file: %v", got)
	}
}

func TestCryptoCheck(t *testing.T) {
	for in, bad := range map[string]bool{
		"12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h":                      false,
		"bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6":              false,
		"0x098B716B8Aaf21512996dC57EB0615e2383E2f96":              false,
		"rnXyVQzgxZe7TR1EPzTkGj2jxH4LMJYh66":                      false,
		"1Kuf2Rd8":                                                true,
		"1Kuf2Rd8mDy AViwBozGTNYnvWL8uYFrkVo":                     true,
		"1Kuf2Rd8mDy;AViwBozGTNYnvWL8uYFrkVo":                     true,
		"0x098B716B8Aaf21512996dC57EB0615e2383E2fZZ":              true,
		"1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo€":                     true,
		strings.Repeat("a", 111):                                  true,
		"49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8Jp": false,
	} {
		if got := cryptoCheck(in) != ""; got != bad {
			t.Errorf("cryptoCheck(%q) = %q, want bad=%v", in, cryptoCheck(in), bad)
		}
	}
}

func TestCryptoBad(t *testing.T) {
	for _, tc := range []struct {
		dir, file string
		line      int
		want      string
	}{
		{"spaces", "sanctioned_addresses_XBT.txt", 2, "spaces inside an address"},
		{"short", "sanctioned_addresses_XBT.txt", 3, "length 8"},
		{"chars", "sanctioned_addresses_LTC.txt", 2, `invalid character ";"`},
		{"hex", "sanctioned_addresses_ETH.txt", 2, "in a hex address"},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			_, _, err := source.Load(filepath.Join("testdata", "crypto", "bad", tc.dir), []source.Format{CryptoAddresses}, source.LoadOptions{})
			var pe *source.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want a *source.ParseError", err)
			}
			if filepath.Base(pe.File) != tc.file || pe.Line != tc.line || pe.Record == "" || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want %s:%d %q", err, tc.file, tc.line, tc.want)
			}
		})
	}
	// a file whose name carries no currency
	_, err := CryptoAddresses.Parse([]*source.File{{Name: "x.txt", Path: "x.txt", Data: []byte("12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h\n")}})
	var pe *source.ParseError
	if !errors.As(err, &pe) {
		t.Errorf("error %v", err)
	}
}

func TestCryptoReal(t *testing.T) {
	dir := shared.Lists(t, "archive", "ofac-crypto-addresses-2024-09")
	lists := csvLoad(t, dir, CryptoAddresses, LegacyCSV)
	if len(lists) != 1 {
		t.Fatalf("%d lists", len(lists))
	}
	l := lists[0]
	if len(l.Entities) != 654 || len(l.Files) != 17 {
		t.Errorf("%d wallets from %d files, want 654 from 17", len(l.Entities), len(l.Files))
	}
	cur := map[string]int{}
	for _, e := range l.Entities {
		cur[e.Identifiers[0].Currency]++
	}
	if cur["XBT"] != 435 || cur["ETH"] != 152 || cur["USDT"] != 26 || cur["XMR"] != 3 {
		t.Errorf("per currency %v", cur)
	}
	if len(l.Notes) != 0 {
		t.Errorf("notes %q", l.Notes)
	}
}

func FuzzCrypto(f *testing.F) {
	ents, _ := os.ReadDir(filepath.Join("testdata", "crypto", "set"))
	for _, de := range ents {
		data, _ := os.ReadFile(filepath.Join("testdata", "crypto", "set", de.Name()))
		f.Add(de.Name(), data)
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		CryptoAddresses.Detect(name, data)
		l, err := CryptoAddresses.Parse([]*source.File{{Name: name, Path: name, Data: data}})
		if err != nil {
			var pe *source.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *source.ParseError", err)
			}
			return
		}
		for _, e := range l.Entities {
			if len(e.Identifiers) != 1 || cryptoCheck(e.Identifiers[0].Value) != "" {
				t.Fatalf("entity %+v", e)
			}
		}
	})
}
