package batch

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/embargo/embargo/screen"
	"github.com/google/go-cmp/cmp"
)

// readAll reads every row of input, failing the test on a read error.
func readAll(t *testing.T, f Format, input string) []*Row {
	t.Helper()
	rd, err := NewReader(strings.NewReader(input), f)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	var rows []*Row
	for {
		row, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return rows
		}
		if err != nil {
			t.Fatalf("Next after %d rows: %v", len(rows), err)
		}
		rows = append(rows, row)
		if len(rows) > 1000 {
			t.Fatal("reader does not end")
		}
	}
}

// rowErr is a row's error text, "" when none.
func rowErr(r *Row) string {
	if r.Err == nil {
		return ""
	}
	return r.Err.Error()
}

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Format
		err  bool
	}{
		{"csv", CSV, false},
		{"CSV", CSV, false},
		{"tsv", TSV, false},
		{"tab", TSV, false},
		{"jsonl", JSONL, false},
		{"ndjson", JSONL, false},
		{"json", JSONL, false},
		{"xlsx", "", true},
		{"", "", true},
	} {
		got, err := ParseFormat(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestFormatFor(t *testing.T) {
	for _, tc := range []struct {
		name string
		head string
		want Format
	}{
		{"customers.csv", "name\tdob\n", CSV}, // the extension decides
		{"customers.TSV", "name,dob\n", TSV},
		{"customers.tab", "", TSV},
		{"customers.jsonl", "name\n", JSONL},
		{"customers.ndjson", "", JSONL},
		{"customers.json", "", JSONL},
		{"-", `{"name":"x"}`, JSONL},
		{"-", "\xef\xbb\xbf  \n{\"name\":\"x\"}", JSONL},
		{"-", "name\tdob\tcountry\nA\t1\tRU\n", TSV},
		{"-", "name,dob\nA,1\n", CSV},
		{"-", "name\n", CSV},
		{"-", "", CSV},
		{"data.txt", "id\tname,with,commas\n", CSV}, // more commas than tabs
	} {
		if got := FormatFor(tc.name, []byte(tc.head)); got != tc.want {
			t.Errorf("FormatFor(%q, %q) = %q, want %q", tc.name, tc.head, got, tc.want)
		}
	}
}

func TestReadCSV(t *testing.T) {
	in := "customer_id,Name,schema,dob,country,id,gender,names,notes\r\n" +
		"C1,Vladimir Putin,Person,1952-10-07,RU; DE,P123; P456,male,V. Putin; Wladimir Putin,\"vip, watch\"\r\n" +
		"C2,  Green Pine  ,,,,,,,\r\n"
	rows := readAll(t, CSV, in)
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2", len(rows))
	}
	r := rows[0]
	if r.Err != nil || r.N != 1 || r.Line != 2 {
		t.Errorf("row 1: N %d, line %d, err %v; want 1, 2, nil", r.N, r.Line, r.Err)
	}
	want := screen.Party{Name: "Vladimir Putin", Schema: "Person", DOB: screen.Strings{"1952-10-07"},
		Country: screen.Strings{"RU", "DE"}, ID: screen.Strings{"P123", "P456"}, Gender: "male",
		Names: screen.Strings{"V. Putin", "Wladimir Putin"}}
	if diff := cmp.Diff(want, r.Party); diff != "" {
		t.Errorf("row 1 party (-want +got):\n%s", diff)
	}
	wantFields := []Field{{"customer_id", "C1"}, {"Name", "Vladimir Putin"}, {"schema", "Person"},
		{"dob", "1952-10-07"}, {"country", "RU; DE"}, {"id", "P123; P456"}, {"gender", "male"},
		{"names", "V. Putin; Wladimir Putin"}, {"notes", "vip, watch"}}
	if diff := cmp.Diff(wantFields, r.Fields); diff != "" {
		t.Errorf("row 1 fields, in header order (-want +got):\n%s", diff)
	}
	if got := r.Get("NOTES"); got != "vip, watch" {
		t.Errorf("Get(NOTES) = %q", got)
	}
	if got := r.Get("absent"); got != "" {
		t.Errorf("Get(absent) = %q", got)
	}
	if rows[1].Party.Name != "Green Pine" || rows[1].Line != 3 {
		t.Errorf("row 2: name %q line %d; want trimmed \"Green Pine\", line 3", rows[1].Party.Name, rows[1].Line)
	}
	if v := rows[1].Fields[1].Value; v != "  Green Pine  " {
		t.Errorf("row 2 passes the name through untrimmed: got %q", v)
	}
}

func TestReadTSV(t *testing.T) {
	// TSV reads quotes literally: a name with a stray quote is not an error
	in := "name\tdob\tnationality\tref\n" +
		"O\"Brien Sean\t1970\tIE\tr1\n" +
		"Vladimir Putin\t1952-10-07\tRussia\tr2\n"
	rows := readAll(t, TSV, in)
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2", len(rows))
	}
	for _, r := range rows {
		if r.Err != nil {
			t.Errorf("row %d: %v", r.N, r.Err)
		}
	}
	if rows[0].Party.Name != `O"Brien Sean` {
		t.Errorf("name %q", rows[0].Party.Name)
	}
	if diff := cmp.Diff(screen.Strings{"Russia"}, rows[1].Party.Country); diff != "" {
		t.Errorf("nationality → country (-want +got):\n%s", diff)
	}
	if rows[1].Get("ref") != "r2" {
		t.Errorf("ref = %q", rows[1].Get("ref"))
	}
}

