package uk

import (
	"strings"

	"github.com/embargo/embargo/entity"
)

// ConList's "Other Information" column packs labelled fields into one text:
//
//	(UK Sanctions List Ref):RUS0296. Free text… (UK Statement of Reasons):…
//	(Phone number):(1) +7 … (2) … (Email address):a@b.ru (Gender):Male
//
// A label is only recognised when it is one of the known keys below, so that
// parentheses inside values ("+7 (843) 560-20-12", "resolution 2662 (2022):")
// stay in their values.

type infoKey uint8

const (
	keyNone infoKey = iota
	keyUKRef
	keyUNRef
	keyReasons
	keyGender
	keyPhone
	keyTel
	keyFax
	keyEmail
	keyWebsite
	keyEntityType
	keyParent
	keyBusinessReg
	keySubsidiaries
	keyIMO
	keyFlag
	keyPrevFlags
	keyShipType
	keyTonnage
	keyLength
	keyYearBuilt
	keyOwners
)

var infoKeys = map[string]infoKey{
	"uk sanctions list ref":     keyUKRef,
	"un ref":                    keyUNRef,
	"uk statement of reasons":   keyReasons,
	"gender":                    keyGender,
	"phone number":              keyPhone,
	"tel":                       keyTel,
	"fax":                       keyFax,
	"email address":             keyEmail,
	"website":                   keyWebsite,
	"type of entity":            keyEntityType,
	"parent company":            keyParent,
	"business reg no":           keyBusinessReg,
	"subsidiaries":              keySubsidiaries,
	"imo number":                keyIMO,
	"flag of ship":              keyFlag,
	"previous flags":            keyPrevFlags,
	"type of ship":              keyShipType,
	"tonnage of ship":           keyTonnage,
	"length of ship":            keyLength,
	"year built":                keyYearBuilt,
	"current owners":            keyOwners,
	"current owner/operator":    keyOwners,
	"current owner/operator(s)": keyOwners,
}

// infoField is one labelled value of Other Information.
type infoField struct {
	key   infoKey
	label string // as written, e.g. "Phone number"
	value string
}

// splitInfo cuts Other Information into its free text (before the first
// label and after the references) and its labelled fields.
func splitInfo(s string) (free string, fields []infoField) {
	type cut struct {
		key        infoKey
		label      string
		start, val int // start of "(", start of the value
	}
	var cuts []cut
	for i := 0; i < len(s); i++ {
		if s[i] != '(' {
			continue
		}
		j := strings.IndexByte(s[i+1:], ')')
		if j < 0 || j > 40 {
			continue
		}
		j += i + 1
		if j+1 >= len(s) || s[j+1] != ':' {
			continue
		}
		label := s[i+1 : j]
		k, ok := infoKeys[strings.ToLower(strings.TrimSpace(label))]
		if !ok {
			continue
		}
		cuts = append(cuts, cut{key: k, label: strings.TrimSpace(label), start: i, val: j + 2})
		i = j + 1
	}
	if len(cuts) == 0 {
		return clean(s), nil
	}
	free = clean(s[:cuts[0].start])
	for n, c := range cuts {
		end := len(s)
		if n+1 < len(cuts) {
			end = cuts[n+1].start
		}
		fields = append(fields, infoField{key: c.key, label: c.label, value: clean(s[c.val:end])})
	}
	return free, fields
}

// refHead splits a reference value "RUS0296. Free text" into the references
// ("RUS0296"; "INU0082 and SYR0310" gives two) and the text after them.
func refHead(v string, un bool) (refs []string, bad string, rest string) {
	head := v
	if i := strings.Index(v, ". "); i >= 0 {
		head, rest = v[:i], v[i+2:]
	}
	if i := strings.IndexByte(head, '\n'); i >= 0 {
		head, rest = head[:i], strings.TrimSpace(head[i+1:]+" "+rest)
	}
	head = strings.ReplaceAll(head, "\u00a0", " ")
	isSep := func(c byte) bool { return c == ' ' || c == ',' || c == ';' || c == '&' || c == '\t' }
	for i := 0; i < len(head); {
		for i < len(head) && isSep(head[i]) {
			i++
		}
		start := i
		for i < len(head) && !isSep(head[i]) {
			i++
		}
		tok := strings.TrimFunc(strings.TrimRight(head[start:i], "."), isTrimRune)
		switch {
		case tok == "" || strings.EqualFold(tok, "and"):
		case isRef(tok, un):
			refs = appendUnique(refs, tok)
		case len(refs) == 0 && bad == "":
			bad = tok
		default:
			// text after the references: it belongs to the remarks
			rest = strings.TrimSpace(strings.TrimSpace(head[start:]) + ". " + rest)
			i = len(head)
		}
	}
	return refs, bad, clean(rest)
}

