// Package ftm reads FollowTheMoney (FtM) entities written as JSON lines: one
// entity object per line with "id", "schema" and "properties" (every
// property a list of strings), optionally "caption", "datasets",
// "referents", "first_seen", "last_seen", "last_change" and "target". This is
// how OpenSanctions exports its data (entities.ftm.json) and the natural
// format for custom watchlists.
//
// Only screenable schemas become entities: Person, Organization, Company,
// LegalEntity, PublicBody (read as Organization), Vessel, Airplane and
// CryptoWallet. Entities of other schemas are counted per schema in
// List.Notes; Sanction, Address, Passport, Identification, Occupancy and
// Position entities are folded into the entities that refer to them
// (programs, listing dates, address details, passport numbers, positions) on
// the way, as are such entities nested in a property (OpenSanctions "nested"
// exports). An unknown schema is a note, not an error, so that custom
// watchlists with their own schemas still load.
//
// Each entity gets Sources [{list, id}] and MergeKeys "ftm:<id>" plus
// "ftm:<referent>" for each referent. Properties map as FtM defines them:
// name (the first Primary, the rest Alias), alias, weakAlias and
// abbreviation (WeakAlias), previousName (FormerName); firstName,
// secondName, middleName, fatherName (patronymic), lastName, nameSuffix and
// title become name parts when each has one value and they spell a listed
// name (a person without any name gets the built name); birthDate,
// birthPlace, gender, nationality, citizenship, country/jurisdiction/
// mainCountry/flag; identifier properties (passportNumber, idNumber,
// taxNumber, innCode, registrationNumber, ogrnCode, imoNumber, mmsi, swiftBic,
// leiCode, isinCode, publicKey with currency, email, website, phone…);
// address; program and programId → Programs; notes → Remarks; position →
// Positions; the earliest of createdAt and listingDate → ListedOn. Every
// other property is kept in Properties under its own name, and so are
// values that do not parse (with a note). An entity carrying datasets other
// than the list's own keeps them in Properties["datasets"].
//
// The list id is the dataset most entities carry (more than half of the
// lines), with underscores turned into hyphens ("eu_fsf" → "eu-fsf"), else
// the file's base name without extensions. Published is derived, not stated:
// FtM files carry no publication date, so it is the newest last_change or
// last_seen date found in the file ("" when there is none).
//
// Strictness: a line that is not a JSON object, lacks "id" or "schema", or
// has a property the reader maps (names, dates, countries, identifiers,
// programs…) whose value is neither a list of strings nor a single string is
// a *source.ParseError naming the file, line, entity and property; so is a
// last line cut off (a truncated file). Two deviations seen in real
// OpenSanctions exports are tolerated and reported in List.Notes: a property
// written as a plain string instead of a one-element list (read as one
// value), and properties the reader does not map holding other JSON
// (objects, numbers), which are skipped. Unknown top-level members are
// ignored with a note. Invalid UTF-8 is replaced with U+FFFD (as
// encoding/json does) and noted per line.
//
// Lines with the same id are merged into one entity.
package ftm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/source"
)

// JSONL reads FollowTheMoney entities, one JSON object per line.
var JSONL source.Format = jsonl{}

type jsonl struct{}

func (jsonl) Name() string { return "ftm-jsonl" }

var bom = []byte("\xef\xbb\xbf")

// Detect claims a file whose first non-blank line is a JSON object with
// string "id" and "schema" members. The line may be cut off by the 64 KiB
// head: it is read token by token and decided as soon as both are seen.
func (jsonl) Detect(name string, head []byte) source.Role {
	head = bytes.TrimPrefix(head, bom)
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) == 0 || head[0] != '{' {
		return source.None
	}
	line := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		line = head[:i]
	}
	if hasIDAndSchema(line) {
		return source.Main
	}
	return source.None
}

// hasIDAndSchema walks the top-level members of the object in b until it has
// seen string values for "id" and "schema"; a truncated object is fine as
// long as both come before the cut.
func hasIDAndSchema(b []byte) bool {
	d := json.NewDecoder(bytes.NewReader(b))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	var id, schema bool
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return false
		}
		key, ok := t.(string)
		if !ok {
			return false
		}
		switch key {
		case "id", "schema":
			v, err := d.Token()
			if err != nil {
				return false
			}
			s, ok := v.(string)
			if !ok || s == "" {
				return false
			}
			if key == "id" {
				id = true
			} else {
				schema = true
			}
			if id && schema {
				return true
			}
		default:
			var skip json.RawMessage
			if err := d.Decode(&skip); err != nil {
				return false
			}
		}
	}
	return false
}

