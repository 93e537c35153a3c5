// Package storetest is the conformance suite every store backend passes:
// the store package runs it against SQLite and PostgreSQL, so both behave
// the same.
//
//	func TestSQLite(t *testing.T) { storetest.Run(t, storetest.SQLiteURL) }
//
// Run takes a function that returns the URL of a fresh, empty database
// for one test (rather than an opened Store) because the suite must open
// the same database more than once: to reopen it after Close, after a
// killed process, and with other Options.
package storetest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/embargo/embargo/store"
)

// SQLiteURL returns a SQLite database file in a fresh temporary directory.
func SQLiteURL(t *testing.T) string {
	return "sqlite:" + t.TempDir() + "/embargo.db"
}

// CIPostgres is where CI runs PostgreSQL.
const CIPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// PostgresBase returns $EMBARGO_TEST_POSTGRES, the PostgreSQL database the
// tests run in (each on its own schema, see PostgresURL). Without it the
// test is skipped, except under CI=true, where it is CIPostgres: CI must
// test both backends, and fails if that does not answer.
func PostgresBase(t testing.TB) string {
	t.Helper()
	if u := os.Getenv("EMBARGO_TEST_POSTGRES"); u != "" {
		return u
	}
	if os.Getenv("CI") != "true" {
		t.Skip("EMBARGO_TEST_POSTGRES is not set (e.g. " + CIPostgres + ")")
	}
	return CIPostgres
}

// PostgresURL creates a schema with a random name in the database at base,
// returns base with search_path set to it, and drops the schema (cascade)
// when the test ends.
func PostgresURL(t testing.TB, base string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("bad PostgreSQL URL: %v", err)
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	schema := "embargo_test_" + hex.EncodeToString(rnd[:])
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		db.Close()
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
		}
		db.Close()
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Run runs the suite; newURL must return a fresh, empty database per call.
func Run(t *testing.T, newURL func(t *testing.T) string) {
	tests := []struct {
		name string
		fn   func(t *testing.T, newURL func(t *testing.T) string)
	}{
		{"keys", testKeys},
		{"key_roles", testRoles},
		{"append", testAppend},
		{"append_bad_input", testAppendBadInput},
		{"append_batch", testAppendBatch},
		{"failed_batch_isolated", testFailedBatchIsolated},
		{"database_failure", testDatabaseFailure},
		{"screenings_paging", testScreeningsPaging},
		{"screenings_filters", testScreeningsFilters},
		{"export", testExport},
		{"verify_clean", testVerifyClean},
		{"verify_tampering", testVerifyTampering},
		{"concurrent_appends", testConcurrentAppends},
		{"two_writers", testTwoWriters},
		{"reopen", testReopen},
		{"close_drains", testCloseDrains},
		{"kill", testKill},
		{"reloads", testReloads},
		{"migrations", testMigrations},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newURL) })
	}
}

var ctx = context.Background()

