package screen

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/embargo/embargo/match"
)

// sortFound is a total order: however the mentions arrive (they come out
// of maps), they leave in one order, the longer of two equal matches of
// one entity first.
func TestSortFoundTotal(t *testing.T) {
	f := func(score float64, ent int32, from, to int) found {
		return found{sp: span{from, to}, ent: ent, hit: match.Hit{Score: score}}
	}
	want := []found{
		f(0.9, 1, 0, 2), // best score
		f(0.8, 1, 3, 6), // equal score and entity: the longer span first
		f(0.8, 1, 4, 5),
		f(0.8, 1, 7, 8), // same length: by position
		f(0.8, 2, 0, 0),
	}
	r := rand.New(rand.NewPCG(1, 1))
	for range 50 {
		got := slices.Clone(want)
		r.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
		sortFound(got)
		for i := range got {
			if got[i].sp != want[i].sp || got[i].ent != want[i].ent || got[i].hit.Score != want[i].hit.Score {
				t.Fatalf("order %d: %+v, want %+v", i, got[i].sp, want[i].sp)
			}
		}
	}
}
