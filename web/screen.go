package web

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/embargo/embargo/batch"
	"github.com/embargo/embargo/dataset"
	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/store"
)

// ScreenOptions are the options of a screening, for one party
// (ScreenRequest) or, as defaults for its parties, a batch (BatchRequest).
type ScreenOptions struct {
	Threshold    float64  `json:"threshold,omitempty"`
	Limit        int      `json:"limit,omitempty"`
	Algorithm    string   `json:"algorithm,omitempty"`
	Lists        []string `json:"lists,omitempty"`
	ExcludeLists []string `json:"exclude_lists,omitempty"`
	ExcludeIDs   []string `json:"exclude_ids,omitempty"`
}

// inherit fills each option not set in o from d.
func (o *ScreenOptions) inherit(d ScreenOptions) {
	o.Threshold = cmp.Or(o.Threshold, d.Threshold)
	o.Limit = cmp.Or(o.Limit, d.Limit)
	o.Algorithm = cmp.Or(o.Algorithm, d.Algorithm)
	if len(o.Lists) == 0 {
		o.Lists = d.Lists
	}
	if len(o.ExcludeLists) == 0 {
		o.ExcludeLists = d.ExcludeLists
	}
	if len(o.ExcludeIDs) == 0 {
		o.ExcludeIDs = d.ExcludeIDs
	}
}

// ScreenRequest is the body of POST /v1/screen: one party and options.
type ScreenRequest struct {
	screen.Party
	// Properties are more facts about the party as FollowTheMoney
	// properties (name, alias, birthDate, nationality, passportNumber, …).
	Properties map[string][]string `json:"properties,omitempty"`
	ScreenOptions
	Ref string `json:"ref,omitempty"` // the client's own reference, echoed and audited
}

// ScreenResponse answers POST /v1/screen.
type ScreenResponse struct {
	ScreeningID    string          `json:"screening_id"`
	Ref            string          `json:"ref,omitempty"`
	Query          screen.Party    `json:"query"`
	Hits           []screen.Hit    `json:"hits"`
	Matched        bool            `json:"matched"`
	Threshold      float64         `json:"threshold"`
	DatasetVersion string          `json:"dataset_version"`
	Algorithm      string          `json:"algorithm"`
	Versions       screen.Versions `json:"versions"`
}

// party merges the FtM properties into the party.
func (q *ScreenRequest) party() screen.Party {
	p := q.Party
	if len(q.Properties) > 0 {
		x := screen.PartyFromFtM(p.Schema, q.Properties)
		if p.Name == "" {
			p.Name = x.Name
		} else if x.Name != "" {
			p.Names = append(p.Names, x.Name)
		}
		p.Names = append(p.Names, x.Names...)
		p.DOB = append(p.DOB, x.DOB...)
		p.Country = append(p.Country, x.Country...)
		p.ID = append(p.ID, x.ID...)
		if p.Gender == "" {
			p.Gender = x.Gender
		}
	}
	return p
}

func (q *ScreenRequest) request(st *state) (screen.Request, screen.Party, error) {
	p := q.party()
	mq, err := p.Query()
	if err != nil {
		return screen.Request{}, p, err
	}
	if err := checkLists(st, q.Lists, q.ExcludeLists); err != nil {
		return screen.Request{}, p, err
	}
	if err := checkOptions(st, q.Threshold, q.Limit, q.Algorithm); err != nil {
		return screen.Request{}, p, err
	}
	if len(q.Ref) > 200 {
		return screen.Request{}, p, errf(http.StatusBadRequest, CodeBadRequest, "ref is longer than 200 bytes")
	}
	return screen.Request{Query: mq, Threshold: q.Threshold, Limit: q.Limit, Algorithm: q.Algorithm,
		IncludeLists: q.Lists, ExcludeLists: q.ExcludeLists, ExcludeIDs: q.ExcludeIDs}, p, nil
}

// checkOptions validates the options a single or batch request shares.
func checkOptions(st *state, threshold float64, limit int, algorithm string) error {
	if threshold < 0 || threshold > 1 {
		return errf(http.StatusBadRequest, CodeBadRequest, "threshold %v: want a number from 0 (the default) to 1", threshold)
	}
	if max := st.svc.Config().MaxLimit; limit < 0 || limit > max {
		return errf(http.StatusBadRequest, CodeBadRequest, "limit %d: want 1 to %d (0 for the default)", limit, max)
	}
	if _, ok := screen.Algorithms[algorithm]; !ok {
		return errf(http.StatusBadRequest, CodeBadRequest, "algorithm %q: want embargo or ofac", algorithm)
	}
	return nil
}

