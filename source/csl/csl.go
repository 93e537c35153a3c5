// Package csl reads the US Consolidated Screening List (CSL) published by the
// International Trade Administration at trade.gov: one CSV file that combines
// the US export-control and sanctions lists (OFAC's SDN and non-SDN lists,
// BIS's Entity List, Denied Persons, Unverified and Military End User lists,
// State's ITAR debarments and nonproliferation sanctions).
//
// The file has a header row; columns are mapped by name, so a newer file that
// reorders or renames a column slightly ("id" for "_id", spaces for
// underscores) still reads. Only "name" and "source" are required. Each row is
// one entity, with RecordID the row's _id. The file states no publication
// date and no record count, so Published is "" and Declared 0.
//
// Schema comes from the type column: Individual → Person, Entity and blank →
// LegalEntity (the BIS and State lists leave it blank even for persons; a
// person-looking name is not guessed at), Vessel, Aircraft → Airplane.
// Persons' names "LAST, First" become "First LAST" with given and family
// parts; other names are kept as written. The source's short code ("SDN",
// "EL", "DPL", "NS-MBS"…) is in Properties["cslList"], the full source name
// in Properties["cslSource"]; Programs holds only the programs column.
//
// Multi-valued cells are joined with "; " (alt_names, addresses, dates_of_birth,
// nationalities, citizenships, places_of_birth, programs, ids). An address is
// its parts joined with ", " (street, city, state, postal code, country), the
// country being an ISO 3166-1 alpha-2 code when present. An id is the fields
// of the JSON API's id object joined with ", " in alphabetical key order,
// empty ones left out: country, expiration_date, issue_date, number, type —
// "JO, 2014-08-30, 2009-08-31, K475336, Passport", "CA, BC166787, Passport",
// "Male, Gender". The number may itself contain ", ". Types are classified by
// ofac.IDKind (the CSL repeats OFAC's labels); information that is not an
// identifier goes to Properties, and an identifier's expiry and issue dates
// to Properties["identifierDates"] since entity.Identifier has no place for
// them.
//
// Rows of Treasury lists (SDN, SSI, FSE, PLC, CMIC, NS-MBS, CAP) carry OFAC's
// own entity number and get the merge key "ofac:<entity_number>", so they
// merge with the same records read from OFAC's files; other rows get none.
//
// Errors: broken quoting, a row with the wrong number of fields (what a
// truncated download usually leaves), a header without name or source, or no
// rows at all are *source.ParseError values naming the file, line and row.
// Values that cannot be interpreted (a country, a date) are kept as text in
// Properties and reported once in List.Notes. Invalid UTF-8 in a cell is
// repaired with U+FFFD and reported in List.Notes.
package csl

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/source"
	"github.com/embargo/embargo/source/ofac"
)

// CSV reads the trade.gov consolidated.csv (or its tab-separated variant).
var CSV source.Format = cslCSV{}

// ListID is the stable id of the Consolidated Screening List.
const ListID = "us-csl"

type cslCSV struct{}

func (cslCSV) Name() string { return "us-csl-csv" }

// Column names, after normalisation by normColumn.
const (
	colID         = "id"
	colSource     = "source"
	colEntNum     = "entity_number"
	colType       = "type"
	colPrograms   = "programs"
	colName       = "name"
	colTitle      = "title"
	colAddresses  = "addresses"
	colFRNotice   = "federal_register_notice"
	colStart      = "start_date"
	colEnd        = "end_date"
	colStdOrder   = "standard_order"
	colLicReq     = "license_requirement"
	colLicPolicy  = "license_policy"
	colCallSign   = "call_sign"
	colVesselType = "vessel_type"
	colGT         = "gross_tonnage"
	colGRT        = "gross_registered_tonnage"
	colFlag       = "vessel_flag"
	colOwner      = "vessel_owner"
	colRemarks    = "remarks"
	colListURL    = "source_list_url"
	colAltNames   = "alt_names"
	colCitizen    = "citizenships"
	colDOB        = "dates_of_birth"
	colNat        = "nationalities"
	colPOB        = "places_of_birth"
	colInfoURL    = "source_information_url"
	colIDs        = "ids"
)

// column numbers the columns the reader uses, for indexing.
type column int