// screenable maps the FtM schemas embargo screens against.
var screenable = map[string]entity.Schema{
	"Person":       entity.Person,
	"Organization": entity.Organization,
	"Company":      entity.Company,
	"LegalEntity":  entity.LegalEntity,
	"PublicBody":   entity.Organization,
	"Vessel":       entity.Vessel,
	"Airplane":     entity.Airplane,
	"CryptoWallet": entity.CryptoWallet,
}

// ftmSchemas are the other FollowTheMoney schemas: skipped without surprise.
var ftmSchemas = map[string]bool{
	"Address": true, "Analyzable": true, "Article": true, "Assessment": true,
	"Asset": true, "Associate": true, "Audio": true, "BankAccount": true, "Call": true,
	"CallForTenders": true, "Contract": true, "ContractAward": true, "CourtCase": true,
	"CourtCaseParty": true, "Debt": true, "Directorship": true, "Document": true,
	"Documentation": true, "EconomicActivity": true, "Email": true, "Employment": true,
	"Event": true, "Family": true, "Folder": true, "HyperText": true, "Identification": true,
	"Image": true, "Interest": true, "Interval": true, "License": true, "Membership": true,
	"Mention": true, "Message": true, "Note": true, "Occupancy": true, "Ownership": true,
	"Package": true, "Page": true, "Pages": true, "Passport": true, "Payment": true,
	"PlainText": true, "Position": true, "Project": true, "ProjectParticipant": true,
	"RealEstate": true, "Representation": true, "Sanction": true, "Security": true,
	"Similar": true, "Succession": true, "Table": true, "TaxRoll": true, "Thing": true,
	"Trip": true, "UnknownLink": true, "UserAccount": true, "Value": true, "Vehicle": true,
	"Video": true, "Workbook": true, "Land": true,
}

// idProps maps FtM identifier properties to identifier types.
var idProps = map[string]entity.IDType{
	"passportNumber":     entity.Passport,
	"idNumber":           entity.NationalID,
	"taxNumber":          entity.TaxID,
	"innCode":            entity.TaxID,
	"vatCode":            entity.TaxID,
	"registrationNumber": entity.Registration,
	"ogrnCode":           entity.Registration,
	"dunsCode":           entity.Registration,
	"imoNumber":          entity.IMO,
	"mmsi":               entity.MMSI,
	"swiftBic":           entity.BIC,
	"bicCode":            entity.BIC,
	"leiCode":            entity.LEI,
	"isinCode":           entity.ISIN,
	"isin":               entity.ISIN,
	"email":              entity.Email,
	"website":            entity.Website,
	"phone":              entity.Phone,
}

// mapped are the properties the reader interprets; their values must be
// strings.
var mapped = func() map[string]bool {
	m := map[string]bool{
		"name": true, "alias": true, "weakAlias": true, "previousName": true, "abbreviation": true,
		"firstName": true, "middleName": true, "lastName": true, "fatherName": true,
		"secondName": true, "title": true, "nameSuffix": true,
		"birthDate": true, "birthPlace": true, "gender": true,
		"nationality": true, "citizenship": true, "country": true, "jurisdiction": true,
		"mainCountry": true, "flag": true,
		"publicKey": true, "currency": true,
		"address": true, "addressEntity": true,
		"program": true, "programId": true, "sanctions": true,
		"topics": true, "notes": true, "position": true, "createdAt": true, "listingDate": true,
	}
	for k := range idProps {
		m[k] = true
	}
	return m
}()

// raw is one FtM entity as read, before mapping.
type raw struct {
	id, schema, caption string
	line                int
	props               map[string][]string
	order               []string          // property names in first-seen order
	nested              map[string][]*raw // nested entity objects per property
	datasets, referents []string
	target              *bool
}

