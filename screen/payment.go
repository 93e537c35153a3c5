package screen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/match"
	"github.com/embargo/embargo/names"
	"github.com/embargo/embargo/payment"
	"github.com/embargo/embargo/text"
)

// Embargo is a jurisdiction under a comprehensive (territorial) programme:
// a whole country, or a region of one, recognised in addresses by its
// place names.
type Embargo struct {
	Country   string   `json:"country"`          // ISO 3166-1 alpha-2, lower case
	Region    string   `json:"region,omitempty"` // a region of the country, when not all of it
	Places    []string `json:"places,omitempty"` // place names that put an address in the region
	Programme string   `json:"programme"`
	Note      string   `json:"note,omitempty"`
}

// Embargoes is a dated list of embargoed jurisdictions.
type Embargoes struct {
	AsOf  string    `json:"as_of"`
	Items []Embargo `json:"embargoes"`
}

// DefaultEmbargoes are the long-standing comprehensive programmes as of the
// date given. Programmes change (the US lifted most of its Syria sanctions
// in 2025, so Syria is not here): load your own list with LoadEmbargoes.
var DefaultEmbargoes = Embargoes{AsOf: "2026-11-29", Items: []Embargo{
	{Country: "cu", Programme: "Cuba (US Cuban Assets Control Regulations, 31 CFR 515)"},
	{Country: "ir", Programme: "Iran (US Iranian Transactions and Sanctions Regulations, 31 CFR 560)"},
	{Country: "kp", Programme: "North Korea (US North Korea Sanctions Regulations, 31 CFR 510; UN Security Council resolutions)"},
	{Country: "ua", Region: "Crimea", Programme: "Crimea region of Ukraine (US EO 13685; EU Regulation 692/2014; UK)",
		Places: []string{"crimea", "crimean", "krym", "krim", "sevastopol", "simferopol", "kerch", "yalta", "feodosia", "feodosiya", "yevpatoria", "evpatoria", "dzhankoi", "ua-43", "ua-40"}},
	{Country: "ua", Region: "Donetsk", Programme: "so-called Donetsk People's Republic (US EO 14065; EU Regulation 2022/263; UK)",
		Places: []string{"donetsk", "dnr", "makiivka", "makeevka", "horlivka", "gorlovka", "yenakiieve", "khartsyzk", "ua-14"}},
	{Country: "ua", Region: "Luhansk", Programme: "so-called Luhansk People's Republic (US EO 14065; EU Regulation 2022/263; UK)",
		Places: []string{"luhansk", "lugansk", "lnr", "alchevsk", "krasnodon", "sorokyne", "antratsyt", "ua-09"}},
}}

// LoadEmbargoes reads an embargo list from a JSON file shaped like
// DefaultEmbargoes ({"as_of": …, "embargoes": [{"country", "region",
// "places", "programme"}]}); it reports every problem at once.
func LoadEmbargoes(path string) (Embargoes, error) {
	var e Embargoes
	b, err := os.ReadFile(path)
	if err != nil {
		return e, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return e, fmt.Errorf("%s: %w", path, err)
	}
	var probs []string
	for i, it := range e.Items {
		c, ok := entity.CountryCode(it.Country)
		if !ok {
			probs = append(probs, fmt.Sprintf("embargoes[%d]: unknown country %q", i, it.Country))
		}
		e.Items[i].Country = c
		if it.Programme == "" {
			probs = append(probs, fmt.Sprintf("embargoes[%d]: programme is required", i))
		}
		for j, p := range it.Places {
			e.Items[i].Places[j] = names.Fold(p)
		}
	}
	if len(e.Items) == 0 {
		probs = append(probs, "no embargoes listed")
	}
	if len(probs) > 0 {
		return e, fmt.Errorf("%s: %s", path, strings.Join(probs, "; "))
	}
	return e, nil
}

// PaymentOptions tune ScreenPayment.
type PaymentOptions struct {
	Threshold float64
	Embargoes *Embargoes // nil: DefaultEmbargoes
}

// PaymentParty is a party of the message with its hits.
type PaymentParty struct {
	Path    string `json:"path"`
	Role    string `json:"role"`
	Kind    string `json:"kind"`
	Name    string `json:"name,omitempty"`
	Country string `json:"country,omitempty"`
	BIC     string `json:"bic,omitempty"`
	Hits    []Hit  `json:"hits"`
	Error   string `json:"error,omitempty"` // the party could not be screened (e.g. no name or identifier)
}

// PaymentCountry is a country or embargoed region found in the message.
type PaymentCountry struct {
	Path      string `json:"path"`
	Country   string `json:"country"`
	Region    string `json:"region,omitempty"`
	Embargoed bool   `json:"embargoed"`
	Programme string `json:"programme,omitempty"`
}

