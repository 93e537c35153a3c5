package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"time"
)

// Group commit.
//
// Every Append goes through one writer goroutine per store. The caller's
// goroutine does the expensive, order-free work first (canonical JSON, the
// hash preimage of the caller's fields), then queues the record and
// waits. The writer takes the first queued request, gathers more until it
// has MaxBatch records or MaxWait has passed since the first (with a
// negative MaxWait it takes only what is already queued), and commits
// them in one transaction:
//
//	BEGIN                                 -- SQLite: BEGIN IMMEDIATE (the write lock)
//	SELECT seq, hash FROM audit_head …    -- PostgreSQL: … FOR UPDATE (the head row lock)
//	assign Seq, ID, Time, PrevHash, Hash in queue order, chaining from the head
//	INSERT INTO screenings … (multi-row)
//	UPDATE audit_head SET seq, hash
//	COMMIT
//
// and only then wakes the waiters. Because the chain is extended only by
// the writer, and always from the head read inside its own transaction,
// concurrent Appends can never fork it, and a failed commit leaves nothing
// to repair: the next transaction reads the head again. Two server
// processes on one PostgreSQL database serialise on the head row lock
// (chosen over an advisory lock because it is an ordinary row lock that
// any SQL tool shows and that is taken by the same statement that reads
// the head); on SQLite the database write lock does the same.
//
// If the INSERT of a batch of several requests fails, each request is
// retried alone, so one bad record (say, a caller-supplied duplicate ID)
// fails only its own caller; any other failure goes to every waiter at
// once. Close closes the queue; the writer commits what is left and exits.

// appendReq is one Append or AppendBatch call: committed all together.
type appendReq struct {
	items []*pending
	err   error
	done  chan struct{}
}

// pending is one record on its way in.
type pending struct {
	rec      Screening // the caller's record, cleaned; filled in by the writer
	autoID   bool
	autoTime bool
	lv       string // list_versions as stored
	tail     []byte // preimage tail (caller's fields), see appendPreimageTail
}

// prepare validates and canonicalises a caller's record.
func prepare(r *Screening) (*pending, error) {
	p := &pending{rec: *r}
	s := &p.rec
	for _, f := range []*string{&s.ID, &s.KeyID, &s.KeyName, &s.Endpoint, &s.RemoteAddr, &s.DatasetVersion, &s.Algorithm} {
		*f = cleanString(*f)
	}
	switch {
	case s.ID == "":
		p.autoID = true
	case len(s.ID) > 128 || strings.TrimSpace(s.ID) != s.ID:
		return nil, fmt.Errorf("store: screening ID %q: at most 128 characters, no surrounding space", s.ID)
	}
	if s.Time.IsZero() {
		p.autoTime = true
	} else {
		s.Time = s.Time.UTC().Truncate(time.Microsecond)
		if y := s.Time.Year(); y < 1 || y > 9999 {
			return nil, fmt.Errorf("store: screening time %v out of range", s.Time)
		}
	}
	if !validFloat(s.Threshold) {
		return nil, fmt.Errorf("store: threshold %v is not a number JSON can hold", s.Threshold)
	}
	if s.Hits < 0 || s.Hits > math.MaxInt32 || s.Matches < 0 || s.Matches > math.MaxInt32 {
		return nil, fmt.Errorf("store: hits %d / matches %d out of range", s.Hits, s.Matches)
	}
	var err error
	if s.Request, err = canonicalJSON(s.Request); err != nil {
		return nil, fmt.Errorf("store: request: %w", err)
	}
	if s.Result, err = canonicalJSON(s.Result); err != nil {
		return nil, fmt.Errorf("store: result: %w", err)
	}
	lv := appendListVersions(nil, s.ListVersions)
	p.lv = string(lv)
	n := 128 + len(lv) + len(s.Request) + len(s.Result) + len(s.Algorithm)
	for _, f := range []string{s.KeyID, s.KeyName, s.Endpoint, s.RemoteAddr, s.DatasetVersion} {
		n += len(f) + len(f)/8 // room for a few escapes
	}
	p.tail = appendPreimageTail(make([]byte, 0, n), s, lv, s.Request, s.Result)
	return p, nil
}

