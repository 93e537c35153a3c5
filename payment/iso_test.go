package payment

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const (
	nsPacs08 = "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"
	nsPacs09 = "urn:iso:std:iso:20022:tech:xsd:pacs.009.001.08"
	minTx    = `<CdtTrfTxInf><Dbtr><Nm>A</Nm></Dbtr><Cdtr><Nm>B</Nm></Cdtr></CdtTrfTxInf>`
	minPacs  = `<FIToFICstmrCdtTrf><GrpHdr><MsgId>M1</MsgId></GrpHdr>` + minTx + `</FIToFICstmrCdtTrf>`
)

// doc wraps body in a Document of namespace ns.
func doc(ns, body string) string {
	return `<Document xmlns="` + ns + `">` + body + `</Document>`
}

// TestISOErrors covers malformed XML the fixtures do not.
func TestISOErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		is   error
	}{
		{"<", "iso20022: line 1 col 2: payment: malformed message: unexpected EOF", ErrSyntax},
		{"<!doctype x>" + doc(nsPacs08, minPacs), `pacs.008: line 1 col 1: payment: DTD or entity declaration not allowed: "<!doctype"`, ErrEntity},
		{`<?xml version="1.0" encoding="UTF-16"?>` + doc(nsPacs08, minPacs),
			`pacs.008: line 1 col 40: payment: malformed message: xml: encoding "UTF-16" declared but Decoder.CharsetReader is nil`, ErrSyntax},
		{"junk" + doc(nsPacs08, minPacs), "pacs.008: line 1 col 1: payment: malformed message: text outside the root element", ErrSyntax},
		{"<Document>" + minPacs + "</Document>", "iso20022: line 1 col 1 (Document): payment: unknown message type: Document has no ISO 20022 namespace (want pacs.008, pacs.009 or pain.001)", ErrUnknownType},
		{doc("urn:iso:std:iso:20022:tech:xsd:pacs.008.001.14", minPacs), `iso20022: line 1 col 1 (Document): payment: unknown message type: message definition "pacs.008.001.14" (want pacs.008, pacs.009 or pain.001)`, ErrUnknownType},
		{doc("urn:example:other", minPacs), `iso20022: line 1 col 1 (Document): payment: unknown message type: namespace "urn:example:other" (want pacs.008, pacs.009 or pain.001)`, ErrUnknownType},
		{"<Envelope><Payload/></Envelope>", "iso20022: line 1 col 1 (Envelope): payment: unknown message type: no ISO 20022 Document element (root is <Envelope>)", ErrUnknownType},
		{"<E>" + doc(nsPacs08, minPacs) + doc(nsPacs08, minPacs) + "</E>", "iso20022: line 1 col 226 (Document): payment: malformed message: more than one Document element", ErrSyntax},
		{doc(nsPacs08, strings.Repeat("<a>", 70)), "pacs.008: line 1 col 255 (Document/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a): payment: malformed message: elements nested more than 64 deep", ErrSyntax},
		{doc(nsPacs08, "<CstmrCdtTrfInitn/>"), "pacs.008: line 1 col 1 (Document/FIToFICstmrCdtTrf): payment: missing mandatory element: Document has no FIToFICstmrCdtTrf", ErrMissing},
		{doc(nsPacs08, "<FIToFICstmrCdtTrf>"+minTx+"</FIToFICstmrCdtTrf>"), "pacs.008: line 1 col 66 (Document/FIToFICstmrCdtTrf/GrpHdr): payment: missing mandatory element: FIToFICstmrCdtTrf has no GrpHdr", ErrMissing},
		{doc(nsPacs08, "<FIToFICstmrCdtTrf><GrpHdr/><CdtTrfTxInf><Cdtr><Nm>B</Nm></Cdtr></CdtTrfTxInf></FIToFICstmrCdtTrf>"),
			"pacs.008: line 1 col 94 (Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/Dbtr): payment: missing mandatory element: CdtTrfTxInf has no Dbtr", ErrMissing},
		{doc(nsPacs08, "<FIToFICstmrCdtTrf><GrpHdr/><CdtTrfTxInf><Dbtr><Nm>A</Nm><Nm>Z</Nm></Dbtr><Cdtr><Nm>B</Nm></Cdtr></CdtTrfTxInf></FIToFICstmrCdtTrf>"),
			"pacs.008: line 1 col 123 (Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/Dbtr/Nm[1]): payment: malformed message: Nm appears more than once in Dbtr", ErrSyntax},
		{doc(nsPacs08, "<FIToFICstmrCdtTrf><GrpHdr/><CdtTrfTxInf><Dbtr><Nm>A</Nm></Dbtr><DbtrAgt><FinInstnId/></DbtrAgt><Cdtr><Nm>B</Nm></Cdtr></CdtTrfTxInf></FIToFICstmrCdtTrf>"),
			"pacs.008: line 1 col 130 (Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/DbtrAgt/FinInstnId): payment: missing mandatory element: DbtrAgt has no FinInstnId", ErrMissing},
		{doc(nsPacs09, "<FICdtTrf><GrpHdr/></FICdtTrf>"),
			"pacs.009: line 1 col 66 (Document/FICdtTrf/CdtTrfTxInf[0]): payment: missing mandatory element: FICdtTrf has no CdtTrfTxInf", ErrMissing},
		{doc(nsPacs09, "<FICdtTrf><GrpHdr/><CdtTrfTxInf><Dbtr><FinInstnId><BICFI>BANKDEFF</BICFI></FinInstnId></Dbtr><Cdtr/></CdtTrfTxInf></FICdtTrf>"),
			// a pacs.009 Dbtr or Cdtr without FinInstnId is read as a party
			"pacs.009: line 1 col 159 (Document/FICdtTrf/CdtTrfTxInf[0]/Cdtr): payment: missing mandatory element: Cdtr has neither Nm nor Id", ErrMissing},
		{doc("urn:iso:std:iso:20022:tech:xsd:pacs.009.001.13", minPacs),
			`iso20022: line 1 col 1 (Document): payment: unknown message type: message definition "pacs.009.001.13" (want pacs.008, pacs.009 or pain.001)`, ErrUnknownType},
		{doc("urn:iso:std:iso:20022:tech:xsd:pain.001.001.09", "<CstmrCdtTrfInitn><GrpHdr/></CstmrCdtTrfInitn>"),
			"pain.001: line 1 col 66 (Document/CstmrCdtTrfInitn/PmtInf[0]): payment: missing mandatory element: CstmrCdtTrfInitn has no PmtInf", ErrMissing},
		{doc("urn:iso:std:iso:20022:tech:xsd:pain.001.001.09", "<CstmrCdtTrfInitn><GrpHdr/><PmtInf><Dbtr><Nm>A</Nm></Dbtr></PmtInf></CstmrCdtTrfInitn>"),
			"pain.001: line 1 col 93 (Document/CstmrCdtTrfInitn/PmtInf[0]/CdtTrfTxInf[0]): payment: missing mandatory element: PmtInf has no CdtTrfTxInf", ErrMissing},
		{doc("urn:iso:std:iso:20022:tech:xsd:pain.001.001.09", "<CstmrCdtTrfInitn><GrpHdr/><PmtInf><CdtTrfTxInf/></PmtInf></CstmrCdtTrfInitn>"),
			"pain.001: line 1 col 93 (Document/CstmrCdtTrfInitn/PmtInf[0]/Dbtr): payment: missing mandatory element: PmtInf has no Dbtr", ErrMissing},
	} {
		msg, err := ParseISO20022([]byte(tc.in))
		if err == nil {
			t.Errorf("%.60q: no error, got %+v", tc.in, msg)
			continue
		}
		if err.Error() != tc.want || !errors.Is(err, tc.is) {
			t.Errorf("%.60q:\n got %v\nwant %s", tc.in, err, tc.want)
		}
	}
}