func TestReadBOM(t *testing.T) {
	rows := readAll(t, CSV, "\xef\xbb\xbfname,ref\nVladimir Putin,1\n")
	if len(rows) != 1 || rows[0].Party.Name != "Vladimir Putin" || rows[0].Fields[0].Key != "name" {
		t.Fatalf("CSV with BOM: %+v", rows)
	}
	rows = readAll(t, JSONL, "\xef\xbb\xbf{\"name\":\"Vladimir Putin\"}\n")
	if len(rows) != 1 || rows[0].Err != nil || rows[0].Party.Name != "Vladimir Putin" {
		t.Fatalf("JSONL with BOM: %+v", rows[0])
	}
}

func TestHeaderSynonyms(t *testing.T) {
	for _, tc := range []struct {
		header, row string
		want        screen.Party
	}{
		{"full_name,date_of_birth,nationality", "Vladimir Putin,1952-10-07,RU",
			screen.Party{Name: "Vladimir Putin", DOB: screen.Strings{"1952-10-07"}, Country: screen.Strings{"RU"}}},
		{"Party_Name,Birth_Date,Citizenship,Passport,Sex,Type,Aliases", "A B,1970,DE,X1,f,Person,C D",
			screen.Party{Name: "A B", DOB: screen.Strings{"1970"}, Country: screen.Strings{"DE"}, ID: screen.Strings{"X1"},
				Gender: "f", Schema: "Person", Names: screen.Strings{"C D"}}},
		{" fullname , birthdate ", "A B,1970", screen.Party{Name: "A B", DOB: screen.Strings{"1970"}}},
		// the field's own name wins over a synonym, wherever it stands
		{"full_name,name", "Synonym,Canonical", screen.Party{Name: "Canonical"}},
		{"name,full_name", "Canonical,Synonym", screen.Party{Name: "Canonical"}},
		// between synonyms, the first column
		{"party_name,full_name", "First,Second", screen.Party{Name: "First"}},
		// an id column alone is enough
		{"identifier,note", "IMO 9354521,x", screen.Party{ID: screen.Strings{"IMO 9354521"}}},
	} {
		rows := readAll(t, CSV, tc.header+"\n"+tc.row+"\n")
		if len(rows) != 1 || rows[0].Err != nil {
			t.Errorf("%s: rows %+v", tc.header, rows)
			continue
		}
		if diff := cmp.Diff(tc.want, rows[0].Party); diff != "" {
			t.Errorf("header %q (-want +got):\n%s", tc.header, diff)
		}
	}
}

func TestHeaderErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		f    Format
		want string
	}{
		{"", CSV, "empty: a header row is required"},
		{"customer,dob\nA,1\n", CSV, `no "name" column`},
		{"customer\tdob\n", TSV, `no "name" column`},
		{"\"name,dob\n", CSV, "header row"},
		{"name\n", "xlsx", "unknown batch format"},
		{strings.Repeat("h,", 100000) + "\n", CSV, `"h,h,h,`},
	} {
		_, err := NewReader(strings.NewReader(tc.in), tc.f)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewReader(%.40q): %.300v; want an error containing %q", tc.in, err, tc.want)
		} else if len(err.Error()) > 400 {
			t.Errorf("NewReader(%.40q): a %d-byte error message", tc.in, len(err.Error()))
		}
	}
}

func TestDuplicateAndEmptyHeaders(t *testing.T) {
	rows := readAll(t, CSV, "name,note,note_2,note,,note\nA B,x,y,z,w,v\n")
	var keys []string
	for _, f := range rows[0].Fields {
		keys = append(keys, f.Key)
	}
	if diff := cmp.Diff([]string{"name", "note", "note_2", "note_3", "column5", "note_4"}, keys); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
}