const (
	cID column = iota
	cSource
	cEntNum
	cType
	cPrograms
	cName
	cTitle
	cAddresses
	cFRNotice
	cStart
	cEnd
	cStdOrder
	cLicReq
	cLicPolicy
	cCallSign
	cVesselType
	cGT
	cGRT
	cFlag
	cOwner
	cRemarks
	cListURL
	cAltNames
	cCitizen
	cDOB
	cNat
	cPOB
	cInfoURL
	cIDs
	numColumns
)

// columnName maps column numbers to normalised header names.
var columnName = [numColumns]string{
	cID:         colID,
	cSource:     colSource,
	cEntNum:     colEntNum,
	cType:       colType,
	cPrograms:   colPrograms,
	cName:       colName,
	cTitle:      colTitle,
	cAddresses:  colAddresses,
	cFRNotice:   colFRNotice,
	cStart:      colStart,
	cEnd:        colEnd,
	cStdOrder:   colStdOrder,
	cLicReq:     colLicReq,
	cLicPolicy:  colLicPolicy,
	cCallSign:   colCallSign,
	cVesselType: colVesselType,
	cGT:         colGT,
	cGRT:        colGRT,
	cFlag:       colFlag,
	cOwner:      colOwner,
	cRemarks:    colRemarks,
	cListURL:    colListURL,
	cAltNames:   colAltNames,
	cCitizen:    colCitizen,
	cDOB:        colDOB,
	cNat:        colNat,
	cPOB:        colPOB,
	cInfoURL:    colInfoURL,
	cIDs:        colIDs,
}

// distinctive are columns only the CSL has; Detect wants name, source and at
// least two of these.
var distinctive = []string{colEntNum, colAltNames, colListURL, colInfoURL, colFRNotice,
	colDOB, colPOB, colLicReq, colLicPolicy, colStdOrder, colGRT}

// normColumn folds a header cell: "_id" → "id", "Alt Names" → "alt_names".
func normColumn(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimLeft(s, "_")
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, s)
	switch s {
	case "entity_id", "_id":
		return colID
	case "alt_name", "alternate_names":
		return colAltNames
	case "date_of_birth":
		return colDOB
	case "place_of_birth":
		return colPOB
	case "nationality":
		return colNat
	case "citizenship":
		return colCitizen
	case "address":
		return colAddresses
	}
	return s
}

var bom = []byte("\xef\xbb\xbf")

func trimHead(b []byte) []byte {
	b = bytes.TrimPrefix(b, bom)
	return bytes.TrimLeft(b, " \t\r\n")
}

// delimiter guesses the field separator from the header line.
func delimiter(line []byte) rune {
	if bytes.Count(line, []byte{'\t'}) > bytes.Count(line, []byte{','}) {
		return '\t'
	}
	return ','
}

// Detect claims a CSV whose header has name, source and at least two of the
// columns only the CSL has.
func (cslCSV) Detect(name string, head []byte) source.Role {
	head = trimHead(head)
	if len(head) == 0 || head[0] == '{' || head[0] == '<' || head[0] == '[' {
		return source.None
	}
	line := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		line = head[:i]
	}
	r := csv.NewReader(bytes.NewReader(line))
	r.Comma = delimiter(line)
	r.LazyQuotes = true
	rec, err := r.Read()
	if err != nil {
		return source.None
	}
	cols := map[string]bool{}
	for _, c := range rec {
		cols[normColumn(c)] = true
	}
	if !cols[colName] || !cols[colSource] {
		return source.None
	}
	n := 0
	for _, c := range distinctive {
		if cols[c] {
			n++
		}
	}
	if n < 2 {
		return source.None
	}
	return source.Main
}

