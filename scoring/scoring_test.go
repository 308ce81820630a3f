package scoring

import (
	"slices"
	"testing"

	"github.com/privaudit/privaudit/checks"
	"github.com/privaudit/privaudit/evidence"
)

func outcome(id string, st checks.Status, score float64) checks.Outcome {
	return checks.Outcome{Meta: checks.Meta{ID: id}, Result: checks.Result{Status: st, Score: score}}
}

func TestScore(t *testing.T) {
	tests := []struct {
		name     string
		outcomes []checks.Outcome
		weights  map[string]float64
		want     float64
	}{
		{"all pass", []checks.Outcome{outcome("privacy-policy-link", checks.StatusPass, 1), outcome("https", checks.StatusPass, 1)}, nil, 100},
		{"weighted mean", []checks.Outcome{outcome("privacy-policy-link", checks.StatusFail, 0.5), outcome("https", checks.StatusPass, 1)}, nil, 66.7}, // (20*.5+10*1)/30
		{"not-applicable left out", []checks.Outcome{outcome("privacy-policy-link", checks.StatusPass, 1), outcome("form-security", checks.StatusNotApplicable, 0)}, nil, 100},
		{"error left out", []checks.Outcome{outcome("https", checks.StatusPass, 1), outcome("policy-coverage", checks.StatusError, 0)}, nil, 100},
		{"weight 0 shown, not scored", []checks.Outcome{outcome("https", checks.StatusPass, 1), outcome("trust-seal", checks.StatusWarn, 0)}, nil, 100},
		{"override", []checks.Outcome{outcome("privacy-policy-link", checks.StatusFail, 0), outcome("https", checks.StatusPass, 1)}, map[string]float64{"privacy-policy-link": 10}, 50},
		{"scores clamped", []checks.Outcome{outcome("https", checks.StatusPass, 1.7)}, nil, 100},
		{"nothing scored", []checks.Outcome{outcome("trust-seal", checks.StatusPass, 1)}, nil, 0},
	}
	for _, tt := range tests {
		if got := Score(tt.outcomes, tt.weights); got != tt.want {
			t.Errorf("%s: Score = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestGrade(t *testing.T) {
	for score, want := range map[float64]string{100: "A", 90: "A", 89.9: "B", 80: "B", 70: "C", 60: "D", 50: "E", 49.9: "F", 0: "F"} {
		if got := Grade(score); got != want {
			t.Errorf("Grade(%v) = %s, want %s", score, got, want)
		}
	}
}

func TestEveryCheckHasAWeight(t *testing.T) {
	// The checks static mode runs add up to 100, so that a weight reads
	// as a share of the default audit; browser mode adds its consent checks
	// on top, a law that applies its legal check (evidence.Regimes), and a
	// history store (--store) policy-change-notice.
	legal := []string{"policy-gdpr", "policy-ccpa", "policy-change-notice"}
	total := 0.0
	for _, c := range checks.All() {
		w, ok := DefaultWeights[c.Meta().ID]
		if !ok {
			t.Errorf("check %s has no weight in DefaultWeights", c.Meta().ID)
		}
		if slices.Contains(c.Meta().SupportedModes(), evidence.ModeStatic) && !slices.Contains(legal, c.Meta().ID) {
			total += w
		}
	}
	if len(DefaultWeights) != len(checks.All()) {
		t.Errorf("DefaultWeights has %d entries for %d checks", len(DefaultWeights), len(checks.All()))
	}
	if total != 100 {
		t.Errorf("the weights of the static checks add up to %v; keep them at 100 so that a weight reads as a share", total)
	}
}
