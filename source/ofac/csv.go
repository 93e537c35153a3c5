package ofac

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/source"
)

// LegacyCSV reads OFAC's legacy CSV set: sdn.csv (or cons_prim.csv for the
// non-SDN Consolidated list) with its companions alt.csv, add.csv and
// sdn_comments.csv (cons_alt.csv, cons_add.csv, cons_comments.csv), joined
// on ent_num. The main file alone is enough; the companions are optional.
//
// Detect claims files by the shape of their first row: no header, an
// unquoted integer record number first, every other non-empty value
// double-quoted and empty ones written -0-. Twelve fields make the main file
// (Main); five fields with aka/fka/nka third (alt), six fields (add) and two
// fields (comments, which also needs "comment" in the name or remark-like
// text) make companions (Part). The list id is ofac-cons when the main
// file's name starts with "cons", else ofac-sdn.
//
// Parse produces one entity per sdn.csv row. The Remarks field (joined with
// its sdn_comments.csv continuation) is split into facts, and every fact it
// can read becomes a field: birth dates and places, nationality,
// citizenship, gender, identifiers with their issuing country (classified
// by IDKind), a.k.a./f.k.a./n.k.a. names, "Linked To:" links, websites,
// e-mails, phone numbers, crypto addresses, vessel and aircraft details and
// OFAC's sanctions information. The whole text stays in Remarks.
//
// Remark a.k.a.s are OFAC's weak aliases (the CSV puts strong ones in
// alt.csv and weak ones in the remarks; the sdnList XML marks the same
// names category="weak"), so they become entity.WeakAlias.
//
// Invalid UTF-8 is repaired with U+FFFD and noted in List.Notes. The CSV
// states no publication date, so Published is empty.
var LegacyCSV source.Format = legacyCSV{}

type legacyCSV struct{}

func (legacyCSV) Name() string { return "ofac-legacy-csv" }

// csvKind is what a legacy CSV file is, from its shape.
type csvKind uint8

const (
	csvNone csvKind = iota
	csvMain
	csvAlt
	csvAdd
	csvComments
)

func (k csvKind) String() string {
	switch k {
	case csvMain:
		return "main (sdn.csv)"
	case csvAlt:
		return "alias (alt.csv)"
	case csvAdd:
		return "address (add.csv)"
	case csvComments:
		return "comments (sdn_comments.csv)"
	}
	return "unknown"
}

// csvFields is the field count of each kind of file.
var csvFields = map[csvKind]int{csvMain: 12, csvAlt: 5, csvAdd: 6, csvComments: 2}

// csvRemarkAliasKind is the kind given to a.k.a.s found in remarks.
const csvRemarkAliasKind = entity.WeakAlias

func (legacyCSV) Detect(name string, head []byte) source.Role {
	switch csvDetect(name, head) {
	case csvMain:
		return source.Main
	case csvAlt, csvAdd, csvComments:
		return source.Part
	}
	return source.None
}

// Pairs pairs the companion files of the SDN set (alt.csv, add.csv,
// sdn_comments.csv) with sdn.csv and those of the consolidated set
// (cons_alt.csv, cons_add.csv, cons_comments.csv) with cons_prim.csv.
func (legacyCSV) Pairs(main, part string) bool {
	cons := func(n string) bool { return strings.HasPrefix(strings.ToLower(n), "cons") }
	return cons(main) == cons(part)
}

// csvDetect tells the kind of file from its first row. Later rows are left
// to Parse, which reports a malformed one with its line rather than leaving
// the whole file unrecognised.
func csvDetect(name string, head []byte) csvKind {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) == 0 || head[0] < '0' || head[0] > '9' {
		return csvNone
	}
	// the first line only (head may be cut anywhere after it)
	if i := bytes.IndexByte(head, '\n'); i > 0 {
		head = head[:i+1]
	}
	t := csvClean(head)
	sc := newCSVScanner(t.s)
	if !sc.next() || sc.err != nil {
		return csvNone
	}
	kind := csvRowKind(sc.fields, sc.quoted)
	// A two-field file is the loosest shape: take it only with a name that
	// says comments, or when its text reads like remarks.
	if kind == csvComments {
		ln := strings.ToLower(name)
		if !strings.Contains(ln, "comment") && !bytes.Contains(head, []byte("; ")) {
			return csvNone
		}
	}
	return kind
}

