package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/scope"
)

// BaselineSummary compares a report with a baseline report.
type BaselineSummary struct {
	// Path is the baseline report's file.
	Path string `json:"path"`
	// New counts findings not in the baseline; Unchanged those that are;
	// Fixed those of the baseline that are gone.
	New       int `json:"new"`
	Unchanged int `json:"unchanged"`
	Fixed     int `json:"fixed"`
	// ScoreBefore is the baseline's score.
	ScoreBefore float64 `json:"scoreBefore"`
}

// Read reads a JSON report written by privaudit.
func Read(path string) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading report: %w", err)
	}
	defer f.Close()
	r, err := Decode(f)
	if err != nil {
		return nil, fmt.Errorf("reading report %s: %w", path, err)
	}
	return r, nil
}

// Decode reads a JSON report. It accepts reports of the same major schema
// version.
func Decode(rd io.Reader) (*Report, error) {
	var r Report
	dec := json.NewDecoder(rd)
	if err := dec.Decode(&r); err != nil {
		return nil, textutil.JSONError(err, "a privaudit JSON report (privaudit audit -f json)")
	}
	if r.SchemaVersion == "" {
		return nil, errors.New("not a privaudit JSON report: no schemaVersion")
	}
	if major(r.SchemaVersion) != major(SchemaVersion) {
		return nil, fmt.Errorf("report schema %s is not compatible with %s", r.SchemaVersion, SchemaVersion)
	}
	return &r, nil
}

func major(v string) string {
	v = strings.TrimPrefix(v, "v")
	m, _, _ := strings.Cut(v, ".")
	return m
}

// AllFindings returns every finding of the report's checks.
func (r *Report) AllFindings() []Finding {
	var out []Finding
	for _, c := range r.Checks {
		out = append(out, c.Findings...)
	}
	return out
}

// ApplyBaseline marks each finding "new" or "unchanged" by its fingerprint
// in the baseline report and records the comparison in r.Baseline. A
// finding suppressed in either report is matched too.
func (r *Report) ApplyBaseline(base *Report, path string) {
	known := map[string]bool{}
	for _, f := range base.AllFindings() {
		known[f.Fingerprint] = true
	}
	for _, s := range base.Suppressed {
		known[s.Fingerprint] = true
	}
	sum := &BaselineSummary{Path: path, ScoreBefore: base.Score}
	current := map[string]bool{}
	for i := range r.Checks {
		for j := range r.Checks[i].Findings {
			f := &r.Checks[i].Findings[j]
			current[f.Fingerprint] = true
			if known[f.Fingerprint] {
				f.BaselineState = "unchanged"
				sum.Unchanged++
			} else {
				f.BaselineState = "new"
				sum.New++
			}
		}
	}
	for _, s := range r.Suppressed {
		current[s.Fingerprint] = true
	}
	for fp := range known {
		if !current[fp] {
			sum.Fixed++
		}
	}
	r.Baseline = sum
}

// SameSite reports whether two reports audit the same site, so that one can
// serve as the other's baseline: fingerprints are relative to the origin's
// host, so findings of two different sites can share one ("privacy-link"
// on "/" of each). Hosts are compared without case, port or a leading
// "www.".
func SameSite(a, b *Report) bool { return SameHost(siteOf(a), siteOf(b)) }

// SameHost reports whether two URLs or origins name the same site: the
// same scope.SiteKey (the host without case, scheme, port or leading
// "www."), the key a history store keeps a site's audits under.
func SameHost(a, b string) bool {
	ha, hb := scope.SiteKey(a), scope.SiteKey(b)
	return ha != "" && ha == hb
}

func siteOf(r *Report) string {
	if r.Origin != "" {
		return r.Origin
	}
	return r.Target
}

// OriginMismatch says that a baseline (or the old report of a diff) is of
// another site, and how to compare anyway.
func OriginMismatch(base, cur string) error {
	return fmt.Errorf("the baseline is a report of %s, not of %s: fingerprints are unique per origin, so its findings would match by chance (--baseline-any-origin compares anyway)", scope.SiteKey(base), scope.SiteKey(cur))
}
