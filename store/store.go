package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver (pure Go)
)

// Errors returned by every Store. Compare with errors.Is.
var (
	// ErrNotFound: no key or screening has the given ID.
	ErrNotFound = errors.New("store: not found")
	// ErrUnauthorized: the secret belongs to no key, or to a revoked one.
	ErrUnauthorized = errors.New("store: unauthorized")
	// ErrBadCursor: a Screenings cursor that no page returned.
	ErrBadCursor = errors.New("store: bad cursor")
	// ErrClosed: the store was closed; nothing more is accepted.
	ErrClosed = errors.New("store: closed")
)

// Role is what an API key may do. The roles are ordered: admin can do
// everything review can, and review everything screen can.
type Role string

// The roles, weakest first.
const (
	RoleScreen Role = "screen" // screen names, payments and texts
	RoleReview Role = "review" // also read the audit trail and decide alerts
	RoleAdmin  Role = "admin"  // also manage keys and reload lists
)

func (r Role) rank() int {
	switch r {
	case RoleScreen:
		return 1
	case RoleReview:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// Valid reports whether r is one of the three roles.
func (r Role) Valid() bool { return r.rank() > 0 }

// Allows reports whether a key with role r may do what needs role need:
// admin ⊇ review ⊇ screen. An invalid role allows nothing.
func (r Role) Allows(need Role) bool { return r.Valid() && need.Valid() && r.rank() >= need.rank() }

// ParseRole parses "screen", "review" or "admin".
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !r.Valid() {
		return "", fmt.Errorf("store: unknown role %q (want screen, review or admin)", s)
	}
	return r, nil
}

// Key is an API key as stored: its secret is never kept, only sha256(secret).
type Key struct {
	ID       string     `json:"id"`   // "key_" + 26-character time-ordered ID
	Name     string     `json:"name"` // free text: who or what uses the key
	Role     Role       `json:"role"`
	Prefix   string     `json:"prefix"` // first 8 characters of the secret, for display
	Created  time.Time  `json:"created"`
	Revoked  *time.Time `json:"revoked,omitempty"`
	LastUsed *time.Time `json:"last_used,omitempty"` // updated at most once a minute
}

// Screening is one audit record: one screening request and its answer.
// Append fills Seq, ID (if empty), Time (if zero), PrevHash and Hash.
// See the package documentation for exactly what Hash covers.
type Screening struct {
	Seq        int64     `json:"seq"`         // 1, 2, 3, … with no gaps; a gap is a deletion
	ID         string    `json:"id"`          // "scr_" + 26-character time-ordered ID, unique
	Time       time.Time `json:"time"`        // UTC, microsecond precision
	KeyID      string    `json:"key_id"`      // the API key that asked ("" for the CLI)
	KeyName    string    `json:"key_name"`    // its name at the time
	Endpoint   string    `json:"endpoint"`    // "/v1/screen", "/match/default", "cli:screen", …
	RemoteAddr string    `json:"remote_addr"` // client address as the server saw it

	// Request is the query as received and Result the hits (id, score,
	// match, matched name, reasons). Append stores them in canonical form
	// (see the package documentation); they must be valid JSON or empty
	// (stored as null).
	Request json.RawMessage `json:"request"`
	Result  json.RawMessage `json:"result"`

	DatasetVersion string            `json:"dataset_version"`
	ListVersions   map[string]string `json:"list_versions"` // list id → sha256 of its source file
	Algorithm      string            `json:"algorithm"`     // matcher and names versions
	Threshold      float64           `json:"threshold"`
	Hits           int               `json:"hits"`    // hits returned
	Matches        int               `json:"matches"` // hits at or above the threshold

	PrevHash string `json:"prev_hash"` // hex sha256 of the previous record; 64 zeros for the first
	Hash     string `json:"hash"`      // hex sha256 of this record, see ComputeHash
}

// Filter selects screenings for Screenings. Zero fields select everything.
type Filter struct {
	Since   time.Time // Time >= Since
	Until   time.Time // Time < Until
	KeyID   string    // only this key's screenings
	Matched *bool     // true: Matches > 0; false: Matches == 0
	Cursor  string    // from a previous call: continue after its last record
	Limit   int       // default 100, at most 1000
}

// Problem is one finding of Verify.
type Problem struct {
	Seq    int64  `json:"seq"`
	ID     string `json:"id,omitempty"`
	Kind   string `json:"kind"` // one of the Problem* constants
	Detail string `json:"detail"`
}

// Kinds of Problem.
const (
	// ProblemAltered: a record's content no longer matches its hash (a
	// field or the hash itself was edited, or the row was forged).
	ProblemAltered = "altered"
	// ProblemDeleted: records are missing (a gap in Seq, or the chain head
	// says there were more records than the table holds).
	ProblemDeleted = "deleted"
	// ProblemReordered: an intact record sits at another Seq than the one
	// it was written with (rows were swapped or renumbered).
	ProblemReordered = "reordered"
	// ProblemBrokenLink: an intact record does not follow the record
	// before it (its PrevHash is not that record's Hash).
	ProblemBrokenLink = "broken_link"
	// ProblemInserted: records exist past the chain head, so the store did
	// not write them.
	ProblemInserted = "inserted"
)

// Head is the end of the chain: the last record's Seq and Hash. Writing it
// down somewhere else (a log, a ticket) lets a later Verify prove that
// nothing before it was rewritten.
type Head struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// VerifyReport is what Verify found.
type VerifyReport struct {
	Records   int       `json:"records"` // records walked
	OK        bool      `json:"ok"`      // no problems
	Head      Head      `json:"head"`    // the chain head as recorded by the store
	Problems  []Problem `json:"problems,omitempty"`
	Truncated bool      `json:"truncated,omitempty"` // more problems than MaxProblems; the rest are not listed
}

// MaxProblems is the most problems a VerifyReport lists.
const MaxProblems = 1000

// Reload is one attempt to load a new dataset, accepted or refused.
type Reload struct {
	ID             int64           `json:"id"` // assigned by RecordReload
	Time           time.Time       `json:"time"`
	Accepted       bool            `json:"accepted"`
	Forced         bool            `json:"forced"` // accepted despite a failed check
	DatasetVersion string          `json:"dataset_version"`
	Reason         string          `json:"reason"` // why it was refused (or forced)
	Lists          json.RawMessage `json:"lists"`  // per-list detail: versions, counts, diff
	By             string          `json:"by"`     // key name, "cli", "schedule", …
}

// Store keeps API keys, the hash-chained audit trail of screenings and the
// history of list reloads. It is safe for concurrent use.
type Store interface {
	// CreateKey makes a key and returns it with its secret, which is
	// "emb_" + 32 random bytes in unpadded base64url. Only sha256(secret)
	// is stored: the secret cannot be shown again.
	CreateKey(ctx context.Context, name string, role Role) (Key, string, error)
	// ListKeys returns every key, revoked ones included, oldest first.
	ListKeys(ctx context.Context) ([]Key, error)
	// RevokeKey revokes a key (again is no error); ErrNotFound if no such key.
	RevokeKey(ctx context.Context, id string) error
	// Authenticate returns the live key whose secret this is, or
	// ErrUnauthorized.
	Authenticate(ctx context.Context, secret string) (Key, error)

	// Append adds a record to the audit chain and returns once it is
	// committed. On success s holds its Seq, ID, Time, PrevHash and Hash.
	Append(ctx context.Context, s *Screening) error
	// AppendBatch adds several records atomically (one transaction): all
	// are committed, in order, or none.
	AppendBatch(ctx context.Context, ss []*Screening) error
	// Screening returns one record by ID, or ErrNotFound.
	Screening(ctx context.Context, id string) (*Screening, error)
	// Screenings lists records newest first. The cursor it returns is ""
	// when there are no more.
	Screenings(ctx context.Context, f Filter) ([]Screening, string, error)
	// Export writes every record with Time >= since, oldest first, as JSON
	// lines (each a full Screening, hashes included), and returns how many.
	Export(ctx context.Context, since time.Time, w io.Writer) (int, error)
	// Verify walks the whole chain in Seq order and reports every problem.
	Verify(ctx context.Context) (VerifyReport, error)

	// RecordReload records a reload attempt; ev.Time defaults to now.
	RecordReload(ctx context.Context, ev Reload) error
	// Reloads returns the latest reloads, newest first (limit default 50, at most 1000).
	Reloads(ctx context.Context, limit int) ([]Reload, error)

	Ping(ctx context.Context) error
	// Close waits for queued Appends to commit, then closes the database.
	Close() error
}

// Options tune a store. The zero value is ready to use.
type Options struct {
	Logger *slog.Logger // default slog.Default()
	// MaxBatch is the most records the writer commits in one transaction
	// (default 256). An AppendBatch larger than it is still one transaction.
	MaxBatch int
	// MaxWait is how long the writer waits, after the first record of a
	// batch, for more records before committing (default 2ms). Negative:
	// never wait — commit whatever is queued as soon as the last commit ends.
	MaxWait time.Duration
	// FullSync makes SQLite fsync at every commit (synchronous=FULL), which
	// also survives power loss; the default (NORMAL) survives a killed
	// process. See Open. No effect on PostgreSQL, which is durable per its
	// own configuration.
	FullSync bool
}

// Limits on Options.
const (
	DefaultMaxBatch = 256
	DefaultMaxWait  = 2 * time.Millisecond
	maxMaxBatch     = 10000
	maxMaxWait      = time.Second
)

// Validate reports every problem with o at once.
func (o Options) Validate() error {
	var errs []error
	if o.MaxBatch < 0 || o.MaxBatch > maxMaxBatch {
		errs = append(errs, fmt.Errorf("store: MaxBatch %d out of range 0..%d", o.MaxBatch, maxMaxBatch))
	}
	if o.MaxWait > maxMaxWait {
		errs = append(errs, fmt.Errorf("store: MaxWait %v longer than %v", o.MaxWait, maxMaxWait))
	}
	return errors.Join(errs...)
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.MaxBatch == 0 {
		o.MaxBatch = DefaultMaxBatch
	}
	if o.MaxWait == 0 {
		o.MaxWait = DefaultMaxWait
	}
	return o
}

// DB is the Store on database/sql, for SQLite and PostgreSQL alike.
type DB struct {
	db     *sql.DB
	d      *dialect
	opt    Options
	log    *slog.Logger
	queue  chan *appendReq
	mu     sync.RWMutex // guards closed against sends on queue
	closed bool
	done   chan struct{} // closed when the writer has exited
	// SQLite: the background WAL checkpointer (see checkpointer).
	stopCkpt, ckptDone chan struct{}
	keyUsed            sync.Map // key ID → time.Time of the last LastUsed write
}

var _ Store = (*DB)(nil)

// Open opens a store and brings its schema up to date.
//
// url selects the backend:
//   - "postgres://…" or "postgresql://…": PostgreSQL, through pgx; any
//     connection parameter pgx knows works, e.g. search_path=myschema.
//   - "sqlite:PATH", "file:PATH" or a plain PATH: SQLite (modernc.org/sqlite,
//     pure Go) in that file, created if missing; ":memory:" is a private
//     in-memory database (one connection; for examples and tests).
//
// SQLite runs with journal_mode=WAL, synchronous=NORMAL and
// busy_timeout=10s. Why NORMAL is enough for a killed server: in WAL mode a
// commit appends the transaction's pages to the -wal file with write(2)
// before Commit returns; synchronous=NORMAL only skips the fsync, which
// is deferred to checkpoints. A process killed with SIGKILL (or a panic,
// or OOM) cannot take data already written to the kernel with it: the
// pages are in the OS page cache and the next open replays the WAL. What
// NORMAL can lose is the last commits before a power cut or kernel crash
// — never corrupt the database — and Options.FullSync closes that too.
func Open(ctx context.Context, url string, opt Options) (*DB, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	opt = opt.withDefaults()
	d, driver, dsn, err := parseURL(url, opt)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", d.name, err)
	}
	if d.memory {
		// Every connection to ":memory:" is its own database: keep one.
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
	} else {
		db.SetMaxOpenConns(16)
		db.SetMaxIdleConns(16)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", d.name, err)
	}
	if err := migrate(ctx, db, d); err != nil {
		db.Close()
		return nil, err
	}
	s := &DB{
		db:    db,
		d:     d,
		opt:   opt,
		log:   opt.Logger.With("component", "store", "backend", d.name),
		queue: make(chan *appendReq, 4*opt.MaxBatch),
		done:  make(chan struct{}),
	}
	go s.writer()
	if d.name == "sqlite" && !d.memory {
		s.stopCkpt = make(chan struct{})
		s.ckptDone = make(chan struct{})
		go s.checkpointer()
	}
	return s, nil
}

