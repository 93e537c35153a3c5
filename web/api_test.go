package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/store"
)

// The API suite runs against SQLite always and against PostgreSQL when
// $EMBARGO_TEST_POSTGRES is set (always under CI=true).

func TestAPISQLite(t *testing.T) { runSuite(t, sqliteBackend()) }

func TestAPIPostgres(t *testing.T) { runSuite(t, postgresBackend(t)) }

func runSuite(t *testing.T, b backend) {
	tests := []struct {
		name string
		fn   func(t *testing.T, b backend)
	}{
		{"Screen", testScreen},
		{"ScreenBadRequests", testScreenBadRequests},
		{"Auth", testAuth},
		{"Roles", testRoles},
		{"EveryEndpointNeedsAKey", testEveryEndpointNeedsAKey},
		{"RateLimit", testRateLimit},
		{"UnknownPathsAndMethods", testUnknownPathsAndMethods},
		{"Batch", testBatch},
		{"NDJSON", testNDJSON},
		{"Search", testSearch},
		{"Entity", testEntity},
		{"Lists", testLists},
		{"Reload", testReload},
		{"Screenings", testScreenings},
		{"Yente", testYente},
		{"TextAndPayments", testTextAndPayments},
		{"Health", testHealth},
		{"Metrics", testMetrics},
		{"NoAuth", testNoAuth},
		{"Timeout", testTimeout},
		{"ClientGone", testClientGone},
		{"Overloaded", testOverloaded},
		{"StreamTimeout", testStreamTimeout},
		{"StoreDown", testStoreDown},
		{"Audit", testAudit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, b)
		})
	}
}

func hitIDs(hs []AuditHit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.ID)
	}
	return out
}

func testScreen(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b})
	// a person with a birth date and nationality: a match with reasons
	out := e.screen(map[string]any{"name": "Ivan Petrovich Testov", "schema": "Person", "dob": "1961-02-03", "country": []string{"Russia"}, "ref": "cust-42"})
	if len(out.Hits) == 0 || out.Hits[0].ID != idTestov || !out.Hits[0].Match || !out.Matched {
		t.Fatalf("hits %+v, want a match on %s", out.Hits, idTestov)
	}
	h := out.Hits[0]
	if h.Score < 0.9 || len(h.Reasons) < 2 || !slices.Equal(h.Datasets, []string{listPEP, listSanctions}) {
		t.Errorf("hit %+v: want a high score, reasons for name, birth date and country, and both lists", h)
	}
	features := map[string]bool{}
	for _, r := range h.Reasons {
		features[r.Feature] = true
	}
	for _, f := range []string{"name", "birth_date", "country"} {
		if !features[f] {
			t.Errorf("no %s reason in %+v", f, h.Reasons)
		}
	}
	if out.Ref != "cust-42" || out.Algorithm != "embargo-v1" || out.Threshold != 0.8 || out.DatasetVersion != e.srv.Service().Snapshot.Version ||
		out.Versions.Names == 0 || out.Query.Name != "Ivan Petrovich Testov" {
		t.Errorf("answer %+v", out)
	}

	// FtM properties add to the party: an identifier alone finds the vessel
	out = e.screen(map[string]any{"schema": "Vessel", "properties": map[string][]string{"imoNumber": {"9123456"}}})
	if len(out.Hits) != 1 || out.Hits[0].ID != idSeaPhantom || !out.Hits[0].Match {
		t.Errorf("by IMO number: %+v", out.Hits)
	}
	// list filters and exclusions
	out = e.screen(map[string]any{"name": "Ivan Petrovich Testov", "exclude_ids": []string{idTestov}})
	for _, h := range out.Hits {
		if h.ID == idTestov {
			t.Errorf("excluded id %s still hit", idTestov)
		}
	}
	out = e.screen(map[string]any{"name": "Testov Trading Company", "lists": []string{listPEP}})
	for _, h := range out.Hits {
		if !slices.Contains(h.Datasets, listPEP) {
			t.Errorf("lists=[%s] returned %s from %v", listPEP, h.ID, h.Datasets)
		}
	}
	out = e.screen(map[string]any{"name": "Testov Trading Company", "exclude_lists": []string{listSanctions}})
	if slices.ContainsFunc(out.Hits, func(h screen.Hit) bool { return h.ID == idTradingCo }) {
		t.Errorf("exclude_lists=[%s] still returned %s", listSanctions, idTradingCo)
	}
	// options
	out = e.screen(map[string]any{"name": "Ivan Testov", "algorithm": "ofac", "threshold": 0.5, "limit": 1})
	if out.Algorithm != "ofac-faq249" || out.Threshold != 0.5 || len(out.Hits) > 1 {
		t.Errorf("ofac, threshold 0.5, limit 1: %+v", out)
	}
	// nothing found: an empty list, not null
	res := e.want(req{method: "POST", path: "/v1/screen", body: `{"name":"Zyxwvut Qponmlk"}`, key: e.key(store.RoleScreen)}, 200, "")
	if !strings.Contains(string(res.body), `"hits":[]`) || strings.Contains(string(res.body), `"matched":true`) {
		t.Errorf("no hits: %s", res.body)
	}
	var none ScreenResponse
	res.decode(t, &none)
	e.answered(none.ScreeningID, none.Hits)
	// a name in another script
	out = e.screen(map[string]any{"name": "Александр Вымышленный"})
	if len(out.Hits) == 0 || out.Hits[0].ID != "web-sanctions-ws-p5" {
		t.Errorf("Cyrillic name: %+v", out.Hits)
	}
	checkAudit(t, e)
}

func testScreenBadRequests(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b})
	key := e.key(store.RoleScreen)
	for _, tc := range []struct {
		name   string
		body   any
		ctype  string
		doc    docExpect
		status int
		code   string
		msg    string // in the message
	}{
		{"empty body", "", "", docInvalid, 400, CodeInvalidJSON, "empty"},
		{"blank body", "  \n", "", docInvalid, 400, CodeInvalidJSON, "empty"},
		{"empty object", `{}`, "", docInvalid, 400, CodeBadRequest, "name"},
		{"syntax", `{"name": "Ivan"`, "", docInvalid, 400, CodeInvalidJSON, ""},
		{"not an object", `["Ivan"]`, "", docInvalid, 400, CodeInvalidJSON, ""},
		{"trailing data", `{"name":"Ivan"} {"name":"Olga"}`, "", docUnstated, 400, CodeInvalidJSON, "after the JSON"},
		{"name as number", `{"name": 42}`, "", docInvalid, 400, CodeInvalidJSON, "name"},
		{"names as number", `{"name": "Ivan", "names": 42}`, "", docInvalid, 400, CodeInvalidJSON, "names"},
		{"threshold as string", `{"name": "Ivan", "threshold": "high"}`, "", docInvalid, 400, CodeInvalidJSON, "threshold"},
		{"properties as strings", `{"name": "Ivan", "properties": {"alias": "Ivan T"}}`, "", docInvalid, 400, CodeInvalidJSON, "properties"},
		{"unknown field", `{"name": "Ivan", "nmae": "Olga"}`, "", docInvalid, 400, CodeInvalidJSON, "nmae"},
		{"invalid UTF-8", "{\"name\": \"Iv\xffan\"}", "", docUnstated, 400, CodeInvalidJSON, "UTF-8"},
		{"no letters", `{"name": "!!!"}`, "", docValid, 400, CodeBadRequest, "letters"},
		{"name too long", map[string]any{"name": strings.Repeat("a", 401)}, "", docInvalid, 400, CodeBadRequest, "longer"},
		{"unknown schema", `{"name": "Ivan", "schema": "Spaceship"}`, "", docValid, 400, CodeBadRequest, "schema"},
		{"bad date", `{"name": "Ivan", "dob": "1961-13-45"}`, "", docValid, 400, CodeBadRequest, "dob"},
		{"unknown country", `{"name": "Ivan", "country": "Atlantis"}`, "", docValid, 400, CodeBadRequest, "country"},
		{"bad gender", `{"name": "Ivan", "gender": "x"}`, "", docValid, 400, CodeBadRequest, "gender"},
		{"threshold above 1", `{"name": "Ivan", "threshold": 2}`, "", docInvalid, 400, CodeBadRequest, "threshold"},
		{"negative limit", `{"name": "Ivan", "limit": -1}`, "", docInvalid, 400, CodeBadRequest, "limit"},
		{"limit above max", `{"name": "Ivan", "limit": 501}`, "", docInvalid, 400, CodeBadRequest, "limit"},
		{"unknown algorithm", `{"name": "Ivan", "algorithm": "magic"}`, "", docInvalid, 400, CodeBadRequest, "algorithm"},
		{"unknown list", `{"name": "Ivan", "lists": ["nope"]}`, "", docValid, 400, CodeBadRequest, "nope"},
		{"ref too long", map[string]any{"name": "Ivan", "ref": strings.Repeat("r", 201)}, "", docInvalid, 400, CodeBadRequest, "ref"},
		{"xml", `<name>Ivan</name>`, "application/xml", docInvalid, 415, CodeUnsupportedType, ""},
		{"bad content type", `{"name":"Ivan"}`, "what//ever", docInvalid, 415, CodeUnsupportedType, ""},
		{"10 MB", `{"name":"` + strings.Repeat("a", 10<<20) + `"}`, "", docUnstated, 413, CodeTooLarge, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := e.want(req{method: "POST", path: "/v1/screen", body: tc.body, ctype: tc.ctype, key: key, doc: tc.doc}, tc.status, tc.code)
			var eb ErrorBody
			res.decode(t, &eb)
			if !strings.Contains(eb.Error.Message, tc.msg) {
				t.Errorf("message %q does not mention %q", eb.Error.Message, tc.msg)
			}
			for _, leak := range []string{"json: ", "screen: ", "store: ", ".go:", "goroutine", "Go ", "web.", "[]"} {
				if strings.Contains(eb.Error.Message, leak) {
					t.Errorf("message %q leaks internal detail %q", eb.Error.Message, leak)
				}
			}
		})
	}
}

