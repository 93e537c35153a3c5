package payment

import (
	"bytes"
	"fmt"
	"strings"
)

// mtBlock is one top-level block of a FIN message: {id:content}.
type mtBlock struct {
	id      string
	content string
	start   int // offset of '{'
	off     int // offset of content
}

// mtField is one field of block 4.
type mtField struct {
	tag   string   // "50K"
	seq   string   // "" or "B" (MT202COV sequence B)
	lines []string // the value, one entry per line; the first is the rest of the tag line
	offs  []int    // offset of each line (the first: of the ':' opening the tag)
}

func (f *mtField) path() string {
	if f.seq != "" {
		return f.seq + "/4:" + f.tag
	}
	return "4:" + f.tag
}

type mtParser struct {
	data   []byte
	format string
	msg    *Message
}

func (p *mtParser) errAt(off int, path string, err error) error {
	line, col := lineCol(p.data, off)
	return &ParseError{Format: p.format, Line: line, Column: col, Offset: int64(off), Path: path, Err: err}
}

func (p *mtParser) syntax(off int, path, format string, args ...any) error {
	return p.errAt(off, path, fmt.Errorf("%w: "+format, append([]any{ErrSyntax}, args...)...))
}

// ParseMT parses a SWIFT FIN MT103, MT202 or MT202COV message:
// {1:…}{2:…}{3:…}{4:…-}{5:…}, with LF or CRLF line ends.
func ParseMT(data []byte) (*Message, error) {
	if len(data) > MaxSize {
		return nil, tooLarge("mt")
	}
	p := &mtParser{data: data, format: sniffMT(data), msg: &Message{Parties: []Party{}}}
	blocks, err := p.blocks()
	if err != nil {
		return nil, err
	}
	byID := map[string]*mtBlock{}
	for i := range blocks {
		byID[blocks[i].id] = &blocks[i]
	}
	b1, b2, b3, b4 := byID["1"], byID["2"], byID["3"], byID["4"]
	if b1 == nil {
		return nil, p.errAt(0, "1", fmt.Errorf("%w: block 1", ErrMissing))
	}
	if h := b1.content; len(h) >= 3 && h[:3] != "F01" {
		return nil, p.errAt(b1.off, "1", fmt.Errorf("%w: basic header %q is not a FIN user message (F01)", ErrUnknownType, h[:3]))
	}
	if b2 == nil {
		return nil, p.errAt(0, "2", fmt.Errorf("%w: block 2", ErrMissing))
	}
	if err := p.headers(b1, b2, b3); err != nil {
		return nil, err
	}
	if b4 == nil {
		return nil, p.errAt(len(data), "4", fmt.Errorf("%w: block 4 (text)", ErrMissing))
	}
	fields, err := p.fields(b4)
	if err != nil {
		return nil, err
	}
	for i := range fields {
		if err := p.field(&fields[i]); err != nil {
			return nil, err
		}
	}
	if err := p.mandatory(fields, b4); err != nil {
		return nil, err
	}
	return p.msg, nil
}

