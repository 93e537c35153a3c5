package e2e

import (
	"net/http"
	"strings"
	"testing"
)

// Regression tests for bugs found end to end in other packages, each
// fixed where its comment says.

// `keys create` documents --name as optional ([--name NAME]); the store
// refuses an empty name, so cli/serve.go defaults it (role and time).
func TestKeysCreateWithoutName(t *testing.T) {
	need(t)
	out, errOut, code := cli(t, "keys", "create", "--role", "screen", "--db", sqliteDB(t))
	if code != 0 || strings.TrimSpace(out) == "" {
		t.Errorf("keys create --role screen: exit %d, stdout %q, stderr %q; want a key", code, out, errOut)
	}
}

// A wrong type in a field embedded from screen.Party was reported with the
// Go struct path ("Party.name: want a string"); web/decode.go now names
// the JSON path, with indexes (jsonPath, fieldOf).
func TestTypeErrorNamesTheJSONField(t *testing.T) {
	need(t)
	s, key := smallServer(t)
	r := s.do(t, "POST", "/v1/screen", key, `{"name":123}`)
	msg := wantError(t, r, http.StatusBadRequest, "invalid_json")
	if strings.Contains(msg, "Party") || !strings.HasPrefix(msg, "name") {
		t.Errorf("message %q; want it to start with the JSON field name", msg)
	}
}

// smallServer is a server on the UN list only, with a review key.
func smallServer(t *testing.T) (*server, string) {
	t.Helper()
	data, _ := dataDir(t, currentUN(t), true)
	db := sqliteDB(t)
	key, _ := newKey(t, db, "review")
	return startServer(t, serverOpts{data: data, db: db}), key
}