// csvRowKind tells the kind of file a row belongs to from its shape.
func csvRowKind(f []string, quoted []bool) csvKind {
	if len(f) < 2 || quoted[0] || !csvDigits(f[0]) {
		return csvNone
	}
	// every field but the numbers is quoted or the -0- placeholder
	textOK := func(from int) bool {
		for i := from; i < len(f); i++ {
			if !quoted[i] && f[i] != "" {
				return false
			}
		}
		return true
	}
	switch len(f) {
	case 12:
		if quoted[1] && f[1] != "" && textOK(2) {
			return csvMain
		}
	case 5:
		if !quoted[1] && csvDigits(f[1]) && quoted[2] && csvAltType(f[2]) != "" && textOK(2) {
			return csvAlt
		}
	case 6:
		if !quoted[1] && csvDigits(f[1]) && textOK(2) {
			return csvAdd
		}
	case 2:
		if quoted[1] && f[1] != "" {
			return csvComments
		}
	}
	return csvNone
}

func csvAltType(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "aka", "a.k.a.":
		return "aka"
	case "fka", "f.k.a.":
		return "fka"
	case "nka", "n.k.a.":
		return "nka"
	}
	return ""
}

// csvSet is one legacy CSV list being parsed.
type csvSet struct {
	listID   string
	notes    csvNotes
	stats    csvRemarkStats
	entities []*entity.Entity
	byNum    map[int]*entity.Entity
	rows     []csvMainRow
	comments map[int][]string
	cut      []bool   // per entity: remarks cut at the limit, no continuation
	titles   []string // per entity: the Title column
	cache    *csvCache
	hasComm  bool // the set has a comments file
}

type csvMainRow struct {
	num    int
	line   int
	fields [12]string
}

func (legacyCSV) Parse(files []*source.File) (*source.List, error) {
	l, _, err := csvParse(files, false)
	return l, err
}