// blocks splits the message into its top-level blocks. Blocks 1, 2, 3 and 5
// end at their matching brace; block 4 ends at "CRLF-}" and may not hold
// braces.
func (p *mtParser) blocks() ([]mtBlock, error) {
	data := p.data
	var out []mtBlock
	seen := map[string]bool{}
	i := skipSpace(data)
	for {
		for i < len(data) && (data[i] == '\r' || data[i] == '\n' || data[i] == ' ' || data[i] == '\t') {
			i++
		}
		if i == len(data) {
			break
		}
		if data[i] != '{' {
			if data[i] == '}' {
				return nil, p.syntax(i, "", "unbalanced braces: '}' without '{'")
			}
			return nil, p.syntax(i, "", "expected '{' to open a block, found %q", data[i])
		}
		start := i
		colon := bytes.IndexByte(data[i:min(i+5, len(data))], ':')
		if colon < 2 {
			return nil, p.syntax(i, "", "block without an identifier (want {1: … {5:)")
		}
		id := string(data[i+1 : i+colon])
		for k := 0; k < len(id); k++ {
			if !isUpperAlnum(id[k]) {
				return nil, p.syntax(i, "", "malformed block identifier %q", id)
			}
		}
		if seen[id] {
			return nil, p.syntax(i, id, "block %s appears twice", id)
		}
		seen[id] = true
		off := i + colon + 1
		k := off
		var content string
		if id == "4" && (off >= len(data) || data[off] != '{') {
			for ; k < len(data); k++ {
				c := data[k]
				if c == '{' {
					return nil, p.syntax(k, "4", "'{' inside block 4")
				}
				if c == '}' {
					if k-1 >= off && data[k-1] == '-' && (k-2 < off || data[k-2] == '\n') {
						break
					}
					return nil, p.syntax(k, "4", "block 4 must end with a line holding '-' before '}'")
				}
			}
			if k == len(data) {
				return nil, p.syntax(start, "4", "unbalanced braces: block 4 opened at offset %d is not closed", start)
			}
			content = string(data[off : k-1])
		} else { // blocks 1, 2, 3, 5, S, and block 4 of system messages ({4:{177:…}})
			depth := 1
			for ; k < len(data); k++ {
				if data[k] == '{' {
					depth++
				} else if data[k] == '}' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			if k == len(data) {
				return nil, p.syntax(start, id, "unbalanced braces: block %s opened at offset %d is not closed", id, start)
			}
			content = string(data[off:k])
		}
		out = append(out, mtBlock{id: id, content: content, start: start, off: off})
		i = k + 1
	}
	if len(out) == 0 {
		return nil, p.syntax(0, "", "no blocks")
	}
	return out, nil
}

// headers reads the sender and receiver from blocks 1 and 2 and the message
// type from block 2 (and 3 for 119:COV).
func (p *mtParser) headers(b1, b2, b3 *mtBlock) error {
	// Block 1: F 01 BANKBEBBAXXX 0000 000000 (application, service, LT
	// address, session, sequence).
	h1 := b1.content
	lt1 := ""
	if len(h1) >= 15 {
		lt1 = h1[3:15]
	}
	bic1, ok := BICFromLT(lt1)
	if !ok {
		return p.syntax(b1.off, "1", "basic header %q: want F01 then a 12-character logical terminal address", h1)
	}
	// Block 2, input:  I 103 BANKDEFFXXXX [priority…]
	// Block 2, output: O 103 HHMM YYMMDD BANKBEBBAXXX session ISN date time [priority]
	h2 := b2.content
	if len(h2) < 4 || (h2[0] != 'I' && h2[0] != 'O') {
		return p.syntax(b2.off, "2", "application header %q: want I or O then the message type", h2)
	}
	mt := h2[1:4]
	switch {
	case mt == "103":
		p.format = "MT103"
	case mt == "202" && b3 != nil && tag3(b3.content, "119") == "COV":
		p.format = "MT202COV"
	case mt == "202":
		p.format = "MT202"
	default:
		return p.errAt(b2.off+1, "2", fmt.Errorf("%w: MT%s (want MT103, MT202 or MT202COV)", ErrUnknownType, mt))
	}
	p.msg.Type = p.format
	var lt2, path2 string
	if h2[0] == 'I' {
		if len(h2) >= 16 {
			lt2 = h2[4:16]
		}
		path2 = "2:LT"
	} else {
		if len(h2) >= 26 {
			lt2 = h2[14:26]
		}
		path2 = "2:MIR"
	}
	bic2, ok := BICFromLT(lt2)
	if !ok {
		return p.syntax(b2.off, "2", "application header %q: no valid logical terminal address", h2)
	}
	sender, receiver := Party{Path: "1:LT", Role: Sender}, Party{Path: path2, Role: Receiver}
	if h2[0] == 'O' { // output: block 1 is the receiving terminal, the MIR holds the sender's
		sender, receiver = Party{Path: path2, Role: Sender}, Party{Path: "1:LT", Role: Receiver}
		bic1, bic2 = bic2, bic1
	}
	sender.BIC, receiver.BIC = bic1, bic2
	// Keep the header parties in message order: block 1 first.
	first, second := &sender, &receiver
	if h2[0] == 'O' {
		first, second = second, first
	}
	for _, pt := range []*Party{first, second} {
		pt.Kind = KindAgent
		pt.Countries = p.country(pt.Countries, pt.Path+"/bic", BICCountry(pt.BIC))
		p.msg.Parties = append(p.msg.Parties, *pt)
	}
	p.msg.Sender, p.msg.Receiver = bic1, bic2
	return nil
}

// sniffMT names the message type from the raw application and user headers,
// so that errors found before the headers are parsed name it too.
func sniffMT(data []byte) string {
	i := bytes.Index(data, []byte("{2:"))
	if i < 0 || len(data) < i+7 || (data[i+3] != 'I' && data[i+3] != 'O') {
		return "mt"
	}
	switch string(data[i+4 : i+7]) {
	case "103":
		return "MT103"
	case "202":
		if bytes.Contains(data, []byte("{119:COV}")) {
			return "MT202COV"
		}
		return "MT202"
	}
	return "mt"
}

// tag3 returns the value of {tag:value} inside a user header.
func tag3(s, tag string) string {
	for {
		i := strings.Index(s, "{"+tag+":")
		if i < 0 {
			return ""
		}
		v := s[i+len(tag)+2:]
		if j := strings.IndexByte(v, '}'); j >= 0 {
			return v[:j]
		}
		s = v
	}
}

// fields splits block 4 into fields. A field starts with :TAG: at the start
// of a line (TAG is two digits and an optional option letter); other lines
// continue the field before them.
func (p *mtParser) fields(b4 *mtBlock) ([]mtField, error) {
	var out []mtField
	off := b4.off
	content := b4.content
	seqB, seen58 := false, false
	for {
		line, rest, found := strings.Cut(content, "\n")
		lineOff := off
		off += len(line) + 1
		content = rest
		line = strings.TrimSuffix(line, "\r")
		if strings.HasPrefix(line, ":") {
			end := strings.IndexByte(line[1:], ':') + 1
			tag := ""
			if end > 0 {
				tag = line[1:end]
			}
			if !validTag(tag) {
				return nil, p.syntax(lineOff, "4", "malformed field tag in %q (want :NN: or :NNa:)", clip(line))
			}
			f := mtField{tag: tag, lines: []string{line[end+1:]}, offs: []int{lineOff}}
			if p.format == "MT202" || p.format == "MT202COV" {
				if tag[:2] == "58" {
					seen58 = true
				}
				if seen58 && tag[:2] == "50" {
					seqB = true
				}
				if seqB {
					f.seq = "B"
				}
			}
			out = append(out, f)
		} else if len(out) > 0 {
			f := &out[len(out)-1]
			f.lines = append(f.lines, line)
			f.offs = append(f.offs, lineOff)
		} else if strings.TrimSpace(line) != "" {
			return nil, p.syntax(lineOff, "4", "text before the first field: %q", clip(line))
		}
		if !found {
			break
		}
	}
	for i := range out {
		f := &out[i]
		for len(f.lines) > 1 && strings.TrimSpace(f.lines[len(f.lines)-1]) == "" {
			f.lines, f.offs = f.lines[:len(f.lines)-1], f.offs[:len(f.offs)-1]
		}
	}
	return out, nil
}

func validTag(tag string) bool {
	if len(tag) != 2 && len(tag) != 3 {
		return false
	}
	if tag[0] < '0' || tag[0] > '9' || tag[1] < '0' || tag[1] > '9' {
		return false
	}
	return len(tag) == 2 || (tag[2] >= 'A' && tag[2] <= 'Z')
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// mandatory checks the fields screening needs: 20, 32A, 50a and 59a in an
// MT103; 20, 21, 32A and 58a in an MT202; and 50a and 59a in sequence B of
// an MT202COV.
func (p *mtParser) mandatory(fields []mtField, b4 *mtBlock) error {
	has := func(seq, num string) bool {
		for _, f := range fields {
			if f.seq == seq && (f.tag == num || (len(num) == 3 && num[2] == 'a' && f.tag[:2] == num[:2])) {
				return true
			}
		}
		return false
	}
	type need struct{ seq, tag, what string }
	var needs []need
	switch p.format {
	case "MT103":
		needs = []need{{"", "20", "sender's reference"}, {"", "32A", "value date, currency, amount"},
			{"", "50a", "ordering customer"}, {"", "59a", "beneficiary customer"}}
	case "MT202", "MT202COV":
		needs = []need{{"", "20", "transaction reference"}, {"", "21", "related reference"},
			{"", "32A", "value date, currency, amount"}, {"", "58a", "beneficiary institution"}}
		if p.format == "MT202COV" {
			needs = append(needs, need{"B", "50a", "ordering customer"}, need{"B", "59a", "beneficiary customer"})
		}
	}
	for _, n := range needs {
		if !has(n.seq, n.tag) {
			f := mtField{tag: n.tag, seq: n.seq}
			return p.errAt(b4.start, f.path(), fmt.Errorf("%w: field %s (%s)", ErrMissing, n.tag, n.what))
		}
	}
	return nil
}

// country appends a country reference to the message and the code to list.
func (p *mtParser) country(list []string, path, code string) []string {
	if code == "" {
		return list
	}
	p.msg.Countries = append(p.msg.Countries, CountryRef{Path: path, Country: code})
	return addCountry(list, code)
}

func (p *mtParser) text(path, role string, lines []string) {
	var kept []string
	for _, l := range lines {
		if l = strings.TrimRight(l, " \t"); l != "" {
			kept = append(kept, l)
		}
	}
	if len(kept) == 0 {
		return
	}
	p.msg.Texts = append(p.msg.Texts, Text{Path: path, Role: role, Text: strings.Join(kept, "\n")})
}

// mtRoles maps party field numbers to their role, kind and allowed options.
var mtRoles = map[string]struct {
	role    Role
	kind    string
	options string
}{
	"50": {OrderingCustomer, KindParty, "AFK"},
	"59": {Beneficiary, KindParty, "_AF"}, // _ is no letter
	"51": {SendingInstitution, KindAgent, "A"},
	"52": {OrderingInstitution, KindAgent, "ABCD"},
	"53": {SendersCorrespondent, KindAgent, "ABD"},
	"54": {ReceiversCorrespondent, KindAgent, "ABD"},
	"55": {ThirdReimbursementInstitution, KindAgent, "ABD"},
	"56": {IntermediaryInstitution, KindAgent, "ACD"},
	"57": {AccountWithInstitution, KindAgent, "ABCD"},
	"58": {BeneficiaryInstitution, KindAgent, "AD"},
}

func (p *mtParser) field(f *mtField) error {
	num, opt := f.tag[:2], f.tag[2:]
	path := f.path()
	switch num {
	case "20":
		if p.msg.ID == "" && f.seq == "" {
			p.msg.ID = strings.TrimSpace(f.lines[0])
		}
		return nil
	case "70":
		p.text(path, TextRemittance, f.lines)
		return nil
	case "72":
		return p.field72(f)
	case "77":
		switch opt {
		case "B":
			p.field77B(f)
		case "T":
			p.text(path, TextRemittance, f.lines)
		}
		return nil
	}
	r, ok := mtRoles[num]
	if !ok {
		return nil
	}
	o := opt
	if o == "" {
		o = "_"
	}
	if !strings.Contains(r.options, o) {
		return p.syntax(f.offs[0], path, "option %q is not allowed for field %sa", opt, num)
	}
	pt := Party{Path: path, Role: r.role, Kind: r.kind}
	var err error
	switch {
	case f.tag == "50F" || f.tag == "59F":
		err = p.optionF(&pt, f)
	case opt == "A":
		err = p.optionA(&pt, f)
	case opt == "B":
		err = p.optionB(&pt, f)
	case opt == "C":
		err = p.optionC(&pt, f)
	default: // D, 50K, 59: [/account] then name and address
		err = p.optionD(&pt, f)
	}
	if err != nil {
		return err
	}
	p.msg.Parties = append(p.msg.Parties, pt)
	return nil
}

// nonEmpty returns the indices of f's non-blank lines.
func nonEmpty(f *mtField) []int {
	var idx []int
	for i, l := range f.lines {
		if strings.TrimSpace(l) != "" {
			idx = append(idx, i)
		}
	}
	return idx
}

// partyIdentifier reads an account line "[/1!a][/34x]": "/D/12345",
// "/BE71096123456769", or a national clearing code "//FW123456789".
func (p *mtParser) partyIdentifier(pt *Party, path, line string) {
	s := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "/"))
	if rest, ok := strings.CutPrefix(s, "/"); ok {
		if rest != "" {
			pt.IDs = append(pt.IDs, ID{Type: "clearing", Value: rest})
		}
		return
	}
	if len(s) > 2 && (s[0] == 'C' || s[0] == 'D') && s[1] == '/' {
		s = s[2:]
	}
	pt.Account = s
	pt.AccountCountry = IBANCountry(s)
	pt.Countries = p.country(pt.Countries, path+"/account", pt.AccountCountry)
}

