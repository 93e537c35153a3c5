package screen_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/embargo/embargo/dataset"
	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/match"
	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/source"
)

// fixture is a small list of realistic listed parties, plus filler
// entities so that word rarity behaves as in real lists (common given
// names and company words are common here too).
func fixture(t testing.TB) *screen.Service {
	t.Helper()
	person := func(id, name string, aliases []string, dob string, countries ...string) *entity.Entity {
		e := &entity.Entity{Schema: entity.Person, Sources: []entity.Source{{List: "test", RecordID: id}}}
		e.AddName(entity.Name{Full: name, Kind: entity.Primary})
		for _, a := range aliases {
			k := entity.Alias
			if len(a) > 0 && a[0] == '~' {
				k, a = entity.WeakAlias, a[1:]
			}
			e.AddName(entity.Name{Full: a, Kind: k})
		}
		if dob != "" {
			d, _ := entity.ParseDate(dob)
			e.AddBirthDate(d)
		}
		e.Nationalities = countries
		return e
	}
	org := func(id, name string, aliases ...string) *entity.Entity {
		e := &entity.Entity{Schema: entity.LegalEntity, Sources: []entity.Source{{List: "test", RecordID: id}}}
		e.AddName(entity.Name{Full: name, Kind: entity.Primary})
		for _, a := range aliases {
			e.AddName(entity.Name{Full: a, Kind: entity.Alias})
		}
		return e
	}
	ents := []*entity.Entity{
		person("putin", "Vladimir Vladimirovich PUTIN", []string{"Владимир Владимирович Путин"}, "1952-10-07", "ru"),
		person("habbash", "George HABBASH", nil, "1926", "ps"),
		person("khalid", "Khalid Sheikh MOHAMMED", []string{"Mukhtar AL-BALUCHI", "~Abu Hafs"}, "1964-04-14", "kw", "pk"),
		person("abdulrahman", "Abd al-Rahman bin Umayr AL-NUAYMI", nil, "1974", "qa"),
		person("kim", "KIM Jong Un", []string{"김정은"}, "1984-01-08", "kp"),
		person("yusuf", "Yusuf Ali ISLAM", nil, "1970", "so"),
		person("zhang", "ZHANG Wei", []string{"张伟"}, "1965", "cn"),
		person("ivanova", "Yuliya Sergeyevna IVANOVA", nil, "1980-02-02", "ru"),
		org("rosneft", "Public Joint Stock Company Rosneft Oil Company", "ПАО НК Роснефть", "ROSNEFT"),
		org("rosneft-trading", "Rosneft Trading S.A."),
		org("bank1", "Bank Sepah 1"),
		org("melli", "Bank Melli Iran", "Melli Bank PLC"),
		org("trading", "Al-Haram Trading Company"),
	}
	ents[0].Gender = "male"
	ents[11].AddIdentifier(entity.Identifier{Type: entity.BIC, Value: "MELIIRTHXXX"})
	vessel := &entity.Entity{Schema: entity.Vessel, Sources: []entity.Source{{List: "test", RecordID: "ship"}}}
	vessel.AddName(entity.Name{Full: "OCEAN TRADER", Kind: entity.Primary})
	vessel.AddIdentifier(entity.Identifier{Type: entity.IMO, Value: "9187629"})
	wallet := &entity.Entity{Schema: entity.CryptoWallet, Sources: []entity.Source{{List: "test", RecordID: "w"}}}
	wallet.AddIdentifier(entity.Identifier{Type: entity.CryptoAddress, Value: "1AbCdEfGhJkLmNpQrStUvWxYz123456", Currency: "XBT"})
	ents = append(ents, vessel, wallet)
	// filler: common given names and company words, as in the real lists
	for i := 0; i < 300; i++ {
		given := []string{"Mohammed", "Ali", "Ahmad", "Sergey", "Vladimir", "Abdul", "George", "Yusuf", "Wei", "Olga"}[i%10]
		ents = append(ents, person(fmt.Sprintf("f%d", i), fmt.Sprintf("%s FILLER%dX", given, i), nil, ""))
		if i%3 == 0 {
			ents = append(ents, org(fmt.Sprintf("o%d", i), fmt.Sprintf("Trading Bank Group %dQ", i)))
		}
	}
	list := &source.List{ID: "test", Format: "test", SHA256: "00", Entities: ents}
	svc, err := screen.New(dataset.Build([]*source.List{list}), screen.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func top(t *testing.T, svc *screen.Service, q match.Query) (screen.Hit, bool) {
	t.Helper()
	res, err := svc.Screen(screen.Request{Query: q})
	if err != nil {
		t.Fatalf("Screen(%+v): %v", q, err)
	}
	if len(res.Hits) == 0 {
		return screen.Hit{}, false
	}
	return res.Hits[0], true
}

func TestScreenMatches(t *testing.T) {
	svc := fixture(t)
	date := func(s string) []entity.Date { d, _ := entity.ParseDate(s); return []entity.Date{d} }
	for _, tc := range []struct {
		name  string
		q     match.Query
		want  string // entity id of the top hit; "" for no match
		match bool
	}{
		{"exact", match.Query{Names: []string{"Vladimir Putin"}}, "test-putin", true},
		{"list order", match.Query{Names: []string{"PUTIN, Vladimir Vladimirovich"}}, "test-putin", true},
		{"cyrillic", match.Query{Names: []string{"Владимир Путин"}}, "test-putin", true},
		{"german spelling", match.Query{Names: []string{"Wladimir Putin"}}, "test-putin", true},
		{"french spelling", match.Query{Names: []string{"Vladimir Poutine"}}, "test-putin", true},
		{"typo", match.Query{Names: []string{"Vladimir Puttin"}}, "test-putin", true},
		{"bush is not habbash", match.Query{Names: []string{"George Bush"}}, "", false},
		{"given name alone is not enough", match.Query{Names: []string{"Vladimir Smirnov"}}, "", false},
		{"arabic equivalents", match.Query{Names: []string{"Khaled Shaikh Muhammad"}}, "test-khalid", true},
		{"joined abd al-", match.Query{Names: []string{"Abdulrahman bin Umayr al-Nuaymi"}}, "test-abdulrahman", true},
		{"korean script", match.Query{Names: []string{"김정은"}}, "test-kim", true},
		{"korean romanised", match.Query{Names: []string{"Kim Jong-un"}}, "test-kim", true},
		{"chinese script", match.Query{Names: []string{"张伟"}}, "test-zhang", true},
		{"legal form as form", match.Query{Names: []string{"PAO Rosneft"}}, "test-rosneft", true},
		{"cyrillic company", match.Query{Names: []string{"ПАО НК Роснефть"}}, "test-rosneft", true},
		{"numbers must agree", match.Query{Names: []string{"Bank Sepah 2"}}, "", false},
		{"generic words alone", match.Query{Names: []string{"Trading Company"}}, "", false},
		{"identifier alone", match.Query{Identifiers: []string{"IMO 9187629"}}, "test-ship", true},
		{"identifier with a weakly similar name", match.Query{Names: []string{"Oceanic Trade Star Maritime"}, Identifiers: []string{"IMO 9187629"}}, "test-ship", true},
		{"crypto address", match.Query{Identifiers: []string{"1AbCdEfGhJkLmNpQrStUvWxYz123456"}}, "test-w", true},
		{"weak alias alone needs corroboration", match.Query{Names: []string{"Abu Hafs"}}, "test-khalid", false},
		{"weak alias with birth date", match.Query{Names: []string{"Abu Hafs"}, BirthDates: date("1964-04-14")}, "test-khalid", true},
		{"feminine surname is another", match.Query{Names: []string{"Yuliya Ivanov"}}, "test-ivanova", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, ok := top(t, svc, tc.q)
			if tc.want == "" {
				if ok && h.Match {
					t.Errorf("want no match, got %s %.3f %v", h.ID, h.Score, h.Reasons)
				}
				return
			}
			if !ok {
				t.Fatalf("no hits, want %s", tc.want)
			}
			if h.ID != tc.want || h.Match != tc.match {
				t.Errorf("top hit %s %.3f match=%v, want %s match=%v; reasons %+v", h.ID, h.Score, h.Match, tc.want, tc.match, h.Reasons)
			}
		})
	}
}

func TestSecondaryEvidence(t *testing.T) {
	svc := fixture(t)
	score := func(q match.Query) float64 {
		h, ok := top(t, svc, q)
		if !ok || h.ID != "test-putin" {
			t.Fatalf("%+v: top hit %+v", q, h)
		}
		return h.Score
	}
	d := func(s string) []entity.Date { x, _ := entity.ParseDate(s); return []entity.Date{x} }
	base := match.Query{Names: []string{"Vladimir Putina"}}
	plain := score(base)
	withDOB := base
	withDOB.BirthDates = d("1952-10-07")
	otherDOB := base
	otherDOB.BirthDates = d("1975-01-01")
	otherCountry := base
	otherCountry.Countries = []string{"fr"}
	sameCountry := base
	sameCountry.Countries = []string{"ru"}
	female := base
	female.Gender = "female"
	if !(score(withDOB) > plain && score(otherDOB) < plain && score(sameCountry) > plain && score(otherCountry) < plain) {
		t.Errorf("birth date and country must move the score: plain %.3f, dob %.3f/%.3f, country %.3f/%.3f",
			plain, score(withDOB), score(otherDOB), score(sameCountry), score(otherCountry))
	}
	if score(female) >= plain {
		t.Errorf("a conflicting gender must lower the score: %.3f vs %.3f", score(female), plain)
	}
	// a conflicting birth year turns a name match into no match
	exact := match.Query{Names: []string{"Vladimir Vladimirovich Putin"}, BirthDates: d("1990")}
	if h, _ := top(t, svc, exact); h.Match {
		t.Errorf("conflicting birth year still matches: %.3f", h.Score)
	}
	// scores spread: an exact name with an agreeing birth date outranks a typo
	exact.BirthDates = d("1952-10-07")
	typo := match.Query{Names: []string{"Vladimr Putn"}}
	if a, b := score(exact), score(typo); a <= b {
		t.Errorf("exact+dob %.3f should outrank a typo %.3f", a, b)
	}
}

func TestScreenFilters(t *testing.T) {
	svc := fixture(t)
	q := match.Query{Names: []string{"Vladimir Putin"}}
	res, err := svc.Screen(screen.Request{Query: q, ExcludeIDs: []string{"test-putin"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.ID == "test-putin" {
			t.Error("excluded id returned")
		}
	}
	res, _ = svc.Screen(screen.Request{Query: q, ExcludeLists: []string{"test"}})
	if len(res.Hits) != 0 {
		t.Errorf("excluded list still returns %d hits", len(res.Hits))
	}
	res, _ = svc.Screen(screen.Request{Query: q, IncludeLists: []string{"other"}})
	if len(res.Hits) != 0 {
		t.Errorf("include of another list returns %d hits", len(res.Hits))
	}
	// a vessel query never returns persons
	res, _ = svc.Screen(screen.Request{Query: match.Query{Names: []string{"Vladimir Putin"}, Schema: entity.Vessel}})
	for _, h := range res.Hits {
		if h.Schema == entity.Person {
			t.Errorf("vessel query returned person %s", h.ID)
		}
	}
	res, _ = svc.Screen(screen.Request{Query: match.Query{Names: []string{"Mohammed"}}, Limit: 3})
	if len(res.Hits) > 3 {
		t.Errorf("limit 3 returned %d", len(res.Hits))
	}
	if res.DatasetVersion == "" || res.Algorithm == "" || res.Threshold != match.DefaultThreshold {
		t.Errorf("result stamps: %+v", res)
	}
}

func TestScreenBadQueries(t *testing.T) {
	svc := fixture(t)
	long := make([]byte, 5000)
	for i := range long {
		long[i] = 'a'
	}
	for _, tc := range []struct {
		name string
		r    screen.Request
	}{
		{"empty", screen.Request{}},
		{"no letters", screen.Request{Query: match.Query{Names: []string{"---"}}}},
		{"invalid utf-8", screen.Request{Query: match.Query{Names: []string{"a\xffb"}}}},
		{"too long", screen.Request{Query: match.Query{Names: []string{string(long)}}}},
		{"threshold above 1", screen.Request{Query: match.Query{Names: []string{"x y"}}, Threshold: 1.5}},
		{"limit too high", screen.Request{Query: match.Query{Names: []string{"x y"}}, Limit: 100000}},
		{"bad schema", screen.Request{Query: match.Query{Names: []string{"x y"}, Schema: "Planet"}}},
	} {
		if _, err := svc.Screen(tc.r); !errors.Is(err, screen.ErrQuery) {
			t.Errorf("%s: err = %v, want ErrQuery", tc.name, err)
		}
	}
}

func TestPartyQuery(t *testing.T) {
	for _, tc := range []struct {
		p     screen.Party
		field string // "" for valid
	}{
		{screen.Party{Name: "Vladimir Putin", DOB: screen.Strings{"1952-10-07"}, Country: screen.Strings{"Russia"}}, ""},
		{screen.Party{Name: "x", Schema: "ship"}, ""},
		{screen.Party{Name: "x", Schema: "planet"}, "schema"},
		{screen.Party{Name: "x", DOB: screen.Strings{"yesterday"}}, "dob"},
		{screen.Party{Name: "x", Country: screen.Strings{"Atlantis"}}, "country"},
		{screen.Party{Name: "x", Gender: "other"}, "gender"},
		{screen.Party{}, "name"},
		{screen.Party{Name: "---"}, "name"},
		{screen.Party{Name: "x", ID: screen.Strings{strings.Repeat("1", 201)}}, "id"},
		{screen.Party{ID: screen.Strings{"a\xffb"}}, "id"},
	} {
		_, err := tc.p.Query()
		var fe *screen.FieldError
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%+v: %v", tc.p, err)
		case tc.field != "" && (!errors.As(err, &fe) || fe.Field != tc.field):
			t.Errorf("%+v: err = %v, want a %s field error", tc.p, err, tc.field)
		}
	}
}

// PartyFromFtM reads names (the first as the name, given names and
// surname joined into one more), dates, countries, identifiers and gender
// from FollowTheMoney properties; blank values and unknown properties are
// dropped.
func TestPartyFromFtM(t *testing.T) {
	p := screen.PartyFromFtM("Person", map[string][]string{
		"name":           {" Vladimir Putin ", ""},
		"alias":          {"Путин"},
		"firstName":      {"Vladimir", "Volodya"},
		"fatherName":     {"Vladimirovich"},
		"lastName":       {"Putin"},
		"birthDate":      {"1952-10-07"},
		"nationality":    {"ru"},
		"country":        {" "},
		"passportNumber": {"100000001"},
		"swiftBic":       {"SABRRUMM"},
		"gender":         {"male", "female"},
		"notes":          {"ignored"},
	})
	want := screen.Party{Name: "Vladimir Putin", Names: screen.Strings{"Путин", "Vladimir Vladimirovich Putin"}, Schema: "Person",
		DOB: screen.Strings{"1952-10-07"}, Country: screen.Strings{"ru"}, ID: screen.Strings{"100000001", "SABRRUMM"}, Gender: "male"}
	if fmt.Sprintf("%#v", p) != fmt.Sprintf("%#v", want) {
		t.Errorf("got %#v\nwant %#v", p, want)
	}
	if p := screen.PartyFromFtM("Company", nil); p.Name != "" || len(p.Names) != 0 || p.Schema != "Company" {
		t.Errorf("no properties: %#v", p)
	}
	blank := screen.PartyFromFtM("Person", map[string][]string{"name": {"  "}})
	if _, err := blank.Query(); !errors.Is(err, screen.ErrQuery) {
		t.Errorf("a party with only blank names: err %v, want a query error", err)
	}
}

func TestOFACAlgorithm(t *testing.T) {
	svc := fixture(t)
	screenOFAC := func(name string) *screen.Result {
		t.Helper()
		res, err := svc.Screen(screen.Request{Query: match.Query{Names: []string{name}}, Algorithm: "ofac"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Algorithm != screen.AlgorithmOFAC || res.Threshold != match.OFACThreshold {
			t.Fatalf("result %+v", res)
		}
		return res
	}
	if res := screenOFAC("Vladimir Putin"); len(res.Hits) == 0 || res.Hits[0].ID != "test-putin" || !res.Hits[0].Match {
		t.Errorf("Vladimir Putin: %+v", res.Hits)
	}
	// OFAC's tool does not transliterate: a Cyrillic query finds nothing
	if res := screenOFAC("Владимир Путин"); len(res.Hits) != 0 {
		t.Errorf("cyrillic found %+v", res.Hits)
	}
	// and it is known to score George Bush high against George Habbash
	if res := screenOFAC("George Bush"); len(res.Hits) == 0 || res.Hits[0].ID != "test-habbash" {
		t.Errorf("George Bush: %+v", res.Hits)
	}
	if _, err := svc.Screen(screen.Request{Query: match.Query{Names: []string{"x y"}}, Algorithm: "magic"}); !errors.Is(err, screen.ErrQuery) {
		t.Errorf("unknown algorithm: %v", err)
	}
}

func TestPartyDates(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"1952", true},
		{"1952-10", true},
		{"1952-10-07", true},
		{" 1952-10-07 ", true},
		{"1960-1962", true},
		{"2024-02-29", true},
		{"07/10/1952", true},
		{"07.10.1952", true},
		{"00/10/1952", true},
		{"00.00.1952", true},
		{"circa 1960", true}, // left to the date reader
		{"7 Oct 1952", true},
		{"", true},
		{"1952-13", false},
		{"1952-00", false},
		{"1952-13-45", false},
		{"2023-02-29", false},
		{"1952-10-32", false},
		{"1952-1-7", true},
		{"1969-7-16", true},
		{"1952-10-0x", false},
		{"1962-1960", false},
		{"1952-10-07x", false},
		{"31/02/1990", false},
		{"12/13/1990", false},
		{"32.01.1990", false},
	} {
		p := screen.Party{Name: "x", DOB: screen.Strings{tc.in}}
		_, err := p.Query()
		if (err == nil) != tc.ok {
			t.Errorf("dob %q: %v, want ok %v", tc.in, err, tc.ok)
		}
		var fe *screen.FieldError
		if err != nil && (!errors.As(err, &fe) || fe.Field != "dob" || !errors.Is(err, screen.ErrQuery)) {
			t.Errorf("dob %q: %v is not a dob FieldError", tc.in, err)
		}
	}
}

// Screenings run concurrently share pooled working memory and the index's
// word cache: each must answer exactly what it answers alone.
func TestScreenConcurrent(t *testing.T) {
	svc := fixture(t)
	queries := []match.Query{
		{Names: []string{"Vladimir Putin"}}, {Names: []string{"Владимир Путин"}}, {Names: []string{"Mohammed Ali"}},
		{Names: []string{"Khaled Shaikh Muhammad"}}, {Names: []string{"PAO Rosneft"}}, {Names: []string{"张伟"}},
		{Names: []string{"Ocean Breeze Shipping"}, Identifiers: []string{"IMO 9187629"}}, {Names: []string{"Abu Hafs"}},
		{Names: []string{"Trading Company"}}, {Names: []string{"Kim Jong-un", "김정은"}},
	}
	type answer struct {
		id    string
		score float64
		n     int
	}
	run := func(q match.Query) answer {
		res, err := svc.Screen(screen.Request{Query: q})
		if err != nil {
			t.Error(err)
			return answer{}
		}
		a := answer{n: len(res.Hits)}
		if len(res.Hits) > 0 {
			a.id, a.score = res.Hits[0].ID, res.Hits[0].Score
		}
		return a
	}
	want := make([]answer, len(queries))
	for i, q := range queries {
		want[i] = run(q)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 200; k++ {
				i := (g + k) % len(queries)
				if got := run(queries[i]); got != want[i] {
					t.Errorf("%v concurrently: %+v, alone %+v", queries[i].Names, got, want[i])
					return
				}
			}
		}(g)
	}
	wg.Wait()
}
