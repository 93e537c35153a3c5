package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
)

// maxSuspects bounds the records Verify keeps in memory to tell a moved
// record from an altered one.
const maxSuspects = 500

// Verify walks the chain in Seq order; see Store.
//
// For every row it recomputes the hash from the stored bytes and checks
// the Seq follows the previous one and PrevHash is the previous row's
// Hash. What it reports:
//
//   - deleted: a gap in Seq (the missing range is named), or the chain
//     head says records exist past the last row.
//   - inserted: rows exist past the chain head.
//   - altered: the row's content does not give its Hash.
//   - reordered: an altered row whose content does give its Hash under
//     the Seq of another altered row, or the Seq next to its own — it was
//     moved there (rows swapped, or renumbered to close a gap or to make
//     room for a forged row).
//   - broken_link: an intact row whose PrevHash is not the previous row's
//     Hash, with no gap to explain it.
//
// The walk streams; memory is bounded by MaxProblems and maxSuspects.
// Appends may go on meanwhile: the head is read before and after the
// walk, and rows committed after the walk started are simply not checked.
func (s *DB) Verify(ctx context.Context) (VerifyReport, error) {
	var rep VerifyReport
	before, err := s.head(ctx)
	if err != nil {
		return rep, err
	}
	rows, err := s.db.QueryContext(ctx, selectScreening+` ORDER BY seq`)
	if err != nil {
		return rep, fmt.Errorf("store: verify: %w", err)
	}
	defer rows.Close()
	add := func(p Problem) {
		if len(rep.Problems) >= MaxProblems {
			rep.Truncated = true
			return
		}
		rep.Problems = append(rep.Problems, p)
	}
	var suspects []storedRow // rows whose content does not give their hash
	var last Screening
	last.Hash = GenesisHash
	for rows.Next() {
		r, err := scanScreening(rows)
		if err != nil {
			return rep, fmt.Errorf("store: verify: %w", err)
		}
		rep.Records++
		cur := &r.s
		gap := cur.Seq != last.Seq+1
		if gap {
			kind, detail := ProblemDeleted, ""
			switch {
			case cur.Seq == last.Seq+2:
				detail = fmt.Sprintf("record %d is missing", last.Seq+1)
			case cur.Seq > last.Seq:
				detail = fmt.Sprintf("records %d to %d are missing", last.Seq+1, cur.Seq-1)
			default: // cannot happen with seq as the primary key; report, don't trust
				kind, detail = ProblemReordered, fmt.Sprintf("seq %d follows seq %d", cur.Seq, last.Seq)
			}
			add(Problem{Seq: last.Seq + 1, Kind: kind, Detail: detail})
		}
		intact := r.lvErr == nil && hashRecord(cur, []byte(r.listVersions), cur.Request, cur.Result) == cur.Hash
		switch {
		case !intact:
			if len(suspects) < maxSuspects {
				suspects = append(suspects, r)
			} else {
				add(Problem{Seq: cur.Seq, ID: cur.ID, Kind: ProblemAltered, Detail: "content does not match its hash"})
			}
		case !gap && cur.PrevHash != last.Hash:
			add(Problem{Seq: cur.Seq, ID: cur.ID, Kind: ProblemBrokenLink,
				Detail: fmt.Sprintf("prev_hash %.12s… is not the hash of record %d (%.12s…)", cur.PrevHash, last.Seq, last.Hash)})
		}
		last = *cur
	}
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("store: verify: %w", err)
	}
	rows.Close()
	after, err := s.head(ctx)
	if err != nil {
		return rep, err
	}
	rep.Head = after

	// A suspect that hashes right under another suspect's Seq was moved.
	for i := range suspects {
		r := &suspects[i]
		p := Problem{Seq: r.s.Seq, ID: r.s.ID, Kind: ProblemAltered, Detail: "content does not match its hash"}
		if r.lvErr != nil {
			p.Detail = "list_versions is not a JSON object of strings"
		}
		if r.lvErr == nil {
			// Where it may have come from: another suspect's place, or
			// next door (rows shifted to close a gap or open one).
			candidates := []int64{r.s.Seq - 1, r.s.Seq + 1}
			for j := range suspects {
				if j != i {
					candidates = append(candidates, suspects[j].s.Seq)
				}
			}
			for _, seq := range candidates {
				moved := r.s
				moved.Seq = seq
				if hashRecord(&moved, []byte(r.listVersions), moved.Request, moved.Result) == r.s.Hash {
					p.Kind, p.Detail = ProblemReordered, fmt.Sprintf("record written as seq %d is stored as seq %d", seq, r.s.Seq)
					break
				}
			}
		}
		add(p)
	}

	// The end of the chain against its head.
	switch {
	case last.Seq < before.Seq:
		detail := fmt.Sprintf("records %d to %d are missing at the end (the chain head is %d)", last.Seq+1, before.Seq, before.Seq)
		if last.Seq+1 == before.Seq {
			detail = fmt.Sprintf("record %d, the last, is missing", before.Seq)
		}
		add(Problem{Seq: last.Seq + 1, Kind: ProblemDeleted, Detail: detail})
	case last.Seq > after.Seq:
		add(Problem{Seq: after.Seq + 1, Kind: ProblemInserted,
			Detail: fmt.Sprintf("records %d to %d lie past the chain head (%d): the store did not write them", after.Seq+1, last.Seq, after.Seq)})
	case last.Seq == before.Seq && last.Hash != before.Hash:
		add(Problem{Seq: last.Seq, ID: last.ID, Kind: ProblemAltered,
			Detail: fmt.Sprintf("the last record's hash %.12s… is not the chain head's %.12s…", last.Hash, before.Hash)})
	}
	slices.SortStableFunc(rep.Problems, func(a, b Problem) int {
		switch {
		case a.Seq < b.Seq:
			return -1
		case a.Seq > b.Seq:
			return 1
		}
		return 0
	})
	rep.OK = len(rep.Problems) == 0 && !rep.Truncated
	return rep, nil
}

// head reads the chain head.
func (s *DB) head(ctx context.Context) (Head, error) {
	var h Head
	err := s.db.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE chain = 'screenings'`).Scan(&h.Seq, &h.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return h, errors.New("store: the chain head row is missing from audit_head (tampered with?)")
	}
	if err != nil {
		return h, fmt.Errorf("store: read chain head: %w", err)
	}
	return h, nil
}