// checkLists refuses list ids that are not loaded.
func checkLists(st *state, include, exclude []string) error {
	for _, l := range slices.Concat(include, exclude) {
		if st.svc.Snapshot.List(l) == nil {
			var ids []string
			for _, x := range st.svc.Snapshot.Lists {
				ids = append(ids, x.ID)
			}
			return errf(http.StatusBadRequest, CodeBadRequest, "unknown list %q (loaded: %s)", l, strings.Join(ids, ", "))
		}
	}
	return nil
}

func (s *Server) screenOne(w http.ResponseWriter, r *http.Request) error {
	var q ScreenRequest
	if err := decodeJSON(w, r, s.cfg.MaxBody, &q, true); err != nil {
		return err
	}
	st := s.current.Load()
	req, p, err := q.request(st)
	if err != nil {
		return err
	}
	res, err := st.svc.Screen(req)
	if err != nil {
		return err
	}
	rec := s.recordRequest(r, "/v1/screen", st, auditOptions(p, q.Ref, req), res)
	matched := rec.Matches > 0
	if err := s.audit(r.Context(), rec); err != nil {
		return err
	}
	s.count("/v1/screen", matched)
	writeJSON(w, http.StatusOK, ScreenResponse{ScreeningID: rec.ID, Ref: q.Ref, Query: p, Hits: res.Hits, Matched: matched,
		Threshold: res.Threshold, DatasetVersion: res.DatasetVersion, Algorithm: res.Algorithm, Versions: res.Versions})
	return nil
}

// BatchRequest is the JSON body of POST /v1/screen/batch.
type BatchRequest struct {
	Parties []ScreenRequest `json:"parties"`
	ScreenOptions
}

// BatchResult is one party's answer in a batch; Error is set instead of
// hits when the party could not be screened.
type BatchResult struct {
	Index       int          `json:"index"`
	ScreeningID string       `json:"screening_id,omitempty"`
	Ref         string       `json:"ref,omitempty"`
	Query       screen.Party `json:"query"`
	Hits        []screen.Hit `json:"hits"`
	Matched     bool         `json:"matched"`
	Error       *ErrorInfo   `json:"error,omitempty"`
}

// BatchResponse answers a JSON batch.
type BatchResponse struct {
	Results        []BatchResult   `json:"results"`
	Threshold      float64         `json:"threshold"`
	DatasetVersion string          `json:"dataset_version"`
	Algorithm      string          `json:"algorithm"`
	Versions       screen.Versions `json:"versions"`
}