func (r *raw) add(key string, vals ...string) {
	if r.props == nil {
		r.props = map[string][]string{}
	}
	old, ok := r.props[key]
	if !ok {
		r.order = append(r.order, key)
	}
	for _, v := range vals {
		if !contains(old, v) {
			old = append(old, v)
		}
	}
	r.props[key] = old
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

type parser struct {
	file     *source.File
	list     *source.List
	seen     map[string]bool
	byID     map[string]*raw
	all      []*raw
	datasets map[string]int
	lines    int
	newest   string

	plainString map[string]int // property → entities with a plain-string value
	skippedJSON map[string]int // unmapped property → values that were not strings
	extraKeys   map[string]int // unknown top-level member → lines
	badUTF8     int            // lines with invalid UTF-8
}

// maxRecordNotes bounds the notes naming single lines of one kind (a file
// in the wrong encoding would otherwise add one per line).
const maxRecordNotes = 10

func (p *parser) note(key, format string, args ...any) {
	if p.seen[key] {
		return
	}
	p.seen[key] = true
	p.list.Notes = append(p.list.Notes, fmt.Sprintf(format, args...))
}

// Parse reads the whole file.
func (jsonl) Parse(files []*source.File) (*source.List, error) {
	if len(files) == 0 {
		return nil, errors.New("ftm: no files")
	}
	f := files[0]
	p := &parser{
		file:        f,
		list:        &source.List{Format: JSONL.Name()},
		seen:        map[string]bool{},
		byID:        map[string]*raw{},
		datasets:    map[string]int{},
		plainString: map[string]int{},
		skippedJSON: map[string]int{},
		extraKeys:   map[string]int{},
	}
	data := bytes.TrimPrefix(f.Data, bom)
	lineNo := 0
	for len(data) > 0 {
		lineNo++
		var line []byte
		last := false
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data, last = data, nil, true
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if err := p.readLine(lineNo, line, last); err != nil {
			return nil, err
		}
	}
	if p.lines == 0 {
		return nil, source.Errorf(f, 1, "line 1", "no entity lines (empty file)")
	}
	p.finish()
	return p.list, nil
}

func (p *parser) readLine(lineNo int, line []byte, last bool) error {
	f := p.file
	record := fmt.Sprintf("line %d", lineNo)
	if line[0] != '{' {
		return source.Errorf(f, lineNo, record, "line is not a JSON object (starts %q)", preview(line))
	}
	badUTF8 := !utf8.Valid(line)
	if fe, ok := fastDecode(line); ok && fe.ID != "" && fe.Schema != "" {
		record = fmt.Sprintf("line %d, id %s", lineNo, fe.ID)
		r := p.entity(lineNo, record, fe.ID, fe.Schema, badUTF8)
		if r.caption == "" {
			r.caption = strings.TrimSpace(fe.Caption)
		}
		if len(fe.Properties) > 0 {
			keys := make([]string, 0, len(fe.Properties))
			for k := range fe.Properties {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				vals := fe.Properties[k][:0]
				for _, v := range fe.Properties[k] {
					if v = strings.TrimSpace(v); v != "" {
						vals = append(vals, v)
					}
				}
				if len(vals) > 0 {
					r.add(k, vals...)
				}
			}
		}
		r.addDatasets(fe.Datasets)
		r.addReferents(fe.Referents)
		for _, s := range []*string{fe.LastSeen, fe.LastChange} {
			if s != nil {
				p.seenDate(*s)
			}
		}
		if fe.Target != nil {
			r.target = fe.Target
		}
		p.countDatasets(fe.Datasets)
		return nil
	}
	// The slow path: every member looked at on its own, for precise errors
	// and for the deviations real exports have.
	var top map[string]json.RawMessage
	if err := json.Unmarshal(line, &top); err != nil {
		reason := err.Error()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			reason = fmt.Sprintf("invalid JSON at column %d: %v", se.Offset, se)
		}
		if last {
			reason += " (last line cut off: truncated file?)"
		}
		return source.Errorf(f, lineNo, record, "%s", reason)
	}
	id, err := str(top["id"])
	if err != nil || id == "" {
		return source.Errorf(f, lineNo, record, "entity has no \"id\" string")
	}
	record = fmt.Sprintf("line %d, id %s", lineNo, id)
	schema, err := str(top["schema"])
	if err != nil || schema == "" {
		return source.Errorf(f, lineNo, record, "entity has no \"schema\" string")
	}
	r := p.entity(lineNo, record, id, schema, badUTF8)
	var datasets []string
	for k, v := range top {
		switch k {
		case "id", "schema":
		case "caption":
			if s, err := str(v); err == nil && r.caption == "" {
				r.caption = s
			}
		case "properties":
			if err := p.properties(r, v, record, lineNo); err != nil {
				return err
			}
		case "datasets", "referents":
			vals, objs, ok := values(v)
			if !ok || len(objs) > 0 {
				return source.Errorf(f, lineNo, record, "%q is not a list of strings", k)
			}
			if k == "datasets" {
				datasets = vals
				r.addDatasets(vals)
			} else {
				r.addReferents(vals)
			}
		case "first_seen":
		case "last_seen", "last_change":
			if s, err := str(v); err == nil {
				p.seenDate(s)
			}
		case "target":
			var b bool
			if json.Unmarshal(v, &b) == nil {
				r.target = &b
			}
		default:
			p.extraKeys[k]++
		}
	}
	p.countDatasets(datasets)
	return nil
}

