package batch

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
	"strings"

	"github.com/privaudit/privaudit/scope"
)

// Target is one line of a target list.
type Target struct {
	// Raw is the target as written (trimmed).
	Raw string
	// Line is its line number in the list, from 1.
	Line int
}

// maxLine is the longest line a target list may have.
const maxLine = 64 << 10

// ReadTargets reads a target list: one URL or host name per line; blank
// lines and lines starting with # are ignored, as is anything after " #"
// on a line. A target listed twice is audited once (the first line).
func ReadTargets(r io.Reader) ([]Target, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), maxLine)
	seen := map[string]bool{}
	var list []Target
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k := Key(line)
		if seen[k] {
			continue
		}
		seen[k] = true
		list = append(list, Target{Raw: line, Line: n})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the target list: %w", err)
	}
	return list, nil
}

// Key is the form of a target that identifies it in an output file: the
// URL ParseTarget makes of it ("example.org" and "https://example.org"
// are one target), or the trimmed text when it is not a valid target.
func Key(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := scope.ParseTarget(raw)
	if err != nil {
		return raw
	}
	u.Host = strings.ToLower(u.Host)
	if u.Path == "" {
		u.Path = "/"
	}
	u.Fragment = ""
	return u.String()
}

// origin is the scheme and host a target is audited at: two targets of
// one origin are never audited at once.
func origin(raw string) string {
	u, err := scope.ParseTarget(raw)
	if err != nil {
		return "invalid:" + raw
	}
	return strings.ToLower(u.Host)
}

// Shard is the I-th of N disjoint shares of a target list (I from 1 to N).
type Shard struct{ I, N int }

// ParseShard reads "I/N", with 1 <= I <= N.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("shard %q: give I/N with 1 <= I <= N, e.g. 2/4", s)
	}
	return Shard{I: i, N: n}, nil
}

// Has reports whether the target belongs to the shard: the FNV-1a hash of
// its Key, modulo N, is I-1. The share depends only on the target, not on
// the list's order or the other targets, so N machines running the same
// list each with their own I audit every target exactly once. The zero
// Shard has every target.
func (s Shard) Has(raw string) bool {
	if s.N <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(Key(raw)))
	return h.Sum64()%uint64(s.N) == uint64(s.I-1)
}

// Filter keeps the targets of the shard.
func (s Shard) Filter(list []Target) []Target {
	var out []Target
	for _, t := range list {
		if s.Has(t.Raw) {
			out = append(out, t)
		}
	}
	return out
}
