package store

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

const selectScreening = `SELECT ` + insertCols + ` FROM screenings`

// storedRow is a screenings row with its JSON columns as stored.
type storedRow struct {
	s            Screening
	listVersions string
	lvErr        error // list_versions is not a JSON object of strings
}

func scanScreening(sc interface{ Scan(...any) error }) (storedRow, error) {
	var r storedRow
	var t dbTime
	var req, res string
	s := &r.s
	if err := sc.Scan(&s.Seq, &s.ID, &t, &s.KeyID, &s.KeyName, &s.Endpoint, &s.RemoteAddr, &req, &res,
		&s.DatasetVersion, &r.listVersions, &s.Algorithm, &s.Threshold, &s.Hits, &s.Matches, &s.PrevHash, &s.Hash); err != nil {
		return r, err
	}
	s.Time = t.t
	s.Request = json.RawMessage(req)
	s.Result = json.RawMessage(res)
	if r.listVersions != "null" {
		r.lvErr = json.Unmarshal([]byte(r.listVersions), &s.ListVersions)
	}
	return r, nil
}

// Screening returns one record; see Store.
func (s *DB) Screening(ctx context.Context, id string) (*Screening, error) {
	r, err := scanScreening(s.db.QueryRowContext(ctx, s.d.rebind(selectScreening+` WHERE id = ?`), id))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("%w: screening %q", ErrNotFound, id)
	case err != nil:
		return nil, fmt.Errorf("store: screening: %w", err)
	}
	return &r.s, nil
}

// Page sizes for Screenings.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Screenings lists records newest first; see Store. The cursor is the Seq
// of the last record returned, as text; "" when there are no more.
func (s *DB) Screenings(ctx context.Context, f Filter) ([]Screening, string, error) {
	limit := f.Limit
	switch {
	case limit <= 0:
		limit = DefaultLimit
	case limit > MaxLimit:
		limit = MaxLimit
	}
	var where []string
	var args []any
	if f.Cursor != "" {
		after, err := strconv.ParseInt(f.Cursor, 10, 64)
		if err != nil || after < 1 {
			return nil, "", fmt.Errorf("%w %q", ErrBadCursor, f.Cursor)
		}
		where, args = append(where, "seq < ?"), append(args, after)
	}
	if !f.Since.IsZero() {
		where, args = append(where, "time >= ?"), append(args, s.d.timeArg(f.Since))
	}
	if !f.Until.IsZero() {
		where, args = append(where, "time < ?"), append(args, s.d.timeArg(f.Until))
	}
	if f.KeyID != "" {
		where, args = append(where, "key_id = ?"), append(args, f.KeyID)
	}
	if f.Matched != nil {
		if *f.Matched {
			where = append(where, "matches > 0")
		} else {
			where = append(where, "matches = 0")
		}
	}
	q := selectScreening
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY seq DESC LIMIT " + strconv.Itoa(limit+1)
	rows, err := s.db.QueryContext(ctx, s.d.rebind(q), args...)
	if err != nil {
		return nil, "", fmt.Errorf("store: screenings: %w", err)
	}
	defer rows.Close()
	out := make([]Screening, 0, min(limit, 64))
	for rows.Next() {
		r, err := scanScreening(rows)
		if err != nil {
			return nil, "", fmt.Errorf("store: screenings: %w", err)
		}
		out = append(out, r.s)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("store: screenings: %w", err)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = strconv.FormatInt(out[limit-1].Seq, 10)
	}
	return out, next, nil
}

// Export writes records as JSON lines, oldest first; see Store. Each line
// is a Screening as encoding/json writes it (field names as in its json
// tags, time in RFC 3339 with up to 6 fractional digits). A record whose
// stored JSON no longer parses (it was tampered with) stops the export
// with an error naming its Seq; run Verify.
func (s *DB) Export(ctx context.Context, since time.Time, w io.Writer) (int, error) {
	q := selectScreening
	var args []any
	if !since.IsZero() {
		q += " WHERE time >= ?"
		args = append(args, s.d.timeArg(since))
	}
	q += " ORDER BY seq"
	rows, err := s.db.QueryContext(ctx, s.d.rebind(q), args...)
	if err != nil {
		return 0, fmt.Errorf("store: export: %w", err)
	}
	defer rows.Close()
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	n := 0
	for rows.Next() {
		r, err := scanScreening(rows)
		if err != nil {
			return n, fmt.Errorf("store: export: %w", err)
		}
		if r.lvErr != nil {
			return n, fmt.Errorf("store: export: record %d: stored list_versions is not valid: %v", r.s.Seq, r.lvErr)
		}
		if err := enc.Encode(&r.s); err != nil {
			return n, fmt.Errorf("store: export: record %d: %w", r.s.Seq, err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("store: export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("store: export: %w", err)
	}
	return n, nil
}
