package uk

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/internal/sourcetest"
	"github.com/embargo/embargo/source"
)

func parse(t testing.TB, fm source.Format, f *source.File) *source.List {
	t.Helper()
	if r := fm.Detect(f.Name, head(f.Data)); r != source.Main {
		t.Fatalf("%s does not claim %s (role %d)", fm.Name(), f.Path, r)
	}
	l, err := fm.Parse([]*source.File{f})
	if err != nil {
		t.Fatalf("%s: %v", f.Path, err)
	}
	return l
}

func head(b []byte) []byte {
	if len(b) > 64<<10 {
		return b[:64<<10]
	}
	return b
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		format source.Format
		file   string
	}{
		{ConListCSV, "testdata/conlist.csv"},
		{FCDOXML, "testdata/fcdo.xml"},
	} {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			l := parse(t, tc.format, sourcetest.ReadFile(t, tc.file))
			sourcetest.Golden(t, strings.TrimSuffix(tc.file, filepath.Ext(tc.file))+".golden.json", l)
		})
	}
}

// TestConListFixture spells out what the golden file must hold for the
// traps of the format.
func TestConListFixture(t *testing.T) {
	l := parse(t, ConListCSV, sourcetest.ReadFile(t, "testdata/conlist.csv"))
	if l.ID != "uk-ofsi" || l.Format != "uk-ofsi-csv" || l.Published != "2025-04-10" || l.Declared != 0 {
		t.Errorf("list header: %+v", l)
	}
	if len(l.Entities) != 5 {
		t.Fatalf("%d entities, want 5 (one per Group ID)", len(l.Entities))
	}
	by := map[string]*entity.Entity{}
	for _, e := range l.Entities {
		by[e.Sources[0].RecordID] = e
		if e.ID != "" || e.Sources[0].List != "uk-ofsi" {
			t.Errorf("%v: id %q, sources %v", e.Caption(), e.ID, e.Sources)
		}
	}
	// Rows of group 14241 are not adjacent; they merge.
	ab := by["14241"]
	if ab == nil || ab.Schema != entity.Person || ab.Caption() != "Khizri Magomedovich ABAKAROV" {
		t.Fatalf("14241: %+v", ab)
	}
	wantNames := []entity.Name{
		{Full: "Khizri Magomedovich ABAKAROV", Kind: entity.Primary, Parts: []entity.NamePart{{Type: entity.Given, Value: "Khizri"}, {Type: entity.Middle, Value: "Magomedovich"}, {Type: entity.Family, Value: "ABAKAROV"}}},
		{Full: "Хизри Магомедович Абакаров", Kind: entity.Primary, Script: "Cyrl"},
		{Full: "Khizri ABAKAROV", Kind: entity.Alias, Parts: []entity.NamePart{{Type: entity.Given, Value: "Khizri"}, {Type: entity.Family, Value: "ABAKAROV"}}},
		{Full: "Хизри Абакаров", Kind: entity.Alias, Script: "Cyrl", Lang: "ru"},
	}
	if !reflect.DeepEqual(ab.Names, wantNames) {
		t.Errorf("14241 names:\n got %+v\nwant %+v", ab.Names, wantNames)
	}
	if got := dates(ab.BirthDates); !reflect.DeepEqual(got, []string{"1960-06-28", "1961"}) {
		t.Errorf("14241 birth dates %v", got)
	}
	if !reflect.DeepEqual(ab.Nationalities, []string{"ru", "il"}) || ab.Gender != "male" || ab.ListedOn != "2022-03-11" {
		t.Errorf("14241: nationalities %v gender %q listed %q", ab.Nationalities, ab.Gender, ab.ListedOn)
	}
	wantIDs := []entity.Identifier{
		{Type: entity.Passport, Value: "CB982788", Country: "pt", Label: "Passport: Portugal"},
		{Type: entity.Passport, Value: "24132276", Country: "il", Label: "Passport: Israel. Expires 2027"},
		{Type: entity.NationalID, Value: "7702345678", Country: "ru", Label: "National Identification Number: Russian – TIN Number"},
	}
	if !reflect.DeepEqual(ab.Identifiers, wantIDs) {
		t.Errorf("14241 identifiers:\n got %+v\nwant %+v", ab.Identifiers, wantIDs)
	}
	if !reflect.DeepEqual(ab.MergeKeys, []string{"uk:RUS0296"}) || len(ab.Addresses) != 2 {
		t.Errorf("14241 merge keys %v, addresses %+v", ab.MergeKeys, ab.Addresses)
	}
	if !strings.Contains(ab.Remarks, "Trust services") || !strings.Contains(ab.Remarks, "UK Statement of Reasons: Member of the State Duma") ||
		strings.Contains(ab.Remarks, "(Gender)") {
		t.Errorf("14241 remarks %q", ab.Remarks)
	}

	h := by["7172"]
	if h.Caption() != "Mohammad HASSAN" || !reflect.DeepEqual(h.MergeKeys, []string{"uk:AFG0006", "un:TAi.002"}) {
		t.Errorf("7172: %q %v", h.Caption(), h.MergeKeys)
	}
	kinds := map[string]entity.NameKind{}
	for _, n := range h.Names {
		kinds[n.Full] = n.Kind
	}
	if kinds["Haji Mohammad Hassan"] != entity.WeakAlias || kinds["Mohammad Hassan AKHUND"] != entity.FormerName || kinds["محمد حسن"] != entity.Primary {
		t.Errorf("7172 kinds %v", kinds)
	}
	if p := h.Names[0].Parts; len(p) < 2 || p[0] != (entity.NamePart{Type: entity.Title, Value: "Mullah"}) || p[1] != (entity.NamePart{Type: entity.Title, Value: "Maulavi"}) {
		t.Errorf("7172 title parts %v", p)
	}
	if got := dates(h.BirthDates); !reflect.DeepEqual(got, []string{"1958", "1960-08", "1961-05"}) {
		t.Errorf("7172 birth dates %v", got)
	}
	if !reflect.DeepEqual(h.BirthPlaces, []string{"Panjwai, Afghanistan", "Kandahar, Afghanistan"}) {
		t.Errorf("7172 birth places %v", h.BirthPlaces)
	}

	k := by["12122"]
	if k.Schema != entity.LegalEntity || k.Names[0].Kind != entity.Primary || k.Caption() != "KAZAN ELECTRONICS PJSC" {
		t.Errorf("12122 (no Primary name row): %+v", k.Names)
	}
	if !reflect.DeepEqual(k.Programs, []string{"Iran (Nuclear)", "Syria"}) || k.ListedOn != "2011-06-23" {
		t.Errorf("12122 programs %v listed %q", k.Programs, k.ListedOn)
	}
	if !reflect.DeepEqual(k.MergeKeys, []string{"uk:INU0082", "uk:SYR0310"}) {
		t.Errorf("12122 merge keys %v", k.MergeKeys)
	}
	if k.Addresses[0].Country != "ru" || k.Addresses[1].Country != "sy" {
		t.Errorf("12122 addresses %+v", k.Addresses)
	}
	v := by["13651"]
	if v.Schema != entity.Vessel || !reflect.DeepEqual(v.Countries, []string{"kp"}) ||
		!reflect.DeepEqual(v.Properties["pastFlags"], []string{"pa", "kr"}) || v.Identifiers[0] != (entity.Identifier{Type: entity.IMO, Value: "7408873", Label: "IMO number"}) {
		t.Errorf("13651: %+v", v)
	}
	iv := by["13300"]
	if iv.Gender != "female" || !reflect.DeepEqual(iv.Nationalities, []string{"cf"}) ||
		!reflect.DeepEqual(iv.Properties["nationalityText"], []string{"Atlantis"}) {
		t.Errorf("13300: %+v", iv)
	}
	for _, want := range []string{`unmapped nationality "Atlantis"`, `unmapped address country "Moscow"`, `UN Ref value "CDi"`} {
		if !hasNote(l, want) {
			t.Errorf("no note %q in %q", want, l.Notes)
		}
	}
}