// SQL returns the underlying database, for tests and auditors. Writing
// through it bypasses the hash chain (and is what Verify exists to catch).
func (s *DB) SQL() *sql.DB { return s.db }

// Dialect returns "sqlite" or "postgres".
func (s *DB) Dialect() string { return s.d.name }

// Ping checks the database answers.
func (s *DB) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Close stops taking Appends, waits until every queued one is committed
// (or has failed), and closes the database. Calling it again is no error.
func (s *DB) Close() error {
	s.mu.Lock()
	already := s.closed
	if !already {
		s.closed = true
		close(s.queue)
	}
	s.mu.Unlock()
	<-s.done
	if already {
		return nil
	}
	if s.stopCkpt != nil {
		close(s.stopCkpt)
		<-s.ckptDone
	}
	return s.db.Close()
}

// checkpointInterval is how often the SQLite checkpointer runs, and
// maxWALBacklog how many WAL frames (pages, 4 KiB by default) it lets
// stay uncopied before it forces a blocking checkpoint.
const (
	checkpointInterval = 250 * time.Millisecond
	maxWALBacklog      = 256 << 10
)

// walRestartFrames is the WAL length (frames) past which the checkpointer
// restarts the WAL. Under steady load the writer is nearly always inside
// a transaction, so the PASSIVE checkpoints never find the WAL wholly
// copied at the moment a write begins, which is when SQLite starts the
// file over: without a restart the WAL grows without end (gigabytes in
// minutes at 5,000 screenings a second). A RESTART checkpoint waits for
// the current batch, holds the next ones while it copies the frames the
// last PASSIVE ones left and syncs (a few milliseconds, sometimes tens
// when the disk is slow to sync), then lets the next commit start the
// file over; journal_size_limit trims it. 65,536 frames of 4 KiB is 256
// MiB: a restart every ten seconds or so at 5,000 screenings a second
// (about 5 KB of WAL each). A variable for tests.
var walRestartFrames int64 = 64 << 10