func testAuth(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b, cfg: Config{KeyCacheTTL: 50 * time.Millisecond}})
	body := `{"name":"Ivan Testov"}`
	for _, tc := range []struct {
		name, auth string
		doc        docExpect
	}{
		{"no header", "", docInvalid},
		{"basic scheme", "Basic dXNlcjpwYXNz", docInvalid},
		{"bearer without key", "Bearer ", docInvalid},
		{"unknown key", "emb_notakey", docValid},
		{"long key", strings.Repeat("k", 300), docValid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := e.want(req{method: "POST", path: "/v1/screen", body: body, key: tc.auth, doc: tc.doc}, 401, CodeUnauthorized)
			if !strings.HasPrefix(res.header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate %q", res.header.Get("WWW-Authenticate"))
			}
		})
	}
	// the scheme is case-insensitive
	e.want(req{method: "POST", path: "/v1/screen", body: body, key: "bearer " + e.key(store.RoleScreen)}, 200, "")

	// a revoked key stops working once the cache forgets it
	ctx := context.Background()
	k, secret, err := e.st.CreateKey(ctx, "soon revoked", store.RoleScreen)
	if err != nil {
		t.Fatal(err)
	}
	e.want(req{method: "POST", path: "/v1/screen", body: body, key: secret}, 200, "")
	if err := e.st.RevokeKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	time.Sleep(60 * time.Millisecond)
	e.want(req{method: "POST", path: "/v1/screen", body: body, key: secret}, 401, CodeUnauthorized)
	// the public endpoints need no key
	for _, p := range []string{"/healthz", "/readyz", "/openapi.json", "/metrics"} {
		e.want(req{method: "GET", path: p}, 200, "")
	}
}

func testRoles(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b})
	scr, rev, adm := e.key(store.RoleScreen), e.key(store.RoleReview), e.key(store.RoleAdmin)
	out := e.screen(map[string]any{"name": "Ivan Testov"})
	for _, tc := range []struct {
		method, path string
		body         any
		key          string
		status       int
	}{
		{"GET", "/v1/screenings", nil, scr, 403},
		{"GET", "/v1/screenings/" + out.ScreeningID, nil, scr, 403},
		{"POST", "/v1/lists/reload", nil, scr, 403},
		{"POST", "/v1/lists/reload", nil, rev, 403},
		{"GET", "/v1/screenings", nil, rev, 200},
		{"GET", "/v1/screenings/" + out.ScreeningID, nil, rev, 200},
		{"GET", "/v1/screenings/" + out.ScreeningID, nil, adm, 200},
		{"POST", "/v1/screen", `{"name":"Ivan"}`, rev, 200},
		{"POST", "/v1/screen", `{"name":"Ivan"}`, adm, 200},
		{"GET", "/v1/lists", nil, scr, 200},
		{"POST", "/v1/lists/reload", nil, adm, 200},
	} {
		code := ""
		if tc.status == 403 {
			code = CodeForbidden
		}
		res := e.want(req{method: tc.method, path: tc.path, body: tc.body, key: tc.key}, tc.status, code)
		if tc.path == "/v1/screen" {
			var sr ScreenResponse
			res.decode(t, &sr)
			e.answered(sr.ScreeningID, sr.Hits)
		}
	}
}

// testEveryEndpointNeedsAKey sends a request without a key and one with
// an unknown key to every operation the document says needs one.
func testEveryEndpointNeedsAKey(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b})
	registered := map[string]bool{}
	for _, x := range e.srv.extraRoutes() {
		registered[x.pattern] = true
	}
	n := 0
	for path, item := range theDoc(t).Paths.Map() {
		for method, op := range item.Operations() {
			if op.Security != nil && len(*op.Security) == 0 {
				continue
			}
			if (path == "/v1/text" || path == "/v1/payments") && !registered[method+" "+path] {
				t.Logf("%s %s is documented but not served yet", method, path)
				continue
			}
			p := strings.NewReplacer("{id}", "x", "{dataset}", "default").Replace(path)
			var body any
			if op.RequestBody != nil {
				body = `{}`
			}
			e.want(req{method: method, path: p, body: body, doc: docInvalid}, 401, CodeUnauthorized)
			e.want(req{method: method, path: p, body: body, key: "emb_unknown", doc: docUnstated}, 401, CodeUnauthorized)
			n++
		}
	}
	if n < 9 {
		t.Errorf("only %d operations need a key", n)
	}
}

func testRateLimit(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b, cfg: Config{RateLimit: 0.5, RateBurst: 2}})
	scr, rev := e.key(store.RoleScreen), e.key(store.RoleReview)
	body := `{"name":"Ivan Testov"}`
	e.want(req{method: "POST", path: "/v1/screen", body: body, key: scr}, 200, "")
	e.want(req{method: "GET", path: "/v1/lists", key: scr}, 200, "")
	res := e.want(req{method: "POST", path: "/v1/screen", body: body, key: scr}, 429, CodeRateLimited)
	if ra := res.header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("429 with Retry-After %q", ra)
	}
	// the limit is per key
	e.want(req{method: "GET", path: "/v1/screenings", key: rev}, 200, "")
	// a batch takes a token per party
	e.want(req{method: "POST", path: "/v1/screen/batch", body: `{"parties":[{"name":"a b"},{"name":"c d"},{"name":"e f"}]}`, key: rev}, 429, CodeRateLimited)
	// public endpoints are not limited
	for range 5 {
		e.want(req{method: "GET", path: "/healthz"}, 200, "")
	}
	// so does a yente query
	adm := e.key(store.RoleAdmin)
	e.want(req{method: "POST", path: "/v1/screen", body: body, key: adm}, 200, "")
	e.want(req{method: "POST", path: "/match/default", key: adm,
		body: `{"queries":{"a":{"schema":"Person","properties":{"name":["a b"]}},"b":{"schema":"Person","properties":{"name":["c d"]}}}}`}, 429, CodeRateLimited)
}

func testUnknownPathsAndMethods(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b})
	key := e.key(store.RoleAdmin)
	for _, tc := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{"GET", "/nope", 404, ""},
		{"GET", "/", 404, ""},
		{"GET", "/v1/screen/", 404, ""},
		{"GET", "/v2/screen", 404, ""},
		{"GET", "/v1/entities/", 404, ""},
		{"GET", "/v1/screen", 405, "POST"},
		{"PUT", "/v1/screen/batch", 405, "POST"},
		{"DELETE", "/v1/screenings/scr_x", 405, "GET, HEAD"},
		{"POST", "/v1/lists", 405, "GET, HEAD"},
		{"GET", "/v1/lists/reload", 405, "POST"},
		{"POST", "/healthz", 405, "GET, HEAD"},
		{"POST", "/metrics", 405, "GET, HEAD"},
		{"GET", "/match/default", 405, "POST"},
		{"PATCH", "/v1/search", 405, "GET, HEAD"},
		{"GET", "/v1/text", 405, "POST"},
		{"PUT", "/v1/payments", 405, "POST"},
	} {
		res := e.want(req{method: tc.method, path: tc.path, key: key, doc: docUnknown}, tc.status, map[int]string{404: CodeNotFound, 405: CodeMethodNotAllowed}[tc.status])
		if got := res.header.Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, got, tc.allow)
		}
	}
}

