package extract

import (
	"strings"
	"testing"
)

func hasSignalReference(s string) bool { return strings.ContainsAny(s, "@0123456789") }

func countTextReference(s string) (digits, drop int) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if '0' <= c && c <= '9' {
			digits++
		}
		if c == ',' || c >= 0x80 || c == ' ' || '\t' <= c && c <= '\r' {
			drop++
		}
	}
	return digits, drop
}

func checkSWAR(t *testing.T, s string) {
	if got, want := hasSignal(s), hasSignalReference(s); got != want {
		t.Errorf("hasSignal(%q) = %v, want %v", s, got, want)
	}
	d, dr := countText(s)
	wd, wdr := countTextReference(s)
	if d != wd || dr != wdr {
		t.Errorf("countText(%q) = %d, %d, want %d, %d", s, d, dr, wd, wdr)
	}
}

func TestSWAR(t *testing.T) {
	var all strings.Builder
	for c := 0; c < 256; c++ {
		all.WriteByte(byte(c))
		for _, pad := range []string{"", "x", "xxxxxxx", "xxxxxxxx", "\xff\xff\xff"} {
			checkSWAR(t, pad+string([]byte{byte(c)})+pad)
		}
	}
	checkSWAR(t, all.String())
	checkSWAR(t, "")
	checkSWAR(t, "plain prose, with commas\tand\nlines, but no signal at all.")
}

func FuzzSWAR(f *testing.F) {
	f.Add("Tel. 030 1234567, a@b.de ä\u00a0x")
	f.Fuzz(checkSWAR)
}