// optionA: [/1!a][/34x] then a BIC.
func (p *mtParser) optionA(pt *Party, f *mtField) error {
	idx := nonEmpty(f)
	path := f.path()
	if len(idx) > 0 && strings.HasPrefix(strings.TrimSpace(f.lines[idx[0]]), "/") {
		p.partyIdentifier(pt, path, f.lines[idx[0]])
		idx = idx[1:]
	}
	if len(idx) == 0 {
		return p.errAt(f.offs[0], path, fmt.Errorf("%w: field %s has no BIC", ErrMissing, f.tag))
	}
	bic := strings.TrimSpace(f.lines[idx[0]])
	if !IsBIC(bic) {
		return p.syntax(f.offs[idx[0]], path, "%q is not a BIC", clip(bic))
	}
	if len(idx) > 1 {
		return p.syntax(f.offs[idx[1]], path, "unexpected line after the BIC: %q", clip(f.lines[idx[1]]))
	}
	pt.BIC = bic
	pt.Countries = p.country(pt.Countries, path+"/bic", BICCountry(bic))
	return nil
}

// optionB: [/1!a][/34x] then an optional location.
func (p *mtParser) optionB(pt *Party, f *mtField) error {
	idx := nonEmpty(f)
	path := f.path()
	if len(idx) > 0 && strings.HasPrefix(strings.TrimSpace(f.lines[idx[0]]), "/") {
		p.partyIdentifier(pt, path, f.lines[idx[0]])
		idx = idx[1:]
	}
	for _, i := range idx {
		pt.Address = append(pt.Address, collapse(f.lines[i]))
	}
	return nil
}