func testBatch(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b, cfg: Config{MaxBatch: 5}})
	key := e.key(store.RoleScreen)
	body := map[string]any{
		"threshold": 0.7,
		"parties": []map[string]any{
			{"name": "Ivan Petrovich Testov", "dob": "1961-02-03", "ref": "a"},
			{"name": "", "ref": "no name"},
			{"name": "Northern Star Shipping", "schema": "Company", "threshold": 0.9},
			{"id": "RMBKKPPY"},
		},
	}
	res := e.want(req{method: "POST", path: "/v1/screen/batch", body: body, key: key}, 200, "")
	var out BatchResponse
	res.decode(t, &out)
	if len(out.Results) != 4 || out.Threshold != 0.7 || out.Algorithm != "embargo-v1" || out.DatasetVersion == "" {
		t.Fatalf("batch answer %s", res)
	}
	for i, r := range out.Results {
		if r.Index != i {
			t.Errorf("result %d has index %d", i, r.Index)
		}
	}
	if r := out.Results[0]; r.Ref != "a" || len(r.Hits) == 0 || r.Hits[0].ID != idTestov || !r.Matched || r.ScreeningID == "" {
		t.Errorf("party 0: %+v", r)
	}
	if r := out.Results[1]; r.Error == nil || r.Error.Code != CodeBadRequest || !strings.Contains(r.Error.Message, "parties[1]") || r.ScreeningID != "" || r.Hits == nil {
		t.Errorf("party 1 (no name): %+v", r)
	}
	if r := out.Results[3]; len(r.Hits) != 1 || r.Hits[0].ID != "web-sanctions-ws-c7" {
		t.Errorf("party 3 (a BIC): %+v", r)
	}
	for _, r := range out.Results {
		if r.Error == nil {
			e.answered(r.ScreeningID, r.Hits)
		}
	}
	// every party invalid: still a 200 with an error each
	res = e.want(req{method: "POST", path: "/v1/screen/batch", body: `{"parties":[{"name":"???"}],"algorithm":"ofac"}`, key: key}, 200, "")
	res.decode(t, &out)
	if out.Results[0].Error == nil || out.Algorithm != "ofac-faq249" || out.Threshold == 0 {
		t.Errorf("all bad: %s", res)
	}
	for _, tc := range []struct {
		name   string
		body   string
		doc    docExpect
		status int
		code   string
	}{
		{"over MaxBatch", `{"parties":[{"name":"a b"},{"name":"a b"},{"name":"a b"},{"name":"a b"},{"name":"a b"},{"name":"a b"}]}`, docValid, 413, CodeTooLarge},
		{"no parties", `{"parties":[]}`, docInvalid, 400, CodeBadRequest},
		{"parties missing", `{"threshold":0.5}`, docInvalid, 400, CodeBadRequest},
		{"bad batch threshold", `{"parties":[{"name":"a b"}],"threshold":3}`, docInvalid, 400, CodeBadRequest},
		{"unknown batch list", `{"parties":[{"name":"a b"}],"lists":["nope"]}`, docValid, 400, CodeBadRequest},
		{"unknown field", `{"parties":[{"name":"a b"}],"treshold":0.5}`, docInvalid, 400, CodeInvalidJSON},
		{"unknown party field", `{"parties":[{"name":"a b","nam":"x"}]}`, docInvalid, 400, CodeInvalidJSON},
		{"party as string", `{"parties":["Ivan"]}`, docInvalid, 400, CodeInvalidJSON},
		{"syntax", `{"parties":[`, docInvalid, 400, CodeInvalidJSON},
		{"csv", "name\nIvan Testov\n", docInvalid, 415, CodeUnsupportedType},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ct := ""
			if tc.code == CodeUnsupportedType {
				ct = "text/csv"
			}
			e.want(req{method: "POST", path: "/v1/screen/batch", body: tc.body, ctype: ct, key: key, doc: tc.doc}, tc.status, tc.code)
		})
	}
	// a wrong type deep in the body is named by its path
	res = e.want(req{method: "POST", path: "/v1/screen/batch", body: `{"parties":[{"name":"a b"},{"name":"c d","dob":1961}]}`, key: key, doc: docInvalid}, 400, CodeInvalidJSON)
	if !strings.Contains(string(res.body), "parties[1].dob: want a string or a list of strings") {
		t.Errorf("a wrong type in a party: %s", res.body)
	}
	// a wrong type in a field of the embedded Party is named as the client wrote it
	res = e.want(req{method: "POST", path: "/v1/screen/batch", body: `{"parties":[{"name":"a b"},{"name":123}]}`, key: key, doc: docInvalid}, 400, CodeInvalidJSON)
	if !strings.Contains(string(res.body), `parties[1].name: want a string, got a JSON number`) || strings.Contains(string(res.body), "Party") {
		t.Errorf("a wrong type in an embedded field: %s", res.body)
	}
	// the JSON batch body limit
	big := `{"parties":[{"name":"` + strings.Repeat("x", 33<<20) + `"}]}`
	e.want(req{method: "POST", path: "/v1/screen/batch", body: big, key: key, doc: docUnstated}, 413, CodeTooLarge)
	checkAudit(t, e)
}

func testNDJSON(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b, cfg: Config{MaxBatch: 2}})
	key := e.key(store.RoleScreen)
	in := strings.Join([]string{
		`{"name":"Ivan Petrovich Testov","dob":"1961-02-03","ref":"r1"}`,
		`{"name":"Northern Star Shipping","row":"mine"}`,
		`not json`,
		``,
		`{"name": 42}`,
		`{"full_name":"Kim Chol Sample","nationality":"kp"}`,
		`{"name":"???"}`,
		"{\"name\":\"Iv\xffan\"}",
		`{"id":"9654321","schema":"Vessel"}`,
	}, "\n") + "\n"
	// more lines than MaxBatch: streams have no party limit
	res := e.want(req{method: "POST", path: "/v1/screen/batch?threshold=0.75&limit=3", body: in, ctype: "application/x-ndjson", key: key}, 200, "")
	if ct := res.header.Get("Content-Type"); ct != "application/x-ndjson" {
		t.Errorf("Content-Type %q", ct)
	}
	e.answeredLines(res.body)
	lines := strings.Split(strings.TrimSuffix(string(res.body), "\n"), "\n")
	if len(lines) != 8 {
		t.Fatalf("%d lines for 8 input lines:\n%s", len(lines), res.body)
	}
	type line struct {
		Row         int              `json:"row"`
		Ref         string           `json:"ref"`
		InputRow    string           `json:"input_row"`
		ScreeningID string           `json:"screening_id"`
		Matched     bool             `json:"matched"`
		Hits        []screen.Hit     `json:"hits"`
		Error       *json.RawMessage `json:"error"`
	}
	wantErr := map[int]bool{3: true, 4: true, 6: true, 7: true}
	for i, l := range lines {
		var x line
		if err := json.Unmarshal([]byte(l), &x); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, l)
		}
		if x.Row != i+1 {
			t.Errorf("line %d has row %d: order not kept", i+1, x.Row)
		}
		if wantErr[x.Row] != (x.Error != nil) || (x.Error == nil) != (x.ScreeningID != "") {
			t.Errorf("line %d: error %v, screening_id %q: %s", i+1, x.Error != nil, x.ScreeningID, l)
		}
		if x.Error == nil {
			if len(x.Hits) > 3 {
				t.Errorf("line %d: limit=3 but %d hits", i+1, len(x.Hits))
			}
		}
		switch x.Row {
		case 1:
			if x.Ref != "r1" || len(x.Hits) == 0 || x.Hits[0].ID != idTestov || !x.Matched {
				t.Errorf("line 1: %s", l)
			}
		case 2:
			if x.InputRow != "mine" {
				t.Errorf("line 2: the input's own row field is not kept as input_row: %s", l)
			}
		case 5:
			if len(x.Hits) == 0 || x.Hits[0].ID != "web-sanctions-ws-p4" {
				t.Errorf("line 5 (full_name, nationality): %s", l)
			}
		case 8:
			if len(x.Hits) != 1 || x.Hits[0].ID != "web-sanctions-ws-v2" {
				t.Errorf("line 8 (an IMO number): %s", l)
			}
		}
	}
	// the audit record keeps the line's ref
	rec := e.want(req{method: "GET", path: "/v1/screenings/" + mustField(t, lines[0], "screening_id"), key: e.key(store.RoleReview)}, 200, "")
	if !strings.Contains(string(rec.body), `"ref":"r1"`) {
		t.Errorf("audit record without the line's ref: %s", rec.body)
	}
	// application/jsonl is NDJSON too; an empty stream is an empty answer
	res = e.want(req{method: "POST", path: "/v1/screen/batch", body: `{"name":"Sea Phantom"}`, ctype: "application/jsonl", key: key}, 200, "")
	e.answeredLines(res.body)
	res = e.want(req{method: "POST", path: "/v1/screen/batch", body: "", ctype: "application/x-ndjson", key: key, doc: docUnstated}, 200, "")
	if len(res.body) != 0 {
		t.Errorf("empty stream answered %q", res.body)
	}
	// list filters
	res = e.want(req{method: "POST", path: "/v1/screen/batch?list=" + listPEP, body: `{"name":"Testov Trading Company"}`, ctype: "application/x-ndjson", key: key}, 200, "")
	if strings.Contains(string(res.body), idTradingCo) {
		t.Errorf("list=%s returned %s", listPEP, idTradingCo)
	}
	e.answeredLines(res.body)
	// bad options are refused before the stream starts
	for _, q := range []struct {
		query string
		doc   docExpect
	}{{"threshold=2", docInvalid}, {"threshold=x", docInvalid}, {"limit=0", docInvalid}, {"limit=501", docInvalid}, {"algorithm=magic", docInvalid}, {"list=nope", docValid}} {
		e.want(req{method: "POST", path: "/v1/screen/batch?" + q.query, body: `{"name":"x y"}`, ctype: "application/x-ndjson", key: key, doc: q.doc}, 400, CodeBadRequest)
	}
	checkAudit(t, e)
}

