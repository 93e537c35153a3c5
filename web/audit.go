package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/embargo/embargo/match"
	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/store"
)

// AuditHit is how a hit is kept in the audit trail: enough to prove what
// was answered and why.
type AuditHit struct {
	ID       string         `json:"id"`
	Caption  string         `json:"caption"`
	Datasets []string       `json:"datasets"`
	Score    float64        `json:"score"`
	Match    bool           `json:"match"`
	Name     string         `json:"matched_name,omitempty"`
	Reasons  []match.Reason `json:"reasons"`
}

// auditRequest is the request part of an audit record: the party as
// screened and every option that changed what could be found (a list left
// out or an entity id excluded must show in the trail).
type auditRequest struct {
	Party        screen.Party `json:"party"`
	Ref          string       `json:"ref,omitempty"`
	Limit        int          `json:"limit,omitempty"`
	Algorithm    string       `json:"algorithm,omitempty"`
	Lists        []string     `json:"lists,omitempty"`
	ExcludeLists []string     `json:"exclude_lists,omitempty"`
	ExcludeIDs   []string     `json:"exclude_ids,omitempty"`
}

// auditOptions returns the options of a screening request for its record.
func auditOptions(p screen.Party, ref string, req screen.Request) auditRequest {
	return auditRequest{Party: p, Ref: ref, Limit: req.Limit, Algorithm: req.Algorithm,
		Lists: req.IncludeLists, ExcludeLists: req.ExcludeLists, ExcludeIDs: req.ExcludeIDs}
}

// recordRequest builds the audit record of one screening with its options.
func (s *Server) recordRequest(r *http.Request, endpoint string, st *state, q auditRequest, res *screen.Result) *store.Screening {
	k := keyFrom(r.Context())
	req, _ := json.Marshal(q)
	hits := make([]AuditHit, 0, len(res.Hits))
	matches := 0
	for _, h := range res.Hits {
		reasons := h.Reasons
		if reasons == nil {
			reasons = []match.Reason{}
		}
		hits = append(hits, AuditHit{ID: h.ID, Caption: h.Caption, Datasets: h.Datasets, Score: h.Score, Match: h.Match, Name: h.MatchedName, Reasons: reasons})
		if h.Match {
			matches++
		}
	}
	result, _ := json.Marshal(hits)
	return &store.Screening{
		KeyID: k.ID, KeyName: k.Name, Endpoint: endpoint, RemoteAddr: r.RemoteAddr,
		Request: req, Result: result, DatasetVersion: res.DatasetVersion, ListVersions: st.listVersions,
		Algorithm: algorithmLabel(res.Algorithm, res.Versions),
		Threshold: res.Threshold, Hits: len(res.Hits), Matches: matches,
	}
}

// algorithmLabel is the algorithm of an audit record with the versions of
// the rules that scored it ("embargo-v1 names/3 index/2 match/5").
func algorithmLabel(alg string, v screen.Versions) string {
	return alg + " names/" + strconv.Itoa(v.Names) + " index/" + strconv.Itoa(v.Index) + " match/" + strconv.Itoa(v.Match)
}

// audit makes records durable, all or none in one transaction; no answer
// may be sent without its record. A request that ended (timed out, client
// gone) returns its context's error.
func (s *Server) audit(ctx context.Context, recs ...*store.Screening) error {
	if len(recs) == 0 {
		return nil
	}
	start := time.Now()
	err := s.store.AppendBatch(ctx, recs)
	s.m.auditLat.Observe(time.Since(start).Seconds())
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return err
		}
		msg := "the screening could not be recorded in the audit trail, so it is not answered"
		if len(recs) > 1 {
			msg = "the screenings could not be recorded in the audit trail, so they are not answered"
		}
		return &apiError{Status: http.StatusServiceUnavailable, Code: CodeUnavailable, Message: msg, Detail: err, RetryAfter: time.Second}
	}
	return nil
}

func (s *Server) screening(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.store.Screening(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		return errf(http.StatusNotFound, CodeNotFound, "no screening %q", r.PathValue("id"))
	}
	if err != nil {
		return internal(err)
	}
	writeJSON(w, http.StatusOK, rec)
	return nil
}

// ScreeningsResponse answers GET /v1/screenings.
type ScreeningsResponse struct {
	Screenings []store.Screening `json:"screenings"`
	NextCursor string            `json:"next_cursor,omitempty"`
}

func (s *Server) screenings(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	var f store.Filter
	var err error
	parseTime := func(name string) (time.Time, error) {
		x := v.Get(name)
		if x == "" {
			return time.Time{}, nil
		}
		t, err := time.Parse(time.RFC3339, x)
		if err != nil {
			if d, err2 := time.Parse("2006-01-02", x); err2 == nil {
				return d, nil
			}
			return t, errf(http.StatusBadRequest, CodeBadRequest, "%s %q: want an RFC 3339 time or a date", name, x)
		}
		return t, nil
	}
	if f.Since, err = parseTime("since"); err != nil {
		return err
	}
	if f.Until, err = parseTime("until"); err != nil {
		return err
	}
	f.KeyID = v.Get("key")
	if m := v.Get("matched"); m != "" {
		b, err := strconv.ParseBool(m)
		if err != nil {
			return errf(http.StatusBadRequest, CodeBadRequest, "matched %q: want true or false", m)
		}
		f.Matched = &b
	}
	f.Cursor = v.Get("cursor")
	if l := v.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 1000 {
			return errf(http.StatusBadRequest, CodeBadRequest, "limit %q: want 1 to 1000", l)
		}
		f.Limit = n
	}
	list, next, err := s.store.Screenings(r.Context(), f)
	if err != nil {
		if errors.Is(err, store.ErrBadCursor) || errors.Is(err, store.ErrNotFound) {
			return errf(http.StatusBadRequest, CodeBadRequest, "cursor %q is not valid: pass next_cursor of the previous page", f.Cursor)
		}
		return internal(err)
	}
	if list == nil {
		list = []store.Screening{}
	}
	writeJSON(w, http.StatusOK, ScreeningsResponse{Screenings: list, NextCursor: next})
	return nil
}