func (s *Server) screenBatch(w http.ResponseWriter, r *http.Request) error {
	if ct := r.Header.Get("Content-Type"); strings.HasPrefix(ct, "application/x-ndjson") || strings.HasPrefix(ct, "application/jsonl") {
		return s.screenStream(w, r)
	}
	var b BatchRequest
	if err := decodeJSON(w, r, s.cfg.MaxBatchBody, &b, true); err != nil {
		return err
	}
	if len(b.Parties) == 0 {
		return errf(http.StatusBadRequest, CodeBadRequest, "parties: at least one party is required")
	}
	if len(b.Parties) > s.cfg.MaxBatch {
		return errf(http.StatusRequestEntityTooLarge, CodeTooLarge, "parties: %d parties, at most %d per call; send larger batches as NDJSON (Content-Type: application/x-ndjson)", len(b.Parties), s.cfg.MaxBatch)
	}
	st := s.current.Load()
	// options for the whole batch are checked once: a bad one is the
	// request's fault, not each party's
	if err := checkOptions(st, b.Threshold, b.Limit, b.Algorithm); err != nil {
		return err
	}
	if err := checkLists(st, b.Lists, b.ExcludeLists); err != nil {
		return err
	}
	if ok, wait := s.limit.allow(limitKey(r), float64(len(b.Parties)-1)); !ok {
		return &apiError{Status: http.StatusTooManyRequests, Code: CodeRateLimited, Message: "rate limit exceeded by this batch", RetryAfter: wait}
	}
	out := BatchResponse{Results: make([]BatchResult, len(b.Parties))}
	var recs []*store.Screening
	var at []int // the index in out.Results of each of recs
	for i := range b.Parties {
		q := &b.Parties[i]
		q.inherit(b.ScreenOptions)
		br := BatchResult{Index: i, Ref: q.Ref}
		req, p, err := q.request(st)
		br.Query = p
		var res *screen.Result
		if err == nil {
			res, err = st.svc.Screen(req)
		}
		if err != nil {
			ae := toAPIError(err)
			if ae.Status >= 500 {
				return ae
			}
			br.Error = &ErrorInfo{Code: ae.Code, Message: fmt.Sprintf("parties[%d]: %s", i, ae.Message)}
			br.Hits = []screen.Hit{}
			out.Results[i] = br
			continue
		}
		rec := s.recordRequest(r, "/v1/screen/batch", st, auditOptions(p, q.Ref, req), res)
		br.Hits, br.Matched = res.Hits, rec.Matches > 0
		out.Threshold, out.DatasetVersion, out.Algorithm, out.Versions = res.Threshold, res.DatasetVersion, res.Algorithm, res.Versions
		recs, at = append(recs, rec), append(at, i)
		out.Results[i] = br
	}
	if err := s.audit(r.Context(), recs...); err != nil {
		return err
	}
	for j, rec := range recs {
		out.Results[at[j]].ScreeningID = rec.ID
		s.count("/v1/screen/batch", out.Results[at[j]].Matched)
	}
	if out.DatasetVersion == "" { // no party could be screened
		out.DatasetVersion = st.svc.Snapshot.Version
		out.Versions = screen.CurrentVersions()
		out.Algorithm = screen.Algorithms[b.Algorithm]
		out.Threshold, _ = st.svc.Threshold(out.Algorithm, b.Threshold) // b was checked above
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// screenStream answers an NDJSON batch: one party per line in, one JSON
// line per party out, in order, each recorded in the audit trail before
// its line is written. A bad line gets an error line and the stream goes
// on.
func (s *Server) screenStream(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	st := s.current.Load()
	opt := batch.Options{Algorithm: q.Get("algorithm"), Workers: 32, // workers mostly wait for audit commits
		IncludeLists: q["list"], ExcludeLists: q["exclude_list"]}
	if v := q.Get("threshold"); v != "" {
		t, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return errf(http.StatusBadRequest, CodeBadRequest, "threshold %q: want a number from 0 to 1", v)
		}
		opt.Threshold = t
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return errf(http.StatusBadRequest, CodeBadRequest, "limit %q: want a positive number", v)
		}
		opt.Limit = n
	}
	if err := checkOptions(st, opt.Threshold, opt.Limit, opt.Algorithm); err != nil {
		return err
	}
	if err := checkLists(st, opt.IncludeLists, opt.ExcludeLists); err != nil {
		return err
	}
	auditOpt := screen.Request{Limit: opt.Limit, Algorithm: opt.Algorithm, IncludeLists: opt.IncludeLists, ExcludeLists: opt.ExcludeLists}
	rd, err := batch.NewReader(http.MaxBytesReader(w, r.Body, 1<<40), batch.JSONL)
	if err != nil {
		return errf(http.StatusBadRequest, CodeBadRequest, "%v", err)
	}
	rc := http.NewResponseController(w)
	rc.EnableFullDuplex()
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(http.StatusOK)
	opt.Before = func(row *batch.Row, res *screen.Result, err error) ([]batch.Field, error) {
		if err != nil {
			return nil, nil
		}
		// a stream slows down to the key's rate rather than failing
		for {
			ok, wait := s.limit.allow(limitKey(r), 1)
			if ok {
				break
			}
			select {
			case <-r.Context().Done():
				return nil, r.Context().Err()
			case <-time.After(wait):
			}
		}
		rec := s.recordRequest(r, "/v1/screen/batch", st, auditOptions(row.Party, row.Get("ref"), auditOpt), res)
		matched := rec.Matches > 0
		if err := s.audit(r.Context(), rec); err != nil {
			return nil, err
		}
		s.count("/v1/screen/batch", matched)
		return []batch.Field{{Key: "screening_id", Value: rec.ID}}, nil
	}
	opt.Flush = func() { rc.Flush() }
	_, runErr := batch.Run(r.Context(), st.svc, rd, w, opt)
	switch {
	case runErr == nil:
	case errors.Is(runErr, context.Canceled) && r.Context().Err() != nil:
		s.log.Info("stream stopped: the client went away", "err", runErr)
		return nil // nobody to tell
	default:
		ae := toAPIError(runErr)
		if errors.Is(runErr, context.DeadlineExceeded) {
			ae = errf(http.StatusServiceUnavailable, CodeTimeout, "the stream took longer than %v", s.cfg.StreamTimeout)
		}
		line, _ := json.Marshal(ErrorBody{Error: ErrorInfo{Code: ae.Code, Message: "the stream stopped: " + ae.Message}})
		w.Write(append(line, '\n'))
		s.log.Error("stream stopped", "err", runErr)
	}
	rc.Flush()
	return nil
}