func hasNote(l *source.List, s string) bool {
	for _, n := range l.Notes {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

func dates(ds []entity.Date) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.String())
	}
	return out
}

func TestFCDOFixture(t *testing.T) {
	l := parse(t, FCDOXML, sourcetest.ReadFile(t, "testdata/fcdo.xml"))
	if l.ID != "uk-fcdo" || l.Format != "uk-fcdo-xml" || l.Published != "2026-08-20" || len(l.Entities) != 4 {
		t.Fatalf("list: %+v, %d entities", l, len(l.Entities))
	}
	a := l.Entities[0]
	if a.Sources[0] != (entity.Source{List: "uk-fcdo", RecordID: "AFG0006"}) || !reflect.DeepEqual(a.MergeKeys, []string{"uk:AFG0006", "un:TAi.002"}) {
		t.Errorf("AFG0006 sources %v keys %v", a.Sources, a.MergeKeys)
	}
	if a.Caption() != "MOHAMMAD HASSAN AKHUND" || a.Properties["ofsiGroupID"][0] != "7172" || a.ListedOn != "2001-01-25" {
		t.Errorf("AFG0006: %q %v %q", a.Caption(), a.Properties, a.ListedOn)
	}
	kinds := map[string]entity.NameKind{}
	for _, n := range a.Names {
		kinds[n.Full] = n.Kind
	}
	if kinds["Mullah Hassan"] != entity.WeakAlias || kinds["Haji Mohammad Hassan"] != entity.Alias || kinds["Mohammad Hassan Akhund"] != entity.Alias {
		t.Errorf("AFG0006 kinds %v", kinds)
	}
	if got := dates(a.BirthDates); !reflect.DeepEqual(got, []string{"1945", "1946", "1958-03-01", "1959-03"}) {
		t.Errorf("AFG0006 DOBs %v", got)
	}
	if len(a.Identifiers) != 2 || a.Identifiers[0].Country != "af" || a.Gender != "male" || len(a.BirthPlaces) != 2 {
		t.Errorf("AFG0006 details: %+v", a)
	}
	if !strings.HasPrefix(a.Remarks, "A close associate") || !strings.Contains(a.Remarks, "UK Statement of Reasons: Deputy Minister") {
		t.Errorf("AFG0006 remarks %q", a.Remarks)
	}
	r := l.Entities[1]
	if r.Schema != entity.LegalEntity || len(r.Addresses) != 2 || r.Addresses[1].Country != "cy" {
		t.Errorf("RUS1433: %+v", r)
	}
	var types []string
	for _, id := range r.Identifiers {
		types = append(types, string(id.Type)+":"+id.Value)
	}
	want := []string{"phone:7 (812) 363-14-67", "phone:7 (812) 363-14-68", "email:info@forss.su", "email:sales@forss.su", "website:www.forss.tech", "registration:1137847075057", "tax_id:7806496845"}
	if !reflect.DeepEqual(types, want) {
		t.Errorf("RUS1433 identifiers %v, want %v", types, want)
	}
	s := l.Entities[2]
	if s.Schema != entity.Vessel || !reflect.DeepEqual(s.MergeKeys, []string{"uk:DPR0075", "un:KPe.075", "un:KPe.076"}) ||
		!reflect.DeepEqual(s.Countries, []string{"km"}) || s.Identifiers[0].Value != "9562233" {
		t.Errorf("DPR0075: %+v", s)
	}
	g := l.Entities[3]
	if g.Names[0].Kind != entity.Primary || g.Names[0].Parts[0] != (entity.NamePart{Type: entity.Title, Value: "Judge"}) || g.Gender != "female" {
		t.Errorf("GHR0105 (no primary name given): %+v", g.Names)
	}
	for _, want := range []string{`unmapped nationality "Wakanda"`, `unmapped pastFlags country "Sealand"`} {
		if !hasNote(l, want) {
			t.Errorf("no note %q in %q", want, l.Notes)
		}
	}
}