// countDatasets counts the distinct datasets one line names.
func (p *parser) countDatasets(vals []string) {
	for i, d := range vals {
		if d = strings.TrimSpace(d); d != "" && !contains(vals[:i], vals[i]) {
			p.datasets[d]++
		}
	}
}

// fastEntity is an FtM line as it should be: decoded in one go.
type fastEntity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Caption    string              `json:"caption"`
	Properties map[string][]string `json:"properties"`
	Datasets   []string            `json:"datasets"`
	Referents  []string            `json:"referents"`
	FirstSeen  *string             `json:"first_seen"`
	LastSeen   *string             `json:"last_seen"`
	LastChange *string             `json:"last_change"`
	Target     *bool               `json:"target"`
}

// fastDecode decodes a well-formed line; ok is false for anything unusual
// (unknown members, a property that is not a list of strings, trailing
// data), which the slow path then looks at.
func fastDecode(line []byte) (fe fastEntity, ok bool) {
	d := json.NewDecoder(bytes.NewReader(line))
	d.DisallowUnknownFields()
	if err := d.Decode(&fe); err != nil {
		return fe, false
	}
	if d.InputOffset() != int64(len(line)) {
		return fe, false
	}
	fe.ID, fe.Schema = strings.TrimSpace(fe.ID), strings.TrimSpace(fe.Schema)
	return fe, true
}

// entity returns the raw entity for id, creating it on first sight.
func (p *parser) entity(lineNo int, record, id, schema string, badUTF8 bool) *raw {
	if badUTF8 {
		p.badUTF8++
		if p.badUTF8 <= maxRecordNotes {
			p.note("utf8\x00"+record, "%s: invalid UTF-8 replaced with U+FFFD", record)
		}
	}
	p.lines++
	r := p.byID[id]
	if r == nil {
		r = &raw{id: id, schema: schema, line: lineNo}
		p.byID[id] = r
		p.all = append(p.all, r)
	} else if r.schema != schema {
		p.note("schema\x00"+id, "%s: entity %s listed again with schema %s (first as %s); kept %s", record, id, schema, r.schema, r.schema)
	}
	return r
}

// seenDate keeps the newest ISO date of last_seen / last_change.
func (p *parser) seenDate(s string) {
	s = strings.TrimSpace(s)
	if len(s) >= 10 && isISODate(s[:10]) && s[:10] > p.newest {
		p.newest = s[:10]
	}
}

func (r *raw) addDatasets(vals []string) {
	for _, s := range vals {
		if s = strings.TrimSpace(s); s != "" && !contains(r.datasets, s) {
			r.datasets = append(r.datasets, s)
		}
	}
}

func (r *raw) addReferents(vals []string) {
	for _, s := range vals {
		if s = strings.TrimSpace(s); s != "" && !contains(r.referents, s) {
			r.referents = append(r.referents, s)
		}
	}
}

