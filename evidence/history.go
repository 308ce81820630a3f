package evidence

import (
	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/policytext"
)

// PolicyHistory compares the privacy policy an audit read with the newest
// version a history store kept of the same site's policy (--store). It is
// judged on the normalised text (package policytext): dates, nonces,
// session IDs, query strings, white space and markup that change on every
// request are not changes.
type PolicyHistory struct {
	// Stored is true when the store held a version of the site's policy
	// before this audit (Previous is set); false on the first stored audit
	// of it.
	Stored bool
	// Previous is that version and when it was seen (nil when none was
	// stored).
	Previous *policytext.Previous
	// Current is the version this audit read: nil when it read no privacy
	// policy (none found, not answering, interrupted before the policies
	// were fetched) or read it in part (Truncated).
	Current *policytext.Version
	// Truncated is true when the policy or one of its parts was cut at
	// --max-body-size: the text read is not the policy's, and is not
	// compared.
	Truncated bool
	// Changed is true when both versions are known and their hashes differ:
	// the policy says something else. Edits are then the sentences added
	// and removed, in reading order.
	Changed bool
	Edits   []policytext.Edit
}

// Counts returns the number of sentences added and removed.
func (h *PolicyHistory) Counts() (added, removed int) {
	if h == nil {
		return 0, 0
	}
	return policytext.Count(h.Edits)
}

// ComparePolicy compares the privacy policy of the site's evidence with
// prev, the newest version a history store kept of it (nil: none). It
// performs no I/O: the runner reads the store and keeps Current in it.
func ComparePolicy(s *Site, prev *policytext.Previous) *PolicyHistory {
	if prev != nil && prev.Version == nil {
		prev = nil
	}
	h := &PolicyHistory{Stored: prev != nil, Previous: prev}
	h.Current, h.Truncated = policyVersion(s)
	if h.Stored && h.Current != nil && h.Current.Hash != prev.Version.Hash {
		h.Changed = true
		h.Edits = policytext.Diff(prev.Version, h.Current)
	}
	return h
}

// policyVersion returns the version of the privacy policy the evidence
// read, with its chapters: nil when it read none, or read it in part
// (truncated true).
func policyVersion(s *Site) (v *policytext.Version, truncated bool) {
	d := s.PrivacyPolicy
	if !s.Has(KindPolicy) || !d.OK() {
		return nil, false
	}
	for _, u := range append([]string{d.URL}, d.Parts...) {
		if doc := s.Crawl.Document(u); doc != nil && doc.Truncated {
			return nil, true
		}
	}
	docs := append([]*policy.Document{d.Document}, d.PartsDocs...)
	return policytext.New(d.URL, docs, s.Policy), false
}