func mustField(t testing.TB, line, field string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(line, "\n", 2)[0]), &m); err != nil {
		t.Fatalf("%v: %s", err, line)
	}
	s, _ := m[field].(string)
	if s == "" {
		t.Fatalf("no %s in %s", field, line)
	}
	return s
}

func testSearch(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b})
	key := e.key(store.RoleScreen)
	var all SearchResponse
	e.want(req{method: "GET", path: "/v1/search?q=Testov", key: key}, 200, "").decode(t, &all)
	if all.Total < 3 || len(all.Results) != all.Total || all.Limit != 20 || all.Offset != 0 || all.Query != "Testov" {
		t.Fatalf("search Testov: %+v", all)
	}
	// paging walks the same hits, and total stays the number found
	var paged []string
	for off := 0; off < all.Total; off += 2 {
		var page SearchResponse
		e.want(req{method: "GET", path: fmt.Sprintf("/v1/search?q=Testov&limit=2&offset=%d", off), key: key}, 200, "").decode(t, &page)
		if page.Total != all.Total || len(page.Results) > 2 {
			t.Errorf("page at %d: total %d (want %d), %d results", off, page.Total, all.Total, len(page.Results))
		}
		for _, h := range page.Results {
			paged = append(paged, h.ID)
		}
	}
	var want []string
	for _, h := range all.Results {
		want = append(want, h.ID)
	}
	if !slices.Equal(paged, want) {
		t.Errorf("pages %v, all %v", paged, want)
	}
	var past SearchResponse
	e.want(req{method: "GET", path: "/v1/search?q=Testov&offset=400", key: key}, 200, "").decode(t, &past)
	if len(past.Results) != 0 || past.Results == nil {
		t.Errorf("past the end: %+v", past)
	}
	var filtered SearchResponse
	e.want(req{method: "GET", path: "/v1/search?q=Testov&list=" + listPEP + "&schema=Person", key: key}, 200, "").decode(t, &filtered)
	for _, h := range filtered.Results {
		if !slices.Contains(h.Datasets, listPEP) {
			t.Errorf("list=%s: %s from %v", listPEP, h.ID, h.Datasets)
		}
	}
	for _, tc := range []struct {
		query string
		doc   docExpect
	}{
		{"", docInvalid}, {"q=", docInvalid}, {"q=%20%20", docValid}, {"q=Ivan&limit=0", docInvalid}, {"q=Ivan&limit=101", docInvalid},
		{"q=Ivan&limit=x", docInvalid}, {"q=Ivan&offset=-1", docInvalid}, {"q=Ivan&offset=401", docInvalid},
		{"q=Ivan&schema=Spaceship", docValid}, {"q=Ivan&list=nope", docValid},
	} {
		e.want(req{method: "GET", path: "/v1/search?" + tc.query, key: key, doc: tc.doc}, 400, CodeBadRequest)
	}
}

func testEntity(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b})
	key := e.key(store.RoleScreen)
	var out EntityResponse
	e.want(req{method: "GET", path: "/v1/entities/" + idTestov, key: key}, 200, "").decode(t, &out)
	if out.ID != idTestov || out.Caption != "Ivan Petrovich Testov" || out.Schema != "Person" || len(out.Records) != 2 ||
		!slices.Equal(out.Datasets, []string{listPEP, listSanctions}) || out.Properties["birthDate"][0] != "1961-02-03" || out.Entity == nil {
		t.Errorf("entity: %+v", out)
	}
	var recIDs []string
	for _, r := range out.Records {
		recIDs = append(recIDs, r.ID)
	}
	if !slices.Equal(recIDs, []string{"web-pep-wp-1", "web-sanctions-ws-p1"}) {
		t.Errorf("record ids %v", recIDs)
	}
	// by the id of one of its records, in any case
	var alias EntityResponse
	e.want(req{method: "GET", path: "/v1/entities/WEB-SANCTIONS-WS-P1", key: key}, 200, "").decode(t, &alias)
	if alias.ID != idTestov {
		t.Errorf("by record id: %s", alias.ID)
	}
	// an entity with no name (a wallet)
	e.want(req{method: "GET", path: "/v1/entities/web-sanctions-ws-w1", key: key}, 200, "")
	e.want(req{method: "GET", path: "/v1/entities/nope", key: key}, 404, CodeNotFound)
	e.want(req{method: "GET", path: "/v1/entities/" + idTestov, doc: docInvalid}, 401, CodeUnauthorized)
}

func testLists(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b})
	var out ListsResponse
	e.want(req{method: "GET", path: "/v1/lists", key: e.key(store.RoleScreen)}, 200, "").decode(t, &out)
	if len(out.Lists) != 2 || out.Entities != baseEntities || out.DatasetVersion == "" || out.LoadedAt.IsZero() {
		t.Fatalf("lists: %+v", out)
	}
	l := out.Lists[1]
	if l.ID != listSanctions || l.Entities != 20 || l.Published != "2026-01-10" || l.Version != "2026-01-10" || len(l.SHA256) != 64 ||
		!slices.Equal(l.Files, []string{"sanctions.ftm.jsonl"}) || l.LoadedAt.IsZero() || l.Format != "ftm-jsonl" {
		t.Errorf("web-sanctions: %+v", l)
	}
	if len(out.Reloads) != 1 || !out.Reloads[0].Accepted || out.Reloads[0].By != "startup" || out.LastReload == nil || !out.LastReload.Accepted {
		t.Errorf("reloads: %+v, last %+v", out.Reloads, out.LastReload)
	}
}

// reloadRefused is the body of a refused reload.
type reloadRefused struct {
	Error  ErrorInfo    `json:"error"`
	Reload ReloadResult `json:"reload"`
}

