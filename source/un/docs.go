package un

import (
	"strings"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/source/internal/textutil"
)

// document adds one INDIVIDUAL_DOCUMENT element.
func (p *parser) document(e *entity.Entity, d docElem) {
	typ, typ2, num, note := textutil.Clean(d.Type), textutil.Clean(d.Type2), textutil.Clean(d.Number), textutil.Clean(d.Note)
	label := typ2
	if label == "" || !hasLetterOtherThan(label, "number") {
		label = typ
	}
	country := textutil.Clean(d.Issuing)
	if country == "" {
		country = textutil.Clean(d.CountryOfIs)
	}
	if num == "" {
		// No number: keep what the list says as a note, never as an identifier.
		if s := textutil.JoinNonEmpty(" ", label, textutil.JoinNonEmpty(", ", country, note)); s != "" && (typ2 != "" || note != "") {
			e.AddProperty("notes", "document: "+s)
		}
		return
	}
	value, prefix := splitDocNumber(num)
	id := entity.Identifier{Type: documentType(typ, typ2, prefix), Label: label, Value: value}
	if prefix != "" {
		id.Label = textutil.JoinNonEmpty(" ", label, "("+prefix+")")
	}
	if country != "" {
		code, placeholder := countryCode(country)
		if code != "" {
			id.Country = code
		} else if !placeholder {
			p.Note("document issuing country %q not recognised; kept in properties", country)
			e.AddProperty("notes", "document "+value+" issued by "+country)
		}
	}
	e.AddIdentifier(id)
	if note != "" {
		e.AddProperty("notes", "document "+value+": "+note)
	}
}

// hasLetterOtherThan reports whether s has content beyond the word w and
// punctuation ("number:" says nothing about the document type).
func hasLetterOtherThan(s, w string) bool {
	return hasLetter(strings.ReplaceAll(strings.ToLower(s), w, ""))
}

// documentType classifies a document from TYPE_OF_DOCUMENT2 (the finer
// label), then the prefix of its NUMBER ("Afghan passport number"), then
// TYPE_OF_DOCUMENT.
func documentType(typ, typ2, prefix string) entity.IDType {
	for _, s := range []string{typ2, prefix, typ} {
		if t, ok := classifyDocument(s); ok {
			return t
		}
	}
	return entity.OtherID
}

func classifyDocument(s string) (entity.IDType, bool) {
	l := strings.ToLower(s)
	has := func(subs ...string) bool {
		for _, x := range subs {
			if strings.Contains(l, x) {
				return true
			}
		}
		return false
	}
	switch {
	case l == "":
		return "", false
	case has("passport", "passeport", "pasaporte"):
		return entity.Passport, true
	case has("social security", "ssn"):
		return entity.NationalID, true
	case has("fiscal", "tax"):
		return entity.TaxID, true
	case has("birth cert", "ration card", "driver", "voter", "student", "military", "fardc", "residential",
		"other id", "certificate of", "serviceman", "licen"):
		return entity.OtherID, true
	case has("national ident", "identity", "identification", "id card", "national number", "civil id", "tazkira", "personal id"):
		return entity.NationalID, true
	}
	return "", false
}

// isDocMarker reports whether a word of a NUMBER field ends a descriptive
// prefix: "number", "No.", "No.:", "Nr.", or any word ending in ":".
func isDocMarker(w string) bool {
	switch strings.ToLower(w) {
	case "number", "number:", "no", "no.", "no:", "no.:", "nr", "nr.", "n°", "#":
		return true
	}
	return len(w) > 1 && strings.HasSuffix(w, ":")
}

// splitDocNumber separates a descriptive prefix from the number itself:
//
//	"CAR diplomatic passport no. D00000898"   → "D00000898", "CAR diplomatic passport no."
//	"Russian passport number 8208 No. 555627" → "8208 555627", "Russian passport number"
//	"Social Security Number 423-31-3021 (US)" → "423-31-3021", "Social Security Number (US)"
//
// The number must be one to three words that each hold a digit; anything
// else comes back unchanged.
func splitDocNumber(s string) (value, prefix string) {
	words := strings.Fields(s)
	for i, w := range words {
		if i == 0 || !isDocMarker(w) {
			continue
		}
		var nums, extra []string
		ok := true
		for _, x := range words[i+1:] {
			switch {
			case isDocMarker(x):
			case strings.ContainsAny(x, "0123456789") && len(extra) == 0:
				nums = append(nums, x)
			case strings.HasPrefix(x, "(") || len(extra) > 0:
				extra = append(extra, x)
			default:
				ok = false
			}
		}
		if !ok || len(nums) == 0 || len(nums) > 3 {
			continue
		}
		pre := strings.Join(words[:i+1], " ")
		if len(extra) > 0 {
			pre += " " + strings.Join(extra, " ")
		}
		return strings.Join(nums, " "), pre
	}
	return s, ""
}
