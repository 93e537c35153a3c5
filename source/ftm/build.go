package ftm

import (
	"fmt"
	"strings"

	"github.com/embargo/embargo/entity"
)

// partProps are the FtM name-part properties, in reading order.
var partProps = []struct {
	key string
	typ entity.PartType
}{
	{"title", entity.Title},
	{"firstName", entity.Given},
	{"secondName", entity.Middle},
	{"middleName", entity.Middle},
	{"fatherName", entity.Patronymic},
	{"lastName", entity.Family},
	{"nameSuffix", entity.Other},
}

func isPartProp(k string) bool {
	for _, pp := range partProps {
		if pp.key == k {
			return true
		}
	}
	return false
}

// build maps one FtM entity.
func (p *parser) build(r *raw, schema entity.Schema, mainDataset string) *entity.Entity {
	e := &entity.Entity{
		Schema:    schema,
		Sources:   []entity.Source{{List: p.list.ID, RecordID: r.id}},
		MergeKeys: []string{"ftm:" + r.id},
	}
	for _, ref := range r.referents {
		if k := "ftm:" + ref; ref != r.id && !contains(e.MergeKeys, k) {
			e.MergeKeys = append(e.MergeKeys, k)
		}
	}
	record := fmt.Sprintf("line %d, id %s", r.line, r.id)
	props := r.props

	// Names: the first "name" is the primary one; without any, the caption.
	for i, n := range props["name"] {
		kind := entity.Alias
		if i == 0 {
			kind = entity.Primary
		}
		e.AddName(entity.Name{Full: n, Kind: kind})
	}
	if len(props["name"]) == 0 && r.caption != "" {
		e.AddName(entity.Name{Full: r.caption, Kind: entity.Primary})
	}
	usedParts := false
	if schema == entity.Person {
		usedParts = p.nameParts(e, props)
	}
	for _, n := range props["alias"] {
		e.AddName(entity.Name{Full: n, Kind: entity.Alias})
	}
	for _, n := range props["weakAlias"] {
		e.AddName(entity.Name{Full: n, Kind: entity.WeakAlias})
	}
	for _, n := range props["abbreviation"] {
		e.AddName(entity.Name{Full: n, Kind: entity.WeakAlias})
	}
	for _, n := range props["previousName"] {
		e.AddName(entity.Name{Full: n, Kind: entity.FormerName})
	}

	var currency string
	if c := props["currency"]; len(c) > 0 {
		currency = strings.ToUpper(c[0])
	}
	for _, k := range r.order {
		vals := props[k]
		switch k {
		case "name", "alias", "weakAlias", "abbreviation", "previousName":
			// done above
		case "birthDate":
			for _, v := range vals {
				if d, ok := entity.ParseDate(v); ok {
					e.AddBirthDate(d)
				} else {
					e.AddProperty(k, v)
					p.note("date\x00"+v, "birth date %q not understood, kept in properties (first in %s)", v, record)
				}
			}
		case "birthPlace":
			for _, v := range vals {
				entity.AddString(&e.BirthPlaces, v)
			}
		case "gender":
			for _, v := range vals {
				if g := strings.ToLower(v); (g == "male" || g == "female") && e.Gender == "" {
					e.Gender = g
				} else if g != e.Gender {
					e.AddProperty(k, v)
				}
			}
		case "nationality":
			p.countries(e, &e.Nationalities, k, vals, record)
		case "citizenship":
			p.countries(e, &e.Citizenships, k, vals, record)
		case "country", "jurisdiction", "mainCountry":
			p.countries(e, &e.Countries, k, vals, record)
		case "flag":
			for _, v := range vals {
				e.AddProperty(k, v)
			}
			p.countries(e, &e.Countries, k, vals, record)
		case "publicKey":
			for _, v := range vals {
				e.AddIdentifier(entity.Identifier{Type: entity.CryptoAddress, Value: v, Currency: currency, Label: k})
			}
		case "currency":
			if len(props["publicKey"]) == 0 {
				for _, v := range vals {
					e.AddProperty(k, v)
				}
			}
		case "address":
			for _, v := range vals {
				addAddress(e, entity.Address{Full: v})
			}
		case "addressEntity":
			// folded from Address entities by finish
		case "program", "programId":
			for _, v := range vals {
				entity.AddString(&e.Programs, v)
			}
		case "notes":
			for _, v := range vals {
				if e.Remarks != "" {
					e.Remarks += "\n"
				}
				e.Remarks += v
			}
		case "position":
			for _, v := range vals {
				entity.AddString(&e.Positions, v)
			}
		case "createdAt", "listingDate":
			for _, v := range vals {
				if !listedOn(e, v) {
					e.AddProperty(k, v)
				}
			}
		default:
			if t, ok := idProps[k]; ok {
				for _, v := range vals {
					e.AddIdentifier(entity.Identifier{Type: t, Value: v, Label: k})
				}
				continue
			}
			if isPartProp(k) && usedParts {
				continue
			}
			for _, v := range vals {
				e.AddProperty(k, v)
			}
		}
	}
	if ds := r.datasets; len(ds) > 1 || (len(ds) == 1 && ds[0] != mainDataset) {
		for _, d := range ds {
			e.AddProperty("datasets", d)
		}
	}
	if r.target != nil && !*r.target {
		e.AddProperty("target", "false")
	}
	return e
}

// listedOn sets e.ListedOn to the ISO date in v when it is earlier; it
// reports whether v was a usable date.
func listedOn(e *entity.Entity, v string) bool {
	d, ok := entity.ParseDate(v)
	if !ok || d.Circa || d.ToYear != 0 {
		return false
	}
	s := d.String()
	if e.ListedOn == "" || s < e.ListedOn {
		e.ListedOn = s
	}
	return true
}

