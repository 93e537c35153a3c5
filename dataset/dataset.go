// Package dataset turns parsed lists into one immutable, versioned snapshot
// of listed entities: it assigns stable entity ids, merges records that the
// lists themselves say are the same party (a shared OFAC uid, UN reference
// number or UK sanctions list reference), and computes the dataset version
// recorded with every screening. Diff compares two snapshots.
package dataset

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/names"
	"github.com/embargo/embargo/source"
)

// ListInfo describes one loaded list version.
type ListInfo struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Format    string   `json:"format"`
	Published string   `json:"published,omitempty"`
	SHA256    string   `json:"sha256"`
	Files     []string `json:"files"`
	Records   int      `json:"entities"` // records read from the list, before merging across lists
	Declared  int      `json:"declared,omitempty"`
	Notes     []string `json:"notes,omitempty"`
}

// Snapshot is an immutable set of listed entities built from lists.
type Snapshot struct {
	// Version identifies the data: the newest publication date and a hash
	// of every list's content hash, e.g. "20260227-3f2a9c1b04d2".
	Version  string           `json:"version"`
	Lists    []ListInfo       `json:"lists"`
	Entities []*entity.Entity `json:"-"` // merged, sorted by ID
	Built    time.Time        `json:"built"`

	byID    map[string]*entity.Entity
	alias   map[string]string // record-level id → merged id
	records map[string][]*entity.Entity
}

// maxGroup bounds how many records one merge key may join; a key shared by
// more records than this is taken as a data error and not used.
const maxGroup = 12

// listRank orders list families by authority when choosing a merged id:
// the UN designates, national lists implement.
func listRank(list string) int {
	switch {
	case strings.HasPrefix(list, "un-"):
		return 0
	case strings.HasPrefix(list, "ofac-"):
		return 1
	case strings.HasPrefix(list, "eu-"):
		return 2
	case strings.HasPrefix(list, "uk-"):
		return 3
	case strings.HasPrefix(list, "us-"):
		return 4
	}
	return 5
}

// RecordID returns the id of a single list record: "<list>-<record id>",
// lower-cased, with characters outside [a-z0-9._-] replaced by '-'.
func RecordID(s entity.Source) string {
	rid := s.RecordID
	// FtM ids often carry the dataset name already: eu-fsf-135909
	if l := strings.TrimSuffix(s.List, "@"); strings.HasPrefix(strings.ToLower(strings.ReplaceAll(rid, "_", "-")), strings.ToLower(l)+"-") {
		return sanitize(rid)
	}
	return sanitize(s.List + "-" + rid)
}

func sanitize(s string) string {
	b := []byte(strings.ToLower(s))
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c == '@') {
			b[i] = '-'
		}
	}
	return string(b)
}

// Build merges the entities of lists into a snapshot. The lists' entities
// are not modified; merged entities are new values.
func Build(lists []*source.List) *Snapshot {
	s := &Snapshot{
		Built:   time.Now().UTC(),
		byID:    map[string]*entity.Entity{},
		alias:   map[string]string{},
		records: map[string][]*entity.Entity{},
	}
	var recs []*entity.Entity
	for _, l := range lists {
		s.Lists = append(s.Lists, ListInfo{
			ID: l.ID, Title: l.Title, Format: l.Format, Published: l.Published, SHA256: l.SHA256,
			Files: l.Files, Records: len(l.Entities), Declared: l.Declared, Notes: l.Notes,
		})
		recs = append(recs, l.Entities...)
	}
	sort.Slice(s.Lists, func(i, j int) bool { return s.Lists[i].ID < s.Lists[j].ID })

	// union-find over records by merge key
	parent := make([]int, len(recs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	byKey := map[string][]int{}
	for i, r := range recs {
		for _, k := range r.MergeKeys {
			byKey[k] = append(byKey[k], i)
		}
		for _, k := range personKeys(r) {
			byKey[k] = append(byKey[k], i)
		}
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		members := byKey[k]
		if len(members) < 2 || len(members) > maxGroup {
			continue
		}
		for _, m := range members[1:] {
			a, b := find(members[0]), find(m)
			if a != b && schemaClash(recs[a], recs[b]) {
				continue
			}
			if a != b {
				parent[b] = a
			}
		}
	}
	groups := map[int][]int{}
	var roots []int
	for i := range recs {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], i)
	}
	for _, r := range roots {
		members := groups[r]
		sort.SliceStable(members, func(a, b int) bool {
			sa, sb := recs[members[a]].Sources[0], recs[members[b]].Sources[0]
			if ra, rb := listRank(sa.List), listRank(sb.List); ra != rb {
				return ra < rb
			}
			return RecordID(sa) < RecordID(sb)
		})
		var rs []*entity.Entity
		for _, m := range members {
			rs = append(rs, recs[m])
		}
		e := merge(rs)
		if _, dup := s.byID[e.ID]; dup {
			// two records with the same list and record id (a list that repeats
			// an id): keep both, distinguishable.
			for n := 2; ; n++ {
				id := fmt.Sprintf("%s~%d", e.ID, n)
				if _, taken := s.byID[id]; !taken {
					e.ID = id
					break
				}
			}
		}
		s.byID[e.ID] = e
		s.records[e.ID] = rs
		for _, rec := range rs {
			for _, src := range rec.Sources {
				if rid := RecordID(src); rid != e.ID {
					if _, taken := s.alias[rid]; !taken {
						s.alias[rid] = e.ID
					}
				}
			}
		}
		s.Entities = append(s.Entities, e)
	}
	sort.Slice(s.Entities, func(i, j int) bool { return s.Entities[i].ID < s.Entities[j].ID })
	s.Version = version(s.Lists)
	return s
}

