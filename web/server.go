// Package web serves embargo over HTTP: the native JSON API under /v1, a
// yente-compatible matching endpoint, health, readiness and Prometheus
// metrics, with API-key authentication, per-key rate limits, body limits,
// a hash-chained audit record of every screening written before the answer
// is sent, and zero-downtime list reloads guarded against broken updates.
//
// Handlers return errors; errors become JSON {"error":{"code","message"}}
// with a stable code, and internal detail goes to the log only.
package web

import (
	"cmp"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/embargo/embargo/dataset"
	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/store"
	"github.com/embargo/embargo/text"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Config tunes the server. Zero values take the defaults in Validate's
// documentation; only cli sets them from flags.
type Config struct {
	// NoAuth serves without API keys. Only allowed on a loopback address.
	NoAuth bool
	// RateLimit is requests per second per API key (per client address when
	// NoAuth); RateBurst the bucket size. 0 means the default; negative
	// disables the limit.
	RateLimit float64
	RateBurst float64
	// Body and batch limits.
	MaxBody      int64 // bytes for single requests; default 1 MiB
	MaxBatchBody int64 // bytes for a JSON batch; default 32 MiB
	MaxBatch     int   // parties in one JSON batch; default 1000
	MaxText      int64 // bytes for a document to POST /v1/text; default 10 MiB
	// Embargoes are the embargoed jurisdictions payments are checked
	// against; nil means screen.DefaultEmbargoes.
	Embargoes *screen.Embargoes
	// RequestTimeout bounds a request's work; default 30 s. Streams
	// (NDJSON batches) get StreamTimeout, default 30 min.
	RequestTimeout time.Duration
	StreamTimeout  time.Duration
	// KeyCacheTTL is how long an authenticated key is remembered: a revoked
	// key stops working within it. Default 10 s.
	KeyCacheTTL time.Duration
	// MaxDrop is the largest fall in a list's entity count a reload accepts
	// unforced; default dataset.DefaultMaxDrop (10%).
	MaxDrop float64
	// MaxInFlight bounds the screening requests served at once (every
	// endpoint that reads the lists; a stream counts as one). Past it a
	// request is refused at once with 503 overloaded and Retry-After,
	// rather than queueing behind thousands of others until every answer
	// is late. Default DefaultMaxInFlight; negative: no limit.
	MaxInFlight int
	// AccessLog logs every request (at 5,000 requests a second that is a
	// lot of log); errors and slow requests are always logged.
	AccessLog bool
	Screen    screen.Config
	Logger    *slog.Logger
	// Load reads the lists for the initial load and for every reload.
	Load func(ctx context.Context) (*dataset.Snapshot, error)
}

// Defaults.
const (
	DefaultRateLimit      = 20000
	DefaultMaxBody        = 1 << 20
	DefaultMaxBatchBody   = 32 << 20
	DefaultMaxBatch       = 1000
	DefaultRequestTimeout = 30 * time.Second
	DefaultStreamTimeout  = 30 * time.Minute
	DefaultKeyCacheTTL    = 10 * time.Second
	// DefaultMaxInFlight: at 6,000 screenings a second, 2,048 waiting
	// requests are a third of a second of work.
	DefaultMaxInFlight = 2048
)

func (c *Config) defaults() {
	c.RateLimit = cmp.Or(c.RateLimit, DefaultRateLimit)
	c.RateBurst = cmp.Or(c.RateBurst, 2*c.RateLimit)
	c.MaxBody = cmp.Or(c.MaxBody, DefaultMaxBody)
	c.MaxText = cmp.Or(c.MaxText, text.MaxBytes)
	c.MaxBatchBody = cmp.Or(c.MaxBatchBody, DefaultMaxBatchBody)
	c.MaxBatch = cmp.Or(c.MaxBatch, DefaultMaxBatch)
	c.RequestTimeout = cmp.Or(c.RequestTimeout, DefaultRequestTimeout)
	c.StreamTimeout = cmp.Or(c.StreamTimeout, DefaultStreamTimeout)
	c.KeyCacheTTL = cmp.Or(c.KeyCacheTTL, DefaultKeyCacheTTL)
	c.MaxDrop = cmp.Or(c.MaxDrop, dataset.DefaultMaxDrop)
	c.MaxInFlight = cmp.Or(c.MaxInFlight, DefaultMaxInFlight)
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Screen.Limit == 0 {
		c.Screen = screen.DefaultConfig()
	}
}

// Validate reports every problem at once.
func (c *Config) Validate() error {
	var errs []error
	if c.MaxBody < 1024 || c.MaxBatchBody < c.MaxBody {
		errs = append(errs, fmt.Errorf("web: MaxBody %d must be ≥ 1024 and ≤ MaxBatchBody %d", c.MaxBody, c.MaxBatchBody))
	}
	if c.MaxBatch < 1 || c.MaxBatch > 100000 {
		errs = append(errs, fmt.Errorf("web: MaxBatch %d out of range 1..100000", c.MaxBatch))
	}
	if c.MaxDrop < 0 || c.MaxDrop > 1 {
		errs = append(errs, fmt.Errorf("web: MaxDrop %v out of range 0..1", c.MaxDrop))
	}
	if c.Load == nil {
		errs = append(errs, errors.New("web: no Load function"))
	}
	if err := c.Screen.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// state is one loaded dataset with its service; requests take the current
// one when they start and finish on it even if a reload swaps it.
type state struct {
	svc          *screen.Service
	loaded       time.Time
	listVersions map[string]string
}

// Server is the HTTP service.
type Server struct {
	cfg     Config
	store   store.Store
	current atomic.Pointer[state]
	keys    keyCache
	limit   *limiter
	m       *metrics
	log     *slog.Logger
	handler http.Handler

	inFlight atomic.Int64 // screening requests being served (see MaxInFlight)

	reloadMu   sync.Mutex
	lastReload atomic.Pointer[ReloadResult]
	loadErr    atomic.Pointer[string]
}

// New returns a server; call Load (or Reload) to load lists, then serve
// Handler. st keeps keys and the audit trail.
func New(cfg Config, st store.Store) (*Server, error) {
	cfg.defaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, store: st, log: cfg.Logger,
		keys: keyCache{ttl: cfg.KeyCacheTTL, m: map[[32]byte]cachedKey{}}}
	if cfg.RateLimit > 0 {
		s.limit = &limiter{rate: cfg.RateLimit, burst: cfg.RateBurst, buckets: map[string]*bucket{}}
	}
	s.m = newMetrics(s)
	s.handler = s.routes()
	return s, nil
}

// Handler returns the HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Ready reports whether a dataset is loaded.
func (s *Server) Ready() bool { return s.current.Load() != nil }

// Service returns the current screening service, or nil before the first
// load.
func (s *Server) Service() *screen.Service {
	if st := s.current.Load(); st != nil {
		return st.svc
	}
	return nil
}

// Load performs the initial load; it is a reload that no guard can refuse
// since nothing is loaded yet.
func (s *Server) Load(ctx context.Context) error {
	res, err := s.Reload(ctx, false, "startup")
	if err != nil {
		msg := err.Error()
		s.loadErr.Store(&msg)
		return err
	}
	if !res.Accepted {
		return fmt.Errorf("web: initial load refused: %s", res.Reason)
	}
	return nil
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route describes how a handler is served.
type route struct {
	role   store.Role // "" for public endpoints
	data   bool       // needs a loaded dataset
	stream bool       // long-running: StreamTimeout instead of RequestTimeout
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	allowed := map[string][]string{} // path pattern → methods, for 405's Allow header
	handle := func(pattern string, rt route, h handlerFunc) {
		name := pattern
		if m, p, ok := strings.Cut(pattern, " "); ok {
			name = p
			allowed[p] = append(allowed[p], m)
			if m == http.MethodGet {
				allowed[p] = append(allowed[p], http.MethodHead)
			}
		}
		mux.Handle(pattern, s.wrap(name, rt, h))
	}
	pub, scr, rev := route{}, route{role: store.RoleScreen, data: true}, route{role: store.RoleReview}
	// a collector that fails must not take the other metrics with it (nor
	// answer a plain-text 500): it is logged and the rest is served
	metrics := promhttp.HandlerFor(s.m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError,
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelError)})
	handle("GET /healthz", pub, s.healthz)
	handle("GET /readyz", pub, s.readyz)
	handle("GET /openapi.json", pub, s.openapi)
	handle("GET /metrics", pub, func(w http.ResponseWriter, r *http.Request) error {
		metrics.ServeHTTP(w, r)
		return nil
	})
	handle("POST /v1/screen", scr, s.screenOne)
	handle("POST /v1/screen/batch", route{role: store.RoleScreen, data: true, stream: true}, s.screenBatch)
	handle("GET /v1/search", scr, s.search)
	handle("GET /v1/entities/{id}", scr, s.entity)
	handle("GET /v1/lists", route{role: store.RoleScreen}, s.lists)
	handle("POST /v1/lists/reload", route{role: store.RoleAdmin, stream: true}, s.reload)
	handle("GET /v1/screenings/{id}", rev, s.screening)
	handle("GET /v1/screenings", rev, s.screenings)
	handle("POST /match/{dataset}", scr, s.yenteMatch)
	for _, extra := range s.extraRoutes() {
		handle(extra.pattern, extra.route, extra.h)
	}
	// JSON answers for unknown paths and wrong methods
	handle("/", pub, func(w http.ResponseWriter, r *http.Request) error {
		return errf(http.StatusNotFound, CodeNotFound, "no such endpoint: %s %s", r.Method, r.URL.Path)
	})
	// every other method on a registered path: 405 with Allow
	for p, methods := range allowed {
		allow := strings.Join(methods, ", ")
		mux.Handle(p, s.wrap(p, pub, func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Allow", allow)
			return errf(http.StatusMethodNotAllowed, CodeMethodNotAllowed, "%s is not allowed on %s", r.Method, r.URL.Path)
		}))
	}
	return mux
}

