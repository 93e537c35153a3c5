package dataset

import (
	"fmt"
	"sort"
	"strings"
)

// ListChange compares one list between two snapshots.
type ListChange struct {
	ID           string   `json:"id"`
	OldPublished string   `json:"old_published,omitempty"`
	NewPublished string   `json:"new_published,omitempty"`
	OldSHA256    string   `json:"old_sha256,omitempty"`
	NewSHA256    string   `json:"new_sha256,omitempty"`
	OldCount     int      `json:"old_count"`
	NewCount     int      `json:"new_count"`
	Added        []string `json:"added,omitempty"`   // record ids only in the new version
	Removed      []string `json:"removed,omitempty"` // record ids only in the old version
	Status       string   `json:"status"`            // unchanged, changed, added, removed
}

// Diff compares the lists of two snapshots record by record. old may be nil.
func Diff(old, new *Snapshot) []ListChange {
	records := func(s *Snapshot) map[string]map[string]bool {
		out := map[string]map[string]bool{}
		if s == nil {
			return out
		}
		for _, rs := range s.records {
			for _, r := range rs {
				for _, src := range r.Sources {
					if out[src.List] == nil {
						out[src.List] = map[string]bool{}
					}
					out[src.List][src.RecordID] = true
				}
			}
		}
		return out
	}
	or, nr := records(old), records(new)
	ids := map[string]bool{}
	info := func(s *Snapshot, id string) *ListInfo {
		if s == nil {
			return nil
		}
		return s.List(id)
	}
	if old != nil {
		for _, l := range old.Lists {
			ids[l.ID] = true
		}
	}
	for _, l := range new.Lists {
		ids[l.ID] = true
	}
	var out []ListChange
	for id := range ids {
		c := ListChange{ID: id}
		ol, nl := info(old, id), info(new, id)
		if ol != nil {
			c.OldPublished, c.OldSHA256, c.OldCount = ol.Published, ol.SHA256, ol.Records
		}
		if nl != nil {
			c.NewPublished, c.NewSHA256, c.NewCount = nl.Published, nl.SHA256, nl.Records
		}
		for r := range nr[id] {
			if !or[id][r] {
				c.Added = append(c.Added, r)
			}
		}
		for r := range or[id] {
			if !nr[id][r] {
				c.Removed = append(c.Removed, r)
			}
		}
		sort.Strings(c.Added)
		sort.Strings(c.Removed)
		switch {
		case ol == nil:
			c.Status = "added"
		case nl == nil:
			c.Status = "removed"
		case ol.SHA256 == nl.SHA256:
			c.Status = "unchanged"
		default:
			c.Status = "changed"
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// DefaultMaxDrop is the largest fall in a list's entity count, as a share of
// the loaded version's, that a reload accepts without being forced.
const DefaultMaxDrop = 0.10

// Check returns why a new snapshot should not replace the old one: a list
// that disappeared, or whose entity count fell by more than maxDrop. An
// empty result means the new snapshot is acceptable.
func Check(changes []ListChange, maxDrop float64) []string {
	var problems []string
	for _, c := range changes {
		switch {
		case c.Status == "removed":
			problems = append(problems, fmt.Sprintf("list %s is missing from the new data (had %d entities)", c.ID, c.OldCount))
		case c.Status == "changed" && c.OldCount > 0 && float64(c.OldCount-c.NewCount) > maxDrop*float64(c.OldCount):
			problems = append(problems, fmt.Sprintf("list %s fell from %d to %d entities (-%.1f%%, more than %.0f%%)",
				c.ID, c.OldCount, c.NewCount, 100*float64(c.OldCount-c.NewCount)/float64(c.OldCount), 100*maxDrop))
		}
	}
	return problems
}

// Summary renders changes in one line per changed list.
func Summary(changes []ListChange) string {
	var b strings.Builder
	for _, c := range changes {
		if c.Status == "unchanged" {
			continue
		}
		fmt.Fprintf(&b, "%s %s: %d → %d entities (+%d −%d); ", c.ID, c.Status, c.OldCount, c.NewCount, len(c.Added), len(c.Removed))
	}
	return strings.TrimSuffix(b.String(), "; ")
}

// ListVersions maps each list id to its content hash, as recorded with
// every screening.
func (s *Snapshot) ListVersions() map[string]string {
	m := make(map[string]string, len(s.Lists))
	for _, l := range s.Lists {
		m[l.ID] = l.SHA256
	}
	return m
}
