// Package eu reads the EU Financial Sanctions Files (FSF) consolidated list
// in its XML 1.1 form (xmlFullSanctionsList_1_1, namespace
// http://eu.europa.ec/fpi/fsd/export).
//
// No official file is carried in ../shared (the EU list there is a converted
// FollowTheMoney file), so element and attribute names were verified against
// public copies of the schema and of real exports:
//
//   - opensanctions/opensanctions zavod/zavod/shed/fsf.py (the OpenSanctions
//     parser of this very file) and datasets/eu/fsf/eu_fsf.yml (its lookups:
//     subjectType codes person/enterprise, identificationTypeCode values
//     id, other, tradelic, ssn, birthcert, nationcert, travelcardid,
//     electionid, residentperm, drivinglicence, NRN, passport, swiftbic,
//     imo, regnumber, fiscalcode; address contactInfo keys PHONE, FAX,
//     EMAIL, WEB);
//   - a generateDS.py binding of schema_1_1.xsd found in the public code
//     index (repository not named by the index), which lists every type:
//     export(generationDate, globalFileId); sanctionEntity(logicalId,
//     delistingDate, designationDate, designationDetails, unitedNationId,
//     euReferenceNumber; remark, additionalInformation, regulation,
//     subjectType, nameAlias, citizenship, birthdate, address,
//     identification); regulation(regulationType, organisationType,
//     publicationDate, entryIntoForceDate, numberTitle, programme;
//     publicationUrl, corrigendum); nameAlias(firstName, middleName,
//     lastName, wholeName, function, gender, title, nameLanguage, strong,
//     regulationLanguage, logicalId); citizenship(region, countryIso2Code,
//     countryDescription); birthdate(circa, calendarType, city, zipCode,
//     birthdate, dayOfMonth, monthOfYear, year, yearRangeFrom, yearRangeTo,
//     region, place, countryIso2Code, countryDescription); address(city,
//     street, poBox, zipCode, region, place, asAtListingTime,
//     countryIso2Code, countryDescription; contactInfo(key, value));
//     identification(diplomatic, knownExpired, knownFalse, reportedLost,
//     revokedByIssuer, issueDate, issuedBy, latinNumber, nameOnDocument,
//     number, validFrom, validTo, region, identificationTypeCode,
//     identificationTypeDescription, countryIso2Code, countryDescription);
//   - real records quoted in public code (the Mugabe and IBDA-C entries of a
//     2018 export, the PUTIN entry of 2022): birth dates use dayOfMonth and
//     monthOfYear (not day/month), unknown countries are
//     countryIso2Code="00" countryDescription="UNKNOWN", every child carries
//     regulationSummary elements, empty attributes are written as "".
//
// Mapping: sanctionEntity@logicalId is the record id; merge keys are
// "eu:<logicalId>" and, when unitedNationId is set, "un:<unitedNationId>".
// subjectType P/person → Person, E/enterprise → LegalEntity. Each nameAlias
// is a name: wholeName (else first middle last), parts Given/Middle/Family
// and Title, Lang from nameLanguage (lower case), Script detected from the
// runes. The EU marks no primary name, so the rule is: the first strong
// nameAlias without a nameLanguage (the form in the regulation's own
// language) is Primary; failing that the first strong one, failing that the
// first one. Other strong names are Alias, strong="false" (or a remark
// saying "low quality") WeakAlias; a nameAlias without a strong attribute
// counts as strong. function → Positions (persons; for enterprises it is a
// description and goes to Properties["notes"]); gender M/F → male/female.
// citizenship → Citizenships; birthdate → BirthDates (birthdate, or
// year/monthOfYear/dayOfMonth, or yearRangeFrom/yearRangeTo; circa) and
// BirthPlaces (city, place, region, country); identification → Identifiers
// (number and a differing latinNumber); address → Addresses, with
// contactInfo PHONE/FAX/EMAIL/WEB as phone/email/website identifiers;
// regulation@programme → Programs; designationDate → ListedOn (else the
// earliest regulation publicationDate); remark → Remarks.
//
// Ignored on purpose: regulationSummary (per-field legal history),
// regulationLanguage, logicalIds of sub-elements, asAtListingTime, the
// identification flags (diplomatic, knownExpired, reportedLost,
// revokedByIssuer) and validity dates, calendarType GREGORIAN. Unknown
// elements and attributes are ignored so that new schema fields do not break
// loading. Invalid UTF-8 is rejected by the XML decoder with an error naming
// the record.
package eu

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/embargo/embargo/source"
	"github.com/embargo/embargo/source/internal/textutil"
	"github.com/embargo/embargo/source/internal/xmlread"
)

// ListID is the stable id of the EU consolidated financial sanctions list.
const ListID = "eu-fsf"

// Namespace is the XML namespace of the FSF export.
const Namespace = "http://eu.europa.ec/fpi/fsd/export"

