package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/embargo/embargo/cli"
	"github.com/embargo/embargo/store"
)

// TestKeys: keys create, list and revoke on a SQLite store, and their
// bad input.
func TestKeys(t *testing.T) {
	env(t)
	db := filepath.Join(t.TempDir(), "keys.db")
	r := ok(t, "keys", "create", "--role", "review", "--name", "ci job", "--db", db)
	m := regexp.MustCompile(`created key (key_\S+) \(ci job, role review\)`).FindStringSubmatch(r.stderr)
	if m == nil || !strings.HasPrefix(r.stdout, "emb_") {
		t.Fatalf("keys create: stdout %q, stderr %q", r.stdout, r.stderr)
	}
	id := m[1]
	r = ok(t, "keys", "list", "--db", db)
	if !strings.Contains(r.stdout, id) || !strings.Contains(r.stdout, "ci job") || !strings.HasSuffix(strings.TrimSpace(r.stdout), "-") {
		t.Errorf("keys list before revoking:\n%s", r.stdout)
	}
	ok(t, "keys", "revoke", id, "--db", db)
	if r := ok(t, "keys", "list", "--db", db); strings.HasSuffix(strings.TrimSpace(r.stdout), "-") {
		t.Errorf("keys list does not show the revocation:\n%s", r.stdout)
	}

	for name, tc := range map[string]struct {
		args []string
		code int
		want string
	}{
		"unknown role":   {[]string{"create", "--role", "root"}, cli.ExitUsage, `--role: store: unknown role "root"`},
		"no role":        {[]string{"create"}, cli.ExitUsage, "--role"},
		"unknown key":    {[]string{"revoke", "key_nope"}, cli.ExitError, `no key "key_nope"`},
		"revoke no key":  {[]string{"revoke"}, cli.ExitUsage, "accepts 1 arg"},
		"unopenable db":  {[]string{"list", "--db", filepath.Join(db, "not", "a", "dir.db")}, cli.ExitError, "opening the store"},
		"bad postgres":   {[]string{"list", "--db", "postgres://u:secret@127.0.0.1:1/x?connect_timeout=1"}, cli.ExitError, "postgres://u:***@127.0.0.1:1"},
		"list with args": {[]string{"list", "x"}, cli.ExitUsage, "unknown command"},
	} {
		t.Run(name, func(t *testing.T) {
			args := append([]string{"keys"}, tc.args...)
			if !strings.Contains(strings.Join(tc.args, " "), "--db") {
				args = append(args, "--db", db)
			}
			r := run(t, args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) || strings.Contains(r.stderr, "secret") {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", r.code, tc.code, r.stderr, tc.want)
			}
		})
	}
}

// TestKeysDefaultDB: without --db or $EMBARGO_DB the store is embargo.db
// in the cache directory.
func TestKeysDefaultDB(t *testing.T) {
	cache := env(t)
	t.Setenv("EMBARGO_DB", "")
	ok(t, "keys", "create", "--role", "screen")
	if _, err := os.Stat(filepath.Join(cache, "embargo.db")); err != nil {
		t.Errorf("no default store in the cache: %v", err)
	}
	other := filepath.Join(t.TempDir(), "env.db")
	t.Setenv("EMBARGO_DB", other)
	if r := ok(t, "keys", "list"); strings.Contains(r.stdout, "screen key created") {
		t.Errorf("$EMBARGO_DB was not used: %s", r.stdout)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("$EMBARGO_DB: %v", err)
	}
}

// TestAudit: audit verify and export on an empty store, on records, and
// on a tampered chain.
func TestAudit(t *testing.T) {
	env(t)
	db := filepath.Join(t.TempDir(), "audit.db")
	if r := ok(t, "audit", "verify", "--db", db); !strings.Contains(r.stdout, "0 records; chain head seq 0") || !strings.Contains(r.stdout, "OK") {
		t.Errorf("verify on an empty store: %s", r.stdout)
	}

	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Jane Doe", "John Roe", "Vladimir Putin"} {
		if err := st.Append(ctx, &store.Screening{Endpoint: "/v1/screen", Request: json.RawMessage(`{"name":"` + name + `"}`)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	r := ok(t, "audit", "verify", "--db", db, "--json")
	var rep store.VerifyReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || !rep.OK || rep.Records != 3 || rep.Head.Seq != 3 {
		t.Errorf("verify --json: %+v, %v\n%s", rep, err, r.stdout)
	}
	r = ok(t, "audit", "export", "--db", db)
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 3 || !strings.Contains(lines[2], "Vladimir Putin") || !strings.Contains(r.stderr, "exported 3 records") {
		t.Errorf("export: %q, stderr %q", r.stdout, r.stderr)
	}
	for _, since := range []string{"2999-01-01", "2999-01-01T00:00:00Z"} {
		if r := ok(t, "audit", "export", "--db", db, "--since", since); r.stdout != "" || !strings.Contains(r.stderr, "exported 0 records") {
			t.Errorf("export --since %s: %q, stderr %q", since, r.stdout, r.stderr)
		}
	}
	if r := run(t, "audit", "export", "--db", db, "--since", "yesterday"); r.code != cli.ExitUsage || !strings.Contains(r.stderr, `--since "yesterday"`) {
		t.Errorf("export --since yesterday: exit %d, stderr %q", r.code, r.stderr)
	}

	// an edit behind the store's back: exit 1, naming the record
	st, err = store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DROP TRIGGER screenings_no_update`, // as the database owner could
		`UPDATE screenings SET request = '{"name":"Someone Else"}' WHERE seq = 2`,
	} {
		if _, err := st.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	r = run(t, "audit", "verify", "--db", db)
	if r.code != cli.ExitError || !strings.Contains(r.stdout, "seq 2 ") || strings.Contains(r.stdout, "OK") || !strings.Contains(r.stderr, "the audit trail has 1 problem(s)") {
		t.Errorf("verify after tampering: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
}
