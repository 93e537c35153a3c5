package e2e

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/embargo/embargo/store/storetest"
)

// ciPostgres is where CI's machine runs PostgreSQL.
const ciPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// postgresBase is $EMBARGO_TEST_POSTGRES: without it PostgreSQL tests
// skip, except under CI=true, where they use ciPostgres (and fail if it
// does not answer).
func postgresBase(t *testing.T) string {
	t.Helper()
	u := os.Getenv("EMBARGO_TEST_POSTGRES")
	if u == "" {
		if os.Getenv("CI") != "true" {
			t.Skip("EMBARGO_TEST_POSTGRES is not set (e.g. " + ciPostgres + ")")
		}
		u = ciPostgres
	}
	return u
}

func TestCrashSQLite(t *testing.T) {
	need(t)
	testCrash(t, sqliteDB(t))
}

func TestCrashPostgres(t *testing.T) {
	need(t)
	testCrash(t, storetest.PostgresURL(t, postgresBase(t)))
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
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	for w := range 16 {
		wg.Go(func() {
			for i := w; ; i += 16 {
				body := `{"name":"` + names[i%len(names)] + `","ref":"crash"}`
				req, _ := http.NewRequest("POST", s.base+"/v1/screen", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+key)
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err != nil {
					if killed.Load() {
						return // the server is gone
					}
					failed.Add(1)
					continue
				}
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					if !killed.Load() {
						failed.Add(1)
					}
					continue
				}
				id := screeningID(b)
				if id == "" {
					t.Errorf("a 200 answer without a screening_id: %s", b)
					return
				}
				mu.Lock()
				answered = append(answered, id)
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

// screeningID finds "screening_id":"…" in an answer.
func screeningID(b []byte) string {
	const k = `"screening_id":"`
	i := bytes.Index(b, []byte(k))
	if i < 0 {
		return ""
	}
	b = b[i+len(k):]
	j := bytes.IndexByte(b, '"')
	if j < 0 {
		return ""
	}
	return string(b[:j])
}
