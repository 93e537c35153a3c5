package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// SecretPrefix starts every API key secret, so a leaked one is easy to
// recognise (and to grep for).
const SecretPrefix = "emb_"

// lastUsedEvery is how often Authenticate writes LastUsed for one key.
const lastUsedEvery = time.Minute

// hashSecret is what api_keys.secret_hash holds.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateKey makes a key; see Store.
func (s *DB) CreateKey(ctx context.Context, name string, role Role) (Key, string, error) {
	name = strings.TrimSpace(cleanString(name))
	var errs []error
	if name == "" {
		errs = append(errs, errors.New("store: key name is empty"))
	}
	if !role.Valid() {
		errs = append(errs, fmt.Errorf("store: unknown role %q (want screen, review or admin)", role))
	}
	if err := errors.Join(errs...); err != nil {
		return Key{}, "", err
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return Key{}, "", fmt.Errorf("store: create key: %w", err)
	}
	secret := SecretPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	now := time.Now().UTC().Truncate(time.Microsecond)
	k := Key{ID: "key_" + randomID(now), Name: name, Role: role, Prefix: secret[:8], Created: now}
	_, err := s.db.ExecContext(ctx, s.d.rebind(`INSERT INTO api_keys (id, name, role, prefix, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`),
		k.ID, k.Name, string(k.Role), k.Prefix, hashSecret(secret), s.d.timeArg(now))
	if err != nil {
		return Key{}, "", fmt.Errorf("store: create key: %w", err)
	}
	return k, secret, nil
}

const keyCols = "id, name, role, prefix, created_at, revoked_at, last_used_at"

func scanKey(sc interface{ Scan(...any) error }, extra ...any) (Key, error) {
	var k Key
	var role string
	var created, revoked, used dbTime
	if err := sc.Scan(append([]any{&k.ID, &k.Name, &role, &k.Prefix, &created, &revoked, &used}, extra...)...); err != nil {
		return Key{}, err
	}
	k.Role = Role(role)
	k.Created = created.t
	k.Revoked = revoked.ptr()
	k.LastUsed = used.ptr()
	return k, nil
}

// ListKeys lists every key; see Store.
func (s *DB) ListKeys(ctx context.Context) ([]Key, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+keyCols+` FROM api_keys ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("store: list keys: %w", err)
	}
	defer rows.Close()
	var keys []Key
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list keys: %w", err)
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list keys: %w", err)
	}
	return keys, nil
}

// RevokeKey revokes a key; see Store. It takes effect at the key's next
// Authenticate.
func (s *DB) RevokeKey(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, s.d.rebind(`UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`),
		s.d.timeArg(time.Now()), id)
	if err != nil {
		return fmt.Errorf("store: revoke key: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 1 {
		return nil
	}
	var one int
	err = s.db.QueryRowContext(ctx, s.d.rebind(`SELECT 1 FROM api_keys WHERE id = ?`), id).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%w: key %q", ErrNotFound, id)
	case err != nil:
		return fmt.Errorf("store: revoke key: %w", err)
	}
	return nil // already revoked
}

// Authenticate finds the live key for a secret; see Store. The row is
// found through the unique index on sha256(secret), then the stored hash
// is compared with the computed one in constant time; the time the index
// lookup takes depends only on a hash of the secret, which tells an
// attacker nothing about any secret. LastUsed is written at most once a
// minute per key (and per process).
func (s *DB) Authenticate(ctx context.Context, secret string) (Key, error) {
	if !strings.HasPrefix(secret, SecretPrefix) || len(secret) > 256 {
		return Key{}, ErrUnauthorized
	}
	want := hashSecret(secret)
	var stored string
	k, err := scanKey(s.db.QueryRowContext(ctx, s.d.rebind(`SELECT `+keyCols+`, secret_hash FROM api_keys WHERE secret_hash = ?`), want), &stored)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Key{}, ErrUnauthorized
	case err != nil:
		return Key{}, fmt.Errorf("store: authenticate: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(stored), []byte(want)) != 1 || k.Revoked != nil {
		return Key{}, ErrUnauthorized
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	if last, ok := s.keyUsed.Load(k.ID); ok && now.Sub(last.(time.Time)) < lastUsedEvery {
		return k, nil
	}
	if k.LastUsed != nil && now.Sub(*k.LastUsed) < lastUsedEvery {
		s.keyUsed.Store(k.ID, *k.LastUsed)
		return k, nil
	}
	s.keyUsed.Store(k.ID, now)
	// Best effort: a failed LastUsed write must not refuse a valid key.
	if _, err := s.db.ExecContext(ctx, s.d.rebind(`UPDATE api_keys SET last_used_at = ? WHERE id = ?`), s.d.timeArg(now), k.ID); err != nil {
		s.log.Warn("could not record key use", "key", k.ID, "err", err)
		s.keyUsed.Delete(k.ID)
	} else {
		k.LastUsed = &now
	}
	return k, nil
}

// dbTime scans a time from either backend: time.Time (PostgreSQL
// timestamptz), or TEXT in sqliteTime or RFC 3339 form (SQLite); NULL is
// the zero time.
type dbTime struct {
	t     time.Time
	valid bool
}

func (d *dbTime) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*d = dbTime{}
		return nil
	case time.Time:
		*d = dbTime{t: v.UTC(), valid: true}
		return nil
	case string:
		return d.parse(v)
	case []byte:
		return d.parse(string(v))
	}
	return fmt.Errorf("store: cannot scan %T as a time", v)
}

func (d *dbTime) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("store: bad stored time %q: %w", s, err)
	}
	*d = dbTime{t: t.UTC(), valid: true}
	return nil
}

func (d dbTime) ptr() *time.Time {
	if !d.valid {
		return nil
	}
	t := d.t
	return &t
}
