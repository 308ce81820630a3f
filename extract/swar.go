package extract

import (
	"encoding/binary"
	"math/bits"
)

// Byte classes counted eight bytes at a time (SWAR): the text of a page is
// read byte by byte in the walk (hasSignal) and in quietBlock, which made
// them a tenth of Extract's time.

const (
	lanes  = 0x0101010101010101
	highs  = 0x8080808080808080
	low7s  = 0x7f7f7f7f7f7f7f7f
	wordSz = 8
)

// inRange returns a word with the high bit of each byte of x that is
// between lo and hi (both ASCII, lo <= hi) set, and no other bit.
func inRange(x uint64, lo, hi byte) uint64 {
	y := x & low7s
	ge := (y + lanes*uint64(0x80-lo)) & highs  // y >= lo
	le := ^(y + lanes*uint64(0x7f-hi)) & highs // y <= hi
	return ge & le &^ x
}

// hasSignal reports whether s holds an '@' or an ASCII digit: every
// contact pattern needs one.
func hasSignal(s string) bool {
	i := 0
	for ; i+wordSz <= len(s); i += wordSz {
		x := binary.LittleEndian.Uint64([]byte(s[i : i+wordSz]))
		if inRange(x, '0', '9')|inRange(x, '@', '@') != 0 {
			return true
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c == '@' || c-'0' <= 9 {
			return true
		}
	}
	return false
}

// countText returns the number of ASCII digits in s and the number of its
// bytes that clean may drop: ASCII white space, commas and the bytes of
// other characters (some of which are white space).
func countText(s string) (digits, drop int) {
	i := 0
	for ; i+wordSz <= len(s); i += wordSz {
		x := binary.LittleEndian.Uint64([]byte(s[i : i+wordSz]))
		digits += bits.OnesCount64(inRange(x, '0', '9'))
		drop += bits.OnesCount64(inRange(x, '\t', '\r') | inRange(x, ' ', ' ') | inRange(x, ',', ',') | x&highs)
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c-'0' <= 9 {
			digits++
		}
		if c == ',' || c >= 0x80 || isASCIISpace(c) {
			drop++
		}
	}
	return digits, drop
}