func TestCSVRowErrors(t *testing.T) {
	in := "name,dob,ref\n" +
		"Vladimir Putin,1952,r1\n" + // line 2
		"Too,Many,Fields,Here\n" + // line 3
		"Too Few\n" + // line 4
		"Ok Name,,r4\n" + // line 5
		"Bad \xff\xfe Name,,r5\n" + // line 6
		"a\"b,1970,r6\n" + // line 7: bare quote in the first field
		"Last Name,,r7\n" // line 8
	rows := readAll(t, CSV, in)
	want := []struct {
		line int
		err  string
	}{
		{2, ""},
		{3, "line 3: 4 fields, the header has 3"},
		{4, "line 4: 1 fields, the header has 3"},
		{5, ""},
		{6, `line 6: column "name": invalid UTF-8`},
		{7, `line 7: bare " in non-quoted-field`},
		{8, ""},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		r := rows[i]
		if r.N != i+1 || r.Line != w.line || rowErr(r) != w.err {
			t.Errorf("row %d: N %d line %d err %q; want N %d line %d err %q", i+1, r.N, r.Line, rowErr(r), i+1, w.line, w.err)
		}
	}
	// a row with the wrong field count keeps its fields for the output
	if len(rows[1].Fields) != 4 || rows[1].Fields[3].Key != "column4" {
		t.Errorf("fields of the long row: %+v", rows[1].Fields)
	}
	if rows[6].Party.Name != "Last Name" {
		t.Errorf("the row after the errors: %+v", rows[6])
	}
}

func TestReadJSONL(t *testing.T) {
	in := `{"name": "Vladimir Putin", "dob": ["1952-10-07", "1952"], "country": "RU; DE", "customer": {"tier": 1}, "id": null}` + "\n" +
		"\n" + // blank lines are skipped but counted
		"  \r\n" +
		`{"full_name":"Green Pine","nationality":["KP"],"Names":"GP; Green Pine Marine","type":"Organization","sex":null}` + "\r\n" +
		`{}` + "\n" +
		`{"name":"no newline at the end"}`
	rows := readAll(t, JSONL, in)
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4", len(rows))
	}
	wantLines := []int{1, 4, 5, 6}
	for i, r := range rows {
		if r.Err != nil || r.N != i+1 || r.Line != wantLines[i] {
			t.Errorf("row %d: N %d line %d err %v; want line %d", i+1, r.N, r.Line, r.Err, wantLines[i])
		}
	}
	want := screen.Party{Name: "Vladimir Putin", DOB: screen.Strings{"1952-10-07", "1952"}, Country: screen.Strings{"RU", "DE"}}
	if diff := cmp.Diff(want, rows[0].Party); diff != "" {
		t.Errorf("row 1 (-want +got):\n%s", diff)
	}
	want = screen.Party{Name: "Green Pine", Country: screen.Strings{"KP"}, Names: screen.Strings{"GP", "Green Pine Marine"}, Schema: "Organization"}
	if diff := cmp.Diff(want, rows[1].Party); diff != "" {
		t.Errorf("row 2, synonyms (-want +got):\n%s", diff)
	}
	if got := rows[0].Get("customer"); got != `{"tier": 1}` {
		t.Errorf(`Get("customer") = %q, want the JSON`, got)
	}
	if got := rows[0].Get("NAME"); got != "Vladimir Putin" {
		t.Errorf(`Get("NAME") = %q`, got)
	}
	if !json.Valid(rows[0].Raw) || rows[0].Raw[0] != '{' {
		t.Errorf("Raw = %s", rows[0].Raw)
	}
	if rows[3].Party.Name != "no newline at the end" {
		t.Errorf("last line without a newline: %+v", rows[3].Party)
	}
}

// The field's own name wins over synonyms in JSON as in CSV, whatever the
// order of the members (a map would make the choice random).
func TestJSONLSynonymPriority(t *testing.T) {
	for _, line := range []string{
		`{"full_name":"Synonym","Name":"Canonical"}`,
		`{"Name":"Canonical","full_name":"Synonym"}`,
		`{"party":"Synonym","name":"Canonical","fullname":"Other"}`,
	} {
		for i := 0; i < 20; i++ {
			rows := readAll(t, JSONL, line+"\n")
			if rows[0].Party.Name != "Canonical" {
				t.Fatalf("%s: name %q, want Canonical", line, rows[0].Party.Name)
			}
		}
	}
	rows := readAll(t, JSONL, `{"party_name":"First","full_name":"Second"}`+"\n")
	if rows[0].Party.Name != "First" {
		t.Errorf("first synonym: got %q", rows[0].Party.Name)
	}
}

