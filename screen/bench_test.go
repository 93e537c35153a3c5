package screen_test

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/embargo/embargo/dataset"
	"github.com/embargo/embargo/internal/shared"
	"github.com/embargo/embargo/internal/testlists"
	"github.com/embargo/embargo/match"
	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/source"
	"github.com/embargo/embargo/source/all"
)

// BenchmarkLoadAll loads, merges and indexes every list of
// ../shared/data/lists/current (the "3 s, 1 GB" target).
func BenchmarkLoadAll(b *testing.B) {
	dir := shared.Lists(b, "current")
	b.ReportAllocs()
	for b.Loop() {
		lists, _, err := source.Load(dir, all.Formats(), source.LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := screen.New(dataset.Build(lists), screen.DefaultConfig()); err != nil {
			b.Fatal(err)
		}
	}
}

// mixedNames is a fixed mix of customer names (faker, 22 locales) and
// listed people: the kind of traffic a screening service sees.
func mixedNames(b *testing.B) []string {
	f, err := os.Open(shared.Path(b, "names", "faker", "faker_names_seed20261129.tsv"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for i := 0; sc.Scan(); i++ {
		if i == 0 || i%40 != 0 {
			continue
		}
		parts := strings.Split(sc.Text(), "\t")
		out = append(out, parts[2])
	}
	out = append(out, "Vladimir Putin", "PUTIN, Vladimir Vladimirovich", "Владимир Путин", "Wladimir Putin",
		"Ali Khamenei", "Kim Jong Un", "Bank Melli Iran", "Rosneft", "Hezbollah", "Abu Bakr al-Baghdadi")
	return out
}

// BenchmarkScreen screens one name at a time, in process, against all
// current lists (the "200 µs median" target; ns/op is the mean).
func BenchmarkScreen(b *testing.B) {
	svc := testlists.Current(b)
	qs := mixedNames(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_, err := svc.Screen(screen.Request{Query: match.Query{Names: []string{qs[i%len(qs)]}}})
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkScreenParallel screens on every core, as a batch or server does.
func BenchmarkScreenParallel(b *testing.B) {
	svc := testlists.Current(b)
	qs := mixedNames(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := svc.Screen(screen.Request{Query: match.Query{Names: []string{qs[i%len(qs)]}}}); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

// BenchmarkScreenLatency reports the median and 99th percentile of single
// screenings of the mixed name set.
func BenchmarkScreenLatency(b *testing.B) {
	svc := testlists.Current(b)
	qs := mixedNames(b)
	var d []time.Duration
	i := 0
	for b.Loop() {
		t := time.Now()
		if _, err := svc.Screen(screen.Request{Query: match.Query{Names: []string{qs[i%len(qs)]}}}); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(t))
		i++
	}
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(d[len(d)*99/100].Microseconds()), "p99-µs")
}
