package policytext

import (
	"slices"

	"github.com/pmezard/go-difflib/difflib"
)

// Ops of an Edit.
const (
	Added   = "added"
	Removed = "removed"
)

// Edit is a sentence one version has and the other lacks: Op is Added (the
// newer version has it) or Removed (the older one had it).
type Edit struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// Diff returns the sentences added and removed from prev to cur, in
// reading order: where a run of sentences was replaced, the removed ones,
// then the added ones. Sentences are compared case-folded, as the hash
// folds them; an edit's text is as its version has it. A nil version has
// no sentences. Versions with the same hash have no edits.
func Diff(prev, cur *Version) []Edit {
	var a, b []string
	if prev != nil {
		a = prev.Sentences
	}
	if cur != nil {
		b = cur.Sentences
	}
	// No automatic junk: a sentence that recurs (a heading repeated in
	// each chapter) is text like any other.
	m := difflib.NewMatcherWithJunk(fold(a), fold(b), false, nil)
	var out []Edit
	for _, op := range m.GetOpCodes() {
		if op.Tag == 'r' || op.Tag == 'd' {
			for _, s := range a[op.I1:op.I2] {
				out = append(out, Edit{Op: Removed, Text: s})
			}
		}
		if op.Tag == 'r' || op.Tag == 'i' {
			for _, s := range b[op.J1:op.J2] {
				out = append(out, Edit{Op: Added, Text: s})
			}
		}
	}
	return out
}

// Count returns the number of added and removed sentences of edits.
func Count(edits []Edit) (added, removed int) {
	for _, e := range edits {
		switch e.Op {
		case Added:
			added++
		case Removed:
			removed++
		}
	}
	return added, removed
}

// AspectsDelta returns the aspects cur covers that prev did not (gained)
// and those prev covered that cur does not (lost), sorted. A nil version
// covers none.
func AspectsDelta(prev, cur *Version) (gained, lost []string) {
	var before, after []string
	if prev != nil {
		before = prev.Aspects
	}
	if cur != nil {
		after = cur.Aspects
	}
	for _, id := range after {
		if !slices.Contains(before, id) {
			gained = append(gained, id)
		}
	}
	for _, id := range before {
		if !slices.Contains(after, id) {
			lost = append(lost, id)
		}
	}
	slices.Sort(gained)
	slices.Sort(lost)
	return gained, lost
}
