package entity

import (
	"slices"
	"testing"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Date
		ok   bool
	}{
		{"1952-10-07", Date{Year: 1952, Month: 10, Day: 7}, true},
		{"1952-10", Date{Year: 1952, Month: 10}, true},
		{"1952", Date{Year: 1952}, true},
		{"07 Oct 1952", Date{Year: 1952, Month: 10, Day: 7}, true},
		{"Oct 1952", Date{Year: 1952, Month: 10}, true},
		{"7 October 1952", Date{Year: 1952, Month: 10, Day: 7}, true},
		{"07/10/1952", Date{Year: 1952, Month: 10, Day: 7}, true},
		{"00/10/1952", Date{Year: 1952, Month: 10}, true},
		{"00/00/1952", Date{Year: 1952}, true},
		{"28.06.1960", Date{Year: 1960, Month: 6, Day: 28}, true},
		{"1960 to 1962", Date{Year: 1960, ToYear: 1962}, true},
		{"1960-1962", Date{Year: 1960, ToYear: 1962}, true},
		{"between 1960 and 1962", Date{Year: 1960, ToYear: 1962}, true},
		{"circa 1960", Date{Year: 1960, Circa: true}, true},
		{"c. 1960", Date{Year: 1960, Circa: true}, true},
		{"~1960", Date{Year: 1960, Circa: true}, true},
		{"2026-02-27T00:00:09.554Z", Date{Year: 2026, Month: 2, Day: 27}, true},
		{"09/1962", Date{Year: 1962, Month: 9}, true},
		{"31/13/1970", Date{}, false},
		{"yesterday", Date{}, false},
		{"", Date{}, false},
		{"99 Foo 1952", Date{}, false},
	} {
		got, ok := ParseDate(tc.in)
		got.Raw = ""
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseDate(%q) = %+v, %v; want %+v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if s := (Date{Year: 1960, ToYear: 1962, Circa: true}).String(); s != "~1960/1962" {
		t.Errorf("String = %q", s)
	}
	if lo, hi := (Date{Year: 1960, Circa: true}).YearRange(); lo != 1959 || hi != 1961 {
		t.Errorf("YearRange circa = %d..%d", lo, hi)
	}
}

func TestCountryCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Russia", "ru"}, {"Russian Federation", "ru"}, {"RU", "ru"}, {"RUS", "ru"}, {"russian", "ru"},
		{"France", "fr"}, {"Panama", "pa"}, {"Benin", "bj"}, // not the withdrawn FX, PZ, DY
		{"Iran (Islamic Republic of)", "ir"}, {"Korea, North", "kp"}, {"Democratic People's Republic of Korea", "kp"},
		{"Côte d'Ivoire", "ci"}, {"Trinidad & Tobago", "tt"}, {"Congo, Democratic Republic of the", "cd"},
		{"former Soviet Union", "ru"}, {"China, Hong Kong Special Administrative Region", "hk"},
		{"Burma", "mm"}, {"Palestinian", "ps"}, {"United Kingdom", "gb"}, {"Türkiye", "tr"}, {"UK", "gb"},
	} {
		if got, ok := CountryCode(tc.in); !ok || got != tc.want {
			t.Errorf("CountryCode(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
	for _, bad := range []string{"", "Atlantis", "Unknown"} {
		if c, ok := CountryCode(bad); ok {
			t.Errorf("CountryCode(%q) = %q, want not ok", bad, c)
		}
	}
	codes, unknown := Countries("(1) Russia (2) Israel (3) Atlantis")
	if !slices.Equal(codes, []string{"ru", "il"}) || !slices.Equal(unknown, []string{"Atlantis"}) {
		t.Errorf("Countries = %v, %v", codes, unknown)
	}
	if codes, _ := Countries("CA; SD"); !slices.Equal(codes, []string{"ca", "sd"}) {
		t.Errorf("Countries(CA; SD) = %v", codes)
	}
}

func TestSchema(t *testing.T) {
	for in, want := range map[string]Schema{"individual": Person, "Ship": Vessel, "entity": LegalEntity, "aircraft": Airplane, "Company": Company} {
		if got, ok := ParseSchema(in); !ok || got != want {
			t.Errorf("ParseSchema(%q) = %q", in, got)
		}
	}
	if _, ok := ParseSchema("planet"); ok {
		t.Error("ParseSchema(planet) ok")
	}
	if !Compatible(Person, LegalEntity) || Compatible(Person, Vessel) || !Compatible(Company, Organization) {
		t.Error("Compatible")
	}
}

func TestEntityHelpers(t *testing.T) {
	e := &Entity{}
	e.AddName(Name{Full: " A ", Kind: Alias})
	e.AddName(Name{Full: "A", Kind: Primary})
	e.AddName(Name{Full: "", Kind: Primary})
	if len(e.Names) != 1 || e.Names[0].Kind != Primary || e.Caption() != "A" {
		t.Errorf("names %+v", e.Names)
	}
	e.AddIdentifier(Identifier{Type: Passport, Value: "X1"})
	e.AddIdentifier(Identifier{Type: Passport, Value: "X1"})
	if len(e.Identifiers) != 1 {
		t.Error("duplicate identifier")
	}
	for _, tc := range []struct {
		names []Name
		want  string
	}{
		{[]Name{{Full: "Владимир Путин", Kind: Primary}, {Full: "Vladimir PUTIN", Kind: Primary}}, "Vladimir PUTIN"},
		{[]Name{{Full: "ПАО «Промсвязьбанк»", Kind: Primary}, {Full: "Promsvyazbank PJSC", Kind: Alias}}, "Promsvyazbank PJSC"},
		{[]Name{{Full: "ПАО «Промсвязьбанк»", Kind: Primary}, {Full: "PSB", Kind: WeakAlias}}, "ПАО «Промсвязьбанк»"},
		{[]Name{{Full: "Bank Melli", Kind: Alias}, {Full: "Bank Melli Iran", Kind: Primary}}, "Bank Melli Iran"},
	} {
		x := &Entity{}
		for _, n := range tc.names {
			x.AddName(n)
		}
		if got := x.Caption(); got != tc.want {
			t.Errorf("Caption of %v = %q, want %q", tc.names, got, tc.want)
		}
	}
	w := &Entity{ID: "w"}
	w.AddIdentifier(Identifier{Type: CryptoAddress, Value: "1abc"})
	if w.Caption() != "1abc" {
		t.Errorf("wallet caption %q", w.Caption())
	}
}