// PaymentText is a free-text field with its mentions.
type PaymentText struct {
	Path     string    `json:"path"`
	Role     string    `json:"role"`
	Mentions []Mention `json:"mentions"`
}

// PaymentResult is the answer for a payment message. Its JSON is the
// contract of `embargo payment --json` and POST /v1/payments.
type PaymentResult struct {
	Decision       string           `json:"decision"` // "pass" or "hold"
	Reasons        []string         `json:"reasons"`  // why it is held, one line per cause
	MessageType    string           `json:"message_type"`
	MessageID      string           `json:"message_id"`
	Parties        []PaymentParty   `json:"parties"`
	Countries      []PaymentCountry `json:"countries"`
	Texts          []PaymentText    `json:"texts"`
	Threshold      float64          `json:"threshold"`
	DatasetVersion string           `json:"dataset_version"`
	Algorithm      string           `json:"algorithm"`
	Versions       Versions         `json:"versions"`
	EmbargoesAsOf  string           `json:"embargoes_as_of"`
}

// Decisions.
const (
	Pass = "pass"
	Hold = "hold"
)

// ScreenPayment screens every party, agent and free-text field of a parsed
// payment message and checks every country against the embargoed
// jurisdictions. The message is held when any party or text matches a
// listed party or any country or place is embargoed.
func (s *Service) ScreenPayment(m *payment.Message, opt PaymentOptions) (*PaymentResult, error) {
	threshold, err := s.Threshold(Algorithm, opt.Threshold)
	if err != nil {
		return nil, err
	}
	emb := opt.Embargoes
	if emb == nil {
		emb = &DefaultEmbargoes
	}
	res := &PaymentResult{Decision: Pass, Reasons: []string{}, MessageType: m.Type, MessageID: m.ID, Parties: []PaymentParty{},
		Countries: []PaymentCountry{}, Texts: []PaymentText{}, Threshold: threshold, DatasetVersion: s.Snapshot.Version,
		Algorithm: Algorithm, Versions: CurrentVersions(), EmbargoesAsOf: emb.AsOf}
	hold := func(format string, args ...any) {
		res.Decision = Hold
		res.Reasons = append(res.Reasons, fmt.Sprintf(format, args...))
	}

	for _, p := range m.Parties {
		pp := PaymentParty{Path: p.Path, Role: string(p.Role), Kind: p.Kind, Name: p.Name, Country: p.Country, BIC: p.BIC, Hits: []Hit{}}
		q := partyQuery(&p)
		if len(q.Names) == 0 && len(q.Identifiers) == 0 {
			// nothing to screen it by: a gap, not a pass
			pp.Error = "no name, BIC or identifier to screen"
			hold("%s %s could not be screened: %s", p.Role, p.Path, pp.Error)
			res.Parties = append(res.Parties, pp)
			continue
		}
		r, err := s.Screen(Request{Query: q, Threshold: threshold})
		if err != nil {
			pp.Error = strings.TrimPrefix(err.Error(), ErrQuery.Error()+": ")
			// a party that cannot be screened is not passed silently
			hold("%s %s (%s) could not be screened: %s", p.Role, p.Path, p.Name, pp.Error)
			res.Parties = append(res.Parties, pp)
			continue
		}
		pp.Hits = r.Hits
		for _, h := range r.Hits {
			if h.Match {
				hold("%s %q at %s matches %s (%s, %.2f)", p.Role, displayName(&p), p.Path, h.Caption, h.ID, h.Score)
				break
			}
		}
		res.Parties = append(res.Parties, pp)

		// embargoed regions named in the address
		for _, e := range emb.Items {
			if e.Region == "" || !inRegion(&p, e) {
				continue
			}
			res.Countries = append(res.Countries, PaymentCountry{Path: p.Path, Country: e.Country, Region: e.Region, Embargoed: true, Programme: e.Programme})
			hold("%s %s has an address in %s (%s)", p.Role, p.Path, e.Region, e.Programme)
		}
	}

	// every country code in the message
	seen := map[string]bool{}
	for _, c := range m.Countries {
		code := c.Country
		if len(code) != 2 {
			if cc, ok := entity.CountryCode(code); ok {
				code = cc
			}
		}
		k := c.Path + "\x00" + code
		if seen[k] {
			continue
		}
		seen[k] = true
		pc := PaymentCountry{Path: c.Path, Country: code}
		for _, e := range emb.Items {
			if e.Region == "" && e.Country == code {
				pc.Embargoed, pc.Programme = true, e.Programme
				hold("country %s at %s is embargoed (%s)", strings.ToUpper(code), c.Path, e.Programme)
				break
			}
		}
		res.Countries = append(res.Countries, pc)
	}

	// free text: remittance information, sender-to-receiver instructions
	for _, t := range m.Texts {
		tr, err := s.ScreenText(t.Text, TextOptions{Threshold: threshold, Format: text.Plain})
		if err != nil {
			return nil, err
		}
		pt := PaymentText{Path: t.Path, Role: t.Role, Mentions: tr.Mentions}
		for _, mm := range tr.Mentions {
			if mm.Match {
				hold("%s text at %s mentions %s (%s, %.2f)", t.Role, t.Path, mm.Caption, mm.ID, mm.Score)
			}
		}
		// embargoed places named in free text ("CRIMEA", "SEVASTOPOL")
		for _, e := range emb.Items {
			if e.Region != "" && mentionsPlace(t.Text, e.Places) {
				res.Countries = append(res.Countries, PaymentCountry{Path: t.Path, Country: e.Country, Region: e.Region, Embargoed: true, Programme: e.Programme})
				hold("%s text at %s names %s (%s)", t.Role, t.Path, e.Region, e.Programme)
			}
		}
		res.Texts = append(res.Texts, pt)
	}
	sort.SliceStable(res.Countries, func(i, j int) bool { return res.Countries[i].Embargoed && !res.Countries[j].Embargoed })
	return res, nil
}