// checkpointer copies the SQLite WAL back into the database file from its
// own connection. Automatic checkpoints are off (wal_autocheckpoint=0)
// because SQLite runs them inside the commit that crosses the threshold,
// fsync included, which put tens of milliseconds on that batch's
// Appends. A PASSIVE checkpoint runs beside the writer without blocking
// it; once the whole WAL is copied, the next commit starts the WAL file
// over, so it does not grow. On Close a final TRUNCATE checkpoint leaves
// an empty WAL.
func (s *DB) checkpointer() {
	defer close(s.ckptDone)
	tick := time.NewTicker(checkpointInterval)
	defer tick.Stop()
	for {
		select {
		case <-s.stopCkpt:
			if _, err := s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
				s.log.Warn("final WAL checkpoint failed", "err", err)
			}
			return
		case <-tick.C:
			// Columns: busy (0/1), frames in the WAL, frames copied.
			var busy, frames, copied int64
			if err := s.db.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied); err != nil {
				s.log.Warn("WAL checkpoint failed", "err", err)
				continue
			}
			switch {
			case frames-copied > maxWALBacklog:
				// Readers kept the WAL from being copied: wait for
				// them (writers wait too, up to busy_timeout) rather
				// than let the file grow without end.
				s.log.Warn("WAL checkpoint behind; forcing one", "frames", frames, "copied", copied)
				if _, err := s.db.Exec(`PRAGMA wal_checkpoint(RESTART)`); err != nil {
					s.log.Warn("WAL checkpoint failed", "err", err)
				}
			case frames > walRestartFrames:
				// Two more PASSIVE rounds first, each copying what was
				// committed during the one before, so that the RESTART,
				// which holds the writer, has little left to copy.
				for range 2 {
					if _, err := s.db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
						s.log.Warn("WAL checkpoint failed", "err", err)
					}
				}
				start := time.Now()
				if _, err := s.db.Exec(`PRAGMA wal_checkpoint(RESTART)`); err != nil {
					s.log.Warn("WAL restart failed", "err", err)
				}
				s.log.Debug("WAL restarted", "frames", frames, "took", time.Since(start))
			}
		}
	}
}

