package payment

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/embargo/embargo/internal/golden"
)

// fixtures are realistic messages written for these tests (names, BICs and
// references are made up; IBANs are the published specimen numbers).
var fixtures = []struct {
	file string
	typ  string
}{
	{"pacs008_v08.xml", "pacs.008.001.08"},    // AppHdr in an envelope, one transaction, birth data
	{"pacs008_v10.xml", "pacs.008.001.10"},    // prefixed namespace, three transactions, ultimate parties, intermediaries, Strd, RgltryRptg
	{"pacs008_v12.xml", "pacs.008.001.12"},    // PostalAddress27, InitgPty with LEI, clearing member id, PrvtId Othr
	{"pain001_v09.xml", "pain.001.001.09"},    // two PmtInf, three transactions
	{"pacs009cov_v08.xml", "pacs.009.001.08"}, // a cover payment: banks as Dbtr and Cdtr, the underlying customer transfer
	{"mt103_50K_59.fin", "MT103"},             // CRLF, 50K and 59 with IBANs, 70
	{"mt103_50F_59F.fin", "MT103"},            // LF, structured 50F and 59F, 77B
	{"mt103_50A_59A.fin", "MT103"},            // output message, options A, //FW code, 72 with /INS/
	{"mt202.fin", "MT202"},                    // 53B, 56D, 58D
	{"mt202cov.fin", "MT202COV"},              // sequence B with 50F and 59
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestGolden(t *testing.T) {
	for _, tc := range fixtures {
		t.Run(tc.file, func(t *testing.T) {
			data := readFixture(t, tc.file)
			msg, err := Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			if msg.Type != tc.typ {
				t.Errorf("Type = %q, want %q", msg.Type, tc.typ)
			}
			parse := ParseMT
			if strings.HasSuffix(tc.file, ".xml") {
				parse = ParseISO20022
			}
			direct, err := parse(data)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(direct, msg) {
				t.Error("Parse and the format's own parser disagree")
			}
			name := strings.TrimSuffix(tc.file, filepath.Ext(tc.file)) + ".json"
			golden.JSON(t, filepath.Join("testdata", "golden", name), msg)
		})
	}
}

// TestParties pins the parties screening depends on most, by path.
func TestParties(t *testing.T) {
	for _, tc := range []struct {
		file, path string
		role       Role
		name, bic  string
		countries  string
	}{
		{"pacs008_v08.xml", "AppHdr/Fr/FIId", Sender, "", "DEUTDEFFXXX", "de"},
		{"pacs008_v08.xml", "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/Cdtr", Creditor, "Jean-Pierre Moreau", "", "fr"},
		{"pacs008_v10.xml", "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/UltmtCdtr", UltimateCreditor, "Persian Gulf Marine Fuel Trading Co", "", "ir"},
		{"pacs008_v10.xml", "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/IntrmyAgt2", IntermediaryAgent, "Gulf Maritime Trade Bank", "", "ae"},
		{"pacs008_v10.xml", "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/RmtInf/Strd[0]/Invcr", Invoicer, "Caspian Bunkering FZE", "", ""},
		{"pacs008_v10.xml", "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[2]/UltmtCdtr", UltimateCreditor, "Tartus Port Services", "", "sy"},
		{"pacs008_v12.xml", "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/InitgPty", InitiatingParty, "Brunner Family Office AG", "", ""},
		{"pacs008_v12.xml", "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/Dbtr", Debtor, "Brunner Family Office AG", "", "ch"},
		{"pain001_v09.xml", "Document/CstmrCdtTrfInitn/GrpHdr/InitgPty", InitiatingParty, "Van der Berg Logistics B.V.", "", ""},
		{"pain001_v09.xml", "Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[0]/UltmtCdtr", UltimateCreditor, "Krymsky Port Agent OOO", "", "ua"},
		{"pain001_v09.xml", "Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[0]/IntrmyAgt1", IntermediaryAgent, "", "IRVTUS3NXXX", "us"},
		{"pacs009cov_v08.xml", "Document/FICdtTrf/CdtTrfTxInf[0]/Cdtr", Creditor, "Emirates Commercial Bank", "EBILAEADXXX", "ae"},
		{"pacs009cov_v08.xml", "Document/FICdtTrf/CdtTrfTxInf[0]/UndrlygCstmrCdtTrf/Cdtr", Creditor, "Caspian Bunkering FZE", "", "ae"},
		{"pacs009cov_v08.xml", "Document/FICdtTrf/CdtTrfTxInf[0]/UndrlygCstmrCdtTrf/UltmtCdtr", UltimateCreditor, "Persian Gulf Marine Fuel Trading Co", "", "ir"},
		{"mt103_50K_59.fin", "4:50K", OrderingCustomer, "RHEINLAND MASCHINENBAU GMBH", "", "de"},
		{"mt103_50K_59.fin", "4:59", Beneficiary, "JEAN-PIERRE MOREAU", "", "fr"},
		{"mt103_50F_59F.fin", "4:50F", OrderingCustomer, "BRUNNER, ANNA KATHARINA MARIA", "", "ch at"},
		{"mt103_50F_59F.fin", "4:59F", Beneficiary, "VILLA SERBELLONI IMMOBILIARE SRL", "", "it"},
		{"mt103_50A_59A.fin", "2:MIR", Sender, "", "MIDLGB22XXX", "gb"},
		{"mt103_50A_59A.fin", "4:56A", IntermediaryInstitution, "", "CHASUS33", "us"},
		{"mt103_50A_59A.fin", "4:72/INS", InstructingInstitution, "", "BARCGB22", "gb"},
		{"mt202.fin", "4:58D", BeneficiaryInstitution, "GULF COMMERCIAL BANK PJSC", "", "ae"},
		{"mt202cov.fin", "4:58A", BeneficiaryInstitution, "", "EBILAEAD", "ae"},
		{"mt202cov.fin", "B/4:50F", OrderingCustomer, "ALBION SHIPPING SERVICES LTD", "", "gb"},
		{"mt202cov.fin", "B/4:59", Beneficiary, "CASPIAN BUNKERING FZE", "", "ae"},
	} {
		msg, err := Parse(readFixture(t, tc.file))
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		var got *Party
		for i := range msg.Parties {
			if msg.Parties[i].Path == tc.path {
				got = &msg.Parties[i]
				break
			}
		}
		if got == nil {
			t.Errorf("%s: no party at %s", tc.file, tc.path)
			continue
		}
		if got.Role != tc.role || got.Name != tc.name || got.BIC != tc.bic || strings.Join(got.Countries, " ") != tc.countries {
			t.Errorf("%s %s: got role %s name %q bic %q countries %v, want %s %q %q %q",
				tc.file, tc.path, got.Role, got.Name, got.BIC, got.Countries, tc.role, tc.name, tc.bic, tc.countries)
		}
	}
}

// TestLineEndings: LF and CRLF give the same message.
func TestLineEndings(t *testing.T) {
	for _, file := range []string{"mt103_50K_59.fin", "mt103_50F_59F.fin", "mt202cov.fin"} {
		data := readFixture(t, file)
		lf := bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
		a, err := ParseMT(lf)
		if err != nil {
			t.Fatalf("%s LF: %v", file, err)
		}
		b, err := ParseMT(crlf)
		if err != nil {
			t.Fatalf("%s CRLF: %v", file, err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: LF and CRLF messages differ", file)
		}
	}
}

// badCases lists testdata/bad: each file with the error it must give, in
// full, position included.
var badCases = []struct {
	file string
	want string
	is   error
}{
	{"broken.xml", "pacs.008: line 83 col 40 (Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/Cdtr/Nm): payment: malformed message: element <Nm> closed by </Name>", ErrSyntax},
	{"truncated.xml", "pacs.008: line 88 col 23 (Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/Cdtr/PstlAdr/TwnNm): payment: malformed message: unexpected EOF", ErrSyntax},
	{"billion_laughs.xml", `pacs.008: line 2 col 1: payment: DTD or entity declaration not allowed: "<!DOCTYPE"`, ErrEntity},
	{"xxe.xml", `pacs.008: line 4 col 5: payment: DTD or entity declaration not allowed: "<!ENTITY "`, ErrEntity},
	{"undefined_entity.xml", "pacs.008: line 4 col 25 (Document/FIToFICstmrCdtTrf/GrpHdr/MsgId): payment: malformed message: invalid character entity &xxe;", ErrSyntax},
	{"unknown_ns.xml", `iso20022: line 23 col 3 (Document): payment: unknown message type: message definition "camt.056.001.08" (want pacs.008, pacs.009 or pain.001)`, ErrUnknownType},
	{"missing_txinf.xml", "pacs.008: line 24 col 5 (Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]): payment: missing mandatory element: FIToFICstmrCdtTrf has no CdtTrfTxInf", ErrMissing},
	{"cdtr_noname.xml", "pacs.008: line 82 col 9 (Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/Cdtr): payment: missing mandatory element: Cdtr has neither Nm nor Id", ErrMissing},
	{"unbalanced.fin", "MT103: line 1 col 51 (3): payment: malformed message: unbalanced braces: block 3 opened at offset 50 is not closed", ErrSyntax},
	{"mt999.fin", "mt: line 1 col 34 (2): payment: unknown message type: MT999 (want MT103, MT202 or MT202COV)", ErrUnknownType},
	{"mt103_no59.fin", "MT103: line 1 col 115 (4:59a): payment: missing mandatory element: field 59a (beneficiary customer)", ErrMissing},
	{"mt103_no_block4.fin", "MT103: line 1 col 137 (4): payment: missing mandatory element: block 4 (text)", ErrMissing},
	{"mt103_unterminated4.fin", "MT103: line 17 col 1 (4): payment: malformed message: block 4 must end with a line holding '-' before '}'", ErrSyntax},
	{"mt103_bad_50F.fin", `MT103: line 8 col 1 (4:50F): payment: malformed message: line "BAHNHOFSTRASSE 45": want n/ with n from 1 to 8`, ErrSyntax},
	{"mt202cov_no_seqB.fin", "MT202COV: line 1 col 119 (B/4:50a): payment: missing mandatory element: field 50a (ordering customer)", ErrMissing},
}

func TestBad(t *testing.T) {
	for _, tc := range badCases {
		t.Run(tc.file, func(t *testing.T) {
			msg, err := Parse(readFixture(t, filepath.Join("bad", tc.file)))
			if err == nil {
				t.Fatalf("no error; message %+v", msg)
			}
			if err.Error() != tc.want {
				t.Errorf("error\n got %s\nwant %s", err, tc.want)
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("error does not wrap %v", tc.is)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error is %T, not *ParseError", err)
			}
			if msg != nil {
				t.Error("message returned with the error")
			}
		})
	}
}

// TestBadFilesListed keeps TestBad's table and testdata/bad in step.
func TestBadFilesListed(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "bad", "*"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, tc := range badCases {
		listed[tc.file] = true
	}
	for _, f := range files {
		if !listed[filepath.Base(f)] {
			t.Errorf("%s is not in badCases", f)
		}
	}
}

func TestTooLarge(t *testing.T) {
	xmlDoc := readFixture(t, "pacs008_v08.xml")
	pad := func(data []byte, size int, comment func(n int) []byte) []byte {
		return append(append([]byte{}, data...), comment(size-len(data))...)
	}
	xmlPad := func(n int) []byte { return append(append([]byte("<!--"), bytes.Repeat([]byte("x"), n-7)...), "-->"...) }
	exact := pad(xmlDoc, MaxSize, xmlPad)
	if len(exact) != MaxSize {
		t.Fatalf("padded to %d", len(exact))
	}
	if _, err := Parse(exact); err != nil {
		t.Errorf("MaxSize bytes: %v", err)
	}
	over := pad(xmlDoc, MaxSize+1, xmlPad)
	mt := append(readFixture(t, "mt103_50K_59.fin"), bytes.Repeat([]byte("\n"), MaxSize)...)
	for _, tc := range []struct {
		name  string
		parse func([]byte) (*Message, error)
		data  []byte
		want  string
	}{
		{"Parse", Parse, over, "payment: offset 1048576: payment: message too large: more than 1048576 bytes"},
		{"ParseISO20022", ParseISO20022, over, "iso20022: offset 1048576: payment: message too large: more than 1048576 bytes"},
		{"ParseMT", ParseMT, mt, "mt: offset 1048576: payment: message too large: more than 1048576 bytes"},
		{"ParseReader", func(b []byte) (*Message, error) { return ParseReader(bytes.NewReader(b)) }, over,
			"payment: offset 1048576: payment: message too large: more than 1048576 bytes"},
	} {
		_, err := tc.parse(tc.data)
		if !errors.Is(err, ErrTooLarge) || err.Error() != tc.want {
			t.Errorf("%s: got %v, want %s", tc.name, err, tc.want)
		}
	}
}

func TestParseDetect(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"", "payment: offset 0: payment: unknown message type: neither ISO 20022 XML nor SWIFT FIN"},
		{"  \n:20:REF\n", "payment: line 2 col 1: payment: unknown message type: neither ISO 20022 XML nor SWIFT FIN"},
		{"\xef\xbb\xbfhello", "payment: line 1 col 4: payment: unknown message type: neither ISO 20022 XML nor SWIFT FIN"},
	} {
		_, err := Parse([]byte(tc.in))
		if err == nil || err.Error() != tc.want {
			t.Errorf("Parse(%q) = %v, want %s", tc.in, err, tc.want)
		}
	}
}
