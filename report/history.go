package report

import "time"

// PolicyChange says how the privacy policy changed since the previous
// version a history store kept of the site's policy. It is present only when
// the normalised text changed: rotating dates, nonces, session IDs, query
// strings, whitespace and markup are not changes.
type PolicyChange struct {
	// Previous is the version compared with: when the audit that read it
	// started, and its hash; Hash is the hash of this audit's version.
	Previous PolicyVersionRef `json:"previous"`
	Hash     string           `json:"hash"`
	// AspectsGained and AspectsLost are the aspects the new text covers
	// that the old did not, and the reverse.
	AspectsGained []string `json:"aspectsGained"`
	AspectsLost   []string `json:"aspectsLost"`
	// LastUpdatedBefore and LastUpdatedAfter are the "last updated" dates
	// the two versions state ("" when one states none).
	LastUpdatedBefore string `json:"lastUpdatedBefore"`
	LastUpdatedAfter  string `json:"lastUpdatedAfter"`
	// SentencesAdded and SentencesRemoved count the sentences of the new
	// text that the old lacks, and the reverse.
	SentencesAdded   int `json:"sentencesAdded"`
	SentencesRemoved int `json:"sentencesRemoved"`
	// Diff lists the added and removed sentences in reading order, up to
	// MaxPolicyDiff of them; DiffTruncated is true when there were more.
	Diff          []DiffSentence `json:"diff"`
	DiffTruncated bool           `json:"diffTruncated,omitempty"`
}

// MaxPolicyDiff caps the sentences a report's policy diff lists.
const MaxPolicyDiff = 40

// PolicyVersionRef names a stored version of a policy.
type PolicyVersionRef struct {
	// Date is when the audit that read the version started (RFC 3339).
	Date time.Time `json:"date"`
	Hash string    `json:"hash"`
}

// DiffSentence is one sentence of a policy diff: Op is "added" or
// "removed".
type DiffSentence struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// HistorySummary is what a history store knew of the site's earlier audits
// when the report was made (--store): the newest last, up to MaxHistory.
type HistorySummary struct {
	Audits []HistoryPoint `json:"audits"`
}

// MaxHistory caps the earlier audits a report's history lists.
const MaxHistory = 30

// HistoryPoint is one earlier audit of the site.
type HistoryPoint struct {
	StartedAt time.Time `json:"startedAt"`
	Score     float64   `json:"score"`
	Grade     string    `json:"grade"`
	Complete  bool      `json:"complete"`
	// GatePassed is the gate's verdict, null when it was not evaluated.
	GatePassed *bool `json:"gatePassed"`
}