// optionC: /34x, an account only.
func (p *mtParser) optionC(pt *Party, f *mtField) error {
	idx := nonEmpty(f)
	if len(idx) == 0 {
		return p.errAt(f.offs[0], f.path(), fmt.Errorf("%w: field %s has no account", ErrMissing, f.tag))
	}
	if len(idx) > 1 {
		return p.syntax(f.offs[idx[1]], f.path(), "unexpected line after the account: %q", clip(f.lines[idx[1]]))
	}
	p.partyIdentifier(pt, f.path(), f.lines[idx[0]])
	return nil
}

// optionD (and 50K, 59): [/account] then lines of name and address; the
// first line is the name.
func (p *mtParser) optionD(pt *Party, f *mtField) error {
	idx := nonEmpty(f)
	path := f.path()
	if len(idx) > 0 && strings.HasPrefix(strings.TrimSpace(f.lines[idx[0]]), "/") {
		p.partyIdentifier(pt, path, f.lines[idx[0]])
		idx = idx[1:]
	}
	if len(idx) == 0 {
		return p.errAt(f.offs[0], path, fmt.Errorf("%w: field %s has no name", ErrMissing, f.tag))
	}
	pt.Name = collapse(f.lines[idx[0]])
	for _, i := range idx[1:] {
		pt.Address = append(pt.Address, collapse(f.lines[i]))
	}
	return nil
}

