package batch

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"testing"

	"github.com/embargo/embargo/screen"
)

// FuzzRead feeds arbitrary input to every reader: they must not panic or
// loop, must number rows 1, 2, 3…, and every row, good or bad, must encode
// to one valid JSON object without repeated keys.
func FuzzRead(f *testing.F) {
	for _, seed := range []string{
		"name,dob\nVladimir Putin,1952-10-07\n",
		"name\ta\"b\n\"x\t\"y\"\"z\"\n",
		"\xef\xbb\xbfname,row,hits\n\"a\nb\",1,2\nbad \xff,,\n",
		`{"name":"x","row":1}` + "\n[1]\n{\"name\":5}\n{\"dob\":{}}\n",
		"a\"b,c\n",
		"",
		"\n\n\n",
	} {
		f.Add([]byte(seed), uint8(0))
		f.Add([]byte(seed), uint8(1))
		f.Add([]byte(seed), uint8(2))
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		format := []Format{CSV, TSV, JSONL}[int(which)%3]
		rd, err := NewReader(bytes.NewReader(data), format)
		if err != nil {
			return
		}
		for n := 1; ; n++ {
			row, err := rd.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				return
			}
			if row.N != n {
				t.Fatalf("row %d numbered %d", n, row.N)
			}
			if n > len(data)+1 {
				t.Fatalf("%d rows from %d bytes", n, len(data))
			}
			line := encodeLine(row, nil, errors.New("not screened"))
			if row.Err == nil {
				line = encodeLine(row, &screen.Result{Hits: []screen.Hit{}}, nil)
			}
			ms, err := objectMembers(bytes.TrimSpace(line))
			if err != nil || !json.Valid(line) {
				t.Fatalf("row %d encodes to invalid JSON %q: %v", n, line, err)
			}
			seen := map[string]bool{}
			for _, m := range ms {
				if seen[m.Key] {
					t.Fatalf("row %d repeats key %q: %s", n, m.Key, line)
				}
				seen[m.Key] = true
			}
			_ = row.Get("name")
			_, _ = row.Party.Query()
			_, _ = row.Party.Query()
		}
	})
}
