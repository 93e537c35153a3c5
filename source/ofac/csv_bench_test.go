package ofac

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/embargo/embargo/internal/shared"
	"github.com/embargo/embargo/source"
)

// BenchmarkCSVParseCurrent parses the real current sdn.csv (14,965 rows).
func BenchmarkCSVParseCurrent(b *testing.B) {
	p := filepath.Join(shared.Lists(b, "current", "ofac-sdn-2024-05"), "sdn.csv")
	data, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	files := []*source.File{{Name: "sdn.csv", Path: p, Data: data}}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LegacyCSV.Parse(files); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCSVParse2021Set parses the complete 2021 set (sdn, alt, add,
// comments).
func BenchmarkCSVParse2021Set(b *testing.B) {
	dir := shared.Lists(b, "archive", "ofac-sdn-csv-2021-07")
	var files []*source.File
	var size int64
	for _, n := range []string{"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"} {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			b.Fatal(err)
		}
		size += int64(len(data))
		files = append(files, &source.File{Name: n, Path: n, Data: data})
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LegacyCSV.Parse(files); err != nil {
			b.Fatal(err)
		}
	}
}