// open opens a store and closes it when the test ends.
func open(t *testing.T, url string, opt store.Options) *store.DB {
	t.Helper()
	s, err := store.Open(ctx, url, opt)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// sample returns the i-th made-up screening.
func sample(i int) *store.Screening {
	matches := 0
	result := `[]`
	if i%3 == 0 {
		matches = 1
		result = fmt.Sprintf(`[{"id":"ofac-%d","score":0.93,"match":true,"name":"PERSON %d"}]`, i, i)
	}
	return &store.Screening{
		KeyID:          []string{"key_a", "key_b"}[i%2],
		KeyName:        []string{"alpha", "beta"}[i%2],
		Endpoint:       "/v1/screen",
		RemoteAddr:     "127.0.0.1:5000",
		Request:        json.RawMessage(fmt.Sprintf(`{"name": "Person %d", "country": "RU"}`, i)),
		Result:         json.RawMessage(result),
		DatasetVersion: "ds-1",
		ListVersions:   map[string]string{"us_ofac_sdn": "aa11", "un_sc": "bb22"},
		Algorithm:      "match/3 names/5",
		Threshold:      0.85,
		Hits:           matches,
		Matches:        matches,
	}
}

func appendN(t *testing.T, s store.Store, n int) []store.Screening {
	t.Helper()
	var out []store.Screening
	for i := range n {
		rec := sample(i)
		if err := s.Append(ctx, rec); err != nil {
			t.Fatalf("Append %d: %v", i, err)
		}
		out = append(out, *rec)
	}
	return out
}

// samples returns the first n made-up screenings.
func samples(n int) []*store.Screening {
	recs := make([]*store.Screening, n)
	for i := range recs {
		recs[i] = sample(i)
	}
	return recs
}

// appendConcurrently appends each record from its own goroutine, so that
// they share group commits, and returns each Append's error.
func appendConcurrently(s store.Store, recs []*store.Screening) []error {
	errs := make([]error, len(recs))
	var wg sync.WaitGroup
	for i, rec := range recs {
		wg.Go(func() { errs[i] = s.Append(ctx, rec) })
	}
	wg.Wait()
	return errs
}

// syncBuffer is a bytes.Buffer safe for a logger's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

var idPattern = regexp.MustCompile(`^scr_[0-9A-HJKMNP-TV-Z]{26}$`)

func testKeys(t *testing.T, newURL func(t *testing.T) string) {
	s := open(t, newURL(t), store.Options{})
	k1, secret1, err := s.CreateKey(ctx, "web frontend", store.RoleScreen)
	if err != nil {
		t.Fatal(err)
	}
	k2, secret2, err := s.CreateKey(ctx, "analyst", store.RoleReview)
	if err != nil {
		t.Fatal(err)
	}
	for _, sec := range []string{secret1, secret2} {
		if !regexp.MustCompile(`^emb_[A-Za-z0-9_-]{43}$`).MatchString(sec) {
			t.Errorf("secret %q: want emb_ + 43 base64url characters", sec)
		}
	}
	if k1.Prefix != secret1[:8] || !strings.HasPrefix(k1.ID, "key_") || k1.Role != store.RoleScreen || k1.Name != "web frontend" {
		t.Errorf("created key = %+v", k1)
	}
	if secret1 == secret2 || k1.ID == k2.ID {
		t.Error("two keys share a secret or an ID")
	}

	keys, err := s.ListKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]store.Key{k1, k2}, keys); diff != "" {
		t.Errorf("ListKeys (-want +got):\n%s", diff)
	}

	// Hashed at rest: no column of api_keys holds the secret.
	rows, err := s.SQL().Query(`SELECT * FROM api_keys`)
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	var hashes []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			text := fmt.Sprintf("%s", v)
			for _, sec := range []string{secret1, secret2} {
				if strings.Contains(text, sec[8:]) {
					t.Errorf("column %s holds a secret: %q", cols[i], text)
				}
			}
			if cols[i] == "secret_hash" {
				hashes = append(hashes, text)
			}
		}
	}
	rows.Close()
	sum := sha256.Sum256([]byte(secret1))
	if !slices.Contains(hashes, hex.EncodeToString(sum[:])) {
		t.Errorf("secret_hash values %q do not include sha256(secret1)", hashes)
	}

	got, err := s.Authenticate(ctx, secret1)
	if err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
	if got.ID != k1.ID || got.Role != store.RoleScreen || got.LastUsed == nil {
		t.Errorf("Authenticate = %+v", got)
	}
	again, err := s.Authenticate(ctx, secret1)
	if err != nil {
		t.Fatal(err)
	}
	if again.LastUsed == nil || !again.LastUsed.Equal(*got.LastUsed) {
		t.Errorf("LastUsed moved within a minute: %v then %v", got.LastUsed, again.LastUsed)
	}
	for _, bad := range []string{"", "emb_", secret1 + "x", secret1[:len(secret1)-1], "Bearer " + secret1, strings.ToUpper(secret1)} {
		if _, err := s.Authenticate(ctx, bad); !errors.Is(err, store.ErrUnauthorized) {
			t.Errorf("Authenticate(%q) = %v, want ErrUnauthorized", bad, err)
		}
	}

	if err := s.RevokeKey(ctx, k1.ID); err != nil {
		t.Fatalf("RevokeKey: %v", err)
	}
	if err := s.RevokeKey(ctx, k1.ID); err != nil {
		t.Errorf("RevokeKey twice: %v", err)
	}
	if err := s.RevokeKey(ctx, "key_nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RevokeKey(unknown) = %v, want ErrNotFound", err)
	}
	if _, err := s.Authenticate(ctx, secret1); !errors.Is(err, store.ErrUnauthorized) {
		t.Errorf("Authenticate(revoked) = %v, want ErrUnauthorized", err)
	}
	if _, err := s.Authenticate(ctx, secret2); err != nil {
		t.Errorf("revoking one key broke another: %v", err)
	}
	keys, _ = s.ListKeys(ctx)
	if len(keys) != 2 || keys[0].Revoked == nil || keys[1].Revoked != nil || keys[0].LastUsed == nil {
		t.Errorf("after revoke, ListKeys = %+v", keys)
	}

	_, _, err = s.CreateKey(ctx, "  ", "root")
	if err == nil || !strings.Contains(err.Error(), "name") || !strings.Contains(err.Error(), "role") {
		t.Errorf("CreateKey(blank, bad role) = %v, want both problems reported", err)
	}
}

