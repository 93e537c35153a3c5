package uk

import (
	"sort"
	"strconv"
	"strings"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/source"
)

// ConList columns, as named in the header row.
const (
	cName6 = iota
	cName1
	cName2
	cName3
	cName4
	cName5
	cTitle
	cNonLatin
	cNonLatinType
	cNonLatinLang
	cDOB
	cTownOfBirth
	cCountryOfBirth
	cNationality
	cPassportNumber
	cPassportDetails
	cNationalIDNumber
	cNationalIDDetails
	cPosition
	cAddress1
	cAddress2
	cAddress3
	cAddress4
	cAddress5
	cAddress6
	cPostCode
	cCountry
	cOtherInfo
	cGroupType
	cAliasType
	cAliasQuality
	cRegime
	cListedOn
	cDesignated
	cLastUpdated
	cGroupID
	nColumns
)

var columnNames = [nColumns]string{
	"name 6", "name 1", "name 2", "name 3", "name 4", "name 5", "title",
	"name non-latin script", "non-latin script type", "non-latin script language",
	"dob", "town of birth", "country of birth", "nationality",
	"passport number", "passport details", "national identification number", "national identification details",
	"position", "address 1", "address 2", "address 3", "address 4", "address 5", "address 6",
	"post/zip code", "country", "other information", "group type", "alias type", "alias quality",
	"regime", "listed on", "uk sanctions list date designated", "last updated", "group id",
}

// required columns: without them a file is not a ConList.
var requiredColumns = []int{cName6, cGroupType, cGroupID}

// dateColumns hold dates; the XLSX reader turns Excel serial numbers found
// there into dd/mm/yyyy.
var dateColumns = []int{cDOB, cListedOn, cDesignated, cLastUpdated}

// headerColumns maps a header row to column positions (-1 when absent). ok is
// false when a required column is missing.
func headerColumns(rec []string) (cols [nColumns]int, missing []string) {
	for i := range cols {
		cols[i] = -1
	}
	for i, h := range rec {
		h = strings.ToLower(collapse(strings.TrimPrefix(h, "\ufeff")))
		switch h {
		case "dob", "d.o.b", "d.o.b.", "date of birth":
			h = "dob"
		}
		for c, name := range columnNames {
			if h == name && cols[c] < 0 {
				cols[c] = i
			}
		}
	}
	for _, c := range requiredColumns {
		if cols[c] < 0 {
			missing = append(missing, columnNames[c])
		}
	}
	return cols, missing
}

// isConListHeader reports whether rec is a ConList header row.
func isConListHeader(rec []string) bool {
	_, missing := headerColumns(rec)
	return len(missing) == 0
}

// conList turns ConList rows into entities, one per Group ID. The CSV and
// XLSX readers feed it the same rows.
type conList struct {
	file   *source.File
	cols   [nColumns]int
	groups map[string]*group
	order  []*group
	notes  noteSet
	badUTF bool // invalid UTF-8 seen (noted once)
}

// group is one Group ID being merged.
type group struct {
	e          *entity.Entity
	id         string
	hasPrimary bool
	info       otherInfo
	last       [nColumns]string // last value processed per group-level column
	lastSet    [nColumns]bool
	listedOn   string
	designated string
	updated    string
}

func newConList(f *source.File, header []string, line int) (*conList, error) {
	cols, missing := headerColumns(header)
	if len(missing) > 0 {
		return nil, source.Errorf(f, line, "header", "not an OFSI ConList header: missing column(s) %s", strings.Join(missing, ", "))
	}
	return &conList{file: f, cols: cols, groups: make(map[string]*group, 5000)}, nil
}

func (c *conList) get(rec []string, col int) string {
	i := c.cols[col]
	if i < 0 || i >= len(rec) {
		return ""
	}
	return clean(rec[i])
}

// changed reports whether a group-level column holds a value the group has
// not processed yet (rows of a group repeat most columns).
func (g *group) changed(col int, v string) bool {
	if g.lastSet[col] && g.last[col] == v {
		return false
	}
	g.last[col], g.lastSet[col] = v, true
	return true
}

