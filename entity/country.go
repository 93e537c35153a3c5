package entity

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/unicode/norm"
)

// countryAliases maps names, demonyms and list-specific spellings that the
// CLDR English names do not cover to ISO 3166-1 alpha-2 codes. Keys are in
// the folded form produced by foldCountry.
var countryAliases = map[string]string{
	// demonyms used as nationalities by OFAC, UN and UK lists
	"afghan": "af", "albanian": "al", "algerian": "dz", "american": "us", "angolan": "ao",
	"argentine": "ar", "argentinian": "ar", "armenian": "am", "australian": "au", "austrian": "at",
	"azerbaijani": "az", "bahraini": "bh", "bangladeshi": "bd", "belarusian": "by", "belarussian": "by",
	"belgian": "be", "bosnian": "ba", "brazilian": "br", "british": "gb", "bulgarian": "bg",
	"burmese": "mm", "burundian": "bi", "cambodian": "kh", "cameroonian": "cm", "canadian": "ca",
	"central african": "cf", "chadian": "td", "chilean": "cl", "chinese": "cn", "colombian": "co",
	"congolese": "cd", "croatian": "hr", "cuban": "cu", "cypriot": "cy", "czech": "cz", "danish": "dk",
	"djiboutian": "dj", "dutch": "nl", "ecuadorian": "ec", "egyptian": "eg", "emirati": "ae",
	"eritrean": "er", "estonian": "ee", "ethiopian": "et", "filipino": "ph", "finnish": "fi",
	"french": "fr", "gambian": "gm", "georgian": "ge", "german": "de", "ghanaian": "gh", "greek": "gr",
	"guinean": "gn", "haitian": "ht", "honduran": "hn", "hungarian": "hu", "indian": "in",
	"indonesian": "id", "iranian": "ir", "iraqi": "iq", "irish": "ie", "israeli": "il", "italian": "it",
	"ivorian": "ci", "jamaican": "jm", "japanese": "jp", "jordanian": "jo", "kazakh": "kz",
	"kazakhstani": "kz", "kenyan": "ke", "kosovar": "xk", "kuwaiti": "kw", "kyrgyz": "kg", "lao": "la",
	"laotian": "la", "latvian": "lv", "lebanese": "lb", "liberian": "lr", "libyan": "ly",
	"lithuanian": "lt", "macedonian": "mk", "malaysian": "my", "malian": "ml", "maltese": "mt",
	"mauritanian": "mr", "mexican": "mx", "moldovan": "md", "mongolian": "mn", "montenegrin": "me",
	"moroccan": "ma", "mozambican": "mz", "namibian": "na", "nepalese": "np", "nicaraguan": "ni",
	"nigerian": "ng", "nigerien": "ne", "north korean": "kp", "norwegian": "no", "omani": "om",
	"pakistani": "pk", "palestinian": "ps", "panamanian": "pa", "paraguayan": "py", "peruvian": "pe",
	"polish": "pl", "portuguese": "pt", "qatari": "qa", "romanian": "ro", "russian": "ru",
	"rwandan": "rw", "saudi": "sa", "saudi arabian": "sa", "senegalese": "sn", "serbian": "rs",
	"sierra leonean": "sl", "singaporean": "sg", "slovak": "sk", "slovenian": "si", "somali": "so",
	"south african": "za", "south korean": "kr", "south sudanese": "ss", "spanish": "es",
	"sri lankan": "lk", "sudanese": "sd", "swedish": "se", "swiss": "ch", "syrian": "sy",
	"taiwanese": "tw", "tajik": "tj", "tanzanian": "tz", "thai": "th", "tunisian": "tn",
	"turkish": "tr", "turkmen": "tm", "ugandan": "ug", "ukrainian": "ua", "uruguayan": "uy",
	"uzbek": "uz", "venezuelan": "ve", "vietnamese": "vn", "yemeni": "ye", "zambian": "zm",
	"zimbabwean": "zw", "trinidadian": "tt", "uae": "ae",
	// official and list-specific names
	"russian federation": "ru", "iran islamic republic of": "ir", "islamic republic of iran": "ir",
	"syrian arab republic": "sy", "democratic peoples republic of korea": "kp",
	"korea democratic peoples republic of": "kp", "korea north": "kp", "dprk": "kp",
	"republic of korea": "kr", "korea south": "kr", "korea republic of": "kr", "korea": "kr",
	"democratic republic of the congo": "cd", "congo democratic republic of the": "cd",
	"congo democratic republic": "cd", "drc": "cd", "republic of the congo": "cg", "congo republic of the": "cg",
	"congo": "cg", "congo brazzaville": "cg", "congo kinshasa": "cd",
	"burma": "mm", "myanmar": "mm", "lao peoples democratic republic": "la", "laos": "la",
	"viet nam": "vn", "vietnam": "vn", "bolivia plurinational state of": "bo", "venezuela bolivarian republic of": "ve",
	"tanzania united republic of": "tz", "united republic of tanzania": "tz", "moldova republic of": "md",
	"republic of moldova": "md", "macedonia": "mk", "the former yugoslav republic of macedonia": "mk",
	"north macedonia": "mk", "united kingdom": "gb", "uk": "gb", "great britain": "gb",
	"united kingdom of great britain and northern ireland": "gb", "england": "gb", "scotland": "gb",
	"united states": "us", "united states of america": "us", "usa": "us", "us": "us",
	"palestinian territories": "ps", "palestine": "ps", "state of palestine": "ps", "west bank": "ps",
	"gaza": "ps", "gaza strip": "ps", "occupied palestinian territory": "ps",
	"cote divoire": "ci", "ivory coast": "ci", "bahamas the": "bs", "the bahamas": "bs",
	"gambia the": "gm", "the gambia": "gm", "turkiye": "tr", "turkey": "tr", "czech republic": "cz",
	"czechia": "cz", "swaziland": "sz", "eswatini": "sz", "cabo verde": "cv", "cape verde": "cv",
	"timor leste": "tl", "east timor": "tl", "holy see": "va", "vatican": "va",
	"micronesia federated states of": "fm", "brunei darussalam": "bn", "libyan arab jamahiriya": "ly",
	"kyrgyz republic": "kg", "slovak republic": "sk", "hong kong": "hk", "macau": "mo", "macao": "mo",
	"taiwan": "tw", "taiwan province of china": "tw", "region: crimea": "ua", "crimea": "ua",
	"sevastopol": "ua", "kosovo": "xk", "netherlands the": "nl", "the netherlands": "nl",
	"british virgin islands": "vg", "virgin islands british": "vg", "united arab emirates": "ae",
	"saint kitts and nevis": "kn", "st kitts and nevis": "kn", "saint vincent and the grenadines": "vc",
	"saint lucia": "lc", "sao tome and principe": "st", "curacao": "cw", "sint maarten": "sx",
	"bosnia and herzegovina": "ba", "bosnia herzegovina": "ba", "serbia and montenegro": "rs",
	"yugoslavia": "rs", "soviet union": "ru", "ussr": "ru", "zaire": "cd", "rhodesia": "zw",
	"west germany": "de", "east germany": "de", "german democratic republic": "de",
	"guinea bissau": "gw", "equatorial guinea": "gq", "papua new guinea": "pg", "south sudan": "ss",
	"north korea": "kp", "south korea": "kr", "marshall islands": "mh", "isle of man": "im",
	"jersey": "je", "guernsey": "gg", "cayman islands": "ky", "panama canal zone": "pa",
	"china hong kong special administrative region": "hk", "hong kong special administrative region": "hk",
	"hong kong sar": "hk", "china macao special administrative region": "mo", "macao sar": "mo",
	"trinidad and tobago": "tt", "st vincent and the grenadines": "vc", "man isle of": "im",
	"north macedonia the republic of": "mk", "macedonia the former yugoslav republic of": "mk",
	"cote d ivoire": "ci", "region gaza": "ps", "region west bank": "ps", "st kitts": "kn", "st lucia": "lc", "antigua and barbuda": "ag", "saint pierre and miquelon": "pm",
	"turks and caicos islands": "tc", "heard and mcdonald islands": "hm", "wallis and futuna": "wf",
	"ukraine": "ua", "belarus": "by", "kazakhstan": "kz", "uzbekistan": "uz",
}

