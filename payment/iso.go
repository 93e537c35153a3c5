package payment

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
)

const isoNamespace = "urn:iso:std:iso:20022:tech:xsd:"

// isoVersions lists the message definitions ParseISO20022 accepts, with the
// first and last supported version numbers. Versions .001.08 to .001.12 of
// pacs.008, .001.08 of pacs.009 and .001.09 of pain.001 are tested with
// fixtures; older ones
// differ in ways the parser reads too (BIC for BICFI, BICOrBEI for AnyBIC).
var isoVersions = map[string]struct{ from, to int }{
	"pacs.008": {2, 13},
	"pacs.009": {2, 12},
	"pain.001": {3, 12},
}

// isoFamilies names the families of isoVersions, for errors: "pacs.008,
// pacs.009 or pain.001".
var isoFamilies = func() string {
	fs := slices.Sorted(maps.Keys(isoVersions))
	return strings.Join(fs[:len(fs)-1], ", ") + " or " + fs[len(fs)-1]
}()

// partyRoles maps the elements that hold a party or an agent, wherever they
// are direct children of a group header, settlement information, payment
// information or transaction, to their role and kind.
var partyRoles = map[string]struct {
	role Role
	kind string
}{
	"Dbtr":             {Debtor, KindParty},
	"Cdtr":             {Creditor, KindParty},
	"UltmtDbtr":        {UltimateDebtor, KindParty},
	"UltmtCdtr":        {UltimateCreditor, KindParty},
	"InitgPty":         {InitiatingParty, KindParty},
	"DbtrAgt":          {DebtorAgent, KindAgent},
	"CdtrAgt":          {CreditorAgent, KindAgent},
	"IntrmyAgt1":       {IntermediaryAgent, KindAgent},
	"IntrmyAgt2":       {IntermediaryAgent, KindAgent},
	"IntrmyAgt3":       {IntermediaryAgent, KindAgent},
	"InstgAgt":         {InstructingAgent, KindAgent},
	"InstdAgt":         {InstructedAgent, KindAgent},
	"PrvsInstgAgt1":    {PreviousInstructingAgent, KindAgent},
	"PrvsInstgAgt2":    {PreviousInstructingAgent, KindAgent},
	"PrvsInstgAgt3":    {PreviousInstructingAgent, KindAgent},
	"FwdgAgt":          {ForwardingAgent, KindAgent},
	"ChrgsAcctAgt":     {ChargesAccountAgent, KindAgent},
	"InstgRmbrsmntAgt": {InstructingReimbursementAgent, KindAgent},
	"InstdRmbrsmntAgt": {InstructedReimbursementAgent, KindAgent},
	"ThrdRmbrsmntAgt":  {ThirdReimbursementAgent, KindAgent},
}

type isoParser struct {
	format string // pacs.008, pacs.009 or pain.001
	msg    *Message
	fi     bool // reading a pacs.009 transaction: its Dbtr and Cdtr are banks
}

// ParseISO20022 parses a pacs.008 (FIToFICstmrCdtTrf, versions .001.02 to
// .001.13), pacs.009 (FICdtTrf, .001.02 to .001.12) or pain.001
// (CstmrCdtTrfInitn, .001.03 to .001.12) document,
// bare or together with a business application header (AppHdr beside
// Document, or both inside one envelope element).
func ParseISO20022(data []byte) (*Message, error) {
	const format = "iso20022"
	if len(data) > MaxSize {
		return nil, tooLarge(format)
	}
	roots, err := xmlTree(data, sniffISO(data))
	if err != nil {
		return nil, err
	}
	doc, hdr, err := envelope(roots)
	if err != nil {
		return nil, err
	}
	typ, family, err := docType(doc, hdr)
	if err != nil {
		return nil, err
	}
	p := &isoParser{format: family, msg: &Message{Type: typ, Parties: []Party{}}}
	if hdr != nil {
		if err := p.appHdr(hdr); err != nil {
			return nil, err
		}
	}
	switch family {
	case "pacs.008":
		err = p.creditTransfer(doc, "FIToFICstmrCdtTrf")
	case "pacs.009":
		err = p.creditTransfer(doc, "FICdtTrf")
	case "pain.001":
		err = p.pain001(doc)
	}
	if err != nil {
		return nil, err
	}
	if hdr != nil {
		p.msg.Countries = countryRefs(hdr, "AppHdr", p.msg.Countries)
	}
	p.msg.Countries = countryRefs(doc, "Document", p.msg.Countries)
	return p.msg, nil
}

