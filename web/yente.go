package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strconv"

	"github.com/embargo/embargo/dataset"
	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/match"
	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/store"
)

// The yente-compatible matching API: POST /match/{dataset} takes yente's
// request body and answers in yente's response shape, so that clients of
// OpenSanctions' yente (transaction-monitoring tools, scripts) work
// unchanged, without Elasticsearch.

// YenteExample is one query: a FollowTheMoney-style entity.
type YenteExample struct {
	ID         string                     `json:"id,omitempty"`
	Schema     string                     `json:"schema"`
	Properties map[string]json.RawMessage `json:"properties"`
}

// YenteMatchRequest is yente's EntityMatchQuery, plus the threshold,
// limit and algorithm that yente otherwise takes as query parameters.
type YenteMatchRequest struct {
	Queries   map[string]YenteExample `json:"queries"`
	Weights   map[string]float64      `json:"weights,omitempty"` // accepted, not used
	Config    map[string]any          `json:"config,omitempty"`  // accepted, not used
	Threshold *float64                `json:"threshold,omitempty"`
	Cutoff    *float64                `json:"cutoff,omitempty"`
	Limit     *int                    `json:"limit,omitempty"`
	Algorithm string                  `json:"algorithm,omitempty"`
}

// YenteResult is yente's ScoredEntityResponse.
type YenteResult struct {
	ID           string                      `json:"id"`
	Caption      string                      `json:"caption"`
	Schema       string                      `json:"schema"`
	Properties   map[string][]string         `json:"properties"`
	Datasets     []string                    `json:"datasets"`
	Referents    []string                    `json:"referents"`
	Target       bool                        `json:"target"`
	FirstSeen    *string                     `json:"first_seen"`
	LastSeen     *string                     `json:"last_seen"`
	LastChange   *string                     `json:"last_change"`
	Score        float64                     `json:"score"`
	Features     map[string]float64          `json:"features"`
	Match        bool                        `json:"match"`
	Explanations map[string]YenteExplanation `json:"explanations"`
}

// YenteExplanation explains one feature.
type YenteExplanation struct {
	Score  float64 `json:"score"`
	Detail string  `json:"detail"`
}

// YenteTotal is yente's TotalSpec.
type YenteTotal struct {
	Value    int    `json:"value"`
	Relation string `json:"relation"`
}

// YenteMatches is one query's answer.
type YenteMatches struct {
	Status      int           `json:"status"`
	Results     []YenteResult `json:"results"`
	Total       YenteTotal    `json:"total"`
	Query       YenteExample  `json:"query"`
	ScreeningID string        `json:"screening_id,omitempty"` // embargo's audit record
	Error       string        `json:"error,omitempty"`
}

// YenteFeatureDoc documents a feature in the "matcher" block.
type YenteFeatureDoc struct {
	Description string  `json:"description"`
	Coefficient float64 `json:"coefficient"`
	URL         string  `json:"url"`
}

// YenteMatchResponse is yente's EntityMatchResponse.
type YenteMatchResponse struct {
	Responses map[string]YenteMatches    `json:"responses"`
	Matcher   map[string]YenteFeatureDoc `json:"matcher"`
	Limit     int                        `json:"limit"`
}

var yenteFeatures = map[string]string{
	"name":         "Similarity of the best-matching names, word by word, weighted by word rarity (embargo name matching)",
	"alias_kind":   "Adjustment for a match on a weak alias or a former name",
	"birth_date":   "Agreement or conflict of birth dates",
	"country":      "Agreement or conflict of countries (nationality, citizenship, residence, jurisdiction)",
	"gender":       "Conflict of gender",
	"schema":       "A person against an organisation, or an organisation against a vessel",
	"identifier":   "Exact match of an identifier (passport, national id, IMO, BIC, crypto address …)",
	"legal_form":   "Different organisation legal forms",
	"numbers":      "Numbers in the names that differ",
	"word_order":   "Names matched in a different word order",
	"common_words": "Guards against matches resting on common or generic words",
	"ofac_name":    "OFAC FAQ 249 scoring (Jaro-Winkler and Soundex), when algorithm=ofac",
}