var (
	countryOnce  sync.Once
	countryNames map[string]string // folded name -> code
	countryCodes map[string]bool   // known lower-case alpha-2 codes
)

func loadCountries() {
	countryNames = make(map[string]string, 600)
	countryCodes = make(map[string]bool, 260)
	namer := display.English.Regions()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || r.String() != code || r.Canonicalize().String() != code {
				continue // not a country, or withdrawn (FX, PZ, DY, HV …)
			}
			lc := strings.ToLower(code)
			countryCodes[lc] = true
			name := namer.Name(r)
			if name == "" {
				continue
			}
			countryNames[foldCountry(name)] = lc
			// "Myanmar (Burma)", "Congo - Kinshasa": also register the part before
			// the bracket or dash.
			if i := strings.IndexAny(name, "(-"); i > 0 {
				short := foldCountry(name[:i])
				if _, ok := countryNames[short]; !ok {
					countryNames[short] = lc
				}
			}
		}
	}
	countryCodes["xk"] = true // Kosovo, user-assigned but used by every list
	for k, v := range countryAliases {
		countryNames[foldCountry(k)] = v
	}
}

// foldCountry lower-cases, strips accents and punctuation and collapses
// spaces, so that "Côte d'Ivoire" and "COTE D IVOIRE" fold alike.
func foldCountry(s string) string {
	s = norm.NFKD.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’', r == '.':
			continue
		case r == '&':
			if b.Len() > 0 {
				b.WriteString(" and")
			}
			space = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}