func testReload(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b})
	adm := e.key(store.RoleAdmin)
	base := e.srv.Service().Snapshot.Version
	serving := func(want string) {
		t.Helper()
		var l ListsResponse
		e.want(req{method: "GET", path: "/v1/lists", key: adm}, 200, "").decode(t, &l)
		if l.DatasetVersion != want {
			t.Errorf("serving %s, want %s", l.DatasetVersion, want)
		}
		out := e.screen(map[string]any{"name": "Ivan Petrovich Testov"})
		if out.DatasetVersion != want || len(out.Hits) == 0 {
			t.Errorf("screening on %s with %d hits, want %s", out.DatasetVersion, len(out.Hits), want)
		}
	}
	refused := func(body any, why string) *reloadRefused {
		t.Helper()
		var r reloadRefused
		e.want(req{method: "POST", path: "/v1/lists/reload", body: body, key: adm}, 409, CodeRefused).decode(t, &r)
		if r.Reload.Accepted || !strings.Contains(r.Reload.Reason, why) || r.Reload.DatasetVersion != base {
			t.Errorf("refused reload: %+v, want reason %q and %s serving", r.Reload, why, base)
		}
		return &r
	}
	// Load fails: refused, the old version serves
	e.lists.fail(errBoom)
	refused(nil, errBoom.Error())
	serving(base)
	// a list that does not parse: refused even when forced
	e.lists.use(listVariant(t, "broken"))
	refused(map[string]bool{"force": true}, "could not be loaded")
	serving(base)
	// a list that lost 20%: refused, then accepted when forced
	e.lists.use(listVariant(t, "shrunk"))
	r := refused(map[string]bool{"force": false}, "fell from 20 to 16")
	if r.Reload.Candidate == "" || len(r.Reload.Changes) != 2 {
		t.Errorf("refused reload without the candidate and changes: %+v", r.Reload)
	}
	serving(base)
	var forced ReloadResult
	e.want(req{method: "POST", path: "/v1/lists/reload", body: `{"force":true}`, key: adm}, 200, "").decode(t, &forced)
	if !forced.Accepted || !forced.Forced || forced.DatasetVersion == base || !strings.Contains(forced.Reason, "fell") {
		t.Errorf("forced reload: %+v", forced)
	}
	serving(forced.DatasetVersion)
	base = forced.DatasetVersion
	e.want(req{method: "GET", path: "/v1/entities/" + idSeaPhantom, key: adm}, 404, CodeNotFound) // cut from the list
	// a list that disappeared: refused
	e.lists.use(listVariant(t, "missing"))
	refused(nil, "missing")
	// why names server files: admin keys see it, screening keys do not
	var ls ListsResponse
	e.want(req{method: "GET", path: "/v1/lists", key: e.key(store.RoleScreen)}, 200, "").decode(t, &ls)
	if ls.LastReload == nil || ls.LastReload.Reason != "(details for admin keys)" || len(ls.Reloads) == 0 || ls.Reloads[0].Reason != "(details for admin keys)" {
		t.Errorf("a screening key sees reload reasons: %+v %+v", ls.LastReload, ls.Reloads)
	}
	e.want(req{method: "GET", path: "/v1/lists", key: adm}, 200, "").decode(t, &ls)
	if ls.LastReload == nil || !strings.Contains(ls.LastReload.Reason, "missing") {
		t.Errorf("an admin key does not see reload reasons: %+v", ls.LastReload)
	}
	// back to the full lists and one more: accepted
	e.lists.use(listVariant(t, "grown"))
	var grown ReloadResult
	e.want(req{method: "POST", path: "/v1/lists/reload", key: adm}, 200, "").decode(t, &grown)
	if !grown.Accepted || grown.Forced || grown.Candidate != grown.DatasetVersion {
		t.Errorf("grown: %+v", grown)
	}
	serving(grown.DatasetVersion)
	out := e.screen(map[string]any{"name": "Boris Newlisted Examplov"})
	if len(out.Hits) == 0 || out.Hits[0].ID != "web-sanctions-ws-p10" {
		t.Errorf("the new record is not served: %+v", out.Hits)
	}
	// bad bodies
	e.want(req{method: "POST", path: "/v1/lists/reload", body: `{"force":"yes"}`, key: adm, doc: docInvalid}, 400, CodeInvalidJSON)
	e.want(req{method: "POST", path: "/v1/lists/reload", body: `{"forse":true}`, key: adm, doc: docInvalid}, 400, CodeInvalidJSON)
	e.want(req{method: "POST", path: "/v1/lists/reload", body: `{"force":true}`, ctype: "text/csv", key: adm, doc: docInvalid}, 415, CodeUnsupportedType)
	e.want(req{method: "POST", path: "/v1/lists/reload", body: `{"force":` + strings.Repeat(" ", 5000) + `true}`, key: adm, doc: docUnstated}, 413, CodeTooLarge)
	// one reload at a time
	hold := make(chan struct{})
	e.lists.mu.Lock()
	e.lists.hold = hold
	e.lists.mu.Unlock()
	calls := e.lists.calls.Load()
	done := make(chan *resp)
	go func() {
		r, err := e.send(context.Background(), req{method: "POST", path: "/v1/lists/reload", key: adm})
		if err != nil {
			t.Error(err)
		}
		done <- r
	}()
	waitFor(t, "the first reload to start", func() bool { return e.lists.calls.Load() > calls })
	e.want(req{method: "POST", path: "/v1/lists/reload", key: adm}, 409, CodeConflict)
	close(hold)
	if r := <-done; r == nil || r.status != 200 {
		t.Errorf("the held reload: %v", r)
	}
	// /v1/lists shows every attempt, refused ones included, newest first
	var l ListsResponse
	e.want(req{method: "GET", path: "/v1/lists", key: adm}, 200, "").decode(t, &l)
	var got []string
	for _, r := range l.Reloads {
		switch {
		case r.Forced:
			got = append(got, "forced")
		case r.Accepted:
			got = append(got, "accepted")
		default:
			got = append(got, "refused")
		}
	}
	want := []string{"accepted", "accepted", "refused", "forced", "refused", "refused", "refused", "accepted"}
	if !slices.Equal(got, want) {
		t.Errorf("reloads %v, want %v", got, want)
	}
	if l.Reloads[len(l.Reloads)-2].Reason == "" || l.Reloads[len(l.Reloads)-2].By != "test-admin" {
		t.Errorf("a refused reload's record: %+v", l.Reloads[len(l.Reloads)-2])
	}
	// and metrics count them
	m := string(e.want(req{method: "GET", path: "/metrics"}, 200, "").body)
	for _, line := range []string{
		`embargo_list_reloads_total{result="accepted"} 3`, `embargo_list_reloads_total{result="forced"} 1`,
		`embargo_list_reloads_total{result="refused"} 2`, `embargo_list_reloads_total{result="failed"} 2`,
	} {
		if !strings.Contains(m, line) {
			t.Errorf("metrics lack %s", line)
		}
	}
	checkAudit(t, e)
}

func testScreenings(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b})
	rev := e.key(store.RoleReview)
	start := time.Now().UTC().Add(-time.Second)
	a := e.screen(map[string]any{"name": "Ivan Petrovich Testov", "dob": "1961-02-03"})
	nomatch := e.screen(map[string]any{"name": "Zyxwvut Qponmlk"})
	var one ScreenResponse
	e.want(req{method: "POST", path: "/v1/screen", body: `{"name":"Sea Phantom","exclude_ids":["x"]}`, key: e.key(store.RoleAdmin)}, 200, "").decode(t, &one)
	e.answered(one.ScreeningID, one.Hits)

	var rec store.Screening
	e.want(req{method: "GET", path: "/v1/screenings/" + a.ScreeningID, key: rev}, 200, "").decode(t, &rec)
	if rec.ID != a.ScreeningID || rec.Endpoint != "/v1/screen" || rec.KeyName != "test-screen" || rec.KeyID != e.keyIDs[store.RoleScreen] ||
		rec.DatasetVersion != a.DatasetVersion || rec.Matches == 0 || len(rec.Hash) != 64 || rec.ListVersions[listSanctions] == "" {
		t.Errorf("record %+v", rec)
	}
	// the options that change what can be found are in the record
	var rq auditRequest
	var r1 store.Screening
	e.want(req{method: "GET", path: "/v1/screenings/" + one.ScreeningID, key: rev}, 200, "").decode(t, &r1)
	json.Unmarshal(r1.Request, &rq)
	if !slices.Equal(rq.ExcludeIDs, []string{"x"}) || rq.Party.Name != "Sea Phantom" {
		t.Errorf("request recorded as %s", r1.Request)
	}

	list := func(query string) ScreeningsResponse {
		t.Helper()
		var out ScreeningsResponse
		e.want(req{method: "GET", path: "/v1/screenings" + query, key: rev}, 200, "").decode(t, &out)
		return out
	}
	ids := func(out ScreeningsResponse) []string {
		var s []string
		for _, r := range out.Screenings {
			s = append(s, r.ID)
		}
		return s
	}
	if got := ids(list("")); !slices.Equal(got, []string{one.ScreeningID, nomatch.ScreeningID, a.ScreeningID}) {
		t.Errorf("all, newest first: %v", got)
	}
	if got := ids(list("?matched=false")); !slices.Contains(got, nomatch.ScreeningID) || slices.Contains(got, a.ScreeningID) {
		t.Errorf("matched=false: %v", got)
	}
	if got := ids(list("?key=" + e.keyIDs[store.RoleAdmin])); !slices.Equal(got, []string{one.ScreeningID}) {
		t.Errorf("key=admin: %v", got)
	}
	if got := ids(list("?since=" + start.Format(time.RFC3339) + "&until=" + time.Now().Add(time.Hour).UTC().Format("2006-01-02T15:04:05Z"))); len(got) != 3 {
		t.Errorf("since/until: %v", got)
	}
	if got := ids(list("?until=2000-01-01")); len(got) != 0 {
		t.Errorf("until 2000: %v", got)
	}
	// paging
	p1 := list("?limit=2")
	if len(p1.Screenings) != 2 || p1.NextCursor == "" {
		t.Fatalf("page 1: %+v", p1)
	}
	p2 := list("?limit=2&cursor=" + p1.NextCursor)
	if got := ids(p2); !slices.Equal(got, []string{a.ScreeningID}) || p2.NextCursor != "" {
		t.Errorf("page 2: %v, cursor %q", got, p2.NextCursor)
	}
	for _, tc := range []struct {
		query string
		doc   docExpect
	}{
		{"?since=yesterday", docValid}, {"?until=2025-13-01", docValid}, {"?matched=maybe", docInvalid},
		{"?limit=0", docInvalid}, {"?limit=1001", docInvalid}, {"?limit=x", docInvalid}, {"?cursor=garbage", docValid},
	} {
		e.want(req{method: "GET", path: "/v1/screenings" + tc.query, key: rev, doc: tc.doc}, 400, CodeBadRequest)
	}
	e.want(req{method: "GET", path: "/v1/screenings/scr_nope", key: rev}, 404, CodeNotFound)
	checkAudit(t, e)
}

