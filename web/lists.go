package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/embargo/embargo/dataset"
	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/store"
)

// ListEntry is one loaded list in GET /v1/lists.
type ListEntry struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Format    string    `json:"format"`
	Version   string    `json:"version"` // the list's publication date, else its hash prefix
	Published string    `json:"published,omitempty"`
	SHA256    string    `json:"sha256"`
	Entities  int       `json:"entities"`
	Files     []string  `json:"files"` // base names
	LoadedAt  time.Time `json:"loaded_at"`
}

// ListsResponse answers GET /v1/lists.
type ListsResponse struct {
	Lists          []ListEntry     `json:"lists"`
	DatasetVersion string          `json:"dataset_version"`
	Entities       int             `json:"entities"` // after merging
	LoadedAt       time.Time       `json:"loaded_at"`
	LastReload     *ReloadResult   `json:"last_reload,omitempty"`
	Reloads        []store.Reload  `json:"reloads"` // the latest attempts, refused ones included, newest first
	Versions       screen.Versions `json:"versions"`
}

// ReloadResult answers POST /v1/lists/reload.
type ReloadResult struct {
	Accepted       bool                 `json:"accepted"`
	Forced         bool                 `json:"forced,omitempty"`
	Reason         string               `json:"reason,omitempty"` // why it was refused or forced
	DatasetVersion string               `json:"dataset_version"`  // now serving
	Candidate      string               `json:"candidate_version,omitempty"`
	Changes        []dataset.ListChange `json:"changes,omitempty"`
	Took           string               `json:"took"`
	Time           time.Time            `json:"time"`
}