// sniffISO names the message family from the raw namespace, so that errors
// found while decoding name it; "iso20022" when it is not visible.
func sniffISO(data []byte) string {
	for rest := data; ; {
		i := bytes.Index(rest, []byte(isoNamespace))
		if i < 0 {
			return "iso20022"
		}
		rest = rest[i+len(isoNamespace):]
		for family := range isoVersions {
			if bytes.HasPrefix(rest, []byte(family)) {
				return family
			}
		}
	}
}

// envelope finds the Document element (at the top or up to two levels
// inside an envelope) and the AppHdr beside it.
func envelope(roots []*node) (doc, hdr *node, err error) {
	var docs []*node
	var parents []*node
	var find func(parent *node, ns []*node, depth int)
	find = func(parent *node, ns []*node, depth int) {
		for _, n := range ns {
			if n.name == "Document" {
				docs = append(docs, n)
				parents = append(parents, parent)
				continue
			}
			if depth < 2 {
				find(n, n.kids, depth+1)
			}
		}
	}
	find(nil, roots, 0)
	switch len(docs) {
	case 0:
		r := roots[0]
		return nil, nil, &ParseError{Format: "iso20022", Line: r.line, Column: r.col, Offset: r.off, Path: r.name,
			Err: fmt.Errorf("%w: no ISO 20022 Document element (root is <%s>)", ErrUnknownType, r.name)}
	case 1:
	default:
		d := docs[1]
		return nil, nil, &ParseError{Format: "iso20022", Line: d.line, Column: d.col, Offset: d.off, Path: "Document",
			Err: fmt.Errorf("%w: more than one Document element", ErrSyntax)}
	}
	doc = docs[0]
	siblings := roots
	if parents[0] != nil {
		siblings = parents[0].kids
	}
	for _, n := range siblings {
		if n.name == "AppHdr" {
			hdr = n
			break
		}
	}
	return doc, hdr, nil
}

// docType reads the message definition from the Document namespace (or,
// when Document has none, from AppHdr/MsgDefIdr).
func docType(doc, hdr *node) (typ, family string, err error) {
	id, ok := strings.CutPrefix(doc.space, isoNamespace)
	if doc.space == "" && hdr != nil {
		id, ok = hdr.get("MsgDefIdr"), true
	}
	unknown := func(what string) error {
		return &ParseError{Format: "iso20022", Line: doc.line, Column: doc.col, Offset: doc.off, Path: "Document",
			Err: fmt.Errorf("%w: %s (want %s)", ErrUnknownType, what, isoFamilies)}
	}
	if !ok {
		if doc.space == "" {
			return "", "", unknown("Document has no ISO 20022 namespace")
		}
		return "", "", unknown(fmt.Sprintf("namespace %q", doc.space))
	}
	// pacs.008.001.08: family "pacs.008", variant "001", version "08".
	if len(id) != 15 || id[8] != '.' || id[12] != '.' || id[9:12] != "001" {
		return "", "", unknown(fmt.Sprintf("message definition %q", id))
	}
	family = id[:8]
	v, ok := isoVersions[family]
	ver := 0
	for _, c := range id[13:] {
		if c < '0' || c > '9' {
			return "", "", unknown(fmt.Sprintf("message definition %q", id))
		}
		ver = ver*10 + int(c-'0')
	}
	if !ok || ver < v.from || ver > v.to {
		return "", "", unknown(fmt.Sprintf("message definition %q", id))
	}
	return id, family, nil
}

func (p *isoParser) missing(at *node, path, what string) error {
	return &ParseError{Format: p.format, Line: at.line, Column: at.col, Offset: at.off, Path: path,
		Err: fmt.Errorf("%w: %s", ErrMissing, what)}
}

