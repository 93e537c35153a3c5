package csl

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/internal/shared"
	"github.com/embargo/embargo/internal/sourcetest"
	"github.com/embargo/embargo/source"
)

const realFile = "archive/us-csl-2022-04/consolidated.csv.gz"

func loadReal(t testing.TB) *source.List {
	t.Helper()
	return sourcetest.LoadOne(t, shared.Lists(t, realFile), CSV)
}

func TestRealCSL(t *testing.T) {
	l := loadReal(t)
	if l.ID != "us-csl" || l.Format != "us-csl-csv" || l.Published != "" || l.SHA256 == "" {
		t.Errorf("list: id %q format %q published %q sha %q", l.ID, l.Format, l.Published, l.SHA256)
	}
	if len(l.Entities) != 14160 {
		t.Errorf("got %d entities, want 14160", len(l.Entities))
	}
	bySource := map[string]int{}
	schemas := map[entity.Schema]int{}
	merge := 0
	for _, e := range l.Entities {
		bySource[e.Properties["cslList"][0]]++
		schemas[e.Schema]++
		if len(e.MergeKeys) > 0 {
			merge++
		}
		if len(e.Names) == 0 {
			t.Errorf("%s has no name", e.Sources[0].RecordID)
		}
	}
	want := map[string]int{"SDN": 10026, "EL": 2001, "DTC": 727, "DPL": 462, "SSI": 290, "UVL": 201,
		"ISN": 163, "PLC": 78, "MEU": 71, "CMIC": 68, "CAP": 53, "NS-MBS": 17, "FSE": 3}
	if !reflect.DeepEqual(bySource, want) {
		t.Errorf("by list:\n got %v\nwant %v", bySource, want)
	}
	wantSchemas := map[entity.Schema]int{entity.Person: 5286, entity.LegalEntity: 4533 + 3625, entity.Vessel: 433, entity.Airplane: 283}
	if !reflect.DeepEqual(schemas, wantSchemas) {
		t.Errorf("schemas:\n got %v\nwant %v", schemas, wantSchemas)
	}
	if merge != 10535 { // every Treasury row has an entity number
		t.Errorf("%d entities with an ofac merge key, want 10535", merge)
	}
	// Every id item parsed: unparsed ones would be reported in the notes.
	for _, n := range l.Notes {
		if strings.Contains(n, "not understood") && strings.Contains(n, ": id ") {
			t.Errorf("unparsed id: %s", n)
		}
		if strings.Contains(n, "invalid UTF-8") {
			t.Errorf("unexpected: %s", n)
		}
	}
	t.Logf("%d notes: %q", len(l.Notes), l.Notes)

	types := map[entity.IDType]int{}
	for _, e := range l.Entities {
		for _, id := range e.Identifiers {
			types[id.Type]++
		}
	}
	t.Logf("identifiers by type: %v", types)
	if types[entity.Passport] < 1600 || types[entity.CryptoAddress] < 300 || types[entity.IMO] != 440 || types[entity.BIC] != 177 {
		t.Errorf("identifier counts implausible: %v", types)
	}

	// An SDN row, field by field:
	// 9935,…,SDGT,"'ABD AL-RAZZIQ, Abu Sufian al-Salamabi Muhammed Ahmed",…,"ABDELRAZIK, Sofian; …","",1962-08-06,CA; SD,"Al-Bawgah, Sudan; Albaouga, Sudan",…,"CA, BC166787, Passport"
	e := sourcetest.Find(l, "9935")
	if e == nil {
		t.Fatal("no record 9935")
	}
	if e.Schema != entity.Person || e.Names[0].Full != "Abu Sufian al-Salamabi Muhammed Ahmed 'ABD AL-RAZZIQ" || e.Names[0].Kind != entity.Primary {
		t.Errorf("9935 primary: %s %+v", e.Schema, e.Names[0])
	}
	if want := []entity.NamePart{{Type: entity.Given, Value: "Abu Sufian al-Salamabi Muhammed Ahmed"}, {Type: entity.Family, Value: "'ABD AL-RAZZIQ"}}; !reflect.DeepEqual(e.Names[0].Parts, want) {
		t.Errorf("9935 parts %+v", e.Names[0].Parts)
	}
	if len(e.Names) != 15 || e.Names[1].Full != "Sofian ABDELRAZIK" || e.Names[5].Full != "ABOU EL LAYTH" || e.Names[5].Kind != entity.Alias {
		t.Errorf("9935 aliases: %d %+v", len(e.Names), e.Names)
	}
	if len(e.BirthDates) != 1 || e.BirthDates[0].String() != "1962-08-06" {
		t.Errorf("9935 DOB %+v", e.BirthDates)
	}
	if !reflect.DeepEqual(e.BirthPlaces, []string{"Al-Bawgah, Sudan", "Albaouga, Sudan"}) {
		t.Errorf("9935 POB %q", e.BirthPlaces)
	}
	if !reflect.DeepEqual(e.Nationalities, []string{"ca", "sd"}) || len(e.Citizenships) != 0 {
		t.Errorf("9935 nationalities %q citizenships %q", e.Nationalities, e.Citizenships)
	}
	if want := []entity.Identifier{{Type: entity.Passport, Value: "BC166787", Country: "ca", Label: "Passport"}}; !reflect.DeepEqual(e.Identifiers, want) {
		t.Errorf("9935 ids %+v", e.Identifiers)
	}
	if !reflect.DeepEqual(e.Programs, []string{"SDGT"}) || !reflect.DeepEqual(e.MergeKeys, []string{"ofac:9935"}) {
		t.Errorf("9935 programs %q merge keys %q", e.Programs, e.MergeKeys)
	}
	if e.Properties["cslList"][0] != "SDN" || e.Properties["entityNumber"][0] != "9935" || len(e.Addresses) != 0 {
		t.Errorf("9935 properties %v addresses %v", e.Properties, e.Addresses)
	}

	// A row with passports carrying expiry and issue dates.
	e = sourcetest.Find(l, "17291")
	if e == nil {
		t.Fatal("no record 17291")
	}
	var got []string
	for _, id := range e.Identifiers {
		got = append(got, string(id.Type)+" "+id.Country+" "+id.Value)
	}
	if want := []string{"national_id qa 28940000602", "passport jo K475336"}; !reflect.DeepEqual(got, want) {
		t.Errorf("17291 ids %q", got)
	}
	if d := e.Properties["identifierDates"]; len(d) != 1 || d[0] != "Passport K475336: expires 2014-08-30, issued 2009-08-31" {
		t.Errorf("17291 identifier dates %q", d)
	}

	// Gender and secondary-sanctions "ids".
	e = sourcetest.Find(l, "26860")
	if e == nil || e.Addresses[0].Full != "Basrah, IQ" || e.Addresses[0].Country != "iq" || e.Properties["additionalSanctionsInformation"][0] != "Subject to Secondary Sanctions" {
		t.Errorf("26860: %+v", e)
	}
	if e := sourcetest.Find(l, "24904"); e == nil || e.Gender != "male" {
		t.Errorf("24904 gender: %+v", e)
	}
	// A Denied Persons row: no type, stays LegalEntity, US address without country.
	e = sourcetest.Find(l, "deb7a1d5743a85c354ca1a2c7f2664e2104b32d7")
	if e == nil || e.Schema != entity.LegalEntity || e.Names[0].Full != "I. ASH" || e.ListedOn != "2003-06-19" || len(e.MergeKeys) != 0 {
		t.Errorf("DPL row: %+v", e)
	}
	if e.Addresses[0].Country != "us" {
		// "…SEAGOVILLE, TX, 75159, US"
		t.Errorf("DPL address %+v", e.Addresses)
	}
}

func BenchmarkParseCSL(b *testing.B) {
	path := shared.Lists(b, realFile)
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		b.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		b.Fatal(err)
	}
	f := &source.File{Name: "consolidated.csv", Path: path, Data: data}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CSV.Parse([]*source.File{f}); err != nil {
			b.Fatal(err)
		}
	}
}
