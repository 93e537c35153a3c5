package entity

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFtM(t *testing.T) {
	p := &Entity{
		Schema: Person,
		Names: []Name{
			{Full: "Vladimir PUTIN", Kind: Primary, Parts: []NamePart{{Given, "Vladimir"}, {Patronymic, "Vladimirovich"}, {Family, "PUTIN"}, {Other, "x"}}},
			{Full: "Владимир Путин", Kind: Primary},
			{Full: "Vladimir PUTIN", Kind: Primary},                           // repeated: kept once
			{Full: "Putin V.", Kind: Alias, Parts: []NamePart{{Given, "V."}}}, // parts of an alias are not FtM's
			{Full: "Vova", Kind: WeakAlias},
			{Full: "", Kind: FormerName}, // empty: left out
			{Full: "Unknown kind", Kind: NameKind(9)},
		},
		BirthDates:    []Date{{Year: 1952, Month: 10, Day: 7}},
		BirthPlaces:   []string{"Leningrad"},
		Gender:        "male",
		Nationalities: []string{"ru"},
		Countries:     []string{"ru"},
		Identifiers: []Identifier{
			{Type: Passport, Value: "100000001"},
			{Type: CryptoAddress, Value: "1abc", Currency: "XBT"},
			{Type: OtherID, Value: "X-1"},
			{Type: IDType("unheard_of"), Value: "X-2"},
		},
		Programs:  []string{"RUSSIA-EO14024"},
		Positions: []string{"President"},
		ListedOn:  "2022-02-25",
	}
	want := map[string][]string{
		"name": {"Vladimir PUTIN", "Владимир Путин"}, "alias": {"Putin V."}, "weakAlias": {"Vova"},
		"firstName": {"Vladimir"}, "fatherName": {"Vladimirovich"}, "lastName": {"PUTIN"},
		"birthDate": {"1952-10-07"}, "birthPlace": {"Leningrad"}, "gender": {"male"}, "nationality": {"ru"},
		"country": {"ru"}, "passportNumber": {"100000001"}, "publicKey": {"1abc"}, "currency": {"XBT"},
		"idNumber": {"X-1", "X-2"}, "program": {"RUSSIA-EO14024"}, "position": {"President"},
		"createdAt": {"2022-02-25"}, "topics": {"sanction"},
	}
	if diff := cmp.Diff(want, p.FtM()); diff != "" {
		t.Errorf("person (-want +got):\n%s", diff)
	}
	// the countries of a vessel are its flags, of an organisation its
	// jurisdictions
	for schema, k := range map[Schema]string{Vessel: "flag", Airplane: "flag", Company: "jurisdiction", Organization: "jurisdiction", CryptoWallet: "country"} {
		e := &Entity{Schema: schema, Countries: []string{"ir"}, Remarks: "r", Identifiers: []Identifier{{Type: IMO, Value: "IMO 9354521"}, {Type: BIC, Value: "BMJIIRTH"}}}
		want := map[string][]string{k: {"ir"}, "notes": {"r"}, "imoNumber": {"IMO 9354521"}, "swiftBic": {"BMJIIRTH"}, "topics": {"sanction"}}
		if diff := cmp.Diff(want, e.FtM()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", schema, diff)
		}
	}
}