// ParseNumberedLine splits a 50F/59F line "n/text" into its number (1–8)
// and text.
func ParseNumberedLine(line string) (n int, text string, ok bool) {
	if len(line) < 2 || line[0] < '1' || line[0] > '8' || line[1] != '/' {
		return 0, "", false
	}
	return int(line[0] - '0'), line[2:], true
}

// optionF reads 50F (party identifier, then numbered lines 1/ to 8/) and 59F
// ([/account], then numbered lines 1/ to 3/).
func (p *mtParser) optionF(pt *Party, f *mtField) error {
	idx := nonEmpty(f)
	path := f.path()
	maxLine := 8
	if f.tag == "59F" {
		maxLine = 3
		if len(idx) > 0 && strings.HasPrefix(strings.TrimSpace(f.lines[idx[0]]), "/") {
			p.partyIdentifier(pt, path, f.lines[idx[0]])
			idx = idx[1:]
		}
	} else {
		if len(idx) == 0 {
			return p.errAt(f.offs[0], path, fmt.Errorf("%w: field 50F has no party identifier", ErrMissing))
		}
		first := strings.TrimSpace(f.lines[idx[0]])
		if strings.HasPrefix(first, "/") {
			p.partyIdentifier(pt, path, first)
		} else {
			id := ParsePartyIdentifier(first)
			pt.IDs = append(pt.IDs, id)
			pt.Countries = p.country(pt.Countries, path+"/id", id.Country)
		}
		idx = idx[1:]
	}
	var name, town []string
	lastID := len(pt.IDs) - 1 // 8/ continues the identifier before it
	for _, i := range idx {
		line := strings.TrimSpace(f.lines[i])
		n, text, ok := ParseNumberedLine(line)
		if !ok || n > maxLine {
			return p.syntax(f.offs[i], path, "line %q: want n/ with n from 1 to %d", clip(line), maxLine)
		}
		text = strings.TrimSpace(text)
		sub := fmt.Sprintf("%s/%d", path, n)
		switch n {
		case 1:
			name = append(name, text)
		case 2:
			pt.Address = append(pt.Address, collapse(text))
		case 3:
			if pt.Country == "" && len(town) == 0 {
				cc, t, _ := strings.Cut(text, "/")
				pt.Country = normCountry(cc)
				pt.Countries = p.country(pt.Countries, sub, pt.Country)
				if t = collapse(t); t != "" {
					town = append(town, t)
				}
			} else {
				town = append(town, collapse(text))
			}
		case 4:
			pt.BirthDate = mtDate(text)
		case 5:
			cc, place, _ := strings.Cut(text, "/")
			pt.BirthCountry = normCountry(cc)
			pt.BirthPlace = collapse(place)
			pt.Countries = p.country(pt.Countries, sub, pt.BirthCountry)
		case 6:
			cc, rest, _ := strings.Cut(text, "/")
			issuer, value, ok := strings.Cut(rest, "/")
			if !ok {
				issuer, value = "", rest
			}
			pt.IDs = append(pt.IDs, ID{Type: "CUST", Value: value, Issuer: issuer, Country: normCountry(cc)})
			lastID = len(pt.IDs) - 1
			pt.Countries = p.country(pt.Countries, sub, normCountry(cc))
		case 7:
			cc, value, _ := strings.Cut(text, "/")
			pt.IDs = append(pt.IDs, ID{Type: "NIDN", Value: value, Country: normCountry(cc)})
			lastID = len(pt.IDs) - 1
			pt.Countries = p.country(pt.Countries, sub, normCountry(cc))
		case 8:
			if lastID >= 0 {
				pt.IDs[lastID].Value += text
			} else {
				pt.IDs = append(pt.IDs, ID{Type: "additional", Value: text})
				lastID = len(pt.IDs) - 1
			}
		}
	}
	if len(name) == 0 {
		return p.errAt(f.offs[0], path, fmt.Errorf("%w: field %s has no 1/ name line", ErrMissing, f.tag))
	}
	pt.Name = collapse(strings.Join(name, " "))
	if len(town) > 0 {
		pt.TownName = strings.Join(town, " ")
		pt.Address = append(pt.Address, pt.TownName)
	}
	return nil
}