func testYente(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b})
	key := e.key(store.RoleScreen)
	// as a yente client (nomenklatura, yente's own docs) sends it
	body := `{
  "weights": {},
  "config": {},
  "queries": {
    "q1": {"schema": "Person", "properties": {"name": ["Ivan Petrovich Testov"], "birthDate": ["1961-02-03"], "nationality": ["ru"]}},
    "q2": {"id": null, "schema": "Company", "properties": {"name": "Northern Star Shipping Ltd", "jurisdiction": ["ae"], "registrationNumber": []}},
    "q3": {"schema": "Vessel", "properties": {"name": ["Sea Phantom"], "imoNumber": ["9123456"], "ownershipAsset": [{"schema": "Ownership", "properties": {"name": ["x"]}}]}},
    "q4": {"schema": "Thing", "properties": {"notes": ["no name at all"]}}
  }
}`
	var out YenteMatchResponse
	res := e.want(req{method: "POST", path: "/match/default?threshold=0.7&limit=3&algorithm=logic-v2&topics=sanction", body: body, key: key}, 200, "")
	res.decode(t, &out)
	if out.Limit != 3 || len(out.Matcher) == 0 || len(out.Responses) != 4 {
		t.Fatalf("yente answer %s", res)
	}
	for _, f := range []string{"name", "birth_date", "country", "identifier"} {
		if d, ok := out.Matcher[f]; !ok || d.Description == "" {
			t.Errorf("matcher has no %s feature", f)
		}
	}
	q1 := out.Responses["q1"]
	if q1.Status != 200 || len(q1.Results) == 0 || q1.Total.Value != len(q1.Results) || q1.Total.Relation != "eq" || q1.Query.Schema != "Person" || q1.ScreeningID == "" {
		t.Fatalf("q1: %+v", q1)
	}
	r := q1.Results[0]
	if r.ID != idTestov || r.Caption != "Ivan Petrovich Testov" || r.Schema != "Person" || !r.Match || !r.Target || r.Score < 0.7 ||
		r.Properties["name"][0] != "Ivan Petrovich Testov" || !slices.Equal(r.Datasets, []string{listPEP, listSanctions}) ||
		!slices.Equal(r.Referents, []string{"web-sanctions-ws-p1"}) || r.Features["name"] == 0 || r.Explanations["name"].Detail == "" {
		t.Errorf("q1 result %+v", r)
	}
	// raw shape: yente's field names, nulls for the dates yente has
	var raw map[string]any
	res.decode(t, &raw)
	first := raw["responses"].(map[string]any)["q1"].(map[string]any)["results"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "caption", "schema", "properties", "datasets", "referents", "target", "score", "features", "match", "first_seen", "last_seen", "last_change"} {
		if _, ok := first[k]; !ok {
			t.Errorf("result has no %q", k)
		}
	}
	if q2 := out.Responses["q2"]; len(q2.Results) == 0 || q2.Results[0].ID != "web-sanctions-ws-c2" {
		t.Errorf("q2 (properties as a string): %+v", q2)
	}
	if q3 := out.Responses["q3"]; len(q3.Results) == 0 || q3.Results[0].ID != idSeaPhantom || !q3.Results[0].Match {
		t.Errorf("q3 (vessel by IMO): %+v", q3)
	}
	if q4 := out.Responses["q4"]; q4.Status != 400 || q4.Error == "" || q4.ScreeningID != "" || q4.Results == nil {
		t.Errorf("q4 (nothing to match on): %+v", q4)
	}
	for _, k := range []string{"q1", "q2", "q3"} {
		e.answered(out.Responses[k].ScreeningID, out.Responses[k].Results)
	}
	// the dataset selects a list; query parameters win over the body
	var pep YenteMatchResponse
	e.want(req{method: "POST", path: "/match/" + listSanctions + "?limit=1&exclude_schema=Vessel&exclude_entity_ids=" + idTestov,
		body: `{"limit": 10, "threshold": 0.95, "queries": {"a": {"schema": "LegalEntity", "properties": {"name": ["Sea Phantom"]}}, "b": {"schema": "Person", "properties": {"name": ["Ivan Petrovich Testov"]}}}}`,
		key:  key}, 200, "").decode(t, &pep)
	if pep.Limit != 1 || len(pep.Responses["a"].Results) != 0 {
		t.Errorf("exclude_schema=Vessel: %+v", pep.Responses["a"])
	}
	if bres := pep.Responses["b"]; len(bres.Results) > 1 || slices.ContainsFunc(bres.Results, func(r YenteResult) bool { return r.ID == idTestov }) {
		t.Errorf("exclude_entity_ids: %+v", bres)
	}
	e.answered(pep.Responses["a"].ScreeningID, pep.Responses["a"].Results)
	e.answered(pep.Responses["b"].ScreeningID, pep.Responses["b"].Results)
	// cutoff leaves low scores out of the answer and of the record
	var cut YenteMatchResponse
	e.want(req{method: "POST", path: "/match/all?cutoff=0.99", body: `{"queries":{"x":{"schema":"Person","properties":{"name":["Ivan Testov"]}}}}`, key: key}, 200, "").decode(t, &cut)
	for _, r := range cut.Responses["x"].Results {
		if r.Score < 0.99 {
			t.Errorf("cutoff 0.99 returned %v", r.Score)
		}
	}
	e.answered(cut.Responses["x"].ScreeningID, cut.Responses["x"].Results)
	for _, tc := range []struct {
		path, body string
		doc        docExpect
		status     int
		code       string
	}{
		{"/match/nope", `{"queries":{"a":{"schema":"Person","properties":{"name":["x y"]}}}}`, docValid, 404, CodeNotFound},
		{"/match/default", `{"queries":{}}`, docInvalid, 400, CodeBadRequest},
		{"/match/default", `{}`, docInvalid, 400, CodeBadRequest},
		{"/match/default", `{"queries":[]}`, docInvalid, 400, CodeInvalidJSON},
		{"/match/default", `{"queries":`, docInvalid, 400, CodeInvalidJSON},
		{"/match/default?threshold=7", `{"queries":{"a":{"schema":"Person","properties":{"name":["x y"]}}}}`, docInvalid, 400, CodeBadRequest},
		{"/match/default?limit=0", `{"queries":{"a":{"schema":"Person","properties":{"name":["x y"]}}}}`, docInvalid, 400, CodeBadRequest},
		{"/match/default?include_dataset=nope", `{"queries":{"a":{"schema":"Person","properties":{"name":["x y"]}}}}`, docValid, 400, CodeBadRequest},
		{"/match/default", `{"queries":{"a":{"schema":"Person","properties":{"name":["x y"]}}},"limit":0}`, docInvalid, 400, CodeBadRequest},
		{"/match/default", `<queries/>`, docInvalid, 415, CodeUnsupportedType},
	} {
		ct := ""
		if tc.code == CodeUnsupportedType {
			ct = "application/xml"
		}
		e.want(req{method: "POST", path: tc.path, body: tc.body, ctype: ct, key: key, doc: tc.doc}, tc.status, tc.code)
	}
	// a property that is not strings is that query's error, like yente's 400
	var bad YenteMatchResponse
	e.want(req{method: "POST", path: "/match/default", body: `{"queries":{"a":{"schema":"Person","properties":{"name":[true]}}}}`, key: key}, 200, "").decode(t, &bad)
	if bad.Responses["a"].Status != 400 {
		t.Errorf("name [true]: %+v", bad.Responses["a"])
	}
	checkAudit(t, e)
}

// mt103 pays Ivan Petrovich Testov, who is listed.
const mt103 = `{1:F01DEUTDEFFAXXX0512345678}{2:I103BNPAFRPPXXXXN}{3:{108:INV20250314A}{121:8a562c67-ca16-48ba-b074-65581be6f011}}{4:
:20:DEUT20250314042
:23B:CRED
:32A:250314EUR48250,00
:50K:/DE89370400440532013000
RHEINLAND MASCHINENBAU GMBH
INDUSTRIESTRASSE 12
50667 KOELN
:52A:DEUTDEFF
:59:/FR1420041010050500013M02606
IVAN PETROVICH TESTOV
88 RUE DE RIVOLI
75004 PARIS FR
:70:INVOICE INV-2025-0117
:71A:SHA
-}`

