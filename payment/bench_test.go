package payment

import "testing"

// BenchmarkParse measures one message of each format: a one-transaction
// pacs.008 with a business application header, and an MT103.
func BenchmarkParse(b *testing.B) {
	for _, bc := range []struct{ name, file string }{
		{"pacs008", "pacs008_v08.xml"},
		{"MT103", "mt103_50K_59.fin"},
	} {
		data := readFixture(b, bc.file)
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