// must returns the child of n named name, or an ErrMissing naming it.
func (p *isoParser) must(n *node, path, name string) (*node, string, error) {
	k := n.child(name)
	if k == nil {
		return nil, "", p.missing(n, join(path, name), n.name+" has no "+name)
	}
	return k, join(path, seg(n, k)), nil
}

func (p *isoParser) appHdr(hdr *node) error {
	for _, dir := range []struct {
		name string
		role Role
		bic  *string
	}{{"Fr", Sender, &p.msg.Sender}, {"To", Receiver, &p.msg.Receiver}} {
		f := hdr.child(dir.name)
		if f == nil {
			continue
		}
		path := "AppHdr/" + dir.name
		if fi := f.child("FIId"); fi != nil {
			pt, err := p.agent(fi, join(path, "FIId"), dir.role)
			if err != nil {
				return err
			}
			*dir.bic = pt.BIC
			p.msg.Parties = append(p.msg.Parties, pt)
		} else if org := f.child("OrgId"); org != nil {
			pt, err := p.party(org, join(path, "OrgId"), dir.role)
			if err != nil {
				return err
			}
			p.msg.Parties = append(p.msg.Parties, pt)
		}
	}
	return nil
}

// creditTransfer reads a pacs.008 (root FIToFICstmrCdtTrf) or a pacs.009
// (root FICdtTrf: a transfer between banks, whose Dbtr and Cdtr are
// financial institutions, and which as a cover payment carries the customer
// transfer it covers in UndrlygCstmrCdtTrf).
func (p *isoParser) creditTransfer(doc *node, rootName string) error {
	p.fi = rootName == "FICdtTrf"
	root, rpath, err := p.must(doc, "Document", rootName)
	if err != nil {
		return err
	}
	grp, gpath, err := p.must(root, rpath, "GrpHdr")
	if err != nil {
		return err
	}
	p.msg.ID = grp.get("MsgId")
	if err := p.container(grp, gpath); err != nil {
		return err
	}
	if p.msg.Sender == "" {
		p.msg.Sender = agentBIC(grp.child("InstgAgt"))
	}
	if p.msg.Receiver == "" {
		p.msg.Receiver = agentBIC(grp.child("InstdAgt"))
	}
	n := 0
	for _, tx := range root.kids {
		if tx.name != "CdtTrfTxInf" {
			continue
		}
		n++
		tpath := join(rpath, seg(root, tx))
		for _, name := range []string{"Dbtr", "Cdtr"} {
			if tx.child(name) == nil {
				return p.missing(tx, join(tpath, name), "CdtTrfTxInf has no "+name)
			}
		}
		if err := p.container(tx, tpath); err != nil {
			return err
		}
		if p.msg.Sender == "" {
			p.msg.Sender = agentBIC(tx.child("InstgAgt"))
		}
		if p.msg.Receiver == "" {
			p.msg.Receiver = agentBIC(tx.child("InstdAgt"))
		}
	}
	if n == 0 {
		return p.missing(root, join(rpath, "CdtTrfTxInf[0]"), rootName+" has no CdtTrfTxInf")
	}
	return nil
}

func (p *isoParser) pain001(doc *node) error {
	root, rpath, err := p.must(doc, "Document", "CstmrCdtTrfInitn")
	if err != nil {
		return err
	}
	grp, gpath, err := p.must(root, rpath, "GrpHdr")
	if err != nil {
		return err
	}
	p.msg.ID = grp.get("MsgId")
	if err := p.container(grp, gpath); err != nil {
		return err
	}
	npmt := 0
	for _, pmt := range root.kids {
		if pmt.name != "PmtInf" {
			continue
		}
		npmt++
		ppath := join(rpath, seg(root, pmt))
		if pmt.child("Dbtr") == nil {
			return p.missing(pmt, join(ppath, "Dbtr"), "PmtInf has no Dbtr")
		}
		if err := p.container(pmt, ppath); err != nil {
			return err
		}
		ntx := 0
		for _, tx := range pmt.kids {
			if tx.name != "CdtTrfTxInf" {
				continue
			}
			ntx++
			if err := p.container(tx, join(ppath, seg(pmt, tx))); err != nil {
				return err
			}
		}
		if ntx == 0 {
			return p.missing(pmt, join(ppath, "CdtTrfTxInf[0]"), "PmtInf has no CdtTrfTxInf")
		}
	}
	if npmt == 0 {
		return p.missing(root, join(rpath, "PmtInf[0]"), "CstmrCdtTrfInitn has no PmtInf")
	}
	return nil
}