// row merges one name row: the n-th data row, at line (CSV) or sheet row
// (XLSX) line.
func (c *conList) row(rec []string, line, n int) error {
	for i, v := range rec {
		if s, ok := validUTF8(v); !ok {
			rec[i] = s
			if !c.badUTF {
				c.badUTF = true
				c.notes.add("invalid UTF-8 repaired with U+FFFD (first at line %d, group %s)", line, c.get(rec, cGroupID))
			}
		}
	}
	gid := c.get(rec, cGroupID)
	if gid == "" {
		return source.Errorf(c.file, line, rowName(n), "empty Group ID")
	}
	g := c.groups[gid]
	if g == nil {
		gt := c.get(rec, cGroupType)
		schema, ok := groupSchema(gt)
		if !ok {
			c.notes.add("unknown Group Type %q read as an entity", gt)
		}
		g = &group{id: gid, e: &entity.Entity{
			Schema:  schema,
			Sources: []entity.Source{{List: ListOFSI, RecordID: gid}},
		}}
		c.groups[gid] = g
		c.order = append(c.order, g)
	}
	e := g.e

	// Names
	kind := aliasKind(c.get(rec, cAliasType), c.get(rec, cAliasQuality), &c.notes)
	if kind == entity.Primary {
		g.hasPrimary = true
	}
	var parts [6]string
	for i, col := range []int{cName1, cName2, cName3, cName4, cName5, cName6} {
		parts[i] = collapse(c.get(rec, col))
	}
	title := c.get(rec, cTitle)
	if n, ok := conListName(e.Schema, parts, splitNumbered(title)); ok {
		n.Kind = kind
		e.AddName(n)
	}
	if title != "" && e.Schema != entity.Person {
		for _, t := range splitNumbered(title) {
			e.AddProperty("title", t)
		}
	}
	if nl := c.get(rec, cNonLatin); nl != "" {
		e.AddName(nonLatinName(nl, c.get(rec, cNonLatinType), c.get(rec, cNonLatinLang), kind, &c.notes))
	}

	// Person details
	if v := c.get(rec, cDOB); v != "" && g.changed(cDOB, v) {
		if d, ok := parseDate(v); ok {
			e.AddBirthDate(d)
		} else {
			e.AddProperty("birthDateText", v)
			c.notes.add("%s: date of birth %q not understood; kept in properties", gid, v)
		}
	}
	town, cob := c.get(rec, cTownOfBirth), c.get(rec, cCountryOfBirth)
	if t, b := g.changed(cTownOfBirth, town), g.changed(cCountryOfBirth, cob); (town != "" || cob != "") && (t || b) {
		for _, p := range birthPlaces(town, cob) {
			entity.AddString(&e.BirthPlaces, p)
		}
	}
	if v := c.get(rec, cNationality); v != "" && g.changed(cNationality, v) {
		codes, unknown := countries(v)
		for _, code := range codes {
			entity.AddCountry(&e.Nationalities, code)
		}
		for _, u := range unknown {
			e.AddProperty("nationalityText", u)
			c.notes.add("unmapped nationality %q kept as text", u)
		}
	}
	pn, pd := c.get(rec, cPassportNumber), c.get(rec, cPassportDetails)
	if a, b := g.changed(cPassportNumber, pn), g.changed(cPassportDetails, pd); pn != "" && (a || b) {
		for _, id := range documents(pn, pd, entity.Passport, "Passport") {
			e.AddIdentifier(id)
		}
	}
	nn, nd := c.get(rec, cNationalIDNumber), c.get(rec, cNationalIDDetails)
	if a, b := g.changed(cNationalIDNumber, nn), g.changed(cNationalIDDetails, nd); nn != "" && (a || b) {
		for _, id := range documents(nn, nd, entity.NationalID, "National Identification Number") {
			e.AddIdentifier(id)
		}
	}
	if v := c.get(rec, cPosition); v != "" && g.changed(cPosition, v) {
		for _, p := range splitNumbered(v) {
			entity.AddString(&e.Positions, p)
		}
	}

	// Address
	var addr [8]string
	has := false
	for i, col := range []int{cAddress1, cAddress2, cAddress3, cAddress4, cAddress5, cAddress6, cPostCode, cCountry} {
		addr[i] = collapse(c.get(rec, col))
		has = has || addr[i] != ""
	}
	if has {
		addAddress(e, addr, &c.notes)
	}

	// Listing
	if v := c.get(rec, cOtherInfo); v != "" && g.changed(cOtherInfo, v) {
		applyOtherInfo(e, v, &g.info, gid, &c.notes)
	}
	if v := c.get(rec, cRegime); v != "" {
		entity.AddString(&e.Programs, v)
	}
	if v := c.get(rec, cListedOn); v != "" && g.changed(cListedOn, v) {
		g.listedOn = earliest(g.listedOn, v, gid, "Listed On", &c.notes)
	}
	if v := c.get(rec, cDesignated); v != "" && g.changed(cDesignated, v) {
		g.designated = earliest(g.designated, v, gid, "UK Sanctions List Date Designated", &c.notes)
	}
	if v := c.get(rec, cLastUpdated); v != "" && g.changed(cLastUpdated, v) {
		if iso := isoDate(v); iso > g.updated {
			g.updated = iso
		}
	}
	return nil
}

