// Package ofac reads the lists of the US Treasury's Office of Foreign Assets
// Control: the sdnList XML (SDN.XML and CONSOLIDATED.XML), the legacy CSV set
// (sdn.csv with alt.csv, add.csv and sdn_comments.csv, or the cons_*.csv
// equivalents), the enhanced XML (SDN_ENHANCED.XML, CONS_ENHANCED.XML) and
// the per-currency sanctioned crypto address files.
package ofac

import (
	"strings"

	"github.com/embargo/embargo/entity"
)

// IDKind classifies an OFAC identifier label (idType in XML, the label in
// front of a number in CSV remarks, a feature type in the enhanced XML).
//
// It returns the entity identifier type and, for digital currency addresses,
// the currency code. prop is non-empty when the label is not an identifier but
// a property (website, email, secondary sanctions risk, directive
// information, CMIC dates…): the value then belongs in Entity.Properties[prop].
func IDKind(label string) (t entity.IDType, currency, prop string) {
	l := strings.TrimSpace(label)
	ll := strings.ToLower(l)
	switch {
	case strings.HasPrefix(ll, "digital currency address"):
		cur := strings.TrimSpace(strings.TrimLeft(l[len("digital currency address"):], " -"))
		return entity.CryptoAddress, strings.ToUpper(cur), ""
	case ll == "swift/bic" || ll == "swift" || ll == "bic":
		return entity.BIC, "", ""
	case ll == "nationality of registration" || strings.HasPrefix(ll, "aircraft model") || strings.HasPrefix(ll, "aircraft operator") ||
		strings.HasPrefix(ll, "aircraft manufacture date") || ll == "gender" || ll == "organization type:" || ll == "target type":
		return "", "", ofacPropKey(l)
	case ll == "imo" || ll == "vessel registration identification" || strings.HasPrefix(ll, "international maritime organization"):
		return entity.IMO, "", ""
	case ll == "mmsi":
		return entity.MMSI, "", ""
	case ll == "legal entity number" || ll == "lei":
		return entity.LEI, "", ""
	case ll == "isin":
		return entity.ISIN, "", ""
	case strings.Contains(ll, "passport") || ll == "travel document number":
		return entity.Passport, "", ""
	case ll == "email address" || ll == "email":
		return entity.Email, "", "email"
	case ll == "website":
		return entity.Website, "", "website"
	case ll == "phone number" || ll == "telephone no." || ll == "telephone" || ll == "fax no." || ll == "fax" ||
		ll == "telephone:" || ll == "fax:" || ll == "phone":
		return entity.Phone, "", "phone"
	case strings.Contains(ll, "tax id") || strings.Contains(ll, "v.a.t.") || strings.Contains(ll, "vat number") ||
		ll == "rfc" || ll == "r.f.c." || strings.HasPrefix(ll, "nit") || ll == "inn" || strings.Contains(ll, "taxpayer") ||
		ll == "ruc #" || ll == "c.u.i.t." || ll == "cuit" || ll == "rif #" || ll == "rif" || ll == "n.i.f." || ll == "nif" ||
		ll == "c.i.f." || ll == "cif" || ll == "us fein" || ll == "fein" || ll == "c.u.i." || ll == "cui" ||
		strings.Contains(ll, "fiscal code") || ll == "rsin" || ll == "rtn" || ll == "nuit":
		return entity.TaxID, "", ""
	case strings.Contains(ll, "national id") || ll == "cedula no." || ll == "c.u.r.p." || ll == "curp #" ||
		ll == "personal id" || ll == "ssn" || ll == "identification number" || strings.Contains(ll, "identity card") ||
		strings.Contains(ll, "tazkira") || ll == "turkish identification number" || strings.HasSuffix(ll, " id no.") ||
		ll == "national foreign id number" || ll == "residency number" || ll == "birth certificate number" ||
		ll == "electoral registry no." || ll == "refugee id" || ll == "driver's license no." || ll == "d.n.i." ||
		ll == "dni" || ll == "c.u.r.p. #" || ll == "i.f.e." || ll == "n.i.e." || ll == "personal id card" ||
		ll == "credencial electoral" || ll == "id no." || ll == "identity number" || ll == "citizen's card number" ||
		ll == "numero de identidad" || ll == "cnp" || ll == "cnp (personal numeric code)" || strings.Contains(ll, "id card") ||
		strings.Contains(ll, "seafarer") || ll == "uae identification":
		return entity.NationalID, "", ""
	case strings.Contains(ll, "registration") || strings.Contains(ll, "company number") ||
		strings.Contains(ll, "commercial regist") || strings.Contains(ll, "chamber of comm") ||
		strings.Contains(ll, "folio mercantil") || strings.Contains(ll, "unified social credit") ||
		strings.Contains(ll, "business number") || strings.Contains(ll, "enterprise number") ||
		strings.Contains(ll, "trade license") || ll == "c.r. no." || strings.Contains(ll, "economic register") ||
		strings.Contains(ll, "d-u-n-s") || strings.Contains(ll, "certificate of incorporation") ||
		ll == "bik (ru)" || ll == "ogrn" || strings.Contains(ll, "charity") || strings.Contains(ll, "limited liability company id") ||
		strings.Contains(ll, "matricula mercantil") || ll == "license" || ll == "license no." || ll == "government gazette number" ||
		strings.Contains(ll, "social credit code") || ll == "romanian c.r.":
		return entity.Registration, "", ""
	case strings.Contains(ll, "aircraft") || ll == "serial number":
		return entity.OtherID, "", ""
	}
	// Everything else OFAC puts in idList is information, not an identifier:
	// "Secondary sanctions risk:", "Target Type", "Executive Order … Directive …",
	// CMIC dates, "Organization Established Date", "Nationality of Registration",
	// "Government Gazette Number", "Issuer Name", "Equity Ticker"…
	return "", "", ofacPropKey(l)
}

// ofacPropKey turns an OFAC label into a stable property key:
// "Secondary sanctions risk:" → "secondarySanctionsRisk".
func ofacPropKey(label string) string {
	var b strings.Builder
	up := false
	for _, r := range label {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
			up = false
		case r >= 'a' && r <= 'z':
			if up && b.Len() > 0 {
				b.WriteRune(r - 'a' + 'A')
			} else {
				b.WriteRune(r)
			}
			up = false
		case r >= 'A' && r <= 'Z':
			if b.Len() == 0 {
				b.WriteRune(r - 'A' + 'a')
			} else if up {
				b.WriteRune(r)
			} else {
				b.WriteRune(r - 'A' + 'a')
			}
			up = false
		default:
			up = true
		}
	}
	return b.String()
}
