package ofac

import (
	"archive/zip"
	"io"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/internal/shared"
	"github.com/embargo/embargo/internal/sourcetest"
	"github.com/embargo/embargo/source"
)

// Real files in ../shared/data/lists (tests skip without ../shared).
var (
	sxRealConsolidated = []string{"current", "ofac-consolidated-2026-01", "consolidated.xml"}
	sxRealEnhanced     = []string{"archive", "ofac-consolidated-enhanced-2025-01", "CONS_ENHANCED.ZIP"}
)

func sxLoadReal(t testing.TB, rel []string) *source.List {
	t.Helper()
	return sourcetest.LoadOne(t, shared.Lists(t, rel...), SDNXML, EnhancedXML)
}

func sxSchemaCounts(l *source.List) map[entity.Schema]int {
	m := map[entity.Schema]int{}
	for _, e := range l.Entities {
		m[e.Schema]++
	}
	return m
}

func TestSDNXMLReal(t *testing.T) {
	l := sxLoadReal(t, sxRealConsolidated)
	if l.ID != "ofac-cons" || l.Format != "ofac-sdn-xml" || l.Published != "2026-01-08" || l.Declared != 442 || len(l.Entities) != 442 {
		t.Fatalf("list %s %s published %s declared %d entities %d", l.ID, l.Format, l.Published, l.Declared, len(l.Entities))
	}
	if got := sxSchemaCounts(l); got[entity.Person] != 79 || got[entity.LegalEntity] != 363 {
		t.Errorf("schemas = %v", got)
	}
	if len(l.Notes) != 0 {
		t.Errorf("notes = %q", l.Notes)
	}
	var names, ids, addrs int
	for _, e := range l.Entities {
		names += len(e.Names)
		ids += len(e.Identifiers)
		addrs += len(e.Addresses)
		for _, c := range e.AllCountries() {
			if !entity.IsCountryCode(c) {
				t.Errorf("uid %s: country %q", e.Sources[0].RecordID, c)
			}
		}
		for k := range e.Properties {
			if strings.IndexFunc(k, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') }) >= 0 {
				t.Errorf("uid %s: property key %q", e.Sources[0].RecordID, k)
			}
		}
	}
	// 442 primary names + 1,144 akas (a few repeat the primary name).
	if names < 1500 || ids < 1000 || addrs < 500 {
		t.Errorf("names %d identifiers %d addresses %d", names, ids, addrs)
	}
	t.Logf("%d entities, %d names, %d identifiers, %d addresses", len(l.Entities), names, ids, addrs)

	h := sourcetest.Find(l, "9639")
	if h == nil {
		t.Fatal("uid 9639 missing")
	}
	if h.Schema != entity.Person || h.Caption() != "Ismail Abdul Salah HANIYA" || len(h.Names) != 3 ||
		h.Names[2].Full != "Ismaeel HANIYYA" || h.Names[2].Kind != entity.Alias ||
		!reflect.DeepEqual(h.BirthDates, []entity.Date{{Year: 1962, Raw: "1962"}}) ||
		!reflect.DeepEqual(h.BirthPlaces, []string{"Shati"}) || !reflect.DeepEqual(h.Programs, []string{"NS-PLC"}) ||
		!reflect.DeepEqual(h.Sources, []entity.Source{{List: "ofac-cons", RecordID: "9639"}}) || !reflect.DeepEqual(h.MergeKeys, []string{"ofac:9639"}) {
		t.Errorf("9639 = %+v", h)
	}

	v := sourcetest.Find(l, "17013")
	if v == nil {
		t.Fatal("uid 17013 missing")
	}
	if v.Caption() != "VTB BANK PUBLIC JOINT STOCK COMPANY" || v.Schema != entity.LegalEntity ||
		!sxHasID(v, entity.Identifier{Type: entity.BIC, Value: "VTBRRUMM", Label: "SWIFT/BIC"}) ||
		!sxHasID(v, entity.Identifier{Type: entity.LEI, Value: "253400V1H6ART1UQ0N98", Label: "Legal Entity Number"}) ||
		!sxHasID(v, entity.Identifier{Type: entity.TaxID, Value: "7702070139", Country: "ru", Label: "Tax ID No."}) ||
		v.Properties["executiveOrder13662DirectiveDetermination"][0] != "Subject to Directive 1" || v.Countries[0] != "ru" {
		t.Errorf("17013 = %+v", v)
	}
}

