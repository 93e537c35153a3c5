package uk

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/embargo/embargo/source"
)

type conListXLSX struct{}

func (conListXLSX) Name() string { return "uk-ofsi-xlsx" }

// Detect claims an XLSX workbook (a zip holding xl/ parts) whose content
// shows the ConList layout. Detect only sees the first 64 KiB, where the
// zip's central directory is not, so it walks the local file headers and
// inflates what it can of the shared strings and the first worksheet:
//   - shared strings (or inline strings) naming the ConList columns, or
//   - a first worksheet whose row 1 has one to three cells ("Last Updated",
//     date) and whose row 2 has at least 30 (the header),
//
// and, only when neither part is in reach, a file name containing "conlist".
// Parse checks the header properly.
func (conListXLSX) Detect(name string, head []byte) source.Role {
	if !bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return source.None
	}
	var xl bool
	var sst, sheet []byte
	var sheetSeen bool
	zipEntries(head, func(n string, method uint16, data []byte) {
		if strings.HasPrefix(n, "xl/") {
			xl = true
		}
		switch {
		case n == "xl/sharedStrings.xml" && sst == nil:
			sst = inflate(method, data, 64<<10)
		case strings.HasPrefix(n, "xl/worksheets/sheet") && !sheetSeen:
			sheetSeen = true
			sheet = inflate(method, data, 32<<10)
		}
	})
	if !xl {
		return source.None
	}
	hasCols := func(b []byte) bool {
		return bytes.Contains(b, []byte(">Group ID<")) && bytes.Contains(b, []byte(">Name 6<"))
	}
	if hasCols(sst) || hasCols(sheet) {
		return source.Main
	}
	if len(sheet) > 0 {
		r1, r2 := rowCells(sheet)
		if r1 >= 1 && r1 <= 3 && r2 >= 30 {
			return source.Main
		}
		if len(sst) == 0 && r2 > 0 {
			return source.None
		}
	}
	if len(sst) > 4096 || bytes.Contains(sheet, []byte("</sheetData>")) || bytes.Contains(head, []byte("PK\x05\x06")) {
		// The workbook's content was in reach and it is not a ConList.
		return source.None
	}
	if strings.Contains(strings.ToLower(name), "conlist") {
		return source.Main
	}
	return source.None
}

// zipEntries calls fn for every local file header found in the (possibly
// cut) zip bytes, with the entry's name, method and the compressed bytes in
// reach.
func zipEntries(b []byte, fn func(name string, method uint16, data []byte)) {
	sig := []byte("PK\x03\x04")
	for i := 0; i+30 <= len(b); {
		j := bytes.Index(b[i:], sig)
		if j < 0 {
			return
		}
		p := i + j
		if p+30 > len(b) {
			return
		}
		flags := binary.LittleEndian.Uint16(b[p+6:])
		method := binary.LittleEndian.Uint16(b[p+8:])
		csize := int(binary.LittleEndian.Uint32(b[p+18:]))
		nlen := int(binary.LittleEndian.Uint16(b[p+26:]))
		elen := int(binary.LittleEndian.Uint16(b[p+28:]))
		start := p + 30 + nlen + elen
		if nlen == 0 || nlen > 1024 || start > len(b) {
			i = p + 4
			continue
		}
		end := len(b)
		if flags&8 == 0 && csize > 0 && start+csize < end {
			end = start + csize
		}
		fn(string(b[p+30:p+30+nlen]), method, b[start:end])
		if flags&8 == 0 && csize > 0 {
			i = start + csize
		} else {
			i = start
		}
	}
}

// inflate decompresses up to max bytes of a stored or deflated entry; a cut
// stream gives what could be read.
func inflate(method uint16, data []byte, max int64) []byte {
	switch method {
	case 0:
		if int64(len(data)) > max {
			data = data[:max]
		}
		return data
	case 8:
		r := flate.NewReader(bytes.NewReader(data))
		out, _ := io.ReadAll(io.LimitReader(r, max))
		return out
	}
	return nil
}