// Parse reads the whole file.
func (cslCSV) Parse(files []*source.File) (*source.List, error) {
	if len(files) == 0 {
		return nil, errors.New("csl: no files")
	}
	f := files[0]
	data := bytes.TrimPrefix(f.Data, bom)
	firstLine := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		firstLine = data[:i]
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delimiter(firstLine)
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		if err == io.EOF {
			return nil, source.Errorf(f, 1, "header", "empty file")
		}
		return nil, csvError(f, err, "header")
	}
	col := map[string]int{}
	for i, h := range header {
		n := normColumn(h)
		if _, dup := col[n]; !dup && n != "" {
			col[n] = i
		}
	}
	for _, req := range []string{colName, colSource} {
		if _, ok := col[req]; !ok {
			return nil, source.Errorf(f, 1, "header", "no %q column in header %q", req, strings.Join(header, ","))
		}
	}
	var index [numColumns]int
	for c, name := range columnName {
		index[c] = -1
		if i, ok := col[name]; ok {
			index[c] = i
		}
	}
	p := &parser{
		file:   f,
		list:   &source.List{ID: ListID, Title: "US Consolidated Screening List", Format: CSV.Name()},
		col:    index,
		intern: map[string]string{},
		seen:   map[string]bool{},
		codes:  map[string]string{},
		fields: make([]string, len(header)),
	}
	for row := 1; ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(f, err, p.recordName(row, rec))
		}
		p.row(row, rec)
	}
	if len(p.list.Entities) == 0 {
		return nil, source.Errorf(f, 2, "row 1", "no rows after the header (empty or truncated file)")
	}
	if n := p.badUTF8 - maxRecordNotes; n > 0 {
		p.list.Notes = append(p.list.Notes, fmt.Sprintf("invalid UTF-8 replaced with U+FFFD in %d more rows", n))
	}
	return p.list, nil
}

// csvError turns an encoding/csv error into a *source.ParseError.
func csvError(f *source.File, err error, record string) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line := pe.StartLine
		if line == 0 {
			line = pe.Line
		}
		reason := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrFieldCount):
			reason = "wrong number of fields (truncated or broken row)"
		case errors.Is(pe.Err, csv.ErrQuote):
			reason = fmt.Sprintf("broken quoting at line %d column %d (unterminated quoted field or truncated file)", pe.Line, pe.Column)
		case errors.Is(pe.Err, csv.ErrBareQuote):
			reason = fmt.Sprintf("bare quote in unquoted field at line %d column %d", pe.Line, pe.Column)
		}
		return source.Errorf(f, line, record, "%s", reason)
	}
	return source.Errorf(f, 0, record, "%v", err)
}

type parser struct {
	file   *source.File
	list   *source.List
	col    [numColumns]int   // index of each column in a row, -1 when absent
	intern map[string]string // repeated cell values (source names, programs, urls)
	seen   map[string]bool   // notes already made
	codes  map[string]string // source text → short list code
	fields []string

	badUTF8 int // rows with invalid UTF-8
}

// maxRecordNotes bounds the notes naming single records of one kind (a file
// in the wrong encoding would otherwise add one per row).
const maxRecordNotes = 10

// note adds a note once per key (a distinct value, or the record for
// record-specific notes).
func (p *parser) note(key, format string, args ...any) {
	if p.seen[key] {
		return
	}
	p.seen[key] = true
	p.list.Notes = append(p.list.Notes, fmt.Sprintf(format, args...))
}

func (p *parser) get(rec []string, c column) string {
	i := p.col[c]
	if i < 0 || i >= len(rec) {
		return ""
	}
	return rec[i]
}

func (p *parser) recordName(row int, rec []string) string {
	if id := strings.TrimSpace(p.get(rec, cID)); id != "" && len(rec) > 0 {
		return fmt.Sprintf("row %d, id %s", row, id)
	}
	return fmt.Sprintf("row %d", row)
}

func (p *parser) in(s string) string {
	if x, ok := p.intern[s]; ok {
		return x
	}
	p.intern[s] = s
	return s
}

// listCode returns the short code of a CSL source: the text in the last
// brackets, without a trailing " List" ("Non-SDN Menu-Based Sanctions List
// (NS-MBS List) - Treasury Department" → "NS-MBS").
func listCode(src string) string {
	i := strings.LastIndexByte(src, '(')
	j := strings.LastIndexByte(src, ')')
	if i < 0 || j < i {
		return strings.TrimSpace(src)
	}
	c := strings.TrimSpace(src[i+1 : j])
	c = strings.TrimSpace(strings.TrimSuffix(c, " List"))
	if c == "" {
		return strings.TrimSpace(src)
	}
	return c
}

// treasury reports whether a CSL source is one of OFAC's own lists, whose
// entity_number is OFAC's uid.
func treasury(code, src string) bool {
	switch code {
	case "SDN", "SSI", "FSE", "PLC", "CMIC", "NS-MBS", "CAP":
		return true
	}
	return strings.Contains(strings.ToLower(src), "treasury")
}

