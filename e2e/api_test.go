package e2e

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// putinID is the merged entity of Vladimir Vladimirovich PUTIN (OFAC SDN
// 35096, also on the EU and UK lists).
const putinID = "ofac-sdn-35096"

// nobody is a name that matches no listed party.
const nobody = "Zyxwv Qqqjjj"

// TestAPI runs one server on all current lists and exercises every
// endpoint, authentication and bad input through real HTTP.
func TestAPI(t *testing.T) {
	need(t)
	data, _ := dataDir(t, currentUN(t), false)
	db := sqliteDB(t)
	screenKey, screenID := newKey(t, db, "screen")
	reviewKey, _ := newKey(t, db, "review")
	adminKey, adminID := newKey(t, db, "admin")
	revokeKey, revokeID := newKey(t, db, "screen")
	start := time.Now().UTC().Add(-time.Second)
	s := startServer(t, serverOpts{data: data, db: db})
	version := s.ready(t).DatasetVersion

	t.Run("health", func(t *testing.T) {
		r := s.do(t, "GET", "/healthz", "", nil)
		want(t, r, 200)
		if v := decode[map[string]string](t, r); v["status"] != "ok" {
			t.Errorf("/healthz = %s", r)
		}
		rz := s.ready(t)
		if rz.Status != "ready" || rz.DatasetVersion == "" || rz.Entities < 20000 {
			t.Errorf("/readyz = %+v; want ready with all lists (> 20,000 entities)", rz)
		}
	})

	t.Run("openapi", func(t *testing.T) {
		r := s.do(t, "GET", "/openapi.json", "", nil)
		want(t, r, 200)
		doc := decode[map[string]any](t, r)
		if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.") {
			t.Errorf("/openapi.json has openapi %v; want 3.x", doc["openapi"])
		}
		paths, _ := doc["paths"].(map[string]any)
		for _, p := range []string{"/v1/screen", "/v1/screen/batch", "/v1/search", "/v1/entities/{id}", "/v1/lists", "/v1/lists/reload",
			"/v1/screenings", "/v1/screenings/{id}", "/match/{dataset}", "/healthz", "/readyz"} {
			if paths[p] == nil {
				t.Errorf("/openapi.json does not describe %s", p)
			}
		}
	})

	t.Run("screen", func(t *testing.T) {
		for _, name := range []string{"Vladimir Putin", "Владимир Путин"} {
			res := s.screen(t, screenKey, map[string]any{"name": name, "ref": "cust-42"})
			if !res.Matched || len(res.Hits) == 0 || res.Hits[0].ID != putinID || !res.Hits[0].Match {
				t.Errorf("%q: matched %v, hits %+v; want %s first with match=true", name, res.Matched, res.Hits, putinID)
			}
			if !strings.HasPrefix(res.ScreeningID, "scr_") || res.Ref != "cust-42" || res.DatasetVersion != version ||
				res.Algorithm == "" || res.Threshold <= 0 || res.Query["name"] != name || res.Versions["names"] == 0 {
				t.Errorf("%q: answer fields %+v", name, res)
			}
			if len(res.Hits) > 0 {
				h := res.Hits[0]
				if !slices.Contains(h.Datasets, "ofac-sdn") || len(h.Reasons) == 0 || h.Reasons[0].Feature != "name" {
					t.Errorf("%q: top hit %+v lacks its datasets or reasons", name, h)
				}
			}
		}
		res := s.screen(t, screenKey, map[string]any{"name": nobody})
		if res.Matched || slices.ContainsFunc(res.Hits, func(h hit) bool { return h.Match }) {
			t.Errorf("%q: %+v; want no match", nobody, res)
		}
		// filters: only the UN list (Putin is not on it)
		res = s.screen(t, screenKey, map[string]any{"name": "Vladimir Putin", "lists": []string{"un-sc"}})
		for _, h := range res.Hits {
			if !slices.Contains(h.Datasets, "un-sc") {
				t.Errorf("lists=[un-sc] returned %s from %v", h.ID, h.Datasets)
			}
		}
		// the admin key screens too (admin ⊇ review ⊇ screen)
		s.screen(t, adminKey, map[string]any{"name": "Vladimir Putin"})
	})

	t.Run("batch_json", func(t *testing.T) {
		r := s.do(t, "POST", "/v1/screen/batch", screenKey, map[string]any{"parties": []map[string]any{
			{"name": "Vladimir Putin"}, {"name": ""}, {"name": nobody}, {"name": "Владимир Путин", "ref": "r4"}}})
		want(t, r, 200)
		type batchAnswer struct {
			Results []struct {
				Index       int        `json:"index"`
				ScreeningID string     `json:"screening_id"`
				Ref         string     `json:"ref"`
				Hits        []hit      `json:"hits"`
				Matched     bool       `json:"matched"`
				Error       *errorInfo `json:"error"`
			} `json:"results"`
			DatasetVersion string `json:"dataset_version"`
		}
		b := decode[batchAnswer](t, r)
		if len(b.Results) != 4 || b.DatasetVersion != version {
			t.Fatalf("batch: %s", r)
		}
		for i, x := range b.Results {
			if x.Index != i {
				t.Errorf("results[%d].index = %d", i, x.Index)
			}
		}
		if x := b.Results[0]; !x.Matched || x.ScreeningID == "" || x.Hits[0].ID != putinID {
			t.Errorf("results[0] = %+v; want Putin matched", x)
		}
		if x := b.Results[1]; x.Error == nil || x.Error.Code != "bad_request" || x.ScreeningID != "" || !strings.Contains(x.Error.Message, "parties[1]") {
			t.Errorf("results[1] = %+v; want a bad_request error naming parties[1] and no screening", x)
		}
		if x := b.Results[2]; x.Matched || x.ScreeningID == "" || x.Error != nil {
			t.Errorf("results[2] = %+v; want screened, no match", x)
		}
		if x := b.Results[3]; !x.Matched || x.Ref != "r4" || x.ScreeningID == "" {
			t.Errorf("results[3] = %+v; want matched, ref r4", x)
		}
		rec := decode[screening](t, s.do(t, "GET", "/v1/screenings/"+b.Results[3].ScreeningID, reviewKey, nil))
		if rec.Endpoint != "/v1/screen/batch" || rec.KeyID != screenID || !bytes.Contains(rec.Request, []byte(`"r4"`)) {
			t.Errorf("audit record of a batch party: %+v", rec)
		}

		// limits and empty batches
		wantError(t, s.do(t, "POST", "/v1/screen/batch", screenKey, `{"parties":[]}`), 400, "bad_request")
		many := make([]map[string]string, 1001)
		for i := range many {
			many[i] = map[string]string{"name": "a"}
		}
		wantError(t, s.do(t, "POST", "/v1/screen/batch", screenKey, map[string]any{"parties": many}), 413, "too_large")
	})

	t.Run("batch_ndjson", func(t *testing.T) {
		body := `{"name":"Vladimir Putin","ref":"n1"}` + "\n" + `{"name":"Владимир Путин"}` + "\n" + "not json\n" + `{"name":"` + nobody + `"}` + "\n"
		r := s.do(t, "POST", "/v1/screen/batch", screenKey, body, "Content-Type", "application/x-ndjson")
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/x-ndjson") {
			t.Fatalf("NDJSON batch: %s (Content-Type %q)", r, r.header.Get("Content-Type"))
		}
		var lines []map[string]any
		sc := bufio.NewScanner(bytes.NewReader(r.body))
		for sc.Scan() {
			var m map[string]any
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				t.Fatalf("NDJSON answer line %q: %v", sc.Text(), err)
			}
			lines = append(lines, m)
		}
		if len(lines) != 4 {
			t.Fatalf("NDJSON: %d lines for 4; %s", len(lines), r)
		}
		for i, m := range lines {
			if m["row"] != float64(i+1) {
				t.Errorf("line %d has row %v: out of order", i+1, m["row"])
			}
		}
		if lines[0]["matched"] != true || lines[0]["ref"] != "n1" || lines[0]["screening_id"] == nil {
			t.Errorf("line 1 = %v", lines[0])
		}
		if lines[1]["matched"] != true || lines[1]["screening_id"] == nil {
			t.Errorf("line 2 = %v", lines[1])
		}
		if lines[2]["error"] == nil || lines[2]["screening_id"] != nil {
			t.Errorf("line 3 (not JSON) = %v; want an error and no screening", lines[2])
		}
		if lines[3]["matched"] != false || lines[3]["screening_id"] == nil {
			t.Errorf("line 4 = %v", lines[3])
		}
	})

	t.Run("entity", func(t *testing.T) {
		r := s.do(t, "GET", "/v1/entities/"+putinID, screenKey, nil)
		want(t, r, 200)
		type entityAnswer struct {
			ID         string              `json:"id"`
			Caption    string              `json:"caption"`
			Schema     string              `json:"schema"`
			Datasets   []string            `json:"datasets"`
			Properties map[string][]string `json:"properties"`
			Records    []struct {
				Sources []struct {
					List     string `json:"list"`
					RecordID string `json:"record_id"`
				} `json:"sources"`
				Names []struct {
					Full string `json:"full"`
				} `json:"names"`
			} `json:"records"`
			DatasetVersion string `json:"dataset_version"`
		}
		e := decode[entityAnswer](t, r)
		if e.ID != putinID || !strings.Contains(strings.ToUpper(e.Caption), "PUTIN") || e.Schema != "Person" || e.DatasetVersion != version {
			t.Errorf("entity: %s", r)
		}
		for _, l := range []string{"ofac-sdn", "eu-fsf", "uk-ofsi"} {
			if !slices.Contains(e.Datasets, l) {
				t.Errorf("datasets %v lack %s", e.Datasets, l)
			}
		}
		if len(e.Properties["name"]) == 0 || len(e.Properties["birthDate"]) == 0 {
			t.Errorf("properties %v lack name or birthDate", e.Properties)
		}
		lists := map[string]bool{}
		for _, rec := range e.Records {
			if len(rec.Sources) == 0 || len(rec.Names) == 0 {
				t.Errorf("a source record without sources or names: %+v", rec)
			}
			for _, src := range rec.Sources {
				lists[src.List] = true
			}
		}
		if len(e.Records) < 3 || !lists["ofac-sdn"] || !lists["eu-fsf"] || !lists["uk-ofsi"] {
			t.Errorf("%d source records from %v; want the OFAC, EU and UK records", len(e.Records), lists)
		}
		wantError(t, s.do(t, "GET", "/v1/entities/no-such-entity", screenKey, nil), 404, "not_found")
	})

	t.Run("search", func(t *testing.T) {
		type page struct {
			Query          string `json:"query"`
			Total          int    `json:"total"`
			Offset         int    `json:"offset"`
			Limit          int    `json:"limit"`
			Results        []hit  `json:"results"`
			DatasetVersion string `json:"dataset_version"`
		}
		get := func(q string) page {
			r := s.do(t, "GET", "/v1/search?"+q, screenKey, nil)
			want(t, r, 200)
			return decode[page](t, r)
		}
		all := get("q=putin&limit=100")
		if len(all.Results) < 5 || all.Results[0].ID != putinID || all.DatasetVersion != version {
			t.Fatalf("search putin: %+v", all)
		}
		var paged []string
		for off := 0; off < len(all.Results); off += 2 {
			p := get(fmt.Sprintf("q=putin&limit=2&offset=%d", off))
			if p.Offset != off || p.Limit != 2 || len(p.Results) > 2 || len(p.Results) == 0 || p.Total != len(all.Results) {
				t.Fatalf("page at %d: %+v", off, p)
			}
			for _, h := range p.Results {
				paged = append(paged, h.ID)
			}
		}
		var ids []string
		for _, h := range all.Results {
			ids = append(ids, h.ID)
		}
		if !slices.Equal(paged, ids) {
			t.Errorf("pages of 2 give %v; one page gives %v", paged, ids)
		}
		if p := get(fmt.Sprintf("q=putin&limit=5&offset=%d", len(all.Results))); len(p.Results) != 0 {
			t.Errorf("past the end: %+v", p)
		}
		for _, q := range []string{"", "q=", "q=putin&limit=0", "q=putin&limit=101", "q=putin&offset=-1", "q=putin&offset=401", "q=putin&list=nosuch"} {
			wantError(t, s.do(t, "GET", "/v1/search?"+q, screenKey, nil), 400, "bad_request")
		}
		// a search is a lookup, not a screening: no audit record
	})

	t.Run("lists", func(t *testing.T) {
		r := s.do(t, "GET", "/v1/lists", screenKey, nil)
		want(t, r, 200)
		l := decode[listsResponse](t, r)
		if len(l.Lists) != 5 || l.DatasetVersion != version || l.Entities < 20000 {
			t.Errorf("lists: %d lists, version %s, %d entities", len(l.Lists), l.DatasetVersion, l.Entities)
		}
		for _, e := range l.Lists {
			if e.Entities == 0 || len(e.SHA256) != 64 || len(e.Files) == 0 || e.Version == "" || e.Format == "" {
				t.Errorf("list entry %+v", e)
			}
		}
		un := l.list(t, "un-sc")
		if un.Published != "2026-02-27" || un.Entities != 1003 || un.Files[0] != "consolidated.xml" {
			t.Errorf("UN list %+v; want published 2026-02-27 with 1003 entities", un)
		}
		if len(l.Reloads) == 0 || !l.Reloads[0].Accepted || l.Reloads[0].By != "startup" || l.LastReload == nil || !l.LastReload.Accepted {
			t.Errorf("reload history %+v / %+v; want the accepted startup load", l.Reloads, l.LastReload)
		}
	})

	t.Run("yente_match", func(t *testing.T) {
		q := map[string]any{"queries": map[string]any{
			"q1": map[string]any{"schema": "Person", "properties": map[string]any{"name": []string{"Vladimir Putin"}, "birthDate": []string{"1952-10-07"}}},
			"q2": map[string]any{"schema": "Person", "properties": map[string]any{"name": nobody}},
		}}
		r := s.do(t, "POST", "/match/default", screenKey, q)
		want(t, r, 200)
		type matchResult struct {
			ID       string             `json:"id"`
			Score    float64            `json:"score"`
			Match    bool               `json:"match"`
			Datasets []string           `json:"datasets"`
			Features map[string]float64 `json:"features"`
		}
		type matchAnswer struct {
			Responses map[string]struct {
				Status  int           `json:"status"`
				Results []matchResult `json:"results"`
				Total   struct {
					Value int `json:"value"`
				} `json:"total"`
				ScreeningID string `json:"screening_id"`
			} `json:"responses"`
			Matcher map[string]any `json:"matcher"`
			Limit   int            `json:"limit"`
		}
		m := decode[matchAnswer](t, r)
		q1, q2 := m.Responses["q1"], m.Responses["q2"]
		if q1.Status != 200 || len(q1.Results) == 0 || q1.Results[0].ID != putinID || !q1.Results[0].Match || q1.ScreeningID == "" ||
			q1.Total.Value != len(q1.Results) || len(q1.Results[0].Features) == 0 {
			t.Errorf("q1: %+v", q1)
		}
		if q2.Status != 200 || q2.ScreeningID == "" || slices.ContainsFunc(q2.Results, func(x matchResult) bool { return x.Match }) {
			t.Errorf("q2: %+v", q2)
		}
		if len(m.Matcher) == 0 || m.Limit != 5 {
			t.Errorf("matcher %v, limit %d", m.Matcher, m.Limit)
		}
		rec := decode[screening](t, s.do(t, "GET", "/v1/screenings/"+q1.ScreeningID, reviewKey, nil))
		if rec.Endpoint != "/match/default" || rec.Matches == 0 {
			t.Errorf("audit record of a yente match: %+v", rec)
		}
		// one list as the dataset
		r = s.do(t, "POST", "/match/un-sc", screenKey, q)
		want(t, r, 200)
		m = decode[matchAnswer](t, r)
		for _, x := range m.Responses["q1"].Results {
			if !slices.Contains(x.Datasets, "un-sc") {
				t.Errorf("/match/un-sc returned %s from %v", x.ID, x.Datasets)
			}
		}
		wantError(t, s.do(t, "POST", "/match/nosuch", screenKey, q), 404, "not_found")
		wantError(t, s.do(t, "POST", "/match/default", screenKey, `{"queries":{}}`), 400, "bad_request")
		wantError(t, s.do(t, "POST", "/match/default", screenKey, `{"queries":`), 400, "invalid_json")
	})

	t.Run("text", func(t *testing.T) {
		r := s.do(t, "POST", "/v1/text", screenKey, "The transfer was approved in Moscow by Vladimir Putin last week.", "Content-Type", "text/plain")
		want(t, r, 200)
		var res struct {
			ScreeningID string `json:"screening_id"`
			Matched     bool   `json:"matched"`
		}
		if err := json.Unmarshal(r.body, &res); err != nil || !res.Matched || res.ScreeningID == "" || !bytes.Contains(r.body, []byte(putinID)) {
			t.Errorf("text mentioning Putin: %s", r)
		}
		rec := decode[screening](t, s.do(t, "GET", "/v1/screenings/"+res.ScreeningID, reviewKey, nil))
		if rec.Endpoint != "/v1/text" {
			t.Errorf("audit record of a text: %+v", rec)
		}
		wantError(t, s.do(t, "POST", "/v1/text", screenKey, []byte("caf\xe9"), "Content-Type", "text/plain"), 400, "bad_request")
	})

	t.Run("payments", func(t *testing.T) {
		mt103 := "{1:F01DEUTDEFFAXXX0512345678}{2:I103BNPAFRPPXXXXN}{4:\r\n:20:E2E20250314042\r\n:23B:CRED\r\n:32A:250314EUR48250,00\r\n" +
			":50K:/DE89370400440532013000\r\nRHEINLAND MASCHINENBAU GMBH\r\nINDUSTRIESTRASSE 12\r\n50667 KOELN\r\n:52A:DEUTDEFF\r\n" +
			":59:/FR1420041010050500013M02606\r\nVLADIMIR VLADIMIROVICH PUTIN\r\n88 RUE DE RIVOLI\r\n75004 PARIS FR\r\n:71A:SHA\r\n-}"
		r := s.do(t, "POST", "/v1/payments", screenKey, mt103, "Content-Type", "text/plain")
		want(t, r, 200)
		var res struct {
			ScreeningID string `json:"screening_id"`
			Decision    string `json:"decision"`
			MessageType string `json:"message_type"`
		}
		if err := json.Unmarshal(r.body, &res); err != nil || res.Decision != "hold" || res.ScreeningID == "" || !bytes.Contains(r.body, []byte(putinID)) {
			t.Errorf("MT103 paying Putin: %s; want hold", r)
		}
		clean := strings.Replace(mt103, "VLADIMIR VLADIMIROVICH PUTIN", "JEAN-PIERRE MOREAU", 1)
		r = s.do(t, "POST", "/v1/payments", screenKey, clean, "Content-Type", "text/plain")
		want(t, r, 200)
		if err := json.Unmarshal(r.body, &res); err != nil || res.Decision != "pass" {
			t.Errorf("MT103 paying Jean-Pierre Moreau: %s; want pass", r)
		}
		wantError(t, s.do(t, "POST", "/v1/payments", screenKey, "<Document><broken>", "Content-Type", "application/xml"), 400, "bad_request")
	})

	t.Run("screenings", func(t *testing.T) {
		res := s.screen(t, screenKey, map[string]any{"name": "Vladimir Putin", "ref": "audit-me"})
		r := s.do(t, "GET", "/v1/screenings/"+res.ScreeningID, reviewKey, nil)
		want(t, r, 200)
		rec := decode[screening](t, r)
		if rec.ID != res.ScreeningID || rec.Endpoint != "/v1/screen" || rec.KeyID != screenID || rec.KeyName != "e2e-screen" ||
			rec.DatasetVersion != version || rec.Matches == 0 || rec.Hits != len(res.Hits) || len(rec.Hash) != 64 || len(rec.PrevHash) != 64 ||
			!bytes.Contains(rec.Request, []byte("Vladimir Putin")) || !bytes.Contains(rec.Request, []byte("audit-me")) ||
			!bytes.Contains(rec.Result, []byte(putinID)) || rec.Time.Before(start) {
			t.Errorf("audit record %s", r)
		}
		wantError(t, s.do(t, "GET", "/v1/screenings/scr_nosuch", reviewKey, nil), 404, "not_found")

		list := func(q string) screeningsResponse {
			r := s.do(t, "GET", "/v1/screenings?"+q, reviewKey, nil)
			want(t, r, 200)
			return decode[screeningsResponse](t, r)
		}
		everything := list("limit=1000")
		if len(everything.Screenings) < 10 || everything.Screenings[0].ID != res.ScreeningID {
			t.Fatalf("listing: %d records, first %+v; want the newest (%s) first", len(everything.Screenings), everything.Screenings[0], res.ScreeningID)
		}
		for i := 1; i < len(everything.Screenings); i++ {
			if everything.Screenings[i].Seq >= everything.Screenings[i-1].Seq {
				t.Fatalf("listing not newest first at %d", i)
			}
		}
		// paging with the cursor walks the same records
		var walked []string
		cursor := ""
		for range 100 {
			p := list("limit=3&cursor=" + url.QueryEscape(cursor))
			for _, x := range p.Screenings {
				walked = append(walked, x.ID)
			}
			if cursor = p.NextCursor; cursor == "" {
				break
			}
		}
		var ids []string
		for _, x := range everything.Screenings {
			ids = append(ids, x.ID)
		}
		if !slices.Equal(walked, ids) {
			t.Errorf("paging by 3 walked %d records, one page has %d", len(walked), len(ids))
		}
		for _, x := range list("matched=true&limit=1000").Screenings {
			if x.Matches == 0 {
				t.Errorf("matched=true listed %s with no match", x.ID)
			}
		}
		unmatched := list("matched=false&limit=1000").Screenings
		if len(unmatched) == 0 {
			t.Errorf("matched=false listed nothing")
		}
		for _, x := range unmatched {
			if x.Matches != 0 {
				t.Errorf("matched=false listed %s with %d matches", x.ID, x.Matches)
			}
		}
		byAdmin := list("key=" + adminID).Screenings
		if len(byAdmin) == 0 {
			t.Errorf("key=%s listed nothing", adminID)
		}
		for _, x := range byAdmin {
			if x.KeyID != adminID {
				t.Errorf("key=%s listed %s by %s", adminID, x.ID, x.KeyID)
			}
		}
		if n := len(list("since=" + start.Format(time.RFC3339Nano) + "&limit=1000").Screenings); n != len(everything.Screenings) {
			t.Errorf("since the start: %d records, want %d", n, len(everything.Screenings))
		}
		if n := len(list("since=" + time.Now().Add(time.Hour).UTC().Format(time.RFC3339)).Screenings); n != 0 {
			t.Errorf("since an hour ahead: %d records", n)
		}
		if n := len(list("until=2000-01-01").Screenings); n != 0 {
			t.Errorf("until 2000-01-01: %d records", n)
		}
		for _, q := range []string{"matched=maybe", "limit=0", "limit=1001", "since=yesterday", "until=x", "cursor=garbage"} {
			wantError(t, s.do(t, "GET", "/v1/screenings?"+q, reviewKey, nil), 400, "bad_request")
		}
	})

	t.Run("metrics", func(t *testing.T) {
		r := s.do(t, "GET", "/metrics", "", nil)
		if r.status != 200 {
			t.Fatalf("/metrics: %s", r)
		}
		text := string(r.body)
		for _, want := range []string{"embargo_ready 1", `embargo_screenings_total{endpoint="/v1/screen"}`, `embargo_list_entities{list="un-sc"`,
			`embargo_http_requests_total{code="200",route="/v1/screen"}`, "embargo_audit_append_duration_seconds_count", `embargo_list_reloads_total{result="accepted"} 1`,
			"process_resident_memory_bytes", "go_goroutines"} {
			if !strings.Contains(text, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
	})

	t.Run("auth", func(t *testing.T) {
		protected := []struct{ method, path string }{
			{"POST", "/v1/screen"}, {"POST", "/v1/screen/batch"}, {"GET", "/v1/search?q=putin"}, {"GET", "/v1/entities/" + putinID},
			{"GET", "/v1/lists"}, {"POST", "/v1/lists/reload"}, {"GET", "/v1/screenings"}, {"GET", "/v1/screenings/scr_x"}, {"POST", "/match/default"},
		}
		for _, p := range protected {
			var body any
			if p.method == "POST" {
				body = `{"name":"Vladimir Putin"}`
			}
			wantError(t, s.do(t, p.method, p.path, "", body), 401, "unauthorized")
			wantError(t, s.do(t, p.method, p.path, "emb_not_a_key", body), 401, "unauthorized")
			wantError(t, s.do(t, p.method, p.path, "", body, "Authorization", "Basic "+screenKey), 401, "unauthorized")
		}
		for _, p := range []string{"/healthz", "/readyz", "/metrics", "/openapi.json"} {
			if r := s.do(t, "GET", p, "", nil); r.status != 200 {
				t.Errorf("public %s without a key: %s", p, r)
			}
		}
		// roles: screen < review < admin
		wantError(t, s.do(t, "GET", "/v1/screenings", screenKey, nil), 403, "forbidden")
		wantError(t, s.do(t, "GET", "/v1/screenings/scr_x", screenKey, nil), 403, "forbidden")
		wantError(t, s.do(t, "POST", "/v1/lists/reload", screenKey, nil), 403, "forbidden")
		wantError(t, s.do(t, "POST", "/v1/lists/reload", reviewKey, nil), 403, "forbidden")
		want(t, s.do(t, "GET", "/v1/screenings?limit=1", adminKey, nil), 200)
		want(t, s.do(t, "GET", "/v1/lists", screenKey, nil), 200)
		s.screen(t, reviewKey, map[string]any{"name": "Vladimir Putin"})
	})

	t.Run("bad_bodies", func(t *testing.T) {
		head := func() int64 {
			l := decode[screeningsResponse](t, s.do(t, "GET", "/v1/screenings?limit=1", reviewKey, nil))
			return l.Screenings[0].Seq
		}
		before := head()
		big := make([]byte, 10<<20)
		copy(big, `{"name":"`)
		for i := 9; i < len(big)-2; i++ {
			big[i] = 'a'
		}
		copy(big[len(big)-2:], `"}`)
		cases := []struct {
			name   string
			path   string
			body   any
			ctype  string
			status int
			code   string
			msg    string // the message mentions this
		}{
			{"invalid JSON", "/v1/screen", `{"name":`, "", 400, "invalid_json", ""},
			{"not JSON at all", "/v1/screen", `name=Putin`, "application/x-www-form-urlencoded", 400, "invalid_json", ""},
			{"name as a number", "/v1/screen", `{"name":123}`, "", 400, "invalid_json", "name"},
			{"threshold as a string", "/v1/screen", `{"name":"x","threshold":"high"}`, "", 400, "invalid_json", "threshold"},
			{"a list, not an object", "/v1/screen", `[{"name":"x"}]`, "", 400, "invalid_json", ""},
			{"invalid UTF-8", "/v1/screen", []byte("{\"name\":\"Vladimir \xff\xfe Putin\"}"), "", 400, "invalid_json", "UTF-8"},
			{"10 MB", "/v1/screen", big, "", 413, "too_large", ""},
			{"empty", "/v1/screen", "", "", 400, "invalid_json", "empty"},
			{"whitespace only", "/v1/screen", " \n ", "", 400, "invalid_json", "empty"},
			{"unknown field", "/v1/screen", `{"name":"x","nmae":"y"}`, "", 400, "invalid_json", "nmae"},
			{"two objects", "/v1/screen", `{"name":"x"} {"name":"y"}`, "", 400, "invalid_json", ""},
			{"empty name", "/v1/screen", `{"name":""}`, "", 400, "bad_request", "name"},
			{"name without letters", "/v1/screen", `{"name":"!!!"}`, "", 400, "bad_request", "name"},
			{"threshold above 1", "/v1/screen", `{"name":"x","threshold":2}`, "", 400, "bad_request", "threshold"},
			{"unknown list", "/v1/screen", `{"name":"x","lists":["nosuch"]}`, "", 400, "bad_request", "nosuch"},
			{"XML", "/v1/screen", `<name>x</name>`, "application/xml", 415, "unsupported_media_type", ""},
			{"batch: invalid JSON", "/v1/screen/batch", `{"parties":[`, "", 400, "invalid_json", ""},
			{"batch: invalid UTF-8", "/v1/screen/batch", []byte("{\"parties\":[{\"name\":\"\xc3\x28\"}]}"), "", 400, "invalid_json", "UTF-8"},
			{"batch: parties as a string", "/v1/screen/batch", `{"parties":"Putin"}`, "", 400, "invalid_json", "parties"},
			{"yente: invalid UTF-8", "/match/default", []byte("{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":{\"name\":[\"\xff\"]}}}}"), "", 400, "invalid_json", "UTF-8"},
			{"reload: invalid JSON", "/v1/lists/reload", `{"force":`, "", 400, "invalid_json", ""},
			{"reload: force as a string", "/v1/lists/reload", `{"force":"yes"}`, "", 400, "invalid_json", "force"},
		}
		for _, c := range cases {
			key := screenKey
			if strings.HasPrefix(c.path, "/v1/lists") {
				key = adminKey
			}
			hdr := []string{}
			if c.ctype != "" {
				hdr = []string{"Content-Type", c.ctype}
			}
			r := s.do(t, "POST", c.path, key, c.body, hdr...)
			if r.status != c.status {
				t.Errorf("%s: %s; want HTTP %d %s", c.name, r, c.status, c.code)
				continue
			}
			msg := wantError(t, r, c.status, c.code)
			if !strings.Contains(msg, c.msg) {
				t.Errorf("%s: message %q does not mention %q", c.name, msg, c.msg)
			}
		}
		// wrong methods and unknown paths answer JSON too
		wantError(t, s.do(t, "DELETE", "/v1/screen", screenKey, nil), 405, "method_not_allowed")
		wantError(t, s.do(t, "GET", "/v1/screen", screenKey, nil), 405, "method_not_allowed")
		wantError(t, s.do(t, "GET", "/v1/nosuch", screenKey, nil), 404, "not_found")
		// nothing was recorded for any of them
		if after := head(); after != before {
			t.Errorf("bad requests moved the audit chain from seq %d to %d", before, after)
		}
		// and the server still answers
		s.screen(t, screenKey, map[string]any{"name": "Vladimir Putin"})
	})

	// A revoked key stops working within the key cache's 10 s.
	t.Run("revoked_key", func(t *testing.T) {
		t.Parallel()
		s.screen(t, revokeKey, map[string]any{"name": "Vladimir Putin"}) // now cached as valid
		if _, errOut, code := cli(t, "keys", "revoke", revokeID, "--db", db); code != 0 {
			t.Fatalf("keys revoke: exit %d: %s", code, errOut)
		}
		revoked := time.Now()
		for {
			r := s.do(t, "POST", "/v1/screen", revokeKey, `{"name":"Vladimir Putin"}`)
			if r.status == 401 {
				wantError(t, r, 401, "unauthorized")
				if el := time.Since(revoked); el > 12*time.Second {
					t.Errorf("the revoked key still worked %v after revocation; want ≤ 10 s", el.Round(time.Millisecond))
				}
				break
			}
			want(t, r, 200)
			if time.Since(revoked) > 20*time.Second {
				t.Fatalf("the revoked key still works after %v", time.Since(revoked))
			}
			time.Sleep(250 * time.Millisecond)
		}
		out, _, _ := cli(t, "keys", "list", "--db", db)
		if !strings.Contains(out, revokeID) || !strings.Contains(out, "e2e-screen") {
			t.Errorf("keys list:\n%s", out)
		}
	})

	t.Run("audit_verify", func(t *testing.T) {
		t.Parallel()
		verifyAudit(t, db) // while the server runs
	})
}

// TestRateLimit: a second server with 5 requests a second per key.
func TestRateLimit(t *testing.T) {
	need(t)
	data, _ := dataDir(t, currentUN(t), true)
	db := sqliteDB(t)
	a, _ := newKey(t, db, "screen")
	b, _ := newKey(t, db, "screen")
	s := startServer(t, serverOpts{data: data, db: db, args: []string{"--rate-limit", "5", "--rate-burst", "5"}})

	// 20 requests at once with a burst of 5: five pass, the rest are limited
	// (concurrent, so that a slow machine cannot refill the bucket between
	// them)
	var wg sync.WaitGroup
	replies := make([]reply, 20)
	errs := make([]error, 20)
	for i := range replies {
		wg.Go(func() { replies[i], errs[i] = s.try("POST", "/v1/screen", a, `{"name":"Vladimir Putin"}`) })
	}
	wg.Wait()
	var ok int
	var limited reply
	for i, r := range replies {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		switch r.status {
		case 200:
			ok++
		case 429:
			limited = r
		default:
			t.Fatalf("burst: %s", r)
		}
	}
	if ok < 5 || ok > 10 || limited.status != 429 {
		t.Fatalf("20 requests at once with a burst of 5: %d answered 200; want 5 (a few more if tokens came back), the rest 429", ok)
	}
	wantError(t, limited, 429, "rate_limited")
	ra, err := strconv.Atoi(limited.header.Get("Retry-After"))
	if err != nil || ra < 1 || ra > 5 {
		t.Fatalf("Retry-After %q; want whole seconds, 1 to 5", limited.header.Get("Retry-After"))
	}
	// each key has its own bucket; public endpoints have none
	want(t, s.do(t, "POST", "/v1/screen", b, `{"name":"Vladimir Putin"}`), 200)
	for range 20 {
		want(t, s.do(t, "GET", "/healthz", "", nil), 200)
	}
	// a batch takes one token per party
	for i := 0; ; i++ {
		if r := s.do(t, "POST", "/v1/screen", b, `{"name":"x"}`); r.status == 429 {
			break
		}
		if i > 100 {
			t.Fatal("key b is never limited")
		}
	}
	wantError(t, s.do(t, "POST", "/v1/screen/batch", b, `{"parties":[{"name":"a"},{"name":"b"},{"name":"c"}]}`), 429, "rate_limited")
	// after Retry-After, the key works again
	time.Sleep(time.Duration(ra) * time.Second)
	want(t, s.do(t, "POST", "/v1/screen", a, `{"name":"Vladimir Putin"}`), 200)
}

// TestReload: a broken list is refused and the old one keeps serving; the
// next UN list is accepted and its new entries found; SIGHUP reloads too;
// screenings go on answering during a reload.
func TestReload(t *testing.T) {
	need(t)
	data, unFile := dataDir(t, archiveUN(t), false)
	db := sqliteDB(t)
	admin, _ := newKey(t, db, "admin")
	s := startServer(t, serverOpts{data: data, db: db})
	v0 := s.ready(t).DatasetVersion
	lists := func() listsResponse {
		r := s.do(t, "GET", "/v1/lists", admin, nil)
		want(t, r, 200)
		return decode[listsResponse](t, r)
	}
	if un := lists().list(t, "un-sc"); un.Published != "2026-01-28" || un.Entities != 999 {
		t.Fatalf("UN list at start: %+v; want published 2026-01-28 with 999 entities", un)
	}
	// SDi.010, TIJANI IBRAHIM MOUSSA MOHAMED, was listed on 2026-02-24
	const added, addedName = "un-sc-sdi.010", "Tijani Ibrahim Moussa Mohamed"
	found := func(res screenResponse) bool {
		for _, h := range res.Hits {
			if h.ID == added && h.Match {
				return true
			}
		}
		return false
	}
	if res := s.screen(t, admin, map[string]any{"name": addedName}); found(res) {
		t.Fatalf("%s found before the February list is loaded: %+v", addedName, res.Hits)
	}
	wantError(t, s.do(t, "GET", "/v1/entities/"+added, admin, nil), 404, "not_found")

	t.Run("broken_list_refused", func(t *testing.T) {
		st, err := os.Stat(currentUN(t))
		if err != nil {
			t.Fatal(err)
		}
		replaceFile(t, unFile, currentUN(t), int(st.Size()/2)) // a download cut in half
		r := s.do(t, "POST", "/v1/lists/reload", admin, nil)
		wantStatus(t, r, 409)
		type refusal struct {
			Error  errorInfo    `json:"error"`
			Reload reloadResult `json:"reload"`
		}
		body := decode[refusal](t, r)
		if body.Error.Code != "refused" || body.Reload.Accepted || body.Reload.DatasetVersion != v0 || body.Reload.Reason == "" {
			t.Errorf("reload of a truncated list: %s; want refused, still serving %s", r, v0)
		}
		if res := s.screen(t, admin, map[string]any{"name": "Vladimir Putin"}); res.DatasetVersion != v0 || !res.Matched {
			t.Errorf("after the refusal: version %s matched %v; want the old %s", res.DatasetVersion, res.Matched, v0)
		}
		l := lists()
		if l.DatasetVersion != v0 || l.list(t, "un-sc").Published != "2026-01-28" {
			t.Errorf("/v1/lists after the refusal: version %s, UN %+v", l.DatasetVersion, l.list(t, "un-sc"))
		}
		if len(l.Reloads) < 2 || l.Reloads[0].Accepted || l.Reloads[0].Reason == "" || l.LastReload == nil || l.LastReload.Accepted {
			t.Errorf("/v1/lists does not show the refusal first: %+v, last %+v", l.Reloads, l.LastReload)
		}
		if rz := s.ready(t); rz.DatasetVersion != v0 {
			t.Errorf("/readyz serves %s", rz.DatasetVersion)
		}
	})

	t.Run("new_version_accepted", func(t *testing.T) {
		replaceFile(t, unFile, currentUN(t), 0)
		// screenings keep being answered while the reload runs
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var mu sync.Mutex
		seen := map[string]int{}
		failures := 0
		for range 4 {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					r, err := s.try("POST", "/v1/screen", admin, `{"name":"Vladimir Putin"}`)
					var res screenResponse
					mu.Lock()
					if err != nil || r.status != 200 || json.Unmarshal(r.body, &res) != nil {
						failures++
					} else {
						seen[res.DatasetVersion]++
					}
					mu.Unlock()
				}
			})
		}
		r := s.do(t, "POST", "/v1/lists/reload", admin, `{"force":false}`)
		time.Sleep(100 * time.Millisecond)
		close(stop)
		wg.Wait()
		want(t, r, 200)
		res := decode[reloadResult](t, r)
		v1 := res.DatasetVersion
		if !res.Accepted || res.Forced || v1 == v0 || res.Candidate != v1 {
			t.Fatalf("reload of the February list: %s", r)
		}
		var un *listChange
		for i := range res.Changes {
			if res.Changes[i].ID == "un-sc" {
				un = &res.Changes[i]
			}
		}
		if un == nil || len(un.Removed) != 0 {
			t.Errorf("changes %+v; want un-sc with additions only", res.Changes)
		} else {
			for _, id := range []string{"SDi.007", "SDi.008", "SDi.009", "SDi.010"} {
				if !slices.Contains(un.Added, id) {
					t.Errorf("UN additions %v lack %s", un.Added, id)
				}
			}
		}
		if failures > 0 || seen[v0] == 0 && seen[v1] == 0 {
			t.Errorf("during the reload: %d failed screenings, versions served %v", failures, seen)
		}
		l := lists()
		if un := l.list(t, "un-sc"); un.Published != "2026-02-27" || un.Entities != 1003 || l.DatasetVersion != v1 {
			t.Errorf("after the reload: version %s, UN %+v; want %s, published 2026-02-27 with 1003 entities", l.DatasetVersion, un, v1)
		}
		if !l.Reloads[0].Accepted || l.Reloads[0].DatasetVersion != v1 || l.Reloads[0].By != "e2e-admin" {
			t.Errorf("latest reload %+v", l.Reloads[0])
		}
		sr := s.screen(t, admin, map[string]any{"name": addedName})
		if !found(sr) || sr.DatasetVersion != v1 {
			t.Errorf("%s after the reload: %+v (version %s); want %s matched", addedName, sr.Hits, sr.DatasetVersion, added)
		}
		want(t, s.do(t, "GET", "/v1/entities/"+added, admin, nil), 200)
		if rz := s.ready(t); rz.DatasetVersion != v1 {
			t.Errorf("/readyz serves %s, want %s", rz.DatasetVersion, v1)
		}
	})

	t.Run("sighup", func(t *testing.T) {
		before := len(lists().Reloads)
		s.signal(syscall.SIGHUP)
		deadline := time.Now().Add(60 * time.Second)
		for {
			l := lists()
			if len(l.Reloads) > before && l.Reloads[0].By == "SIGHUP" {
				if !l.Reloads[0].Accepted {
					t.Errorf("SIGHUP reload of unchanged lists: %+v", l.Reloads[0])
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no SIGHUP reload recorded: %+v", l.Reloads)
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
}

// wantStatus checks only the status.
func wantStatus(t *testing.T, r reply, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("got %s; want HTTP %d", r, status)
	}
}

// TestGracefulShutdown: on SIGTERM the server stops listening, finishes
// the request in flight (an NDJSON stream whose body is still being sent),
// records it, and exits 0.
func TestGracefulShutdown(t *testing.T) {
	need(t)
	data, _ := dataDir(t, currentUN(t), true)
	db := sqliteDB(t)
	key, _ := newKey(t, db, "screen")
	review, _ := newKey(t, db, "review")
	s := startServer(t, serverOpts{data: data, db: db})

	const first, second = 130, 70
	st := openStream(t, s, key)
	st.send(0, first)
	// the stream is in flight once its first rows are in the audit trail
	waitFor(t, 30*time.Second, "the stream's first audit records", func() bool {
		l := decode[screeningsResponse](t, s.do(t, "GET", "/v1/screenings?limit=1", review, nil))
		return len(l.Screenings) > 0
	})
	s.signal(syscall.SIGTERM)
	// the listener closes at once: a new connection is refused
	waitFor(t, 10*time.Second, "the listener to close after SIGTERM", func() bool {
		c, err := net.DialTimeout("tcp", s.addr, time.Second)
		if err != nil {
			return true
		}
		c.Close()
		return false
	})
	select {
	case <-s.done:
		t.Fatal("the server exited with a request in flight")
	default:
	}
	st.send(first, second)
	st.close()
	ids := st.answers(first + second)
	if code := s.wait(40 * time.Second); code != 0 {
		t.Fatalf("exit code %d after SIGTERM; want 0\n%s", code, s.logTail(10))
	}
	verifyAudit(t, db)
	recorded := exportIDs(t, db)
	for _, id := range ids {
		if !slices.Contains(recorded, id) {
			t.Fatalf("answered screening %s is not in the audit trail", id)
		}
	}
	if len(recorded) != first+second {
		t.Errorf("%d audit records for %d answered rows", len(recorded), first+second)
	}
}

// TestStreamAnswersBeforeBodyEnds: an NDJSON batch answers rows while the
// client is still sending (the handler enables full duplex and batch.Run
// flushes written lines every 100 ms), so a client can pace itself on the
// answers.
func TestStreamAnswersBeforeBodyEnds(t *testing.T) {
	need(t)
	data, _ := dataDir(t, currentUN(t), true)
	db := sqliteDB(t)
	key, _ := newKey(t, db, "screen")
	s := startServer(t, serverOpts{data: data, db: db})
	st := openStream(t, s, key)
	defer st.close()
	st.send(0, 130)
	type answer struct {
		ids []string
		err error
	}
	got := make(chan answer, 1)
	go func() {
		ids, err := st.read(64)
		got <- answer{ids, err}
	}()
	select {
	case a := <-got:
		if a.err != nil || len(a.ids) != 64 {
			t.Errorf("%d answers: %v", len(a.ids), a.err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no answer within 15 s to 130 rows sent while the body stays open")
	}
}

// stream is an NDJSON batch request whose body is written as the test goes.
type stream struct {
	t    *testing.T
	pw   *io.PipeWriter
	resp chan *http.Response
	sc   *bufio.Scanner
	body io.Closer
	ids  []string
}

func openStream(t *testing.T, s *server, key string) *stream {
	t.Helper()
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", s.base+"/v1/screen/batch", pr)
	req.Header.Set("Content-Type", "application/x-ndjson")
	req.Header.Set("Authorization", "Bearer "+key)
	st := &stream{t: t, pw: pw, resp: make(chan *http.Response, 1)}
	go func() {
		resp, err := s.client.Do(req)
		if err != nil {
			pr.CloseWithError(err)
			close(st.resp)
			return
		}
		st.resp <- resp
	}()
	t.Cleanup(func() {
		pw.CloseWithError(io.ErrClosedPipe)
		if st.body != nil {
			st.body.Close()
		}
	})
	return st
}

var streamNames = []string{"Tijani Ibrahim Moussa Mohamed", "John Smith", "Kim Jong Un", nobody}

// send writes rows from..from+n-1 (in a goroutine: the pipe blocks until
// the transport reads).
func (st *stream) send(from, n int) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := from; i < from+n; i++ {
			if _, err := fmt.Fprintf(st.pw, `{"name":%q,"ref":"row%d"}`+"\n", streamNames[i%len(streamNames)], i+1); err != nil {
				return
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		st.t.Fatalf("could not send rows %d..%d in 30 s", from+1, from+n)
	}
}

func (st *stream) close() { st.pw.Close() }

// answers reads answer lines until there are n, checking each is in order
// and screened, and returns the screening ids.
func (st *stream) answers(n int) []string {
	st.t.Helper()
	ids, err := st.read(n)
	if err != nil {
		st.t.Fatal(err)
	}
	return ids
}

// read is answers without failing the test (for other goroutines).
func (st *stream) read(n int) ([]string, error) {
	if st.sc == nil {
		resp, ok := <-st.resp
		if !ok {
			return nil, errors.New("the stream request failed")
		}
		st.body = resp.Body
		if resp.StatusCode != 200 {
			b, _ := io.ReadAll(resp.Body)
			return nil, fmt.Errorf("stream: HTTP %d %s", resp.StatusCode, b)
		}
		st.sc = bufio.NewScanner(resp.Body)
		st.sc.Buffer(make([]byte, 1<<20), 16<<20)
	}
	for len(st.ids) < n && st.sc.Scan() {
		var m struct {
			Row         int    `json:"row"`
			ScreeningID string `json:"screening_id"`
		}
		if err := json.Unmarshal(st.sc.Bytes(), &m); err != nil || m.ScreeningID == "" || m.Row != len(st.ids)+1 {
			return nil, fmt.Errorf("stream line %d: %s (%v)", len(st.ids)+1, st.sc.Text(), err)
		}
		st.ids = append(st.ids, m.ScreeningID)
	}
	if err := st.sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the stream: %v", err)
	}
	if len(st.ids) < n {
		return nil, fmt.Errorf("the stream ended after %d of %d answers", len(st.ids), n)
	}
	return st.ids, nil
}

// waitFor polls cond every 50 ms until it holds, failing after timeout.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestInsecureNoAuth: --insecure-no-auth is refused off loopback (exit 2)
// and works, with a warning header, on loopback.
func TestInsecureNoAuth(t *testing.T) {
	need(t)
	data, _ := dataDir(t, currentUN(t), true)
	for _, addr := range []string{"0.0.0.0:0", "[::]:0"} {
		_, errOut, code := cli(t, "serve", "--insecure-no-auth", "--addr", addr, "--data", data, "--db", sqliteDB(t))
		if code != 2 || !strings.Contains(errOut, "loopback") {
			t.Errorf("serve --insecure-no-auth --addr %s: exit %d, %q; want exit 2 naming loopback", addr, code, errOut)
		}
	}
	_, errOut, code := cli(t, "serve", "--tls-cert", "x.pem", "--addr", "127.0.0.1:0", "--data", data, "--db", sqliteDB(t))
	if code != 2 {
		t.Errorf("serve --tls-cert without --tls-key: exit %d %q; want 2", code, errOut)
	}
	s := startServer(t, serverOpts{data: data, args: []string{"--insecure-no-auth"}})
	r := s.do(t, "POST", "/v1/screen", "", `{"name":"Vladimir Putin"}`)
	want(t, r, 200)
	if r.header.Get("X-Embargo-Warning") == "" {
		t.Errorf("no X-Embargo-Warning header without authentication")
	}
	if !strings.Contains(s.logTail(50), "AUTHENTICATION IS DISABLED") {
		t.Errorf("no warning in the log")
	}
}

// TestTLS: HTTPS with a self-signed certificate made here.
func TestTLS(t *testing.T) {
	need(t)
	data, _ := dataDir(t, currentUN(t), true)
	dir := t.TempDir()
	certPEM, keyPEM, pool := selfSigned(t)
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	db := sqliteDB(t)
	key, _ := newKey(t, db, "screen")
	s := startServer(t, serverOpts{data: data, db: db, args: []string{"--tls-cert", certFile, "--tls-key", keyFile},
		tls: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}})
	if !strings.HasPrefix(s.base, "https://") {
		t.Fatal(s.base)
	}
	res := s.screen(t, key, map[string]any{"name": "Tijani Ibrahim Moussa Mohamed"})
	if !res.Matched {
		t.Errorf("over HTTPS: %+v", res)
	}
	// the certificate is the one given
	conn, err := tls.Dial("tcp", s.addr, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	if v := conn.ConnectionState().Version; v < tls.VersionTLS12 {
		t.Errorf("TLS version %x", v)
	}
	conn.Close()
	// an untrusting client refuses it; plain HTTP gets no answer
	if _, err := (&http.Client{Timeout: 5 * time.Second}).Get(s.base + "/healthz"); err == nil {
		t.Errorf("a client without the CA accepted the self-signed certificate")
	}
	if resp, err := (&http.Client{Timeout: 5 * time.Second}).Get("http://" + s.addr + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Errorf("plain HTTP on the TLS port answered 200")
		}
	}
	// a bad certificate file stops the server with an error
	_, errOut, code := cli(t, "serve", "--tls-cert", keyFile, "--tls-key", keyFile, "--addr", freeAddr(t), "--data", data, "--db", sqliteDB(t))
	if code == 0 || !strings.Contains(errOut, "TLS") {
		t.Errorf("serve with a broken certificate: exit %d %q", code, errOut)
	}
}

// selfSigned makes a certificate for 127.0.0.1 and localhost.
func selfSigned(t *testing.T) (certPEM, keyPEM []byte, pool *x509.CertPool) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "embargo e2e"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1"), net.IPv6loopback},
		DNSNames:     []string{"localhost"},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), pool
}