// rowCells counts the cells of the first two <row> elements of a worksheet.
func rowCells(sheet []byte) (r1, r2 int) {
	rest := sheet
	for n := 0; n < 2; n++ {
		i := bytes.Index(rest, []byte("<row"))
		if i < 0 {
			return
		}
		rest = rest[i+4:]
		end := bytes.Index(rest, []byte("</row>"))
		if end < 0 {
			// cut: count what is there
			end = len(rest)
		}
		row := rest[:end]
		cells := bytes.Count(row, []byte("<c "))
		if n == 0 {
			r1 = cells
		} else {
			r2 = cells
		}
		rest = rest[end:]
	}
	return
}

// xlsxLimit bounds what excelize unzips; parts are kept in memory so that a
// corrupt or cut worksheet fails when it is opened instead of ending early.
const xlsxLimit = 1 << 30

func (conListXLSX) Parse(files []*source.File) (l *source.List, err error) {
	f := files[0]
	defer func() {
		// excelize is third-party code reading outside input: never let it
		// panic through a parse.
		if r := recover(); r != nil {
			l, err = nil, source.Errorf(f, 0, "workbook", "xlsx: unreadable workbook: %v", r)
		}
	}()
	x, err := excelize.OpenReader(bytes.NewReader(f.Data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    xlsxLimit,
		UnzipXMLSizeLimit: xlsxLimit,
	})
	if err != nil {
		return nil, source.Errorf(f, 0, "workbook", "xlsx: %v (truncated or not a workbook?)", err)
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) == 0 {
		return nil, source.Errorf(f, 0, "workbook", "xlsx: workbook has no sheet")
	}
	rows, err := x.Rows(sheets[0])
	if err != nil {
		return nil, source.Errorf(f, 0, sheets[0], "xlsx: %v", err)
	}
	defer rows.Close()
	var (
		cl        *conList
		header    []string
		published string
		lastUpd   string
		line, n   int
	)
	for rows.Next() {
		line++
		rec, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, source.Errorf(f, line, rowName(n+1), "xlsx: %v", err)
		}
		if allEmpty(rec) {
			continue
		}
		if cl == nil {
			if header == nil && lastUpd == "" && strings.EqualFold(clean(rec[0]), "Last Updated") && nonEmptyCount(rec) <= 3 {
				if len(rec) > 1 {
					lastUpd = excelDate(clean(rec[1]))
					published = isoDate(lastUpd)
				}
				continue
			}
			header = append([]string(nil), rec...)
			if cl, err = newConList(f, header, line); err != nil {
				return nil, err
			}
			if lastUpd != "" && published == "" {
				cl.notes.add("Last Updated date %q not understood; publication date left unset", lastUpd)
			}
			continue
		}
		n++
		if len(rec) > len(header) {
			for _, v := range rec[len(header):] {
				if strings.TrimSpace(v) != "" {
					return nil, source.Errorf(f, line, rowName(n), "wrong number of fields: %d cells, header has %d", len(rec), len(header))
				}
			}
			rec = rec[:len(header)]
		}
		for len(rec) < len(header) {
			rec = append(rec, "")
		}
		for _, c := range dateColumns {
			if i := cl.cols[c]; i >= 0 {
				rec[i] = excelDate(rec[i])
			}
		}
		if err := cl.row(rec, line, n); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		return nil, source.Errorf(f, line, rowName(n), "xlsx: %v", err)
	}
	if cl == nil {
		return nil, source.Errorf(f, line, "header", "no ConList header row in the first sheet")
	}
	return cl.finish(published, conListXLSX{}.Name())
}

func nonEmptyCount(rec []string) int {
	n := 0
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			n++
		}
	}
	return n
}

// excelDate turns an Excel date serial number ("44123", "44123.5") into
// dd/mm/yyyy; other text comes back unchanged. Four-digit numbers from 1800
// to 2200 are years ("1954"), not serials.
func excelDate(v string) string {
	v = strings.TrimSpace(v)
	if v == "" || len(v) > 12 {
		return v
	}
	for i := 0; i < len(v); i++ {
		if (v[i] < '0' || v[i] > '9') && v[i] != '.' {
			return v
		}
	}
	if len(v) == 4 {
		if y, err := strconv.Atoi(v); err == nil && y >= 1800 && y <= 2200 {
			return v
		}
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 1 || f > 2958465 {
		return v
	}
	days := int(math.Floor(f))
	t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days)
	return t.Format("02/01/2006")
}
