package cli_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embargo/embargo/cli"
)

const article = "President Vladimir Putin met the minister. Later, Putin left Moscow.\nJoe Bloggs reported."

func TestTextCommand(t *testing.T) {
	env(t)
	r := runIn(t, article, "text", "--data", lists, "-")
	if r.code != cli.ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"-: 2 mention(s), 2 match(es) in 89 characters (text)", "10-24", "Vladimir Putin", "50-55", putinID} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}

	// JSON: offsets are code points into the text
	r = runIn(t, article, "text", "--data", lists, "--json", "-")
	var out struct {
		Mentions []struct {
			Start, End int
			Text, ID   string
			Match      bool
		}
		Characters int
		Format     string
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	rs := []rune(article)
	if len(out.Mentions) != 2 || out.Characters != len(rs) {
		t.Fatalf("%+v", out)
	}
	for _, m := range out.Mentions {
		if string(rs[m.Start:m.End]) != m.Text || m.ID != putinID || !m.Match {
			t.Errorf("mention %+v", m)
		}
	}

	// HTML from a file: the script is not text
	p := writeFile(t, "page.html", `<html><body><script>var x="Vladimir Putin"</script><p>Nothing to see.</p></body></html>`)
	r = ok(t, "text", "--data", lists, p)
	if !strings.Contains(r.stdout, "0 mention(s), 0 match(es)") || !strings.Contains(r.stdout, "(html)") {
		t.Errorf("html: %s", r.stdout)
	}

	// --fail-on-match
	if r := runIn(t, article, "text", "--data", lists, "--fail-on-match", "-"); r.code != cli.ExitMatched {
		t.Errorf("--fail-on-match with a match: exit %d", r.code)
	}
	if r := runIn(t, "Nobody listed here.", "text", "--data", lists, "--fail-on-match", "-"); r.code != cli.ExitOK {
		t.Errorf("--fail-on-match without a match: exit %d %s", r.code, r.stderr)
	}
}

func TestTextCommandErrors(t *testing.T) {
	env(t)
	missing := filepath.Join(t.TempDir(), "nope.txt")
	for name, tc := range map[string]struct {
		stdin string
		args  []string
		code  int
		want  string
	}{
		"missing file":  {"", []string{missing}, cli.ExitError, "nope.txt"},
		"invalid UTF-8": {"Putin \xff", []string{"-"}, cli.ExitError, "-: screen: invalid query: the document is not valid UTF-8"},
		"bad format":    {"x", []string{"--format", "pdf", "-"}, cli.ExitUsage, `--format "pdf": want text or html`},
		"bad threshold": {"x", []string{"--threshold", "3", "-"}, cli.ExitUsage, "--threshold 3"},
		"no file":       {"", []string{}, cli.ExitUsage, "accepts 1 arg"},
	} {
		t.Run(name, func(t *testing.T) {
			r := runIn(t, tc.stdin, append([]string{"text", "--data", lists}, tc.args...)...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", r.code, tc.code, r.stderr, tc.want)
			}
		})
	}
}

func mt103(beneficiary string) string {
	return "{1:F01NWBKGB2LAXXX0000000000}{2:I103COBADEFFXXXXN}{4:\n:20:REF42\n:23B:CRED\n:32A:261128EUR1000,00\n" +
		":50K:/GB29NWBK60161331926819\nHARBOUR MARINE SUPPLIES LTD\nSOUTHAMPTON\n" +
		":59:/DE89370400440532013000\n" + beneficiary + "\n:70:INVOICE 7\n:71A:SHA\n-}"
}

