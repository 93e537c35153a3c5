package index

import (
	"math/bits"
	"slices"
)

// delTable maps the hash of a word or of a one-letter deletion of it to
// the terms that have it. It is built once and only read, so it is laid
// out flat — an open-addressing table of hashes pointing into one array
// of term ids — rather than as a map of slices: no pointers for the
// garbage collector to trace (a map of slices costs it hundreds of
// thousands of objects on every cycle), and half the memory.
type delTable struct {
	keys []uint64 // slot → hash; meaningful only where n[slot] > 0
	off  []uint32 // slot → first id in ids
	n    []uint32 // slot → how many ids; 0 for an empty slot
	ids  []int32
	mask uint64
}

// delPair is one (hash, term) pair during the build.
type delPair struct {
	h  uint64
	id int32
}

func buildDelTable(pairs []delPair) delTable {
	slices.SortFunc(pairs, func(a, b delPair) int {
		switch {
		case a.h < b.h:
			return -1
		case a.h > b.h:
			return 1
		}
		return int(a.id - b.id)
	})
	pairs = slices.Compact(pairs)
	distinct := 0
	for i := range pairs {
		if i == 0 || pairs[i].h != pairs[i-1].h {
			distinct++
		}
	}
	size := uint64(1) << bits.Len64(uint64(2*distinct+1)) // load ≤ 0.5
	t := delTable{
		keys: make([]uint64, size), off: make([]uint32, size), n: make([]uint32, size),
		ids: make([]int32, len(pairs)), mask: size - 1,
	}
	for i := 0; i < len(pairs); {
		j := i
		for j < len(pairs) && pairs[j].h == pairs[i].h {
			t.ids[j] = pairs[j].id
			j++
		}
		s := pairs[i].h & t.mask
		for t.n[s] != 0 {
			s = (s + 1) & t.mask
		}
		t.keys[s], t.off[s], t.n[s] = pairs[i].h, uint32(i), uint32(j-i)
		i = j
	}
	return t
}

// get returns the terms with hash h, in increasing order; the slice is
// shared and must not be modified.
func (t *delTable) get(h uint64) []int32 {
	if len(t.keys) == 0 {
		return nil
	}
	for s := h & t.mask; t.n[s] != 0; s = (s + 1) & t.mask {
		if t.keys[s] == h {
			return t.ids[t.off[s] : t.off[s]+t.n[s] : t.off[s]+t.n[s]]
		}
	}
	return nil
}