// countries adds the ISO codes among vals to dst; values that are not
// countries (FtM's "eu", "zz", free text) are kept in Properties[key].
func (p *parser) countries(e *entity.Entity, dst *[]string, key string, vals []string, record string) {
	for _, v := range vals {
		if c, ok := entity.CountryCode(v); ok {
			entity.AddCountry(dst, c)
			continue
		}
		e.AddProperty(key, v)
		p.note("country\x00"+key+"\x00"+v, "%s %q is not a known country; kept in properties (first in %s)", key, v, record)
	}
}

func foldKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// nameParts attaches structured parts to a person's name when every part
// property has at most one value, so that one name can be built from them.
// The parts go to the listed name they spell (with or without the
// patronymic: FtM's fatherName is not always part of the written name); a
// person with no name at all gets the built name as primary. It reports
// whether the parts were used.
func (p *parser) nameParts(e *entity.Entity, props map[string][]string) bool {
	var parts []entity.NamePart
	have := false
	for _, pp := range partProps {
		vals := props[pp.key]
		if len(vals) > 1 {
			return false
		}
		if len(vals) == 1 {
			parts = append(parts, entity.NamePart{Type: pp.typ, Value: vals[0]})
			if pp.typ == entity.Given || pp.typ == entity.Family {
				have = true
			}
		}
	}
	if !have {
		return false
	}
	full := func(withPatronymic bool) (string, []entity.NamePart) {
		var words []string
		var ps []entity.NamePart
		for _, x := range parts {
			if x.Type == entity.Patronymic && !withPatronymic {
				continue
			}
			ps = append(ps, x)
			if x.Type != entity.Title {
				words = append(words, x.Value)
			}
		}
		return strings.Join(words, " "), ps
	}
	withP, partsP := full(true)
	without, partsNoP := full(false)
	if len(e.Names) == 0 {
		e.AddName(entity.Name{Full: withP, Kind: entity.Primary, Parts: partsP})
		return true
	}
	used := false
	kp, kn := foldKey(withP), foldKey(without)
	for i := range e.Names {
		n := &e.Names[i]
		if len(n.Parts) > 0 {
			continue
		}
		switch foldKey(n.Full) {
		case kp:
			n.Parts, used = partsP, true
		case kn:
			n.Parts, used = partsNoP, true
		}
	}
	return used
}

// addAddress appends a unless an address with the same full text is there.
func addAddress(e *entity.Entity, a entity.Address) {
	a.Full = strings.TrimSpace(a.Full)
	if a.Full == "" {
		return
	}
	for _, x := range e.Addresses {
		if x.Full == a.Full {
			return
		}
	}
	e.Addresses = append(e.Addresses, a)
}

func first(vals []string) string {
	if len(vals) > 0 {
		return vals[0]
	}
	return ""
}

// foldAddress adds an FtM Address entity to e: it completes the address with
// the same full text, or adds it.
func (p *parser) foldAddress(e *entity.Entity, x *raw) {
	fulls := x.props["full"]
	var country string
	for _, c := range x.props["country"] {
		if code, ok := entity.CountryCode(c); ok {
			country = code
			break
		}
	}
	a := entity.Address{
		Street:     first(x.props["street"]),
		City:       first(x.props["city"]),
		Region:     first(x.props["region"]),
		PostalCode: first(x.props["postalCode"]),
		Country:    country,
	}
	for i := range e.Addresses {
		if contains(fulls, e.Addresses[i].Full) {
			ea := &e.Addresses[i]
			if ea.Street == "" && ea.City == "" && ea.Region == "" && ea.PostalCode == "" {
				ea.Street, ea.City, ea.Region, ea.PostalCode = a.Street, a.City, a.Region, a.PostalCode
			}
			if ea.Country == "" {
				ea.Country = a.Country
			}
			return
		}
	}
	a.Full = first(fulls)
	if a.Full == "" {
		a.Full = x.caption
	}
	if a.Full == "" {
		var ps []string
		for _, s := range []string{a.Street, a.City, a.Region, a.PostalCode, first(x.props["country"])} {
			if s != "" {
				ps = append(ps, s)
			}
		}
		a.Full = strings.Join(ps, ", ")
	}
	addAddress(e, a)
}

// foldSanction adds the programs and listing date of an FtM Sanction.
func (p *parser) foldSanction(e *entity.Entity, x *raw) {
	progs := x.props["programId"]
	if len(progs) == 0 {
		progs = x.props["program"]
	}
	for _, v := range progs {
		entity.AddString(&e.Programs, v)
	}
	for _, k := range []string{"listingDate", "startDate"} {
		for _, v := range x.props[k] {
			listedOn(e, v)
		}
	}
	for _, v := range x.props["authority"] {
		e.AddProperty("sanctionAuthority", v)
	}
}

// foldIdentification adds the number of an FtM Passport or Identification.
func (p *parser) foldIdentification(e *entity.Entity, x *raw) {
	t, label := entity.OtherID, first(x.props["type"])
	if x.schema == "Passport" {
		t = entity.Passport
	}
	if label == "" {
		label = x.schema
	}
	var country string
	for _, c := range x.props["country"] {
		if code, ok := entity.CountryCode(c); ok {
			country = code
			break
		}
	}
	for _, k := range []string{"number", "passportNumber"} {
		for _, v := range x.props[k] {
			e.AddIdentifier(entity.Identifier{Type: t, Value: v, Country: country, Label: label})
		}
	}
}