// testTextAndPayments checks the text and payment endpoints against the
// document and the audit trail (their own behaviour is tested with them).
func testTextAndPayments(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b})
	key := e.key(store.RoleScreen)
	var ids []string
	id := func(res *resp) {
		var x struct {
			ScreeningID string `json:"screening_id"`
		}
		res.decode(t, &x)
		ids = append(ids, x.ScreeningID)
	}
	res := e.want(req{method: "POST", path: "/v1/text", key: key,
		body: map[string]any{"text": "Yesterday Ivan Petrovich Testov met the board of Northern Star Shipping Ltd in Dubai.", "ref": "memo-7"}}, 200, "")
	if !strings.Contains(string(res.body), idTestov) || !strings.Contains(string(res.body), `"ref":"memo-7"`) {
		t.Errorf("text: %s", res.body)
	}
	id(res)
	id(e.want(req{method: "POST", path: "/v1/text?threshold=0.9&ref=r", key: key, ctype: "text/plain", body: "Ivan Petrovich Testov."}, 200, ""))
	id(e.want(req{method: "POST", path: "/v1/text", key: key, ctype: "text/html", body: "<p>Sea Phantom arrived.</p>"}, 200, ""))
	e.want(req{method: "POST", path: "/v1/text", key: key, body: `{"txt":"x"}`, doc: docInvalid}, 400, CodeInvalidJSON)
	e.want(req{method: "POST", path: "/v1/text", key: key, body: `{"text":"x","format":"pdf"}`, doc: docInvalid}, 400, CodeBadRequest)
	e.want(req{method: "POST", path: "/v1/text", key: key, ctype: "image/png", body: "x", doc: docInvalid}, 415, CodeUnsupportedType)

	res = e.want(req{method: "POST", path: "/v1/payments", key: key, ctype: "text/plain", body: mt103}, 200, "")
	var pr struct {
		Decision string `json:"decision"`
	}
	res.decode(t, &pr)
	if pr.Decision != "hold" || !strings.Contains(string(res.body), idTestov) {
		t.Errorf("payment to a listed person: %s", res.body)
	}
	id(res)
	xml, err := os.ReadFile("../payment/testdata/pacs008_v08.xml")
	if err != nil {
		t.Fatal(err)
	}
	id(e.want(req{method: "POST", path: "/v1/payments?ref=p1", key: key, ctype: "application/xml", body: xml}, 200, ""))
	id(e.want(req{method: "POST", path: "/v1/payments", key: key, body: map[string]any{"message": mt103, "threshold": 0.9}}, 200, ""))
	e.want(req{method: "POST", path: "/v1/payments", key: key, ctype: "text/plain", body: "hello"}, 400, CodeBadRequest)
	e.want(req{method: "POST", path: "/v1/payments", key: key, ctype: "image/png", body: "x", doc: docInvalid}, 415, CodeUnsupportedType)

	c := e.newChecker()
	for _, id := range ids {
		var rec store.Screening
		e.want(req{method: "GET", path: "/v1/screenings/" + id, key: e.key(store.RoleReview)}, 200, "").decode(t, &rec)
		c.checkSchema(t, "record "+id+" request", "AuditDocument", rec.Request)
		if rec.Endpoint == "/v1/text" {
			var ms []json.RawMessage
			json.Unmarshal(rec.Result, &ms)
			for _, m := range ms {
				c.checkSchema(t, "record "+id+" mention", "AuditMention", m)
			}
		}
	}
	if rep, err := e.st.Verify(context.Background()); err != nil || !rep.OK || rep.Records != len(ids) {
		t.Errorf("audit: %+v, %v; want %d records", rep, err, len(ids))
	}
}

func testHealth(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b, noLoad: true})
	e.want(req{method: "GET", path: "/healthz"}, 200, "")
	res := e.want(req{method: "GET", path: "/readyz"}, 503, CodeNotReady)
	if res.header.Get("Retry-After") == "" {
		t.Error("503 not_ready without Retry-After")
	}
	// endpoints that need lists say so
	e.want(req{method: "POST", path: "/v1/screen", body: `{"name":"Ivan Testov"}`, key: e.key(store.RoleScreen)}, 503, CodeNotReady)
	e.want(req{method: "GET", path: "/v1/lists", key: e.key(store.RoleScreen)}, 503, CodeNotReady)
	e.want(req{method: "POST", path: "/match/default", body: `{"queries":{"a":{"schema":"Person","properties":{"name":["x y"]}}}}`, key: e.key(store.RoleScreen)}, 503, CodeNotReady)
	// a failed first load keeps it unready, and a reload can fix it
	e.lists.fail(errBoom)
	if err := e.srv.Load(context.Background()); err == nil {
		t.Fatal("Load with a failing loader succeeded")
	}
	res = e.want(req{method: "GET", path: "/readyz"}, 503, CodeNotReady)
	if strings.Contains(string(res.body), errBoom.Error()) {
		t.Errorf("readyz leaks the load error: %s", res.body)
	}
	e.lists.use("testdata/lists")
	e.want(req{method: "POST", path: "/v1/lists/reload", key: e.key(store.RoleAdmin)}, 200, "")
	var ready struct {
		Status         string `json:"status"`
		DatasetVersion string `json:"dataset_version"`
		Entities       int    `json:"entities"`
	}
	e.want(req{method: "GET", path: "/readyz"}, 200, "").decode(t, &ready)
	if ready.Status != "ready" || ready.Entities != baseEntities || ready.DatasetVersion == "" {
		t.Errorf("readyz %+v", ready)
	}
	// the document is served as it is embedded
	doc := e.want(req{method: "GET", path: "/openapi.json"}, 200, "")
	if string(doc.body) != string(openapiDoc) || doc.header.Get("Content-Type") != "application/json" {
		t.Errorf("/openapi.json is not the embedded document")
	}
}

func testMetrics(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b})
	e.screen(map[string]any{"name": "Ivan Petrovich Testov", "dob": "1961-02-03"})
	e.want(req{method: "GET", path: "/nope", doc: docUnknown}, 404, CodeNotFound)
	res := e.want(req{method: "GET", path: "/metrics"}, 200, "")
	m := string(res.body)
	for _, want := range []string{
		`embargo_http_requests_total{code="200",route="/v1/screen"} 1`,
		`embargo_http_requests_total{code="404",route="/"} 1`,
		`embargo_http_request_duration_seconds_bucket{code="200",route="/v1/screen",le=`,
		`embargo_screenings_total{endpoint="/v1/screen"} 1`,
		`embargo_screening_matches_total{endpoint="/v1/screen"} 1`,
		`embargo_list_entities{list="web-sanctions",published="2026-01-10",sha256="`,
		`embargo_list_age_seconds{list="web-pep"}`,
		`embargo_list_reloads_total{result="accepted"} 1`,
		`embargo_list_reloads_total{result="refused"} 0`,
		`embargo_audit_append_duration_seconds_count 1`,
		`embargo_ready 1`,
		`embargo_dataset_entities{version="` + e.srv.Service().Snapshot.Version + `"} 24`,
		`embargo_dataset_loaded_timestamp_seconds{version=`,
		`go_goroutines`,
		`process_`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	// every family the document lists is served
	desc := theDoc(t).Paths.Value("/metrics").Get.Description
	families := regexp.MustCompile(`embargo_[a-z_]+`).FindAllString(desc, -1)
	if len(families) < 10 {
		t.Errorf("the document lists %d metric families", len(families))
	}
	for _, f := range families {
		if !regexp.MustCompile(`(?m)^# TYPE ` + f + ` `).MatchString(m) {
			t.Errorf("%s is documented but not served", f)
		}
	}
}

func testNoAuth(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b, cfg: Config{NoAuth: true}})
	for _, r := range []req{
		{method: "POST", path: "/v1/screen", body: `{"name":"Ivan Testov"}`},
		{method: "GET", path: "/v1/screenings"},
		{method: "GET", path: "/healthz"},
		{method: "POST", path: "/v1/lists/reload"},
	} {
		res := e.want(r, 200, "")
		if !strings.Contains(res.header.Get("X-Embargo-Warning"), "authentication is disabled") {
			t.Errorf("%s %s without the warning header", r.method, r.path)
		}
		if r.path == "/v1/screen" {
			var sr ScreenResponse
			res.decode(t, &sr)
			e.answered(sr.ScreeningID, sr.Hits)
		}
	}
	if res := e.want(req{method: "GET", path: "/nope", doc: docUnknown}, 404, CodeNotFound); res.header.Get("X-Embargo-Warning") == "" {
		t.Error("404 without the warning header")
	}
	checkAudit(t, e)
}

func testTimeout(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b, cfg: Config{RequestTimeout: time.Nanosecond}})
	res := e.want(req{method: "POST", path: "/v1/screen", body: `{"name":"Ivan Testov"}`, key: e.key(store.RoleScreen)}, 503, CodeTimeout)
	if strings.Contains(string(res.body), "deadline") {
		t.Errorf("timeout leaks detail: %s", res.body)
	}
	// nothing was answered, so nothing was recorded
	if rep, err := e.st.Verify(context.Background()); err != nil || rep.Records != 0 {
		t.Errorf("after a timeout: %+v, %v", rep, err)
	}
}

// testClientGone: a client that disconnects before its answer is not a
// server error: no ERROR line, and the metrics count it as 499.
func testClientGone(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	hr := httptest.NewRequest("POST", "/v1/screen", strings.NewReader(`{"name":"Ivan Testov"}`)).WithContext(ctx)
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Authorization", "Bearer "+e.key(store.RoleScreen))
	e.srv.Handler().ServeHTTP(httptest.NewRecorder(), hr)
	if strings.Contains(e.logs.String(), "level=ERROR") {
		t.Errorf("a client that went away logged an error:\n%s", e.logs.String())
	}
	m := string(e.want(req{method: "GET", path: "/metrics"}, 200, "").body)
	if !strings.Contains(m, `embargo_http_requests_total{code="499",route="/v1/screen"} 1`) {
		t.Errorf("metrics lack the 499:\n%s\nlog:\n%s", grepLines(m, "requests"), e.logs.String())
	}
}

