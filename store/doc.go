// Package store keeps what embargo must remember: API keys (hashed), the
// hash-chained audit trail of every screening, and the history of list
// reloads — on SQLite (the embedded default, pure Go, one file in WAL
// mode) or PostgreSQL, with the same schema and behaviour. The
// conformance suite in storetest runs against both.
//
//	s, err := store.Open(ctx, "embargo.db", store.Options{})          // SQLite
//	s, err := store.Open(ctx, "postgres://u@host/db", store.Options{}) // PostgreSQL
//	defer s.Close()
//	err = s.Append(ctx, &store.Screening{KeyID: k.ID, Endpoint: "/v1/screen", Request: req, Result: res, …})
//	rep, err := s.Verify(ctx)
//
// # Schema
//
// Migrations are embedded SQL files, migrations/sqlite/NNNN_*.sql and
// migrations/postgres/NNNN_*.sql, one numbered set per dialect for one
// logical schema, applied by Open in a transaction and recorded in
// schema_migrations. A database from a newer program is refused.
//
//	api_keys        id, name, role, prefix, secret_hash (sha256, unique), created_at, revoked_at, last_used_at
//	screenings      seq (primary key, dense), id (unique), time, key_id, key_name, endpoint, remote_addr,
//	                request, result, dataset_version, list_versions, algorithm, threshold, hits, matches,
//	                prev_hash, hash;  indexes on time and (key_id, seq)
//	audit_head      chain = 'screenings', seq, hash: the last record, updated with every commit
//	reloads         id, time, accepted, forced, dataset_version, reason, lists, by_whom
//	schema_migrations version, name, applied_at
//
// Times are UTC with microsecond precision: timestamptz on PostgreSQL,
// TEXT "2006-01-02T15:04:05.000000Z" on SQLite (fixed width, so it sorts).
// JSON columns are TEXT on both (not jsonb, which would rewrite the bytes
// the hash covers). Triggers make screenings append-only (UPDATE, DELETE
// and, on PostgreSQL, TRUNCATE raise an error); they stop accidents, not
// a database owner, which is what the hash chain is for.
//
// # What is hashed
//
// Every record's Hash is the lower-case hex SHA-256 of its preimage, the
// compact JSON array (no spaces, no trailing newline)
//
//	["embargo-audit-1", prev_hash, seq, id, time, key_id, key_name, endpoint,
//	 remote_addr, dataset_version, list_versions, algorithm, threshold, hits,
//	 matches, request, result]
//
// where prev_hash is the previous record's Hash (64 zeros for seq 1), so
// the hash covers every field and chains to all earlier records. Encoding
// of the elements, chosen to be exactly what jq -c prints:
//
//   - strings (prev_hash, id, key_id, key_name, endpoint, remote_addr,
//     dataset_version, algorithm): JSON strings escaping only " \ and
//     control characters (\b \f \n \r \t, others and DEL as \u00xx in
//     lower-case hex); everything else, '/', '<' and all non-ASCII
//     included, as raw UTF-8. Append stores strings with invalid UTF-8
//     and NUL replaced by U+FFFD, so what is hashed is what is stored.
//   - time: RFC 3339 in UTC with the fraction trimmed of trailing zeros
//     (Go's time.RFC3339Nano), e.g. "2025-06-01T12:00:00.1234Z"; always
//     whole microseconds.
//   - seq, hits, matches: decimal integers.
//   - threshold: the shortest decimal that reads back as the same float64,
//     plain (0.85, 1234567) or, when the exponent is below -4 or at least
//     15 more than the number of digits, as 1e-05 / 2.5e+16.
//   - list_versions: a JSON object with keys in byte order, or null.
//   - request, result: the stored JSON, byte for byte. Append stores them
//     canonical: insignificant whitespace removed, object members in the
//     order given (duplicates kept), numbers exactly as written, strings
//     re-escaped as above; empty is null.
//
// Re-verifying an export with standard tools (this exact recipe is run by
// TestAuditorRecipe):
//
//	embargo audit export --since 1970-01-01T00:00:00Z > audit.jsonl
//	jq -c '["embargo-audit-1", .prev_hash, .seq, .id, .time, .key_id, .key_name,
//	        .endpoint, .remote_addr, .dataset_version, .list_versions, .algorithm,
//	        .threshold, .hits, .matches, .request, .result]' audit.jsonl |
//	  while IFS= read -r pre; do printf '%s' "$pre" | sha256sum | cut -c1-64; done > computed.txt
//	jq -r .hash audit.jsonl | diff - computed.txt && echo "all $(wc -l < computed.txt) hashes match"
//	diff <(jq -r .prev_hash audit.jsonl | tail -n +2) <(jq -r .hash audit.jsonl | head -n -1) && echo "chain links match"
//
// jq 1.6 reads numbers as float64: a request or result holding a number
// not in its shortest form (1.50, 1e2) or beyond 2^53 re-encodes
// differently there, and only Screening.ComputeHash or `embargo audit
// verify` re-verify it. Numbers embargo itself writes (scores) are
// shortest-form already.
//
// What the chain proves: no record was edited, removed, moved or slipped
// in without every later record being rewritten too. Someone who can
// rewrite the database can rewrite the whole tail and the chain head;
// to catch that, keep VerifyReport.Head (seq and hash) somewhere else —
// a later Verify must still reach that hash at that seq.
//
// # Appends: group commit and durability
//
// One writer goroutine per store extends the chain. Append canonicalises
// the record in the caller's goroutine, queues it and waits. The writer
// gathers queued records until it has Options.MaxBatch (256) or
// Options.MaxWait (2ms) has passed since the first, then in one
// transaction reads the chain head (PostgreSQL: SELECT … FOR UPDATE on
// the audit_head row; SQLite: the transaction is BEGIN IMMEDIATE),
// assigns Seq, ID, Time, PrevHash and Hash in queue order, inserts the
// rows, moves the head, commits, and only then wakes the waiters. So
// concurrent Appends never fork the chain, two servers on one PostgreSQL
// database take turns on the head row, and after a failed commit nothing
// needs repair: the next transaction reads the head again. When the
// INSERT of a multi-request batch fails, each request is retried alone so
// that one bad record fails only its caller; any other failure goes to
// every waiter. Close drains the queue. writer.go has the details.
//
// Append returns only after the record's transaction has committed. On
// SQLite (WAL, synchronous=NORMAL) a committed transaction survives the
// process being killed, since its pages are already in the kernel;
// Options.FullSync also survives power loss. WAL checkpoints run on a
// background goroutine (every 250ms, PASSIVE) instead of inside a commit,
// which keeps their fsync off the Append path; past 256 MiB the WAL is
// restarted (a RESTART checkpoint holds the writer for a few
// milliseconds), so it stays bounded under continuous load. On PostgreSQL durability
// is the server's (synchronous_commit).
package store