func (s *Server) lists(w http.ResponseWriter, r *http.Request) error {
	st := s.current.Load()
	if st == nil {
		return &apiError{Status: http.StatusServiceUnavailable, Code: CodeNotReady, Message: "the lists are still loading", RetryAfter: 5 * time.Second}
	}
	out := ListsResponse{Lists: []ListEntry{}, DatasetVersion: st.svc.Snapshot.Version, Entities: st.svc.Snapshot.Count(), LoadedAt: st.loaded,
		LastReload: s.lastReload.Load(), Versions: screen.CurrentVersions()}
	for _, l := range st.svc.Snapshot.Lists {
		e := ListEntry{ID: l.ID, Title: l.Title, Format: l.Format, Published: l.Published, SHA256: l.SHA256, Entities: l.Records, LoadedAt: st.loaded}
		e.Version = l.Published
		if e.Version == "" {
			e.Version = "sha256:" + l.SHA256[:min(12, len(l.SHA256))]
		}
		e.Files = []string{}
		for _, f := range l.Files {
			e.Files = append(e.Files, filepath.Base(strings.ReplaceAll(f, "!", string(filepath.Separator))))
		}
		out.Lists = append(out.Lists, e)
	}
	reloads, err := s.store.Reloads(r.Context(), 10)
	if err != nil {
		return internal(err)
	}
	out.Reloads = reloads
	if out.Reloads == nil {
		out.Reloads = []store.Reload{}
	}
	// why a reload failed names files and paths on the server: for admin
	// keys (and an unauthenticated development server) only
	if k := keyFrom(r.Context()); !s.cfg.NoAuth && !k.Role.Allows(store.RoleAdmin) {
		const hidden = "(details for admin keys)"
		if out.LastReload != nil && out.LastReload.Reason != "" {
			lr := *out.LastReload
			lr.Reason = hidden
			out.LastReload = &lr
		}
		for i := range out.Reloads {
			if out.Reloads[i].Reason != "" {
				out.Reloads[i].Reason = hidden
			}
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// ReloadRequest is the body of POST /v1/lists/reload.
type ReloadRequest struct {
	// Force accepts a new version even if a list fell by more than the
	// allowed share or disappeared. A list that does not parse is never
	// accepted.
	Force bool `json:"force"`
}

func (s *Server) reload(w http.ResponseWriter, r *http.Request) error {
	var q ReloadRequest
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, 4096, &q, true); err != nil {
			return err
		}
	}
	by := keyFrom(r.Context()).Name
	if by == "" {
		by = "api"
	}
	res, err := s.Reload(r.Context(), q.Force, by)
	if err != nil {
		return err
	}
	if !res.Accepted {
		writeJSON(w, http.StatusConflict, struct {
			Error  ErrorInfo     `json:"error"`
			Reload *ReloadResult `json:"reload"`
		}{ErrorInfo{Code: CodeRefused, Message: "reload refused, the current lists keep serving: " + res.Reason}, res})
		return nil
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// Reload loads the lists again and, if they pass the checks (they parse;
// no list disappears or loses more than MaxDrop of its entities, unless
// force), swaps them in. Requests in flight finish on the old lists. Every
// attempt is logged, counted in metrics and recorded in the store.
func (s *Server) Reload(ctx context.Context, force bool, by string) (*ReloadResult, error) {
	if !s.reloadMu.TryLock() {
		return nil, errf(http.StatusConflict, CodeConflict, "a reload is already running")
	}
	defer s.reloadMu.Unlock()
	start := time.Now()
	old := s.current.Load()
	res := &ReloadResult{Time: start.UTC()}
	if old != nil {
		res.DatasetVersion = old.svc.Snapshot.Version
	}
	finish := func(result string, lists any) (*ReloadResult, error) {
		res.Took = time.Since(start).Round(time.Millisecond).String()
		s.m.reloads.WithLabelValues(result).Inc()
		b, _ := json.Marshal(lists)
		ev := store.Reload{Time: res.Time, Accepted: res.Accepted, Forced: res.Forced, DatasetVersion: res.Candidate, Reason: res.Reason, Lists: b, By: by}
		if err := s.store.RecordReload(context.WithoutCancel(ctx), ev); err != nil {
			s.log.Error("recording a reload", "err", err)
		}
		lvl := s.log.Info
		if !res.Accepted {
			lvl = s.log.Warn
		}
		lvl("list reload", "result", result, "accepted", res.Accepted, "forced", res.Forced, "reason", res.Reason,
			"serving", res.DatasetVersion, "candidate", res.Candidate, "took", res.Took, "by", by)
		s.lastReload.Store(res)
		return res, nil
	}
	snap, err := s.cfg.Load(ctx)
	if err != nil {
		res.Reason = "the lists could not be loaded: " + err.Error()
		return finish("failed", nil)
	}
	res.Candidate = snap.Version
	var oldSnap *dataset.Snapshot
	if old != nil {
		oldSnap = old.svc.Snapshot
	}
	changes := dataset.Diff(oldSnap, snap)
	res.Changes = summarise(changes)
	if old != nil {
		if problems := dataset.Check(changes, s.cfg.MaxDrop); len(problems) > 0 {
			res.Reason = strings.Join(problems, "; ")
			if !force {
				return finish("refused", res.Changes)
			}
			res.Forced = true
		}
	}
	svc, err := screen.New(snap, s.cfg.Screen)
	if err != nil {
		res.Reason = fmt.Sprintf("indexing failed: %v", err)
		return finish("failed", res.Changes)
	}
	s.current.Store(&state{svc: svc, loaded: time.Now().UTC(), listVersions: snap.ListVersions()})
	s.m.ready.Set(1)
	res.Accepted = true
	res.DatasetVersion = snap.Version
	result := "accepted"
	if res.Forced {
		result = "forced"
	}
	return finish(result, res.Changes)
}

// summarise keeps the diff small enough for responses and the store: the
// first 20 added and removed record ids per list.
func summarise(cs []dataset.ListChange) []dataset.ListChange {
	out := make([]dataset.ListChange, len(cs))
	for i, c := range cs {
		if len(c.Added) > 20 {
			c.Added = append(c.Added[:20:20], fmt.Sprintf("… %d more", len(c.Added)-20))
		}
		if len(c.Removed) > 20 {
			c.Removed = append(c.Removed[:20:20], fmt.Sprintf("… %d more", len(c.Removed)-20))
		}
		out[i] = c
	}
	return out
}
