package screen_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embargo/embargo/payment"
	"github.com/embargo/embargo/screen"
)

// mt103 is a customer transfer with the given beneficiary lines, account
// with institution and remittance information.
func mt103(beneficiary, accountWith, remittance string) string {
	var b strings.Builder
	b.WriteString("{1:F01NWBKGB2LAXXX0000000000}{2:I103COBADEFFXXXXN}{4:\n:20:REF1\n:23B:CRED\n:32A:261128EUR1000,00\n")
	b.WriteString(":50K:/GB29NWBK60161331926819\nHARBOUR MARINE SUPPLIES LTD\nSOUTHAMPTON\n")
	if accountWith != "" {
		b.WriteString(":57A:" + accountWith + "\n")
	}
	b.WriteString(":59:/DE89370400440532013000\n" + beneficiary + "\n")
	if remittance != "" {
		b.WriteString(":70:" + remittance + "\n")
	}
	b.WriteString(":71A:SHA\n-}")
	return b.String()
}

// pacs008 is a credit transfer to the given creditor.
func pacs008(creditor, country, agentBIC, remittance string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-28T09:30:00Z</CreDtTm><NbOfTxs>1</NbOfTxs><SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf></GrpHdr>
<CdtTrfTxInf><PmtId><EndToEndId>E1</EndToEndId></PmtId><IntrBkSttlmAmt Ccy="EUR">10.00</IntrBkSttlmAmt><ChrgBr>SHAR</ChrgBr>
<Dbtr><Nm>Harbour Marine Supplies Ltd</Nm><PstlAdr><TwnNm>Southampton</TwnNm><Ctry>GB</Ctry></PstlAdr></Dbtr>
<DbtrAgt><FinInstnId><BICFI>NWBKGB2LXXX</BICFI></FinInstnId></DbtrAgt>
<CdtrAgt><FinInstnId><BICFI>` + agentBIC + `</BICFI></FinInstnId></CdtrAgt>
<Cdtr><Nm>` + creditor + `</Nm><PstlAdr><TwnNm>Somewhere</TwnNm><Ctry>` + country + `</Ctry></PstlAdr></Cdtr>
<RmtInf><Ustrd>` + remittance + `</Ustrd></RmtInf>
</CdtTrfTxInf></FIToFICstmrCdtTrf></Document>`
}

func screenPayment(t *testing.T, svc *screen.Service, msg string, opt screen.PaymentOptions) *screen.PaymentResult {
	t.Helper()
	m, err := payment.Parse([]byte(msg))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, msg)
	}
	res, err := svc.ScreenPayment(m, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestScreenPayment(t *testing.T) {
	svc := fixture(t)
	tests := []struct {
		name     string
		msg      string
		decision string
		reasons  []string // substrings, one per expected reason
	}{
		{"mt103 innocent", mt103("JONATHAN EDWARD HARGREAVES\nBRISTOL", "COBADEFFXXX", "CONSULTANCY FEES"), screen.Pass, nil},
		{"mt103 listed beneficiary", mt103("KIM JONG UN\nPYONGYANG", "", "INVOICE 7"), screen.Hold,
			[]string{`beneficiary "KIM JONG UN" at 4:59 matches KIM Jong Un (test-kim`}},
		{"mt103 listed bank by BIC", mt103("JONATHAN EDWARD HARGREAVES", "MELIIRTHXXX", ""), screen.Hold,
			[]string{"account_with_institution", "matches Bank Melli Iran (test-melli", "country IR at 4:57A"}},
		{"mt103 remittance names a listed party", mt103("JONATHAN EDWARD HARGREAVES", "", "PAYMENT FOR ROSNEFT CRUDE"), screen.Hold,
			[]string{"mentions Public Joint Stock Company Rosneft Oil Company (test-rosneft"}},
		{"mt103 crimean address", mt103("CHERNOMORSKAYA TRADING LLC\nPORTOVAYA 7\nSEVASTOPOL", "", ""), screen.Hold,
			[]string{"beneficiary 4:59 has an address in Crimea"}},
		{"mt103 crimea in remittance", mt103("JONATHAN EDWARD HARGREAVES", "", "GOODS DELIVERED TO KERCH PORT"), screen.Hold,
			[]string{"names Crimea"}},
		{"pacs008 innocent", pacs008("Nordhafen Schiffsbedarf GmbH", "DE", "COBADEFFXXX", "Invoice 1187"), screen.Pass, nil},
		{"pacs008 listed creditor", pacs008("Vladimir V. Putin", "RU", "COBADEFFXXX", "Invoice 1187"), screen.Hold,
			[]string{"creditor \"Vladimir V. Putin\""}},
		{"pacs009 cover of a listed customer", `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.009.001.08"><FICdtTrf><GrpHdr><MsgId>C1</MsgId></GrpHdr>
<CdtTrfTxInf><PmtId><EndToEndId>E</EndToEndId></PmtId><Dbtr><FinInstnId><BICFI>NWBKGB2LXXX</BICFI></FinInstnId></Dbtr>
<Cdtr><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId></Cdtr>
<UndrlygCstmrCdtTrf><Dbtr><Nm>Harbour Marine Supplies Ltd</Nm></Dbtr><Cdtr><Nm>Khalid Sheikh Mohammed</Nm></Cdtr></UndrlygCstmrCdtTrf>
</CdtTrfTxInf></FICdtTrf></Document>`, screen.Hold, []string{"creditor \"Khalid Sheikh Mohammed\" at Document/FICdtTrf/CdtTrfTxInf[0]/UndrlygCstmrCdtTrf/Cdtr matches"}},
		{"pacs009 between banks", `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.009.001.08"><FICdtTrf><GrpHdr><MsgId>C1</MsgId></GrpHdr>
<CdtTrfTxInf><PmtId><EndToEndId>E</EndToEndId></PmtId><Dbtr><FinInstnId><BICFI>NWBKGB2LXXX</BICFI></FinInstnId></Dbtr>
<Cdtr><FinInstnId><BICFI>MELIIRTHXXX</BICFI></FinInstnId></Cdtr></CdtTrfTxInf></FICdtTrf></Document>`, screen.Hold, []string{"creditor \"MELIIRTHXXX\" at Document/FICdtTrf/CdtTrfTxInf[0]/Cdtr matches Bank Melli Iran"}},
		{"pacs008 embargoed country", pacs008("Parsian Trading Co", "IR", "COBADEFFXXX", "Invoice 1187"), screen.Hold,
			[]string{"country IR at", "Iranian Transactions"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := screenPayment(t, svc, tt.msg, screen.PaymentOptions{})
			if res.Decision != tt.decision {
				t.Errorf("decision %s, want %s; reasons %q", res.Decision, tt.decision, res.Reasons)
			}
			all := strings.Join(res.Reasons, "\n")
			for _, want := range tt.reasons {
				if !strings.Contains(all, want) {
					t.Errorf("no reason contains %q; reasons:\n%s", want, all)
				}
			}
			if tt.decision == screen.Pass && len(res.Reasons) != 0 {
				t.Errorf("passed with reasons %q", res.Reasons)
			}
			if len(res.Parties) == 0 || res.DatasetVersion == "" || res.EmbargoesAsOf == "" {
				t.Errorf("incomplete result: %+v", res)
			}
		})
	}
}

func TestScreenPaymentAccountCountryIsNotEvidence(t *testing.T) {
	svc := fixture(t)
	// the beneficiary banks in Germany (IBAN DE…): that says nothing of
	// where Kim Jong Un lives, and must not lower the score
	res := screenPayment(t, svc, mt103("KIM JONG UN", "", ""), screen.PaymentOptions{})
	for _, p := range res.Parties {
		if p.Path != "4:59" {
			continue
		}
		if len(p.Hits) == 0 || p.Hits[0].Score < 0.99 {
			t.Fatalf("beneficiary hits %+v", p.Hits)
		}
		for _, r := range p.Hits[0].Reasons {
			if r.Feature == "country" && r.Effect < 0 {
				t.Errorf("IBAN country used as evidence: %+v", r)
			}
		}
		return
	}
	t.Fatal("no beneficiary party")
}

func TestScreenPaymentUnscreenableParty(t *testing.T) {
	svc := fixture(t)
	m := &payment.Message{Type: "pacs.008.001.08", ID: "X", Parties: []payment.Party{
		{Path: "Document/Cdtr", Role: payment.Role("creditor"), Kind: "party", Address: []string{"Main Street 1"}},
	}}
	res, err := svc.ScreenPayment(m, screen.PaymentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Decision != screen.Hold || res.Parties[0].Error == "" {
		t.Errorf("a party with nothing to screen passed: %+v", res)
	}
}

func TestScreenPaymentThreshold(t *testing.T) {
	svc := fixture(t)
	m, err := payment.Parse([]byte(mt103("JONATHAN HARGREAVES", "", "")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ScreenPayment(m, screen.PaymentOptions{Threshold: 1.2}); !errors.Is(err, screen.ErrQuery) {
		t.Errorf("threshold 1.2: err %v", err)
	}
}

func TestEmbargoes(t *testing.T) {
	svc := fixture(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.json", `{"as_of": "2027-01-01", "embargoes": [
		{"country": "SY", "programme": "Syria (test)"},
		{"country": "ua", "region": "Zaporizhzhia", "places": ["Melitopol", "Enerhodar"], "programme": "occupied Zaporizhzhia (test)"}]}`)
	emb, err := screen.LoadEmbargoes(good)
	if err != nil {
		t.Fatal(err)
	}
	if emb.Items[0].Country != "sy" {
		t.Errorf("country not normalised: %q", emb.Items[0].Country)
	}
	// Iran is not in this list; Syria is; places are the list's own
	ir := screenPayment(t, svc, pacs008("Parsian Trading Co", "IR", "COBADEFFXXX", "x"), screen.PaymentOptions{Embargoes: &emb})
	sy := screenPayment(t, svc, pacs008("Damascus Trading Co", "SY", "COBADEFFXXX", "x"), screen.PaymentOptions{Embargoes: &emb})
	mel := screenPayment(t, svc, mt103("OLGA FILLER\nMELITOPOL", "", ""), screen.PaymentOptions{Embargoes: &emb})
	if ir.Decision != screen.Pass || sy.Decision != screen.Hold || mel.Decision != screen.Hold || sy.EmbargoesAsOf != "2027-01-01" {
		t.Errorf("custom embargoes: IR %s %q, SY %s, Melitopol %s %q", ir.Decision, ir.Reasons, sy.Decision, mel.Decision, mel.Reasons)
	}

	for name, tc := range map[string]struct{ body, want string }{
		"unknown country": {`{"as_of":"x","embargoes":[{"country":"Atlantis","programme":"p"}]}`, `embargoes[0]: unknown country "Atlantis"`},
		"no programme":    {`{"as_of":"x","embargoes":[{"country":"cu"}]}`, "embargoes[0]: programme is required"},
		"empty":           {`{"as_of":"x","embargoes":[]}`, "no embargoes listed"},
		"unknown field":   {`{"as_of":"x","embargos":[]}`, `unknown field "embargos"`},
		"not json":        {`country,programme`, "invalid character"},
	} {
		t.Run(name, func(t *testing.T) {
			p := write(strings.ReplaceAll(name, " ", "_")+".json", tc.body)
			_, err := screen.LoadEmbargoes(p)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p) {
				t.Errorf("err %v, want one naming %s and %q", err, p, tc.want)
			}
		})
	}
	if _, err := screen.LoadEmbargoes(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("missing file accepted")
	}
}
