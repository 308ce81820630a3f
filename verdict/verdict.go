// Package verdict holds the two words every stage after the checks shares:
// the status of a check's result and the severity of a finding. It is a
// leaf, so that checks, scoring, the report model and its renderers agree
// on them without importing each other.
package verdict

// Status is the outcome of a check.
type Status string

// Statuses.
const (
	// Pass, Warn and Fail judge what the check verifies.
	Pass Status = "pass"
	Warn Status = "warn"
	Fail Status = "fail"
	// NotApplicable means there was nothing to judge (no cookies were set),
	// or this mode cannot gather what the check needs ("needs --browser").
	NotApplicable Status = "not-applicable"
	// Informative is the result of a check shown without being scored
	// (weight 0).
	Informative Status = "informative"
	// Error means what the check needs could not be gathered, or the check
	// itself failed.
	Error Status = "error"
)

// Statuses lists every status, for documentation and schemas.
var Statuses = []Status{Pass, Warn, Fail, NotApplicable, Informative, Error}

// Scored reports whether a result of this status counts in the score and
// has a score worth showing.
func (s Status) Scored() bool {
	return s == Pass || s == Warn || s == Fail
}

// Failing reports whether the status names a problem (warn or fail).
func (s Status) Failing() bool { return s == Warn || s == Fail }

// Severity ranks findings.
type Severity string

// Severities, from least to most severe.
const (
	Info     Severity = "info"
	Low      Severity = "low"
	Medium   Severity = "medium"
	High     Severity = "high"
	Critical Severity = "critical"
)

// Severities lists the severities from least to most severe.
var Severities = []Severity{Info, Low, Medium, High, Critical}

// Rank orders severities: info 0 ... critical 4, unknown -1.
func (s Severity) Rank() int {
	for i, v := range Severities {
		if v == s {
			return i
		}
	}
	return -1
}

// Clamp bounds a score to [0, 1].
func Clamp(score float64) float64 { return min(max(score, 0), 1) }
