package fetch

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"testing"

	"github.com/embargo/embargo/internal/shared"
	"github.com/embargo/embargo/source"
	"github.com/embargo/embargo/source/un"
)

// TestIntegrationUN fetches the real UN consolidated list from a local server:
// the January file, then the February one.
func TestIntegrationUN(t *testing.T) {
	older, err := os.ReadFile(shared.Lists(t, "archive", "un-2026-01-28", "consolidated.xml"))
	if err != nil {
		t.Fatal(err)
	}
	newer, err := os.ReadFile(shared.Lists(t, "current", "un-2026-02-27", "consolidated.xml"))
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(t)
	s.set("/resources/xml/en/consolidated.xml", older)
	c := newCache(t, t.TempDir())
	c.Formats = []source.Format{un.Consolidated}
	r := Remote{ID: "un-sc", Title: "UN Security Council Consolidated List", Files: []RemoteFile{
		{Name: "consolidated.xml", URL: s.URL + "/resources/xml/en/consolidated.xml"},
	}}

	v1 := fetchOne(t, c, r, Options{})
	wantStatus(t, v1, Updated)
	if v1.Entities != 999 || v1.Published != "2026-01-28" {
		t.Errorf("first version: %d entities, published %q; want 999, 2026-01-28", v1.Entities, v1.Published)
	}
	wantStatus(t, fetchOne(t, c, r, Options{}), Unchanged)

	s.set("/resources/xml/en/consolidated.xml", newer)
	v2 := fetchOne(t, c, r, Options{})
	wantStatus(t, v2, Updated)
	sum := sha256.Sum256(newer)
	if v2.Entities != 1003 || v2.Published != "2026-02-27" || v2.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("second version %+v", v2)
	}

	vs, err := c.Versions("un-sc")
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions: %d (%v), want 2", len(vs), err)
	}
	if vs[0].Name != v2.Version || !vs[0].Current || vs[1].Name != v1.Version || vs[1].Current {
		t.Errorf("versions %+v", vs)
	}
	if vs[0].Format != un.Consolidated.Name() || vs[0].Published != "2026-02-27" || vs[1].Published != "2026-01-28" {
		t.Errorf("version metadata: %+v / %+v", vs[0].Meta, vs[1].Meta)
	}

	requireLoaderFollowsDirLinks(t)
	lists, _, err := source.Load(c.CurrentDir(), c.Formats, source.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(lists) != 1 || lists[0].ID != "un-sc" || len(lists[0].Entities) != 1003 ||
		lists[0].Published != "2026-02-27" || lists[0].SHA256 != v2.SHA256 {
		t.Errorf("current loads %d lists: %+v", len(lists), lists)
	}

	// Serving the January file again is refused (older publication date)
	// unless forced.
	s.set("/resources/xml/en/consolidated.xml", older)
	wantStatus(t, fetchOne(t, c, r, Options{}), Refused)
	v3 := fetchOne(t, c, r, Options{Force: true})
	wantStatus(t, v3, Updated)
	if v3.Entities != 999 {
		t.Errorf("forced version %+v", v3)
	}
}
