package entity

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
		switch n.Kind {
		case Primary:
			add("name", n.Full)
		case Alias:
			add("alias", n.Full)
		case WeakAlias:
			add("weakAlias", n.Full)
		case FormerName:
			add("previousName", n.Full)
		}
		if n.Kind == Primary {
			for _, part := range n.Parts {
				switch part.Type {
				case Given:
					add("firstName", part.Value)
				case Middle:
					add("middleName", part.Value)
				case Family:
					add("lastName", part.Value)
				case Patronymic:
					add("fatherName", part.Value)
				case Title:
					add("title", part.Value)
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
		switch id.Type {
		case Passport:
			add("passportNumber", id.Value)
		case NationalID:
			add("idNumber", id.Value)
		case TaxID:
			add("taxNumber", id.Value)
		case Registration:
			add("registrationNumber", id.Value)
		case IMO:
			add("imoNumber", id.Value)
		case MMSI:
			add("mmsi", id.Value)
		case BIC:
			add("swiftBic", id.Value)
		case LEI:
			add("leiCode", id.Value)
		case ISIN:
			add("isinCode", id.Value)
		case CryptoAddress:
			add("publicKey", id.Value)
			add("currency", id.Currency)
		case Email:
			add("email", id.Value)
		case Website:
			add("website", id.Value)
		case Phone:
			add("phone", id.Value)
		default:
			add("idNumber", id.Value)
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
