package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/embargo/embargo/store"
)

// TestDocumentEndpoints pins what the text and payment endpoints keep in
// the audit trail and how they refuse bad documents.
func TestDocumentEndpoints(t *testing.T) {
	e := newEnv(t, envOpt{})
	key := e.key(store.RoleScreen)
	record := func(body []byte) store.Screening {
		t.Helper()
		var x struct {
			ScreeningID string `json:"screening_id"`
		}
		if err := json.Unmarshal(body, &x); err != nil || x.ScreeningID == "" {
			t.Fatalf("no screening id in %s", clip(body))
		}
		var rec store.Screening
		e.want(req{method: "GET", path: "/v1/screenings/" + x.ScreeningID, key: e.key(store.RoleReview)}, 200, "").decode(t, &rec)
		return rec
	}
	sum := func(s string) string {
		h := sha256.Sum256([]byte(s))
		return hex.EncodeToString(h[:])
	}

	// a payment: the record names the message by digest, type and id, and
	// keeps the decision with every party's hits
	res := e.want(req{method: "POST", path: "/v1/payments?ref=pay-1", key: key, ctype: "text/plain", body: mt103}, 200, "")
	rec := record(res.body)
	var rq auditDocument
	json.Unmarshal(rec.Request, &rq)
	if rq.SHA256 != sum(mt103) || rq.Bytes != len(mt103) || rq.MessageType != "MT103" || rq.Ref != "pay-1" || rq.Embargoes == "" {
		t.Errorf("payment audit request %s", rec.Request)
	}
	var rr struct {
		Decision string `json:"decision"`
		Parties  []struct {
			Path string `json:"path"`
			Hits []struct {
				ID    string `json:"id"`
				Match bool   `json:"match"`
			} `json:"hits"`
		} `json:"parties"`
	}
	json.Unmarshal(rec.Result, &rr)
	held := false
	for _, p := range rr.Parties {
		for _, h := range p.Hits {
			held = held || (h.ID == idTestov && h.Match)
		}
	}
	if rr.Decision != "hold" || !held || rec.Matches == 0 || rec.Endpoint != "/v1/payments" {
		t.Errorf("payment audit result %s (matches %d)", clip(rec.Result), rec.Matches)
	}

	// a FIN message starts with a brace too: it is not mistaken for JSON,
	// whatever type curl -d gives it
	e.want(req{method: "POST", path: "/v1/payments", key: key, ctype: "application/x-www-form-urlencoded", body: mt103, doc: docUnstated}, 200, "")

	// a malformed message: 400 naming the problem and its position
	res = e.want(req{method: "POST", path: "/v1/payments", key: key, ctype: "application/xml",
		body: `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf><Cdtr><Nm>x</Nm></FIToFICstmrCdtTrf>`}, 400, CodeBadRequest)
	if !strings.Contains(string(res.body), "line 1 col") || !strings.Contains(string(res.body), "Cdtr") {
		t.Errorf("malformed message: %s", res.body)
	}
	// an unsupported message type names what it is
	res = e.want(req{method: "POST", path: "/v1/payments", key: key, ctype: "application/xml",
		body: `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.056.001.08"><FIToFIPmtCxlReq/></Document>`}, 400, CodeBadRequest)
	if !strings.Contains(string(res.body), "camt.056.001.08") {
		t.Errorf("unknown type: %s", res.body)
	}
	// over 1 MB: 413
	big := "{1:F01DEUTDEFFAXXX0512345678}{2:I103BNPAFRPPXXXXN}{4:\n:70:" + strings.Repeat("A", 1<<20) + "\n-}"
	e.want(req{method: "POST", path: "/v1/payments", key: key, ctype: "text/plain", body: big, doc: docUnstated}, 413, CodeBadRequest)
	// JSON without a message
	e.want(req{method: "POST", path: "/v1/payments", key: key, body: `{"ref": "x"}`, doc: docInvalid}, 400, CodeBadRequest)
	// a threshold that is not a number
	e.want(req{method: "POST", path: "/v1/payments?threshold=high", key: key, ctype: "text/plain", body: mt103, doc: docInvalid}, 400, CodeBadRequest)

	// a text: the record keeps the digest and every mention with its reasons
	doc := "Board minutes. Ivan Petrovich Testov attended; Testov voted against."
	res = e.want(req{method: "POST", path: "/v1/text?ref=memo", key: key, ctype: "text/plain", body: doc}, 200, "")
	var tr TextResponse
	res.decode(t, &tr)
	if !tr.Matched || len(tr.Mentions) != 2 || tr.Mentions[1].Text != "Testov" || !tr.Mentions[1].Match {
		t.Errorf("text answer: %s", clip(res.body))
	}
	rec = record(res.body)
	json.Unmarshal(rec.Request, &rq)
	var ms []AuditMention
	json.Unmarshal(rec.Result, &ms)
	if rq.SHA256 != sum(doc) || rq.Format != "text" || rq.Ref != "memo" || len(ms) != 2 || rec.Matches != 2 || len(ms[0].Reasons) == 0 {
		t.Errorf("text audit: %s %s", rec.Request, clip(rec.Result))
	}
	// invalid UTF-8 and an over-large limit are refused
	e.want(req{method: "POST", path: "/v1/text", key: key, ctype: "text/plain", body: "Testov \xff", doc: docUnstated}, 400, CodeBadRequest)
	e.want(req{method: "POST", path: "/v1/text", key: key, body: "{\"text\":\"Testov \xff\"}", doc: docUnstated}, 400, CodeInvalidJSON)
	e.want(req{method: "POST", path: "/v1/text", key: key, body: `{"text": "x", "limit": 100000}`, doc: docUnstated}, 400, CodeBadRequest)
	e.want(req{method: "POST", path: "/v1/text?limit=-1", key: key, ctype: "text/plain", body: "x", doc: docInvalid}, 400, CodeBadRequest)
	// no key, no screening
	e.want(req{method: "POST", path: "/v1/text", body: `{"text": "x"}`, doc: docInvalid}, 401, CodeUnauthorized)
}