// clean collapses runs of white space (names with embedded line breaks).
func clean(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n', c == '\r', c == '\t',
			c == ' ' && i+1 < len(s) && s[i+1] == ' ',
			c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0: // no-break space
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

// split splits a multi-valued cell on ";", trimming and dropping empties.
func split(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, ";")
	out := parts[:0]
	for _, x := range parts {
		if x = clean(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func (p *parser) row(row int, rec []string) {
	// Copy (ReuseRecord) and repair invalid UTF-8.
	fields := p.fields[:len(rec)]
	bad := false
	for i, v := range rec {
		if !utf8.ValidString(v) {
			v = strings.ToValidUTF8(v, "\uFFFD")
			bad = true
		}
		fields[i] = v
	}
	rec = fields
	record := p.recordName(row, rec)
	if bad {
		p.badUTF8++
		if p.badUTF8 <= maxRecordNotes {
			p.note(record+"\x00utf8", "%s: invalid UTF-8 replaced with U+FFFD", record)
		}
	}

	src := clean(p.get(rec, cSource))
	src = p.in(src)
	code, ok := p.codes[src]
	if !ok {
		code = p.in(listCode(src))
		p.codes[src] = code
	}
	id := strings.TrimSpace(p.get(rec, cID))
	entNum := strings.TrimSpace(p.get(rec, cEntNum))
	recordID := id
	if recordID == "" {
		if entNum != "" {
			recordID = code + ":" + entNum
		} else {
			recordID = fmt.Sprintf("row %d", row)
		}
	}

	e := &entity.Entity{Sources: []entity.Source{{List: ListID, RecordID: recordID}}}
	typ := strings.TrimSpace(p.get(rec, cType))
	switch strings.ToLower(typ) {
	case "individual":
		e.Schema = entity.Person
	case "entity", "":
		e.Schema = entity.LegalEntity
	case "vessel":
		e.Schema = entity.Vessel
	case "aircraft":
		e.Schema = entity.Airplane
	default:
		if s, ok := entity.ParseSchema(typ); ok {
			e.Schema = s
		} else {
			e.Schema = entity.LegalEntity
			p.note("type\x00"+typ, "unknown type %q read as LegalEntity (first in %s)", typ, record)
			e.AddProperty("cslType", typ)
		}
	}
	if src != "" {
		e.AddProperty("cslSource", src)
		e.AddProperty("cslList", code)
	}
	if entNum != "" && treasury(code, src) {
		e.MergeKeys = []string{"ofac:" + entNum}
	}
	if entNum != "" {
		e.AddProperty("entityNumber", entNum)
	}

	// Names.
	person := e.Schema == entity.Person
	name := clean(p.get(rec, cName))
	if name == "" {
		p.note(record+"\x00noname", "%s: no name", record)
	}
	e.AddName(makeName(name, entity.Primary, person))
	for _, a := range split(p.get(rec, cAltNames)) {
		e.AddName(makeName(a, entity.Alias, person))
	}

	for _, prog := range split(p.get(rec, cPrograms)) {
		entity.AddString(&e.Programs, p.in(prog))
	}
	if t := clean(p.get(rec, cTitle)); t != "" {
		entity.AddString(&e.Positions, t)
	}
	e.Remarks = strings.TrimSpace(p.get(rec, cRemarks))

	for _, a := range split(p.get(rec, cAddresses)) {
		e.Addresses = append(e.Addresses, parseAddress(a))
	}
	for _, d := range split(p.get(rec, cDOB)) {
		if dt, ok := entity.ParseDate(d); ok {
			e.AddBirthDate(dt)
		} else {
			e.AddProperty("birthDate", d)
			p.note("dob\x00"+d, "date of birth %q not understood, kept in properties (first in %s)", d, record)
		}
	}
	for _, pl := range split(p.get(rec, cPOB)) {
		entity.AddString(&e.BirthPlaces, pl)
	}
	p.countries(&e.Nationalities, p.get(rec, cNat), e, "nationality", record)
	p.countries(&e.Citizenships, p.get(rec, cCitizen), e, "citizenship", record)

	if s := strings.TrimSpace(p.get(rec, cStart)); s != "" {
		if d, ok := entity.ParseDate(s); ok {
			e.ListedOn = d.String()
		} else {
			e.AddProperty("startDate", s)
			p.note("start\x00"+s, "start date %q not understood, kept in properties (first in %s)", s, record)
		}
	}
	e.AddProperty("endDate", p.get(rec, cEnd))
	e.AddProperty("federalRegisterNotice", clean(p.get(rec, cFRNotice)))
	e.AddProperty("standardOrder", p.get(rec, cStdOrder))
	e.AddProperty("licenseRequirement", clean(p.get(rec, cLicReq)))
	e.AddProperty("licensePolicy", clean(p.get(rec, cLicPolicy)))
	e.AddProperty("callSign", p.get(rec, cCallSign))
	e.AddProperty("vesselType", p.get(rec, cVesselType))
	e.AddProperty("tonnage", p.get(rec, cGT))
	e.AddProperty("grossRegisteredTonnage", p.get(rec, cGRT))
	e.AddProperty("owner", p.get(rec, cOwner))
	if flag := strings.TrimSpace(p.get(rec, cFlag)); flag != "" {
		e.AddProperty("flag", flag)
		if c, ok := countryCode(flag); ok {
			entity.AddCountry(&e.Countries, c)
		} else {
			p.note("flag\x00"+flag, "vessel flag %q is not a known country; kept in properties (first in %s)", flag, record)
		}
	}
	if u := strings.TrimSpace(p.get(rec, cListURL)); u != "" {
		e.AddProperty("sourceListUrl", p.in(u))
	}
	if u := strings.TrimSpace(p.get(rec, cInfoURL)); u != "" {
		e.AddProperty("sourceInformationUrl", p.in(u))
	}
	for _, it := range splitIDs(p.get(rec, cIDs)) {
		p.addID(e, it, record)
	}
	p.list.Entities = append(p.list.Entities, e)
}

func (p *parser) countries(dst *[]string, cell string, e *entity.Entity, prop, record string) {
	for _, v := range split(cell) {
		codes, unknown := entity.Countries(v)
		for _, c := range codes {
			entity.AddCountry(dst, c)
		}
		for _, u := range unknown {
			e.AddProperty(prop, u)
			p.note(prop+"\x00"+u, "%s %q is not a known country; kept in properties (first in %s)", prop, u, record)
		}
	}
}

// suffixes are generational suffixes written after a comma in person names.
func isSuffix(s string) bool {
	switch strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), ".")) {
	case "jr", "sr", "ii", "iii", "iv":
		return true
	}
	return false
}

