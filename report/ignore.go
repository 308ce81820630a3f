package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

var unknownIgnoreKey = regexp.MustCompile(`field (\S+) not found in type \S+`)

// IgnoreFileName is the ignore file looked for in the working directory.
const IgnoreFileName = ".privauditignore.yaml"

// IgnoreFile is the content of .privauditignore.yaml.
type IgnoreFile struct {
	Version int           `yaml:"version"`
	Ignore  []IgnoreEntry `yaml:"ignore"`
	path    string
}

// IgnoreEntry suppresses findings: by fingerprint, or by check ID and URL
// patterns. Every entry gives a reason; an entry past its expiry date stops
// applying.
type IgnoreEntry struct {
	Fingerprint string `yaml:"fingerprint,omitempty"`
	Check       string `yaml:"check,omitempty"`
	// URLs are glob patterns (path.Match syntax, with "*" also matching
	// "/" at the end) matched against the finding's URL and its path
	// relative to the site.
	URLs    []string `yaml:"urls,omitempty"`
	Reason  string   `yaml:"reason"`
	Expires string   `yaml:"expires,omitempty"`
	line    int
	expires time.Time
}

// SuppressedFinding is a finding that an ignore entry suppressed.
type SuppressedFinding struct {
	Finding
	Reason  string `json:"reason"`
	Expires string `json:"expires,omitempty"`
}

// LoadIgnoreFile reads an ignore file. A missing file is not an error when
// optional is true (it then returns nil). checkIDs are the known check IDs:
// an entry naming another check is an error.
func LoadIgnoreFile(p string, optional bool, checkIDs []string) (*IgnoreFile, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		if optional && errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("ignore file: %w", err)
	}
	f, err := ParseIgnoreFile(b, checkIDs)
	if err != nil {
		return nil, fmt.Errorf("ignore file %s%w", p, err)
	}
	f.path = p
	return f, nil
}

// ParseIgnoreFile parses and validates ignore-file YAML; checkIDs are the
// known check IDs.
func ParseIgnoreFile(b []byte, checkIDs []string) (*IgnoreFile, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf(": %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var f IgnoreFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		msg := strings.ReplaceAll(strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n  "), "\n  ", "; ")
		msg = unknownIgnoreKey.ReplaceAllString(msg, `unknown key "$1"`)
		msg = strings.Replace(msg, "line ", "", 1)
		return nil, fmt.Errorf(":%s", msg)
	}
	// Lines of the entries, for error messages.
	var items []*yaml.Node
	if len(root.Content) > 0 && root.Content[0].Kind == yaml.MappingNode {
		m := root.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == "ignore" {
				items = m.Content[i+1].Content
			}
		}
	}
	if f.Version != 0 && f.Version != 1 {
		return nil, fmt.Errorf(": version must be 1")
	}
	for i := range f.Ignore {
		e := &f.Ignore[i]
		if i < len(items) {
			e.line = items[i].Line
		}
		where := fmt.Sprintf(":%d", e.line)
		if e.Fingerprint == "" && e.Check == "" {
			return nil, fmt.Errorf("%s: an entry needs a fingerprint, or a check (with optional urls)", where)
		}
		if e.Check != "" && !slices.Contains(checkIDs, e.Check) {
			return nil, fmt.Errorf("%s: unknown check %q (run `privaudit checks` for the list)", where, e.Check)
		}
		if strings.TrimSpace(e.Reason) == "" {
			return nil, fmt.Errorf("%s: every entry needs a reason", where)
		}
		for _, pat := range e.URLs {
			if _, err := path.Match(pat, ""); err != nil {
				return nil, fmt.Errorf("%s: bad URL pattern %q", where, pat)
			}
		}
		if e.Expires != "" {
			t, err := time.Parse("2006-01-02", e.Expires)
			if err != nil {
				return nil, fmt.Errorf("%s: expires %q is not a date (YYYY-MM-DD)", where, e.Expires)
			}
			e.expires = t
		}
	}
	return &f, nil
}

// matches reports whether the entry suppresses finding f of a report with
// the given origin.
func (e *IgnoreEntry) matches(f Finding, origin string) bool {
	if e.Fingerprint != "" && e.Fingerprint != f.Fingerprint {
		return false
	}
	if e.Check != "" && e.Check != f.CheckID {
		return false
	}
	if len(e.URLs) == 0 {
		return true
	}
	rel := RelativeURL(origin, f.URL)
	for _, pat := range e.URLs {
		if globMatch(pat, f.URL) || globMatch(pat, rel) {
			return true
		}
	}
	return false
}

// globMatch is path.Match where a trailing "*" also matches any rest.
func globMatch(pat, s string) bool {
	if ok, _ := path.Match(pat, s); ok {
		return true
	}
	if prefix, ok := strings.CutSuffix(pat, "*"); ok && !strings.ContainsAny(prefix, "*?[") {
		return strings.HasPrefix(s, prefix)
	}
	return false
}

// ApplyIgnore moves the findings that an unexpired entry matches into
// r.Suppressed, and warns about expired entries. Scores are unchanged:
// suppression only keeps findings from failing the gate. A suppressed
// finding that judged its page (Finding.Page) no longer counts in that
// page's Failures, so that "the pages that fail most" leave it out.
func (r *Report) ApplyIgnore(f *IgnoreFile, now time.Time) {
	if f == nil {
		return
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	var active []*IgnoreEntry
	for i := range f.Ignore {
		e := &f.Ignore[i]
		if !e.expires.IsZero() && e.expires.Before(today) {
			r.Warnings = append(r.Warnings, fmt.Sprintf("ignore entry at %s:%d expired on %s and no longer applies (%s)", f.path, e.line, e.Expires, e.Reason))
			continue
		}
		active = append(active, e)
	}
	pageIndex := make(map[string]int, len(r.Pages))
	for i, p := range r.Pages {
		pageIndex[p.URL] = i
	}
	used := map[*IgnoreEntry]bool{}
	for i := range r.Checks {
		kept := r.Checks[i].Findings[:0]
		for _, fd := range r.Checks[i].Findings {
			suppressed := false
			for _, e := range active {
				if e.matches(fd, r.Origin) {
					used[e] = true
					r.Suppressed = append(r.Suppressed, SuppressedFinding{Finding: fd, Reason: e.Reason, Expires: e.Expires})
					if j, ok := pageIndex[fd.URL]; ok && fd.Page && r.Pages[j].Failures > 0 {
						r.Pages[j].Failures--
					}
					suppressed = true
					break
				}
			}
			if !suppressed {
				kept = append(kept, fd)
			}
		}
		r.Checks[i].Findings = kept
	}
	// An entry that matches nothing is stale (the problem was fixed, or
	// its pattern is wrong): say so, so that it does not hide a later one.
	// A check that did not run this time cannot have matched.
	ran := map[string]bool{}
	for _, c := range r.Checks {
		ran[c.ID] = true
	}
	for _, e := range active {
		if !used[e] && (e.Check == "" || ran[e.Check]) {
			r.Warnings = append(r.Warnings, fmt.Sprintf("ignore entry at %s:%d matches no finding: remove it if the problem is fixed, or check its pattern (%s)", f.path, e.line, e.Reason))
		}
	}
}