// isRef reports whether tok looks like a list reference: letters then digits
// ("RUS0296"), or for UN references letters, a dot and digits ("QDi.001").
func isRef(tok string, un bool) bool {
	i := 0
	for i < len(tok) && (tok[i] >= 'A' && tok[i] <= 'Z' || tok[i] >= 'a' && tok[i] <= 'z') {
		i++
	}
	if i < 2 || i > 4 {
		return false
	}
	if i < len(tok) && tok[i] == '.' {
		i++
	} else if un {
		return false
	}
	if i == len(tok) {
		return false
	}
	for ; i < len(tok); i++ {
		if tok[i] < '0' || tok[i] > '9' {
			return false
		}
	}
	return true
}

// otherInfo is what Other Information holds, parsed.
type otherInfo struct {
	ukRefs, unRefs []string
	free           []string // free text, in order
	reasons        string
}

// applyOtherInfo parses one Other Information text into e; g collects the
// remarks and references of the group.
func applyOtherInfo(e *entity.Entity, s string, oi *otherInfo, recordID string, notes *noteSet) {
	free, fields := splitInfo(s)
	if free != "" {
		oi.free = appendUnique(oi.free, free)
		nonLatinFromText(e, free, notes)
	}
	for _, f := range fields {
		v := f.value
		switch f.key {
		case keyUKRef, keyUNRef:
			refs, bad, rest := refHead(v, f.key == keyUNRef)
			if f.key == keyUKRef {
				for _, r := range refs {
					oi.ukRefs = appendUnique(oi.ukRefs, r)
				}
			} else {
				for _, r := range refs {
					oi.unRefs = appendUnique(oi.unRefs, r)
				}
			}
			if bad != "" {
				notes.add("%s: %s value %q is not a reference number; kept in remarks", recordID, f.label, bad)
				rest = strings.TrimSpace("(" + f.label + "): " + bad + ". " + rest)
			}
			if rest != "" {
				oi.free = appendUnique(oi.free, rest)
				nonLatinFromText(e, rest, notes)
			}
		case keyReasons:
			if v != "" && !strings.Contains(oi.reasons, v) {
				if oi.reasons != "" {
					oi.reasons += "\n"
				}
				oi.reasons += v
			}
		case keyGender:
			if g := gender(v); g != "" {
				if e.Gender == "" {
					e.Gender = g
				}
			} else if v != "" {
				e.AddProperty("gender", v)
				notes.add("unknown gender %q kept in properties", v)
			}
		case keyPhone, keyTel:
			for _, p := range splitPhones(v) {
				e.AddIdentifier(entity.Identifier{Type: entity.Phone, Value: p, Label: f.label})
			}
		case keyFax:
			for _, p := range splitPhones(v) {
				e.AddProperty("fax", p)
			}
		case keyEmail:
			emails, _ := splitContacts(v)
			for _, m := range emails {
				e.AddIdentifier(entity.Identifier{Type: entity.Email, Value: m, Label: f.label})
			}
		case keyWebsite:
			emails, sites := splitContacts(v)
			for _, w := range sites {
				e.AddIdentifier(entity.Identifier{Type: entity.Website, Value: w, Label: f.label})
			}
			for _, m := range emails {
				e.AddIdentifier(entity.Identifier{Type: entity.Email, Value: m, Label: f.label})
			}
		case keyEntityType:
			for _, t := range splitNumbered(v) {
				e.AddProperty("legalForm", t)
			}
		case keyParent:
			for _, t := range splitNumbered(v) {
				e.AddProperty("parent", t)
			}
		case keySubsidiaries:
			for _, t := range splitNumbered(v) {
				e.AddProperty("subsidiaries", t)
			}
		case keyBusinessReg:
			for _, id := range regNumbers(v, f.label) {
				e.AddIdentifier(id)
			}
		case keyIMO:
			for _, t := range splitNumbered(v) {
				if imo := imoNumber(t); imo != "" {
					e.AddIdentifier(entity.Identifier{Type: entity.IMO, Value: imo, Label: f.label})
				} else if t != "" {
					e.AddProperty("imoNumberText", t)
					notes.add("%s: IMO number %q is not a number; kept in properties", recordID, t)
				}
			}
		case keyFlag, keyPrevFlags:
			prop := "flag"
			if f.key == keyPrevFlags {
				prop = "pastFlags"
			}
			codes, unknown := countries(v)
			for _, c := range codes {
				e.AddProperty(prop, c)
				if f.key == keyFlag {
					entity.AddCountry(&e.Countries, c)
				}
			}
			for _, u := range unknown {
				e.AddProperty(prop, u)
				notes.add("unmapped %s country %q kept as text", strings.ToLower(f.label), u)
			}
		case keyShipType:
			e.AddProperty("vesselType", v)
		case keyTonnage:
			e.AddProperty("tonnage", v)
		case keyLength:
			e.AddProperty("length", v)
		case keyYearBuilt:
			e.AddProperty("buildDate", v)
		case keyOwners:
			for _, t := range splitNumbered(v) {
				e.AddProperty("owner", t)
			}
		}
	}
}