func TestJSONLRowErrors(t *testing.T) {
	in := strings.Join([]string{
		`[1, 2]`,
		`"just a string"`,
		`{"name": "unterminated"`,
		`{"name": "x"} trailing`,
		`{"name": "bad` + "\xff" + `"}`,
		`{"name": 123}`,
		`{"name": "x", "dob": {"year": 1952}}`,
		`{"name": "x", "country": [1, 2]}`,
		`{"full_name": true}`,
		`{"name": "x", "id": 12345}`,
		`{"name": "x", "gender": ["m"]}`,
		`null`,
		`{"name": "fine"}`,
	}, "\n")
	rows := readAll(t, JSONL, in)
	want := []string{
		"line 1: not a JSON object",
		"line 2: not a JSON object",
		"line 3: invalid JSON: unexpected end of JSON input (at byte 23)",
		"line 4: invalid JSON: invalid character 't' after top-level value (at byte 15)",
		"line 5: invalid UTF-8",
		`line 6: field "name": want a string, got a JSON number`,
		`line 7: field "dob": want a string or a list of strings, got a JSON object`,
		`line 8: field "country": want a string or a list of strings, got an array with other values`,
		`line 9: field "full_name": want a string, got a JSON boolean`,
		`line 10: field "id": want a string or a list of strings, got a JSON number`,
		`line 11: field "gender": want a string, got a JSON array`,
		"line 12: not a JSON object",
		"",
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		if got := rowErr(rows[i]); got != w {
			t.Errorf("row %d: error %q, want %q", i+1, got, w)
		}
		if rows[i].N != i+1 || rows[i].Line != i+1 {
			t.Errorf("row %d: N %d line %d", i+1, rows[i].N, rows[i].Line)
		}
	}
	// a row with a type error keeps its object for the output line
	if !json.Valid(rows[5].Raw) {
		t.Errorf("row 6 Raw = %q", rows[5].Raw)
	}
}

func TestJSONLLineLimit(t *testing.T) {
	long := `{"name":"` + strings.Repeat("a", MaxLineBytes) + `"}`
	atLimit := `{"name":"` + strings.Repeat("b", MaxLineBytes-12) + `"}`
	in := `{"name":"first"}` + "\n" + long + "\n" + atLimit + "\r\n" + `{"name":"after"}` + "\n" + long // the last without newline
	rows := readAll(t, JSONL, in)
	if len(rows) != 5 {
		t.Fatalf("%d rows, want 5", len(rows))
	}
	wantErr := []string{"", "line 2: longer than 1048576 bytes", "", "", "line 5: longer than 1048576 bytes"}
	for i, w := range wantErr {
		if got := rowErr(rows[i]); got != w {
			t.Errorf("row %d: error %q, want %q", i+1, got, w)
		}
	}
	if len(rows[2].Party.Name) != MaxLineBytes-12 || rows[3].Party.Name != "after" {
		t.Errorf("rows around the long line: %d-byte name, %q", len(rows[2].Party.Name), rows[3].Party.Name)
	}
}

func TestCSVLineLimit(t *testing.T) {
	// a CSV record cannot be resynchronised after a runaway line: the read
	// stops with an error naming the line instead of buffering without end
	in := "name,ref\nfirst,1\n" + strings.Repeat("x", MaxLineBytes+10) + ",2\nlast,3\n"
	rd, err := NewReader(strings.NewReader(in), CSV)
	if err != nil {
		t.Fatal(err)
	}
	row, err := rd.Next()
	if err != nil || row.Party.Name != "first" {
		t.Fatalf("first row: %+v, %v", row, err)
	}
	_, err = rd.Next()
	if err == nil || !strings.Contains(err.Error(), "line 3: longer than 1048576 bytes") {
		t.Fatalf("long line: %v", err)
	}
	if _, err2 := rd.Next(); err2 == nil || errors.Is(err2, io.EOF) {
		t.Errorf("the error sticks: got %v", err2)
	}
	// just under the limit is fine
	ok := "name,ref\n" + strings.Repeat("y", MaxLineBytes-2) + ",1\n"
	rows := readAll(t, CSV, ok)
	if len(rows) != 1 || rows[0].Err != nil {
		t.Fatalf("line at the limit: %d rows, err %v", len(rows), rows[0].Err)
	}
}

