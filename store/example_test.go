package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/embargo/embargo/store"
)

// An in-memory SQLite store: record two screenings, read them back, and
// verify the chain.
func Example() {
	ctx := context.Background()
	s, err := store.Open(ctx, ":memory:", store.Options{})
	if err != nil {
		panic(err)
	}
	defer s.Close()

	key, secret, _ := s.CreateKey(ctx, "web frontend", store.RoleScreen)
	caller, err := s.Authenticate(ctx, secret)
	fmt.Println("authenticated:", caller.Name, caller.Role, err)

	for _, name := range []string{"Ivan Petrov", "Jane Doe"} {
		rec := &store.Screening{
			KeyID: key.ID, KeyName: key.Name, Endpoint: "/v1/screen",
			Time:      time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC),
			Request:   json.RawMessage(fmt.Sprintf(`{"name": %q}`, name)),
			Result:    json.RawMessage(`[]`),
			Threshold: 0.85,
		}
		if err := s.Append(ctx, rec); err != nil {
			panic(err)
		}
		fmt.Println(rec.Seq, string(rec.Request), rec.Hash == rec.ComputeHash())
	}
	page, _, _ := s.Screenings(ctx, store.Filter{Limit: 10})
	fmt.Println("newest:", string(page[0].Request))

	rep, _ := s.Verify(ctx)
	fmt.Println("verify:", rep.OK, rep.Records, "records")
	// Output:
	// authenticated: web frontend screen <nil>
	// 1 {"name":"Ivan Petrov"} true
	// 2 {"name":"Jane Doe"} true
	// newest: {"name":"Jane Doe"}
	// verify: true 2 records
}

// Export writes JSON lines an auditor can re-verify with jq and sha256sum
// (see the package documentation).
func ExampleDB_Export() {
	ctx := context.Background()
	s, _ := store.Open(ctx, ":memory:", store.Options{})
	defer s.Close()
	rec := &store.Screening{
		ID: "scr_01JWHQ0000EXAMPLE000000000", Time: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC),
		Endpoint: "/v1/screen", Request: json.RawMessage(`{"name":"Jane Doe"}`), Result: json.RawMessage(`[]`),
		ListVersions: map[string]string{"un_sc": "a1b2"}, Threshold: 0.85,
	}
	_ = s.Append(ctx, rec)
	_, _ = s.Export(ctx, time.Time{}, os.Stdout)
	// Output:
	// {"seq":1,"id":"scr_01JWHQ0000EXAMPLE000000000","time":"2025-06-01T12:00:00Z","key_id":"","key_name":"","endpoint":"/v1/screen","remote_addr":"","request":{"name":"Jane Doe"},"result":[],"dataset_version":"","list_versions":{"un_sc":"a1b2"},"algorithm":"","threshold":0.85,"hits":0,"matches":0,"prev_hash":"0000000000000000000000000000000000000000000000000000000000000000","hash":"bc83d0af54543c657b3652126a6a5ece94e2725aace59e2d8d73ae185fc9e6c8"}
}