func testRoles(t *testing.T, _ func(t *testing.T) string) {
	tests := []struct {
		have, need store.Role
		want       bool
	}{
		{store.RoleScreen, store.RoleScreen, true},
		{store.RoleScreen, store.RoleReview, false},
		{store.RoleScreen, store.RoleAdmin, false},
		{store.RoleReview, store.RoleScreen, true},
		{store.RoleReview, store.RoleReview, true},
		{store.RoleReview, store.RoleAdmin, false},
		{store.RoleAdmin, store.RoleScreen, true},
		{store.RoleAdmin, store.RoleReview, true},
		{store.RoleAdmin, store.RoleAdmin, true},
		{"root", store.RoleScreen, false},
		{store.RoleAdmin, "root", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got := tt.have.Allows(tt.need); got != tt.want {
			t.Errorf("%q.Allows(%q) = %v, want %v", tt.have, tt.need, got, tt.want)
		}
	}
	for in, want := range map[string]store.Role{"screen": store.RoleScreen, " Admin ": store.RoleAdmin, "review": store.RoleReview} {
		if got, err := store.ParseRole(in); err != nil || got != want {
			t.Errorf("ParseRole(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := store.ParseRole("superuser"); err == nil {
		t.Error("ParseRole(superuser) succeeded")
	}
}

func testAppend(t *testing.T, newURL func(t *testing.T) string) {
	s := open(t, newURL(t), store.Options{})
	start := time.Now().UTC().Truncate(time.Microsecond)
	recs := appendN(t, s, 3)
	prev := store.GenesisHash
	for i, r := range recs {
		if r.Seq != int64(i+1) {
			t.Errorf("record %d: Seq = %d", i, r.Seq)
		}
		if !idPattern.MatchString(r.ID) {
			t.Errorf("record %d: ID %q is not scr_ + 26 Crockford base32", i, r.ID)
		}
		if r.Time.Location() != time.UTC || r.Time.Nanosecond()%1000 != 0 || r.Time.Before(start) || r.Time.After(time.Now()) {
			t.Errorf("record %d: Time = %v", i, r.Time)
		}
		if r.PrevHash != prev || r.Hash != r.ComputeHash() || len(r.Hash) != 64 {
			t.Errorf("record %d: PrevHash %s Hash %s (computed %s, previous %s)", i, r.PrevHash, r.Hash, r.ComputeHash(), prev)
		}
		prev = r.Hash
		if i > 0 && r.ID <= recs[i-1].ID {
			t.Errorf("IDs not increasing: %s then %s", recs[i-1].ID, r.ID)
		}
	}
	if got, want := string(recs[0].Request), `{"name":"Person 0","country":"RU"}`; got != want {
		t.Errorf("stored request %s, want canonical %s", got, want)
	}
	for _, r := range recs {
		got, err := s.Screening(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(r, *got); diff != "" {
			t.Errorf("Screening(%s) (-appended +read):\n%s", r.ID, diff)
		}
		if got.ComputeHash() != got.Hash {
			t.Errorf("record %s does not re-verify after a round trip", r.ID)
		}
	}
	if _, err := s.Screening(ctx, "scr_nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Screening(unknown) = %v, want ErrNotFound", err)
	}

	// Caller-supplied ID and Time are kept (time to the microsecond, UTC);
	// JSON is canonicalised: whitespace dropped, keys in order, escapes as jq writes them.
	when := time.Date(2024, 2, 29, 23, 59, 58, 123456789, time.FixedZone("X", 3600))
	rec := &store.Screening{
		ID: "scr_custom", Time: when, Endpoint: "/match/default", Threshold: 1e-7,
		Request: json.RawMessage(" {\"z\" : \"\\u00e9\\u003c\\/\", \"a\":[1.50, 1e2, true, null]}\n"),
		Result:  json.RawMessage(`{"hits":[{"reasons":{"b":1,"a":2}}]}`),
	}
	if err := s.Append(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if rec.ID != "scr_custom" || !rec.Time.Equal(when.Truncate(time.Microsecond)) || rec.Time.Location() != time.UTC {
		t.Errorf("custom ID/time not kept: %s %v", rec.ID, rec.Time)
	}
	if got, want := string(rec.Request), `{"z":"é</","a":[1.50,1e2,true,null]}`; got != want {
		t.Errorf("canonical request = %s, want %s", got, want)
	}
	if rec.ListVersions != nil || rec.Seq != 4 {
		t.Errorf("record = %+v", rec)
	}
	got, err := s.Screening(ctx, "scr_custom")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(*rec, *got); diff != "" {
		t.Errorf("custom record round trip (-appended +read):\n%s", diff)
	}
}

func testAppendBadInput(t *testing.T, newURL func(t *testing.T) string) {
	s := open(t, newURL(t), store.Options{})
	appendN(t, s, 1)
	nan := 0.0
	nan /= nan
	bad := []struct {
		name string
		rec  store.Screening
	}{
		{"request not JSON", store.Screening{Request: json.RawMessage(`{"name":`)}},
		{"result trailing data", store.Screening{Result: json.RawMessage(`[] []`)}},
		{"threshold NaN", store.Screening{Threshold: nan}},
		{"negative hits", store.Screening{Hits: -1}},
		{"ID with space", store.Screening{ID: " scr_x"}},
		{"year 10000", store.Screening{Time: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}},
	}
	for _, b := range bad {
		rec := b.rec
		if err := s.Append(ctx, &rec); err == nil {
			t.Errorf("%s: Append succeeded", b.name)
		}
		if rec.Seq != 0 || rec.Hash != "" {
			t.Errorf("%s: a refused record was filled in: %+v", b.name, rec)
		}
	}
	// Strings that PostgreSQL text refuses or that are not UTF-8 are stored
	// with U+FFFD, the same on both backends, and still verify.
	odd := &store.Screening{KeyName: "a\x00b", RemoteAddr: "\xff\xfe", ListVersions: map[string]string{"l\xff": "v\x00"}}
	if err := s.Append(ctx, odd); err != nil {
		t.Fatalf("Append with odd strings: %v", err)
	}
	if odd.KeyName != "a\uFFFDb" || odd.RemoteAddr != "\uFFFD\uFFFD" || odd.Seq != 2 {
		t.Errorf("odd strings stored as %q %q (seq %d)", odd.KeyName, odd.RemoteAddr, odd.Seq)
	}
	rep, err := s.Verify(ctx)
	if err != nil || !rep.OK || rep.Records != 2 {
		t.Errorf("Verify after refused records = %+v, %v", rep, err)
	}
}

func testAppendBatch(t *testing.T, newURL func(t *testing.T) string) {
	s := open(t, newURL(t), store.Options{})
	appendN(t, s, 2)
	batch := []*store.Screening{sample(10), sample(11), sample(12)}
	if err := s.AppendBatch(ctx, batch); err != nil {
		t.Fatal(err)
	}
	for i, r := range batch {
		if r.Seq != int64(3+i) {
			t.Errorf("batch record %d: Seq %d, want %d", i, r.Seq, 3+i)
		}
		if i > 0 && r.PrevHash != batch[i-1].Hash {
			t.Errorf("batch record %d does not chain to the one before", i)
		}
	}
	// A batch larger than one INSERT (and than MaxBatch) is still one transaction.
	var big []*store.Screening
	for i := range 150 {
		big = append(big, sample(100+i))
	}
	if err := s.AppendBatch(ctx, big); err != nil {
		t.Fatal(err)
	}
	if big[0].Seq != 6 || big[149].Seq != 155 || big[149].Hash != big[149].ComputeHash() {
		t.Errorf("big batch: seqs %d..%d", big[0].Seq, big[149].Seq)
	}
	// A cancelled context appends nothing.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.Append(cctx, sample(16)); !errors.Is(err, context.Canceled) {
		t.Errorf("Append with a cancelled context = %v", err)
	}
	// All or nothing: one bad record refuses the whole batch.
	dup := sample(13)
	dup.ID = batch[0].ID
	if err := s.AppendBatch(ctx, []*store.Screening{sample(14), dup}); err == nil {
		t.Error("AppendBatch with a duplicate ID succeeded")
	}
	if err := s.AppendBatch(ctx, []*store.Screening{sample(15), {Request: json.RawMessage(`nope`)}}); err == nil || !strings.Contains(err.Error(), "record 1") {
		t.Errorf("AppendBatch with bad JSON = %v, want an error naming record 1", err)
	}
	rep, err := s.Verify(ctx)
	if err != nil || !rep.OK || rep.Records != 155 {
		t.Errorf("after refused batches Verify = %+v, %v; want 155 records, OK", rep, err)
	}
}

// testFailedBatchIsolated: a record that fails at commit (duplicate ID)
// shares a group commit with good ones; only its own caller gets the error.
func testFailedBatchIsolated(t *testing.T, newURL func(t *testing.T) string) {
	s := open(t, newURL(t), store.Options{MaxWait: 50 * time.Millisecond})
	first := appendN(t, s, 1)[0]
	recs := samples(20)
	recs[7].ID = first.ID
	for i, err := range appendConcurrently(s, recs) {
		if (err != nil) != (i == 7) {
			t.Errorf("append %d: err = %v", i, err)
		}
	}
	appendN(t, s, 1)
	rep, err := s.Verify(ctx)
	if err != nil || !rep.OK || rep.Records != 21 {
		t.Errorf("Verify = %+v, %v; want 21 records, OK", rep, err)
	}
}

// testDatabaseFailure: while the database refuses writes every waiter of
// the failed batches gets an error at once (no request-by-request retry:
// that is only for a failed INSERT, which a record may have caused);
// afterwards the chain goes on intact.
func testDatabaseFailure(t *testing.T, newURL func(t *testing.T) string) {
	var log syncBuffer
	s := open(t, newURL(t), store.Options{MaxWait: 20 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	before := appendN(t, s, 3)
	if _, err := s.SQL().Exec(`ALTER TABLE audit_head RENAME TO audit_head_away`); err != nil {
		t.Fatal(err)
	}
	for i, err := range appendConcurrently(s, samples(10)) {
		if err == nil {
			t.Errorf("append %d succeeded without a chain head", i)
		}
	}
	if strings.Contains(log.String(), "one by one") {
		t.Errorf("a failure to read the chain head was retried request by request:\n%s", log.String())
	}
	if _, err := s.SQL().Exec(`ALTER TABLE audit_head_away RENAME TO audit_head`); err != nil {
		t.Fatal(err)
	}
	after := appendN(t, s, 2)
	if after[0].Seq != 4 || after[0].PrevHash != before[2].Hash {
		t.Errorf("after the failure the chain goes on at seq %d from %.12s, want 4 from %.12s", after[0].Seq, after[0].PrevHash, before[2].Hash)
	}
	if rep, err := s.Verify(ctx); err != nil || !rep.OK || rep.Records != 5 {
		t.Errorf("Verify: %+v, %v", rep, err)
	}
}

func testScreeningsPaging(t *testing.T, newURL func(t *testing.T) string) {
	s := open(t, newURL(t), store.Options{})
	recs := appendN(t, s, 25)
	var got []store.Screening
	cursor := ""
	pages := 0
	for {
		page, next, err := s.Screenings(ctx, store.Filter{Limit: 10, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		got = append(got, page...)
		if next == "" {
			break
		}
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		cursor = next
	}
	if pages != 3 || len(got) != 25 {
		t.Fatalf("paged %d records in %d pages, want 25 in 3", len(got), pages)
	}
	slices.Reverse(recs)
	if diff := cmp.Diff(recs, got); diff != "" {
		t.Errorf("paged records, newest first (-want +got):\n%s", diff)
	}
	all, next, err := s.Screenings(ctx, store.Filter{})
	if err != nil || len(all) != 25 || next != "" {
		t.Errorf("default limit: %d records, cursor %q, %v", len(all), next, err)
	}
	for _, c := range []string{"x", "0", "-3"} {
		if _, _, err := s.Screenings(ctx, store.Filter{Cursor: c}); !errors.Is(err, store.ErrBadCursor) {
			t.Errorf("cursor %q: err %v, want ErrBadCursor", c, err)
		}
	}
}

func testScreeningsFilters(t *testing.T, newURL func(t *testing.T) string) {
	s := open(t, newURL(t), store.Options{})
	base := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	for i := range 12 {
		rec := sample(i)
		rec.Time = base.Add(time.Duration(i) * time.Hour)
		if err := s.Append(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	yes, no := true, false
	tests := []struct {
		name string
		f    store.Filter
		want []int64 // seqs, newest first
	}{
		{"key", store.Filter{KeyID: "key_b"}, []int64{12, 10, 8, 6, 4, 2}},
		{"matched", store.Filter{Matched: &yes}, []int64{10, 7, 4, 1}},
		{"not matched", store.Filter{Matched: &no}, []int64{12, 11, 9, 8, 6, 5, 3, 2}},
		{"since", store.Filter{Since: base.Add(9 * time.Hour)}, []int64{12, 11, 10}},
		{"until", store.Filter{Until: base.Add(2 * time.Hour)}, []int64{2, 1}},
		{"window, key, matched", store.Filter{Since: base.Add(time.Hour), Until: base.Add(11 * time.Hour), KeyID: "key_a", Matched: &yes}, []int64{7}},
		{"since, other zone", store.Filter{Since: base.Add(10 * time.Hour).In(time.FixedZone("Y", -5*3600))}, []int64{12, 11}},
		{"nothing", store.Filter{KeyID: "key_z"}, nil},
	}
	for _, tt := range tests {
		page, _, err := s.Screenings(ctx, tt.f)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []int64
		for _, r := range page {
			got = append(got, r.Seq)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: seqs %v, want %v", tt.name, got, tt.want)
		}
	}
	// Filters and paging together.
	page, next, err := s.Screenings(ctx, store.Filter{Matched: &no, Limit: 3})
	if err != nil || len(page) != 3 || next == "" {
		t.Fatalf("first page: %d, %q, %v", len(page), next, err)
	}
	page, next, err = s.Screenings(ctx, store.Filter{Matched: &no, Limit: 3, Cursor: next})
	if err != nil || len(page) != 3 || page[0].Seq != 8 || next == "" {
		t.Errorf("second page starts at %d (cursor %q, %v), want 8", page[0].Seq, next, err)
	}
}

func testExport(t *testing.T, newURL func(t *testing.T) string) {
	s := open(t, newURL(t), store.Options{})
	base := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	var recs []store.Screening
	for i := range 5 {
		rec := sample(i)
		rec.Time = base.Add(time.Duration(i) * time.Minute)
		if err := s.Append(ctx, rec); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, *rec)
	}
	var b strings.Builder
	n, err := s.Export(ctx, time.Time{}, &b)
	if err != nil || n != 5 {
		t.Fatalf("Export = %d, %v", n, err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines, want 5:\n%s", len(lines), b.String())
	}
	for i, line := range lines {
		var got store.Screening
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if diff := cmp.Diff(recs[i], got); diff != "" {
			t.Errorf("line %d (-appended +exported):\n%s", i+1, diff)
		}
		if got.ComputeHash() != got.Hash {
			t.Errorf("line %d does not re-verify from the export", i+1)
		}
		for _, field := range []string{`"seq":`, `"prev_hash":`, `"hash":`, `"list_versions":`, `"request":{`} {
			if !strings.Contains(line, field) {
				t.Errorf("line %d lacks %s: %s", i+1, field, line)
			}
		}
	}
	b.Reset()
	n, err = s.Export(ctx, base.Add(3*time.Minute), &b)
	if err != nil || n != 2 || strings.Count(b.String(), "\n") != 2 || !strings.Contains(b.String(), recs[3].ID) {
		t.Errorf("Export since: %d, %v\n%s", n, err, b.String())
	}
}

func testVerifyClean(t *testing.T, newURL func(t *testing.T) string) {
	s := open(t, newURL(t), store.Options{})
	rep, err := s.Verify(ctx)
	if err != nil || !rep.OK || rep.Records != 0 || rep.Head.Seq != 0 || rep.Head.Hash != store.GenesisHash {
		t.Errorf("empty chain: %+v, %v", rep, err)
	}
	recs := appendN(t, s, 10)
	rep, err = s.Verify(ctx)
	if err != nil || !rep.OK || rep.Records != 10 || len(rep.Problems) != 0 {
		t.Errorf("clean chain: %+v, %v", rep, err)
	}
	if want := (store.Head{Seq: 10, Hash: recs[9].Hash}); rep.Head != want {
		t.Errorf("Head = %+v, want %+v", rep.Head, want)
	}
}

// tamperer edits a store's tables behind its back.
type tamperer struct {
	t  *testing.T
	s  *store.DB
	pg bool
}

func (tm tamperer) exec(q string, args ...any) {
	tm.t.Helper()
	if tm.pg {
		n := 0
		q = regexp.MustCompile(`\?`).ReplaceAllStringFunc(q, func(string) string { n++; return fmt.Sprintf("$%d", n) })
	}
	if _, err := tm.s.SQL().Exec(q, args...); err != nil {
		tm.t.Fatalf("%s: %v", q, err)
	}
}

func (tm tamperer) time(t time.Time) any {
	if tm.pg {
		return t
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}

// unprotect drops the append-only triggers, as a tamperer with the database owner's rights would.
func (tm tamperer) unprotect() {
	if tm.pg {
		tm.exec(`ALTER TABLE screenings DISABLE TRIGGER USER`)
		return
	}
	tm.exec(`DROP TRIGGER screenings_no_update`)
	tm.exec(`DROP TRIGGER screenings_no_delete`)
}

func (tm tamperer) swap(a, b int) {
	tm.exec(fmt.Sprintf(`UPDATE screenings SET seq = -1 WHERE seq = %d`, a))
	tm.exec(fmt.Sprintf(`UPDATE screenings SET seq = %d WHERE seq = %d`, a, b))
	tm.exec(fmt.Sprintf(`UPDATE screenings SET seq = %d WHERE seq = -1`, b))
}

// insert writes a row; it need not be valid.
func (tm tamperer) insert(r store.Screening) {
	tm.exec(`INSERT INTO screenings (seq, id, time, key_id, key_name, endpoint, remote_addr, request, result, dataset_version, list_versions, algorithm, threshold, hits, matches, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Seq, r.ID, tm.time(r.Time), r.KeyID, r.KeyName, r.Endpoint, r.RemoteAddr, string(r.Request), string(r.Result),
		r.DatasetVersion, "null", r.Algorithm, r.Threshold, r.Hits, r.Matches, r.PrevHash, r.Hash)
}

// forged returns a well-formed record that chains after prev at seq.
func forged(seq int64, prev string) store.Screening {
	r := store.Screening{
		Seq: seq, ID: fmt.Sprintf("scr_FORGED%d", seq), Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		Endpoint: "/v1/screen", Request: json.RawMessage(`{"name":"Nobody"}`), Result: json.RawMessage(`[]`),
		Threshold: 0.85, PrevHash: prev,
	}
	r.Hash = r.ComputeHash()
	return r
}

func testVerifyTampering(t *testing.T, newURL func(t *testing.T) string) {
	tests := []struct {
		name   string
		tamper func(tm tamperer, recs []store.Screening)
		want   []string // "seq kind", in report order
	}{
		{"edit result", func(tm tamperer, _ []store.Screening) {
			tm.exec(`UPDATE screenings SET result = '[]' WHERE seq = 4`)
		}, []string{"4 altered"}},
		{"edit threshold", func(tm tamperer, _ []store.Screening) {
			tm.exec(`UPDATE screenings SET threshold = 0.95 WHERE seq = 5`)
		}, []string{"5 altered"}},
		{"edit time", func(tm tamperer, recs []store.Screening) {
			tm.exec(`UPDATE screenings SET time = ? WHERE seq = 2`, tm.time(recs[1].Time.Add(time.Second)))
		}, []string{"2 altered"}},
		{"edit list versions", func(tm tamperer, _ []store.Screening) {
			tm.exec(`UPDATE screenings SET list_versions = '{"un_sc":"bb22","us_ofac_sdn":"aa11"} ' WHERE seq = 3`)
		}, []string{"3 altered"}},
		{"edit hash", func(tm tamperer, _ []store.Screening) {
			tm.exec(`UPDATE screenings SET hash = '` + strings.Repeat("ab", 32) + `' WHERE seq = 5`)
		}, []string{"5 altered", "6 broken_link"}},
		{"edit and rehash", func(tm tamperer, recs []store.Screening) {
			r := recs[3] // a record with a hit: drop it and recompute the hash
			r.Result = json.RawMessage(`[]`)
			tm.exec(`UPDATE screenings SET result = '[]', hash = ? WHERE seq = 4`, r.ComputeHash())
		}, []string{"5 broken_link"}},
		{"delete middle", func(tm tamperer, _ []store.Screening) {
			tm.exec(`DELETE FROM screenings WHERE seq = 5`)
		}, []string{"5 deleted"}},
		{"delete first", func(tm tamperer, _ []store.Screening) {
			tm.exec(`DELETE FROM screenings WHERE seq = 1`)
		}, []string{"1 deleted"}},
		{"delete last but one", func(tm tamperer, _ []store.Screening) {
			tm.exec(`DELETE FROM screenings WHERE seq = 9`)
		}, []string{"9 deleted"}},
		{"delete last", func(tm tamperer, _ []store.Screening) {
			tm.exec(`DELETE FROM screenings WHERE seq = 10`)
		}, []string{"10 deleted"}},
		{"delete a range", func(tm tamperer, _ []store.Screening) {
			tm.exec(`DELETE FROM screenings WHERE seq BETWEEN 3 AND 6`)
		}, []string{"3 deleted"}},
		{"delete and renumber", func(tm tamperer, _ []store.Screening) {
			tm.exec(`DELETE FROM screenings WHERE seq = 8`)
			tm.exec(`UPDATE screenings SET seq = 8 WHERE seq = 9`)
			tm.exec(`UPDATE screenings SET seq = 9 WHERE seq = 10`)
		}, []string{"8 reordered", "9 reordered", "10 deleted"}},
		{"swap two rows", func(tm tamperer, _ []store.Screening) {
			tm.swap(3, 7)
		}, []string{"3 reordered", "4 broken_link", "7 reordered", "8 broken_link"}},
		{"swap neighbours", func(tm tamperer, _ []store.Screening) {
			tm.swap(4, 5)
		}, []string{"4 reordered", "5 reordered", "6 broken_link"}},
		{"swap contents but not hashes", func(tm tamperer, recs []store.Screening) {
			tm.exec(`UPDATE screenings SET request = ? WHERE seq = 2`, string(recs[5].Request))
			tm.exec(`UPDATE screenings SET request = ? WHERE seq = 6`, string(recs[1].Request))
		}, []string{"2 altered", "6 altered"}},
		{"forged row at the end, bad hash", func(tm tamperer, recs []store.Screening) {
			r := forged(11, recs[9].Hash)
			r.Hash = strings.Repeat("0", 64)
			tm.insert(r)
		}, []string{"11 altered", "11 inserted"}},
		{"forged row at the end, good hash", func(tm tamperer, recs []store.Screening) {
			tm.insert(forged(11, recs[9].Hash))
		}, []string{"11 inserted"}},
		{"forged row in the middle", func(tm tamperer, recs []store.Screening) {
			for seq := 10; seq >= 6; seq-- {
				tm.exec(fmt.Sprintf(`UPDATE screenings SET seq = %d WHERE seq = %d`, seq+1, seq))
			}
			tm.insert(forged(6, recs[4].Hash))
		}, []string{"7 reordered", "8 reordered", "9 reordered", "10 reordered", "11 reordered", "11 inserted"}},
		{"forged row replacing one", func(tm tamperer, recs []store.Screening) {
			tm.exec(`DELETE FROM screenings WHERE seq = 3`)
			tm.insert(forged(3, recs[1].Hash))
		}, []string{"4 broken_link"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t, newURL(t), store.Options{})
			recs := appendN(t, s, 10)
			tm := tamperer{t: t, s: s, pg: s.Dialect() == "postgres"}
			if _, err := s.SQL().Exec(`DELETE FROM screenings WHERE seq = 1`); err == nil {
				t.Fatal("a row was deleted while the append-only triggers were in place")
			}
			tm.unprotect()
			tt.tamper(tm, recs)
			rep, err := s.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range rep.Problems {
				got = append(got, fmt.Sprintf("%d %s", p.Seq, p.Kind))
				if p.Detail == "" {
					t.Errorf("problem %+v has no detail", p)
				}
			}
			if rep.OK || !slices.Equal(got, tt.want) {
				t.Errorf("Verify: OK=%v problems %q, want %q\n%+v", rep.OK, got, tt.want, rep.Problems)
			}
		})
	}
}

func testConcurrentAppends(t *testing.T, newURL func(t *testing.T) string) {
	s := open(t, newURL(t), store.Options{})
	const workers, each = 32, 40
	var mu sync.Mutex
	seqs := map[int64]string{}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				var recs []*store.Screening
				if i%10 == 9 {
					recs = []*store.Screening{sample(w*each + i), sample(w*each + i)}
					if err := s.AppendBatch(ctx, recs); err != nil {
						t.Errorf("AppendBatch: %v", err)
						return
					}
				} else {
					recs = []*store.Screening{sample(w*each + i)}
					if err := s.Append(ctx, recs[0]); err != nil {
						t.Errorf("Append: %v", err)
						return
					}
				}
				mu.Lock()
				for _, r := range recs {
					if _, dup := seqs[r.Seq]; dup {
						t.Errorf("seq %d given twice", r.Seq)
					}
					seqs[r.Seq] = r.ID
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	total := workers * (each + each/10)
	if len(seqs) != total {
		t.Fatalf("%d records acknowledged, want %d", len(seqs), total)
	}
	for seq := int64(1); seq <= int64(total); seq++ {
		if _, ok := seqs[seq]; !ok {
			t.Fatalf("seq %d missing: seqs are not dense", seq)
		}
		if seq > 1 && seqs[seq] <= seqs[seq-1] {
			t.Errorf("IDs not time-ordered with seq: %d %s, %d %s", seq-1, seqs[seq-1], seq, seqs[seq])
		}
	}
	rep, err := s.Verify(ctx)
	if err != nil || !rep.OK || rep.Records != total {
		t.Errorf("Verify after concurrent appends: %+v, %v", rep, err)
	}
}

// testTwoWriters: two stores on one database (two server processes) append
// at once; the chain head lock keeps one unbroken chain.
func testTwoWriters(t *testing.T, newURL func(t *testing.T) string) {
	url := newURL(t)
	stores := []*store.DB{open(t, url, store.Options{}), open(t, url, store.Options{MaxWait: -1})}
	var wg sync.WaitGroup
	for _, s := range stores {
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 25 {
					if err := s.Append(ctx, sample(w*25+i)); err != nil {
						t.Errorf("Append: %v", err)
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	rep, err := stores[0].Verify(ctx)
	if err != nil || !rep.OK || rep.Records != 400 || rep.Head.Seq != 400 {
		t.Errorf("Verify after two writers: %+v, %v", rep, err)
	}
}

func testReopen(t *testing.T, newURL func(t *testing.T) string) {
	url := newURL(t)
	s, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs := appendN(t, s, 30)
	key, secret, err := s.CreateKey(ctx, "ops", store.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := s.Append(ctx, sample(0)); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Append after Close = %v, want ErrClosed", err)
	}

	s2 := open(t, url, store.Options{})
	for _, r := range recs {
		got, err := s2.Screening(ctx, r.ID)
		if err != nil {
			t.Fatalf("after reopen: %v", err)
		}
		if diff := cmp.Diff(r, *got); diff != "" {
			t.Errorf("after reopen (-before +after):\n%s", diff)
		}
	}
	if k, err := s2.Authenticate(ctx, secret); err != nil || k.ID != key.ID {
		t.Errorf("key after reopen: %+v, %v", k, err)
	}
	next := sample(99)
	if err := s2.Append(ctx, next); err != nil {
		t.Fatal(err)
	}
	if next.Seq != 31 || next.PrevHash != recs[29].Hash {
		t.Errorf("chain after reopen continues at seq %d from %s, want 31 from %s", next.Seq, next.PrevHash, recs[29].Hash)
	}
	rep, err := s2.Verify(ctx)
	if err != nil || !rep.OK || rep.Records != 31 {
		t.Errorf("Verify after reopen: %+v, %v", rep, err)
	}
}

// testCloseDrains: Appends racing Close either commit or get ErrClosed,
// and every acknowledged one is there after reopening.
func testCloseDrains(t *testing.T, newURL func(t *testing.T) string) {
	url := newURL(t)
	s, err := store.Open(ctx, url, store.Options{MaxWait: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var acked []string
	closedSeen := 0
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := sample(i)
			err := s.Append(ctx, rec)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				acked = append(acked, rec.ID)
			case errors.Is(err, store.ErrClosed):
				closedSeen++
			default:
				t.Errorf("Append racing Close: %v", err)
			}
		}()
	}
	time.Sleep(time.Millisecond)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	s2 := open(t, url, store.Options{})
	rep, err := s2.Verify(ctx)
	if err != nil || !rep.OK || rep.Records != len(acked) {
		t.Errorf("after Close: %d acknowledged, %d refused; Verify %+v, %v", len(acked), closedSeen, rep, err)
	}
	for _, id := range acked {
		if _, err := s2.Screening(ctx, id); err != nil {
			t.Errorf("acknowledged %s: %v", id, err)
		}
	}
}

const killEnv = "EMBARGO_STORETEST_KILL_URL"

// testKill runs this very test in a child process that appends from 16
// goroutines and prints each acknowledged ID, SIGKILLs it mid-stream, and
// checks that every acknowledged record survived and the chain verifies.
func testKill(t *testing.T, newURL func(t *testing.T) string) {
	if url := os.Getenv(killEnv); url != "" {
		killChild(url)
		return
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	url := newURL(t)
	var pattern []string
	for _, part := range strings.Split(t.Name(), "/") {
		pattern = append(pattern, "^"+regexp.QuoteMeta(part)+"$")
	}
	cmd := exec.Command(os.Args[0], "-test.run="+strings.Join(pattern, "/"), "-test.count=1", "-test.v=false")
	cmd.Env = append(os.Environ(), killEnv+"="+url)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	killed := false
	deadline := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		id, ok := strings.CutPrefix(sc.Text(), "ACK ")
		if !ok {
			continue
		}
		acked = append(acked, id)
		if len(acked) == 1500 && !killed {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
		}
	}
	err = cmd.Wait()
	if !killed {
		t.Fatalf("child ended before it was killed (%d acknowledged): %v", len(acked), err)
	}
	s := open(t, url, store.Options{})
	rep, err := s.Verify(ctx)
	if err != nil || !rep.OK {
		t.Fatalf("Verify after SIGKILL: %+v, %v", rep, err)
	}
	for _, id := range acked {
		if _, err := s.Screening(ctx, id); err != nil {
			t.Errorf("acknowledged %s lost: %v", id, err)
		}
	}
	t.Logf("%d acknowledged before SIGKILL, %d committed", len(acked), rep.Records)
	if rep.Records < len(acked) {
		t.Errorf("%d records, fewer than the %d acknowledged", rep.Records, len(acked))
	}
}

// killChild appends until killed (at most 30 s or 200,000 records),
// writing "ACK id" only after Append returned.
func killChild(url string) {
	s, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(2)
	}
	var mu sync.Mutex
	stop := time.Now().Add(30 * time.Second)
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200000/16 && time.Now().Before(stop); i++ {
				rec := sample(w*100000 + i)
				if err := s.Append(ctx, rec); err != nil {
					fmt.Fprintln(os.Stderr, "child:", err)
					os.Exit(2)
				}
				mu.Lock()
				fmt.Fprintf(os.Stdout, "ACK %s\n", rec.ID)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	s.Close()
	os.Exit(3) // never killed: the parent reports it
}

func testReloads(t *testing.T, newURL func(t *testing.T) string) {
	s := open(t, newURL(t), store.Options{})
	if got, err := s.Reloads(ctx, 0); err != nil || len(got) != 0 {
		t.Fatalf("Reloads on an empty store: %v, %v", got, err)
	}
	when := time.Date(2025, 3, 1, 8, 0, 0, 123456000, time.UTC)
	evs := []store.Reload{
		{Time: when, Accepted: true, DatasetVersion: "ds-1", Lists: json.RawMessage(`{"us_ofac_sdn": {"entities": 17000}}`), By: "cli"},
		{Time: when.Add(time.Hour), Accepted: false, DatasetVersion: "ds-2", Reason: "us_ofac_sdn shrank by 40% (limit 10%)", Lists: json.RawMessage(`{"us_ofac_sdn":{"entities":10200}}`), By: "schedule"},
		{Time: when.Add(2 * time.Hour), Accepted: true, Forced: true, DatasetVersion: "ds-2", Reason: "forced by admin", By: "ops"},
	}
	for _, ev := range evs {
		if err := s.RecordReload(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Reloads(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Reload{evs[2], evs[1]}
	want[0].Lists = json.RawMessage(`null`)
	want[1].Lists = json.RawMessage(`{"us_ofac_sdn":{"entities":10200}}`)
	if len(got) == 2 {
		want[0].ID, want[1].ID = got[0].ID, got[1].ID
		if got[0].ID <= got[1].ID {
			t.Errorf("reload IDs %d, %d: not newest first", got[0].ID, got[1].ID)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Reloads(2) (-want +got):\n%s", diff)
	}
	if err := s.RecordReload(ctx, store.Reload{Lists: json.RawMessage(`{`)}); err == nil {
		t.Error("RecordReload with bad JSON succeeded")
	}
	before := time.Now().Add(-time.Second)
	if err := s.RecordReload(ctx, store.Reload{Accepted: true}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Reloads(ctx, 1); len(got) != 1 || got[0].Time.Before(before) || got[0].Time.Location() != time.UTC {
		t.Errorf("reload without a time: %+v", got)
	}
}

func testMigrations(t *testing.T, newURL func(t *testing.T) string) {
	url := newURL(t)
	// Two stores opening one new database at once both succeed.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := store.Open(ctx, url, store.Options{})
			if err == nil {
				err = s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("concurrent Open: %v", err)
	}
	s := open(t, url, store.Options{})
	var n, v int
	if err := s.SQL().QueryRow(`SELECT count(*), max(version) FROM schema_migrations`).Scan(&n, &v); err != nil {
		t.Fatal(err)
	}
	if n != 1 || v != 1 {
		t.Errorf("schema_migrations: %d rows, version %d; want 1, 1", n, v)
	}
	// A database from a newer program is refused, not used.
	if s.Dialect() == "postgres" {
		_, err := s.SQL().Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', now())`)
		if err != nil {
			t.Fatal(err)
		}
	} else if _, err := s.SQL().Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '')`); err != nil {
		t.Fatal(err)
	}
	if s2, err := store.Open(ctx, url, store.Options{}); err == nil || !strings.Contains(err.Error(), "newer") {
		if err == nil {
			s2.Close()
		}
		t.Errorf("Open on a newer schema = %v, want an error saying it is newer", err)
	}
}