// mtDate turns YYYYMMDD into YYYY-MM-DD and leaves other text as it is.
func mtDate(s string) string {
	if len(s) != 8 {
		return s
	}
	for i := 0; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return s
		}
	}
	return s[:4] + "-" + s[4:6] + "-" + s[6:]
}

// ParsePartyIdentifier reads the code form of a 50F party identifier,
// "CODE/CC/identifier": ARNU, CCPT, NIDN, SOSE, TXID with country code and
// number; CUST, DRLC, EMPL with country code, issuer and number. Text that
// does not follow the form is kept whole as a "party_identifier".
func ParsePartyIdentifier(s string) ID {
	code, rest, ok := strings.Cut(s, "/")
	if !ok || len(code) != 4 || !isLetters(code) {
		return ID{Type: "party_identifier", Value: s}
	}
	cc, value, ok := strings.Cut(rest, "/")
	if !ok || len(cc) != 2 || !isLetters(cc) {
		return ID{Type: "party_identifier", Value: s}
	}
	id := ID{Type: code, Value: value, Country: strings.ToLower(cc)}
	switch code {
	case "CUST", "DRLC", "EMPL":
		if issuer, v, ok := strings.Cut(value, "/"); ok {
			id.Issuer, id.Value = issuer, v
		}
	}
	return id
}