// yenteProps reads FtM properties whose values may be strings or lists.
func yenteProps(raw map[string]json.RawMessage) (map[string][]string, string) {
	out := map[string][]string{}
	for k, v := range raw {
		var list []any
		if err := json.Unmarshal(v, &list); err != nil {
			var one any
			if err := json.Unmarshal(v, &one); err != nil {
				return nil, "properties." + k + ": not JSON"
			}
			list = []any{one}
		}
		for _, x := range list {
			switch t := x.(type) {
			case string:
				out[k] = append(out[k], t)
			case float64:
				out[k] = append(out[k], strconv.FormatFloat(t, 'f', -1, 64))
			case nil:
			default:
				// nested entities (yente allows them) contribute their names
				if m, ok := t.(map[string]any); ok {
					if props, ok := m["properties"].(map[string]any); ok {
						if names, ok := props["name"].([]any); ok {
							for _, n := range names {
								if s, ok := n.(string); ok {
									out[k] = append(out[k], s)
								}
							}
						}
					}
					continue
				}
				return nil, "properties." + k + ": want strings"
			}
		}
	}
	return out, ""
}

func (s *Server) yenteMatch(w http.ResponseWriter, r *http.Request) error {
	var q YenteMatchRequest
	if err := decodeJSON(w, r, s.cfg.MaxBatchBody, &q, false); err != nil {
		return err
	}
	if len(q.Queries) == 0 {
		return errf(http.StatusBadRequest, CodeBadRequest, "queries: at least one query is required")
	}
	if len(q.Queries) > s.cfg.MaxBatch {
		return errf(http.StatusRequestEntityTooLarge, CodeTooLarge, "queries: %d queries, at most %d per call", len(q.Queries), s.cfg.MaxBatch)
	}
	// like a JSON batch, a query costs a token of the key's rate
	if ok, wait := s.limit.allow(limitKey(r), float64(len(q.Queries)-1)); !ok {
		return &apiError{Status: http.StatusTooManyRequests, Code: CodeRateLimited, Message: "rate limit exceeded by these queries", RetryAfter: wait}
	}
	st := s.current.Load()
	// the dataset: a list id, or a scope meaning everything
	var include []string
	switch ds := r.PathValue("dataset"); ds {
	case "default", "sanctions", "all", "embargo":
	default:
		if st.svc.Snapshot.List(ds) == nil {
			return errf(http.StatusNotFound, CodeNotFound, "no dataset %q (use default, or a list id)", ds)
		}
		include = []string{ds}
	}
	v := r.URL.Query()
	threshold, limit, cutoff := 0.0, 5, 0.0
	num := func(name string, ptr *float64, p *float64) error {
		if x := v.Get(name); x != "" {
			f, err := strconv.ParseFloat(x, 64)
			if err != nil || f < 0 || f > 1 {
				return errf(http.StatusBadRequest, CodeBadRequest, "%s %q: want a number from 0 to 1", name, x)
			}
			*p = f
		} else if ptr != nil {
			if *ptr < 0 || *ptr > 1 {
				return errf(http.StatusBadRequest, CodeBadRequest, "%s: want a number from 0 to 1", name)
			}
			*p = *ptr
		}
		return nil
	}
	if err := num("threshold", q.Threshold, &threshold); err != nil {
		return err
	}
	if err := num("cutoff", q.Cutoff, &cutoff); err != nil {
		return err
	}
	if x := v.Get("limit"); x != "" {
		n, err := strconv.Atoi(x)
		if err != nil || n < 1 || n > 500 {
			return errf(http.StatusBadRequest, CodeBadRequest, "limit %q: want 1 to 500", x)
		}
		limit = n
	} else if q.Limit != nil {
		if *q.Limit < 1 || *q.Limit > 500 {
			return errf(http.StatusBadRequest, CodeBadRequest, "limit %d: want 1 to 500", *q.Limit)
		}
		limit = *q.Limit
	}
	alg := q.Algorithm
	if x := v.Get("algorithm"); x != "" {
		alg = x
	}
	if _, ok := screen.Algorithms[alg]; !ok {
		alg = "" // yente's own algorithm names (logic-v2, name-based …) map to embargo's matcher
	}
	exclude := v["exclude_entity_ids"]
	excludeLists := v["exclude_dataset"]
	var excludeSchemas []entity.Schema
	for _, x := range v["exclude_schema"] {
		sch, ok := entity.ParseSchema(x)
		if !ok {
			continue // yente knows more schemas (Address, Security …) than embargo lists
		}
		excludeSchemas = append(excludeSchemas, sch)
	}
	include = append(include, v["include_dataset"]...)
	if err := checkLists(st, include, excludeLists); err != nil {
		return err
	}

	out := YenteMatchResponse{Responses: map[string]YenteMatches{}, Matcher: map[string]YenteFeatureDoc{}, Limit: limit}
	for f, d := range yenteFeatures {
		out.Matcher[f] = YenteFeatureDoc{Description: d, Coefficient: 1, URL: "https://github.com/embargo/embargo#how-matching-works"}
	}
	keys := make([]string, 0, len(q.Queries))
	for k := range q.Queries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var recs []*store.Screening
	var at []string // the query key of each of recs
	for _, k := range keys {
		ex := q.Queries[k]
		m := YenteMatches{Status: http.StatusOK, Results: []YenteResult{}, Total: YenteTotal{Relation: "eq"}, Query: ex}
		props, bad := yenteProps(ex.Properties)
		var res *screen.Result
		var p screen.Party
		var req screen.Request
		var err error
		if bad != "" {
			err = errf(http.StatusBadRequest, CodeBadRequest, "%s", bad)
		} else {
			p = screen.PartyFromFtM(ex.Schema, props)
			if p.Schema == "Thing" { // yente's any-schema: embargo's none
				p.Schema = ""
			}
			var mq match.Query
			mq, err = p.Query()
			if err == nil {
				req = screen.Request{Query: mq, Threshold: threshold, Limit: limit, Algorithm: alg,
					IncludeLists: include, ExcludeLists: excludeLists, ExcludeIDs: exclude}
				if len(excludeSchemas) > 0 {
					req.Limit = st.svc.Config().MaxLimit // filtered below, then cut to limit
				}
				res, err = st.svc.Screen(req)
				if err == nil && len(excludeSchemas) > 0 {
					res.Hits = slices.DeleteFunc(res.Hits, func(h screen.Hit) bool { return slices.Contains(excludeSchemas, h.Schema) })
					res.Hits = res.Hits[:min(limit, len(res.Hits))]
				}
			}
		}
		if err != nil {
			ae := toAPIError(err)
			if ae.Status >= 500 {
				return ae
			}
			m.Status, m.Error = ae.Status, ae.Message
			out.Responses[k] = m
			continue
		}
		// hits under the cutoff are not answered, so not recorded either
		res.Hits = slices.DeleteFunc(res.Hits, func(h screen.Hit) bool { return h.Score < cutoff })
		for _, h := range res.Hits {
			yr := YenteResult{ID: h.ID, Caption: h.Caption, Schema: string(h.Schema), Properties: h.Entity.FtM(), Datasets: h.Datasets,
				Referents: []string{}, Target: true, Score: h.Score, Match: h.Match, Features: map[string]float64{}, Explanations: map[string]YenteExplanation{}}
			for _, rs := range h.Entity.Sources {
				if id := dataset.RecordID(rs); id != h.ID && !slices.Contains(yr.Referents, id) {
					yr.Referents = append(yr.Referents, id)
				}
			}
			for _, reason := range h.Reasons {
				yr.Features[reason.Feature] += reason.Effect
				ex := yr.Explanations[reason.Feature]
				ex.Score += reason.Effect
				d := reason.Detail
				if reason.Feature == "name" && reason.Listed != "" {
					d = "against \"" + reason.Listed + "\""
				}
				if ex.Detail != "" {
					d = ex.Detail + "; " + d
				}
				ex.Detail = d
				yr.Explanations[reason.Feature] = ex
			}
			m.Results = append(m.Results, yr)
		}
		m.Total.Value = len(m.Results)
		req.Limit = limit
		recs, at = append(recs, s.recordRequest(r, "/match/"+r.PathValue("dataset"), st, auditOptions(p, k, req), res)), append(at, k)
		out.Responses[k] = m
	}
	if err := s.audit(r.Context(), recs...); err != nil {
		return err
	}
	for j, rec := range recs {
		m := out.Responses[at[j]]
		m.ScreeningID = rec.ID
		out.Responses[at[j]] = m
		s.count("/match", rec.Matches > 0)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