// Append adds one record to the chain; see Store. It returns when the
// record is committed. If ctx ends while the record is queued or being
// committed, Append returns ctx.Err() and the record may still be
// committed — the audit trail may hold a screening whose answer was never
// sent, never the reverse. s is filled in only on success.
func (s *DB) Append(ctx context.Context, rec *Screening) error {
	return s.AppendBatch(ctx, []*Screening{rec})
}

// AppendBatch adds records in one transaction, in order; see Store.
func (s *DB) AppendBatch(ctx context.Context, recs []*Screening) error {
	if len(recs) == 0 {
		return nil
	}
	req := &appendReq{items: make([]*pending, len(recs)), done: make(chan struct{})}
	for i, r := range recs {
		p, err := prepare(r)
		if err != nil {
			if len(recs) > 1 {
				err = fmt.Errorf("record %d: %w", i, err)
			}
			return err
		}
		req.items[i] = p
	}
	if err := s.enqueue(ctx, req); err != nil {
		return err
	}
	select {
	case <-req.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if req.err != nil {
		return req.err
	}
	for i, p := range req.items {
		*recs[i] = p.rec
	}
	return nil
}

func (s *DB) enqueue(ctx context.Context, req *appendReq) error {
	if err := ctx.Err(); err != nil {
		return err // select below would pick at random between ready cases
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	select {
	case s.queue <- req:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// writer is the one goroutine that extends the chain.
func (s *DB) writer() {
	defer close(s.done)
	w := &chainWriter{db: s, ids: newIDGen(), inserts: map[int]*sql.Stmt{}}
	defer w.close()
	var timer *time.Timer
	if s.opt.MaxWait > 0 {
		timer = time.NewTimer(time.Hour)
		timer.Stop()
	}
	var batch []*appendReq
	for {
		first, ok := <-s.queue
		if !ok {
			return
		}
		batch = append(batch[:0], first)
		n := len(first.items)
		if timer != nil {
			timer.Reset(s.opt.MaxWait)
		}
	collect:
		for n < s.opt.MaxBatch {
			var r *appendReq
			if timer == nil {
				select {
				case r, ok = <-s.queue:
				default:
					break collect
				}
			} else {
				select {
				case r, ok = <-s.queue:
				case <-timer.C:
					break collect
				}
			}
			if !ok {
				break // queue closed: commit this batch; the outer receive then ends the loop
			}
			batch = append(batch, r)
			n += len(r.items)
		}
		if timer != nil {
			timer.Stop()
		}
		w.commit(batch)
		clear(batch)
	}
}

// chainWriter is the writer goroutine's state.
type chainWriter struct {
	db      *DB
	ids     *idGen
	inserts map[int]*sql.Stmt // prepared multi-row INSERT per chunk size
	buf     []byte
}

// close releases the prepared statements.
func (w *chainWriter) close() {
	for _, st := range w.inserts {
		st.Close()
	}
}

// insertError is a failed INSERT of a batch's records: the one failure
// that a record, rather than the database, may have caused.
type insertError struct{ err error }

func (e *insertError) Error() string { return "insert: " + e.err.Error() }
func (e *insertError) Unwrap() error { return e.err }

// commitTimeout bounds one batch transaction.
const commitTimeout = 30 * time.Second

// commit commits a batch and wakes its waiters; see the Group commit notes.
func (w *chainWriter) commit(batch []*appendReq) {
	start := time.Now()
	err := w.commitTx(batch)
	if w.db.log.Enabled(context.Background(), slog.LevelDebug) {
		n := 0
		for _, r := range batch {
			n += len(r.items)
		}
		w.db.log.Debug("audit batch", "records", n, "took", time.Since(start), "err", err)
	}
	var insertErr *insertError
	if errors.As(err, &insertErr) && len(batch) > 1 {
		// A record may be at fault (say, a duplicate ID): give each
		// request its own transaction. Other failures (connection,
		// lock, commit) would only fail again, slower, so they go
		// straight back to every waiter.
		w.db.log.Warn("audit batch failed; retrying its requests one by one", "requests", len(batch), "err", err)
		for _, r := range batch {
			w.finish(r, w.commitTx([]*appendReq{r}))
		}
		return
	}
	for _, r := range batch {
		w.finish(r, err)
	}
}

func (w *chainWriter) finish(r *appendReq, err error) {
	if err != nil {
		r.err = fmt.Errorf("store: append: %w", err)
	}
	close(r.done)
}

// insertCols are the screenings columns, in the order every query lists them.
const insertCols = "seq, id, time, key_id, key_name, endpoint, remote_addr, request, result, dataset_version, list_versions, algorithm, threshold, hits, matches, prev_hash, hash"

// insertChunks are the row counts of the prepared multi-row INSERTs a
// batch is split into (largest first). Prepared once, so SQLite does not
// parse a long INSERT per batch; 64 rows × 17 parameters stays far below
// both backends' parameter limits.
var insertChunks = []int{64, 16, 4, 1}

// chunkSize is the largest of insertChunks that fits in rows (rows > 0).
func chunkSize(rows int) int {
	for _, c := range insertChunks {
		if c <= rows {
			return c
		}
	}
	return 1
}

// insertStmt returns the prepared INSERT for rows rows.
func (w *chainWriter) insertStmt(ctx context.Context, rows int) (*sql.Stmt, error) {
	if st, ok := w.inserts[rows]; ok {
		return st, nil
	}
	var b strings.Builder
	b.WriteString("INSERT INTO screenings (" + insertCols + ") VALUES ")
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
	}
	st, err := w.db.db.PrepareContext(ctx, w.db.d.rebind(b.String()))
	if err != nil {
		return nil, err
	}
	w.inserts[rows] = st
	return st, nil
}

// commitTx chains and commits the batch in one transaction. The records
// are updated only in the pending copies; on error they are reassigned by
// the next attempt.
func (w *chainWriter) commitTx(batch []*appendReq) error {
	d := w.db.d
	ctx, cancel := context.WithTimeout(context.Background(), commitTimeout)
	defer cancel()
	var items []*pending
	for _, r := range batch {
		items = append(items, r.items...)
	}
	// Prepare before BEGIN: with one connection (":memory:") the
	// transaction holds it and a prepare inside would wait forever.
	for rest := len(items); rest > 0; {
		n := chunkSize(rest)
		if _, err := w.insertStmt(ctx, n); err != nil {
			return fmt.Errorf("prepare insert: %w", err)
		}
		rest -= n
	}
	tx, err := w.db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var seq int64
	var prev string
	if err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE chain = 'screenings'`+d.headLock).Scan(&seq, &prev); err != nil {
		return fmt.Errorf("read chain head: %w", err)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	for _, p := range items {
		s := &p.rec
		seq++
		s.Seq = seq
		s.PrevHash = prev
		if p.autoTime {
			s.Time = now
		}
		if p.autoID {
			s.ID = "scr_" + w.ids.next(now)
		}
		w.buf = appendPreimageHead(w.buf[:0], s.PrevHash, s.Seq, s.ID, s.Time)
		w.buf = append(w.buf, p.tail...)
		sum := sha256.Sum256(w.buf)
		s.Hash = hex.EncodeToString(sum[:])
		prev = s.Hash
	}
	args := make([]any, 0, 17*insertChunks[0])
	for rest := items; len(rest) > 0; {
		n := chunkSize(len(rest))
		st := w.inserts[n]
		args = args[:0]
		for _, p := range rest[:n] {
			s := &p.rec
			args = append(args, s.Seq, s.ID, d.timeArg(s.Time), s.KeyID, s.KeyName, s.Endpoint, s.RemoteAddr,
				string(s.Request), string(s.Result), s.DatasetVersion, p.lv, s.Algorithm, s.Threshold,
				s.Hits, s.Matches, s.PrevHash, s.Hash)
		}
		if _, err := tx.StmtContext(ctx, st).ExecContext(ctx, args...); err != nil {
			return &insertError{err}
		}
		rest = rest[n:]
	}
	res, err := tx.ExecContext(ctx, d.rebind(`UPDATE audit_head SET seq = ?, hash = ? WHERE chain = 'screenings'`), seq, prev)
	if err != nil {
		return fmt.Errorf("update chain head: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n != 1 {
		return errors.New("update chain head: no head row")
	}
	return tx.Commit()
}
