package index

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The flat table answers what a map of slices answers, including for
// hashes that share a slot and for hashes it does not hold.
func TestDelTable(t *testing.T) {
	if got := (&delTable{}).get(42); got != nil {
		t.Errorf("empty table: %v", got)
	}
	r := rand.New(rand.NewPCG(1, 2))
	want := map[uint64][]int32{}
	var pairs []delPair
	for i := 0; i < 20000; i++ {
		h := r.Uint64N(5000) << 40 // low bits equal: these all start in slot 0
		if i%3 == 0 {
			h = r.Uint64()
		}
		id := int32(r.IntN(3000))
		pairs = append(pairs, delPair{h, id}, delPair{h, id}) // duplicates are dropped
		if !slices.Contains(want[h], id) {
			want[h] = append(want[h], id)
		}
	}
	tab := buildDelTable(pairs)
	for h, ids := range want {
		slices.Sort(ids)
		if got := tab.get(h); !slices.Equal(got, ids) {
			t.Fatalf("get(%x) = %v, want %v", h, got, ids)
		}
	}
	for i := 0; i < 1000; i++ {
		h := r.Uint64()
		if _, ok := want[h]; !ok && tab.get(h) != nil {
			t.Fatalf("get(%x) of an absent hash = %v", h, tab.get(h))
		}
	}
}