// FSF reads the EU Financial Sanctions Files XML 1.1.
var FSF source.Format = fsf{}

type fsf struct{}

func (fsf) Name() string { return "eu-fsf-xml" }

// Detect claims a file whose root element is export in the FSF namespace,
// or an export without namespace whose first bytes hold a sanctionEntity.
func (fsf) Detect(name string, head []byte) source.Role {
	local, space := xmlread.RootElement(head)
	if local != "export" {
		return source.None
	}
	if space == Namespace || (space == "" && bytes.Contains(head, []byte("<sanctionEntity"))) {
		return source.Main
	}
	return source.None
}

// node is one element below sanctionEntity: its attributes, remarks, text
// (publicationUrl) and contactInfo / additionalInformation children.
type node struct {
	name    string
	attr    []xml.Attr
	remarks []string
	url     string
	subs    []node
}

// get returns the trimmed value of the attribute with the given local name.
func (n *node) get(k string) string {
	for _, a := range n.attr {
		if a.Name.Local == k {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// Parse reads one FSF XML file.
func (f fsf) Parse(files []*source.File) (*source.List, error) {
	if len(files) == 0 {
		return nil, errors.New("eu: no files")
	}
	p := &parser{Reader: xmlread.Reader{
		File: files[0],
		List: &source.List{ID: ListID, Title: "EU Financial Sanctions Files (FSF)", Format: f.Name()},
	}}
	if err := p.run(); err != nil {
		return nil, err
	}
	return p.List, nil
}

type parser struct {
	xmlread.Reader
	n    int    // sanctionEntity elements started
	last string // record id of the last entity converted
}

// recordName names the entity being read for error messages.
func (p *parser) recordName(ent *node) string {
	if ent != nil {
		if id := ent.get("logicalId"); id != "" {
			return "sanctionEntity logicalId=" + id
		}
		if ref := ent.get("euReferenceNumber"); ref != "" {
			return "sanctionEntity " + ref
		}
		s := fmt.Sprintf("sanctionEntity #%d", p.n)
		if p.last != "" {
			s += " after logicalId=" + p.last
		}
		return s
	}
	if p.last != "" {
		return "export, after sanctionEntity logicalId=" + p.last
	}
	return "export"
}

func (p *parser) run() error {
	p.Start()
	var (
		stack     []string
		ent       *node
		kids      []node
		child     = -1 // index in kids of the open child element
		capturing bool
		text      strings.Builder
		rootDone  bool
	)
	for {
		tok, err := p.Dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return p.ErrAt(p.recordName(ent), err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			depth := len(stack)
			local := t.Name.Local
			switch {
			case depth == 1:
				if local != "export" {
					return source.Errorf(p.File, p.Line(), local, "root element is <%s>, not <export>: not an EU FSF XML file", local)
				}
				if t.Name.Space != "" && t.Name.Space != Namespace {
					return source.Errorf(p.File, p.Line(), local, "root element <export> in namespace %q, not %q: not an EU FSF XML file", t.Name.Space, Namespace)
				}
				root := node{attr: t.Attr}
				p.List.Published = textutil.ISODate(root.get("generationDate"))
			case depth == 2 && local == "sanctionEntity":
				p.n++
				ent = &node{name: local, attr: t.Attr}
				kids = kids[:0]
			case ent == nil:
				// elements outside sanctionEntity: ignored
			case depth == 3:
				kids = append(kids, node{name: local, attr: t.Attr})
				child = len(kids) - 1
				if local == "remark" {
					capturing = true
					text.Reset()
				}
			case depth == 4 && child >= 0:
				switch local {
				case "remark", "publicationUrl":
					capturing = true
					text.Reset()
				case "contactInfo", "additionalInformation":
					kids[child].subs = append(kids[child].subs, node{name: local, attr: t.Attr})
				}
			}
		case xml.CharData:
			if capturing {
				text.Write(t)
			}
		case xml.EndElement:
			depth := len(stack)
			local := t.Name.Local
			if capturing && (local == "remark" || local == "publicationUrl") && child >= 0 {
				s := textutil.Clean(text.String())
				capturing = false
				if local == "publicationUrl" {
					kids[child].url = s
				} else if s != "" {
					kids[child].remarks = append(kids[child].remarks, s)
				}
			}
			switch {
			case depth == 3:
				child = -1
			case depth == 2 && ent != nil && local == "sanctionEntity":
				if err := p.convert(ent, kids); err != nil {
					return err
				}
				ent = nil
			case depth == 1:
				rootDone = true
			}
			stack = stack[:depth-1]
		}
	}
	if len(stack) == 0 && !rootDone {
		return source.Errorf(p.File, 1, "", "no XML element found: not an EU FSF XML file")
	}
	if !rootDone {
		return source.Errorf(p.File, p.Line(), p.recordName(ent), "unexpected end of file (truncated download?)")
	}
	return nil
}
