package entity

// ftmNameProps is the FtM property of each NameKind, by index.
var ftmNameProps = [...]string{Primary: "name", Alias: "alias", WeakAlias: "weakAlias", FormerName: "previousName"}

// ftmPartProps is the FtM property of each name part of a primary name;
// Other parts have none.
var ftmPartProps = map[PartType]string{
	Given: "firstName", Middle: "middleName", Family: "lastName", Patronymic: "fatherName", Title: "title",
}

// ftmIDProps is the FtM property of each identifier type; any other type
// is an idNumber.
var ftmIDProps = map[IDType]string{
	Passport: "passportNumber", NationalID: "idNumber", TaxID: "taxNumber", Registration: "registrationNumber",
	IMO: "imoNumber", MMSI: "mmsi", BIC: "swiftBic", LEI: "leiCode", ISIN: "isinCode", CryptoAddress: "publicKey",
	Email: "email", Website: "website", Phone: "phone",
}

// FtM renders the entity as FollowTheMoney properties: every value a list
// of strings, property names as in FtM's schemata (name, alias, weakAlias,
// previousName, birthDate, nationality, passportNumber, imoNumber, swiftBic,
// publicKey, …). Empty properties are left out.
func (e *Entity) FtM() map[string][]string {
	p := map[string][]string{}
	add := func(k, v string) {
		if v == "" {
			return
		}
		for _, x := range p[k] {
			if x == v {
				return
			}
		}
		p[k] = append(p[k], v)
	}
	for _, n := range e.Names {
		if int(n.Kind) < len(ftmNameProps) {
			add(ftmNameProps[n.Kind], n.Full)
		}
		if n.Kind == Primary {
			for _, part := range n.Parts {
				if k, ok := ftmPartProps[part.Type]; ok {
					add(k, part.Value)
				}
			}
		}
	}
	for _, d := range e.BirthDates {
		add("birthDate", d.String())
	}
	for _, v := range e.BirthPlaces {
		add("birthPlace", v)
	}
	add("gender", e.Gender)
	for _, c := range e.Nationalities {
		add("nationality", c)
	}
	for _, c := range e.Citizenships {
		add("citizenship", c)
	}
	country := "country"
	if e.Schema == Vessel || e.Schema == Airplane {
		country = "flag"
	} else if e.Schema.IsOrg() {
		country = "jurisdiction"
	}
	for _, c := range e.Countries {
		add(country, c)
	}
	for _, id := range e.Identifiers {
		k, ok := ftmIDProps[id.Type]
		if !ok {
			k = "idNumber"
		}
		add(k, id.Value)
		if id.Type == CryptoAddress {
			add("currency", id.Currency)
		}
	}
	for _, a := range e.Addresses {
		add("address", a.Full)
	}
	for _, v := range e.Programs {
		add("program", v)
	}
	for _, v := range e.Positions {
		add("position", v)
	}
	add("notes", e.Remarks)
	add("createdAt", e.ListedOn)
	add("topics", "sanction")
	return p
}