// container reads the parties, accounts and texts that are direct children
// of a group header, settlement information, payment information block or
// transaction.
func (p *isoParser) container(n *node, path string) error {
	owners := map[string]int{} // element name → index in p.msg.Parties
	for _, k := range n.kids {
		kpath := join(path, seg(n, k))
		if r, ok := partyRoles[k.name]; ok {
			var pt Party
			var err error
			if r.kind == KindAgent || (p.fi && k.child("FinInstnId") != nil) {
				pt, err = p.agent(k, kpath, r.role)
			} else {
				pt, err = p.party(k, kpath, r.role)
			}
			if err != nil {
				return err
			}
			owners[k.name] = len(p.msg.Parties)
			p.msg.Parties = append(p.msg.Parties, pt)
			continue
		}
		switch k.name {
		case "SttlmInf": // reimbursement agents
			if err := p.container(k, kpath); err != nil {
				return err
			}
		case "UndrlygCstmrCdtTrf": // the customer transfer a pacs.009 COV covers
			fi := p.fi
			p.fi = false
			err := p.container(k, kpath)
			p.fi = fi
			if err != nil {
				return err
			}
		case "RmtInf":
			if err := p.remittance(k, kpath); err != nil {
				return err
			}
		case "InstrForCdtrAgt", "InstrForNxtAgt", "InstrForDbtrAgt":
			t := k.text
			if len(k.kids) > 0 {
				t = k.get("InstrInf")
				kpath = join(kpath, "InstrInf")
			}
			p.text(kpath, TextSenderToReceiver, t)
		case "RgltryRptg":
			p.regulatory(k, kpath)
		}
	}
	for _, k := range n.kids {
		owner, ok := strings.CutSuffix(k.name, "Acct")
		if !ok {
			continue
		}
		if i, ok := owners[owner]; ok {
			kpath := join(path, seg(n, k))
			if err := p.single(k, kpath); err != nil {
				return err
			}
			account(&p.msg.Parties[i], k, kpath)
		}
	}
	return nil
}

func (p *isoParser) text(path, role, s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	p.msg.Texts = append(p.msg.Texts, Text{Path: path, Role: role, Text: s})
}

// remittance reads RmtInf: each Ustrd, and from each Strd the creditor
// reference, the additional remittance lines and the invoicer and invoicee.
func (p *isoParser) remittance(r *node, path string) error {
	for _, k := range r.kids {
		kpath := join(path, seg(r, k))
		switch k.name {
		case "Ustrd":
			p.text(kpath, TextRemittance, k.text)
		case "Strd":
			for _, s := range k.kids {
				spath := join(kpath, seg(k, s))
				switch s.name {
				case "CdtrRefInf":
					p.text(join(spath, "Ref"), TextRemittance, s.get("Ref"))
				case "AddtlRmtInf":
					p.text(spath, TextRemittance, s.text)
				case "Invcr", "Invcee":
					role := Invoicer
					if s.name == "Invcee" {
						role = Invoicee
					}
					pt, err := p.party(s, spath, role)
					if err != nil {
						return err
					}
					p.msg.Parties = append(p.msg.Parties, pt)
				}
			}
		}
	}
	return nil
}

// regulatory reads RgltryRptg: the authority name and each Dtls/Inf line.
func (p *isoParser) regulatory(r *node, path string) {
	for _, k := range r.kids {
		kpath := join(path, seg(r, k))
		switch k.name {
		case "Authrty":
			p.text(join(kpath, "Nm"), TextRegulatory, k.get("Nm"))
		case "Dtls":
			for _, d := range k.kids {
				if d.name == "Inf" {
					p.text(join(kpath, seg(k, d)), TextRegulatory, d.text)
				}
			}
		}
	}
}