func TestReaderIOError(t *testing.T) {
	boom := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader("{\"name\":\"a\"}\n"), &failReader{boom})
	rd, _ := NewReader(r, JSONL)
	if row, err := rd.Next(); err != nil || row.Party.Name != "a" {
		t.Fatalf("first row: %v", err)
	}
	if _, err := rd.Next(); !errors.Is(err, boom) {
		t.Errorf("I/O error: got %v, want %v", err, boom)
	}
	r = io.MultiReader(strings.NewReader("name\na\n"), &failReader{boom})
	rd, err := NewReader(r, CSV)
	if err != nil {
		t.Fatal(err)
	}
	rd.Next()
	if _, err := rd.Next(); !errors.Is(err, boom) {
		t.Errorf("CSV I/O error: got %v, want %v", err, boom)
	}
}

type failReader struct{ err error }

func (f *failReader) Read([]byte) (int, error) { return 0, f.err }

func TestLineLimitReaderChunks(t *testing.T) {
	// the limit holds however the input is split into reads
	in := "ab\ncdef\nghi\n"
	for _, chunk := range []int{1, 2, 3, 5, 100} {
		l := &lineLimitReader{r: &chunkReader{data: []byte(in), n: chunk}, max: 4}
		got, err := io.ReadAll(l)
		if err != nil || string(got) != in {
			t.Errorf("chunk %d, max 4: %q, %v", chunk, got, err)
		}
		l = &lineLimitReader{r: &chunkReader{data: []byte(in), n: chunk}, max: 3}
		got, err = io.ReadAll(l)
		if err == nil || err.Error() != "line 2: longer than 3 bytes" || !bytes.HasPrefix([]byte(in), got) || len(got) > len("ab\ncde") {
			t.Errorf("chunk %d, max 3: %q, %v", chunk, got, err)
		}
	}
}

type chunkReader struct {
	data []byte
	n    int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := min(c.n, len(p), len(c.data))
	copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

// TSV has one record per line: quotes never join lines, so one stray quote
// cannot hide the rows after it from screening.
func TestTSVQuotes(t *testing.T) {
	in := "\xef\xbb\xbfname\tref\r\n" +
		"\"Ali\t1\r\n" + // an unbalanced quote
		"\"Ali\" Baba\t2\r\n" + // a quoted nickname first
		"\"Ali \"\"the\"\" Baba\"\t3\r\n" + // a wholly quoted field, doubled quotes
		"\"\"\t4\r\n" + // an empty quoted field
		"\"a\"b\"\t5\r\n" + // a lone quote inside: literal
		"\r\n" + // blank: skipped
		"Bob\t6\r\n"
	rows := readAll(t, TSV, in)
	want := []struct {
		name, ref string
		line      int
	}{
		{`"Ali`, "1", 2},
		{`"Ali" Baba`, "2", 3},
		{`Ali "the" Baba`, "3", 4},
		{"", "4", 5},
		{`"a"b"`, "5", 6},
		{"Bob", "6", 8},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		r := rows[i]
		if r.Err != nil || r.Party.Name != w.name || r.Get("ref") != w.ref || r.Line != w.line || r.N != i+1 {
			t.Errorf("row %d: name %q ref %q line %d err %v; want %q %q %d", i+1, r.Party.Name, r.Get("ref"), r.Line, r.Err, w.name, w.ref, w.line)
		}
	}
}

func TestTSVRowErrors(t *testing.T) {
	in := "name\tref\n" +
		"A\t1\n" +
		"B\t2\textra\n" +
		"C\n" +
		strings.Repeat("x", MaxLineBytes+1) + "\t4\n" +
		"Bad \xff\t5\n" +
		"F\t6" // no newline at the end
	rows := readAll(t, TSV, in)
	want := []string{
		"",
		"line 3: 3 fields, the header has 2",
		"line 4: 1 fields, the header has 2",
		"line 5: longer than 1048576 bytes",
		`line 6: column "name": invalid UTF-8`,
		"",
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		if got := rowErr(rows[i]); got != w || rows[i].N != i+1 || rows[i].Line != i+2 {
			t.Errorf("row %d (line %d): error %q, want %q", rows[i].N, rows[i].Line, got, w)
		}
	}
	if rows[5].Party.Name != "F" || rows[5].Get("ref") != "6" {
		t.Errorf("last row: %+v", rows[5])
	}
	// an over-long header is an error for the whole input
	if _, err := NewReader(strings.NewReader(strings.Repeat("h", MaxLineBytes+1)+"\nA\n"), TSV); err == nil || !strings.Contains(err.Error(), "header row: line 1: longer than") {
		t.Errorf("long header: %v", err)
	}
}