func sxHasID(e *entity.Entity, id entity.Identifier) bool {
	for _, x := range e.Identifiers {
		if x == id {
			return true
		}
	}
	return false
}

func TestEnhancedReal(t *testing.T) {
	l := sxLoadReal(t, sxRealEnhanced)
	if l.ID != "ofac-cons" || l.Format != "ofac-enhanced-xml" || l.Published != "2025-01-10" || len(l.Entities) != 443 {
		t.Fatalf("list %s %s published %s entities %d", l.ID, l.Format, l.Published, len(l.Entities))
	}
	if !strings.HasSuffix(l.Files[0], "CONS_ENHANCED.ZIP") || l.SHA256 == "" {
		t.Errorf("files %v sha %q", l.Files, l.SHA256)
	}
	if len(l.Notes) != 0 {
		t.Errorf("notes = %q", l.Notes)
	}
	scripts := map[string]int{}
	for _, e := range l.Entities {
		for _, n := range e.Names {
			scripts[n.Script]++
		}
		for _, c := range e.AllCountries() {
			if !entity.IsCountryCode(c) {
				t.Errorf("id %s: country %q", e.Sources[0].RecordID, c)
			}
		}
		if e.ListedOn == "" {
			t.Errorf("id %s: no listing date", e.Sources[0].RecordID)
		}
	}
	if scripts["Latn"] < 1500 || scripts["Cyrl"] < 35 || scripts["Hans"] < 1 || scripts[""] != 0 {
		t.Errorf("name scripts = %v", scripts)
	}
	t.Logf("name scripts %v, schemas %v", scripts, sxSchemaCounts(l))

	h := sourcetest.Find(l, "9639")
	if h == nil {
		t.Fatal("id 9639 missing")
	}
	if h.Schema != entity.Person || h.Caption() != "Ismail Abdul Salah HANIYA" || len(h.Names) != 3 || h.Names[0].Script != "Latn" ||
		!reflect.DeepEqual(h.Names[0].Parts, []entity.NamePart{{Type: entity.Family, Value: "HANIYA"}, {Type: entity.Given, Value: "Ismail Abdul Salah"}}) ||
		!reflect.DeepEqual(h.BirthDates, []entity.Date{{Year: 1962, Raw: "1962"}}) ||
		!reflect.DeepEqual(h.BirthPlaces, []string{"Shati"}) || !reflect.DeepEqual(h.Programs, []string{"NS-PLC"}) ||
		h.ListedOn != "2006-04-12" || len(h.Addresses) != 0 ||
		!reflect.DeepEqual(h.Sources, []entity.Source{{List: "ofac-cons", RecordID: "9639"}}) || !reflect.DeepEqual(h.MergeKeys, []string{"ofac:9639"}) {
		t.Errorf("9639 = %+v", h)
	}

	v := sourcetest.Find(l, "17013")
	if v == nil {
		t.Fatal("id 17013 missing")
	}
	var cyrl []string
	for _, n := range v.Names {
		if n.Script == "Cyrl" {
			cyrl = append(cyrl, n.Full)
		}
	}
	if !reflect.DeepEqual(cyrl, []string{"БАНК ВТБ ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО", "БАНК ВТБ ПАО"}) ||
		!sxHasID(v, entity.Identifier{Type: entity.BIC, Value: "VTBRRUMM", Label: "SWIFT/BIC"}) ||
		!sxHasID(v, entity.Identifier{Type: entity.Registration, Value: "1027739609391", Country: "ru", Label: "Registration ID"}) ||
		v.ListedOn != "2014-07-29" || len(v.Addresses) != 12 || v.Addresses[0].Country != "ru" {
		t.Errorf("17013 = %+v", v)
	}
}

// sxNameKey normalises a name for comparison across the two formats.
func sxNameKey(n entity.Name) string {
	return strings.Join(strings.Fields(strings.ToUpper(n.Full)), " ")
}