// dialect is what differs between the two backends.
type dialect struct {
	name   string // "sqlite" or "postgres"
	memory bool   // SQLite ":memory:"
	// rebind turns the "?" placeholders every query is written with into
	// the backend's own.
	rebind func(string) string
	// headLock is appended to the chain-head SELECT inside the writer's
	// transaction. SQLite needs nothing: the transaction is BEGIN
	// IMMEDIATE (_txlock=immediate), so it holds the database's one write
	// lock from the start.
	headLock string
	// timeArg converts a time for a query argument: SQLite stores TEXT in
	// a fixed-width UTC form that sorts like the time; PostgreSQL a
	// timestamptz.
	timeArg func(time.Time) any
}

// sqliteTime is how SQLite stores times: fixed width, so text order is
// time order, microsecond precision, always UTC.
const sqliteTime = "2006-01-02T15:04:05.000000Z"

var (
	sqliteDialect = dialect{
		name:     "sqlite",
		rebind:   func(q string) string { return q },
		timeArg:  func(t time.Time) any { return t.UTC().Format(sqliteTime) },
		headLock: "",
	}
	postgresDialect = dialect{
		name:     "postgres",
		rebind:   dollarPlaceholders,
		timeArg:  func(t time.Time) any { return t.UTC() },
		headLock: " FOR UPDATE",
	}
)

