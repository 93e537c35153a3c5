-- embargo store schema 1 (PostgreSQL). Same logical schema as sqlite/0001_init.sql:
-- times are timestamptz (UTC, microseconds); JSON is text, not jsonb, because
-- the hash covers the exact bytes and jsonb would reorder and respace them.

CREATE TABLE api_keys (
	id           text PRIMARY KEY,
	name         text NOT NULL,
	role         text NOT NULL CHECK (role IN ('screen', 'review', 'admin')),
	prefix       text NOT NULL,
	secret_hash  text NOT NULL UNIQUE,          -- hex sha256 of the secret; the secret is never stored
	created_at   timestamptz NOT NULL,
	revoked_at   timestamptz,
	last_used_at timestamptz
);

-- The audit trail: one row per screening, hash-chained in seq order.
CREATE TABLE screenings (
	seq             bigint PRIMARY KEY,          -- 1, 2, 3, … dense
	id              text NOT NULL UNIQUE,
	time            timestamptz NOT NULL,
	key_id          text NOT NULL,
	key_name        text NOT NULL,
	endpoint        text NOT NULL,
	remote_addr     text NOT NULL,
	request         text NOT NULL,               -- canonical JSON
	result          text NOT NULL,               -- canonical JSON
	dataset_version text NOT NULL,
	list_versions   text NOT NULL,               -- canonical JSON object, keys sorted
	algorithm       text NOT NULL,
	threshold       double precision NOT NULL,
	hits            integer NOT NULL,
	matches         integer NOT NULL,
	prev_hash       text NOT NULL,
	hash            text NOT NULL
);
CREATE INDEX screenings_time ON screenings (time);
CREATE INDEX screenings_key ON screenings (key_id, seq);

-- The chain head: the last record's seq and hash, updated in the same
-- transaction as the records. Writers SELECT it FOR UPDATE, so two servers
-- on one database take turns and never fork the chain; Verify uses it to
-- see deletions at the end.
CREATE TABLE audit_head (
	chain text PRIMARY KEY,
	seq   bigint NOT NULL,
	hash  text NOT NULL
);
INSERT INTO audit_head (chain, seq, hash)
VALUES ('screenings', 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Audit records are append-only. Tampering needs DROP TRIGGER (or
-- session_replication_role) first, which Verify then catches anyway.
CREATE FUNCTION embargo_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'embargo: audit records are append-only';
END
$$;
CREATE TRIGGER screenings_no_change BEFORE UPDATE OR DELETE ON screenings
	FOR EACH ROW EXECUTE FUNCTION embargo_append_only();
CREATE TRIGGER screenings_no_truncate BEFORE TRUNCATE ON screenings
	FOR EACH STATEMENT EXECUTE FUNCTION embargo_append_only();

-- List reloads, accepted or refused.
CREATE TABLE reloads (
	id              bigserial PRIMARY KEY,
	time            timestamptz NOT NULL,
	accepted        boolean NOT NULL,
	forced          boolean NOT NULL,
	dataset_version text NOT NULL,
	reason          text NOT NULL,
	lists           text NOT NULL,              -- canonical JSON
	by_whom         text NOT NULL
);
CREATE INDEX reloads_time ON reloads (time);
