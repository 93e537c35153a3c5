package screen

import "strings"

// ftmNameProps are FollowTheMoney properties that hold names.
var ftmNameProps = []string{"name", "alias", "weakAlias", "previousName", "abbreviation"}

// ftmIDProps are FollowTheMoney properties that hold identifiers.
var ftmIDProps = []string{"passportNumber", "idNumber", "taxNumber", "registrationNumber", "imoNumber", "mmsi",
	"swiftBic", "bicCode", "leiCode", "isinCode", "publicKey", "innCode", "ogrnCode", "okpoCode", "vatCode",
	"dunsCode", "ricCode", "callSign", "serialNumber", "accountNumber", "iban"}

// PartyFromFtM reads a party from FollowTheMoney-style properties, as sent
// to yente's matching API or in the "properties" of a screening request:
// names (name, alias, weakAlias, previousName, and firstName/middleName/
// fatherName/lastName combined), birthDate, nationality, citizenship,
// country, jurisdiction, identifiers (passportNumber, idNumber, imoNumber,
// swiftBic, publicKey, …) and gender. Unknown properties are ignored.
func PartyFromFtM(schema string, props map[string][]string) Party {
	p := Party{Schema: schema}
	get := func(k string) []string {
		var out []string
		for _, v := range props[k] {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	for _, k := range ftmNameProps {
		p.Names = append(p.Names, get(k)...)
	}
	var parts []string
	for _, k := range []string{"firstName", "secondName", "middleName", "fatherName", "lastName"} {
		if v := get(k); len(v) > 0 {
			parts = append(parts, v[0])
		}
	}
	if len(parts) > 0 {
		p.Names = append(p.Names, strings.Join(parts, " "))
	}
	if len(p.Names) > 0 {
		p.Name, p.Names = p.Names[0], p.Names[1:]
	}
	p.DOB = append(p.DOB, get("birthDate")...)
	for _, k := range []string{"nationality", "citizenship", "country", "jurisdiction", "mainCountry", "flag"} {
		p.Country = append(p.Country, get(k)...)
	}
	for _, k := range ftmIDProps {
		p.ID = append(p.ID, get(k)...)
	}
	if g := get("gender"); len(g) > 0 {
		p.Gender = g[0]
	}
	return p
}
