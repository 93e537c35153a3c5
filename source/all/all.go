// Package all lists every list format embargo reads, in the order they are
// tried when recognising a file.
package all

import (
	"github.com/embargo/embargo/source"
	"github.com/embargo/embargo/source/csl"
	"github.com/embargo/embargo/source/eu"
	"github.com/embargo/embargo/source/ftm"
	"github.com/embargo/embargo/source/ofac"
	"github.com/embargo/embargo/source/uk"
	"github.com/embargo/embargo/source/un"
)

// Formats returns every supported format. XML formats are recognised by
// their root element, so their order does not matter; the CSV formats are
// recognised by header or row shape and are tried from the most specific.
func Formats() []source.Format {
	return []source.Format{
		ofac.SDNXML,
		ofac.EnhancedXML,
		un.Consolidated,
		eu.FSF,
		uk.FCDOXML,
		uk.ConListXLSX,
		uk.ConListCSV,
		csl.CSV,
		ofac.LegacyCSV,
		ftm.JSONL,
		ofac.CryptoAddresses,
	}
}