// party reads a PartyIdentification (Nm, PstlAdr, Id/OrgId, Id/PrvtId,
// CtryOfRes).
func (p *isoParser) party(n *node, path string, role Role) (Party, error) {
	pt := Party{Path: path, Role: role, Kind: KindParty, Name: collapse(n.get("Nm"))}
	if err := p.single(n, path); err != nil {
		return pt, err
	}
	if a := n.child("PstlAdr"); a != nil {
		address(&pt, a)
	}
	id := n.child("Id")
	if org := id.child("OrgId"); org != nil {
		pt.BIC = strings.ToUpper(firstOf(org.get("AnyBIC"), org.get("BICOrBEI")))
		pt.LEI = org.get("LEI")
		pt.IDs = others(org, pt.IDs)
	}
	if prv := id.child("PrvtId"); prv != nil {
		if b := prv.child("DtAndPlcOfBirth"); b != nil {
			pt.BirthDate = b.get("BirthDt")
			pt.BirthPlace = collapse(firstOf(b.get("CityOfBirth"), b.get("PrvcOfBirth")))
			pt.BirthCountry = normCountry(b.get("CtryOfBirth"))
		}
		pt.IDs = others(prv, pt.IDs)
	}
	if pt.Country == "" {
		pt.Country = normCountry(n.get("CtryOfRes"))
	}
	if (role == Debtor || role == Creditor) && pt.Name == "" && !hasText(id) {
		return pt, p.missing(n, path, n.name+" has neither Nm nor Id")
	}
	pt.Countries = countryCodes(n, path, pt.Countries)
	return pt, nil
}

// agent reads a BranchAndFinancialInstitutionIdentification (FinInstnId:
// BICFI or BIC, ClrSysMmbId, LEI, Nm, PstlAdr, Othr).
func (p *isoParser) agent(n *node, path string, role Role) (Party, error) {
	pt := Party{Path: path, Role: role, Kind: KindAgent}
	if err := p.single(n, path); err != nil {
		return pt, err
	}
	fi := n.child("FinInstnId")
	if !hasText(fi) {
		return pt, p.missing(n, join(path, "FinInstnId"), n.name+" has no FinInstnId")
	}
	pt.BIC = strings.ToUpper(firstOf(fi.get("BICFI"), fi.get("BIC")))
	pt.LEI = fi.get("LEI")
	pt.Name = collapse(fi.get("Nm"))
	if a := fi.child("PstlAdr"); a != nil {
		address(&pt, a)
	}
	if c := fi.child("ClrSysMmbId"); c != nil && c.get("MmbId") != "" {
		typ := firstOf(c.get("ClrSysId/Cd"), c.get("ClrSysId/Prtry"))
		if typ == "" {
			typ = "ClrSysMmbId"
		}
		pt.IDs = append(pt.IDs, ID{Type: typ, Value: c.get("MmbId")})
	}
	if o := fi.child("Othr"); o != nil && o.get("Id") != "" {
		pt.IDs = append(pt.IDs, ID{Type: firstOf(o.get("SchmeNm/Cd"), o.get("SchmeNm/Prtry")), Value: o.get("Id"), Issuer: o.get("Issr")})
	}
	pt.Countries = countryCodes(n, path, pt.Countries)
	return pt, nil
}

// agentBIC returns the BIC of an agent element, or "".
func agentBIC(n *node) string {
	return strings.ToUpper(firstOf(n.get("FinInstnId/BICFI"), n.get("FinInstnId/BIC")))
}

// single refuses a party, agent or account in which an element the schemas
// allow once appears twice (two Nm, two Ctry, two IBAN): reading only the
// first would let the second pass unscreened. AdrLine and Othr may repeat.
func (p *isoParser) single(n *node, path string) error {
	for _, k := range n.kids {
		kpath := join(path, seg(n, k))
		if k.multi && k.idx > 0 && k.name != "AdrLine" && k.name != "Othr" {
			return &ParseError{Format: p.format, Line: k.line, Column: k.col, Offset: k.off, Path: kpath,
				Err: fmt.Errorf("%w: %s appears more than once in %s", ErrSyntax, k.name, n.name)}
		}
		if err := p.single(k, kpath); err != nil {
			return err
		}
	}
	return nil
}