// makeName builds a name. Persons' names are written "LAST, First Middle"
// (OFAC style); they are turned into reading order "First Middle LAST" with
// the parts kept. A generational suffix ("Jr.") written after another comma
// goes last, as an Other part. Names of other schemas are kept as written.
func makeName(s string, kind entity.NameKind, person bool) entity.Name {
	n := entity.Name{Full: s, Kind: kind}
	if !person || !strings.Contains(s, ",") {
		return n
	}
	pieces := strings.Split(s, ",")
	family := strings.TrimSpace(pieces[0])
	var given, suffix []string
	for _, x := range pieces[1:] {
		x = strings.TrimSpace(x)
		if x == "" {
			continue
		}
		if isSuffix(x) {
			suffix = append(suffix, x)
		} else {
			given = append(given, x)
		}
	}
	if family == "" || len(given) == 0 {
		return n
	}
	g := strings.Join(given, " ")
	full := []string{g, family}
	n.Parts = []entity.NamePart{{Type: entity.Given, Value: g}, {Type: entity.Family, Value: family}}
	for _, x := range suffix {
		full = append(full, x)
		n.Parts = append(n.Parts, entity.NamePart{Type: entity.Other, Value: x})
	}
	n.Full = strings.Join(full, " ")
	return n
}

// parseAddress reads "street, city, state, postal code, CC": the last part
// is the country when it is an ISO alpha-2 code (or a country name). US
// addresses of the BIS lists often end with the postal code and no country;
// they get none.
func parseAddress(s string) entity.Address {
	a := entity.Address{Full: s}
	last := s
	if i := strings.LastIndex(s, ","); i >= 0 {
		last = s[i+1:]
	}
	last = strings.TrimSpace(last)
	if len(last) == 2 && last[0] >= 'A' && last[0] <= 'Z' && last[1] >= 'A' && last[1] <= 'Z' {
		if c := strings.ToLower(last); entity.IsCountryCode(c) {
			a.Country = c
		}
		return a
	}
	if c, ok := countryCode(last); ok && !isDigits(last) {
		a.Country = c
	}
	return a
}