func TestPaymentCommand(t *testing.T) {
	env(t)
	held := writeFile(t, "held.fin", mt103("VLADIMIR VLADIMIROVICH PUTIN\nMOSCOW"))
	r := ok(t, "payment", "--data", lists, held)
	for _, want := range []string{"MT103 REF42 — HOLD", `because beneficiary "VLADIMIR VLADIMIROVICH PUTIN" at 4:59 matches Vladimir Vladimirovich PUTIN (` + putinID, "4:50K"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := run(t, "payment", "--data", lists, "--fail-on-hold", held); r.code != cli.ExitMatched {
		t.Errorf("--fail-on-hold: exit %d", r.code)
	}
	passed := writeFile(t, "pass.fin", mt103("JONATHAN EDWARD HARGREAVES\nBRISTOL"))
	if r := run(t, "payment", "--data", lists, "--fail-on-hold", passed); r.code != cli.ExitOK || !strings.Contains(r.stdout, "— PASS") {
		t.Errorf("innocent: exit %d %s %s", r.code, r.stdout, r.stderr)
	}

	// JSON from stdin
	r = runIn(t, mt103("VLADIMIR VLADIMIROVICH PUTIN"), "payment", "--data", lists, "--json", "-")
	var out struct {
		Decision string
		Reasons  []string
		Parties  []struct {
			Path string
			Role string
			Hits []struct {
				ID    string
				Match bool
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	found := false
	for _, p := range out.Parties {
		if p.Path == "4:59" && p.Role == "beneficiary" && len(p.Hits) > 0 && p.Hits[0].ID == putinID && p.Hits[0].Match {
			found = true
		}
	}
	if out.Decision != "hold" || !found {
		t.Errorf("json: %+v", out)
	}

	// a custom embargo list
	emb := writeFile(t, "emb.json", `{"as_of": "2027-01-01", "embargoes": [{"country": "gb", "programme": "test programme"}]}`)
	gb := writeFile(t, "gb.xml", `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf><GrpHdr><MsgId>M1</MsgId></GrpHdr>
<CdtTrfTxInf><PmtId><EndToEndId>E</EndToEndId></PmtId><Dbtr><Nm>Jane Smith</Nm><PstlAdr><Ctry>GB</Ctry></PstlAdr></Dbtr><Cdtr><Nm>John Smith</Nm></Cdtr></CdtTrfTxInf></FIToFICstmrCdtTrf></Document>`)
	if r := ok(t, "payment", "--data", lists, "--embargoes", emb, gb); !strings.Contains(r.stdout, "HOLD") || !strings.Contains(r.stdout, "test programme") {
		t.Errorf("custom embargoes: %s", r.stdout)
	}
	if r := ok(t, "payment", "--data", lists, gb); !strings.Contains(r.stdout, "PASS") {
		t.Errorf("default embargoes: %s", r.stdout)
	}
}

func TestPaymentCommandErrors(t *testing.T) {
	env(t)
	badEmb := writeFile(t, "emb.json", `{"as_of": "x", "embargoes": [{"country": "Narnia", "programme": "p"}]}`)
	good := writeFile(t, "ok.fin", mt103("JOHN SMITH"))
	for name, tc := range map[string]struct {
		stdin string
		args  []string
		code  int
		want  string
	}{
		"not a message":      {"hello", []string{"-"}, cli.ExitError, "-: payment: line 1 col 1"},
		"truncated XML":      {`<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf><Cdtr><Nm>x`, []string{"-"}, cli.ExitError, "pacs.008"},
		"MT without block 4": {"{1:F01NWBKGB2LAXXX0000000000}{2:I103COBADEFFXXXXN}", []string{"-"}, cli.ExitError, "MT103"},
		"bad embargoes":      {"", []string{"--embargoes", badEmb, good}, cli.ExitUsage, `unknown country "Narnia"`},
		"missing embargoes":  {"", []string{"--embargoes", "/nonexistent/e.json", good}, cli.ExitUsage, "/nonexistent/e.json"},
		"bad threshold":      {"", []string{"--threshold", "-1", good}, cli.ExitUsage, "--threshold -1"},
	} {
		t.Run(name, func(t *testing.T) {
			r := runIn(t, tc.stdin, append([]string{"payment", "--data", lists}, tc.args...)...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", r.code, tc.code, r.stderr, tc.want)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q", r.stdout)
			}
		})
	}
}