// others appends the Othr identifiers of an OrgId or PrvtId.
func others(n *node, ids []ID) []ID {
	for _, o := range n.kids {
		if o.name != "Othr" || o.get("Id") == "" {
			continue
		}
		ids = append(ids, ID{
			Type:   firstOf(o.get("SchmeNm/Cd"), o.get("SchmeNm/Prtry")),
			Value:  o.get("Id"),
			Issuer: o.get("Issr"),
		})
	}
	return ids
}

// address reads a PostalAddress into display lines, the town and the
// country.
func address(pt *Party, a *node) {
	var lines []string
	addLine := func(parts ...string) {
		var nonEmpty []string
		for _, s := range parts {
			if s = collapse(s); s != "" {
				nonEmpty = append(nonEmpty, s)
			}
		}
		if len(nonEmpty) > 0 {
			lines = append(lines, strings.Join(nonEmpty, " "))
		}
	}
	addLine(a.get("CareOf"))
	addLine(a.get("Dept"))
	addLine(a.get("SubDept"))
	addLine(a.get("StrtNm"), a.get("BldgNb"))
	addLine(a.get("BldgNm"))
	addLine(a.get("Flr"), a.get("UnitNb"))
	addLine(a.get("PstBx"))
	addLine(a.get("Room"))
	addLine(a.get("PstCd"), a.get("TwnNm"))
	addLine(a.get("TwnLctnNm"))
	addLine(a.get("DstrctNm"))
	addLine(a.get("CtrySubDvsn"))
	for _, k := range a.kids {
		if k.name == "AdrLine" {
			addLine(k.text)
		}
	}
	pt.Address = lines
	pt.TownName = collapse(a.get("TwnNm"))
	pt.Subdivision = collapse(a.get("CtrySubDvsn"))
	pt.Country = normCountry(a.get("Ctry"))
}

// account attaches a CashAccount (Id/IBAN or Id/Othr/Id, Nm) to its owner.
func account(pt *Party, a *node, path string) {
	if iban := strings.ReplaceAll(a.get("Id/IBAN"), " ", ""); iban != "" {
		pt.Account = iban
		pt.AccountCountry = ibanPrefix(iban)
	} else {
		pt.Account = a.get("Id/Othr/Id")
	}
	pt.AccountName = collapse(a.get("Nm"))
	pt.Countries = countryCodes(a, path, pt.Countries)
}

// ibanPrefix returns the lower-cased country of an element declared to be an
// IBAN: its first two characters when they are letters.
func ibanPrefix(s string) string {
	if len(s) < 2 || !isLetters(s[:2]) {
		return ""
	}
	return strings.ToLower(s[:2])
}

// countryRefs appends every country code in the subtree of n: Ctry,
// CtryOfRes, CtryOfBirth, the country of each IBAN and of each BIC.
func countryRefs(n *node, path string, out []CountryRef) []CountryRef {
	var c string
	switch n.name {
	case "Ctry", "CtryOfRes", "CtryOfBirth":
		c = normCountry(n.text)
	case "IBAN":
		c = ibanPrefix(strings.TrimSpace(n.text))
	case "BICFI", "BIC", "AnyBIC", "BICOrBEI":
		c = BICCountry(strings.ToUpper(n.text))
	}
	if c != "" {
		out = append(out, CountryRef{Path: path, Country: c})
	}
	for _, k := range n.kids {
		out = countryRefs(k, join(path, seg(n, k)), out)
	}
	return out
}

// countryCodes adds the codes found under n to list.
func countryCodes(n *node, path string, list []string) []string {
	for _, r := range countryRefs(n, path, nil) {
		list = addCountry(list, r.Country)
	}
	return list
}

// hasText reports whether any element under n has text.
func hasText(n *node) bool {
	if n == nil {
		return false
	}
	if n.text != "" {
		return true
	}
	for _, k := range n.kids {
		if hasText(k) {
			return true
		}
	}
	return false
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// collapse trims s and folds runs of white space to one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
