package index

import (
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/embargo/embargo/names"
)

// The cache must answer exactly what matching the word afresh answers, in
// both modes, and a shared entry must survive the lookups that use it.
func TestTokenCache(t *testing.T) {
	ix := build(t, "Vladimir PUTIN", "Mohammed ATTA", "Abdulrahman KHALID", "Xiuying WANG", "محمد جواد", "Yuri GAGARIN", "Haled OMAR")
	queries := []string{"Vladimir Putin", "Путин", "puitn", "muhammad atta", "Mohammad", "Xiu Ying", "iurii", "王秀英", "محمد", "Al Rawi"}
	for _, fuzzy := range []bool{true, false} {
		for _, q := range queries {
			n := names.Analyze(q, names.HintPerson)
			for i := range n.Tokens {
				tok := &n.Tokens[i]
				want := ix.matchToken(tok, fuzzy)
				sortTermMatches(want)
				for round := 0; round < 2; round++ { // a miss, then a hit
					if got := ix.cachedMatches(tok, fuzzy); !reflect.DeepEqual(got, want) && (len(got) != 0 || len(want) != 0) {
						t.Errorf("%q token %d fuzzy=%v round %d: %v, want %v", q, i, fuzzy, round, got, want)
					}
				}
			}
		}
	}
	// whole lookups agree with an index without the cache
	plain := build(t, "Vladimir PUTIN", "Mohammed ATTA", "Abdulrahman KHALID", "Xiuying WANG", "محمد جواد", "Yuri GAGARIN", "Haled OMAR")
	plain.tokens = nil
	for _, q := range queries {
		n := names.Analyze(q, names.HintPerson)
		a, b := ix.Lookup(&n), plain.Lookup(&n)
		if !reflect.DeepEqual(a.Terms, b.Terms) || !reflect.DeepEqual(a.Weight, b.Weight) {
			t.Errorf("%q: cached lookup %+v, plain %+v", q, a, b)
		}
	}
	// the mode is part of the key
	n := names.Analyze("puitn", names.HintPerson)
	if ms := ix.cachedMatches(&n.Tokens[0], false); len(ms) != 0 {
		t.Errorf("exact lookup of a typo served the fuzzy entry: %v", ms)
	}
}

func TestTokenCacheBoundedAndConcurrent(t *testing.T) {
	ix := build(t, "Vladimir PUTIN", "Mohammed ATTA")
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 3*tokenCachePerShard*tokenCacheShards/4; i++ {
				n := names.Analyze(fmt.Sprintf("putin%d", i), names.HintPerson)
				ix.Lookup(&n)
			}
		}()
	}
	wg.Wait()
	for i := range ix.tokens.shards {
		if l := len(ix.tokens.shards[i].m); l > tokenCachePerShard {
			t.Errorf("shard %d holds %d entries, more than %d", i, l, tokenCachePerShard)
		}
	}
}
