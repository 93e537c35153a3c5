package web

import (
	"context"
	"crypto/sha256"
	"errors"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/embargo/embargo/store"
)

type ctxKey int

const keyCtx ctxKey = 1

// keyFrom returns the API key a request was authenticated with (zero when
// authentication is off).
func keyFrom(ctx context.Context) store.Key {
	k, _ := ctx.Value(keyCtx).(store.Key)
	return k
}

// keyCache remembers recent authentications so that a busy client does
// not cost a database query per request. Entries live for ttl, so a
// revoked key stops working within ttl.
type keyCache struct {
	mu  sync.Mutex
	ttl time.Duration
	m   map[[32]byte]cachedKey
}

type cachedKey struct {
	key     store.Key
	ok      bool
	expires time.Time
}

func (c *keyCache) get(secret string) (cachedKey, bool) {
	h := sha256.Sum256([]byte(secret))
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[h]
	if !ok || time.Now().After(e.expires) {
		return cachedKey{}, false
	}
	return e, true
}

func (c *keyCache) put(secret string, k store.Key, ok bool) {
	h := sha256.Sum256([]byte(secret))
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) > 10000 { // bounded: unknown keys must not grow it without end
		for x := range c.m {
			delete(c.m, x)
			if len(c.m) < 5000 {
				break
			}
		}
	}
	c.m[h] = cachedKey{key: k, ok: ok, expires: time.Now().Add(c.ttl)}
}

// authenticate resolves the Bearer key of a request.
func (s *Server) authenticate(r *http.Request) (store.Key, *apiError) {
	h := r.Header.Get("Authorization")
	scheme, secret, found := strings.Cut(h, " ")
	if h == "" || !found || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
		return store.Key{}, &apiError{Status: http.StatusUnauthorized, Code: CodeUnauthorized,
			Message: "send an API key as Authorization: Bearer <key>"}
	}
	secret = strings.TrimSpace(secret)
	if len(secret) > 256 {
		return store.Key{}, errf(http.StatusUnauthorized, CodeUnauthorized, "invalid API key")
	}
	if e, ok := s.keys.get(secret); ok {
		if !e.ok {
			return store.Key{}, errf(http.StatusUnauthorized, CodeUnauthorized, "invalid API key")
		}
		return e.key, nil
	}
	k, err := s.store.Authenticate(r.Context(), secret)
	switch {
	case errors.Is(err, store.ErrUnauthorized):
		s.keys.put(secret, store.Key{}, false)
		return store.Key{}, errf(http.StatusUnauthorized, CodeUnauthorized, "invalid API key")
	case err != nil:
		// the store is down: the client may retry, and no key is cached as bad
		return store.Key{}, &apiError{Status: http.StatusServiceUnavailable, Code: CodeUnavailable,
			Message: "API keys cannot be checked now", Detail: err, RetryAfter: time.Second}
	}
	s.keys.put(secret, k, true)
	return k, nil
}

// limitKey is whose rate a request counts against: its API key, or its
// client address when authentication is off.
func limitKey(r *http.Request) string {
	if k := keyFrom(r.Context()); k.ID != "" {
		return k.ID
	}
	return clientIP(r)
}

// limiter is a token bucket per API key.
type limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second; 0 disables
	burst   float64
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// allow takes a token for key; when none is left it returns how long to
// wait for one.
func (l *limiter) allow(key string, n float64) (bool, time.Duration) {
	if l == nil || l.rate <= 0 {
		return true, 0
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= n {
		b.tokens -= n
		return true, 0
	}
	wait := time.Duration((n - b.tokens) / l.rate * float64(time.Second))
	return false, wait
}
