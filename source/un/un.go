// Package un reads the UN Security Council Consolidated List in its published
// XML form (https://scsanctions.un.org/resources/xml/en/consolidated.xml).
//
// The file has the root CONSOLIDATED_LIST@dateGenerated with
// INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY records. Each record becomes one
// entity.Entity with Sources [{un-sc, REFERENCE_NUMBER}] and the merge key
// "un:<REFERENCE_NUMBER>", the key the EU, UK and OFAC lists also quote for
// UN-derived designations.
//
// Element by element (every element seen in the 2026-01 and 2026-02 files):
//
//	DATAID                  record id when REFERENCE_NUMBER is missing
//	VERSIONNUM              ignored (UN internal revision counter)
//	FIRST_NAME..FOURTH_NAME name parts, in the list's order: the order differs
//	                        by culture, so they are typed entity.Other and
//	                        joined in order for Full; entities: the whole name
//	TITLE/VALUE             honorifics and ranks (Mullah, Haji, Dr., Major
//	                        General) become Title parts of the primary name
//	                        (kept out of Full); longer texts ("Former Head of
//	                        State …") go to Positions; all are kept in
//	                        Properties["title"]
//	DESIGNATION/VALUE       Positions ("a) … b) …" enumerations are split)
//	NAME_ORIGINAL_SCRIPT    another Primary name, Script detected from its runes
//	UN_LIST_TYPE            Programs (Al-Qaida, DPRK, Taliban, …)
//	REFERENCE_NUMBER        record id and merge key
//	LISTED_ON               ListedOn (date part; some carry a "-04:00" offset)
//	GENDER                  Gender male/female
//	COMMENTS1               Remarks (whitespace collapsed)
//	NATIONALITY/VALUE       Nationalities; "na" is a placeholder, not Namibia
//	LIST_TYPE/VALUE         ignored (always "UN List")
//	LAST_DAY_UPDATED/VALUE  Properties["modifiedAt"] (the latest date)
//	INDIVIDUAL_ALIAS, ENTITY_ALIAS
//	  QUALITY               Good/a.k.a. → Alias, Low → WeakAlias, f.k.a. → FormerName
//	  ALIAS_NAME            split into several names where the list packs them
//	                        ("A; B; C", "<Arabic> (A; B)"); empty placeholders skipped
//	  NOTE                  "original script: …"/"in Arabic: …" → extra name
//	                        in that script; "A; B; C" lists of names → extra
//	                        names; anything else → Properties["notes"]
//	  DATE_OF_BIRTH         BirthDates (dates given with an alias identity)
//	  CITY_OF_BIRTH, COUNTRY_OF_BIRTH  BirthPlaces
//	INDIVIDUAL_DATE_OF_BIRTH  BirthDates: TYPE_OF_DATE EXACT/APPROXIMATELY/
//	                        BETWEEN with DATE, YEAR, FROM_YEAR/TO_YEAR; NOTE is
//	                        read as a date when DATE/YEAR are missing
//	                        ("August 1961") or completes YEAR ("Sep."), else it
//	                        goes to Properties["notes"]
//	INDIVIDUAL_PLACE_OF_BIRTH  STREET, CITY, STATE_PROVINCE, COUNTRY, NOTE → BirthPlaces text
//	INDIVIDUAL_DOCUMENT     Identifiers: TYPE_OF_DOCUMENT (+ TYPE_OF_DOCUMENT2,
//	                        the finer label), NUMBER (prefixes such as "Libyan
//	                        Passport No." are moved to the label),
//	                        ISSUING_COUNTRY or COUNTRY_OF_ISSUE; NOTE and
//	                        documents without a number → Properties["notes"];
//	                        DATE_OF_ISSUE and CITY_OF_ISSUE are ignored (no
//	                        place in the model, not used for screening)
//	INDIVIDUAL_ADDRESS, ENTITY_ADDRESS  STREET, CITY, STATE_PROVINCE,
//	                        ZIP_CODE, COUNTRY → Addresses; NOTE → Properties["notes"],
//	                        or the address text itself when nothing else is
//	                        given ("Branch Office 2: Peshawar, …, Pakistan")
//	SORT_KEY, SORT_KEY_LAST_MOD  ignored (always empty)
//
// Unknown elements are ignored so that new UN fields do not break loading.
// Invalid UTF-8 is rejected by the XML decoder; the error names the record.
package un

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/embargo/embargo/source"
	"github.com/embargo/embargo/source/internal/textutil"
	"github.com/embargo/embargo/source/internal/xmlread"
)

// ListID is the stable id of the UN Security Council Consolidated List.
const ListID = "un-sc"

// Consolidated reads the UN Security Council Consolidated List XML.
var Consolidated source.Format = consolidated{}

type consolidated struct{}

func (consolidated) Name() string { return "un-sc-xml" }

// Detect claims a file whose root element is CONSOLIDATED_LIST.
func (consolidated) Detect(name string, head []byte) source.Role {
	if local, _ := xmlread.RootElement(head); local == "CONSOLIDATED_LIST" {
		return source.Main
	}
	return source.None
}

// Parse reads one consolidated.xml.
func (f consolidated) Parse(files []*source.File) (*source.List, error) {
	if len(files) == 0 {
		return nil, errors.New("un: no files")
	}
	p := &parser{Reader: xmlread.Reader{
		File: files[0],
		List: &source.List{ID: ListID, Title: "UN Security Council Consolidated List", Format: f.Name()},
	}}
	if err := p.run(); err != nil {
		return nil, err
	}
	return p.List, nil
}

type parser struct {
	xmlread.Reader
	last string // id of the last record read, for error messages
}

func (p *parser) where(elem string, n int) string {
	s := fmt.Sprintf("%s #%d", elem, n)
	if p.last != "" {
		s += " after " + p.last
	}
	return s
}

func (p *parser) run() error {
	p.Start()
	var (
		rootSeen bool
		rootDone bool
		nInd     int
		nEnt     int
		depth    int
	)
	for {
		tok, err := p.Dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			rec := "CONSOLIDATED_LIST"
			if p.last != "" {
				rec = "after " + p.last
			}
			return p.ErrAt(rec, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if !rootSeen {
				if t.Name.Local != "CONSOLIDATED_LIST" {
					return source.Errorf(p.File, p.Line(), t.Name.Local, "root element is <%s>, not <CONSOLIDATED_LIST>: not a UN consolidated list", t.Name.Local)
				}
				rootSeen = true
				for _, a := range t.Attr {
					if a.Name.Local == "dateGenerated" {
						p.List.Published = textutil.ISODate(a.Value)
					}
				}
				continue
			}
			switch t.Name.Local {
			case "INDIVIDUAL", "ENTITY":
				var rec record
				person := t.Name.Local == "INDIVIDUAL"
				n := nEnt + 1
				if person {
					n = nInd + 1
				}
				if err := p.Dec.DecodeElement(&rec, &t); err != nil {
					return p.ErrAt(p.where(t.Name.Local, n), err)
				}
				depth--
				if person {
					nInd++
				} else {
					nEnt++
				}
				e, err := p.convert(&rec, person, n)
				if err != nil {
					return err
				}
				p.List.Entities = append(p.List.Entities, e)
			}
		case xml.EndElement:
			depth--
			if depth == 0 {
				rootDone = true
			}
		}
	}
	if !rootSeen {
		return source.Errorf(p.File, 1, "", "no XML element found: not a UN consolidated list")
	}
	if !rootDone {
		return source.Errorf(p.File, p.Line(), "CONSOLIDATED_LIST", "unexpected end of file (truncated download?)")
	}
	return nil
}