// nonLatinFromText picks up names written into free text as
// "Name (non-Latin script): ФЕДЕРАЛЬНОЕ … . Non Latin Script Type: Cyrillic.
// Non Latin Script Language: Russian."
func nonLatinFromText(e *entity.Entity, s string, notes *noteSet) {
	const tag = "Name (non-Latin script):"
	i := strings.Index(s, tag)
	if i < 0 {
		return
	}
	rest := s[i+len(tag):]
	name := rest
	if j := strings.Index(rest, "Non Latin Script Type"); j >= 0 {
		name = rest[:j]
	} else if j := strings.Index(rest, "Non-Latin Script Type"); j >= 0 {
		name = rest[:j]
	} else if j := strings.IndexByte(rest, '\n'); j >= 0 {
		name = rest[:j]
	}
	name = strings.TrimRight(clean(name), ". ")
	if name == "" {
		return
	}
	valueAfter := func(label string) string {
		k := strings.Index(rest, label)
		if k < 0 {
			return ""
		}
		v := strings.TrimLeft(rest[k+len(label):], ": ")
		if j := strings.IndexAny(v, ".\n"); j >= 0 {
			v = v[:j]
		}
		return clean(v)
	}
	st := valueAfter("Script Type")
	lang := valueAfter("Script Language")
	e.AddName(nonLatinName(name, st, lang, entity.Alias, notes))
}

func gender(v string) string {
	l := strings.ToLower(clean(v))
	switch {
	case strings.HasPrefix(l, "female"), l == "f":
		return "female"
	case strings.HasPrefix(l, "male"), l == "m":
		return "male"
	}
	return ""
}

// splitPhones splits a phone field: numbered items, then ". " or ";" lists.
// Items without at least five digits are dropped.
func splitPhones(v string) []string {
	var out []string
	for _, item := range splitNumbered(v) {
		for _, p := range splitOn(item, ". ", ";", " or ", ",") {
			p = strings.TrimRight(clean(p), ".")
			if countDigits(p) >= 5 {
				out = appendUnique(out, p)
			}
		}
	}
	return out
}

