package index

import (
	"encoding/binary"
	"hash/maphash"
	"sync"

	"github.com/embargo/embargo/names"
)

// tokenCache remembers the vocabulary matches of query words. Customer
// names repeat their words (Mohammed, Maria, Trading) far more than they
// repeat whole names, and matching one word against the vocabulary —
// exact forms, equivalents, the edit-distance table, skeletons — is a
// quarter of a screening. An entry depends only on the word's analysis
// and the index, so it never goes stale: a reload builds a new index and
// a new cache. Bounded: a full shard is emptied and refilled.
type tokenCache struct {
	seed   maphash.Seed
	shards [tokenCacheShards]tokenShard
}

const (
	tokenCacheShards   = 16
	tokenCachePerShard = 4096 // 64k words in all, a few MB
)

type tokenShard struct {
	mu sync.Mutex
	m  map[string][]TermMatch
}

func newTokenCache() *tokenCache {
	return &tokenCache{seed: maphash.MakeSeed()}
}

// tokenKey encodes every field of t that matchToken reads, and the mode.
func tokenKey(buf []byte, t *names.Token, fuzzy bool) []byte {
	flags := byte(0)
	if fuzzy {
		flags |= 1
	}
	if t.Abjad {
		flags |= 2
	}
	if t.NoFuzzy {
		flags |= 4
	}
	buf = append(buf, byte(t.Kind), flags)
	buf = binary.LittleEndian.AppendUint32(buf, t.Sym)
	buf = appendField(buf, t.Text)
	buf = appendField(buf, t.Skel)
	for _, f := range t.Forms {
		buf = appendField(buf, f)
	}
	return buf
}

func appendField(buf []byte, s string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}

func (c *tokenCache) shard(key []byte) *tokenShard {
	return &c.shards[maphash.Bytes(c.seed, key)%tokenCacheShards]
}

func (c *tokenCache) get(key []byte) ([]TermMatch, bool) {
	sh := c.shard(key)
	sh.mu.Lock()
	ms, ok := sh.m[string(key)]
	sh.mu.Unlock()
	return ms, ok
}

func (c *tokenCache) put(key []byte, ms []TermMatch) {
	sh := c.shard(key)
	sh.mu.Lock()
	if sh.m == nil || len(sh.m) >= tokenCachePerShard {
		sh.m = make(map[string][]TermMatch, 256)
	}
	sh.m[string(key)] = ms
	sh.mu.Unlock()
}

// cachedMatches is matchToken, sorted, through the cache. The slice is
// shared: callers must not modify it.
func (ix *Index) cachedMatches(t *names.Token, fuzzy bool) []TermMatch {
	if ix.tokens == nil {
		ms := ix.matchToken(t, fuzzy)
		sortTermMatches(ms)
		return ms
	}
	var arr [128]byte
	key := tokenKey(arr[:0], t, fuzzy)
	if ms, ok := ix.tokens.get(key); ok {
		return ms
	}
	ms := ix.matchToken(t, fuzzy)
	sortTermMatches(ms)
	ms = ms[:len(ms):len(ms)] // an append by a caller copies
	ix.tokens.put(key, ms)
	return ms
}