// count counts a screening answered, and whether it matched, in the
// metrics.
func (s *Server) count(endpoint string, matched bool) {
	s.m.screenings.WithLabelValues(endpoint).Inc()
	if matched {
		s.m.matches.WithLabelValues(endpoint).Inc()
	}
}

// SearchResponse answers GET /v1/search.
type SearchResponse struct {
	Query          string       `json:"query"`
	Total          int          `json:"total"` // hits found, at most the service's MaxLimit (500)
	Offset         int          `json:"offset"`
	Limit          int          `json:"limit"`
	Results        []screen.Hit `json:"results"`
	DatasetVersion string       `json:"dataset_version"`
}

// search is an analyst's name search with paging. It is a lookup, not a
// screening of a party, so it is not written to the audit trail.
func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	qs := strings.TrimSpace(v.Get("q"))
	if qs == "" {
		return errf(http.StatusBadRequest, CodeBadRequest, "q: a search text is required")
	}
	limit, offset := 20, 0
	if x := v.Get("limit"); x != "" {
		n, err := strconv.Atoi(x)
		if err != nil || n < 1 || n > 100 {
			return errf(http.StatusBadRequest, CodeBadRequest, "limit %q: want 1 to 100", x)
		}
		limit = n
	}
	if x := v.Get("offset"); x != "" {
		n, err := strconv.Atoi(x)
		if err != nil || n < 0 || n > 400 {
			return errf(http.StatusBadRequest, CodeBadRequest, "offset %q: want 0 to 400", x)
		}
		offset = n
	}
	p := screen.Party{Name: qs, Schema: v.Get("schema")}
	mq, err := p.Query()
	if err != nil {
		return err
	}
	st := s.current.Load()
	lists := v["list"]
	if err := checkLists(st, lists, nil); err != nil {
		return err
	}
	// every hit up to the cap, so that total tells the client how many
	// pages there are (the cost is in scoring the candidates, which the
	// limit does not change)
	res, err := st.svc.Screen(screen.Request{Query: mq, Limit: st.svc.Config().MaxLimit, IncludeLists: lists})
	if err != nil {
		return err
	}
	out := SearchResponse{Query: qs, Total: len(res.Hits), Offset: offset, Limit: limit, Results: []screen.Hit{}, DatasetVersion: res.DatasetVersion}
	if offset < len(res.Hits) {
		out.Results = res.Hits[offset:min(offset+limit, len(res.Hits))]
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// EntityResponse answers GET /v1/entities/{id}.
type EntityResponse struct {
	ID             string              `json:"id"`
	Caption        string              `json:"caption"`
	Schema         entity.Schema       `json:"schema"`
	Datasets       []string            `json:"datasets"`
	Properties     map[string][]string `json:"properties"`
	Entity         *entity.Entity      `json:"entity"`
	Records        []*entity.Entity    `json:"records"` // every source record it was merged from
	DatasetVersion string              `json:"dataset_version"`
}

func (s *Server) entity(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	st := s.current.Load()
	e := st.svc.Snapshot.Entity(id)
	if e == nil {
		return errf(http.StatusNotFound, CodeNotFound, "no entity %q in dataset %s", id, st.svc.Snapshot.Version)
	}
	// the records as read carry no id (the dataset gives ids to merged
	// entities); answer each with its record id, as yente's referents
	records := []*entity.Entity{}
	for _, rec := range st.svc.Snapshot.Records(e.ID) {
		c := *rec
		if c.ID == "" && len(c.Sources) > 0 {
			c.ID = dataset.RecordID(c.Sources[0])
		}
		records = append(records, &c)
	}
	writeJSON(w, http.StatusOK, EntityResponse{ID: e.ID, Caption: e.Caption(), Schema: e.Schema, Datasets: e.Lists(),
		Properties: e.FtM(), Entity: e, Records: records, DatasetVersion: st.svc.Snapshot.Version})
	return nil
}