// properties reads the properties object of an entity into r.
func (p *parser) properties(r *raw, v json.RawMessage, record string, lineNo int) error {
	if isNull(v) {
		return nil
	}
	var props map[string]json.RawMessage
	if err := json.Unmarshal(v, &props); err != nil {
		return source.Errorf(p.file, lineNo, record, "\"properties\" is not an object")
	}
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic order for notes and Properties
	for _, k := range keys {
		pv := props[k]
		vals, objs, ok := values(pv)
		if !ok {
			if mapped[k] {
				return source.Errorf(p.file, lineNo, record, "property %q is not a list of strings (got %s)", k, preview(pv))
			}
			p.skippedJSON[k]++
			continue
		}
		if len(pv) > 0 && pv[0] == '"' {
			p.plainString[k]++
		}
		if len(objs) > 0 {
			switch k {
			case "sanctions", "addressEntity", "ownershipOwner", "identification", "passport",
				"positionOccupancies", "occupancies":
				for _, o := range objs {
					if n := nestedEntity(o); n != nil {
						if r.nested == nil {
							r.nested = map[string][]*raw{}
						}
						r.nested[k] = append(r.nested[k], n)
					}
				}
			default:
				if mapped[k] {
					return source.Errorf(p.file, lineNo, record, "property %q is not a list of strings (got %s)", k, preview(pv))
				}
				p.skippedJSON[k] += len(objs)
			}
		}
		if len(vals) > 0 {
			r.add(k, vals...)
		}
	}
	return nil
}

// nestedEntity reads an entity object nested in a property (OpenSanctions
// "nested" exports). Only its string properties are kept.
func nestedEntity(b json.RawMessage) *raw {
	var top struct {
		ID         string                     `json:"id"`
		Schema     string                     `json:"schema"`
		Caption    string                     `json:"caption"`
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if json.Unmarshal(b, &top) != nil {
		return nil
	}
	n := &raw{id: top.ID, schema: top.Schema, caption: top.Caption}
	keys := make([]string, 0, len(top.Properties))
	for k := range top.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if vals, _, ok := values(top.Properties[k]); ok && len(vals) > 0 {
			n.add(k, vals...)
		}
	}
	return n
}

// values decodes a property value: a list of strings (objects in the list are
// returned apart), a single string, or null. ok is false for anything else.
func values(v json.RawMessage) (vals []string, objs []json.RawMessage, ok bool) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || isNull(v) {
		return nil, nil, true
	}
	switch v[0] {
	case '"':
		var s string
		if json.Unmarshal(v, &s) != nil {
			return nil, nil, false
		}
		if s = strings.TrimSpace(s); s != "" {
			vals = []string{s}
		}
		return vals, nil, true
	case '[':
		var list []string
		if json.Unmarshal(v, &list) == nil {
			vals = list[:0]
			for _, s := range list {
				if s = strings.TrimSpace(s); s != "" {
					vals = append(vals, s)
				}
			}
			return vals, nil, true
		}
		var items []json.RawMessage
		if json.Unmarshal(v, &items) != nil {
			return nil, nil, false
		}
		for _, it := range items {
			it = bytes.TrimSpace(it)
			switch {
			case len(it) > 0 && it[0] == '"':
				var s string
				if json.Unmarshal(it, &s) != nil {
					return nil, nil, false
				}
				if s = strings.TrimSpace(s); s != "" {
					vals = append(vals, s)
				}
			case len(it) > 0 && it[0] == '{':
				objs = append(objs, it)
			case isNull(it):
			default:
				return nil, nil, false
			}
		}
		return vals, objs, true
	}
	return nil, nil, false
}

func isNull(v []byte) bool { return string(bytes.TrimSpace(v)) == "null" }

func str(v json.RawMessage) (string, error) {
	if v == nil {
		return "", errors.New("absent")
	}
	var s string
	err := json.Unmarshal(v, &s)
	return strings.TrimSpace(s), err
}

func preview(b []byte) string {
	s := string(b)
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

func isISODate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i == 4 || i == 7 {
			continue
		}
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// listID picks the list id: the dataset more than half the entities carry,
// else the file's base name without extensions.
func (p *parser) listID() (id, title, dataset string) {
	best, n := "", 0
	for d, c := range p.datasets {
		if c > n || (c == n && d < best) {
			best, n = d, c
		}
	}
	if best != "" && n*2 > p.lines {
		return slug(best), best, best
	}
	base := path.Base(strings.ReplaceAll(p.file.Name, "\\", "/"))
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	if s := slug(base); s != "" {
		return s, base, ""
	}
	return "ftm", "entities", ""
}

// slug lower-cases and turns underscores and spaces into hyphens.
func slug(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		if r == '_' || r == ' ' {
			return '-'
		}
		return r
	}, s)
}