// TestSDNXMLEnhancedAgree reads the same OFAC records from the sdnList XML
// (Consolidated list, January 2026) and the enhanced XML (Consolidated list,
// January 2025) and checks that both readers make the same names and birth
// dates of them. The files are a year apart, so a few records changed.
func TestSDNXMLEnhancedAgree(t *testing.T) {
	sdn := sxLoadReal(t, sxRealConsolidated)
	enh := sxLoadReal(t, sxRealEnhanced)
	byID := map[string]*entity.Entity{}
	for _, e := range enh.Entities {
		byID[e.Sources[0].RecordID] = e
	}
	var common, primaryOK, namesOK, kindsOK, dobBoth, dobOK, schemaOK int
	var diffs []string
	for _, a := range sdn.Entities {
		b := byID[a.Sources[0].RecordID]
		if b == nil {
			continue
		}
		common++
		if a.Schema == b.Schema {
			schemaOK++
		}
		if sxNameKey(a.Names[0]) == sxNameKey(b.Names[0]) {
			primaryOK++
		}
		// The sdnList has Latin names only: compare with the enhanced Latin ones.
		sa, sb := map[string]entity.NameKind{}, map[string]entity.NameKind{}
		for _, n := range a.Names {
			sa[sxNameKey(n)] = n.Kind
		}
		for _, n := range b.Names {
			if n.Script == "Latn" {
				sb[sxNameKey(n)] = n.Kind
			}
		}
		if sxSameKeys(sa, sb) {
			namesOK++
			if reflect.DeepEqual(sa, sb) {
				kindsOK++
			}
		} else if len(diffs) < 10 {
			diffs = append(diffs, a.Sources[0].RecordID+": "+strings.Join(sxKeys(sa), "|")+" ≠ "+strings.Join(sxKeys(sb), "|"))
		}
		if len(a.BirthDates)+len(b.BirthDates) > 0 {
			dobBoth++
			if sxDates(a) == sxDates(b) {
				dobOK++
			} else {
				diffs = append(diffs, a.Sources[0].RecordID+" DOB: "+sxDates(a)+" ≠ "+sxDates(b))
			}
		}
	}
	t.Logf("%d uids in both; schema agrees %d, primary name %d, all Latin names %d (with kinds %d), birth dates %d of %d",
		common, schemaOK, primaryOK, namesOK, kindsOK, dobOK, dobBoth)
	for _, d := range diffs {
		t.Log("differs: " + d)
	}
	if common < 400 {
		t.Fatalf("only %d uids in both files", common)
	}
	pct := func(n, of int) float64 { return 100 * float64(n) / float64(of) }
	if p := pct(namesOK, common); p < 95 {
		t.Errorf("names agree for %.1f%% of common uids, want ≥ 95%%", p)
	}
	if p := pct(primaryOK, common); p < 98 {
		t.Errorf("primary names agree for %.1f%%, want ≥ 98%%", p)
	}
	if p := pct(kindsOK, common); p < 95 {
		t.Errorf("name kinds agree for %.1f%%, want ≥ 95%%", p)
	}
	if schemaOK != common {
		t.Errorf("schemas differ for %d uids", common-schemaOK)
	}
	if p := pct(dobOK, dobBoth); p < 95 {
		t.Errorf("birth dates agree for %.1f%% of %d uids with dates, want ≥ 95%%", p, dobBoth)
	}
}

func sxSameKeys(a, b map[string]entity.NameKind) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}

func sxKeys(m map[string]entity.NameKind) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sxDates(e *entity.Entity) string {
	var out []string
	for _, d := range e.BirthDates {
		out = append(out, d.String())
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func BenchmarkParseSDNXML(b *testing.B) {
	f := sourcetest.ReadFile(b, shared.Lists(b, sxRealConsolidated...))
	entity.CountryCode("warm up") // build the country table outside the loop
	b.SetBytes(int64(len(f.Data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SDNXML.Parse([]*source.File{f}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseEnhanced(b *testing.B) {
	zr, err := zip.OpenReader(shared.Lists(b, sxRealEnhanced...))
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	rc, err := zr.File[0].Open()
	if err != nil {
		b.Fatal(err)
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		b.Fatal(err)
	}
	f := &source.File{Name: zr.File[0].Name, Path: "CONS_ENHANCED.ZIP!" + zr.File[0].Name, Data: data}
	entity.CountryCode("warm up")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EnhancedXML.Parse([]*source.File{f}); err != nil {
			b.Fatal(err)
		}
	}
}
