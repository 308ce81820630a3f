package store

import (
	"time"
)

// Audit is one stored audit: the columns of table audits.
type Audit struct {
	ID          int64     `json:"id"`
	Site        string    `json:"site"`
	Origin      string    `json:"origin"`
	Target      string    `json:"target"`
	StartedAt   time.Time `json:"startedAt"`
	DurationMS  int64     `json:"durationMs"`
	ToolVersion string    `json:"toolVersion"`
	Mode        string    `json:"mode"`
	Score       float64   `json:"score"`
	Grade       string    `json:"grade"`
	Complete    bool      `json:"complete"`
	// Error is the report's error: the site could not be audited.
	Error string `json:"error,omitempty"`
	// GatePassed is the gate's verdict, nil when it was not evaluated.
	GatePassed *bool `json:"gatePassed"`
	// Findings counts the audit's findings (suppressed ones not counted);
	// New those whose fingerprint the site's previous audit (not an
	// error audit) lacked, Fixed the previous audit's findings that are
	// gone (both 0 for a site's first audit and for an error audit).
	Findings int `json:"findings"`
	New      int `json:"new"`
	Fixed    int `json:"fixed"`
	// PolicyHash is the hash of the policy version read ("" when none was
	// read); PolicyChanged is true when it differs from the site's
	// previous stored version (of an audit that is not an error audit);
	// PolicyLastUpdated is the date it states.
	PolicyHash        string `json:"policyHash,omitempty"`
	PolicyChanged     bool   `json:"policyChanged"`
	PolicyLastUpdated string `json:"policyLastUpdated,omitempty"`
}

// Site is a site of the store with its latest audit and its recent scores.
type Site struct {
	Site   string `json:"site"`
	Audits int    `json:"audits"`
	Latest Audit  `json:"latest"`
	// Scores are the scores of its last audits, oldest first, but those
	// that could not reach the site (error set).
	Scores []float64 `json:"scores"`
}

// CheckSeries is one check's results over a site's audits, oldest first.
type CheckSeries struct {
	CheckID string       `json:"checkId"`
	Points  []CheckPoint `json:"points"`
}

// CheckPoint is one check's result in one audit. Score is from 0 to 1, nil
// when the check was not scored (not applicable, informative, error).
type CheckPoint struct {
	AuditID   int64     `json:"auditId"`
	StartedAt time.Time `json:"startedAt"`
	Status    string    `json:"status"`
	Score     *float64  `json:"score"`
}

// Finding is a stored finding: the columns of table findings.
type Finding struct {
	CheckID     string `json:"checkId"`
	Fingerprint string `json:"fingerprint"`
	Severity    string `json:"severity"`
	URL         string `json:"url"`
	Subject     string `json:"subject,omitempty"`
	Message     string `json:"message"`
}

// Changes is what changed between an audit and the site's audit before it.
type Changes struct {
	// Previous is the audit compared with (nil for the site's first).
	Previous *Audit `json:"previous"`
	// NewFindings and FixedFindings are the findings that appeared and
	// went away.
	NewFindings   []Finding `json:"newFindings"`
	FixedFindings []Finding `json:"fixedFindings"`
	// Cookies (as NAME@DOMAIN) and third-party hosts that appeared and went
	// away.
	CookiesAdded        []string `json:"cookiesAdded"`
	CookiesRemoved      []string `json:"cookiesRemoved"`
	ThirdPartiesAdded   []string `json:"thirdPartiesAdded"`
	ThirdPartiesRemoved []string `json:"thirdPartiesRemoved"`
}

// PolicyVersion is one version of a site's policy over its audits.
type PolicyVersion struct {
	Hash string `json:"hash"`
	// FirstSeen and LastSeen are when the first and the last audit that
	// read this version (in a row) started; FirstAuditID is the first.
	FirstSeen    time.Time `json:"firstSeen"`
	LastSeen     time.Time `json:"lastSeen"`
	FirstAuditID int64     `json:"firstAuditId"`
	Audits       int       `json:"audits"`
	// LastUpdated is the date the version states, when first seen.
	LastUpdated string   `json:"lastUpdated"`
	URL         string   `json:"url"`
	Language    string   `json:"language"`
	Words       int      `json:"words"`
	Aspects     []string `json:"aspects"`
	// AspectsGained and AspectsLost compare with the version before it.
	AspectsGained []string `json:"aspectsGained"`
	AspectsLost   []string `json:"aspectsLost"`
}
