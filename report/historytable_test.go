package report

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestRenderHistory checks the history and policy-history tables: one row
// per audit or version, what each column says, and no line wider than an
// 80-column terminal.
func TestRenderHistory(t *testing.T) {
	day := time.Date(2026, 11, 28, 3, 17, 0, 0, time.UTC)
	rows := []HistoryRow{
		{StartedAt: day.Add(48 * time.Hour), Score: 81.5, Grade: "B", Gate: "passed", Findings: 12, New: 1, Fixed: 3, PolicyChanged: true, Complete: true},
		{StartedAt: day.Add(24 * time.Hour), Score: 70, Grade: "C", Gate: "failed", Findings: 14, New: 2, Complete: false},
		{StartedAt: day, Error: "dial tcp: connection refused\nand more"},
	}
	var b bytes.Buffer
	if err := (TableRenderer{Width: 80}).RenderHistory(&b, "example.org", rows); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"3 audits of example.org", "2026-11-30 03:17", "81.5", "+1", "-3", "changed", "70.0*", "failed", "2026-11-28 03:17: not audited: dial tcp: connection refused and more", "* incomplete"} {
		if !strings.Contains(out, want) {
			t.Errorf("the history lacks %q:\n%s", want, out)
		}
	}
	b.Reset()
	versions := []PolicyVersionRow{
		{N: 1, FirstSeen: day, LastSeen: day, Audits: 4, Hash: "0123456789abcdef", LastUpdated: "2026-01-01"},
		{N: 2, FirstSeen: day.Add(96 * time.Hour), LastSeen: day.Add(96 * time.Hour), Audits: 1, Hash: "fedcba9876543210", Gained: []string{"children"}, Lost: []string{"double-opt-in"}},
	}
	if err := (TableRenderer{Width: 80}).RenderPolicyHistory(&b, "example.org", versions); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2 versions of the privacy policy of example.org", "01234567", "+children", "-double-opt-in", "--show N"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the policy history lacks %q:\n%s", want, b.String())
		}
	}
	for _, line := range strings.Split(out+b.String(), "\n") {
		if n := utf8.RuneCountInString(line); n > 80 {
			t.Errorf("a line of %d columns: %q", n, line)
		}
	}
}