func displayName(p *payment.Party) string {
	if p.Name != "" {
		return p.Name
	}
	return p.BIC
}

// partyQuery turns a message party into a screening query. Agents are
// organisations identified by their BIC (and LEI); a listed bank's exact
// BIC matches on its own.
func partyQuery(p *payment.Party) match.Query {
	var q match.Query
	if n := strings.TrimSpace(p.Name); n != "" && names.Fold(n) != "" {
		if len([]rune(n)) > MaxNameRunes {
			n = string([]rune(n)[:MaxNameRunes])
		}
		q.Names = []string{n}
	}
	if p.AccountName != "" && p.AccountName != p.Name && names.Fold(p.AccountName) != "" {
		q.Names = append(q.Names, p.AccountName)
	}
	if p.Kind == payment.KindAgent {
		q.Schema = entity.Organization
	}
	if bic := strings.ToUpper(strings.TrimSpace(p.BIC)); len(bic) >= 8 {
		// listed BICs are written with 8 or 11 characters
		q.Identifiers = append(q.Identifiers, bic, bic[:8])
		if len(bic) == 8 {
			q.Identifiers = append(q.Identifiers, bic+"XXX")
		}
	}
	if p.LEI != "" {
		q.Identifiers = append(q.Identifiers, p.LEI)
	}
	for _, id := range p.IDs {
		if len(id.Value) >= 5 {
			q.Identifiers = append(q.Identifiers, id.Value)
		}
	}
	// Countries that describe the party itself are evidence; the country of
	// its account (IBAN) or of its bank (BIC) is not: a Russian national
	// may bank in Germany. An agent's BIC country is where the bank is.
	own := []string{p.Country, p.BirthCountry}
	for _, id := range p.IDs {
		own = append(own, id.Country)
	}
	if p.Kind == payment.KindAgent && len(p.BIC) >= 6 {
		own = append(own, p.BIC[4:6])
	}
	for _, c := range own {
		if c == "" {
			continue
		}
		if code, ok := entity.CountryCode(c); ok && !slices.Contains(q.Countries, code) {
			q.Countries = append(q.Countries, code)
		}
	}
	if d, ok := entity.ParseDate(p.BirthDate); ok && p.BirthDate != "" {
		q.BirthDates = []entity.Date{d}
	}
	return q
}

// inRegion reports whether a party's address is in an embargoed region:
// its subdivision, town or address lines name one of the region's places.
func inRegion(p *payment.Party, e Embargo) bool {
	if p.Country != "" && !strings.EqualFold(p.Country, e.Country) && p.Country != "ru" {
		// Russia's authorities write Crimean addresses as Russian
		return false
	}
	fields := append([]string{p.Subdivision, p.TownName}, p.Address...)
	for _, f := range fields {
		if mentionsPlace(f, e.Places) {
			return true
		}
	}
	return false
}

func mentionsPlace(s string, places []string) bool {
	if s == "" {
		return false
	}
	f := " " + names.Fold(s) + " "
	for _, p := range places {
		// places are matched as whole words; "UA-43" folds to "ua 43"
		if fp := names.Fold(p); fp != "" && strings.Contains(f, " "+fp+" ") {
			return true
		}
	}
	return false
}
