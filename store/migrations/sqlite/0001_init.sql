-- embargo store schema 1 (SQLite). Same logical schema as postgres/0001_init.sql:
-- times are TEXT 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (UTC, fixed width, so text order
-- is time order); JSON is TEXT holding exactly the bytes that were hashed.

CREATE TABLE api_keys (
	id           TEXT PRIMARY KEY,
	name         TEXT NOT NULL,
	role         TEXT NOT NULL CHECK (role IN ('screen', 'review', 'admin')),
	prefix       TEXT NOT NULL,
	secret_hash  TEXT NOT NULL UNIQUE,          -- hex sha256 of the secret; the secret is never stored
	created_at   TEXT NOT NULL,
	revoked_at   TEXT,
	last_used_at TEXT
);

-- The audit trail: one row per screening, hash-chained in seq order.
CREATE TABLE screenings (
	seq             INTEGER PRIMARY KEY,         -- 1, 2, 3, … dense
	id              TEXT NOT NULL UNIQUE,
	time            TEXT NOT NULL,
	key_id          TEXT NOT NULL,
	key_name        TEXT NOT NULL,
	endpoint        TEXT NOT NULL,
	remote_addr     TEXT NOT NULL,
	request         TEXT NOT NULL,               -- canonical JSON
	result          TEXT NOT NULL,               -- canonical JSON
	dataset_version TEXT NOT NULL,
	list_versions   TEXT NOT NULL,               -- canonical JSON object, keys sorted
	algorithm       TEXT NOT NULL,
	threshold       REAL NOT NULL,
	hits            INTEGER NOT NULL,
	matches         INTEGER NOT NULL,
	prev_hash       TEXT NOT NULL,
	hash            TEXT NOT NULL
);
CREATE INDEX screenings_time ON screenings (time);
CREATE INDEX screenings_key ON screenings (key_id, seq);

-- The chain head: the last record's seq and hash, updated in the same
-- transaction as the records. It lets Verify see deletions at the end, and
-- it is the row writers lock (on PostgreSQL) so two servers never fork the chain.
CREATE TABLE audit_head (
	chain TEXT PRIMARY KEY,
	seq   INTEGER NOT NULL,
	hash  TEXT NOT NULL
);
INSERT INTO audit_head (chain, seq, hash)
VALUES ('screenings', 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Audit records are append-only. Tampering needs DROP TRIGGER first, which
-- Verify then catches anyway.
CREATE TRIGGER screenings_no_update BEFORE UPDATE ON screenings
BEGIN SELECT RAISE(ABORT, 'embargo: audit records are append-only'); END;
CREATE TRIGGER screenings_no_delete BEFORE DELETE ON screenings
BEGIN SELECT RAISE(ABORT, 'embargo: audit records are append-only'); END;

-- List reloads, accepted or refused.
CREATE TABLE reloads (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	time            TEXT NOT NULL,
	accepted        INTEGER NOT NULL,           -- 0 or 1
	forced          INTEGER NOT NULL,           -- 0 or 1
	dataset_version TEXT NOT NULL,
	reason          TEXT NOT NULL,
	lists           TEXT NOT NULL,              -- canonical JSON
	by_whom         TEXT NOT NULL
);
CREATE INDEX reloads_time ON reloads (time);