func TestInvalidUTF8Repaired(t *testing.T) {
	l := parse(t, ConListCSV, sourcetest.ReadFile(t, "testdata/conlist_badutf8.csv"))
	if !hasNote(l, "invalid UTF-8 repaired") {
		t.Errorf("no note in %q", l.Notes)
	}
	found := false
	for _, e := range l.Entities {
		for _, n := range e.Names {
			if n.Full == "Maria Petrovna de la IVANOVA\uFFFD" {
				found = true
			}
		}
	}
	if !found {
		t.Error("repaired name not found")
	}
}

// buildXLSX writes the rows of a ConList CSV into a workbook as OFSI
// publishes it; with serials, full dates become Excel date numbers.
func buildXLSX(t testing.TB, csvPath string, serials bool) []byte {
	t.Helper()
	data, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", "Data"); err != nil {
		t.Fatal(err)
	}
	style, _ := x.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd/MM/yyyy")})
	dateCol := map[string]bool{"DOB": true, "Listed On": true, "UK Sanctions List Date Designated": true, "Last Updated": true}
	var header []string
	for i, rec := range recs {
		for j, v := range rec {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if v == "" {
				continue
			}
			isDate := (i == 0 && j == 1) || (i > 1 && dateCol[header[j]])
			if tm, err := time.Parse("02/01/2006", v); serials && isDate && err == nil {
				if err := x.SetCellValue("Data", cell, tm); err != nil {
					t.Fatal(err)
				}
				x.SetCellStyle("Data", cell, cell, style)
				continue
			}
			if err := x.SetCellStr("Data", cell, v); err != nil {
				t.Fatal(err)
			}
		}
		if i == 1 {
			header = rec
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func ptr[T any](v T) *T { return &v }

// TestXLSXMatchesCSV: the same rows in a workbook give the same entities,
// with dates as strings or as Excel serial numbers.
func TestXLSXMatchesCSV(t *testing.T) {
	want := parse(t, ConListCSV, sourcetest.ReadFile(t, "testdata/conlist.csv"))
	for _, serials := range []bool{false, true} {
		f := &source.File{Name: "ConList.xlsx", Path: "testdata/ConList.xlsx", Data: buildXLSX(t, "testdata/conlist.csv", serials)}
		got := parse(t, ConListXLSX, f)
		if got.Format != "uk-ofsi-xlsx" || got.Published != want.Published || got.ID != want.ID {
			t.Errorf("serials=%v: list %+v", serials, got)
		}
		a, _ := json.Marshal(want.Entities)
		b, _ := json.Marshal(got.Entities)
		if !bytes.Equal(a, b) {
			t.Errorf("serials=%v: XLSX entities differ from CSV:\n%s\n%s", serials, a, b)
		}
		if !reflect.DeepEqual(got.Notes, want.Notes) {
			t.Errorf("serials=%v: notes %q, want %q", serials, got.Notes, want.Notes)
		}
		if ConListCSV.Detect(f.Name, head(f.Data)) != source.None || FCDOXML.Detect(f.Name, head(f.Data)) != source.None {
			t.Error("another format claims the workbook")
		}
		// The name does not matter when the content is in reach.
		if ConListXLSX.Detect("data.bin", head(f.Data)) != source.Main {
			t.Error("workbook not detected without its name")
		}
	}
}

func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		file   string
		format source.Format
		want   string
	}{
		{"conlist_truncated.csv", ConListCSV, "wrong number of fields"},
		{"conlist_cutquote.csv", ConListCSV, `extraneous or missing " in quoted-field`},
		{"conlist_quote.csv", ConListCSV, `bare " in non-quoted-field`},
		{"conlist_noheader.csv", ConListCSV, "no header after the Last Updated line"},
		{"conlist_badheader.csv", ConListCSV, "missing column(s) group id"},
		{"conlist_nogroup.csv", ConListCSV, "empty Group ID"},
		{"conlist_headeronly.csv", ConListCSV, "no name rows"},
		{"fcdo_truncated.xml", FCDOXML, "unexpected EOF"},
		{"fcdo_wrongroot.xml", FCDOXML, "root element <sdnList>, want <Designations>"},
		{"fcdo_nouid.xml", FCDOXML, "designation without UniqueID"},
		{"fcdo_mismatch.xml", FCDOXML, "element <Name> closed by </Names>"},
		{"fcdo_badutf8.xml", FCDOXML, "invalid UTF-8"},
		{"fcdo_empty.xml", FCDOXML, "no designations"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f := sourcetest.ReadFile(t, filepath.Join("testdata/bad", tc.file))
			l, err := tc.format.Parse([]*source.File{f})
			checkParseError(t, l, err, f.Path, tc.want)
		})
	}
}

