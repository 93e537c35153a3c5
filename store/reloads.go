package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// RecordReload records a reload attempt; see Store. Lists must be valid
// JSON or empty (stored as null).
func (s *DB) RecordReload(ctx context.Context, ev Reload) error {
	if ev.Time.IsZero() {
		ev.Time = time.Now()
	}
	lists, err := canonicalJSON(ev.Lists)
	if err != nil {
		return fmt.Errorf("store: reload lists: %w", err)
	}
	_, err = s.db.ExecContext(ctx, s.d.rebind(`INSERT INTO reloads (time, accepted, forced, dataset_version, reason, lists, by_whom) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		s.d.timeArg(ev.Time.UTC().Truncate(time.Microsecond)), ev.Accepted, ev.Forced,
		cleanString(ev.DatasetVersion), cleanString(ev.Reason), string(lists), cleanString(strings.TrimSpace(ev.By)))
	if err != nil {
		return fmt.Errorf("store: record reload: %w", err)
	}
	return nil
}

// DefaultReloads is how many reloads Reloads returns when limit is 0.
const DefaultReloads = 50

// Reloads returns the latest reloads, newest first; see Store.
func (s *DB) Reloads(ctx context.Context, limit int) ([]Reload, error) {
	switch {
	case limit <= 0:
		limit = DefaultReloads
	case limit > MaxLimit:
		limit = MaxLimit
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, time, accepted, forced, dataset_version, reason, lists, by_whom FROM reloads ORDER BY id DESC LIMIT `+strconv.Itoa(limit))
	if err != nil {
		return nil, fmt.Errorf("store: reloads: %w", err)
	}
	defer rows.Close()
	var out []Reload
	for rows.Next() {
		var r Reload
		var t dbTime
		var lists string
		if err := rows.Scan(&r.ID, &t, &r.Accepted, &r.Forced, &r.DatasetVersion, &r.Reason, &lists, &r.By); err != nil {
			return nil, fmt.Errorf("store: reloads: %w", err)
		}
		r.Time = t.t
		r.Lists = json.RawMessage(lists)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: reloads: %w", err)
	}
	return out, nil
}