func rowName(n int) string { return "row " + strconv.Itoa(n) }

// earliest keeps the earliest ISO date of cur and the date text v.
func earliest(cur, v, gid, label string, notes *noteSet) string {
	iso := isoDate(v)
	if iso == "" {
		notes.add("%s: %s date %q not understood", gid, label, v)
		return cur
	}
	if cur == "" || iso < cur {
		return iso
	}
	return cur
}

// finish builds the list.
func (c *conList) finish(published, format string) (*source.List, error) {
	if len(c.order) == 0 {
		return nil, source.Errorf(c.file, 0, "rows after the header", "no name rows after the header: empty or truncated file")
	}
	l := &source.List{
		ID:        ListOFSI,
		Title:     "OFSI Consolidated List of Asset Freeze Targets",
		Format:    format,
		Published: published,
		Entities:  make([]*entity.Entity, 0, len(c.order)),
	}
	for _, g := range c.order {
		e := g.e
		if !g.hasPrimary && len(e.Names) > 0 {
			// No "Primary name" row: the group's first name is its main name.
			e.Names[0].Kind = entity.Primary
		}
		sortNames(e)
		finishInfo(e, &g.info)
		e.ListedOn = g.listedOn
		if g.designated != "" {
			e.AddProperty("designationDate", g.designated)
		}
		if g.updated != "" {
			e.AddProperty("modifiedAt", g.updated)
		}
		l.Entities = append(l.Entities, e)
	}
	l.Notes = c.notes.list
	return l, nil
}

// finishInfo sets the remarks and merge keys gathered from Other Information.
func finishInfo(e *entity.Entity, oi *otherInfo) {
	var b strings.Builder
	for _, f := range oi.free {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(f)
	}
	if oi.reasons != "" {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("UK Statement of Reasons: ")
		b.WriteString(oi.reasons)
	}
	e.Remarks = b.String()
	for _, r := range oi.ukRefs {
		e.MergeKeys = appendUnique(e.MergeKeys, "uk:"+r)
	}
	for _, r := range oi.unRefs {
		e.MergeKeys = appendUnique(e.MergeKeys, "un:"+r)
	}
}

func groupSchema(s string) (entity.Schema, bool) {
	switch strings.ToLower(s) {
	case "individual":
		return entity.Person, true
	case "entity":
		return entity.LegalEntity, true
	case "ship":
		return entity.Vessel, true
	}
	if sc, ok := entity.ParseSchema(s); ok {
		return sc, true
	}
	return entity.LegalEntity, false
}

// aliasKind maps ConList's Alias Type and Alias Quality (FCDO: name type and
// alias strength) to a name kind.
func aliasKind(aliasType, quality string, notes *noteSet) entity.NameKind {
	k := entity.Alias
	switch t := strings.ToLower(aliasType); t {
	case "primary name", "primary":
		return entity.Primary
	case "primary name variation", "aka", "a.k.a", "a.k.a.", "alias", "":
	case "fka", "f.k.a", "f.k.a.", "former name", "formerly known as":
		return entity.FormerName
	default:
		notes.add("unknown name type %q read as an alias", aliasType)
	}
	if strings.HasPrefix(strings.ToLower(quality), "low") {
		k = entity.WeakAlias
	}
	return k
}