func checkParseError(t *testing.T, l *source.List, err error, path, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; list %+v", l)
	}
	var pe *source.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("%T is not a *source.ParseError: %v", err, err)
	}
	if pe.File != path || (pe.Line == 0 && pe.Record == "") {
		t.Errorf("error does not locate the problem: file %q line %d record %q", pe.File, pe.Line, pe.Record)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not contain %q", err, want)
	}
	t.Log(err)
}

func TestBadXLSX(t *testing.T) {
	good := buildXLSX(t, "testdata/conlist.csv", false)
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", good[:len(good)*2/3], "xlsx:"},
		{"not a ConList", func() []byte {
			x := excelize.NewFile()
			x.SetCellStr("Sheet1", "A1", "Name")
			x.SetCellStr("Sheet1", "B1", "Amount")
			var b bytes.Buffer
			x.Write(&b)
			return b.Bytes()
		}(), "not an OFSI ConList header"},
		{"garbage", []byte("PK\x03\x04garbage"), "xlsx:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &source.File{Name: "ConList.xlsx", Path: "testdata/" + tc.name + ".xlsx", Data: tc.data}
			l, err := ConListXLSX.Parse([]*source.File{f})
			checkParseError(t, l, err, f.Path, tc.want)
		})
	}
}

func TestDetect(t *testing.T) {
	ownCSV := sourcetest.ReadFile(t, "testdata/conlist.csv").Data
	ownXML := sourcetest.ReadFile(t, "testdata/fcdo.xml").Data
	others := map[string]string{
		"sdnList":  `<?xml version="1.0" standalone="yes"?>` + "\n" + `<sdnList xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://tempuri.org/sdnList.xsd"><publshInformation><Publish_Date>01/08/2026</Publish_Date>`,
		"enhanced": `<?xml version="1.0" encoding="utf-8"?><sanctionsData xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML">`,
		"un":       `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<CONSOLIDATED_LIST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" dateGenerated="2026-02-27T00:00:00"><INDIVIDUALS>`,
		"eu":       `<?xml version="1.0" encoding="UTF-8"?><export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-01-28T10:00:00"><sanctionEntity>`,
		"ofac csv": "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n",
		"csl":      "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n",
		"fcdo csv": "Report Date: 12-Jan-2026\nLast Updated,Unique ID,OFSI Group ID,UN Reference Number,Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Name type,Alias strength,Title,Name non-latin script,Non-latin script type,Non-latin script language,Regime Name,Designation Type,Designation source,Sanctions Imposed\n",
		"ftm":      `{"id": "NK-abc", "schema": "Person", "properties": {"name": ["John Doe"]}}`,
		"crypto":   "1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V\n",
		"empty":    "",
		"zip":      "PK\x03\x04\x14\x00\x00\x00\x08\x00",
	}
	formats := []source.Format{ConListCSV, ConListXLSX, FCDOXML}
	for name, s := range others {
		for _, fm := range formats {
			if r := fm.Detect("list.dat", []byte(s)); r != source.None {
				t.Errorf("%s claims the %s sample (role %d)", fm.Name(), name, r)
			}
		}
	}
	owns := map[source.Format][]byte{
		ConListCSV: ownCSV,
		FCDOXML:    ownXML,
	}
	for fm, data := range owns {
		for _, other := range formats {
			want := source.None
			if other == fm {
				want = source.Main
			}
			if r := other.Detect("x", data); r != want {
				t.Errorf("%s on %s fixture: role %d, want %d", other.Name(), fm.Name(), r, want)
			}
		}
	}
	// BOM and leading white space; header without the Last Updated line.
	withBOM := append([]byte("\xef\xbb\xbf\r\n"), ownCSV...)
	if ConListCSV.Detect("x.csv", withBOM) != source.Main {
		t.Error("CSV with BOM not claimed")
	}
	padded := append([]byte("Last Updated,10/04/2025"+strings.Repeat(",", 34)), ownCSV[bytes.IndexByte(ownCSV, '\r'):]...)
	if ConListCSV.Detect("x.csv", padded) != source.Main {
		t.Error("CSV with a padded Last Updated line not claimed")
	} else if l, err := ConListCSV.Parse([]*source.File{{Name: "x.csv", Path: "x.csv", Data: padded}}); err != nil || l.Published != "2025-04-10" || len(l.Entities) != 5 {
		t.Errorf("padded Last Updated line: %v", err)
	}
	noDate := ownCSV[bytes.IndexByte(ownCSV, '\n')+1:]
	if ConListCSV.Detect("x.csv", noDate) != source.Main {
		t.Error("CSV without the Last Updated line not claimed")
	}
	if FCDOXML.Detect("x.xml", append([]byte("\xef\xbb\xbf  <!-- c -->\n"), ownXML...)) != source.Main {
		t.Error("XML with BOM and comment not claimed")
	}
	// A workbook that is not a ConList.
	x := excelize.NewFile()
	x.SetCellStr("Sheet1", "A1", "Name")
	var b bytes.Buffer
	x.Write(&b)
	if ConListXLSX.Detect("ConList.xlsx", b.Bytes()) != source.None {
		t.Error("another workbook claimed")
	}
}

