package store

import (
	"crypto/rand"
	"encoding/binary"
	"time"
)

// crockford is Crockford's base32 alphabet, as ULIDs use it: it sorts in
// byte order, so IDs sort by time.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// idGen makes ULID-like IDs: 26 characters encoding 48 bits of Unix
// milliseconds and 80 bits that are random for the first ID of a
// millisecond and incremented for the next ones, so IDs from one
// generator strictly increase. Not safe for concurrent use: the writer
// goroutine owns one.
type idGen struct {
	ms   uint64
	hi   uint16 // top 16 of the 80 bits
	lo   uint64 // bottom 64
	rand func([]byte)
}

func newIDGen() *idGen {
	return &idGen{rand: func(b []byte) { _, _ = rand.Read(b) }}
}

// next returns the ID for time t (never less than the last one).
func (g *idGen) next(t time.Time) string {
	ms := uint64(t.UnixMilli())
	if ms <= g.ms {
		// Same millisecond, or the clock went back: keep order by counting up.
		g.lo++
		if g.lo == 0 {
			g.hi++
			if g.hi == 0 { // 2^80 IDs in one millisecond: move on a millisecond
				g.ms++
			}
		}
	} else {
		var b [10]byte
		g.rand(b[:])
		g.ms = ms
		g.hi = binary.BigEndian.Uint16(b[:2]) & 0x7fff // headroom so increments rarely carry into ms
		g.lo = binary.BigEndian.Uint64(b[2:])
	}
	return encodeULID(g.ms, g.hi, g.lo)
}

// encodeULID writes 128 bits (48 ms, 16 hi, 64 lo) as 26 base32 digits.
func encodeULID(ms uint64, hi uint16, lo uint64) string {
	var out [26]byte
	// 130 bits of output for 128 bits of input: the top digit holds 3 bits.
	// Walk from the least significant digit.
	w0 := lo                                   // bits 0..63
	w1 := uint64(hi) | (ms&0xffffffffffff)<<16 // bits 64..127
	for i := 25; i >= 0; i-- {
		out[i] = crockford[w0&31]
		w0 = w0>>5 | (w1&31)<<59
		w1 >>= 5
	}
	return string(out[:])
}

// randomID returns a fresh ID outside any sequence (for keys).
func randomID(t time.Time) string { return newIDGen().next(t) }