// splitOn splits s on any of the separators.
func splitOn(s string, seps ...string) []string {
	parts := []string{s}
	for _, sep := range seps {
		var next []string
		for _, p := range parts {
			next = append(next, strings.Split(p, sep)...)
		}
		parts = next
	}
	return parts
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

// splitContacts splits an email or website field into addresses and sites.
func splitContacts(v string) (emails, sites []string) {
	for _, item := range splitNumbered(v) {
		for _, tok := range strings.FieldsFunc(item, func(r rune) bool {
			return r == ' ' || r == ',' || r == ';' || r == '\n' || r == '\t' || r == '\u00a0'
		}) {
			tok = strings.Trim(tok, ".()<>\"'“”")
			switch {
			case tok == "" || strings.EqualFold(tok, "and"):
			case strings.Count(tok, "@") == 1 && strings.Contains(tok[strings.IndexByte(tok, '@'):], "."):
				emails = appendUnique(emails, tok)
			case strings.Contains(tok, ".") && !strings.Contains(tok, "@") && len(tok) > 3:
				sites = appendUnique(sites, tok)
			}
		}
	}
	return emails, sites
}

func imoNumber(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	if b.Len() != 7 {
		return ""
	}
	return b.String()
}

// regNumbers reads business registration numbers: "(1) INN: 1656003409 (2)
// KPP: 165601001", "1027700073466 (Russia). Tax ID No. 7735007358 (Russia)",
// "TIN (Taxpayer Identification Number) 9718168599 / SRN … 1217700038710".
// Each number (a token with at least five digits) becomes an identifier whose
// label is the text before it; tax numbers (INN, TIN, tax) become tax_id,
// KPP, SPARK and licence codes other, the rest registration.
func regNumbers(v, defaultLabel string) []entity.Identifier {
	var out []entity.Identifier
	for _, item := range splitNumbered(v) {
		// "Tax ID No. 7735007358": the abbreviation's dot ends no sentence.
		item = strings.ReplaceAll(strings.ReplaceAll(item, "No. ", "No "), "no. ", "no ")
		for _, piece := range splitOn(item, "; ", ". ", " / ", "\n") {
			piece = clean(piece)
			if piece == "" {
				continue
			}
			out = append(out, regPiece(piece, defaultLabel)...)
		}
	}
	return out
}

func regPiece(s, defaultLabel string) []entity.Identifier {
	var out []entity.Identifier
	prevEnd := 0
	label := ""
	for i := 0; i < len(s); {
		if !isIDByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isIDByte(s[j]) {
			j++
		}
		tok := s[i:j]
		if countDigits(tok) >= 5 {
			if l := cleanLabel(s[prevEnd:i]); l != "" {
				label = l
			}
			id := entity.Identifier{Value: strings.Trim(tok, "-"), Label: label}
			// "(Russia)" after the number, or a country at the head of the label
			after := s[j:]
			if k := strings.IndexByte(after, '('); k >= 0 && k < 3 {
				if m := strings.IndexByte(after[k:], ')'); m > 0 {
					if c, ok := countryCode(after[k+1 : k+m]); ok {
						id.Country = c
						j += k + m + 1
					}
				}
			}
			if id.Country == "" && label != "" {
				if c := leadingCountry(label); c != "" {
					id.Country = c
				}
			}
			id.Type = regType(label)
			if id.Label == "" {
				id.Label = defaultLabel
			}
			out = append(out, id)
			prevEnd = j
		}
		i = j
	}
	return out
}

func isIDByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-'
}

// cleanLabel trims the text in front of a number down to a label.
func cleanLabel(s string) string {
	s = strings.Trim(clean(s), " :–-—\"")
	// drop unbalanced brackets at either end: "(УНН/ИНН)" stays whole,
	// "TIN (Taxpayer Identification Number)" too, "(Russia) INN" does not
	// start with one.
	for len(s) > 0 && s[len(s)-1] == ')' && strings.Count(s, "(") < strings.Count(s, ")") {
		s = strings.TrimSpace(s[:len(s)-1])
	}
	for len(s) > 0 && s[0] == '(' && strings.Count(s, "(") > strings.Count(s, ")") {
		s = strings.TrimSpace(s[1:])
	}
	if len(s) > 1 && s[0] == '(' && s[len(s)-1] == ')' && strings.Count(s, "(") == 1 {
		s = s[1 : len(s)-1]
	}
	s = strings.Trim(s, " :–-—\"")
	s = strings.TrimSuffix(s, " No")
	s = strings.TrimSuffix(s, " number")
	if strings.EqualFold(s, "and") || strings.EqualFold(s, "dated") {
		return ""
	}
	return strings.TrimSpace(s)
}

func regType(label string) entity.IDType {
	l := strings.ToUpper(label)
	switch {
	case strings.Contains(l, "KPP") || strings.Contains(l, "SPARK") || strings.Contains(l, "LICEN") || strings.Contains(l, "OKPO"):
		return entity.OtherID
	case strings.Contains(l, "INN") || strings.Contains(l, "TIN") || strings.Contains(l, "TAX") ||
		strings.Contains(l, "ИНН") || strings.Contains(l, "УНН") || strings.Contains(l, "UNP"):
		return entity.TaxID
	}
	return entity.Registration
}
