package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/embargo/embargo/store"
)

// TestReloadWhileScreening reloads the lists again and again while
// clients screen: every request is answered, on one version or the other,
// and a stream that started before a reload finishes on the version it
// started with. Run it with -race.
func TestReloadWhileScreening(t *testing.T) {
	e := newEnv(t, envOpt{})
	ctx := context.Background()
	key := e.key(store.RoleScreen)
	base := e.srv.Service().Snapshot.Version
	grownDir := listVariant(t, "grown")

	// a stream in flight across the reloads: its first lines are screened
	// before the first reload, the rest after
	pr, pw := io.Pipe()
	streamDone := make(chan []byte, 1)
	go func() {
		hr, _ := http.NewRequest("POST", e.ts.URL+"/v1/screen/batch", pr)
		hr.Header.Set("Content-Type", "application/x-ndjson")
		hr.Header.Set("Authorization", "Bearer "+key)
		res, err := e.ts.Client().Do(hr) // not the checking client, which reads the whole body first
		if err != nil {
			t.Error(err)
			streamDone <- nil
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		streamDone <- b
	}()
	writeLines := func(n int) {
		for i := range n {
			fmt.Fprintf(pw, `{"name":"Ivan Petrovich Testov","ref":"stream-%d"}`+"\n", i)
		}
	}
	records := func() int {
		rep, err := e.st.Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return rep.Records
	}
	writeLines(10)
	waitFor(t, "the stream's first lines to be recorded", func() bool { return records() >= 10 })

	// clients screening throughout
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var answered, other atomic.Int64
	versions := sync.Map{}
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := e.send(ctx, req{method: "POST", path: "/v1/screen", body: `{"name":"Ivan Petrovich Testov","dob":"1961"}`, key: key})
				if err != nil {
					t.Error(err)
					return
				}
				if res.status != 200 {
					other.Add(1)
					t.Errorf("during reloads: %s", res)
					continue
				}
				var out ScreenResponse
				json.Unmarshal(res.body, &out)
				if len(out.Hits) == 0 {
					t.Errorf("no hits on %s", out.DatasetVersion)
				}
				versions.Store(out.DatasetVersion, true)
				e.answered(out.ScreeningID, out.Hits)
				answered.Add(1)
			}
		}()
	}
	var grown string
	for i := range 10 {
		if i%2 == 0 {
			e.lists.use(grownDir)
		} else {
			e.lists.use("testdata/lists")
		}
		res, err := e.srv.Reload(ctx, false, "test")
		if err != nil || !res.Accepted {
			t.Fatalf("reload %d: %+v, %v", i, res, err)
		}
		if i == 0 {
			grown = res.DatasetVersion
			writeLines(10) // screened on the new version's server, but the stream keeps its own
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	pw.Close()
	out := <-streamDone

	if answered.Load() < 10 || other.Load() > 0 {
		t.Errorf("%d answered, %d not", answered.Load(), other.Load())
	}
	versions.Range(func(k, _ any) bool {
		if k != base && k != grown {
			t.Errorf("answered on version %v, neither %s nor %s", k, base, grown)
		}
		return true
	})
	// the stream: 20 lines, all on the version it started on
	e.newChecker().checkLines(t, "stream", out)
	if n := bytes.Count(out, []byte("\n")); n != 20 {
		t.Fatalf("stream answered %d lines, want 20:\n%s", n, out)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var rec store.Screening
		e.want(req{method: "GET", path: "/v1/screenings/" + mustField(t, l, "screening_id"), key: e.key(store.RoleReview)}, 200, "").decode(t, &rec)
		if rec.DatasetVersion != base {
			t.Errorf("a stream line was screened on %s, not on %s where the stream started", rec.DatasetVersion, base)
		}
	}
	e.answeredLines(out)
	checkAudit(t, e)
}