// conListName builds a name from Name 1..Name 6 in reading order (Name 6,
// the family name, last), with parts for persons. ok is false for an empty
// name.
func conListName(schema entity.Schema, parts [6]string, titles []string) (entity.Name, bool) {
	var words []string
	for _, p := range parts {
		if p != "" {
			words = append(words, p)
		}
	}
	if len(words) == 0 {
		return entity.Name{}, false
	}
	n := entity.Name{Full: strings.Join(words, " ")}
	if schema != entity.Person {
		return n, true
	}
	for _, t := range titles {
		if t != "" {
			n.Parts = append(n.Parts, entity.NamePart{Type: entity.Title, Value: t})
		}
	}
	types := [6]entity.PartType{entity.Given, entity.Middle, entity.Middle, entity.Middle, entity.Middle, entity.Family}
	for i, p := range parts {
		if p != "" {
			n.Parts = append(n.Parts, entity.NamePart{Type: types[i], Value: p})
		}
	}
	return n, true
}

// birthPlaces pairs towns and countries of birth given as parallel numbered
// lists; when they do not pair up, each is kept on its own.
func birthPlaces(town, country string) []string {
	towns, cs := splitNumbered(town), splitNumbered(country)
	join := func(a, b string) string {
		switch {
		case a == "":
			return b
		case b == "":
			return a
		}
		return a + ", " + b
	}
	var out []string
	switch {
	case len(towns) == len(cs):
		for i := range towns {
			out = appendNonEmpty(out, join(towns[i], cs[i]))
		}
	case len(towns) <= 1 && distinct(cs) == 1:
		t := ""
		if len(towns) == 1 {
			t = towns[0]
		}
		out = appendNonEmpty(out, join(t, firstNonEmpty(cs)))
	default:
		for _, t := range towns {
			out = appendNonEmpty(out, t)
		}
		for _, c := range cs {
			out = appendNonEmpty(out, c)
		}
	}
	return out
}

func appendNonEmpty(list []string, s string) []string {
	if s == "" {
		return list
	}
	return appendUnique(list, s)
}

func distinct(list []string) int {
	var seen []string
	for _, s := range list {
		if s != "" {
			seen = appendUnique(seen, s)
		}
	}
	return len(seen)
}

func firstNonEmpty(list []string) string {
	for _, s := range list {
		if s != "" {
			return s
		}
	}
	return ""
}

// documents pairs numbered document numbers with their numbered details
// ("(1) CB982788 (2) 24132276" with "(1) Portugal (2) Israel"). The details
// become the identifier's label and, when they start with a country, its
// issuing country.
func documents(numbers, details string, t entity.IDType, label string) []entity.Identifier {
	ns, ds := splitDocNumbers(numbers), splitNumbered(details)
	var out []entity.Identifier
	for i, n := range ns {
		if n == "" {
			continue
		}
		d := ""
		switch {
		case len(ds) == len(ns):
			d = ds[i]
		case len(ds) == 1:
			d = ds[0]
		}
		id := entity.Identifier{Type: t, Value: n, Label: label}
		if d != "" {
			id.Label = label + ": " + d
			id.Country = leadingCountry(d)
		}
		out = append(out, id)
	}
	if len(ds) > 1 && len(ds) != len(ns) {
		// Unpaired details: keep them on the first identifier's label.
		if len(out) > 0 {
			out[0].Label = label + ": " + strings.Join(nonEmpty(ds), "; ")
		}
	}
	return out
}

func nonEmpty(list []string) []string {
	var out []string
	for _, s := range list {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// splitDocNumbers splits numbered document numbers, and also "620115920.
// 530944739" or "A123456; B654321" when every piece is a number of its own
// ("8208 No. 555627" stays whole).
func splitDocNumbers(s string) []string {
	var out []string
	for _, item := range splitNumbered(s) {
		pieces := splitOn(item, ". ", "; ", ", ")
		whole := len(pieces) == 1
		for _, p := range pieces {
			if countDigits(p) < 5 {
				whole = true
				break
			}
		}
		if whole {
			out = append(out, item)
			continue
		}
		for _, p := range pieces {
			out = append(out, trimItem(p))
		}
	}
	return out
}

// sortNames puts the names in kind order (primary names first), keeping the
// list's order within a kind.
func sortNames(e *entity.Entity) {
	sort.SliceStable(e.Names, func(i, j int) bool { return e.Names[i].Kind < e.Names[j].Kind })
}
