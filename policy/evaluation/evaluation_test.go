package evaluation

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/privaudit/privaudit/policy"
)

// Floors a little under what the analyser reaches on the corpus (see the
// report of `make eval`): a change that drops below them is a regression.
const macroFloor = 0.95

var aspectFloors = map[string]float64{
	"data-security":       0.95,
	"limited-access":      0.90,
	"purpose":             0.93,
	"opt-in":              0.92,
	"double-opt-in":       0.88,
	"third-party-sharing": 0.94,
	"user-access":         0.92,
	"cookies":             0.95,
	"enforcement":         0.90,
	"children":            0.95,
	"policy-changes":      0.92,
	"privacy-contact":     0.94,
	"data-retention":      0.92,
	"do-not-track":        0.95,
}

func corpusDir(t *testing.T) string {
	t.Helper()
	dir, err := FindCorpus(".")
	if err != nil {
		if IsNotExist(err) {
			t.Skipf("../shared/corpus/policies not found: %v", err)
		}
		t.Fatal(err)
	}
	return dir
}

func TestEvaluationFloors(t *testing.T) {
	rep, err := Evaluate(corpusDir(t))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Documents < 38 {
		t.Errorf("evaluated %d documents, want 38", rep.Documents)
	}
	for _, s := range rep.Scores {
		t.Logf("%-20s P %.2f R %.2f F1 %.2f", s.Aspect, s.Precision, s.Recall, s.F1)
		floor, ok := aspectFloors[s.Aspect]
		if !ok {
			t.Errorf("no floor for aspect %s", s.Aspect)
			continue
		}
		if s.F1 < floor {
			t.Errorf("%s: F1 %.3f below floor %.2f", s.Aspect, s.F1, floor)
		}
	}
	t.Logf("macro F1 %.3f", rep.MacroF1)
	if rep.MacroF1 < macroFloor {
		t.Errorf("macro F1 %.3f below floor %.2f", rep.MacroF1, macroFloor)
	}
	for _, m := range rep.Mistakes {
		t.Logf("%s %s %s %q", m.Kind, m.Aspect, m.Document, m.Evidence)
	}
	if len(rep.Scores) != len(policy.AspectIDs) {
		t.Errorf("%d scores, want %d", len(rep.Scores), len(policy.AspectIDs))
	}
}

func TestEvaluateErrors(t *testing.T) {
	if _, err := Evaluate(t.TempDir()); err == nil {
		t.Error("Evaluate(empty dir) returned no error")
	}
	// A label row without a document.
	dir := t.TempDir()
	for _, sub := range []string{"opp115", "mozilla"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		if err := os.WriteFile(filepath.Join(dir, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("opp115/labels-opp115.csv", "policy,cookies\n1_a,1\n")
	write("opp115/labels-extra.csv", "policy,enforcement\n1_a,0\n")
	write("mozilla/labels-mozilla.csv", "policy,cookies\n")
	if _, err := Evaluate(dir); err == nil {
		t.Error("Evaluate(missing document) returned no error")
	}
	write("opp115/1_a.html", "Cookies <br><br>|||We use cookies to remember your language settings.")
	rep, err := Evaluate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := rep.Score("cookies"); s.TP != 1 || s.F1 != 1 {
		t.Errorf("cookies score = %+v", s)
	}
	if s, _ := rep.Score("enforcement"); s.TN != 1 {
		t.Errorf("enforcement score = %+v", s)
	}
}

func TestFindCorpusMissing(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := FindCorpus(dir); !IsNotExist(err) {
		t.Errorf("FindCorpus(no corpus) error = %v, want not-exist", err)
	}
}