// TestISOEnvelopes: the same document bare, beside an AppHdr, and inside
// one or two envelope levels, gives the same parties and paths.
func TestISOEnvelopes(t *testing.T) {
	hdr := `<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02"><Fr><FIId><FinInstnId><BICFI>BANKBEBB</BICFI></FinInstnId></FIId></Fr>` +
		`<To><FIId><FinInstnId><BICFI>BANKDEFF</BICFI></FinInstnId></FIId></To><MsgDefIdr>pacs.008.001.08</MsgDefIdr></AppHdr>`
	body := doc(nsPacs08, minPacs)
	bare, err := ParseISO20022([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if bare.Sender != "" || len(bare.Parties) != 2 {
		t.Fatalf("bare: %+v", bare)
	}
	for _, in := range []string{
		hdr + body, // two top-level elements, as some gateways store them
		"<BizMsgEnvlp>" + hdr + body + "</BizMsgEnvlp>",
		`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>` + hdr + body + "</soap:Body></soap:Envelope>",
		// no namespace on Document: the header names the message
		"<Envelope>" + hdr + "<Document>" + minPacs + "</Document></Envelope>",
	} {
		msg, err := ParseISO20022([]byte(in))
		if err != nil {
			t.Errorf("%.50q: %v", in, err)
			continue
		}
		if msg.Type != "pacs.008.001.08" || msg.Sender != "BANKBEBB" || msg.Receiver != "BANKDEFF" {
			t.Errorf("%.50q: type %s sender %s receiver %s", in, msg.Type, msg.Sender, msg.Receiver)
		}
		if !reflect.DeepEqual(msg.Parties[2:], bare.Parties) {
			t.Errorf("%.50q: parties\n got %+v\nwant %+v", in, msg.Parties[2:], bare.Parties)
		}
		if msg.Parties[0].Path != "AppHdr/Fr/FIId" || msg.Parties[1].Role != Receiver {
			t.Errorf("%.50q: header parties %+v", in, msg.Parties[:2])
		}
	}
}

// TestISOOldVersion: pacs.008.001.02 writes BIC and BICOrBEI where later
// versions write BICFI and AnyBIC.
func TestISOOldVersion(t *testing.T) {
	in := doc("urn:iso:std:iso:20022:tech:xsd:pacs.008.001.02", `<FIToFICstmrCdtTrf><GrpHdr><MsgId>OLD</MsgId></GrpHdr><CdtTrfTxInf>`+
		`<Dbtr><Nm>A</Nm><Id><OrgId><BICOrBEI>ABCDIRTH</BICOrBEI></OrgId></Id></Dbtr>`+
		`<DbtrAgt><FinInstnId><BIC>BKIDIRTHXXX</BIC></FinInstnId></DbtrAgt>`+
		`<Cdtr><Id><PrvtId><Othr><Id>X1</Id></Othr><Othr><Id>X2</Id><SchmeNm><Cd>NIDN</Cd></SchmeNm></Othr></PrvtId></Id></Cdtr></CdtTrfTxInf></FIToFICstmrCdtTrf>`)
	msg, err := ParseISO20022([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Party{
		{Path: "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/Dbtr", Role: Debtor, Kind: KindParty, Name: "A", BIC: "ABCDIRTH", Countries: []string{"ir"}},
		{Path: "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/DbtrAgt", Role: DebtorAgent, Kind: KindAgent, BIC: "BKIDIRTHXXX", Countries: []string{"ir"}},
		{Path: "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/Cdtr", Role: Creditor, Kind: KindParty, IDs: []ID{{Value: "X1"}, {Type: "NIDN", Value: "X2"}}},
	}
	if !reflect.DeepEqual(msg.Parties, want) {
		t.Errorf("parties:\n got %+v\nwant %+v", msg.Parties, want)
	}
	if msg.Sender != "" || msg.ID != "OLD" {
		t.Errorf("sender %q id %q", msg.Sender, msg.ID)
	}
}

// TestISOPaths: schema-repeatable elements always carry an index; others
// only when they do repeat.
func TestISOPaths(t *testing.T) {
	in := doc(nsPacs08, `<FIToFICstmrCdtTrf><GrpHdr/><CdtTrfTxInf><Dbtr><Nm>A</Nm><PstlAdr><AdrLine>L1</AdrLine><Ctry>KP</Ctry></PstlAdr></Dbtr>`+
		`<Cdtr><Nm>B</Nm></Cdtr><RmtInf><Ustrd>one</Ustrd></RmtInf><SplmtryData><Envlp><Ctry>CU</Ctry></Envlp></SplmtryData>`+
		`<SplmtryData><Envlp><Ctry>IR</Ctry></Envlp></SplmtryData></CdtTrfTxInf></FIToFICstmrCdtTrf>`)
	msg, err := ParseISO20022([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	wantCountries := []CountryRef{
		{Path: "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/Dbtr/PstlAdr/Ctry", Country: "kp"},
		{Path: "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/SplmtryData[0]/Envlp/Ctry", Country: "cu"},
		{Path: "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/SplmtryData[1]/Envlp/Ctry", Country: "ir"},
	}
	if !reflect.DeepEqual(msg.Countries, wantCountries) {
		t.Errorf("countries:\n got %+v\nwant %+v", msg.Countries, wantCountries)
	}
	if len(msg.Texts) != 1 || msg.Texts[0].Path != "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/RmtInf/Ustrd[0]" {
		t.Errorf("texts %+v", msg.Texts)
	}
}
