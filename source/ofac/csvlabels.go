package ofac

import (
	"sort"
	"strings"

	"github.com/embargo/embargo/entity"
)

// csvIDLabels are the labels OFAC writes in front of a number in the
// legacy CSV remarks ("Passport A123 (Iran)", "Tax ID No. 7701 (Russia)"),
// collected from the real sdn.csv files (2021 and 2024): every label seen at
// least twice, plus the rest of OFAC's idType vocabulary. IDKind decides the
// type; the value here is only used when IDKind calls the label a property
// although it is a document number (see csvIDType).
var csvIDLabels = map[string]entity.IDType{
	"Passport": "", "Diplomatic Passport": "", "Passport Booklet": "", "Passport Booklet:": "",
	"Passport No.": "", "Passport No.:": "", "British National Overseas Passport": "", "Stateless Person Passport": "",
	"Diplomatic Passport Laissez-Passer": "", "Travel Document Number": "",
	"National ID No.": "", "National ID No.:": "", "Tax ID No.": "", "Registration Number": "",
	"Vessel Registration Identification": "", "Cedula No.": "", "C.U.R.P.": "", "C.U.R.P. #": entity.NationalID,
	"R.F.C.": entity.TaxID, "R.F.C. #": entity.TaxID, "RFC": "", "NIT #": "",
	"Government Gazette Number": entity.Registration, "Registration ID": "", "Identification Number": "",
	"RUC #": "", "Business Registration Number": "", "Folio Mercantil No.": "", "Company Number": "",
	"UK Company Number": "", "Commercial Registry Number": "", "MMSI": "",
	"Matricula Mercantil No": entity.Registration, "Matricula Mercantil No.": entity.Registration,
	"V.A.T. Number": "", "License": entity.Registration, "C.R. No.": "",
	"Phone Number": "", "Phone No.": entity.Phone, "Telephone": "", "Telephone:": entity.Phone,
	"Telephone No.": "", "Telephone Number:": entity.Phone, "PHONE": entity.Phone, "Fax": "", "Fax:": entity.Phone,
	"Fax No.": "", "FAX": entity.Phone, "TELEX": entity.Phone,
	"Legal Entity Number": "", "Unified Social Credit Code (USCC)": "",
	"United Social Credit Code Certificate (USCCC)": entity.Registration, "D.N.I.": entity.NationalID,
	"SWIFT/BIC": "", "D-U-N-S Number": "", "Economic Register Number (CBLS)": "", "Trade License No.": "",
	"RIF #": entity.TaxID, "Electoral Registry No.": "", "Chamber of Commerce Number": "",
	"Driver's License No.": "", "Business Registration Document #": "", "Birth Certificate Number": "",
	"BIK (RU)": "", "Italian Fiscal Code": entity.TaxID, "Italian Fiscal Code:": entity.TaxID,
	"Personal ID Card": entity.NationalID, "Central Registration System Number": "",
	"Credencial electoral": entity.NationalID, "National Foreign ID Number": "",
	"Cartilla de Servicio Militar Nacional": entity.NationalID, "Istanbul Chamber of Comm. No.": "",
	"Business Number": "", "Public Registration Number": "", "US FEIN": entity.TaxID, "Enterprise Number": "",
	"SSN": "", "Residency Number": "", "I.F.E.": entity.NationalID, "Registered Charity No.": "",
	"C.U.I.": entity.NationalID, "Branch Unit Number": entity.Registration,
	"Dubai Chamber of Commerce Membership No.": "", "C.U.I.T.": "", "LE Number": entity.NationalID,
	"Certificate of Incorporation Number": "", "Turkish Identification Number": "",
	"Numero de Identidad": entity.NationalID, "Citizen's Card Number": entity.NationalID, "RTN": entity.TaxID,
	"Kenyan ID No.": "", "C.U.I.P.": entity.OtherID, "Permit Number": entity.OtherID,
	"VisaNumberID": entity.OtherID, "File Number": entity.Registration, "SRE Permit No.": entity.OtherID,
	"Tazkira National ID Card": "", "Immigration No.": entity.OtherID,
	"Numero Unico de Identificacao Tributaria (NUIT)": entity.TaxID, "C.I.F.": entity.TaxID,
	"Refugee ID Card": entity.NationalID, "Romanian C.R.": entity.Registration,
	"Afghan Money Service Provider License Number": entity.Registration, "Pilot License Number": entity.OtherID,
	"ISIN": "", "UAE Identification": entity.NationalID, "Organization Code": entity.Registration,
	"Serial No.": entity.OtherID, "Public Security and Immigration No.": entity.OtherID,
	"Moroccan Personal ID No.": "", "Bosnian Personal ID No.": "", "Paraguayan tax identification number": "",
	"N.I.E.": entity.NationalID, "N.I.F.": entity.TaxID, "C.I.N.": entity.Registration, "RSIN": entity.TaxID,
	"MSB Registration Number": "", "Seafarer's Identification Document": entity.OtherID,
	"Tourism License No.": entity.Registration, "Military Registration Number": "",
	"Trademark number": entity.OtherID, "Registration Certificate Number (Dubai)": "",
	"Russian State Individual Business Registration Number Pattern (OGRNIP)": "",
	"Tarjeta Profesional": entity.OtherID, "Stateless Person ID Card": entity.NationalID,
	"CNP (Personal Numerical Code)": entity.NationalID, "Romanian Permanent Resident": entity.NationalID,
	"Romanian Tax Registration": "", "Fiscal Code": entity.TaxID,
	"International Maritime Organization No.": entity.IMO, "Email Address": "", "Email": "", "Website": "",
	"EMAIL": entity.Email, "Email:": entity.Email, "Email Address:": entity.Email,
	"Aircraft Construction Number (also called L/N or S/N or F/N)": "",
	"Aircraft Manufacturer's Serial Number (MSN)":                  "", "Aircraft Tail Number": "",
	"Previous Aircraft Tail Number": "", "Aircraft Mode S Transponder Code": "",
	"Aircraft Manufacturer’s Serial Number (MSN)": "",
}