// dollarPlaceholders rewrites ? to $1, $2, … (our queries have no ? in literals).
func dollarPlaceholders(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// parseURL picks the backend and builds the driver's DSN.
func parseURL(raw string, opt Options) (d *dialect, driver, dsn string, err error) {
	raw = strings.TrimSpace(raw)
	switch {
	case raw == "":
		return nil, "", "", errors.New("store: empty database URL (want a file path, sqlite:PATH or postgres://…)")
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		if _, err := url.Parse(raw); err != nil {
			return nil, "", "", fmt.Errorf("store: bad PostgreSQL URL: %w", err)
		}
		pd := postgresDialect
		return &pd, "pgx", raw, nil
	}
	path := raw
	for _, p := range []string{"sqlite://", "sqlite:", "file:"} {
		if strings.HasPrefix(path, p) {
			path = path[len(p):]
			break
		}
	}
	var extra string
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, extra = path[:i], path[i+1:]
	}
	if path == "" {
		return nil, "", "", fmt.Errorf("store: %q names no SQLite file", raw)
	}
	sd := sqliteDialect
	sd.memory = path == ":memory:"
	syncMode := "NORMAL"
	if opt.FullSync {
		syncMode = "FULL"
	}
	// busy_timeout first: switching to WAL needs a lock another opener may hold.
	q := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(" + syncMode + ")&_pragma=wal_autocheckpoint(0)&_pragma=journal_size_limit(268435456)&_txlock=immediate"
	if extra != "" {
		q += "&" + extra
	}
	// A plain path (no "file:"), so SQLite takes it literally and the
	// driver strips the query.
	return &sd, "sqlite", path + "?" + q, nil
}