func schemaClash(a, b *entity.Entity) bool {
	pa, pb := a.Schema == entity.Person, b.Schema == entity.Person
	return pa != pb && a.Schema != "" && b.Schema != ""
}

// merge combines records of one party; the first record is the most
// authoritative and gives the id and primary names.
func merge(rs []*entity.Entity) *entity.Entity {
	first := rs[0]
	e := &entity.Entity{
		ID:     RecordID(first.Sources[0]),
		Schema: first.Schema,
		Gender: first.Gender,
	}
	for _, r := range rs {
		if e.Schema == entity.LegalEntity && r.Schema != entity.LegalEntity && r.Schema != "" {
			e.Schema = r.Schema // the more specific schema
		}
		if e.Gender == "" {
			e.Gender = r.Gender
		}
		for _, n := range r.Names {
			e.AddName(n)
		}
		for _, d := range r.BirthDates {
			e.AddBirthDate(d)
		}
		for _, p := range r.BirthPlaces {
			entity.AddString(&e.BirthPlaces, p)
		}
		for _, c := range r.Nationalities {
			entity.AddCountry(&e.Nationalities, c)
		}
		for _, c := range r.Citizenships {
			entity.AddCountry(&e.Citizenships, c)
		}
		for _, c := range r.Countries {
			entity.AddCountry(&e.Countries, c)
		}
		for _, id := range r.Identifiers {
			e.AddIdentifier(id)
		}
		e.Addresses = append(e.Addresses, r.Addresses...)
		for _, p := range r.Programs {
			entity.AddString(&e.Programs, p)
		}
		for _, p := range r.Positions {
			entity.AddString(&e.Positions, p)
		}
		if r.ListedOn != "" && (e.ListedOn == "" || r.ListedOn < e.ListedOn) {
			e.ListedOn = r.ListedOn
		}
		if e.Remarks == "" {
			e.Remarks = r.Remarks
		}
		for k, vs := range r.Properties {
			for _, v := range vs {
				e.AddProperty(k, v)
			}
		}
		e.Sources = append(e.Sources, r.Sources...)
		for _, k := range r.MergeKeys {
			entity.AddString(&e.MergeKeys, k)
		}
	}
	return e
}

func version(lists []ListInfo) string {
	h := sha256.New()
	newest := ""
	for _, l := range lists {
		fmt.Fprintf(h, "%s %s\n", l.ID, l.SHA256)
		if l.Published > newest {
			newest = l.Published
		}
	}
	d := strings.ReplaceAll(newest, "-", "")
	if d == "" {
		d = "00000000"
	}
	return d + "-" + hex.EncodeToString(h.Sum(nil))[:12]
}

// Entity returns the entity with the given id, which may also be the id of
// one of its records ("ofac-sdn-35096"); nil when unknown.
func (s *Snapshot) Entity(id string) *entity.Entity {
	id = strings.ToLower(id)
	if e, ok := s.byID[id]; ok {
		return e
	}
	if m, ok := s.alias[id]; ok {
		return s.byID[m]
	}
	return nil
}

// Records returns the source records merged into the entity with the given id.
func (s *Snapshot) Records(id string) []*entity.Entity {
	e := s.Entity(id)
	if e == nil {
		return nil
	}
	return s.records[e.ID]
}

// List returns the info of a loaded list, or nil.
func (s *Snapshot) List(id string) *ListInfo {
	for i := range s.Lists {
		if s.Lists[i].ID == id {
			return &s.Lists[i]
		}
	}
	return nil
}

// Count returns the number of merged entities.
func (s *Snapshot) Count() int { return len(s.Entities) }

// Records count across all lists, before merging.
func (s *Snapshot) RecordCount() int {
	n := 0
	for _, l := range s.Lists {
		n += l.Records
	}
	return n
}

// personKeys derives merge keys that identify a person across lists that
// share no reference numbers: the same full name (words in any order) and
// the same full date of birth. Two different people with the same name and
// birth date are vanishingly rare, and merging them would not hide a hit.
func personKeys(e *entity.Entity) []string {
	if e.Schema != entity.Person {
		return nil
	}
	var dobs []string
	for _, d := range e.BirthDates {
		if d.Day > 0 && d.Month > 0 && d.ToYear == 0 && !d.Circa {
			dobs = append(dobs, d.String())
		}
	}
	if len(dobs) == 0 {
		return nil
	}
	var keys []string
	for _, n := range e.Names {
		if n.Kind == entity.WeakAlias {
			continue
		}
		words := strings.Fields(names.Fold(n.Full))
		if len(words) < 2 {
			continue
		}
		sort.Strings(words)
		for _, d := range dobs {
			keys = append(keys, "person:"+strings.Join(words, " ")+"|"+d)
		}
	}
	return keys
}