// countryCode is entity.CountryCode, also reading "St." as "Saint"
// ("St. Vincent and the Grenadines").
func countryCode(s string) (string, bool) {
	if c, ok := entity.CountryCode(s); ok {
		return c, true
	}
	if t, ok := strings.CutPrefix(strings.TrimSpace(s), "St. "); ok {
		return entity.CountryCode("Saint " + t)
	}
	return "", false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// splitIDs splits the ids cell into its items.
func splitIDs(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, "; ")
	out := parts[:0]
	for _, x := range parts {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// idItem is one parsed entry of the ids cell.
type idItem struct {
	Country string   // upper-case ISO alpha-2 as listed, or ""
	Dates   []string // expiration then issue date, as listed (one or both may be absent)
	Number  string
	Type    string
}

func isISODate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	return isDigits(s[:4]) && isDigits(s[5:7]) && isDigits(s[8:])
}

// parseID reads "country, expiration, issue, number, type" with the empty
// fields left out. The type is the last part and the number the part(s)
// before it; a leading two-letter country code and ISO dates are taken only
// while a number remains. ok is false for an item without ", ".
func parseID(s string) (it idItem, ok bool) {
	pieces := strings.Split(s, ", ")
	if len(pieces) < 2 {
		return it, false
	}
	it.Type = strings.TrimSpace(pieces[len(pieces)-1])
	rest := pieces[:len(pieces)-1]
	if len(rest) >= 2 {
		c := strings.TrimSpace(rest[0])
		if len(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' && entity.IsCountryCode(strings.ToLower(c)) {
			it.Country = c
			rest = rest[1:]
		}
	}
	for len(rest) >= 2 && len(it.Dates) < 2 && isISODate(strings.TrimSpace(rest[0])) {
		it.Dates = append(it.Dates, strings.TrimSpace(rest[0]))
		rest = rest[1:]
	}
	it.Number = strings.TrimSpace(strings.Join(rest, ", "))
	if it.Type == "" || it.Number == "" {
		return it, false
	}
	return it, true
}

func (p *parser) addID(e *entity.Entity, s, record string) {
	it, ok := parseID(s)
	if !ok {
		e.AddProperty("idText", s)
		p.note(record+"\x00id\x00"+s, "%s: id %q not understood, kept in properties", record, s)
		return
	}
	if strings.EqualFold(it.Type, "Gender") {
		switch g := strings.ToLower(it.Number); g {
		case "male", "female":
			e.Gender = g
		default:
			e.AddProperty("gender", it.Number)
		}
		return
	}
	t, cur, prop := ofac.IDKind(it.Type)
	if prop != "" && !validKey(prop) {
		prop = propKey(it.Type)
	}
	if t != "" {
		e.AddIdentifier(entity.Identifier{
			Type:     t,
			Value:    it.Number,
			Country:  strings.ToLower(it.Country),
			Currency: cur,
			Label:    it.Type,
		})
	}
	if prop != "" {
		e.AddProperty(prop, it.Number)
		if it.Country != "" && t == "" {
			e.AddProperty(prop+"Country", strings.ToLower(it.Country))
		}
	}
	switch len(it.Dates) {
	case 1:
		e.AddProperty("identifierDates", fmt.Sprintf("%s %s: dated %s", it.Type, it.Number, it.Dates[0]))
	case 2:
		e.AddProperty("identifierDates", fmt.Sprintf("%s %s: expires %s, issued %s", it.Type, it.Number, it.Dates[0], it.Dates[1]))
	}
}

// validKey reports whether a property key is plain ASCII letters and digits.
func validKey(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return k != ""
}

// propKey turns a label into a lowerCamelCase property key, as ofac.IDKind
// does: "Executive Order 13662 Directive Determination -" →
// "executiveOrder13662DirectiveDetermination". It stands in when the key
// IDKind returns is not plain ASCII letters and digits.
func propKey(label string) string {
	var b strings.Builder
	up := false
	for _, r := range label {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			switch {
			case b.Len() == 0:
				r = unicode.ToLower(r)
			case up:
				r = unicode.ToUpper(r)
			default:
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
			up = false
		case r >= '0' && r <= '9':
			b.WriteRune(r)
			up = false
		default:
			up = true
		}
	}
	return b.String()
}
