package main

import (
	"math/bits"
	"sync/atomic"
	"time"
)

// hist is a lock-free latency histogram: log-linear buckets over
// microseconds with 64 sub-buckets per power of two, so a reported
// percentile is at most 1.6% above the true value (below 128 µs it is
// exact to the microsecond). Record is safe for concurrent use.
type hist struct {
	counts [histBuckets]atomic.Uint64
	max    atomic.Int64 // nanoseconds
	n      atomic.Uint64
}

const (
	histSub     = 64                      // sub-buckets per power of two
	histLinear  = 2 * histSub             // values below this (µs) have their own bucket
	histBuckets = histLinear + 40*histSub // up to 2^46 µs, far beyond any timeout
)

// bucketOf returns the bucket of a value in microseconds.
func bucketOf(us uint64) int {
	if us < histLinear {
		return int(us)
	}
	e := bits.Len64(us) - 7 // us>>e is in [64, 128)
	i := histLinear + (e-1)*histSub + int(us>>uint(e)) - histSub
	return min(i, histBuckets-1)
}

// upperOf returns the largest value (µs) that falls in bucket i.
func upperOf(i int) uint64 {
	if i < histLinear {
		return uint64(i)
	}
	e := (i-histLinear)/histSub + 1
	m := uint64((i-histLinear)%histSub + histSub)
	return (m+1)<<uint(e) - 1
}

func (h *hist) record(d time.Duration) {
	if d < 0 {
		d = 0
	}
	h.counts[bucketOf(uint64(d/time.Microsecond))].Add(1)
	h.n.Add(1)
	for {
		m := h.max.Load()
		if int64(d) <= m || h.max.CompareAndSwap(m, int64(d)) {
			break
		}
	}
}

// snapshot is a frozen copy of a histogram.
type snapshot struct {
	counts [histBuckets]uint64
	n      uint64
	max    time.Duration
}

// take copies the histogram; with reset it also empties it (for interval
// figures; a record landing between two buckets' swaps is counted in one
// interval or the next, never lost).
func (h *hist) take(reset bool) *snapshot {
	s := &snapshot{}
	for i := range h.counts {
		if reset {
			s.counts[i] = h.counts[i].Swap(0)
		} else {
			s.counts[i] = h.counts[i].Load()
		}
		s.n += s.counts[i]
	}
	if reset {
		h.n.Store(0)
		s.max = time.Duration(h.max.Swap(0))
	} else {
		s.max = time.Duration(h.max.Load())
	}
	return s
}

// quantile returns the q-quantile (0..1), rounded up to its bucket's upper
// bound; the exact maximum for q = 1.
func (s *snapshot) quantile(q float64) time.Duration {
	if s.n == 0 {
		return 0
	}
	if q >= 1 {
		return s.max
	}
	rank := uint64(q*float64(s.n)) + 1 // the rank-th smallest value, 1-based
	rank = min(rank, s.n)
	var cum uint64
	for i, c := range s.counts {
		cum += c
		if cum >= rank {
			d := time.Duration(upperOf(i)+1) * time.Microsecond
			return min(d, s.max)
		}
	}
	return s.max
}
