package dataset

import (
	"testing"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/source"
)

func rec(list, id string, schema entity.Schema, name, dob string, keys ...string) *entity.Entity {
	e := &entity.Entity{Schema: schema, Sources: []entity.Source{{List: list, RecordID: id}}, MergeKeys: keys}
	e.AddName(entity.Name{Full: name, Kind: entity.Primary})
	if dob != "" {
		d, _ := entity.ParseDate(dob)
		e.AddBirthDate(d)
	}
	return e
}

func TestBuildMerges(t *testing.T) {
	un := &source.List{ID: "un-sc", SHA256: "aa", Published: "2026-02-27", Entities: []*entity.Entity{
		rec("un-sc", "QDi.001", entity.Person, "ABU BAKR AL-BAGHDADI", "1971", "un:QDi.001"),
	}}
	uk := &source.List{ID: "uk-ofsi", SHA256: "bb", Published: "2025-04-10", Entities: []*entity.Entity{
		rec("uk-ofsi", "6908", entity.Person, "Abu Bakr AL-BAGHDADI", "", "un:QDi.001", "uk:AQD0001"),
		rec("uk-ofsi", "14196", entity.Person, "Vladimir Vladimirovich PUTIN", "07/10/1952"),
		rec("uk-ofsi", "777", entity.LegalEntity, "Some Company", "", "un:QDi.001"), // a person key on an organisation: not merged
	}}
	ofac := &source.List{ID: "ofac-sdn", SHA256: "cc", Entities: []*entity.Entity{
		rec("ofac-sdn", "35096", entity.Person, "PUTIN, Vladimir Vladimirovich", "07 Oct 1952"),
		rec("ofac-sdn", "1", entity.Person, "Vladimir Vladimirovich PUTIN", "1960-01-01"), // another birth date: another person
	}}
	ftm := &source.List{ID: "eu-fsf", SHA256: "dd", Entities: []*entity.Entity{
		rec("eu-fsf", "eu-fsf-135909", entity.Person, "Vladimir Vladimirovich PUTIN", "1952-10-07"),
	}}
	s := Build([]*source.List{un, uk, ofac, ftm})
	if got := s.Count(); got != 4 {
		for _, e := range s.Entities {
			t.Logf("%s %v", e.ID, e.Sources)
		}
		t.Fatalf("entities = %d, want 4 (baghdadi, putin, the other putin, the company)", got)
	}
	b := s.Entity("un-sc-qdi.001")
	if b == nil || len(b.Sources) != 2 || len(s.Records(b.ID)) != 2 {
		t.Fatalf("UN and UK records of QDi.001 not merged: %+v", b)
	}
	if s.Entity("uk-ofsi-6908") != b {
		t.Error("record id does not resolve to the merged entity")
	}
	p := s.Entity("ofac-sdn-35096")
	if p == nil || len(p.Lists()) != 3 {
		t.Fatalf("Putin records not merged by name and birth date: %+v", p)
	}
	if s.Entity("eu-fsf-135909") != p || s.Entity("uk-ofsi-14196") != p {
		t.Error("merged record ids do not resolve")
	}
	if s.Entity("ofac-sdn-1") == p {
		t.Error("a different birth date was merged")
	}
	if s.Version == "" || s.Version[:8] != "20260227" {
		t.Errorf("version %q", s.Version)
	}
	// the version changes with any list's content
	ftm.SHA256 = "de"
	if Build([]*source.List{un, uk, ofac, ftm}).Version == s.Version {
		t.Error("version did not change with the content")
	}
}

func TestRecordID(t *testing.T) {
	for _, tc := range []struct{ list, rec, want string }{
		{"ofac-sdn", "35096", "ofac-sdn-35096"},
		{"un-sc", "QDi.001", "un-sc-qdi.001"},
		{"eu-fsf", "eu-fsf-135909", "eu-fsf-135909"},
		{"ofac-crypto", "XBT:1AbC", "ofac-crypto-xbt-1abc"},
	} {
		if got := RecordID(entity.Source{List: tc.list, RecordID: tc.rec}); got != tc.want {
			t.Errorf("RecordID(%s, %s) = %s, want %s", tc.list, tc.rec, got, tc.want)
		}
	}
}