// field72 reads sender-to-receiver information: lines "/CODE/text" start a
// segment, "//text" continues it. Each segment is a Text; /INS/ also names
// the instructing institution.
func (p *mtParser) field72(f *mtField) error {
	type segment struct {
		code  string
		lines []string
	}
	var segs []segment
	for _, l := range f.lines {
		l = strings.TrimRight(l, " \t")
		if rest, ok := strings.CutPrefix(l, "//"); ok && len(segs) > 0 {
			segs[len(segs)-1].lines = append(segs[len(segs)-1].lines, rest)
			continue
		}
		if code, text, ok := codeLine(l); ok {
			segs = append(segs, segment{code: code, lines: []string{text}})
			continue
		}
		if len(segs) == 0 {
			segs = append(segs, segment{})
		}
		segs[len(segs)-1].lines = append(segs[len(segs)-1].lines, l)
	}
	path := f.path()
	for _, s := range segs {
		spath := path
		if s.code != "" {
			spath = path + "/" + s.code
		}
		p.text(spath, TextSenderToReceiver, s.lines)
		if s.code == "INS" {
			v := strings.TrimSpace(s.lines[0])
			if v == "" {
				continue
			}
			pt := Party{Path: spath, Role: InstructingInstitution, Kind: KindAgent}
			if IsBIC(v) {
				pt.BIC = v
				pt.Countries = p.country(pt.Countries, spath+"/bic", BICCountry(v))
			} else {
				pt.Name = collapse(strings.Join(s.lines, " "))
			}
			p.msg.Parties = append(p.msg.Parties, pt)
		}
	}
	return nil
}

// codeLine splits "/CODE/text" (CODE one to eight letters or digits).
func codeLine(l string) (code, text string, ok bool) {
	if !strings.HasPrefix(l, "/") {
		return "", "", false
	}
	j := strings.IndexByte(l[1:], '/')
	if j < 1 || j > 8 {
		return "", "", false
	}
	code = l[1 : j+1]
	for i := 0; i < len(code); i++ {
		if !isUpperAlnum(code[i]) {
			return "", "", false
		}
	}
	return code, l[j+2:], true
}

// field77B reads regulatory reporting: the whole field is a Text, and the
// /ORDERRES/CC// and /BENEFRES/CC// codes give the residence countries of
// the ordering customer and the beneficiary.
func (p *mtParser) field77B(f *mtField) {
	path := f.path()
	p.text(path, TextRegulatory, f.lines)
	for _, l := range f.lines {
		code, rest, ok := codeLine(strings.TrimSpace(l))
		if !ok || (code != "ORDERRES" && code != "BENEFRES") {
			continue
		}
		cc, _, _ := strings.Cut(rest, "/")
		if cc = strings.TrimSpace(cc); cc != "" {
			p.country(nil, path+"/"+code, normCountry(cc))
		}
	}
}
