package index

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// topK keeps exactly the k best candidates a full sort puts first, with
// many equal covers (ties are broken by name id).
func TestTopK(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := 0; round < 200; round++ {
		n := 1 + r.IntN(400)
		c := make([]Candidate, n)
		for i := range c {
			c[i] = Candidate{Name: int32(i), Cover: float32(r.IntN(8)) / 8}
		}
		r.Shuffle(n, func(i, j int) { c[i], c[j] = c[j], c[i] })
		k := 1 + r.IntN(n)
		want := slices.Clone(c)
		slices.SortFunc(want, better)
		got := topK(c, k, better)
		if len(got) != k {
			t.Fatalf("n=%d k=%d: %d kept", n, k, len(got))
		}
		slices.SortFunc(got, better)
		if !slices.Equal(got, want[:k]) {
			t.Fatalf("n=%d k=%d: kept %v, want %v", n, k, got, want[:k])
		}
	}
}