func (p *parser) finish() {
	id, title, mainDataset := p.listID()
	p.list.ID = id
	p.list.Title = title + " (FollowTheMoney)"
	p.list.Published = p.newest

	// Index the entities that are folded into others.
	addresses := map[string]*raw{}
	byRef := map[string][]*raw{} // target id → Sanction/Passport/Identification/Occupancy
	positions := map[string]*raw{}
	for _, r := range p.all {
		switch r.schema {
		case "Address":
			addresses[r.id] = r
		case "Position":
			positions[r.id] = r
		case "Sanction":
			for _, t := range r.props["entity"] {
				byRef[t] = append(byRef[t], r)
			}
		case "Passport", "Identification", "Occupancy":
			for _, t := range r.props["holder"] {
				byRef[t] = append(byRef[t], r)
			}
		}
	}

	skipped := map[string]int{}
	unknown := map[string]int{}
	var nameless, nonTarget int
	for _, r := range p.all {
		schema, ok := screenable[r.schema]
		if !ok {
			if ftmSchemas[r.schema] {
				skipped[r.schema]++
				continue
			}
			s, ok2 := entity.ParseSchema(r.schema)
			if !ok2 {
				unknown[r.schema]++
				continue
			}
			p.note("schemaalias\x00"+r.schema, "schema %q read as %s", r.schema, s)
			schema = s
		}
		e := p.build(r, schema, mainDataset)
		for _, x := range r.nested["sanctions"] {
			p.foldSanction(e, x)
		}
		for _, x := range r.nested["addressEntity"] {
			p.foldAddress(e, x)
		}
		for _, k := range []string{"identification", "passport"} {
			for _, x := range r.nested[k] {
				p.foldIdentification(e, x)
			}
		}
		for _, a := range r.props["addressEntity"] {
			if x := addresses[a]; x != nil {
				p.foldAddress(e, x)
			}
		}
		for _, x := range byRef[r.id] {
			switch x.schema {
			case "Sanction":
				p.foldSanction(e, x)
			case "Passport", "Identification":
				p.foldIdentification(e, x)
			case "Occupancy":
				for _, post := range x.props["post"] {
					if pos := positions[post]; pos != nil {
						for _, n := range pos.props["name"] {
							entity.AddString(&e.Positions, n)
						}
					}
				}
			}
		}
		if len(e.Names) == 0 {
			nameless++
		}
		if r.target != nil && !*r.target {
			nonTarget++
		}
		p.list.Entities = append(p.list.Entities, e)
	}
	for _, k := range sortedKeys(skipped) {
		how := "not a screenable schema"
		switch k {
		case "Address", "Sanction", "Passport", "Identification", "Occupancy", "Position":
			how += "; folded into the entities that refer to them"
		}
		p.note("skip\x00"+k, "skipped %d %s entities (%s)", skipped[k], k, how)
	}
	for _, k := range sortedKeys(unknown) {
		p.note("unknown\x00"+k, "skipped %d entities of unknown schema %q", unknown[k], k)
	}
	if nameless > 0 {
		p.note("nameless", "entities without any name: %d (kept; they can match only on identifiers)", nameless)
	}
	if nonTarget > 0 {
		p.note("nontarget", "entities marked \"target\": false (related parties, not listed themselves): %d; kept, with properties.target = false", nonTarget)
	}
	if len(p.plainString) > 0 {
		p.note("plain", "%d property values written as a plain string instead of a list, read as one value (%s)", total(p.plainString), summary(p.plainString))
	}
	if len(p.skippedJSON) > 0 {
		p.note("json", "%d values of unmapped properties are not strings (objects, numbers…) and were skipped (%s)", total(p.skippedJSON), summary(p.skippedJSON))
	}
	if n := p.badUTF8 - maxRecordNotes; n > 0 {
		p.note("utf8more", "invalid UTF-8 replaced with U+FFFD on %d more lines", n)
	}
	if len(p.extraKeys) > 0 {
		p.note("extra", "unknown top-level members ignored (%s)", summary(p.extraKeys))
	}
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// summary renders "a ×3, b ×1" in key order, at most 12 keys.
func summary(m map[string]int) string {
	keys := sortedKeys(m)
	var b strings.Builder
	for i, k := range keys {
		if i == 12 {
			fmt.Fprintf(&b, ", … %d more", len(keys)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s ×%d", k, m[k])
	}
	return b.String()
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