func TestSplitNumbered(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Russia", []string{"Russia"}},
		{"(1) Russia (2) Israel", []string{"Russia", "Israel"}},
		{"(1) Central African Republic. (2) South Sudan", []string{"Central African Republic", "South Sudan"}},
		{"(1) +7 (843) 560-20-12 (2) +7 (843) 564-60-03", []string{"+7 (843) 560-20-12", "+7 (843) 564-60-03"}},
		{"(1) - (2) Expiry: 02 Dec 2004 (3) Expiry: 20 Jun 2011", []string{"", "Expiry: 02 Dec 2004", "Expiry: 20 Jun 2011"}},
		{"(1-3) Libya (4) Morocco", []string{"Libya", "Morocco"}},
		{"(1) to (6) Algeria (7) Morocco", []string{"Algeria", "Morocco"}},
		{"(1) Uganda (2) Uganda (3)Uganda", []string{"Uganda", "Uganda", "Uganda"}},
		{"TIN (1) 6440020175 (2) 1096440000425", []string{"TIN", "6440020175", "1096440000425"}},
		{"(2) not first", []string{"(2) not first"}},
		{"(1) Bulgaria\u00a0(2) Russia", []string{"Bulgaria", "Russia"}},
	} {
		if got := splitNumbered(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitNumbered(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"28/06/1960", "1960-06-28", true},
		{"00/00/1958", "1958", true},
		{"00/08/1977", "1977-08", true},
		{"dd/mm/1945", "1945", true},
		{"dd/03/1959", "1959-03", true},
		{"09/1962", "1962-09", true},
		{"1954", "1954", true},
		{" 1954 ", "1954", true},
		{"1960 to 1962", "1960/1962", true},
		{"circa 1960", "~1960", true},
		{"1979-02-01", "1979-02-01", true},
		{"31/13/1970", "31/13/1970", false}, // an impossible month is not a date
		{"12/1970/01", "12/1970/01", false},
		{"unknown", "unknown", false},
		{"", "", false},
	} {
		d, ok := parseDate(tc.in)
		if ok != tc.ok || d.String() != tc.want {
			t.Errorf("parseDate(%q) = %q, %v; want %q, %v", tc.in, d.String(), ok, tc.want, tc.ok)
		}
	}
}