// CountryCode returns the lower-case ISO 3166-1 alpha-2 code for a country
// name, demonym or code as lists write them ("Russia", "Russian", "RU",
// "Iran (Islamic Republic of)", "Korea, North"). ok is false when the text is
// not recognised.
func CountryCode(s string) (code string, ok bool) {
	countryOnce.Do(loadCountries)
	f := foldCountry(s)
	if f == "" {
		return "", false
	}
	if len(f) == 2 && countryCodes[f] {
		return f, true
	}
	if len(f) == 3 {
		if r, err := language.ParseRegion(strings.ToUpper(f)); err == nil && r.IsCountry() {
			c := strings.ToLower(r.String())
			if countryCodes[c] {
				return c, true
			}
		}
	}
	if c, ok := countryNames[f]; ok {
		return c, true
	}
	// "the Netherlands", "Republic of Iraq", "former Soviet Union"
	for _, p := range []string{"the ", "republic of ", "former "} {
		if strings.HasPrefix(f, p) {
			if c, ok := countryNames[f[len(p):]]; ok {
				return c, true
			}
		}
	}
	return "", false
}

// CountryName returns the English name of a lower-case ISO code, or the code
// itself when unknown.
func CountryName(code string) string {
	r, err := language.ParseRegion(strings.ToUpper(code))
	if err != nil {
		return code
	}
	if n := display.English.Regions().Name(r); n != "" {
		return n
	}
	return code
}

// IsCountryCode reports whether s is a known lower-case alpha-2 code.
func IsCountryCode(s string) bool {
	countryOnce.Do(loadCountries)
	return countryCodes[s]
}

// Countries splits a list owner's field that may hold several countries
// ("(1) Russia (2) Israel", "CA; SD", "Russia, Ukraine") and returns the codes
// it recognises, in order, without repeats, plus the parts it did not.
func Countries(s string) (codes []string, unknown []string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if c, ok := CountryCode(s); ok {
		return []string{c}, nil
	}
	parts := splitCountryField(s)
	for _, p := range parts {
		if c, ok := CountryCode(p); ok {
			codes = appendUnique(codes, c)
		} else if strings.TrimSpace(p) != "" {
			unknown = append(unknown, strings.TrimSpace(p))
		}
	}
	return codes, unknown
}

func splitCountryField(s string) []string {
	// "(1) Russia (2) Israel" → drop the numbering.
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '(' {
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j > i+1 && j < len(s) && s[j] == ')' {
				b.WriteByte(';')
				i = j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	fields := strings.FieldsFunc(b.String(), func(r rune) bool { return r == ';' || r == '/' || r == '|' || r == '\n' })
	var out []string
	for _, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if _, ok := CountryCode(f); ok {
			out = append(out, f)
			continue
		}
		// comma lists: "Russia, Ukraine" — but "Korea, North" is one name,
		// which CountryCode above already took.
		out = append(out, strings.Split(f, ",")...)
	}
	return out
}
