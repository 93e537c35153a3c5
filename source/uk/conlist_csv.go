package uk

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/embargo/embargo/source"
)

type conListCSV struct{}

func (conListCSV) Name() string { return "uk-ofsi-csv" }

// Detect claims a CSV whose first line is "Last Updated,<date>" followed by
// the ConList header, or that starts with the ConList header itself (it must
// hold the exact columns "Name 6", "Group Type" and "Group ID"; the FCDO CSV
// has "OFSI Group ID" instead and is not claimed).
func (conListCSV) Detect(name string, head []byte) source.Role {
	head = trimHead(head)
	if len(head) == 0 || head[0] == '<' || head[0] == '{' || head[0] == '[' || bytes.HasPrefix(head, []byte("PK")) {
		return source.None
	}
	r := csv.NewReader(bytes.NewReader(head))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	for i := 0; i < 2; i++ {
		rec, err := r.Read()
		if err != nil {
			return source.None
		}
		// "Last Updated,10/04/2025", possibly padded with empty fields
		if i == 0 && len(rec) >= 1 && nonEmptyCount(rec) <= 3 && strings.EqualFold(clean(rec[0]), "Last Updated") {
			continue
		}
		if isConListHeader(rec) {
			return source.Main
		}
		return source.None
	}
	return source.None
}

// trimHead strips a UTF-8 BOM and leading white space.
func trimHead(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	return bytes.TrimLeft(b, " \t\r\n")
}

func (conListCSV) Parse(files []*source.File) (*source.List, error) {
	f := files[0]
	data := bytes.TrimPrefix(f.Data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true

	csvErr := func(err error, record string) error {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return source.Errorf(f, pe.StartLine, record, "%v", pe.Err)
		}
		return source.Errorf(f, 0, record, "%v", err)
	}

	first, err := r.Read()
	if err == io.EOF {
		return nil, source.Errorf(f, 1, "", "empty file")
	}
	if err != nil {
		return nil, csvErr(err, "header")
	}
	published := ""
	headerLine := 1
	var header []string
	if strings.EqualFold(clean(first[0]), "Last Updated") && nonEmptyCount(first) <= 3 {
		if len(first) > 1 {
			published = isoDate(first[1])
		}
		rec, err := r.Read()
		if err == io.EOF {
			return nil, source.Errorf(f, 2, "header", "no header after the Last Updated line: truncated file")
		}
		if err != nil {
			return nil, csvErr(err, "header")
		}
		header = append([]string(nil), rec...)
		headerLine, _ = r.FieldPos(0)
	} else {
		header = append([]string(nil), first...)
	}
	cl, err := newConList(f, header, headerLine)
	if err != nil {
		return nil, err
	}
	if len(first) > 1 && published == "" && clean(first[1]) != "" && strings.EqualFold(clean(first[0]), "Last Updated") && nonEmptyCount(first) <= 3 {
		cl.notes.add("Last Updated date %q not understood; publication date left unset", clean(first[1]))
	}
	r.FieldsPerRecord = len(header)
	for n := 1; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(err, rowName(n))
		}
		if allEmpty(rec) {
			continue
		}
		line, _ := r.FieldPos(0)
		if err := cl.row(rec, line, n); err != nil {
			return nil, err
		}
	}
	return cl.finish(published, conListCSV{}.Name())
}

func allEmpty(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}