// testOverloaded: past MaxInFlight screening requests, a new one is
// refused at once with 503 overloaded and Retry-After, nothing is
// recorded for it, the refusal is counted, and once a slot is free
// screenings are answered again. A held NDJSON stream fills the one slot.
func testOverloaded(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b, cfg: Config{MaxInFlight: 1}})
	key := e.key(store.RoleScreen)
	pr, pw := io.Pipe()
	hr, _ := http.NewRequest("POST", e.ts.URL+"/v1/screen/batch", pr)
	hr.Header.Set("Content-Type", "application/x-ndjson")
	hr.Header.Set("Authorization", "Bearer "+key)
	done := make(chan string)
	go func() {
		res, err := e.ts.Client().Do(hr)
		if err != nil {
			done <- err.Error()
			return
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		done <- string(body)
	}()
	fmt.Fprintln(pw, `{"name":"Ivan Petrovich Testov"}`)
	// wait until the stream holds the slot
	for i := 0; e.srv.inFlight.Load() < 1; i++ {
		if i > 500 {
			t.Fatal("the stream never started")
		}
		time.Sleep(10 * time.Millisecond)
	}
	res := e.want(req{method: "POST", path: "/v1/screen", body: `{"name":"Ivan Testov"}`, key: key}, 503, CodeOverloaded)
	if res.header.Get("Retry-After") == "" {
		t.Errorf("overloaded without Retry-After: %v", res.header)
	}
	// health, metrics and the audit trail are not screening requests
	m := string(e.want(req{method: "GET", path: "/metrics"}, 200, "").body)
	if !strings.Contains(m, "embargo_http_in_flight 1") || !strings.Contains(m, `embargo_http_requests_total{code="503",route="/v1/screen"} 1`) {
		t.Errorf("metrics:\n%s", grepLines(m, "embargo_http_"))
	}
	pw.Close()
	if body := <-done; !strings.Contains(body, "Testov") {
		t.Errorf("the stream: %s", body)
	}
	e.want(req{method: "POST", path: "/v1/screen", body: `{"name":"Ivan Testov"}`, key: key}, 200, "")
	if strings.Contains(e.logs.String(), "level=ERROR") || strings.Contains(e.logs.String(), "overloaded") {
		t.Errorf("an overload refusal was logged:\n%s", e.logs.String())
	}
	// the refused screening left no record: the stream's line and the last screening only
	if rep, err := e.st.Verify(context.Background()); err != nil || rep.Records != 2 {
		t.Errorf("audit after an overload: %+v, %v", rep, err)
	}
}

// testStreamTimeout: a stream that outlives its time limit ends with an
// error line saying so; the lines before it are answered and recorded.
func testStreamTimeout(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b, cfg: Config{StreamTimeout: 300 * time.Millisecond}})
	pr, pw := io.Pipe()
	go func() {
		fmt.Fprintln(pw, `{"name":"Ivan Petrovich Testov"}`)
		time.Sleep(time.Second)
		fmt.Fprintln(pw, `{"name":"Sea Phantom"}`)
		pw.Close()
	}()
	hr, _ := http.NewRequest("POST", e.ts.URL+"/v1/screen/batch", pr)
	hr.Header.Set("Content-Type", "application/x-ndjson")
	hr.Header.Set("Authorization", "Bearer "+e.key(store.RoleScreen))
	res, err := e.ts.Client().Do(hr) // the checking client would wait for the whole body
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	e.newChecker().checkLines(t, "stream", body)
	lines := strings.Split(strings.TrimSpace(string(body)), "\n")
	if res.StatusCode != 200 || len(lines) != 2 || !strings.Contains(lines[1], `"code":"timeout"`) {
		t.Fatalf("%d:\n%s", res.StatusCode, body)
	}
	e.answeredLines(body)
	if checkAudit(t, e) != 1 {
		t.Error("the screened line is not recorded")
	}
}

// testStoreDown: without the store nothing is screened (no answer without
// its audit record), and the server says it is unavailable, not broken.
func testStoreDown(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b})
	scr := e.key(store.RoleScreen)
	e.screen(map[string]any{"name": "Ivan Testov"}) // the key is now cached
	e.st.Close()
	res := e.want(req{method: "POST", path: "/v1/screen", body: `{"name":"Ivan Testov"}`, key: scr}, 503, CodeUnavailable)
	if res.header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	e.want(req{method: "POST", path: "/v1/screen/batch", body: `{"parties":[{"name":"Ivan Testov"}]}`, key: scr}, 503, CodeUnavailable)
	e.want(req{method: "POST", path: "/match/default", body: `{"queries":{"a":{"schema":"Person","properties":{"name":["x y"]}}}}`, key: scr}, 503, CodeUnavailable)
	res = e.want(req{method: "POST", path: "/v1/screen/batch", body: "{\"name\":\"Ivan Testov\"}\n", ctype: "application/x-ndjson", key: scr}, 200, "")
	if strings.Contains(string(res.body), "screening_id") || !strings.Contains(string(res.body), `"code":"unavailable"`) {
		t.Errorf("stream with the store down: %s", res.body)
	}
	e.want(req{method: "GET", path: "/readyz"}, 503, CodeUnavailable)
	// a key not seen before cannot be checked
	e.want(req{method: "GET", path: "/v1/lists", key: e.key(store.RoleAdmin)}, 503, CodeUnavailable)
	if strings.Contains(e.logs.String(), "panic") {
		t.Error("a panic with the store down")
	}
}

// testAudit screens through every endpoint that screens and checks the
// trail holds each answer.
func testAudit(t *testing.T, b backend) {
	e := newEnv(t, envOpt{backend: b})
	key := e.key(store.RoleScreen)
	e.screen(map[string]any{"name": "Ivan Petrovich Testov"})
	var br BatchResponse
	e.want(req{method: "POST", path: "/v1/screen/batch", body: `{"parties":[{"name":"Sea Phantom"},{"name":"Red Meridian Bank"}]}`, key: key}, 200, "").decode(t, &br)
	for _, r := range br.Results {
		e.answered(r.ScreeningID, r.Hits)
	}
	res := e.want(req{method: "POST", path: "/v1/screen/batch", body: "{\"name\":\"Kim Chol Sample\"}\n{\"name\":\"Li Wei Placeholder\"}\n", ctype: "application/x-ndjson", key: key}, 200, "")
	e.answeredLines(res.body)
	var ym YenteMatchResponse
	e.want(req{method: "POST", path: "/match/default", body: `{"queries":{"a":{"schema":"Person","properties":{"name":["Hassan Ali Demonstration"]}}}}`, key: key}, 200, "").decode(t, &ym)
	e.answered(ym.Responses["a"].ScreeningID, ym.Responses["a"].Results)
	if n := checkAudit(t, e); n != 6 {
		t.Errorf("%d records, want 6", n)
	}
}

// checkAudit checks that every screening answered in e has its record,
// holding the hits answered, and that the chain verifies; it returns the
// number of records.
func checkAudit(t testing.TB, e *env) int {
	t.Helper()
	e.mu.Lock()
	ids := slices.Clone(e.ids)
	e.mu.Unlock()
	c := e.newChecker()
	for _, id := range ids {
		var rec store.Screening
		e.want(req{method: "GET", path: "/v1/screenings/" + id, key: e.key(store.RoleReview)}, 200, "").decode(t, &rec)
		c.checkSchema(t, "record "+id+" request", "AuditRequest", rec.Request)
		var hits []json.RawMessage
		if err := json.Unmarshal(rec.Result, &hits); err != nil {
			t.Errorf("record %s: result %s: %v", id, rec.Result, err)
		}
		var got []hitKey
		for _, h := range hits {
			c.checkSchema(t, "record "+id+" hit", "AuditHit", h)
			var k hitKey
			json.Unmarshal(h, &k)
			got = append(got, k)
		}
		e.mu.Lock()
		want := e.hits[id]
		e.mu.Unlock()
		if !slices.Equal(got, want) {
			t.Errorf("record %s holds hits %v, the answer had %v", id, got, want)
		}
		matches := 0
		for _, h := range want {
			if h.Match {
				matches++
			}
		}
		if rec.Hits != len(want) || rec.Matches != matches {
			t.Errorf("record %s: hits %d matches %d, answered %d and %d", id, rec.Hits, rec.Matches, len(want), matches)
		}
	}
	rep, err := e.st.Verify(context.Background())
	if err != nil || !rep.OK {
		t.Errorf("audit chain: %+v, %v", rep, err)
	}
	return rep.Records
}

func (e *env) newChecker() *checker { return newChecker(e.t, e.ts.URL, false) }

// grepLines returns the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for l := range strings.Lines(s) {
		if strings.Contains(l, sub) {
			out = append(out, strings.TrimRight(l, "\n"))
		}
	}
	return strings.Join(out, "\n")
}
