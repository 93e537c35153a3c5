package web

import (
	"reflect"
	"testing"
)

func TestJSONPath(t *testing.T) {
	type Inner struct {
		Name string `json:"name"`
	}
	type Row struct {
		Inner
		Ref string `json:"ref"`
	}
	type Outer struct {
		Inner
		Parties []Row  `json:"parties"`
		Other   *Inner `json:"other"`
	}
	root := reflect.TypeFor[*Outer]()
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Inner.name", "name"},
		{"parties.Inner.name", "parties.name"},
		{"parties.ref", "parties.ref"},
		{"other.name", "other.name"},
		{"unknown.Inner", "unknown.Inner"},
	} {
		if got := jsonPath(root, tc.in); got != tc.want {
			t.Errorf("jsonPath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