// extraRoute is a route added by another file of this package (text and
// payment screening).
type extraRoute struct {
	pattern string
	route   route
	h       handlerFunc
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *Server) wrap(name string, rt route, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		start := time.Now()
		w := &statusWriter{ResponseWriter: rw}
		var key store.Key
		overloaded := false
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "route", name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if w.status == 0 {
					writeError(w, internal(fmt.Errorf("panic: %v", p)))
				}
			}
			code := strconv.Itoa(w.status)
			el := time.Since(start)
			s.m.requests.WithLabelValues(name, code).Inc()
			s.m.latency.WithLabelValues(name, code).Observe(el.Seconds())
			quiet := (rt.role == "" && w.status == http.StatusServiceUnavailable) || // /readyz before the lists are in
				overloaded // counted in the metrics; a line each would flood the log
			if s.cfg.AccessLog || (w.status >= 500 && !quiet) || el > 2*time.Second {
				lvl := slog.LevelInfo
				switch {
				case w.status == statusClientClosed:
				case w.status == http.StatusServiceUnavailable:
					lvl = slog.LevelWarn // not ready or timed out: expected under load or at start-up
				case w.status >= 500:
					lvl = slog.LevelError
				}
				s.log.Log(r.Context(), lvl, "request", "method", r.Method, "path", r.URL.Path, "route", name, "status", w.status,
					"duration_ms", float64(el.Microseconds())/1000, "bytes", w.bytes, "key", key.Name, "remote", r.RemoteAddr)
			}
		}()
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if s.cfg.NoAuth {
			w.Header().Set("X-Embargo-Warning", "authentication is disabled (--insecure-no-auth)")
		}
		err := func() error {
			if rt.role != "" && !s.cfg.NoAuth {
				k, aerr := s.authenticate(r)
				if aerr != nil {
					return aerr
				}
				if !k.Role.Allows(rt.role) {
					return errf(http.StatusForbidden, CodeForbidden, "this endpoint needs a key with role %s; this key has role %s", rt.role, k.Role)
				}
				key = k
				r = r.WithContext(context.WithValue(r.Context(), keyCtx, k))
			}
			if rt.role != "" {
				if ok, wait := s.limit.allow(limitKey(r), 1); !ok {
					return &apiError{Status: http.StatusTooManyRequests, Code: CodeRateLimited,
						Message: fmt.Sprintf("rate limit of %s requests a second exceeded", strconv.FormatFloat(s.cfg.RateLimit, 'f', -1, 64)), RetryAfter: wait}
				}
			}
			if rt.data && s.cfg.MaxInFlight > 0 {
				if s.inFlight.Add(1) > int64(s.cfg.MaxInFlight) {
					s.inFlight.Add(-1)
					overloaded = true
					return &apiError{Status: http.StatusServiceUnavailable, Code: CodeOverloaded, RetryAfter: time.Second,
						Message: fmt.Sprintf("the server is serving %d screening requests already; retry shortly", s.cfg.MaxInFlight)}
				}
				defer s.inFlight.Add(-1)
			}
			if rt.data && !s.Ready() {
				return &apiError{Status: http.StatusServiceUnavailable, Code: CodeNotReady, Message: "the lists are still loading", RetryAfter: 5 * time.Second}
			}
			timeout := s.cfg.RequestTimeout
			if rt.stream {
				timeout = s.cfg.StreamTimeout
			}
			ctx, cancel := context.WithTimeout(r.Context(), timeout)
			defer cancel()
			return h(w, r.WithContext(ctx))
		}()
		if err != nil {
			if errors.Is(r.Context().Err(), context.Canceled) {
				// the client went away: nobody to answer, nothing failed
				if w.status == 0 {
					w.status = statusClientClosed
				}
				return
			}
			ae := toAPIError(err)
			if errors.Is(err, context.DeadlineExceeded) {
				ae = errf(http.StatusServiceUnavailable, CodeTimeout, "the request took too long")
			}
			switch {
			case ae.Code == CodeNotReady || ae.Code == CodeOverloaded:
				// the access line says it (not ready) or the metrics count it
				// (overloaded: a line each would flood the log when it matters)
			case ae.Status == http.StatusServiceUnavailable:
				s.log.Warn("request failed", "route", name, "code", ae.Code, "err", ae.Error())
			case ae.Status >= 500:
				s.log.Error("request failed", "route", name, "code", ae.Code, "err", ae.Error())
			}
			if w.status == 0 {
				writeError(w, ae)
			}
		}
	})
}

// statusClientClosed is the status recorded (in metrics and the access
// log, never sent) for a request whose client disconnected before the
// answer: nginx's 499.
const statusClientClosed = 499

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

//go:embed openapi.json
var openapiDoc []byte

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(openapiDoc)
	return err
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	cur := s.current.Load()
	if cur == nil {
		msg := "the lists are still loading"
		if e := s.loadErr.Load(); e != nil {
			msg = "the lists could not be loaded; see the server log"
		}
		return &apiError{Status: http.StatusServiceUnavailable, Code: CodeNotReady, Message: msg, RetryAfter: 5 * time.Second}
	}
	if err := s.store.Ping(r.Context()); err != nil {
		return &apiError{Status: http.StatusServiceUnavailable, Code: CodeUnavailable, Message: "the audit store does not answer", Detail: err}
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "dataset_version": cur.svc.Snapshot.Version, "entities": cur.svc.Snapshot.Count()})
	return nil
}
