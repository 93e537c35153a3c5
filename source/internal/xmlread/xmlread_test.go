package xmlread

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/embargo/embargo/source"
)

func TestRootElement(t *testing.T) {
	for _, tc := range []struct{ head, local, space string }{
		{`<export xmlns="urn:a"><x/>`, "export", "urn:a"},
		{"\xef\xbb\xbf \r\n<?xml version=\"1.0\"?>\n<!-- c --><!DOCTYPE x><LIST>", "LIST", ""},
		{`<p:export xmlns="urn:default" xmlns:p="urn:p">`, "export", "urn:p"},
		{`<p:export xmlns="urn:default">`, "export", ""}, // the default namespace is not p's
		{`<export xmlns:p="urn:p">`, "export", ""},
		{`<?xml version="1.0"?>`, "", ""}, // no element in the prefix
		{"name,dob\n", "", ""},
		{"", "", ""},
		{strings.Repeat("<!-- -->", 100) + "<x>", "", ""}, // looks no further than 64 tokens
	} {
		local, space := RootElement([]byte(tc.head))
		if local != tc.local || space != tc.space {
			t.Errorf("RootElement(%q) = %q, %q; want %q, %q", tc.head, local, space, tc.local, tc.space)
		}
	}
}

func TestReader(t *testing.T) {
	r := &Reader{File: &source.File{Path: "l.xml", Data: []byte("\xef\xbb\xbf<a>\n<b>\n")}, List: &source.List{}}
	r.Start()
	if len(r.Data) != len(r.File.Data)-3 {
		t.Errorf("Data keeps the BOM: %q", r.Data)
	}
	var err error
	for err == nil {
		_, err = r.Dec.Token()
	}
	if got, want := r.ErrAt("a/b", err).Error(), "l.xml:3 (a/b): unexpected end of file (truncated download?): "; !strings.HasPrefix(got, want) {
		t.Errorf("truncated: %q; want it to start with %q", got, want)
	}
	if got := r.ErrAt("a", io.ErrUnexpectedEOF).Error(); !strings.Contains(got, "truncated") {
		t.Errorf("io.ErrUnexpectedEOF: %q", got)
	}
	if got, want := r.ErrAt("a", errors.New("bad")).Error(), "l.xml:3 (a): bad"; got != want {
		t.Errorf("other error: %q; want %q", got, want)
	}
	r.Note("x %d", 1)
	r.Note("y")
	r.Note("x %d", 1)
	if got := strings.Join(r.List.Notes, "|"); got != "x 1|y" {
		t.Errorf("notes %q; want each once, in order", got)
	}
}