// csvPropLabels are remark labels whose value is information, not an
// identifier, mapped to the property key (FtM names where FtM has one;
// "" means the key IDKind derives from the label).
var csvPropLabels = map[string]string{
	"Target Type":                        "",
	"Organization Type:":                 "",
	"Organization Established Date":      "",
	"Secondary sanctions risk:":          "",
	"Additional Sanctions Information -": "",
	"Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:": "",
	"IFCA Determination -":        "",
	"Equity Ticker":               "",
	"Issuer Name":                 "",
	"Chinese Commercial Code":     "",
	"Vessel Year of Build":        "buildDate",
	"Former Vessel Flag":          "pastFlags",
	"Other Vessel Flag":           "flag",
	"Other Vessel Type":           "vesselType",
	"Other Vessel Call Sign":      "callSign",
	"Nationality of Registration": "jurisdiction",
	"Registration Country":        "jurisdiction",
	"UN/LOCODE":                   "",
	"MICEX Code":                  "",
	"Aircraft Model":              "model",
	"Aircraft Operator":           "operator",
	"Aircraft Manufacture Date":   "buildDate",
	"Aircraft Manufacturer":       "manufacturer",
}

// csvLabelIndex maps the first word of every label to its labels, longest
// first, so that a fact finds its label with a few prefix comparisons.
var csvLabelIndex = func() map[string][]string {
	idx := map[string][]string{}
	add := func(l string) {
		idx[csvLabelKey(l)] = append(idx[csvLabelKey(l)], l)
	}
	for l := range csvIDLabels {
		add(l)
	}
	for l := range csvPropLabels {
		add(l)
	}
	for _, ls := range idx {
		sort.Slice(ls, func(i, j int) bool {
			if len(ls[i]) != len(ls[j]) {
				return len(ls[i]) > len(ls[j])
			}
			return ls[i] < ls[j]
		})
	}
	return idx
}()

// csvLabelKey is the first word of s, up to a colon ("Email:x" → "Email").
func csvLabelKey(s string) string {
	w, _, _ := strings.Cut(s, " ")
	w, _, _ = strings.Cut(w, ":")
	return w
}

// csvFindLabel returns the longest known label that starts fact and ends at
// a word boundary, and the rest of the fact after it.
func csvFindLabel(fact string) (label, rest string, ok bool) {
	for _, l := range csvLabelIndex[csvLabelKey(fact)] {
		if !strings.HasPrefix(fact, l) {
			continue
		}
		r := fact[len(l):]
		if r == "" || r[0] == ' ' || strings.HasSuffix(l, ":") || strings.HasSuffix(l, "#") {
			return l, strings.TrimSpace(r), true
		}
	}
	return "", "", false
}

// csvIDType classifies an identifier label: IDKind first; when IDKind makes
// it a property but the label is a known document number, the fallback of
// csvIDLabels (IDKind should learn these labels; until then the CSV reader
// keeps them as identifiers rather than losing them to properties).
func csvIDType(label string) (t entity.IDType, currency, prop string) {
	t, currency, prop = IDKind(label)
	if t == "" {
		if fb := csvIDLabels[label]; fb != "" {
			switch fb {
			case entity.Email, entity.Website, entity.Phone:
				return fb, "", string(fb) // the same keys IDKind uses
			}
			return fb, "", ""
		}
	}
	return t, currency, csvSafeKey(prop, label)
}

// csvSafeKey returns IDKind's property key unless it holds anything but
// ASCII letters and digits (IDKind garbles digits in labels such as
// "Executive Order 13662 Directive Determination -"), in which case the key
// is derived here from the label.
func csvSafeKey(prop, label string) string {
	if prop == "" {
		return ""
	}
	for i := 0; i < len(prop); i++ {
		c := prop[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return csvPropKey(label)
		}
	}
	return prop
}

// csvPropKey turns a label into a camelCase key of its ASCII letters and
// digits: "Listing Date (EO 14024 Directive 2):" → "listingDateEo14024Directive2".
func csvPropKey(label string) string {
	var b strings.Builder
	first := true
	for _, w := range strings.FieldsFunc(label, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		w = strings.ToLower(w)
		if first {
			b.WriteString(w)
			first = false
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]))
		b.WriteString(w[1:])
	}
	return b.String()
}
