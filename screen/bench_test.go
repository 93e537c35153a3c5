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
	"github.com/embargo/embargo/payment"
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

// mixed20 is internal/loadgen's builtin set: 20 names, listed and not,
// Latin and not, with common Arabic names that bring many candidates.
var mixed20 = []string{
	"Vladimir Putin", "Владимир Путин", "John Smith", "Maria Garcia", "Bank Melli Iran", "Mohammed Ali",
	"Kim Jong Un", "Rosneft", "Angela Merkel", "Joe Biden", "Ali Khamenei", "Hezbollah", "Abu Bakr al-Baghdadi",
	"王秀英", "Ivan Petrov", "Acme Trading LLC", "Sergei Lavrov", "Ocean Trader", "Jean Dupont", "Abdul Rahman",
}

// BenchmarkScreenMixed20 screens the load benchmark's 20 names in process
// with limit 5, as the load benchmark does: the screening part of each
// HTTP request.
func BenchmarkScreenMixed20(b *testing.B) {
	svc := testlists.Current(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := svc.Screen(screen.Request{Query: match.Query{Names: []string{mixed20[i%len(mixed20)]}}, Limit: 5}); err != nil {
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

// article returns the wire-service fixture repeated to about n bytes.
func article(b *testing.B, n int) string {
	raw, err := os.ReadFile("testdata/text/call.txt")
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	for sb.Len() < n {
		sb.Write(raw)
		sb.WriteString("\n\n")
	}
	return sb.String()
}

// BenchmarkScreenText screens a 10 KB news article (the "5 ms" target).
func BenchmarkScreenText(b *testing.B) {
	svc := testlists.Current(b)
	doc := article(b, 10<<10)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.ScreenText(doc, screen.TextOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// newsCorpus generates about n bytes of news-like text: sentence templates
// written for this project (released to the public domain) filled with
// customer-like names of the faker set (MIT), the names of some listed
// people, places and organisations, so that a text screener meets the
// variety of names real articles have. Deterministic.
func newsCorpus(b testing.TB, n int, withListed bool) string {
	doc, _ := newsCorpusNames(b, n, withListed)
	return doc
}

// newsCorpusNames is newsCorpus, with the number of person and company
// names it put in.
func newsCorpusNames(b testing.TB, n int, withListed bool) (string, int) {
	svc := testlists.Current(b)
	var people, companies []string
	f, err := os.Open(shared.Path(b, "names", "faker", "faker_names_seed20261129.tsv"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if len(p) == 3 && (p[0] == "en_US" || p[0] == "en_GB" || p[0] == "de" || p[0] == "fr" || p[0] == "es" || p[0] == "ru" || p[0] == "ar" || p[0] == "tr") {
			if p[1] == "person" {
				people = append(people, p[2])
			} else {
				companies = append(companies, p[2])
			}
		}
	}
	var listed []string
	for i := range svc.Snapshot.Entities {
		if i%97 == 0 {
			listed = append(listed, svc.Index.Caption(int32(i)))
		}
	}
	places := []string{"Moscow", "Washington", "Brussels", "London", "Tehran", "Beijing", "Kyiv", "Dubai", "Istanbul", "Paris", "Berlin", "Caracas", "Pyongyang", "Geneva"}
	templates := []string{
		"%P, a spokesperson for %C, said on Tuesday that the company had complied with all applicable rules.",
		"Officials in %L said %P met %P to discuss trade, energy and security, according to people familiar with the talks.",
		"The ministry named %X among those it accused of helping to evade export controls through intermediaries in %L.",
		"%C reported a quarterly profit of 12 million euros, beating forecasts, its chief executive %P told analysts.",
		"\"We will not comment on individual cases,\" %P told reporters in %L, adding that the review would take months.",
		"Shares of %C fell 4 percent after the regulator opened an inquiry into payments linked to %X.",
		"In a statement, %C said it had cut ties with %X after the designation was announced last week.",
		"%P, who has advised %C since 2019, declined to say whether the contract with the %L office would be renewed.",
		"Analysts including %P at %C said the measures were unlikely to change the course of the conflict.",
		"The court in %L heard that %P transferred funds to accounts controlled by %X between 2021 and 2023.",
	}
	r := uint64(20261129)
	next := func(k int) int { r = r*6364136223846793005 + 1442695040888963407; return int((r >> 33) % uint64(k)) }
	var sb strings.Builder
	inserted := 0
	for sb.Len() < n {
		t := templates[next(len(templates))]
		for {
			i := strings.IndexByte(t, '%')
			if i < 0 {
				break
			}
			var v string
			switch t[i+1] {
			case 'P':
				v = people[next(len(people))]
				inserted++
			case 'C':
				v = companies[next(len(companies))]
				inserted++
			case 'L':
				v = places[next(len(places))]
			case 'X':
				if withListed {
					v = listed[next(len(listed))]
				} else {
					v = companies[next(len(companies))]
					inserted++
				}
			}
			t = t[:i] + v + t[i+2:]
		}
		sb.WriteString(t)
		if next(4) == 0 {
			sb.WriteString("\n\n")
		} else {
			sb.WriteByte(' ')
		}
	}
	return sb.String(), inserted
}

// BenchmarkScreenTextCorpus screens a 1 MB generated news corpus (the
// "5 MB/s per core" target).
func BenchmarkScreenTextCorpus(b *testing.B) {
	svc := testlists.Current(b)
	doc := newsCorpus(b, 1<<20, true)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.ScreenText(doc, screen.TextOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScreenTextPublicDomain screens a corpus of public-domain prose:
// Newton's Opticks (1730, from Project Gutenberg, shipped with Go as
// $GOROOT/src/testdata/Isaac.Newton-Opticks.txt) with a generated news
// paragraph full of names after every five paragraphs of it: text that
// reads like documents, with names where news has them.
func BenchmarkScreenTextPublicDomain(b *testing.B) {
	svc := testlists.Current(b)
	prose := opticks(b)
	news := strings.Split(newsCorpus(b, 256<<10, true), "\n\n")
	var sb strings.Builder
	for i, para := range strings.Split(prose, "\n\n") {
		sb.WriteString(para)
		sb.WriteString("\n\n")
		if i%5 == 4 && len(news) > 0 {
			sb.WriteString(news[0])
			sb.WriteString("\n\n")
			news = news[1:]
		}
	}
	doc := sb.String()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.ScreenText(doc, screen.TextOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScreenPayment parses and screens payment messages (an ISO 20022
// pacs.008 and a SWIFT MT103: every party, agent, country and remittance
// text) against all current lists.
func BenchmarkScreenPayment(b *testing.B) {
	svc := testlists.Current(b)
	for _, file := range []string{"pacs008_innocent.xml", "mt103_innocent.fin"} {
		msg, err := os.ReadFile("testdata/payment/" + file)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(strings.Split(file, ".")[0], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m, err := payment.Parse(msg)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := svc.ScreenPayment(m, screen.PaymentOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
