package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/embargo/embargo/store/storetest"
)

func TestCrashSQLite(t *testing.T) {
	need(t)
	testCrash(t, sqliteDB(t))
}

func TestCrashPostgres(t *testing.T) {
	need(t)
	testCrash(t, storetest.PostgresURL(t, storetest.PostgresBase(t)))
}

// testCrash screens under load from 16 clients, SIGKILLs the server in
// the middle, restarts it on the same database, and checks that the audit
// chain verifies and holds every screening that was answered 200 — the
// server answers only after the record is committed, so none may be lost.
func testCrash(t *testing.T, db string) {
	data, _ := dataDir(t, currentUN(t), false)
	key, _ := newKey(t, db, "admin")
	s := startServer(t, serverOpts{data: data, db: db})

	names := []string{"Vladimir Putin", "Владимир Путин", "John Smith", "Bank Melli Iran", "Kim Jong Un", "Jean Dupont",
		"Tijani Ibrahim Moussa Mohamed", "王秀英", "Acme Trading LLC", nobody}
	var (
		mu       sync.Mutex
		answered []string
		failed   atomic.Int64 // non-200 answers before the kill
		killed   atomic.Bool
		wg       sync.WaitGroup
	)
	for w := range 16 {
		wg.Go(func() {
			for i := w; ; i += 16 {
				r, err := s.try("POST", "/v1/screen", key, `{"name":"`+names[i%len(names)]+`","ref":"crash"}`)
				if err != nil || r.status != http.StatusOK {
					if killed.Load() {
						return // the server is gone
					}
					failed.Add(1)
					continue
				}
				var a struct {
					ScreeningID string `json:"screening_id"`
				}
				if err := json.Unmarshal(r.body, &a); err != nil || a.ScreeningID == "" {
					t.Errorf("a 200 answer without a screening_id: %s", r)
					return
				}
				mu.Lock()
				answered = append(answered, a.ScreeningID)
				mu.Unlock()
			}
		})
	}
	// let the load run, then kill the server in the middle of it
	deadline := time.Now().Add(30 * time.Second)
	time.Sleep(2 * time.Second)
	for {
		mu.Lock()
		n := len(answered)
		mu.Unlock()
		if n >= 500 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	killed.Store(true)
	s.kill()
	wg.Wait()
	if n := failed.Load(); n > 0 {
		t.Errorf("%d screenings failed before the kill", n)
	}
	if len(answered) < 100 {
		t.Fatalf("only %d screenings answered under load", len(answered))
	}
	t.Logf("%d screenings answered before SIGKILL", len(answered))

	// restart on the same database: the chain verifies and has them all
	s2 := startServer(t, serverOpts{data: data, db: db})
	verifyAudit(t, db)
	recorded := map[string]bool{}
	for _, id := range exportIDs(t, db) {
		recorded[id] = true
	}
	var lost []string
	for _, id := range answered {
		if !recorded[id] {
			lost = append(lost, id)
		}
	}
	if len(lost) > 0 {
		t.Fatalf("%d of %d answered screenings are missing from the audit trail after the crash, e.g. %v",
			len(lost), len(answered), lost[:min(5, len(lost))])
	}
	// the restarted server serves them, and the chain goes on
	for _, id := range []string{answered[0], answered[len(answered)/2], answered[len(answered)-1]} {
		rec := decode[screening](t, s2.do(t, "GET", "/v1/screenings/"+id, key, nil))
		if rec.ID != id || !bytes.Contains(rec.Request, []byte("crash")) {
			t.Errorf("GET /v1/screenings/%s after the restart: %+v", id, rec)
		}
	}
	s2.screen(t, key, map[string]any{"name": "Vladimir Putin"})
	verifyAudit(t, db)
}