// csvParse parses a set; keep asks for samples of unparsed remark facts.
func csvParse(files []*source.File, keep bool) (*source.List, *csvRemarkStats, error) {
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("ofac: legacy CSV: no files")
	}
	main := files[0]
	set := &csvSet{byNum: map[int]*entity.Entity{}, comments: map[int][]string{}, cache: newCSVCache()}
	set.stats.Keep = keep
	list := &source.List{Format: LegacyCSV.Name()}
	ln := strings.ToLower(main.Name)
	if strings.HasPrefix(ln, "cons") || strings.Contains(ln, "cons_") {
		list.ID, list.Title = "ofac-cons", "OFAC Consolidated Sanctions List (non-SDN), legacy CSV"
	} else {
		list.ID, list.Title = "ofac-sdn", "OFAC Specially Designated Nationals (SDN) List, legacy CSV"
	}
	set.listID = list.ID

	texts := make([]csvText, len(files))
	kinds := make([]csvKind, len(files))
	for i, f := range files {
		texts[i] = csvClean(f.Data)
		k, err := csvFileKind(f, texts[i].s)
		if err != nil {
			return nil, nil, err
		}
		if i == 0 && k != csvMain {
			return nil, nil, source.Errorf(f, 1, "", "not an OFAC sdn.csv main file: rows have the shape of %s", k)
		}
		if i > 0 && k == csvMain {
			return nil, nil, source.Errorf(f, 1, "", "a second main file in the set (the first is %s)", main.Path)
		}
		kinds[i] = k
		if texts[i].badUTF8 > 0 {
			set.notes.add(fmt.Sprintf("%s: %d invalid UTF-8 sequences (first on line %d) replaced with U+FFFD",
				f.Name, texts[i].badUTF8, texts[i].badUTF8Ln))
		}
		if !texts[i].hadEOF && len(texts[i].s) > 0 {
			set.notes.add(f.Name + ": no end-of-file marker (0x1A); the file may be incomplete")
		}
	}

	if err := set.readMain(main, texts[0].s); err != nil {
		return nil, nil, err
	}
	// comments first: they complete the remarks before these are parsed
	for i := 1; i < len(files); i++ {
		if kinds[i] == csvComments {
			set.hasComm = true
			if err := set.readComments(files[i], texts[i].s); err != nil {
				return nil, nil, err
			}
		}
	}
	set.build()
	// aliases and addresses before the remarks, so that an entity's names
	// read: primary, alt.csv aliases, then the remarks' weak ones
	for i := 1; i < len(files); i++ {
		var err error
		switch kinds[i] {
		case csvAlt:
			err = set.readAlt(files[i], texts[i].s)
		case csvAdd:
			err = set.readAdd(files[i], texts[i].s)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	set.parseRemarks()
	list.Entities = set.entities
	list.Notes = set.notes.notes
	return list, &set.stats, nil
}

// csvFileKind tells the kind of a whole file from its first row.
func csvFileKind(f *source.File, s string) (csvKind, error) {
	sc := newCSVScanner(s)
	if !sc.next() {
		if sc.err != nil {
			return csvNone, source.Errorf(f, sc.start, "row 1", "%v", sc.err)
		}
		return csvNone, source.Errorf(f, 1, "", "empty file")
	}
	k := csvRowKind(sc.fields, sc.quoted)
	if k == csvNone {
		return csvNone, source.Errorf(f, sc.start, "row 1", "not an OFAC legacy CSV row (%d fields)", len(sc.fields))
	}
	return k, nil
}

// csvScan runs fn over every row of a file of the given kind, checking the
// field count, the record number and that every unquoted value is a number
// or the -0- placeholder (a row cut short ends in a partial value).
func csvScan(f *source.File, s string, kind csvKind, fn func(num, line int, fields []string) error) error {
	sc := newCSVScanner(s)
	want := csvFields[kind]
	numeric := 1
	if kind == csvAlt || kind == csvAdd {
		numeric = 2
	}
	row := 0
	for sc.next() {
		row++
		if len(sc.fields) != want {
			return source.Errorf(f, sc.start, "row "+strconv.Itoa(row), "%d fields, want %d for an OFAC %s file (file truncated or broken quoting?)",
				len(sc.fields), want, kind)
		}
		num, err := strconv.Atoi(sc.fields[0])
		if err != nil || num < 0 || sc.quoted[0] {
			return source.Errorf(f, sc.start, "row "+strconv.Itoa(row), "ent_num %q is not an integer", sc.fields[0])
		}
		for i := numeric; i < want; i++ {
			if !sc.quoted[i] && sc.fields[i] != "" {
				return source.Errorf(f, sc.start, "ent_num "+sc.fields[0], "unquoted value %q in field %d: neither text nor -0- (file truncated?)",
					sc.fields[i], i+1)
			}
		}
		if err := fn(num, sc.start, sc.fields); err != nil {
			return err
		}
	}
	if sc.err != nil {
		return source.Errorf(f, sc.start, "row "+strconv.Itoa(row+1), "%v", sc.err)
	}
	return nil
}

func (set *csvSet) readMain(f *source.File, s string) error {
	n := strings.Count(s, "\n") + 1
	first := make(map[int]int, n)
	set.rows = make([]csvMainRow, 0, n)
	return csvScan(f, s, csvMain, func(num, line int, fields []string) error {
		rec := "ent_num " + strconv.Itoa(num)
		if l, dup := first[num]; dup {
			return source.Errorf(f, line, rec, "duplicate ent_num (first on line %d)", l)
		}
		first[num] = line
		if strings.TrimSpace(fields[1]) == "" {
			return source.Errorf(f, line, rec, "empty SDN_Name")
		}
		r := csvMainRow{num: num, line: line}
		copy(r.fields[:], fields)
		set.rows = append(set.rows, r)
		return nil
	})
}

func (set *csvSet) readComments(f *source.File, s string) error {
	known := map[int]bool{}
	for _, r := range set.rows {
		known[r.num] = true
	}
	return csvScan(f, s, csvComments, func(num, line int, fields []string) error {
		if !known[num] {
			return source.Errorf(f, line, "ent_num "+strconv.Itoa(num), "comment for an ent_num that is not in the main file")
		}
		set.comments[num] = append(set.comments[num], fields[1])
		return nil
	})
}

// build turns the main rows, with their comments, into entities; their
// remarks are parsed later by parseRemarks.
func (set *csvSet) build() {
	set.entities = make([]*entity.Entity, 0, len(set.rows))
	set.cut = make([]bool, len(set.rows))
	set.titles = make([]string, len(set.rows))
	for i := range set.rows {
		r := &set.rows[i]
		e := set.entity(r)
		set.titles[i] = strings.TrimSpace(r.fields[4])
		// without sdn_comments.csv a remark of the maximum length has lost
		// its end; with it, a remark that has no comment row is whole
		set.cut[i] = !set.hasComm && len(r.fields[11]) >= csvRemarksLimit
		set.entities = append(set.entities, e)
		set.byNum[r.num] = e
	}
	set.rows = nil
}

// parseRemarks reads the facts of every entity's remarks.
func (set *csvSet) parseRemarks() {
	p := &csvRemarks{notes: &set.notes, stats: &set.stats, cache: set.cache}
	cut := 0
	for i, e := range set.entities {
		if set.cut[i] {
			cut++
		}
		if e.Remarks != "" {
			p.parse(e, e.Remarks, set.titles[i], set.cut[i])
		}
	}
	if cut > 0 {
		set.notes.add(fmt.Sprintf("%d remarks end at OFAC's %d-character limit without their sdn_comments.csv continuation: their last fact is kept as text only",
			cut, csvRemarksLimit))
	}
}

func (set *csvSet) entity(r *csvMainRow) *entity.Entity {
	f := r.fields
	num := strconv.Itoa(r.num)
	e := &entity.Entity{
		Sources:   []entity.Source{{List: set.listID, RecordID: num}},
		MergeKeys: []string{"ofac:" + num},
	}
	switch t := strings.ToLower(strings.TrimSpace(f[2])); t {
	case "individual":
		e.Schema = entity.Person
	case "vessel":
		e.Schema = entity.Vessel
	case "aircraft":
		e.Schema = entity.Airplane
	case "", "entity":
		e.Schema = entity.LegalEntity
	default:
		e.Schema = entity.LegalEntity
		set.notes.add("unknown SDN_Type " + csvQuote(f[2]) + " read as LegalEntity")
	}
	e.AddName(csvName(f[1], entity.Primary, e.Schema == entity.Person))
	for _, prog := range strings.Split(f[3], "] [") {
		entity.AddString(&e.Programs, strings.Trim(prog, "[] "))
	}
	entity.AddString(&e.Positions, f[4])
	// vessel columns
	e.AddProperty("callSign", f[5])
	e.AddProperty("vesselType", f[6])
	e.AddProperty("tonnage", f[7])
	e.AddProperty("grossRegisteredTonnage", f[8])
	if flag := strings.TrimSpace(f[9]); flag != "" && !csvUnknownCountry(flag) {
		if c, ok := set.cache.country(flag); ok {
			entity.AddCountry(&e.Countries, c)
			e.AddProperty("flag", c)
		} else {
			e.AddProperty("flag", flag)
			set.notes.add("unrecognised vessel flag " + csvQuote(flag) + " kept as text")
		}
	}
	e.AddProperty("owner", f[10])

	remarks := f[11]
	for _, c := range set.comments[r.num] {
		remarks += c
	}
	e.Remarks = strings.TrimSpace(remarks)
	return e
}

func (set *csvSet) readAlt(f *source.File, s string) error {
	return csvScan(f, s, csvAlt, func(num, line int, fields []string) error {
		rec := "ent_num " + strconv.Itoa(num)
		e := set.byNum[num]
		if e == nil {
			return source.Errorf(f, line, rec, "alias for an ent_num that is not in the main file")
		}
		if !csvDigits(fields[1]) {
			return source.Errorf(f, line, rec, "alt_num %q is not an integer", fields[1])
		}
		name := strings.TrimSpace(fields[3])
		if name == "" {
			return nil // empty placeholder alias
		}
		kind := entity.Alias
		switch csvAltType(fields[2]) {
		case "fka":
			kind = entity.FormerName
		case "aka", "nka":
		default:
			set.notes.add("unknown alt_type " + csvQuote(fields[2]) + " read as a.k.a.")
		}
		rem := strings.TrimSpace(fields[4])
		if rem != "" {
			if strings.Contains(strings.ToLower(rem), "weak") && kind == entity.Alias {
				kind = entity.WeakAlias
			}
			e.AddProperty("aliasRemarks", name+": "+rem)
		}
		e.AddName(csvName(name, kind, e.Schema == entity.Person))
		return nil
	})
}

func (set *csvSet) readAdd(f *source.File, s string) error {
	empty := 0
	defer func() {
		if empty > 0 {
			set.notes.add(fmt.Sprintf("%s: %d address rows hold no address (-0- in every field) and were not attached", f.Name, empty))
		}
	}()
	return csvScan(f, s, csvAdd, func(num, line int, fields []string) error {
		rec := "ent_num " + strconv.Itoa(num)
		e := set.byNum[num]
		if e == nil {
			return source.Errorf(f, line, rec, "address for an ent_num that is not in the main file")
		}
		if !csvDigits(fields[1]) {
			return source.Errorf(f, line, rec, "add_num %q is not an integer", fields[1])
		}
		street, city, country := strings.TrimSpace(fields[2]), strings.TrimSpace(fields[3]), strings.TrimSpace(fields[4])
		var parts []string
		for _, p := range []string{street, city, country} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		a := entity.Address{Full: strings.Join(parts, ", "), Street: street, City: city}
		if country != "" && !csvUnknownCountry(country) {
			if c, ok := set.cache.country(country); ok {
				a.Country = c
			} else {
				set.notes.add("unrecognised address country " + csvQuote(country) + " kept in the address text")
			}
		}
		if rem := strings.TrimSpace(fields[5]); rem != "" {
			if a.Full != "" {
				rem = a.Full + ": " + rem
			}
			e.AddProperty("addressRemarks", rem)
		}
		if a.Full == "" {
			empty++
			return nil
		}
		e.Addresses = append(e.Addresses, a)
		return nil
	})
}

// csvSortedKeys is used by tests and reports.
func csvSortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}