func TestCountries(t *testing.T) {
	for _, tc := range []struct {
		in      string
		codes   []string
		unknown []string
	}{
		{"Russia", []string{"ru"}, nil},
		{"(1) Russia (2) Israel", []string{"ru", "il"}, nil},
		{"(1) Central African Republic. (2) South Sudan", []string{"cf", "ss"}, nil},
		{"Germany. Russia", []string{"de", "ru"}, nil},
		{"Estonia, Russia", []string{"ee", "ru"}, nil},
		{"Congo (Democratic Republic)", []string{"cd"}, nil},
		{"Occupied Palestinian Territories", []string{"ps"}, nil},
		{"Trinidad and Tobago", []string{"tt"}, nil},
		{"Russian Federation (as at November 2010)", []string{"ru"}, nil},
		{"Iraq (previous address)", []string{"iq"}, nil},
		{"United Kingdom", []string{"gb"}, nil},
		{"UK", []string{"gb"}, nil},
		{"Palestinian", []string{"ps"}, nil},
		{"DPRK", []string{"kp"}, nil},
		{"Guinea Bissau", []string{"gw"}, nil},
		{"(1) Atlantis (2) Chad", []string{"td"}, []string{"Atlantis"}},
		{"Moscow", nil, []string{"Moscow"}},
	} {
		codes, unknown := countries(tc.in)
		if !reflect.DeepEqual(codes, tc.codes) || !reflect.DeepEqual(unknown, tc.unknown) {
			t.Errorf("countries(%q) = %v, %v; want %v, %v", tc.in, codes, unknown, tc.codes, tc.unknown)
		}
	}
}

