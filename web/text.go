package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/embargo/embargo/match"
	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/store"
	"github.com/embargo/embargo/text"
)

// TextRequest is the JSON body of POST /v1/text. The document may instead
// be sent as the body itself (Content-Type text/plain or text/html), with
// the options as query parameters (?threshold=0.85&format=html&ref=…).
type TextRequest struct {
	Text      string  `json:"text"`
	Format    string  `json:"format,omitempty"` // "text" or "html"; detected when empty
	Threshold float64 `json:"threshold,omitempty"`
	Limit     int     `json:"limit,omitempty"` // most mentions returned; default 500
	Ref       string  `json:"ref,omitempty"`
}

// TextResponse answers POST /v1/text.
type TextResponse struct {
	ScreeningID string `json:"screening_id"`
	Ref         string `json:"ref,omitempty"`
	Matched     bool   `json:"matched"`
	*screen.TextResult
}

// auditDocument is the request part of a text or payment screening's
// audit record: what was screened, identified by its digest (the document
// itself stays with the client; its digest proves which one it was).
type auditDocument struct {
	SHA256      string  `json:"sha256"`
	Bytes       int     `json:"bytes"`
	Format      string  `json:"format,omitempty"`
	MessageType string  `json:"message_type,omitempty"`
	MessageID   string  `json:"message_id,omitempty"`
	Ref         string  `json:"ref,omitempty"`
	Threshold   float64 `json:"threshold,omitempty"` // as asked; 0 for the default
	Limit       int     `json:"limit,omitempty"`
	Embargoes   string  `json:"embargoes_as_of,omitempty"`
}

func digest(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// AuditMention is how a text mention is kept in the audit trail.
type AuditMention struct {
	Start   int            `json:"start"`
	End     int            `json:"end"`
	Text    string         `json:"text"`
	ID      string         `json:"id"`
	Caption string         `json:"caption"`
	Score   float64        `json:"score"`
	Match   bool           `json:"match"`
	Reasons []match.Reason `json:"reasons"`
	// Alternatives are the other listed parties the same words match.
	Alternatives []screen.Alternative `json:"alternatives,omitempty"`
}

func auditMentions(ms []screen.Mention) ([]AuditMention, int) {
	out := make([]AuditMention, 0, len(ms))
	matches := 0
	for _, m := range ms {
		reasons := m.Reasons
		if reasons == nil {
			reasons = []match.Reason{}
		}
		out = append(out, AuditMention{Start: m.Start, End: m.End, Text: m.Text, ID: m.ID, Caption: m.Caption, Score: m.Score, Match: m.Match,
			Reasons: reasons, Alternatives: m.Alternatives})
		if m.Match {
			matches++
		}
	}
	return out, matches
}

// documentRecord builds the audit record of a text or payment screening.
func (s *Server) documentRecord(r *http.Request, endpoint string, st *state, q auditDocument, result any, threshold float64, v screen.Versions, hits, matches int) *store.Screening {
	k := keyFrom(r.Context())
	req, _ := json.Marshal(q)
	res, _ := json.Marshal(result)
	return &store.Screening{
		KeyID: k.ID, KeyName: k.Name, Endpoint: endpoint, RemoteAddr: r.RemoteAddr,
		Request: req, Result: res, DatasetVersion: st.svc.Snapshot.Version, ListVersions: st.listVersions,
		Algorithm: algorithmLabel(screen.Algorithm, v),
		Threshold: threshold, Hits: hits, Matches: matches,
	}
}

// queryFloat and queryInt read optional query parameters.
func queryFloat(r *http.Request, name string) (float64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, errf(http.StatusBadRequest, CodeBadRequest, "query parameter %s: %q is not a number", name, v)
	}
	return f, nil
}

func queryInt(r *http.Request, name string) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, errf(http.StatusBadRequest, CodeBadRequest, "query parameter %s: %q is not a non-negative integer", name, v)
	}
	return n, nil
}

// screenText answers POST /v1/text.
func (s *Server) screenText(w http.ResponseWriter, r *http.Request) error {
	mt, err := mediaType(r)
	if err != nil {
		return err
	}
	var q TextRequest
	var doc []byte
	switch {
	case mt == "text/plain" || mt == "text/html":
		if doc, err = readBody(w, r, s.cfg.MaxText, CodeBadRequest); err != nil {
			return err
		}
		q.Text = string(doc)
		q.Format = r.URL.Query().Get("format")
		if q.Format == "" && mt == "text/html" {
			q.Format = string(text.HTML)
		}
		q.Ref = r.URL.Query().Get("ref")
		if q.Threshold, err = queryFloat(r, "threshold"); err != nil {
			return err
		}
		if q.Limit, err = queryInt(r, "limit"); err != nil {
			return err
		}
	case readsJSON(mt):
		body, err := readBody(w, r, 2*s.cfg.MaxText, CodeInvalidJSON) // JSON escapes grow the text
		if err != nil {
			return err
		}
		if err := unmarshal(body, &q, true); err != nil {
			return err
		}
		doc = []byte(q.Text)
	default:
		return errf(http.StatusUnsupportedMediaType, CodeUnsupportedType, "Content-Type %q is not accepted; send application/json, text/plain or text/html", mt)
	}
	if q.Limit > s.cfg.Screen.MaxLimit && s.cfg.Screen.MaxLimit > 0 {
		return errf(http.StatusBadRequest, CodeBadRequest, "limit %d is above the maximum %d", q.Limit, s.cfg.Screen.MaxLimit)
	}
	st := s.current.Load()
	res, err := st.svc.ScreenText(q.Text, screen.TextOptions{Threshold: q.Threshold, Format: text.Format(q.Format), Limit: q.Limit})
	if err != nil {
		return err
	}
	mentions, matches := auditMentions(res.Mentions)
	rec := s.documentRecord(r, "/v1/text", st, auditDocument{SHA256: digest(doc), Bytes: len(doc), Format: res.Format, Ref: q.Ref, Threshold: q.Threshold, Limit: q.Limit},
		mentions, res.Threshold, res.Versions, len(mentions), matches)
	if err := s.audit(r.Context(), rec); err != nil {
		return err
	}
	s.count("/v1/text", matches > 0)
	writeJSON(w, http.StatusOK, TextResponse{ScreeningID: rec.ID, Ref: q.Ref, Matched: matches > 0, TextResult: res})
	return nil
}
