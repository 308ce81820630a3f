package policy

// literalIndex finds every occurrence of many literals in one pass over a
// text (Aho-Corasick). Analyze uses it to find, for every rule, the
// sentences holding one of its required literals, before running the rule's
// regular expression on those sentences only.
type literalIndex struct {
	root  [256]int32 // transitions of the root state (0: stay at root)
	edges [][]acEdge // transitions of the other states, sorted by byte
	fail  []int32
	out   [][]int32 // groups with a literal ending in this state
}

type acEdge struct {
	b    byte
	next int32
}

func (x *literalIndex) child(s int32, b byte) int32 {
	if s == 0 {
		return x.root[b]
	}
	for _, e := range x.edges[s] {
		if e.b == b {
			return e.next
		}
	}
	return -1
}

// newLiteralIndex builds the automaton of groups of literals: a match of
// any literal of groups[k] reports k.
func newLiteralIndex(groups [][]string) *literalIndex {
	x := &literalIndex{edges: [][]acEdge{nil}, fail: []int32{0}, out: [][]int32{nil}}
	for id, lits := range groups {
		for _, lit := range lits {
			s := int32(0)
			for i := 0; i < len(lit); i++ {
				n := x.child(s, lit[i])
				if n <= 0 {
					n = int32(len(x.edges))
					x.edges = append(x.edges, nil)
					x.fail = append(x.fail, 0)
					x.out = append(x.out, nil)
					if s == 0 {
						x.root[lit[i]] = n
					} else {
						x.edges[s] = append(x.edges[s], acEdge{lit[i], n})
					}
				}
				s = n
			}
			if o := x.out[s]; len(o) == 0 || o[len(o)-1] != int32(id) {
				x.out[s] = append(x.out[s], int32(id))
			}
		}
	}
	// Breadth-first: fail links, and outputs inherited along them.
	var queue []int32
	for b := 0; b < 256; b++ {
		if n := x.root[b]; n > 0 {
			queue = append(queue, n)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, e := range x.edges[s] {
			f := x.fail[s]
			for {
				if n := x.child(f, e.b); n > 0 {
					x.fail[e.next] = n
					break
				}
				if f == 0 {
					break
				}
				f = x.fail[f]
			}
			x.out[e.next] = mergeIDs(x.out[e.next], x.out[x.fail[e.next]])
			queue = append(queue, e.next)
		}
	}
	return x
}

func mergeIDs(a, b []int32) []int32 {
	if len(b) == 0 {
		return a
	}
	seen := make(map[int32]bool, len(a))
	for _, v := range a {
		seen[v] = true
	}
	for _, v := range b {
		if !seen[v] {
			a = append(a, v)
		}
	}
	return a
}

// scan calls fn(group, offset) for every end offset of a literal in text.
func (x *literalIndex) scan(text string, fn func(group int32, end int)) {
	s := int32(0)
	for i := 0; i < len(text); i++ {
		b := text[i]
		for {
			if n := x.child(s, b); n > 0 {
				s = n
				break
			}
			if s == 0 {
				break
			}
			s = x.fail[s]
		}
		for _, r := range x.out[s] {
			fn(r, i)
		}
	}
}