func TestLeadingCountry(t *testing.T) {
	for in, want := range map[string]string{
		"Pakistan issued on 12 Mar. 2008 (expired 11 Mar 2013)":  "pk",
		"Iranian diplomatic passport":                            "ir",
		"(Libya)":                                                "ly",
		"Central African Republic. Letter O followed by 3 zeros": "cf",
		"UK Passport":                                            "gb",
		"ID card. Issued in Al-Amana, Yemen":                     "",
		"Expires 11 March 2019.":                                 "",
		"INN":                                                    "",
		"Germany number issued on 5 Oct. 2000":                   "de",
	} {
		if got := leadingCountry(in); got != want {
			t.Errorf("leadingCountry(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitInfo(t *testing.T) {
	s := "(UK Sanctions List Ref):RUS2436. Trust services. (UK Statement of Reasons):Listed under resolution 2662 (2022): reasons. (Phone number):(1) +7 (843) 560-20-12 (Fax): +7 1 (Website):https://x.ru/ (Gender):Male"
	free, fields := splitInfo(s)
	if free != "" {
		t.Errorf("free %q", free)
	}
	var got []string
	for _, f := range fields {
		got = append(got, f.label+"="+f.value)
	}
	want := []string{
		"UK Sanctions List Ref=RUS2436. Trust services.",
		"UK Statement of Reasons=Listed under resolution 2662 (2022): reasons.",
		"Phone number=(1) +7 (843) 560-20-12",
		"Fax=+7 1",
		"Website=https://x.ru/",
		"Gender=Male",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("splitInfo:\n got %q\nwant %q", got, want)
	}
}

func TestRefHead(t *testing.T) {
	for _, tc := range []struct {
		in   string
		un   bool
		refs []string
		bad  string
		rest string
	}{
		{"RUS0296. Financial sanctions imposed.", false, []string{"RUS0296"}, "", "Financial sanctions imposed."},
		{"INU0082 and SYR0310. Listed under two regimes.", false, []string{"INU0082", "SYR0310"}, "", "Listed under two regimes."},
		{"CAF0024\u00a0", false, []string{"CAF0024"}, "", ""},
		{"CTI0012.", false, []string{"CTI0012"}, "", ""},
		{"QDi.403. German foreign terrorist fighter", true, []string{"QDi.403"}, "", "German foreign terrorist fighter"},
		{"QDi.042 and SOi.002", true, []string{"QDi.042", "SOi.002"}, "", ""},
		{"CDi", true, nil, "CDi", ""},
		{"IQi.999.", true, []string{"IQi.999"}, "", ""},
		{"RUS1234 Financial sanctions imposed", false, []string{"RUS1234"}, "", "Financial sanctions imposed."},
		{"CDi unknown text. More", true, nil, "CDi", "unknown text. More"},
	} {
		refs, bad, rest := refHead(tc.in, tc.un)
		if !reflect.DeepEqual(refs, tc.refs) || bad != tc.bad || rest != tc.rest {
			t.Errorf("refHead(%q) = %q, %q, %q; want %q, %q, %q", tc.in, refs, bad, rest, tc.refs, tc.bad, tc.rest)
		}
	}
}

func TestRegNumbers(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string // type:value:label:country
	}{
		{"(1) INN: 1656003409 (2) KPP: 165601001 (3) OGRN: 1021603067683", []string{"tax_id:1656003409:INN:", "other:165601001:KPP:", "registration:1021603067683:OGRN:"}},
		{"1027700073466 (Russia). Tax ID No. 7735007358 (Russia)", []string{"registration:1027700073466:Business Reg No:ru", "tax_id:7735007358:Tax ID:ru"}},
		{"TIN (Taxpayer Identification Number) 9718168599 / SRN (State registration number) 1217700038710", []string{"tax_id:9718168599:TIN (Taxpayer Identification Number):", "registration:1217700038710:SRN (State registration number):"}},
		{"Russia INN: 6665002150", []string{"tax_id:6665002150:Russia INN:ru"}},
		{"SPARK code 9027410", []string{"other:9027410:SPARK code:"}},
		{"394678", []string{"registration:394678:Business Reg No:"}},
		{"no number here", nil},
	} {
		var got []string
		for _, id := range regNumbers(tc.in, "Business Reg No") {
			got = append(got, string(id.Type)+":"+id.Value+":"+id.Label+":"+id.Country)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("regNumbers(%q) =\n %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestContacts(t *testing.T) {
	phones := splitPhones("+98 21 885009358. +98 21 88500939 (and 850-2-381-4410); 123")
	if want := []string{"+98 21 885009358", "+98 21 88500939 (and 850-2-381-4410)"}; !reflect.DeepEqual(phones, want) {
		t.Errorf("splitPhones = %q, want %q", phones, want)
	}
	emails, sites := splitContacts("(1) http://www.fondsk.ru/ (2) https://www.strategic-culture.org/  and office@ban.by, info@x.ru.")
	if !reflect.DeepEqual(emails, []string{"office@ban.by", "info@x.ru"}) || !reflect.DeepEqual(sites, []string{"http://www.fondsk.ru/", "https://www.strategic-culture.org/"}) {
		t.Errorf("splitContacts = %q, %q", emails, sites)
	}
}

func TestScriptOf(t *testing.T) {
	for in, want := range map[string]string{
		"Хизри Абакаров": "Cyrl", "محمد حسن": "Arab", "喀山电子": "Hani", "김정은": "Hang", "ミサイル 研究所": "Jpan",
		"משה": "Hebr", "Γιώργος": "Grek", "გიორგი": "Geor", "Petrov": "Latn", "1234": "",
	} {
		if got := scriptOf(in); got != want {
			t.Errorf("scriptOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBirthPlaces(t *testing.T) {
	for _, tc := range []struct {
		town, country string
		want          []string
	}{
		{"Yuzhno Sakhalinsk", "Russia", []string{"Yuzhno Sakhalinsk, Russia"}},
		{"(1) al-Bukamal (2) Dier Ezzor", "(1) Syria (2) Syria", []string{"al-Bukamal, Syria", "Dier Ezzor, Syria"}},
		{"Kandahar", "(1) Afghanistan (2) Afghanistan", []string{"Kandahar, Afghanistan"}},
		{"", "(1) Afghanistan (2) Afghanistan (3) Pakistan", []string{"Afghanistan", "Pakistan"}},
		{"Bangui", "", []string{"Bangui"}},
	} {
		if got := birthPlaces(tc.town, tc.country); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("birthPlaces(%q, %q) = %q, want %q", tc.town, tc.country, got, tc.want)
		}
	}
}

func TestExcelDate(t *testing.T) {
	for in, want := range map[string]string{
		"45757": "10/04/2025", "22095": "28/06/1960", "22095.5": "28/06/1960",
		"1954": "1954", "10/04/2025": "10/04/2025", "00/00/1958": "00/00/1958", "": "",
	} {
		if got := excelDate(in); got != want {
			t.Errorf("excelDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAliasKind(t *testing.T) {
	var notes noteSet
	for _, tc := range []struct {
		typ, quality string
		want         entity.NameKind
	}{
		{"Primary name", "", entity.Primary},
		{"Primary Name", "", entity.Primary},
		{"Primary name variation", "", entity.Alias},
		{"Primary name variation", "Low quality", entity.WeakAlias},
		{"AKA", "Good quality", entity.Alias},
		{"AKA", "Low quality", entity.WeakAlias},
		{"ALias", "Low quality a.k.a", entity.WeakAlias},
		{"FKA", "", entity.FormerName},
		{"nickname", "", entity.Alias},
	} {
		if got := aliasKind(tc.typ, tc.quality, &notes); got != tc.want {
			t.Errorf("aliasKind(%q, %q) = %v, want %v", tc.typ, tc.quality, got, tc.want)
		}
	}
	if len(notes.list) != 1 {
		t.Errorf("notes %q", notes.list)
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/conlist.csv", "testdata/fcdo.xml", "testdata/conlist_badutf8.csv"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	bad, _ := filepath.Glob("testdata/bad/*")
	for _, p := range bad {
		data, _ := os.ReadFile(p)
		f.Add(data)
	}
	f.Add(buildXLSX(f, "testdata/conlist.csv", true)[:4096])
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, fm := range Formats {
			fm.Detect("fuzz", head(data))
		}
		// The XLSX reader has its own fuzz target: excelize is some hundred
		// times slower per input and would starve the text readers.
		fuzzParse(t, data, ConListCSV, FCDOXML)
	})
}

func fuzzParse(t *testing.T, data []byte, formats ...source.Format) {
	for _, fm := range formats {
		file := &source.File{Name: "fuzz", Path: "fuzz", Data: data}
		l, err := fm.Parse([]*source.File{file})
		if err != nil {
			var pe *source.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%s: error %T is not a *source.ParseError: %v", fm.Name(), err, err)
			}
			continue
		}
		if len(l.Entities) == 0 {
			t.Fatalf("%s: no error and no entities", fm.Name())
		}
	}
}

func FuzzParseXLSX(f *testing.F) {
	f.Add(buildXLSX(f, "testdata/conlist.csv", false))
	f.Add(buildXLSX(f, "testdata/conlist.csv", true))
	f.Fuzz(func(t *testing.T, data []byte) {
		ConListXLSX.Detect("fuzz", head(data))
		fuzzParse(t, data, ConListXLSX)
	})
}
