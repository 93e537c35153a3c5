// Package uk reads the United Kingdom's sanctions lists: the OFSI
// Consolidated List of Asset Freeze Targets ("ConList", retired by OFSI in
// early 2026) as CSV or as the officially published XLSX workbook, and the
// FCDO "UK Sanctions List" XML that replaced it.
//
// ConList has one row per name; the rows of one listed party share a Group
// ID and are merged into one entity (RecordID = Group ID). The FCDO list has
// one Designation per Unique ID (RecordID = Unique ID, e.g. RUS0001).
//
// Both carry the UK Sanctions List reference and, for UN-derived listings,
// the UN reference number, which become the merge keys "uk:<ref>" and
// "un:<ref>".
//
// Invalid UTF-8 in ConList (CSV or XLSX) does not fail the parse: it is
// repaired with U+FFFD and noted once in List.Notes, so that one bad byte does
// not hide a whole list. In the FCDO XML it is an error (encoding/xml rejects
// it) naming the line and the designation.
package uk

import "github.com/embargo/embargo/source"

// The list ids, stable across versions.
const (
	ListOFSI = "uk-ofsi"
	ListFCDO = "uk-fcdo"
)

// The formats of this package.
var (
	// ConListCSV is the OFSI Consolidated List in its CSV layout
	// (ConList.csv: a "Last Updated,DD/MM/YYYY" line, a header, one row per name).
	ConListCSV source.Format = conListCSV{}
	// ConListXLSX is the same list as OFSI published it in XLSX (ConList.xlsx).
	ConListXLSX source.Format = conListXLSX{}
	// FCDOXML is the FCDO "UK Sanctions List" XML (UK-Sanctions-List.xml).
	FCDOXML source.Format = fcdoXML{}
)

// Formats lists every format of this package, in detection order.
var Formats = []source.Format{ConListCSV, ConListXLSX, FCDOXML}
