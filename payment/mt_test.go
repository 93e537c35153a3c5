package payment

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseNumberedLine(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		text string
		ok   bool
	}{
		{"1/BRUNNER, ANNA", 1, "BRUNNER, ANNA", true},
		{"3/CH/ZUERICH", 3, "CH/ZUERICH", true},
		{"8/-ZZZ", 8, "-ZZZ", true},
		{"1/", 1, "", true},
		{"9/TOO HIGH", 0, "", false},
		{"0/ZERO", 0, "", false},
		{"BAHNHOFSTRASSE 45", 0, "", false},
		{"2", 0, "", false},
		{"", 0, "", false},
		{"12/TWO DIGITS", 0, "", false},
	} {
		n, text, ok := ParseNumberedLine(tc.in)
		if n != tc.n || text != tc.text || ok != tc.ok {
			t.Errorf("ParseNumberedLine(%q) = %d, %q, %v; want %d, %q, %v", tc.in, n, text, ok, tc.n, tc.text, tc.ok)
		}
	}
}

func TestParsePartyIdentifier(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want ID
	}{
		{"CUST/IE/XYZ Bank/987654321-12345", ID{Type: "CUST", Value: "987654321-12345", Issuer: "XYZ Bank", Country: "ie"}},
		{"DRLC/US/CA DMV/D1234567", ID{Type: "DRLC", Value: "D1234567", Issuer: "CA DMV", Country: "us"}},
		{"CCPT/IR/P12345678", ID{Type: "CCPT", Value: "P12345678", Country: "ir"}},
		{"ARNU/IT/1bcdefghi-2bcdefghi-3bcdefg", ID{Type: "ARNU", Value: "1bcdefghi-2bcdefghi-3bcdefg", Country: "it"}},
		{"NIDN/KP/0012", ID{Type: "NIDN", Value: "0012", Country: "kp"}},
		{"CUST/DE/NOISSUER", ID{Type: "CUST", Value: "NOISSUER", Country: "de"}},
		{"12345678", ID{Type: "party_identifier", Value: "12345678"}},
		{"CUSTOMER/DE/1", ID{Type: "party_identifier", Value: "CUSTOMER/DE/1"}},
		{"CUST/DEU/1", ID{Type: "party_identifier", Value: "CUST/DEU/1"}},
	} {
		if got := ParsePartyIdentifier(tc.in); got != tc.want {
			t.Errorf("ParsePartyIdentifier(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestBICFromLT(t *testing.T) {
	for _, tc := range []struct {
		lt   string
		bic  string
		okay bool
	}{
		{"BANKBEBBAXXX", "BANKBEBBXXX", true},
		{"DEUTDEFFAXXX", "DEUTDEFFXXX", true},
		{"UBSWCHZHA80A", "UBSWCHZH80A", true},
		{"MIDLGB22XXXX", "MIDLGB22XXX", true}, // block 2 of an input message: terminal code X
		{"BANKBEBBXXX", "", false},            // 11 characters: a BIC, not an LT address
		{"BANKBEBBAXXXX", "", false},
		{"BANK1EBBAXXX", "", false}, // digit in the institution code
		{"bankbebbaxxx", "", false},
		{"BANKBEBBa XX", "", false},
		{"", "", false},
	} {
		bic, ok := BICFromLT(tc.lt)
		if bic != tc.bic || ok != tc.okay {
			t.Errorf("BICFromLT(%q) = %q, %v; want %q, %v", tc.lt, bic, ok, tc.bic, tc.okay)
		}
	}
}

func TestIBANCountry(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"DE89370400440532013000", "de"},
		{"DE89 3704 0044 0532 0130 00", "de"},
		{"de89370400440532013000", "de"},
		{"IR062960000000100324200001", "ir"},
		{"GB29NWBK60161331926819", "gb"},
		{"DE88370400440532013000", ""}, // check digits wrong
		{"0011223344", ""},
		{"AB12", ""},
		{"XX00" + strings.Repeat("1", 40), ""}, // too long
		{"DE89-370400440532013000", ""},
		{"", ""},
	} {
		if got := IBANCountry(tc.in); got != tc.want {
			t.Errorf("IBANCountry(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestBICCountry(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"BKIDIRTH", "ir"},
		{"BKIDIRTHXXX", "ir"},
		{"UBSWCHZH80A", "ch"},
		{"CSPBAEA1", "ae"},
		{"BKIDIRT", ""},
		{"BKIDIRTHXX", ""},
		{"bkidirth", ""},
		{"BKID1RTH", ""},
		{"", ""},
	} {
		if got := BICCountry(tc.in); got != tc.want {
			t.Errorf("BICCountry(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// mt assembles a FIN message around block 4 fields (CRLF).
func mt(b2 string, fields ...string) string {
	return "{1:F01BANKBEBBAXXX0000000000}{2:" + b2 + "}{4:\r\n" + strings.Join(fields, "\r\n") + "\r\n-}{5:{CHK:000000000000}}"
}

var mt103Min = []string{":20:REF1", ":32A:250101EUR1,", ":50K:JOHN SMITH", ":59:JANE DOE"}

// TestMTErrors covers malformed FIN input that the fixtures do not.
func TestMTErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		is   error
	}{
		{"{1:F01BANKBEBBAXXX0000000000}}", "mt: line 1 col 30: payment: malformed message: unbalanced braces: '}' without '{'", ErrSyntax},
		{"{1:F01BANKBEBBAXXX0000000000}x", `mt: line 1 col 30: payment: malformed message: expected '{' to open a block, found 'x'`, ErrSyntax},
		{"{1F01}", "mt: line 1 col 1: payment: malformed message: block without an identifier (want {1: … {5:)", ErrSyntax},
		{"{1:A}{1:B}", "mt: line 1 col 6 (1): payment: malformed message: block 1 appears twice", ErrSyntax},
		{"{2:I103BANKDEFFXXXXN}", "MT103: line 1 col 1 (1): payment: missing mandatory element: block 1", ErrMissing},
		{"{1:F01BANK}{2:I103BANKDEFFXXXXN}", `MT103: line 1 col 4 (1): payment: malformed message: basic header "F01BANK": want F01 then a 12-character logical terminal address`, ErrSyntax},
		{"{1:F01BANKBEBBAXXX0000000000}{2:X103}", `mt: line 1 col 33 (2): payment: malformed message: application header "X103": want I or O then the message type`, ErrSyntax},
		{"{1:F01BANKBEBBAXXX0000000000}{2:I103BANK}", `MT103: line 1 col 33 (2): payment: malformed message: application header "I103BANK": no valid logical terminal address`, ErrSyntax},
		{"{1:F21BANKBEBBAXXX0000000000}{4:{177:2501011200}{451:0}}", `mt: line 1 col 4 (1): payment: unknown message type: basic header "F21" is not a FIN user message (F01)`, ErrUnknownType},
		{"{1:F01BANKBEBBAXXX0000000000}{2:I940BANKDEFFXXXXN}", "mt: line 1 col 34 (2): payment: unknown message type: MT940 (want MT103, MT202 or MT202COV)", ErrUnknownType},
		{"{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\r\n:20:A{B\r\n-}", "MT103: line 2 col 6 (4): payment: malformed message: '{' inside block 4", ErrSyntax},
		{"{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\r\n:20:A\r\n", "MT103: line 1 col 51 (4): payment: malformed message: unbalanced braces: block 4 opened at offset 50 is not closed", ErrSyntax},
		{mt("I103BANKDEFFXXXXN", "REF", ":20:X"), `MT103: line 2 col 1 (4): payment: malformed message: text before the first field: "REF"`, ErrSyntax},
		{mt("I103BANKDEFFXXXXN", ":20:X", ":2X:Y"), `MT103: line 3 col 1 (4): payment: malformed message: malformed field tag in ":2X:Y" (want :NN: or :NNa:)`, ErrSyntax},
		{mt("I103BANKDEFFXXXXN", ":20:X", ":59:/DE89370400440532013000"), "MT103: line 3 col 1 (4:59): payment: missing mandatory element: field 59 has no name", ErrMissing},
		{mt("I103BANKDEFFXXXXN", ":20:X", ":59B:JANE"), `MT103: line 3 col 1 (4:59B): payment: malformed message: option "B" is not allowed for field 59a`, ErrSyntax},
		{mt("I103BANKDEFFXXXXN", ":20:X", ":57A:NOT A BIC"), `MT103: line 3 col 1 (4:57A): payment: malformed message: "NOT A BIC" is not a BIC`, ErrSyntax},
		{mt("I103BANKDEFFXXXXN", ":20:X", ":57A:/123"), "MT103: line 3 col 1 (4:57A): payment: missing mandatory element: field 57A has no BIC", ErrMissing},
		{mt("I103BANKDEFFXXXXN", ":20:X", ":57A:BANKDEFF", "EXTRA"), `MT103: line 4 col 1 (4:57A): payment: malformed message: unexpected line after the BIC: "EXTRA"`, ErrSyntax},
		{mt("I103BANKDEFFXXXXN", ":20:X", ":50F:/123", "2/ADDRESS ONLY"), "MT103: line 3 col 1 (4:50F): payment: missing mandatory element: field 50F has no 1/ name line", ErrMissing},
		{mt("I103BANKDEFFXXXXN", ":20:X", ":59F:1/NAME", "4/19700101"), `MT103: line 4 col 1 (4:59F): payment: malformed message: line "4/19700101": want n/ with n from 1 to 3`, ErrSyntax},
		{mt("I103BANKDEFFXXXXN", ":20:X", ":50K:JOHN", ":59:JANE"), "MT103: line 1 col 51 (4:32A): payment: missing mandatory element: field 32A (value date, currency, amount)", ErrMissing},
		{mt("I202BANKDEFFXXXXN", ":20:X", ":21:Y", ":32A:250101EUR1,"), "MT202: line 1 col 51 (4:58a): payment: missing mandatory element: field 58a (beneficiary institution)", ErrMissing},
	} {
		msg, err := ParseMT([]byte(tc.in))
		if err == nil {
			t.Errorf("%q: no error, got %+v", tc.in, msg)
			continue
		}
		if err.Error() != tc.want || !errors.Is(err, tc.is) {
			t.Errorf("%q:\n got %v\nwant %s", tc.in, err, tc.want)
		}
	}
}

// TestMTFields covers field forms the fixtures do not.
func TestMTFields(t *testing.T) {
	for _, tc := range []struct {
		field []string
		want  Party
	}{
		{[]string{":52D://SC123456", "BANK OF EXAMPLE", "1 HIGH STREET"},
			Party{Path: "4:52D", Role: OrderingInstitution, Kind: KindAgent, Name: "BANK OF EXAMPLE", Address: []string{"1 HIGH STREET"}, IDs: []ID{{Type: "clearing", Value: "SC123456"}}}},
		{[]string{":56C:/IR062960000000100324200001"},
			Party{Path: "4:56C", Role: IntermediaryInstitution, Kind: KindAgent, Account: "IR062960000000100324200001", AccountCountry: "ir", Countries: []string{"ir"}}},
		{[]string{":57B:/C/12345", "TEHRAN"},
			Party{Path: "4:57B", Role: AccountWithInstitution, Kind: KindAgent, Account: "12345", Address: []string{"TEHRAN"}}},
		{[]string{":55A:BKIDIRTH"},
			Party{Path: "4:55A", Role: ThirdReimbursementInstitution, Kind: KindAgent, BIC: "BKIDIRTH", Countries: []string{"ir"}}},
		{[]string{":50F:NIDN/KP/0012", "1/KIM", "1/CHOL", "3/KP", "3/PYONGYANG", "6/KP/KORYO BANK/77", "8/88"},
			Party{Path: "4:50F", Role: OrderingCustomer, Kind: KindParty, Name: "KIM CHOL", Country: "kp", TownName: "PYONGYANG", Address: []string{"PYONGYANG"},
				IDs: []ID{{Type: "NIDN", Value: "0012", Country: "kp"}, {Type: "CUST", Value: "7788", Issuer: "KORYO BANK", Country: "kp"}}, Countries: []string{"kp"}}},
		{[]string{":50F:/12345", "1/ACME", "8/EXTRA"},
			Party{Path: "4:50F", Role: OrderingCustomer, Kind: KindParty, Name: "ACME", Account: "12345", IDs: []ID{{Type: "additional", Value: "EXTRA"}}}},
		{[]string{":59:", "JANE DOE", "HAVANA CU"},
			Party{Path: "4:59", Role: Beneficiary, Kind: KindParty, Name: "JANE DOE", Address: []string{"HAVANA CU"}}},
	} {
		fields := append([]string{":20:X", ":32A:250101EUR1,"}, tc.field...)
		if !strings.HasPrefix(tc.field[0], ":50") {
			fields = append(fields, ":50K:JOHN SMITH")
		}
		if !strings.HasPrefix(tc.field[0], ":59") {
			fields = append(fields, ":59:JANE DOE")
		}
		msg, err := ParseMT([]byte(mt("I103BANKDEFFXXXXN", fields...)))
		if err != nil {
			t.Errorf("%q: %v", tc.field, err)
			continue
		}
		var got *Party
		for i := range msg.Parties {
			if msg.Parties[i].Path == tc.want.Path {
				got = &msg.Parties[i]
			}
		}
		if got == nil || !reflect.DeepEqual(*got, tc.want) {
			t.Errorf("%q:\n got %+v\nwant %+v", tc.field, got, tc.want)
		}
	}
}

func TestMT72And77B(t *testing.T) {
	msg, err := ParseMT([]byte(mt("I103BANKDEFFXXXXN", append(mt103Min,
		":72:/INS/KORYO BANK",
		"//PYONGYANG",
		"/REC/PLEASE ADVISE",
		":77B:/BENEFRES/CU//HAVANA",
		"/ORDERRES/DE//")...)))
	if err != nil {
		t.Fatal(err)
	}
	wantTexts := []Text{
		{Path: "4:72/INS", Role: TextSenderToReceiver, Text: "KORYO BANK\nPYONGYANG"},
		{Path: "4:72/REC", Role: TextSenderToReceiver, Text: "PLEASE ADVISE"},
		{Path: "4:77B", Role: TextRegulatory, Text: "/BENEFRES/CU//HAVANA\n/ORDERRES/DE//"},
	}
	if !reflect.DeepEqual(msg.Texts, wantTexts) {
		t.Errorf("texts:\n got %+v\nwant %+v", msg.Texts, wantTexts)
	}
	ins := msg.Parties[len(msg.Parties)-1]
	if ins.Role != InstructingInstitution || ins.Name != "KORYO BANK PYONGYANG" || ins.Path != "4:72/INS" {
		t.Errorf("instructing institution = %+v", ins)
	}
	wantCountries := []CountryRef{
		{Path: "1:LT/bic", Country: "be"}, {Path: "2:LT/bic", Country: "de"},
		{Path: "4:77B/BENEFRES", Country: "cu"}, {Path: "4:77B/ORDERRES", Country: "de"},
	}
	if !reflect.DeepEqual(msg.Countries, wantCountries) {
		t.Errorf("countries:\n got %+v\nwant %+v", msg.Countries, wantCountries)
	}
}

// TestMT202WithoutCOV: customer fields in an MT202 not flagged 119:COV are
// still read, as sequence B.
func TestMT202WithoutCOV(t *testing.T) {
	msg, err := ParseMT([]byte(mt("I202BANKDEFFXXXXN", ":20:X", ":21:Y", ":32A:250101USD1,", ":58A:BANKDEFF", ":50K:JOHN SMITH", ":59:JANE DOE")))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Type != "MT202" {
		t.Errorf("Type = %s", msg.Type)
	}
	var paths []string
	for _, p := range msg.Parties {
		paths = append(paths, p.Path)
	}
	if got := strings.Join(paths, " "); got != "1:LT 2:LT 4:58A B/4:50K B/4:59" {
		t.Errorf("paths = %s", got)
	}
}
